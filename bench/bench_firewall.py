"""Firewall and help figures: sealing cost, an inbox page of 50, status-code checks,
audit_verify over 100,000 entries. Production settings (real argon2id parameters)."""

import json
import statistics
import time
import uuid

from django.core.management import call_command
from django.db import connection, transaction
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

PAYLOAD = {"name": "Bench Person", "message": "A message of ordinary length. " * 12,
           "contact": {"value": "07700 900000", "safe_times": "weekday mornings", "message_ok": False}}


def _per_call(fn, repeat: int) -> float:
    start = time.perf_counter()
    for _ in range(repeat):
        fn()
    return (time.perf_counter() - start) / repeat


def bench_sealing():
    from harbour.firewall import crypto

    key = crypto.new_key_pair()
    public = bytes(key.public_key)
    sealed = crypto.seal_record(public, PAYLOAD)
    seal = _per_call(lambda: crypto.seal_record(public, PAYLOAD), 2000)
    unseal = _per_call(lambda: crypto.open_record(key, *sealed), 2000)
    print(f"seal one record (data key + SecretBox + SealedBox): {seal * 1e6:.0f} µs")
    print(f"unseal one record (SealedBox + SecretBox):          {unseal * 1e6:.0f} µs")
    limits = crypto.kdf_limits()
    salt = crypto.new_salt()
    kdf = _per_call(lambda: crypto.derive_key("a long staff passphrase", salt, limits), 5)
    print(f"argon2id personal-key derivation at login (interactive limits): {kdf * 1000:.0f} ms")


def _staff_with_keys():
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from harbour.accounts import services as account_services
    from harbour.accounts.models import Membership
    from harbour.firewall import keys

    suffix = uuid.uuid4().hex[:8]
    organisation = account_services.organisation_create(acting_user=None, name=f"Bench org {suffix}",
                                                        country="GB", accepts_help_requests=True)
    user = account_services.User.objects.create_user(f"bench-{suffix}@example.org", "bench passphrase 123")
    account_services.membership_add(acting_user=None, organisation=organisation, user=user,
                                    role=Membership.Role.ADMIN)
    device = TOTPDevice.objects.create(user=user, name="bench", confirmed=True)
    keys.member_key_unlock(user=user, password="bench passphrase 123")  # noqa: S106
    private_key, _recovery = keys.organisation_key_create(acting_user=user, organisation=organisation)
    return organisation, user, device, private_key


def bench_requests_and_inbox():
    from django_otp import DEVICE_ID_SESSION_KEY

    from harbour.firewall import crypto
    from harbour.firewall.keyring import COOKIE_NAME, SESSION_KEY
    from harbour.help import services

    organisation, user, device, private_key = _staff_with_keys()
    codes_made = []
    start = time.perf_counter()
    for number in range(50):
        _request, code = services.help_request_create(organisation=organisation, needs=["safety", "legal"],
                                                      name=f"Person {number}", message=PAYLOAD["message"],
                                                      contact_channel="text", contact_value="07700 900000",
                                                      language="en")
        codes_made.append(code)
    create = (time.perf_counter() - start) / 50
    print(f"help request created (seal + argon2id hash + argon2id locator): {create * 1000:.0f} ms each")

    lookups = [_per_call(lambda c=c: services.help_request_for_code(c), 1) for c in codes_made[:10]]
    wrong = [_per_call(lambda: services.help_request_for_code("zoo zoo zoo zoo zoo zoo"), 1) for _ in range(10)]
    print(f"status check, right code: median {statistics.median(lookups) * 1000:.0f} ms; "
          f"wrong code: median {statistics.median(wrong) * 1000:.0f} ms")

    with override_settings(ALLOWED_HOSTS=["testserver"]):
        client = Client()
        client.force_login(user, backend="harbour.accounts.backends.LockoutAwareBackend")
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        cookie_key = crypto.new_secret_key()
        ring = json.dumps({str(organisation.public_id): crypto.b64(bytes(private_key))}).encode()
        session[SESSION_KEY] = crypto.b64(crypto.wrap(cookie_key, ring))
        session.save()
        client.cookies[COOKIE_NAME] = crypto.b64(cookie_key)
        url = f"/staff/help/inbox/{organisation.public_id}/"
        times, queries = [], 0
        for _ in range(20):
            with CaptureQueriesContext(connection) as captured:
                start = time.perf_counter()
                response = client.get(url, secure=True)
                times.append(time.perf_counter() - start)
            if response.status_code != 200 or b"Person 49" not in response.content:
                raise RuntimeError(f"inbox page did not render ({response.status_code})")
            queries = len(captured)
    print(f"inbox page of 50 requests (50 unseals, full middleware): median {statistics.median(times) * 1000:.1f} ms, "
          f"p95 {sorted(times)[18] * 1000:.1f} ms, {queries} queries")


def bench_audit_verify(total: int = 100_000):
    from harbour.core.audit import _digest, audit_verify
    from harbour.core.models import AuditChainHead, AuditEntry

    with transaction.atomic():
        head, _ = AuditChainHead.objects.select_for_update().get_or_create(singleton=1)
        seq, prev = head.last_seq, head.last_hash
        batch = []
        at = timezone.now()
        for _ in range(total):
            seq += 1
            fields = {"seq": seq, "at": at, "action": "bench.entry", "actor": str(uuid.uuid4()),
                      "organisation": "", "subject": str(uuid.uuid4()), "detail": {"categories": ["identity"]},
                      "prev_hash": prev}
            prev = _digest(**fields)
            batch.append(AuditEntry(**fields, entry_hash=prev))
            if len(batch) == 5000:
                AuditEntry.objects.bulk_create(batch)
                batch = []
        AuditEntry.objects.bulk_create(batch)
        head.last_seq, head.last_hash = seq, prev
        head.save()
    start = time.perf_counter()
    report = audit_verify()
    elapsed = time.perf_counter() - start
    print(f"audit_verify over {report.entries} entries: {elapsed:.2f} s (ok={report.ok})")


def main():
    from django.conf import settings

    settings.VAR_DIR.mkdir(exist_ok=True)  # the SQLite bench database lives there
    call_command("migrate", verbosity=0)
    print(f"database: {connection.vendor}")
    bench_sealing()
    bench_requests_and_inbox()
    bench_audit_verify()
