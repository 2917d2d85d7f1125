"""Anonymous codes (F7): shown once, in a form she can read, stored only under a keyed hash.

Help requests' status codes and training bookings' codes use this one scheme. The public
functions below are stable; their callers store two strings per code, a *bucket* (indexed,
not unique) and a *digest* (self-describing, salted):

    code = new_code(language)                 # "ámbar ..." or "١٢٣٤ ٥٦٧٨ ..."; shown once
    row.code_bucket = code_buckets(code)[0]
    row.code_digest = code_digest(code)
    ...
    row = code_find(Model.objects.all(), typed)   # None for a wrong or malformed code

Two forms, both accepted whatever the interface language (issue 8, item 7):

- **Words**, where a reviewed word list exists for her language (the BIP39 lists shipped by
  the `mnemonic` package: 2,048 words, unique within a list even without accents): nine
  words. The first is the locator (11 bits), the other eight the secret (8 x 11 = 88 bits).
- **Digit groups** everywhere else (Arabic today): eight groups of four digits, written in
  her script's digits (Arabic-Indic for Arabic). The first group is the locator, the other
  seven the secret (28 digits: 28 x log2(10) = 93.0 bits). Western, Arabic-Indic and
  Persian digits are all read (any Unicode decimal digit).

Storage: digest = HMAC-SHA256(key, salt || canonical code) with a random 16-byte salt per
code; the bucket is the locator in the clear. A check reads the few rows of one bucket and
computes one HMAC each: microseconds, not the 300 ms of an argon2id run. Why a fast hash is
enough, and the arithmetic, is in docs/threat-model.md ("Status codes"): the secret part is
random (never chosen) and holds at least 88 bits, and the per-code salt means one guess
tests one stored code, however many there are.

The key is HARBOUR_CODE_KEY (or a key derived from SECRET_KEY when unset); changing it
invalidates every code, so it is set once per deployment.
"""

import base64
import functools
import hashlib
import hmac
import os
import secrets
import unicodedata

import mnemonic
from django.conf import settings

WORDS_PER_CODE = 9
GROUPS_PER_CODE = 8
DIGITS_PER_GROUP = 4
SECRET_BITS_WORDS = 88
DIGEST_PREFIX = "hc1"
# Languages with a reviewed list of 2,048 words (BIP39, shipped in `mnemonic`).
WORD_LISTS = {"en": "english", "es": "spanish", "fr": "french", "it": "italian", "pt": "portuguese",
              "cs": "czech", "tr": "turkish"}
# Digits each script writes codes in; languages not listed use Western digits.
DIGIT_ZERO = {"ar": "\u0660", "fa": "\u06f0", "fa-af": "\u06f0", "ur": "\u06f0", "ps": "\u06f0", "ckb": "\u0660"}
SEPARATORS = "-_,.;:/\u060c\u066b\u066c\u2010\u2011\u2012\u2013\u2014\u00b7"


def normalise(code: str) -> str:
    """Fold what she typed into one spelling: Unicode NFKD without accents, case-folded,
    every Unicode decimal digit as an ASCII digit, separators (hyphens, commas, Arabic
    commas, dots) and runs of spaces as one space. Takes and returns text."""
    decomposed = unicodedata.normalize("NFKD", code or "")
    kept = []
    for ch in decomposed:
        if unicodedata.combining(ch):
            continue
        if ch.isdecimal():
            kept.append(str(unicodedata.decimal(ch)))
        elif ch in SEPARATORS:
            kept.append(" ")
        else:
            kept.append(ch)
    return " ".join("".join(kept).casefold().split())


@functools.cache
def wordlist(list_name: str) -> tuple[str, ...]:
    """The 2,048 words of a BIP39 list as written (NFC, accents kept); raises RuntimeError
    if it is not one, or if two words become one once accents and case are folded."""
    path = os.path.join(os.path.dirname(mnemonic.__file__), "wordlist", f"{list_name}.txt")
    with open(path, encoding="utf-8") as handle:
        words = tuple(unicodedata.normalize("NFC", line.strip()) for line in handle if line.strip())
    if len(words) != 2048 or len({normalise(word) for word in words}) != 2048:
        raise RuntimeError(f"word list {list_name} is not a BIP39 list of distinct words")
    return words


@functools.cache
def _word_index(list_name: str) -> dict[str, int]:
    return {normalise(word): index for index, word in enumerate(wordlist(list_name))}


def code_form(language: str) -> str:
    """"words" where her language has a reviewed list, else "digits"."""
    return "words" if language in WORD_LISTS else "digits"


def new_code(language: str) -> str:
    """A fresh code for someone whose interface language is `language` (e.g. "ar"): nine
    words from her language's list, or eight groups of four digits in her script's digits.
    Drawn with `secrets`; the caller shows it once and stores only bucket and digest."""
    if code_form(language) == "words":
        words = wordlist(WORD_LISTS[language])
        return " ".join(words[secrets.randbelow(2048)] for _ in range(WORDS_PER_CODE))
    zero = ord(DIGIT_ZERO.get(language, "0"))
    digits = "".join(chr(zero + secrets.randbelow(10)) for _ in range(GROUPS_PER_CODE * DIGITS_PER_GROUP))
    return " ".join(digits[i:i + DIGITS_PER_GROUP] for i in range(0, len(digits), DIGITS_PER_GROUP))


def _canonical_forms(code: str) -> list[tuple[str, str]]:
    """Every (bucket, canonical) reading of a typed code; usually one, none if malformed.
    A row of words may read in more than one list (English and French share words)."""
    text = normalise(code)
    compact = text.replace(" ", "")
    if compact.isdigit() and len(compact) == GROUPS_PER_CODE * DIGITS_PER_GROUP:
        return [(f"d:{compact[:DIGITS_PER_GROUP]}", f"d:{compact}")]
    words = text.split()
    if len(words) != WORDS_PER_CODE:
        return []
    readings = []
    for list_name in sorted(set(WORD_LISTS.values())):
        index = _word_index(list_name)
        if all(word in index for word in words):
            numbers = [index[word] for word in words]
            readings.append((f"w:{list_name}:{numbers[0]}", f"w:{list_name}:" + ".".join(map(str, numbers))))
    return readings


def looks_like_a_code(code: str) -> bool:
    """True if the text reads as a code of either form (not whether it exists)."""
    return bool(_canonical_forms(code))


def code_buckets(code: str) -> list[str]:
    """The locator(s) of a code: the strings to store in, or filter, the bucket column."""
    return [bucket for bucket, _canonical in _canonical_forms(code)]


def _key() -> bytes:
    configured = getattr(settings, "HARBOUR_CODE_KEY", "") or ""
    if configured:
        return configured.encode("utf-8")
    return hmac.new(settings.SECRET_KEY.encode("utf-8"), b"harbour-code-key-v1", hashlib.sha256).digest()


def _mac(salt: bytes, canonical: str) -> str:
    return hmac.new(_key(), salt + canonical.encode("utf-8"), hashlib.sha256).hexdigest()


def code_digest(code: str) -> str:
    """The stored form of a well-formed code: "hc1$<salt, base64>$<HMAC-SHA256, hex>"
    (about 90 characters). Raises ValueError for text that is not a code."""
    forms = _canonical_forms(code)
    if not forms:
        raise ValueError("not a code")
    salt = secrets.token_bytes(16)
    return f"{DIGEST_PREFIX}${base64.urlsafe_b64encode(salt).decode()}${_mac(salt, forms[0][1])}"


def code_matches(digest: str, code: str) -> bool:
    """True if `code`, in any of its readings, is the code `digest` was made from."""
    try:
        prefix, salt_text, mac = digest.split("$")
        salt = base64.urlsafe_b64decode(salt_text)
    except (ValueError, TypeError):
        return False
    if prefix != DIGEST_PREFIX:
        return False
    return any(hmac.compare_digest(_mac(salt, canonical), mac) for _bucket, canonical in _canonical_forms(code))


def code_find(queryset, code: str, *, bucket_field: str = "code_bucket", digest_field: str = "code_digest"):
    """The one object of `queryset` whose stored code is `code`, or None (wrong or
    malformed codes alike). One indexed query on the bucket, then one HMAC per row found."""
    buckets = code_buckets(code)
    if not buckets:
        return None
    for row in queryset.filter(**{f"{bucket_field}__in": buckets}):
        if code_matches(getattr(row, digest_field), code):
            return row
    return None
