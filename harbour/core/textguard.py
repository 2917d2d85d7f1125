"""Control characters are refused at the door, in one place (issue 11, item 3).

PostgreSQL text cannot hold NUL and SQLite can, so the same input answered 400 on one
database and 500 on the other. No text Harbour accepts has a reason to hold a C0 control
character other than tab, line feed and carriage return, DEL, or a C1 control: they are
refused everywhere (query parameters, form fields and their names, JSON bodies, the path)
with a 400 that names the parameter, before any view or database sees them. A public form
that shows itself again without acting (`redisplays_form`) is shown again instead, with them
taken out: the view never sees them either. The HSDS importer calls `find_control_character`
on what it reads.
"""

import json
import re
import uuid
from functools import cache

from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import Resolver404, resolve
from django.utils import translation
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
    `{"errors": {name: [message]}}`, the parameter's name shown with its control characters
    replaced. Elsewhere the translated 400 page, which names no parameter (a form's field
    names, "q", "details", mean nothing to her), gives back the text she typed without the
    refused characters (typed_text), and on staff pages is in the member's own language."""
    if request.path.startswith("/api/"):
        shown = FORBIDDEN.sub("\ufffd", parameter)
        message = _("“%(parameter)s” contains a control character (such as NUL), which is not accepted. "
                    "Remove it and send again.") % {"parameter": shown}
        if request.path.startswith("/api/hsds/"):
            return JsonResponse({"error": "invalid_parameter", "parameter": shown, "message": message}, status=400)
        return JsonResponse({"errors": {shown: [message]}}, status=400)
    from harbour.core.audience import page_to_return_to
    from harbour.core.once import closed_page, once_spent, posted_once

    token = posted_once(request)
    if token and once_spent(token):
        # A form she left by Quick exit (or already sent), sent again by Back with JavaScript
        # off: "This page is closed", never what she typed (a walk-through found her words
        # given back here, because this refusal answers before the page's own check).
        return closed_page(request)
    staff = request.path_info.startswith("/staff/")
    # Where "Open the form again" leads: the page the form was on, never a POST-only address
    # (a GET of it is a blank 405).
    again = page_to_return_to(request.path, "/staff/" if staff else "/")
    with translation.override(_staff_member_language(request) or translation.get_language()):
        message = _("Something you sent contains an invisible control character (such as NUL), which is not "
                    "accepted. Remove it and send again.")
        return render(request, "web/errors/400_staff.html" if staff else "web/errors/400.html",
                      {"is_error_page": True, "detail": message, "typed": typed_text(request), "again": again},
                      status=400)


def _staff_member_language(request) -> str | None:
    """On a staff page, the language the logged-in member chose (StaffMemberLanguageMiddleware,
    which runs after this refusal: it needs request.user), else None."""
    if not request.path_info.startswith("/staff/") or not hasattr(request, "session"):
        return None
    from django.conf import settings
    from django.contrib.auth import get_user

    user = request.user = get_user(request)  # AuthenticationMiddleware has not run yet: the staff page needs her
    if user.is_authenticated and user.language in settings.STAFF_LANGUAGES:
        request.LANGUAGE_CODE = user.language
        return user.language
    return None


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


def typed_text(request) -> list[str]:
    """What she typed in a refused form post, each field's text with the refused characters
    taken out, in the form's order, for the 400 page to give back (nothing she typed is lost).
    Left out: empty fields, and what the page filled in rather than she (_filled_in)."""
    if request.method != "POST" or (request.content_type or "") not in FORM_TYPES:
        return []
    typed = []
    for name, values in request.POST.lists():
        for value in values:
            text = without_control_characters(value)
            if text.strip() and not _filled_in(FORBIDDEN.sub("", name), text):
                typed.append(text)
    return typed


def _filled_in(name: str, value: str) -> bool:
    """Whether a posted value is one the page's form filled in, not text she typed.

    Read from Harbour's forms themselves (_field_kinds): a field that every form declaring it
    takes as a choice, a box or a hidden value (a need ticked, a channel picked, a status, a
    distance) is never given back; one that a form takes as typed text (a CharField shown as a
    text box) is. A name that is both (search's "language" is a list, the consent form's is
    typed) or that no form declares (fields made per page, such as a questionnaire's) is given
    back unless its value looks like a code: lower-case ASCII letters, digits, "_", "-", "." or
    ":" only, at most 24 ("de", "ch-geneva", "fear_enforcement", "25"). Always left out: the
    page's own tokens (MACHINE_FIELDS), a ticked box ("on") and ids (UUIDs)."""
    if name in MACHINE_FIELDS or value in ("on", "true", "false"):
        return True
    try:
        uuid.UUID(value)
        if len(value.strip()) in (32, 36):
            return True
    except ValueError:
        pass
    typed, chosen = _field_kinds()
    if name in typed and name not in chosen:
        return False
    if name in chosen and name not in typed:
        return True
    return _CODE_LIKE.fullmatch(value) is not None


_CODE_LIKE = re.compile(r"[a-z0-9_.:-]{1,24}")


def _field_kinds() -> tuple[frozenset, frozenset]:
    """(names of fields some Harbour form takes as typed text, names of fields some Harbour
    form takes as a choice, a box, a hidden value or a secret: a password box), from the base fields of every form class
    in harbour.*: every view module (and so every form it uses) is imported first, through the
    URL configuration."""
    typed, chosen, secret = _field_sets()
    return frozenset(typed - secret), frozenset(chosen | secret)


def secret_fields() -> frozenset:
    """Names of the fields never written into a page, not even to give them back: every
    password box of Harbour's forms, and SECRET_FIELDS."""
    return _field_sets()[2]


@cache
def _field_sets() -> tuple[frozenset, frozenset, frozenset]:
    """(typed, chosen, secret) field names, as _field_kinds and secret_fields read them."""
    from django import forms
    from django.urls import get_resolver

    _ = get_resolver().url_patterns  # imports every view module, and the forms each uses

    def subclasses(cls):
        for sub in cls.__subclasses__():
            yield sub
            yield from subclasses(sub)

    typed, chosen, secret = set(), set(), set()
    for form in set(subclasses(forms.BaseForm)):
        if not form.__module__.startswith("harbour."):
            continue
        for name, field in getattr(form, "base_fields", {}).items():
            if isinstance(field.widget, forms.PasswordInput):
                secret.add(name)
            elif isinstance(field, forms.CharField) and not isinstance(field.widget, forms.HiddenInput):
                typed.add(name)
            else:
                chosen.add(name)
    # A password, the organisation's recovery key or her status code is never shown on a page,
    # not even to give it back: she has it to type again, and the page may be seen.
    secret |= SECRET_FIELDS
    return frozenset(typed), frozenset(chosen), frozenset(secret)


SECRET_FIELDS = frozenset({"recovery_key", "code"})


# Fields a page's forms fill in themselves, not she: tokens (CSRF, the one-time token Quick exit
# closes, the help form's ticket and proof of work), versions and steps. Given back, they are
# noise at best, and the one-time token would let the page be sent again.
MACHINE_FIELDS = frozenset({"csrfmiddlewaretoken", "once", "ticket", "proof", "version", "form_token",
                            "had_errors", "language_form", "seen", "step", "stage", "next", "language_switch",
                            "switch_language"})


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
            if _form_shown_again_cleaned(request):
                return self.get_response(request)
            return refusal(request, parameter)
        return self.get_response(request)


def redisplays_form(view):
    """Marks a public view that answers a form POST carrying `language_switch` by showing its
    form again, filled in with what was posted, and performs nothing (the language switch's
    contract: public/base.html, `language_form`). A form post to such a view holding refused
    characters in its values is not answered by the 400 page: the characters are taken out
    (without_control_characters) and the view shows her form again with every choice she made
    and a notice (`request.harbour_characters_removed`: the fields' names). A walk-through
    found the 400 page giving back her text alone, the organisation, needs and contact channel
    she had chosen lost. Put it above the view's other decorators."""
    view.harbour_redisplays_form = True
    return view


def _form_shown_again_cleaned(request) -> bool:
    """Whether a refused request is a public form post to a view marked `redisplays_form`,
    with refused characters in its values only (not in a name, the path or the query, which
    she did not type): if so, request.POST becomes a copy with them taken out, asking the view
    to show the form again (`language_switch`, `had_errors`), and True is returned."""
    if (request.method != "POST" or (request.content_type or "") not in FORM_TYPES
            or request.path_info.startswith(("/api/", "/staff/")) or has_control_character(request.path)
            or any(has_control_character(name) or any(has_control_character(v) for v in values)
                   for name, values in request.GET.lists())
            or any(has_control_character(name) for name in request.POST)):
        return False
    try:
        view = resolve(request.path_info).func
    except Resolver404:
        return False
    if not getattr(view, "harbour_redisplays_form", False):
        return False
    from harbour.core.once import once_spent, posted_once

    token = posted_once(request)
    if token and once_spent(token):
        return False  # sent again after Quick exit: the refusal answers "This page is closed"
    cleaned = request.POST.copy()
    removed = []
    for name, values in request.POST.lists():
        if any(has_control_character(value) for value in values):
            removed.append(name)
            cleaned.setlist(name, [without_control_characters(value) for value in values])
    cleaned["language_switch"] = "1"
    cleaned["had_errors"] = "1"
    cleaned._mutable = False
    request._post = cleaned
    request.harbour_characters_removed = removed
    return True


_FORBIDDEN_RUN = re.compile(f"{FORBIDDEN.pattern}+")


def without_control_characters(text: str) -> str:
    """`text` (str) with every refused character taken out; a run of them between two letters
    becomes one space ("مشورة\x07قانونية" -> "مشورة قانونية": pasted text whose word
    separator arrived as a control character, such as the end-of-cell mark U+0007 of a word
    processor's table), elsewhere nothing ("Amina\x7f" -> "Amina"). Two that word processors
    put inside words are read as what they mean: U+001F (optional hyphen) as nothing
    ("Man\x1fchester" -> "Manchester"), U+001E (non-breaking hyphen) as "-"."""
    text = text.replace("\x1f", "").replace("\x1e", "-")

    def replace(match) -> str:
        start, end = match.start(), match.end()
        between_letters = start > 0 and end < len(text) and text[start - 1].isalpha() and text[end].isalpha()
        return " " if between_letters else ""

    return _FORBIDDEN_RUN.sub(replace, text)
