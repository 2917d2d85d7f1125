"""Booking codes, made and kept exactly as help requests' status codes are (F7).

The one place the training app touches codes: everything but the questionnaire token is
harbour/firewall/codes.py, the scheme help requests use (88 or more secret bits, words in
her language where a reviewed list exists, else digit groups in her script; stored as an
indexed bucket and a salted keyed digest). Booking rows keep the same two columns,
`code_bucket` and `code_digest`.

`survey_token` is ours: the key that links her before and after questionnaires. It is
derived from the code (so she needs nothing else to remember), under its own domain, and
is never stored beside a booking: only someone holding the code can tie her answers to
her booking.
"""

import hashlib

from harbour.firewall import codes as shared

SURVEY_PERSON = b"hb-survey-v1"

new_code = shared.new_code
normalise = shared.normalise
looks_like_a_code = shared.looks_like_a_code
code_buckets = shared.code_buckets
code_digest = shared.code_digest
code_find = shared.code_find


def survey_token(code: str) -> str:
    """The questionnaire token for a booking code: 32 hex characters (BLAKE2b, own domain).
    Every written form of one code (accents, digits of another script) gives one token."""
    return hashlib.blake2b(normalise(code).encode("utf-8"), digest_size=16, person=SURVEY_PERSON).hexdigest()
