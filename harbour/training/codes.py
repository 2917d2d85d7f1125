"""Booking codes, made and kept as the help app's status codes are (F7).

The one place the training app touches code generation and hashing, so that a new
status-code scheme is adopted here and nowhere else. Today every function delegates to
harbour/help/codes.py: `generate`, `normalise`, `looks_like_a_code`, `hash_code`,
`locator`, `verify`, `verify_nothing` (six BIP39 words in her language, argon2id hash plus
an argon2id locator).

`survey_token` is ours: the key that links her before and after questionnaires. It is
derived from the code (so she needs nothing else to remember), under its own domain, and
is never stored beside a booking: only someone holding the code can tie her answers to
her booking.
"""

import hashlib

from harbour.help import codes as status_codes

SURVEY_PERSON = b"hb-survey-v1"


def generate(language: str) -> str:
    """A new booking code (str of words separated by single spaces), in `language` if a
    word list exists for it, else English."""
    return status_codes.generate(language)


def normalise(code: str) -> str:
    return status_codes.normalise(code)


def looks_like_a_code(code: str) -> bool:
    """True when `code` has the shape of a booking code (six words), whatever its words."""
    return status_codes.looks_like_a_code(code)


def hash_code(code: str) -> str:
    """The salted argon2id check kept on the booking (an encoded hash, str)."""
    return status_codes.hash_code(code)


def locator(code: str) -> str:
    """The unsalted argon2id output (hex str) that finds the booking."""
    return status_codes.locator(code)


def verify(code_hash: str, code: str) -> bool:
    return status_codes.verify(code_hash, code)


def verify_nothing(code: str) -> None:
    """Spend a real check's time when no booking matched, so wrong codes all look alike."""
    status_codes.verify_nothing(code)


def survey_token(code: str) -> str:
    """The questionnaire token for a booking code: 32 hex characters (BLAKE2b, own domain)."""
    return hashlib.blake2b(normalise(code).encode("utf-8"), digest_size=16, person=SURVEY_PERSON).hexdigest()
