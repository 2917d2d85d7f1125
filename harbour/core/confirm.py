"""Destructive staff actions ask first, on a page that works without JavaScript (issue 9.7).

The action's own URL answers GET (and a POST without `confirm`) with a page that says what
will happen and posts back with `confirm=yes`; only that POST acts.
"""

from django.shortcuts import render


def confirmed(request) -> bool:
    """True only for a POST that came from the confirmation page."""
    return request.method == "POST" and request.POST.get("confirm") == "yes"


def cancelled(request) -> bool:
    """True for a POST from the way back of a confirmation page that keeps what was typed
    (confirm_page(keep_typed=True)): the action shows her form again, filled in, and does
    nothing."""
    return request.method == "POST" and request.POST.get("cancel") == "yes"


def confirm_page(request, *, heading: str, consequence: str, confirm_label: str, cancel_url: str,
                 hidden: dict[str, str] | None = None, details_template: str | None = None,
                 details: dict | None = None, keep_typed: bool = False):
    """The confirmation page for `request.path`: `heading` and `consequence` (whole translated
    sentences), the button's `confirm_label`, a way back to `cancel_url`, and `hidden` fields
    carried to the action. `details_template`, if given, is shown under the consequence with
    `details` (what will be replaced, say). With `keep_typed`, `hidden` holds what she typed,
    and the way back is a button posting it to the action with `cancel=yes` (cancelled()), so
    that her form comes back filled in: a link back would lose it. Status 200."""
    return render(request, "staff/confirm.html", {
        "heading": heading, "consequence": consequence, "confirm_label": confirm_label,
        "cancel_url": cancel_url, "action": request.path, "hidden": sorted((hidden or {}).items()),
        "details_template": details_template, "details": details or {}, "keep_typed": keep_typed,
    })
