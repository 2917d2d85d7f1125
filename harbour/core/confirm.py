"""Destructive staff actions ask first, on a page that works without JavaScript (issue 9.7).

The action's own URL answers GET (and a POST without `confirm`) with a page that says what
will happen and posts back with `confirm=yes`; only that POST acts.
"""

from django.shortcuts import render


def confirmed(request) -> bool:
    """True only for a POST that came from the confirmation page."""
    return request.method == "POST" and request.POST.get("confirm") == "yes"


def confirm_page(request, *, heading: str, consequence: str, confirm_label: str, cancel_url: str,
                 hidden: dict[str, str] | None = None):
    """The confirmation page for `request.path`: `heading` and `consequence` (whole translated
    sentences), the button's `confirm_label`, a way back to `cancel_url`, and `hidden` fields
    carried to the action. Status 200."""
    return render(request, "staff/confirm.html", {
        "heading": heading, "consequence": consequence, "confirm_label": confirm_label,
        "cancel_url": cancel_url, "action": request.path, "hidden": sorted((hidden or {}).items()),
    })
