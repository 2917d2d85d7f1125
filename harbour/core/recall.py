"""A public form's answers carried in the address for Back, Reload and "Back to your results",
sealed under a key that only her browser holds; the server keeps nothing.

A search is sent by POST, so that nothing she types is in an address (DESIGN.md F8). A page
answering a POST cannot be shown again by Back or Reload without sending the form again: with
JavaScript off, Chromium shows ERR_CACHE_MISS on Back from a service page, and a reload of a
page that JavaScript put in place shows an empty form. So the view seals what was posted
(remember), answers 303 See Other to its own address with the sealed text as `?r=`, and shows
the answer to that GET (recall): the POST/Redirect/GET pattern.

The key is 32 random bytes in an HttpOnly cookie (settings.RECALL_COOKIE_NAME) that lasts
until the browser closes; the cipher is XSalsa20-Poly1305 (harbour.firewall.crypto.wrap), its
plaintext padded to a multiple of PAD_BYTES so that its length says little about her words.
Neither the database nor the logs hold anything of it (the seizure test, F5/F8). An address in
her history opens nothing once the cookie is gone (Quick exit deletes it, web.views.quick_exit;
so does closing the browser) or once RECALL_SECONDS have passed since the search.
"""

import base64
import json
import secrets
import time
from dataclasses import dataclass
from urllib.parse import urlencode

from django.conf import settings
from django.http import HttpResponseRedirect, QueryDict
from django.urls import reverse

from harbour.firewall import crypto

KEY_BYTES = 32
# A search is shown again from its address for this long after it was made (seconds).
RECALL_SECONDS = 60 * 60
# The sealed text grows in steps of this many bytes (before base64), whatever was typed.
PAD_BYTES = 64
# Beyond this much posted text (JSON bytes) the form is answered in place, not carried.
MAX_BYTES = 3072
# Never kept: a CSRF token has no business in an address, even sealed.
NOT_KEPT = frozenset({"csrfmiddlewaretoken"})


def _cookie_key(request) -> bytes | None:
    """The key in her recall cookie, or None when there is none or it is malformed."""
    value = request.COOKIES.get(settings.RECALL_COOKIE_NAME, "")
    try:
        key = base64.urlsafe_b64decode(value + "=" * (-len(value) % 4)) if value.isascii() else b""
    except ValueError:
        return None
    return key if len(key) == KEY_BYTES else None


def ensure_key(request, response):
    """`response`, giving her browser a recall key if it has none (call it on the page that
    shows the form, so that the POST from it comes back with the key). Raises nothing."""
    if _cookie_key(request) is None:
        key = secrets.token_bytes(KEY_BYTES)
        response.set_cookie(settings.RECALL_COOKIE_NAME, base64.urlsafe_b64encode(key).decode("ascii").rstrip("="),
                            httponly=True, samesite="Lax", secure=settings.SESSION_COOKIE_SECURE)
    return response


def query(token: str) -> str:
    """The query string that carries `token` in an address: "r=<token>"."""
    return urlencode({"r": token})


def remember(request, kind: str, data: QueryDict, fields=None) -> str | None:
    """Seal the values `data` holds for the names in `fields` (an iterable of str; None: every
    name but NOT_KEPT), for the form `kind` (a short name, e.g. "directory-search"), under her
    cookie's key. Returns the text to put in the address as `r`: base64url without padding,
    139 characters for up to 64 bytes of JSON and 85 more for each further PAD_BYTES. None
    when she has no key (a browser that keeps no cookies) or the form holds more than
    MAX_BYTES: the caller then answers in place. Raises nothing."""
    key = _cookie_key(request)
    if key is None:
        return None
    wanted = None if fields is None else set(fields)
    kept = {name: values for name, values in data.lists()
            if (name in wanted if wanted is not None else name not in NOT_KEPT)}
    plain = json.dumps({"k": kind, "t": int(time.time()), "f": kept}, ensure_ascii=False,
                       separators=(",", ":")).encode("utf-8")
    if len(plain) > MAX_BYTES:
        return None
    plain += b" " * (-len(plain) % PAD_BYTES)  # JSON ignores trailing spaces
    return base64.urlsafe_b64encode(crypto.wrap(key, plain)).decode("ascii").rstrip("=")


def recall(request, kind: str, token: str, *, now: float | None = None) -> QueryDict | None:
    """The fields remember() sealed for `kind` in `token`, as an immutable QueryDict, or None
    when there are none: no key in her cookie (Quick exit, a closed browser, another browser),
    a token made for another form or under another key, one older than RECALL_SECONDS
    (`now`: seconds since the epoch, for tests), or text that is not a token. Raises nothing."""
    key = _cookie_key(request)
    if key is None or not well_formed(token):
        return None
    try:
        sealed = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))
        payload = json.loads(crypto.unwrap(key, sealed).decode("utf-8"))
    except (crypto.CryptoError, ValueError, UnicodeDecodeError):
        return None
    if not isinstance(payload, dict) or payload.get("k") != kind or not isinstance(payload.get("f"), dict):
        return None
    made = payload.get("t")
    now = time.time() if now is None else now
    if not isinstance(made, int) or not (made - 60 <= now <= made + RECALL_SECONDS):
        return None
    data = QueryDict(mutable=True)
    for name, values in payload["f"].items():
        if isinstance(values, list):
            data.setlist(name, [str(v) for v in values])
    data._mutable = False
    return data


def well_formed(token) -> bool:
    """Whether `token` could be what remember() returns (base64url, of a plausible length);
    it may still open nothing."""
    return (isinstance(token, str) and 100 <= len(token) <= 6000 and token.isascii()
            and token.replace("-", "").replace("_", "").isalnum())


@dataclass
class Carried:
    """What carry() makes of a request: `redirect` (a 303 to answer with, the form sealed into
    its address) or else `data` (the form to answer: the POST itself for a browser without a
    key, the recalled fields, or None for nothing to show), `token` (the `r` that opened
    `data`, "" if none) and `ended` (an `r` was given that opens nothing)."""

    redirect: HttpResponseRedirect | None = None
    data: QueryDict | None = None
    token: str = ""
    ended: bool = False


# Carried with any form: the language switch's own fields (the view shows the form again,
# searching nothing), and the names of the fields the control-character guard cleaned
# (core.textguard), so that its notice is shown on the page at the new address.
CARRIED_MARKS = ("language_switch", "had_errors")
REMOVED_FIELD = "harbour_characters_removed"


def carry(request, kind: str, url_name: str, fields=None) -> Carried:
    """The POST/Redirect/GET step of a public form view named `url_name` (reversed in the active
    language) whose form is `kind`: a POST is sealed (remember(), `fields` as there, with
    CARRIED_MARKS) and answered 303 to `<url>?r=<token>`, or answered in place when her browser
    holds no key; a GET with `r` gets the fields it opens (recall()), and
    `request.harbour_characters_removed` again if the guard had cleaned the POST. Raises nothing."""
    if request.method == "POST":
        data = request.POST
        removed = getattr(request, REMOVED_FIELD, None)
        if removed:
            data = data.copy()
            data.setlist(REMOVED_FIELD, list(removed))
        token = remember(request, kind, data, None if fields is None else (*fields, *CARRIED_MARKS, REMOVED_FIELD))
        if token:
            return Carried(redirect=HttpResponseRedirect(f"{reverse(url_name)}?{query(token)}", status=303))
        return Carried(data=request.POST)  # no cookies kept: answered in place, as before
    asked = request.GET.get("r", "")
    data = recall(request, kind, asked) if asked else None
    if data is not None and REMOVED_FIELD in data:
        setattr(request, REMOVED_FIELD, data.getlist(REMOVED_FIELD))
        data = data.copy()
        del data[REMOVED_FIELD]
    return Carried(data=data, token=asked if data is not None else "", ended=bool(asked) and data is None)
