"""The forms a secret can take once stored: for searching dumps, files and logs (F5, F8)."""

import base64
import urllib.parse


def _base64_cores(value: bytes, *, urlsafe: bool) -> list[bytes]:
    """The base64 characters that depend only on `value`, at each of the three alignments
    it can have inside a longer encoded string."""
    encode = base64.urlsafe_b64encode if urlsafe else base64.b64encode
    cores = []
    for shift in range(3):
        encoded = encode(b"\0" * shift + value)
        first = -(-shift // 3)  # the first 3-byte group lying wholly inside value
        last = (shift + len(value)) // 3  # one past the last whole group
        core = encoded[first * 4:last * 4]
        if len(core) >= 8:
            cores.append(core)
    return cores


def encodings_of(value: bytes) -> list[bytes]:
    """`value` raw, hex (both cases), base64 and URL-safe base64 at every alignment, and
    URL-quoted: any of them found in a blob means the value is there."""
    forms = {value, value.hex().encode(), value.hex().upper().encode(),
             urllib.parse.quote(value).encode(), urllib.parse.quote_plus(value).encode()}
    for urlsafe in (False, True):
        forms.update(_base64_cores(value, urlsafe=urlsafe))
    return sorted(form for form in forms if form)
