"""Status codes for help requests (F7).

New codes follow the shared scheme in harbour/firewall/codes.py (nine words or eight digit
groups, bucket plus salted keyed digest): `new_code`, `normalise`, `looks_like_a_code`,
`code_buckets`, `code_digest`, `code_matches` and `code_find` are re-exported here for
help's callers.

Codes given before that scheme (six BIP39 words, 66 bits) were stored as an argon2id hash
plus an argon2id locator under a fixed salt. They keep working ("dual verification") until
their request is erased: `legacy_find` checks one, on the bounded pool for CPU-heavy work
(firewall/throttle.py) so that a run of them cannot starve page views, and only while any
such request remains.
"""

import functools
import secrets

from argon2 import PasswordHasher, Type
from argon2.exceptions import InvalidHashError, VerificationError
from argon2.low_level import hash_secret_raw
from django.conf import settings

from harbour.firewall.codes import (  # noqa: F401  (re-exported: help's stable names)
    code_buckets,
    code_digest,
    code_find,
    code_form,
    code_matches,
    looks_like_a_code,
    new_code,
    normalise,
)
from harbour.firewall.throttle import heavy_work

LEGACY_WORDS = 6
LEGACY_LOCATOR_SALT = b"harbour-status-code-locator-v1"


def looks_like_a_legacy_code(code: str) -> bool:
    return len(normalise(code).split()) == LEGACY_WORDS and not normalise(code).replace(" ", "").isdigit()


def looks_like_any_code(code: str) -> bool:
    """True for a code of the current scheme or of the old six-word one."""
    return looks_like_a_code(code) or looks_like_a_legacy_code(code)


def _params() -> dict:
    if getattr(settings, "HARBOUR_FAST_KDF", False):
        return {"time_cost": 1, "memory_cost": 8, "parallelism": 1}
    # RFC 9106's second recommended option (argon2-cffi's default profile).
    return {"time_cost": 3, "memory_cost": 65536, "parallelism": 4}


def _hasher() -> PasswordHasher:
    return PasswordHasher(type=Type.ID, **_params())


def legacy_hash(code: str) -> str:
    """The old scheme's stored hash (kept for tests that make legacy rows)."""
    return _hasher().hash(normalise(code))


def legacy_locator(code: str) -> str:
    raw = hash_secret_raw(normalise(code).encode("utf-8"), LEGACY_LOCATOR_SALT, hash_len=16, type=Type.ID,
                          **_params())
    return raw.hex()


def _verify(code_hash: str, code: str) -> bool:
    try:
        return _hasher().verify(code_hash, normalise(code))
    except (VerificationError, InvalidHashError):
        return False


@functools.cache
def _dummy_hash(params_key: tuple) -> str:
    return _hasher().hash(secrets.token_hex(16))


def legacy_find(queryset, code: str):
    """The row of `queryset` holding this old-scheme code, or None. Costs two argon2id runs
    whether or not it matches (wrong codes take as long as right ones), run on the bounded
    pool for heavy work."""
    with heavy_work():
        row = queryset.filter(code_locator=legacy_locator(code)).first()
        if row is None:
            _verify(_dummy_hash(tuple(sorted(_params().items()))), code)
            return None
        return row if _verify(row.code_hash, code) else None
