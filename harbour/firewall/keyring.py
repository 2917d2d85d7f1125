"""A logged-in member's unlocked organisation keys, for the length of her session (F5).

The keys are kept in the server session only encrypted (SecretBox) under a random key
that lives in her browser, in an HttpOnly, SameSite=Strict cookie: the server never
stores that cookie key. A seized database (sessions included) or a stolen session id
alone opens nothing; the session and the cookie are needed together.
"""

import json

from django.conf import settings
from nacl.public import PrivateKey

from harbour.firewall import crypto

COOKIE_NAME = "hb_keyring"
COOKIE_PATH = "/staff/"
SESSION_KEY = "hb_keyring"


def _cookie_key(request) -> bytes | None:
    fresh = getattr(request, "harbour_keyring_new_key", None)
    if fresh:
        return fresh
    value = request.COOKIES.get(COOKIE_NAME, "")
    try:
        key = crypto.unb64(value)
    except ValueError:
        return None
    return key if len(key) == crypto.KEY_SIZE else None


def _read(request) -> dict[str, str]:
    blob = request.session.get(SESSION_KEY) if hasattr(request, "session") else None
    key = _cookie_key(request)
    if not blob or key is None:
        return {}
    try:
        return json.loads(crypto.unwrap(key, crypto.unb64(blob)))
    except (crypto.CryptoError, ValueError):
        return {}


def keyring_store(request, keys: dict[str, PrivateKey], *, replace: bool = False) -> None:
    """Put organisation keys (by organisation public id) in her session keyring."""
    current = {} if replace else _read(request)
    current.update({org_id: crypto.b64(bytes(key)) for org_id, key in keys.items()})
    key = None if replace else _cookie_key(request)
    if key is None:
        key = crypto.new_secret_key()
        request.harbour_keyring_new_key = key
    request.session[SESSION_KEY] = crypto.b64(crypto.wrap(key, json.dumps(current).encode("ascii")))


def keyring_private_key(request, organisation) -> PrivateKey | None:
    value = _read(request).get(str(organisation.public_id))
    return PrivateKey(crypto.unb64(value)) if value else None


def keyring_organisations(request) -> set[str]:
    return set(_read(request))


class KeyringCookieMiddleware:
    """Sets the keyring cookie when a login or an admin action made a new one; drops it
    when the session no longer holds a keyring (after logout)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        fresh = getattr(request, "harbour_keyring_new_key", None)
        if fresh:
            response.set_cookie(
                COOKIE_NAME, crypto.b64(fresh), path=COOKIE_PATH, httponly=True,
                secure=settings.SESSION_COOKIE_SECURE, samesite="Strict",
            )
        elif COOKIE_NAME in request.COOKIES and hasattr(request, "session") and not request.session.get(SESSION_KEY):
            response.delete_cookie(COOKIE_NAME, path=COOKIE_PATH, samesite="Strict")
        return response
