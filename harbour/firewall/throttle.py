"""Flood and guessing limits that count requests, never who sent them (F8)."""

import time

from django.db import IntegrityError, transaction
from django.db.models import F

from harbour.firewall.models import ThrottleWindow


def throttle_allow(*, scope: str, limit: int, window_seconds: int) -> bool:
    """Count one request in `scope`'s current window; False once over `limit`."""
    window = int(time.time()) // window_seconds
    with transaction.atomic():
        updated = ThrottleWindow.objects.filter(scope=scope, window=window).update(count=F("count") + 1)
        if not updated:
            try:
                with transaction.atomic():
                    ThrottleWindow.objects.create(scope=scope, window=window, count=1)
            except IntegrityError:
                ThrottleWindow.objects.filter(scope=scope, window=window).update(count=F("count") + 1)
            # Old windows are worthless: drop them as we go.
            ThrottleWindow.objects.filter(scope=scope, window__lt=window).delete()
        count = ThrottleWindow.objects.filter(scope=scope, window=window).values_list("count", flat=True).first()
    return (count or 0) <= limit
