"""Anonymous status codes (F7): words drawn with `secrets`, kept only as argon2id output.

A code is six words from a 2,048-word BIP39 list (66 bits), in her language where a list
exists (mnemonic package: English, Spanish, French, ...), else English. Input is
normalised: case, accents, hyphens and extra spaces do not matter.

Two things are stored per request, both argon2id:
- `code_hash`: an encoded argon2id hash with its own random salt (the check);
- `code_locator`: raw argon2id output under a fixed, public salt, used to find the row.
Confirming a guessed code against a seized database therefore costs one argon2id run
per guess, exactly as the hash would: the locator is no shortcut.
"""

import functools
import os
import secrets
import unicodedata

import mnemonic
from argon2 import PasswordHasher, Type
from argon2.exceptions import InvalidHashError, VerificationError
from argon2.low_level import hash_secret_raw
from django.conf import settings

WORDS_PER_CODE = 6
LIST_FILES = {"en": "english", "es": "spanish", "fr": "french", "it": "italian", "pt": "portuguese",
              "cs": "czech", "tr": "turkish"}
LOCATOR_SALT = b"harbour-status-code-locator-v1"


def normalise(code: str) -> str:
    decomposed = unicodedata.normalize("NFKD", code or "")
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()
    return " ".join(plain.replace("-", " ").replace(",", " ").replace(".", " ").split())


@functools.cache
def wordlist(language: str) -> tuple[str, ...]:
    name = LIST_FILES.get(language, "english")
    path = os.path.join(os.path.dirname(mnemonic.__file__), "wordlist", f"{name}.txt")
    with open(path, encoding="utf-8") as handle:
        words = tuple(line.strip() for line in handle if line.strip())
    if len(words) != 2048:
        raise RuntimeError(f"word list {name} is not a BIP39 list")
    return words


def list_language(language: str) -> str:
    return language if language in LIST_FILES else "en"


def generate(language: str) -> str:
    words = wordlist(list_language(language))
    return " ".join(secrets.choice(words) for _ in range(WORDS_PER_CODE))


def looks_like_a_code(code: str) -> bool:
    return len(normalise(code).split()) == WORDS_PER_CODE


def _params() -> dict:
    if getattr(settings, "HARBOUR_FAST_KDF", False):
        return {"time_cost": 1, "memory_cost": 8, "parallelism": 1}
    # RFC 9106's second recommended option (argon2-cffi's default profile).
    return {"time_cost": 3, "memory_cost": 65536, "parallelism": 4}


def _hasher() -> PasswordHasher:
    return PasswordHasher(type=Type.ID, **_params())


def hash_code(code: str) -> str:
    return _hasher().hash(normalise(code))


def locator(code: str) -> str:
    raw = hash_secret_raw(normalise(code).encode("utf-8"), LOCATOR_SALT, hash_len=16, type=Type.ID, **_params())
    return raw.hex()


def verify(code_hash: str, code: str) -> bool:
    try:
        return _hasher().verify(code_hash, normalise(code))
    except (VerificationError, InvalidHashError):
        return False


@functools.cache
def _dummy_hash(params_key: tuple) -> str:
    return _hasher().hash(secrets.token_hex(16))


def verify_nothing(code: str) -> None:
    """Spend the time a real check would, when no row matched: wrong codes all take as long."""
    verify(_dummy_hash(tuple(sorted(_params().items()))), code)
