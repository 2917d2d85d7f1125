"""One-time form tokens: the same form sent twice (a double tap, a reload) makes one thing.

An unbound form carries a fresh random token in a hidden `once` field (OnceFormMixin). The
service that makes the thing spends the token's SHA-256 in the same transaction, either in
a unique column of its own row (training.Booking.form_once) or, where the row must not say
which form made it, in a UsedFormOnce row that expires (once_claim). A second spend raises
DuplicatePost and the transaction stores nothing. The digest identifies nobody: the token
is random and never stored in the clear (F8, docs/threat-model.md).
"""

import contextlib
import hashlib
import secrets
from datetime import timedelta

from django import forms
from django.db import IntegrityError, transaction
from django.utils import timezone

# How long a spent token is remembered; a form older than this may be sent again.
ONCE_TTL = timedelta(days=1)


class DuplicatePost(Exception):
    """The same form (the same one-time token) was already sent; the first one was kept."""


def once_new() -> str:
    """A fresh token: 32 URL-safe characters (24 random bytes)."""
    return secrets.token_urlsafe(24)


def once_digest(token: str) -> str | None:
    """The SHA-256 of `token` as 64 hex characters, or None for an empty token."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest() if token else None


class OnceFormMixin(forms.Form):
    """Adds the hidden `once` field, filled with a fresh token on an unbound form."""

    # No length check of its own: a hidden field's error is shown nowhere, so a token that is
    # not one (too long, other characters) is read as none (clean_once), never as an error.
    once = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound and not self.initial.get("once"):  # a token given is kept
            self.initial["once"] = once_new()

    def clean_once(self) -> str:
        """The posted token if it has the shape once_new() gives (at most 64 URL-safe
        characters), else "": a form without a token, which is let through (once_claim)."""
        return _well_formed(self.cleaned_data.get("once") or "")


def once_claim(token: str, *, now=None) -> None:
    """Spend `token`; call it inside the transaction that makes the thing, so a refusal
    stores nothing. An empty token (a form from before this change, or without the field)
    is let through. Raises DuplicatePost when the token was already spent within ONCE_TTL."""
    from harbour.core.models import UsedFormOnce

    digest = once_digest(token)
    if digest is None:
        return
    now = now or timezone.now()
    UsedFormOnce.objects.filter(expires_at__lte=now).delete()
    try:
        with transaction.atomic():
            UsedFormOnce.objects.create(digest=digest, expires_at=now + ONCE_TTL)
    except IntegrityError:
        raise DuplicatePost from None


# Apps whose rows spend a token in a column of their own (training.Booking.form_once) say how
# to ask whether a digest was spent there; once_spent() asks them as well as UsedFormOnce.
SPENT_ELSEWHERE: list = []


def register_spent_check(check) -> None:
    """`check(digest: str) -> bool`: whether the token with SHA-256 `digest` (64 hex) was spent
    in the caller's own rows. Called from AppConfig.ready(); registering twice adds nothing."""
    if check not in SPENT_ELSEWHERE:
        SPENT_ELSEWHERE.append(check)


def once_spent(token: str, *, now=None) -> bool:
    """Whether `token` (a form's `once` value) was spent within ONCE_TTL: its form was sent and
    kept, or the page was closed by Quick exit (once_close). False for an empty token."""
    from harbour.core.models import UsedFormOnce

    if not token or len(token) > 64:  # no form of Harbour's sends one
        return False
    digest = once_digest(token)
    now = now or timezone.now()
    if UsedFormOnce.objects.filter(digest=digest, expires_at__gt=now).exists():
        return True
    return any(check(digest) for check in SPENT_ELSEWHERE)


def posted_once(request) -> str:
    """The one-time token the POSTed form carried (at most 64 URL-safe characters, as
    once_new() makes them), or "" for any other request or value."""
    if request is None or request.method != "POST":
        return ""
    return _well_formed(request.POST.get("once", ""))


def _well_formed(token: str) -> str:
    """`token` if it has the shape once_new() gives (1 to 64 URL-safe characters), else ""."""
    if 0 < len(token) <= 64 and token.isascii() and token.replace("-", "").replace("_", "").isalnum():
        return token
    return ""


def closed_page(request):
    """403 "This page is closed": a form sent again after it was kept or after Quick exit,
    shown with nothing she typed, not even the token (the exit link would carry it)."""
    from django.shortcuts import render

    return render(request, "web/errors/csrf.html", {"closed": True, "exit_once": ""}, status=403)


def closed_after_exit(view):
    """Decorates a public view whose page shows what she typed or what her code opens (a
    search, a status or booking check), sent by POST without a CSRF check: a POST whose
    one-time token (`once`) was closed by Quick exit is the browser sending a page she left
    again (Back or Reload with JavaScript off, perhaps in someone else's hands), and gets
    "This page is closed" instead, with nothing of hers in it. The page's forms carry the
    token (OnceFormMixin, and `exit_once` for the forms a result page adds), and so does its
    Quick exit link (public/base.html)."""
    from functools import wraps

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.method == "POST" and once_spent(request.POST.get("once", "")):
            return closed_page(request)
        return view(request, *args, **kwargs)

    return wrapper


def once_close(token: str) -> None:
    """Spend `token` without making anything: Quick exit closes the form of the page she left,
    so that the same form sent again later (Back after leaving, with JavaScript off: the
    browser sends it again) is recognised and what she typed is not shown (web.csrf_failure).
    A token already spent stays spent; an empty or overlong one is ignored."""
    if not token or len(token) > 64:
        return
    with contextlib.suppress(DuplicatePost):
        once_claim(token)
