"""Every view declares who may see it; a test walks the URL conf and checks each does.

- `public`: anyone, no account (survivors). Must not need a session to work.
- `staff`: a member of staff who passed both factors (the middleware enforces it for every
  path under /staff/; the decorator says so at the view, where a reviewer reads).
- `staff_login`: the steps of logging in, before the second factor.

`post_only` marks a view that answers POST alone (a form's address), so that a page rendered
as its answer knows its address is not one to come back to (`page_to_return_to`).
"""

from functools import wraps
from urllib.parse import urlsplit

from django.urls import Resolver404, resolve
from django.views.decorators.http import require_POST

AUDIENCES = ("public", "staff", "staff_login")


def _mark(audience: str):
    def decorator(view):
        @wraps(view)
        def wrapper(*args, **kwargs):
            return view(*args, **kwargs)

        wrapper.harbour_audience = audience
        return wrapper

    return decorator


public = _mark("public")
staff_login = _mark("staff_login")


def staff(view):
    from django.contrib.auth.decorators import login_required

    wrapped = login_required(view)
    wrapped.harbour_audience = "staff"
    return wrapped


def post_only(view):
    """Django's `require_POST`, marked (`harbour_post_only`) so that `page_to_return_to` can
    tell a form's address from a page's. Harbour's views use this, never `require_POST` itself
    (tests/core/test_return_to.py holds that)."""
    wrapped = require_POST(view)
    wrapped.harbour_post_only = True
    return wrapped


def _answers_get(path: str) -> bool:
    try:
        match = resolve(path)
    except Resolver404:
        return False
    return not getattr(match.func, "harbour_post_only", False)


def page_to_return_to(address: str, default: str) -> str:
    """The page to send someone back to after a step taken from the page at `address` (a
    site path with an optional query string, e.g. the language switch's `next`).

    A page that answers a form (a refusal shown again with what was typed) has the form's
    address, which answers POST alone: a GET of it is 405, a blank page. For such an address
    this returns the nearest enclosing path that is a page (`/staff/x/1/translations/` gives
    `/staff/x/1/`), without the query string; `address` itself when it is a page; `default`
    (a path) when neither is. Returns a path (str); raises nothing."""
    path = urlsplit(address).path
    if _answers_get(path):
        return address
    parts = path.rstrip("/").split("/")
    while len(parts) > 1:
        parts.pop()
        candidate = "/".join(parts) + "/"
        if candidate != "/" and _answers_get(candidate):
            return candidate
    return default
