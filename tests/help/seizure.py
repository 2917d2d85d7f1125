"""What someone who seizes the database, the settings and the secret key can read."""

import contextlib
import hashlib

from django.apps import apps
from django.conf import settings
from django.contrib.sessions.models import Session
from django.db import connection
from nacl.public import PrivateKey

from harbour.firewall import crypto
from harbour.firewall.models import Consent, KeyGrant, MemberKey, OrganisationKey
from harbour.help.models import HelpNote, HelpRequest


def dump_every_table() -> bytes:
    """Every row of every model, sessions decoded, as one blob of bytes; on SQLite the raw
    database file as well."""
    chunks = []
    for model in apps.get_models():
        for row in model._base_manager.all().values_list():
            for value in row:
                chunks.append(bytes(value) if isinstance(value, bytes | memoryview) else str(value).encode())
    for session in Session.objects.all():
        chunks.append(repr(session.get_decoded()).encode())
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        chunks.append(bytes(connection.connection.serialize()))
    return b"\n".join(chunks)


def dump_settings() -> bytes:
    return "\n".join(f"{name}={getattr(settings, name)!r}" for name in dir(settings) if name.isupper()).encode()


def server_key_candidates() -> list[bytes]:
    """Every 32-byte value the server could try as a key: derived from the secret key and
    settings, and every 32-byte value stored in any column."""
    secret = settings.SECRET_KEY.encode()
    candidates = [hashlib.sha256(secret).digest(), hashlib.blake2b(secret, digest_size=32).digest(),
                  secret[:32].ljust(32, b"\0")]
    for model in apps.get_models():
        for row in model._base_manager.all().values_list():
            for value in row:
                raw = bytes(value) if isinstance(value, bytes | memoryview) else str(value).encode()
                if len(raw) == 32:
                    candidates.append(raw)
    return candidates


def sealed_records():
    for model in (HelpRequest, HelpNote, Consent):
        for content, sealed_key in model.objects.exclude(sealed_key=b"").values_list("sealed_content", "sealed_key"):
            yield bytes(content), bytes(sealed_key)


def _private_keys_from(candidates, extra_password):
    """Private keys obtainable from the candidates (and a password, if one is given)."""
    found = []
    passwords = [settings.SECRET_KEY, "", *([extra_password] if extra_password else [])]
    for member_key in MemberKey.objects.all():
        limits = crypto.KdfLimits(member_key.opslimit, member_key.memlimit)
        keys_to_try = candidates + [crypto.derive_key(p, bytes(member_key.salt), limits) for p in passwords]
        for key in keys_to_try:
            try:
                personal = PrivateKey(crypto.unwrap(key, member_key.wrapped_private_key))
            except crypto.CryptoError:
                continue
            for grant in KeyGrant.objects.filter(user=member_key.user):
                with contextlib.suppress(crypto.CryptoError):
                    found.append(PrivateKey(crypto.unseal(personal, grant.sealed_private_key)))
    for org_key in OrganisationKey.objects.all():
        for key in candidates:
            with contextlib.suppress(crypto.CryptoError):
                found.append(PrivateKey(crypto.unwrap(key, org_key.recovery_wrapped_private_key)))
    return found


def attempt_to_unseal(*, extra_password: str | None = None) -> dict:
    candidates = server_key_candidates()
    private_keys = _private_keys_from(candidates, extra_password) + [PrivateKey(c) for c in candidates]
    records = list(sealed_records())
    opened = 0
    for content, sealed_key in records:
        for private_key in private_keys:
            try:
                crypto.open_record(private_key, content, sealed_key)
            except crypto.CryptoError:
                continue
            opened += 1
            break
    return {"records": len(records), "opened": opened}
