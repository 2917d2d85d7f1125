"""Control characters are refused at the door, in one place (issue 11, item 3).

PostgreSQL text cannot hold NUL and SQLite can, so the same input answered 400 on one
database and 500 on the other. No text Harbour accepts has a reason to hold a C0 control
character other than tab, line feed and carriage return, DEL, or a C1 control: they are
refused everywhere (query parameters, form fields and their names, JSON bodies, the path)
with a 400 that names the parameter, before any view or database sees them. The HSDS
importer calls `find_control_character` on what it reads.
"""

import json
import re

from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import Resolver404, resolve
from django.utils.translation import gettext as _

FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
JSON_TYPES = ("application/json", "application/problem+json")
MAX_JSON_SCAN = 2 * 1024 * 1024


def has_control_character(text: str) -> bool:
    """True if `text` holds a character this module refuses (C0 but tab/LF/CR, DEL, C1)."""
    return bool(FORBIDDEN.search(text))


def find_control_character(value, path: str = "") -> str | None:
    """The dotted path of the first string (or key) in `value` holding a refused character:
    `value` is a str, or dicts and lists of them as JSON decodes; None if all is clean.
    E.g. {"contact": {"value": "a\\x00"}} -> "contact.value"; ["ok", "b\\x00"] -> "1"."""
    if isinstance(value, str):
        return path or "body" if has_control_character(value) else None
    if isinstance(value, dict):
        for key, item in value.items():
            child = f"{path}.{key}" if path else str(key)
            if isinstance(key, str) and has_control_character(key):
                return child
            found = find_control_character(item, child)
            if found:
                return found
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found = find_control_character(item, f"{path}.{index}" if path else str(index))
            if found:
                return found
    return None


def _path_parameter(path: str) -> str:
    """The name of the URL parameter holding the character, or "path" if none matches."""
    try:
        match = resolve(path)
    except Resolver404:
        return "path"
    for name, value in match.kwargs.items():
        if isinstance(value, str) and has_control_character(value):
            return name
    return "path"


def _first_bad_parameter(request) -> str | None:
    if has_control_character(request.path):
        return _path_parameter(request.path_info)
    for name, values in request.GET.lists():
        if has_control_character(name) or any(has_control_character(v) for v in values):
            return name
    if request.method in ("POST", "PUT", "PATCH", "DELETE"):
        content_type = request.content_type or ""
        if content_type in JSON_TYPES:
            if len(request.body) > MAX_JSON_SCAN:
                return None
            try:
                data = json.loads(request.body)
            except (ValueError, UnicodeDecodeError):
                return None  # the view answers malformed JSON in its own documented way
            return find_control_character(data)
        if content_type in ("application/x-www-form-urlencoded", "multipart/form-data"):
            for name, values in request.POST.lists():
                if has_control_character(name) or any(has_control_character(v) for v in values):
                    return name
    return None


def refusal(request, parameter: str) -> HttpResponse:
    """The 400 for a refused character, in each API's documented error body: on the HSDS API
    `{"error": "invalid_parameter", "parameter": name, "message": …}`, on /api/v1/
    `{"errors": {name: [message]}}`; elsewhere the translated 400 page. The parameter's name
    is shown with its control characters replaced."""
    shown = FORBIDDEN.sub("\ufffd", parameter)
    message = _("“%(parameter)s” contains a control character (such as NUL), which is not accepted. "
                "Remove it and send again.") % {"parameter": shown}
    if request.path.startswith("/api/hsds/"):
        return JsonResponse({"error": "invalid_parameter", "parameter": shown, "message": message}, status=400)
    if request.path.startswith("/api/"):
        return JsonResponse({"errors": {shown: [message]}}, status=400)
    from harbour.core.once import closed_page, once_spent, posted_once

    token = posted_once(request)
    if token and once_spent(token):
        # A form she left by Quick exit (or already sent), sent again by Back with JavaScript
        # off: "This page is closed", never what she typed (a walk-through found her words
        # given back here, because this refusal answers before the page's own check).
        return closed_page(request)
    return render(request, "web/errors/400.html", {"is_error_page": True, "detail": message,
                                                   "typed": _typed_text(request), "again": request.path},
                  status=400)


# A word processor's line break (vertical tab, U+000B) and page break (form feed, U+000C)
# arrive when she pastes a letter into a form: in a form's fields they are read as line breaks.
# So is the browser's own: a text area's line breaks are sent as CR LF (HTML, "constructing
# the entry list"), one line feed as she sees it and as a length limit must count it.
LINE_BREAKS = re.compile("\r\n?|[\x0b\x0c]")
FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


def _read_line_breaks(request) -> None:
    """A form post's values with CR LF, CR, VT and FF read as line feeds (in place of
    request.POST); names and every other control character are left for the refusal."""
    if request.method != "POST" or (request.content_type or "") not in FORM_TYPES or request.path.startswith("/api/"):
        return
    if not any(LINE_BREAKS.search(v) for _n, values in request.POST.lists() for v in values):
        return
    cleaned = request.POST.copy()
    for name, values in request.POST.lists():
        cleaned.setlist(name, [LINE_BREAKS.sub("\n", v) for v in values])
    cleaned._mutable = False
    request._post = cleaned


def _typed_text(request) -> list[tuple[str, str]]:
    """What she typed in a refused form post, each field's text with the refused characters
    taken out, as (field name, text) pairs, for the 400 page to give back (nothing she typed is
    lost): the CSRF token and empty fields left out."""
    if request.method != "POST" or (request.content_type or "") not in FORM_TYPES:
        return []
    return [(FORBIDDEN.sub("", name), FORBIDDEN.sub("", value)) for name, values in request.POST.lists()
            if name not in MACHINE_FIELDS for value in values if FORBIDDEN.sub("", value).strip()]


# Fields a page's forms fill in themselves, not she: tokens (CSRF, the one-time token Quick exit
# closes, the help form's ticket and proof of work), versions and steps. Given back, they are
# noise at best, and the one-time token would let the page be sent again.
MACHINE_FIELDS = frozenset({"csrfmiddlewaretoken", "once", "ticket", "proof", "version", "form_token",
                            "had_errors", "language_form", "seen", "step", "stage", "next"})


class ControlCharacterMiddleware:
    """Answers 400 to any request whose text holds a refused character (see module doc); in a
    web form's fields, vertical tab and form feed are first read as line breaks, and the 400
    page gives back what she typed, without the refused characters."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        _read_line_breaks(request)
        parameter = _first_bad_parameter(request)
        if parameter is not None:
            return refusal(request, parameter)
        return self.get_response(request)
