"""Referral figures (issue 15): the received-referrals page with 5,000 referrals (50 a
page; time and queries), and `referrals_overdue` over 100,000 referrals. Production
settings; SQLite or PostgreSQL by DATABASE_URL."""

import datetime
import time
import uuid

from django.core.management import call_command
from django.db import connection
from django.test import override_settings
from django.utils import timezone


def _world(received: int):
    from bench.bench_cases import _client_for
    from bench.bench_firewall import _staff_with_keys
    from harbour.accounts import services as account_services
    from harbour.firewall.models import Recipient
    from harbour.referrals.models import Partnership, Referral

    organisation, user, device, private_key = _staff_with_keys()
    referrer = account_services.organisation_create(acting_user=None, name=f"Bench referrer {uuid.uuid4().hex[:8]}",
                                                    country="GB")
    recipient = Recipient.objects.create(registered_by=referrer, name="Bench receiver", category="specialist_support",
                                         organisation=organisation)
    partnership = Partnership.objects.create(referring_organisation=referrer, receiving_organisation=organisation,
                                             receiving_contact=user)
    now = timezone.now()
    statuses = ["sent", "received", "accepted", "in_progress", "waiting_list", "completed", "declined"]
    run = uuid.uuid4().hex[:4].upper()
    rows = [Referral(reference=f"B{run}{n:06d}", referring_organisation=referrer,
                     receiving_organisation=organisation, receiving_recipient=recipient, partnership=partnership,
                     source="intake", needs=["safety", "housing"], status=statuses[n % len(statuses)],
                     decline_reason="no_capacity" if statuses[n % len(statuses)] == "declined" else "",
                     subject_ref=uuid.uuid4(), sent_at=now - datetime.timedelta(hours=n),
                     ack_due_at=now - datetime.timedelta(hours=n) + datetime.timedelta(hours=48),
                     first_contact_due_at=now - datetime.timedelta(hours=n) + datetime.timedelta(hours=120))
            for n in range(received)]
    Referral.objects.bulk_create(rows, batch_size=2000)
    return organisation, user, device, private_key, partnership, referrer, recipient, _client_for, run


def bench_received_list():
    from bench.bench_cases import _page

    organisation, user, device, private_key, *_rest, client_for, run = _world(5000)
    with override_settings(ALLOWED_HOSTS=["testserver"]):
        client = client_for(user, device, organisation, private_key)
        p50, p95, queries = _page(client, "/staff/referrals/received/", must=f"B{run}".encode())
        print(f"received referrals, 5,000 received, 50 shown: median {p50:.1f} ms, p95 {p95:.1f} ms, "
              f"{queries} queries")
        p50, p95, queries = _page(client, "/staff/referrals/received/?page=60", must=f"B{run}".encode())
        print(f"received referrals, page 60 of 100: median {p50:.1f} ms, p95 {p95:.1f} ms, {queries} queries")


def bench_overdue_command():
    from harbour.referrals.models import OverdueReminder, Referral

    _organisation, _user, _device, _key, partnership, referrer, recipient, _client_for, run = _world(0)
    past = timezone.now() - datetime.timedelta(days=10)
    total, overdue_every = 100_000, 10
    rows = [Referral(reference=f"O{run}{n:06d}", referring_organisation=referrer,
                     receiving_organisation=partnership.receiving_organisation, receiving_recipient=recipient,
                     partnership=partnership, source="intake", needs=["safety"],
                     status="sent" if n % overdue_every == 0 else "completed", subject_ref=uuid.uuid4(),
                     sent_at=past, ack_due_at=past + datetime.timedelta(days=2),
                     first_contact_due_at=past + datetime.timedelta(days=5))
            for n in range(total)]
    start = time.perf_counter()
    Referral.objects.bulk_create(rows, batch_size=5000)
    print(f"made {total:,} referrals in {time.perf_counter() - start:.1f} s")
    with override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"):
        start = time.perf_counter()
        call_command("referrals_overdue", stdout=_Quiet())
        first = time.perf_counter() - start
        start = time.perf_counter()
        call_command("referrals_overdue", stdout=_Quiet())
        second = time.perf_counter() - start
    sent = OverdueReminder.objects.filter(referral__partnership=partnership).count()
    print(f"referrals_overdue over {total:,} referrals ({sent:,} overdue, one named contact each): "
          f"first run {first:.1f} s, second run (nothing new) {second:.2f} s")


class _Quiet:
    def write(self, *_args, **_kwargs):
        pass


def main():
    from django.conf import settings

    settings.VAR_DIR.mkdir(exist_ok=True)
    call_command("migrate", verbosity=0)
    print(f"database: {connection.vendor}")
    bench_received_list()
    bench_overdue_command()
