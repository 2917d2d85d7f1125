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
import json
from dataclasses import dataclass

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


def seal_record(public_key: bytes, payload: dict) -> tuple[bytes, bytes]:
    """Encrypt `payload` under a fresh data key; return (content, data key sealed to the
    organisation). The data key is never stored in the clear."""
    noncollection.refuse_forbidden_keys(payload, where="a sealed record")
    data_key = new_secret_key()
    plaintext = _pad(json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode("utf-8"))
    return wrap(data_key, plaintext), seal_to(public_key, data_key)


def open_record(private_key: PrivateKey, content: bytes, sealed_key: bytes) -> dict:
    data_key = unseal(private_key, sealed_key)
    return json.loads(_unpad(unwrap(data_key, content)).decode("utf-8"))


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
