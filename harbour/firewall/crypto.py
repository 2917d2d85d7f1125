"""Sealing primitives (F5), on libsodium through PyNaCl.

- A record is encrypted with its own random data key (XSalsa20-Poly1305, SecretBox); the
  data key is sealed (X25519 sealed box) to the holding organisation's public key. Opening
  a record costs one unseal, whatever its size.
- A member's personal private key is wrapped under a key derived from her password with
  argon2id; an organisation's private key is wrapped under its recovery key and sealed to
  each member's personal public key.

Nothing here keeps a key anywhere: callers decide what is stored (only wrapped or sealed
forms) and what lives in the session (only encrypted under the browser's cookie key).
"""

import base64
import hashlib
import json
from dataclasses import dataclass

import nacl.bindings
import nacl.exceptions
import nacl.pwhash
import nacl.utils
from django.conf import settings
from nacl.public import PrivateKey, PublicKey, SealedBox
from nacl.secret import SecretBox

from harbour.firewall import noncollection

KEY_SIZE = SecretBox.KEY_SIZE
SALT_SIZE = nacl.pwhash.argon2id.SALTBYTES
# Plaintext is padded to a multiple of this, so a record's length says little about it.
PAD_BLOCK = 256


class CryptoError(Exception):
    """A wrapped or sealed value could not be opened (wrong key, or tampered)."""


@dataclass(frozen=True)
class KdfLimits:
    opslimit: int
    memlimit: int


def kdf_limits() -> KdfLimits:
    """argon2id limits for wrapping a member's personal key under her password: at least
    libsodium's interactive limits, and at least the strength of the password hasher
    (Django's Argon2PasswordHasher: `time_cost` passes over `memory_cost` KiB), so the
    wrapped key is never a cheaper target than the password hash beside it. The test suite
    uses libsodium's minimum (HARBOUR_FAST_KDF)."""
    if getattr(settings, "HARBOUR_FAST_KDF", False):
        return KdfLimits(nacl.pwhash.argon2id.OPSLIMIT_MIN, nacl.pwhash.argon2id.MEMLIMIT_MIN)
    from django.contrib.auth.hashers import Argon2PasswordHasher

    hasher = Argon2PasswordHasher
    return KdfLimits(max(nacl.pwhash.argon2id.OPSLIMIT_INTERACTIVE, hasher.time_cost),
                     max(nacl.pwhash.argon2id.MEMLIMIT_INTERACTIVE, hasher.memory_cost * 1024))


def is_weaker(stored: KdfLimits, wanted: KdfLimits) -> bool:
    """Whether a key wrapped with `stored` limits should be re-wrapped with `wanted`."""
    return stored.opslimit < wanted.opslimit or stored.memlimit < wanted.memlimit


def new_salt() -> bytes:
    return nacl.utils.random(SALT_SIZE)


def new_secret_key() -> bytes:
    return nacl.utils.random(KEY_SIZE)


def new_key_pair() -> PrivateKey:
    return PrivateKey.generate()


def derive_key(password: str, salt: bytes, limits: KdfLimits) -> bytes:
    return nacl.pwhash.argon2id.kdf(KEY_SIZE, password.encode("utf-8"), salt,
                                    opslimit=limits.opslimit, memlimit=limits.memlimit)


def wrap(key: bytes, secret: bytes) -> bytes:
    return bytes(SecretBox(key).encrypt(secret))


def unwrap(key: bytes, wrapped: bytes) -> bytes:
    try:
        return SecretBox(key).decrypt(bytes(wrapped))
    except (nacl.exceptions.CryptoError, ValueError, TypeError) as error:
        raise CryptoError("cannot unwrap") from error


def seal_to(public_key: bytes, secret: bytes) -> bytes:
    return bytes(SealedBox(PublicKey(bytes(public_key))).encrypt(secret))


def unseal(private_key: PrivateKey, sealed: bytes) -> bytes:
    try:
        return SealedBox(private_key).decrypt(bytes(sealed))
    except (nacl.exceptions.CryptoError, ValueError, TypeError) as error:
        raise CryptoError("cannot unseal") from error


def _pad(data: bytes) -> bytes:
    # A 4-byte length prefix, then zero padding up to the block.
    framed = len(data).to_bytes(4, "big") + data
    return framed + b"\0" * (-len(framed) % PAD_BLOCK)


def _unpad(data: bytes) -> bytes:
    length = int.from_bytes(data[:4], "big")
    return data[4:4 + length]


# Sealed records written since associated data was introduced start with this marker; the
# content is then XChaCha20-Poly1305 with the record's context as associated data. Older
# records (SecretBox, no marker) still open, and are re-sealed with a context when a key
# holder opens them or the organisation's key rotates (docs/firewall.md).
RECORD_V2 = b"HBv2"
_NONCE = nacl.bindings.crypto_aead_xchacha20poly1305_ietf_NPUBBYTES


def record_context(kind: str, record_id) -> bytes:
    """The associated data binding a sealed record to its place: its kind (an app label
    and model, "help.HelpRequest") and its public id. Content moved to another row, or to
    another kind of record, no longer opens."""
    return f"harbour:{kind}:{record_id}".encode()


def context_of(record) -> bytes:
    """record_context() for a model instance with a public id (assigned before it is saved)."""
    return record_context(record._meta.label, record.public_id)


def seal_record(public_key: bytes, payload: dict, *, context: bytes | None = None) -> tuple[bytes, bytes]:
    """Encrypt `payload` (a JSON-able dict) under a fresh data key; return (content, data
    key sealed to the organisation's X25519 public key). The data key is never stored in
    the clear. With `context` (record_context()), the content is bound to that record.
    Raises noncollection.NonCollectionError if a key of the payload names a forbidden datum."""
    noncollection.refuse_forbidden_keys(payload, where="a sealed record")
    data_key = new_secret_key()
    plaintext = _pad(json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode("utf-8"))
    if context is None:
        content = wrap(data_key, plaintext)
    else:
        nonce = nacl.utils.random(_NONCE)
        content = RECORD_V2 + nonce + nacl.bindings.crypto_aead_xchacha20poly1305_ietf_encrypt(
            plaintext, context, nonce, data_key)
    return content, seal_to(public_key, data_key)


def open_record(private_key: PrivateKey, content: bytes, sealed_key: bytes, *,
                context: bytes | None = None) -> dict:
    """The payload of a sealed record. Raises CryptoError if the key does not open it, if it
    was tampered with, or if it is bound to another record than `context`."""
    data_key = unseal(private_key, sealed_key)
    content = bytes(content)
    if content.startswith(RECORD_V2):
        if context is None:
            raise CryptoError("this record is bound to its place: give its context")
        nonce = content[len(RECORD_V2):len(RECORD_V2) + _NONCE]
        try:
            plaintext = nacl.bindings.crypto_aead_xchacha20poly1305_ietf_decrypt(
                content[len(RECORD_V2) + _NONCE:], context, nonce, data_key)
        except (nacl.exceptions.CryptoError, ValueError, TypeError) as error:
            raise CryptoError("cannot open: tampered, or moved from another record") from error
    else:
        plaintext = unwrap(data_key, content)
    return json.loads(_unpad(plaintext).decode("utf-8"))


def is_bound(content: bytes) -> bool:
    """Whether a sealed record carries associated data (else it predates it)."""
    return bytes(content).startswith(RECORD_V2)


def fingerprint(public_key: bytes) -> str:
    """A public key's fingerprint for people to compare out of band: BLAKE2b-160 of the key,
    as 10 groups of 4 hex digits ("1a2b 3c4d …")."""
    digest = hashlib.blake2b(bytes(public_key), digest_size=20, person=b"harbour-pubkey").hexdigest()
    return " ".join(digest[i:i + 4] for i in range(0, len(digest), 4))


def b64(data: bytes) -> str:
    return base64.b64encode(bytes(data)).decode("ascii")


def unb64(text: str) -> bytes:
    return base64.b64decode(text.encode("ascii"))


def format_recovery_key(key: bytes) -> str:
    """32 bytes as 13 groups of 4 base32 letters: easy to copy onto paper."""
    text = base64.b32encode(key).decode("ascii").rstrip("=")
    return "-".join(text[i:i + 4] for i in range(0, len(text), 4))


def parse_recovery_key(text: str) -> bytes:
    letters = "".join(ch for ch in text.upper() if ch.isalnum())
    try:
        key = base64.b32decode(letters + "=" * (-len(letters) % 8))
    except ValueError as error:
        raise CryptoError("not a recovery key") from error
    if len(key) != KEY_SIZE:
        raise CryptoError("not a recovery key")
    return key
