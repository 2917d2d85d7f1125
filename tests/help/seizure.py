"""What someone who seizes the database, the settings and the secret key can read (F5).

The probe gathers every value the server holds (every cell of every table, sessions
decoded, JSON taken apart, the settings, and on SQLite the raw database file with its
`-wal` and `-shm` files when given), finds every key-sized secret in it in every encoding
Harbour or a careless change might use (raw, base64, URL-safe base64, hex, the recovery
key's base32 groups, inside session data and JSON), applies every key derivation Harbour
uses (argon2id of a password candidate with each member's salt, SHA-256 and BLAKE2b of a
string, the secret key's derivations), and tries each result as a private key, as a
password-derived wrapping key, and as a recovery key on every sealed record.
"""

import base64
import binascii
import contextlib
import hashlib
import json
import re
from collections.abc import Iterator
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.contrib.sessions.models import Session
from django.db import connection
from nacl.public import PrivateKey

from harbour.firewall import crypto
from harbour.firewall.models import KeyGrant, MemberKey, OrganisationKey

KEY = crypto.KEY_SIZE
# Encoded tokens long enough to hold 32 bytes: base64 (44 chars), hex (64), base32 groups.
_TOKEN = re.compile(rb"[A-Za-z0-9+/_\-]{43,}={0,2}|[0-9a-fA-F]{64}|(?:[A-Z2-7]{4}-){12}[A-Z2-7]{4}")
# Strings short enough to be a password or a token someone might derive a key from.
MAX_PASSWORD_CANDIDATE = 128


def _flatten(value) -> Iterator:
    """Every leaf (and every key) of nested dicts and lists; JSON inside strings too."""
    if isinstance(value, dict):
        for key, inner in value.items():
            yield str(key)
            yield from _flatten(inner)
    elif isinstance(value, list | tuple | set):
        for inner in value:
            yield from _flatten(inner)
    elif isinstance(value, str) and value[:1] in ("{", "[") and len(value) < 1_000_000:
        yield value
        with contextlib.suppress(ValueError):
            yield from _flatten(json.loads(value))
    else:
        yield value


def stored_values() -> list:
    """Every cell of every model's table, and every session's decoded data, taken apart."""
    values = []
    for model in apps.get_models():
        for row in model._base_manager.all().values_list():
            for value in row:
                values.extend(_flatten(value))
    for session in Session.objects.all():
        with contextlib.suppress(Exception):
            values.extend(_flatten(session.get_decoded()))
    return values


def _as_bytes(value) -> bytes:
    return bytes(value) if isinstance(value, bytes | memoryview) else str(value).encode("utf-8", "replace")


def raw_files(paths=()) -> bytes:
    """On SQLite: the open database as its file holds it, or the given files (a seized
    copy's main, -wal and -shm files)."""
    chunks = [Path(p).read_bytes() for p in paths if Path(p).exists()]
    if not paths and connection.vendor == "sqlite":
        connection.ensure_connection()
        chunks.append(bytes(connection.connection.serialize()))
    return b"\n".join(chunks)


def dump_every_table() -> bytes:
    """Every row of every model, sessions decoded, as one blob of bytes; on SQLite the raw
    database file as well."""
    return b"\n".join([*(_as_bytes(v) for v in stored_values()), raw_files()])


def dump_settings() -> bytes:
    return "\n".join(f"{name}={getattr(settings, name)!r}" for name in dir(settings) if name.isupper()).encode()


def decodings(blob: bytes) -> set[bytes]:
    """Every 32-byte value an encoded token in `blob` decodes to (base64, URL-safe base64,
    hex, base32 recovery groups), and `blob` itself if it is 32 bytes."""
    found = {blob} if len(blob) == KEY else set()
    for token in _TOKEN.findall(blob):
        for decode in (base64.b64decode, base64.urlsafe_b64decode, binascii.unhexlify):
            with contextlib.suppress(ValueError, binascii.Error):
                raw = decode(token + b"=" * (-len(token) % 4)) if decode is not binascii.unhexlify else decode(token)
                # A key may sit inside a short decoded value (a key pair, a key and its nonce).
                if KEY <= len(raw) <= 4 * KEY:
                    found.update(raw[i:i + KEY] for i in range(len(raw) - KEY + 1))
        with contextlib.suppress(crypto.CryptoError, UnicodeDecodeError):
            found.add(crypto.parse_recovery_key(token.decode("ascii")))
    return found


def derived_from(text: str) -> set[bytes]:
    """The key derivations Harbour uses on strings, or that a careless change would."""
    data = text.encode("utf-8", "replace")
    return {hashlib.sha256(data).digest(), hashlib.blake2b(data, digest_size=KEY).digest(),
            hashlib.sha512(data).digest()[:KEY], data[:KEY].ljust(KEY, b"\0")}


def server_key_candidates(*, files=()) -> tuple[list[bytes], list[str]]:
    """(32-byte key candidates, password candidates) from everything the server holds."""
    keys: set[bytes] = set()
    passwords = {settings.SECRET_KEY, ""}
    keys |= derived_from(settings.SECRET_KEY)
    for value in stored_values():
        raw = _as_bytes(value)
        keys |= decodings(raw)
        if isinstance(value, str) and 0 < len(value) <= MAX_PASSWORD_CANDIDATE:
            passwords.add(value)
            keys |= derived_from(value)
    blob = raw_files(files) + dump_settings()
    keys |= decodings(blob)
    return sorted(keys), sorted(passwords)


def sealed_records() -> Iterator[tuple[bytes, bytes, bytes | None]]:
    """(content, sealed data key, context) of every sealed row of every model; the context
    is what a forger would know too (the row's kind and public id)."""
    for model in apps.get_models():
        names = {f.name for f in model._meta.concrete_fields}
        if not {"sealed_content", "sealed_key"} <= names:
            continue
        id_field = "public_id" if "public_id" in names else "pk"
        for content, sealed_key, record_id in model._base_manager.values_list("sealed_content", "sealed_key",
                                                                               id_field):
            if content and sealed_key:
                yield bytes(content), bytes(sealed_key), crypto.record_context(model._meta.label, record_id)


def _private_keys_from(candidates, passwords):
    """Private keys obtainable from the candidates and password candidates."""
    found = [PrivateKey(c) for c in candidates]
    for member_key in MemberKey.objects.all():
        limits = crypto.KdfLimits(member_key.opslimit, member_key.memlimit)
        wrapping = list(candidates) + [crypto.derive_key(p, bytes(member_key.salt), limits) for p in passwords]
        for key in wrapping:
            try:
                personal = PrivateKey(crypto.unwrap(key, member_key.wrapped_private_key))
            except crypto.CryptoError:
                continue
            found.append(personal)
            for grant in KeyGrant.objects.filter(user=member_key.user):
                with contextlib.suppress(crypto.CryptoError):
                    found.append(PrivateKey(crypto.unseal(personal, grant.sealed_private_key)))
    for org_key in OrganisationKey.objects.all():
        for key in candidates:
            with contextlib.suppress(crypto.CryptoError):
                found.append(PrivateKey(crypto.unwrap(key, org_key.recovery_wrapped_private_key)))
    return found


def attempt_to_unseal(*, extra_password: str | None = None, files=()) -> dict:
    """{"records": sealed rows, "opened": how many the server's possessions opened}."""
    candidates, passwords = server_key_candidates(files=files)
    if extra_password:
        passwords.append(extra_password)
    private_keys = _private_keys_from(candidates, passwords)
    records = list(sealed_records())
    opened = 0
    for content, sealed_key, context in records:
        for private_key in private_keys:
            try:
                crypto.open_record(private_key, content, sealed_key, context=context)
            except (crypto.CryptoError, ValueError):
                continue
            opened += 1
            break
    return {"records": len(records), "opened": opened}
