"""Flood limits that count requests, never who sent them (F8), and that never lock anyone out.

Three tools, none of which stores anything about a sender:

- `throttle_count` / `throttle_allow`: a counter per purpose and time window.
- A *costly path* for busy times (issue 11, item 1). Once a purpose's counter passes its
  threshold, a request must carry either an ALTCHA proof of work (the `altcha` library,
  self-hosted: a SHA-256 search the browser runs in a second or so) or a *wait ticket*
  (signed, no earlier than a few seconds after it was issued) for clients without
  JavaScript. Each proof and ticket is accepted once. A flood therefore costs the flooder
  work or time per request, and a woman is never refused: her form comes back filled in,
  with the proof or ticket it needs.
- `heavy_work()`: a bounded pool for CPU-heavy work (argon2id), so that a run of slow hashes
  waits for a slot instead of occupying every worker thread while page views queue.
"""

import base64
import contextlib
import datetime
import hashlib
import json
import secrets
import threading
import time

from altcha import v1 as altcha_v1
from django.conf import settings
from django.core import signing
from django.db import IntegrityError, transaction
from django.db.models import F

from harbour.firewall.models import ThrottleWindow

USED_PREFIX = "used:"
TICKET_SALT = "harbour.throttle.wait-ticket"


def throttle_count(*, scope: str, window_seconds: int) -> int:
    """Count one request in `scope`'s current window (`window_seconds` long); return how
    many the window now holds, this one included."""
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
    return count or 0


def throttle_allow(*, scope: str, limit: int, window_seconds: int) -> bool:
    """Count one request in `scope`'s current window; False once over `limit`."""
    return throttle_count(scope=scope, window_seconds=window_seconds) <= limit


def throttle_busy(*, scope: str, threshold: int, window_seconds: int) -> bool:
    """True if `scope`'s current window already holds `threshold` or more requests (no
    count is added: call `throttle_count` when a request is accepted)."""
    window = int(time.time()) // window_seconds
    count = ThrottleWindow.objects.filter(scope=scope, window=window).values_list("count", flat=True).first()
    return (count or 0) >= threshold


def _key() -> bytes:
    return hashlib.sha256(b"harbour-throttle-v1" + settings.SECRET_KEY.encode("utf-8")).digest()


def proof_challenge(*, scope: str) -> dict:
    """A fresh ALTCHA (v1, SHA-256) challenge for `scope`, as the dict the browser solves:
    {"algorithm", "challenge", "maxNumber", "salt", "signature"}. Valid for
    HARBOUR_PROOF_SECONDS; the work is about maxNumber/2 SHA-256 runs on average."""
    expires = datetime.datetime.now(tz=datetime.UTC) + datetime.timedelta(seconds=settings.HARBOUR_PROOF_SECONDS)
    challenge = altcha_v1.create_challenge(
        hmac_key=_key(), max_number=settings.HARBOUR_PROOF_MAX_NUMBER, expires=expires, params={"scope": scope},
    )
    return challenge.to_dict()


def _use_once(token: str, *, until: int) -> bool:
    """Record a proof or ticket as spent (its hash, never who sent it); False if it was."""
    digest = hashlib.sha256(token.encode("utf-8")).hexdigest()[:64]
    ThrottleWindow.objects.filter(scope__startswith=USED_PREFIX, window__lt=int(time.time())).delete()
    try:
        with transaction.atomic():
            ThrottleWindow.objects.create(scope=USED_PREFIX + digest, window=until, count=1)
    except IntegrityError:
        return False
    return True


def proof_accept(*, scope: str, payload: str) -> bool:
    """True for a solved, unexpired, unspent ALTCHA payload (base64 JSON, as the widget
    and our script send it) issued for `scope`; spends it."""
    if not payload or len(payload) > 2000:
        return False
    ok, _error = altcha_v1.verify_solution(payload, _key(), check_expires=True)
    if not ok:
        return False
    try:
        data = json.loads(base64.b64decode(payload).decode())
        params = altcha_v1.extract_params(data)
    except (ValueError, TypeError):
        return False
    if params.get("scope") != [scope]:
        return False
    expires = int((params.get("expires") or ["0"])[0])
    return _use_once(payload, until=expires)


def wait_ticket(*, scope: str) -> str:
    """A ticket for clients without JavaScript: usable HARBOUR_BUSY_WAIT_SECONDS after now,
    for HARBOUR_PROOF_SECONDS. Signed; holds the scope and a random nonce, nothing else."""
    return signing.dumps({"s": scope, "t": int(time.time()), "n": base64.b32encode(secrets.token_bytes(10)).decode()},
                         salt=TICKET_SALT, compress=False)


def ticket_accept(*, scope: str, ticket: str) -> bool:
    """True for an unspent ticket for `scope` that has waited its time and not expired."""
    if not ticket or len(ticket) > 300:
        return False
    try:
        data = signing.loads(ticket, salt=TICKET_SALT)
    except signing.BadSignature:
        return False
    if not isinstance(data, dict) or data.get("s") != scope or not isinstance(data.get("t"), int):
        return False
    age = time.time() - data["t"]
    if not settings.HARBOUR_BUSY_WAIT_SECONDS <= age <= settings.HARBOUR_PROOF_SECONDS:
        return False
    return _use_once(ticket, until=data["t"] + settings.HARBOUR_PROOF_SECONDS)


_heavy_slots: threading.BoundedSemaphore | None = None
_heavy_lock = threading.Lock()


def _slots() -> threading.BoundedSemaphore:
    global _heavy_slots
    with _heavy_lock:
        if _heavy_slots is None:
            _heavy_slots = threading.BoundedSemaphore(settings.HARBOUR_HEAVY_CONCURRENCY)
        return _heavy_slots


@contextlib.contextmanager
def heavy_work():
    """Run the block once one of HARBOUR_HEAVY_CONCURRENCY slots (per process) is free."""
    slots = _slots()
    slots.acquire()
    try:
        yield
    finally:
        slots.release()
