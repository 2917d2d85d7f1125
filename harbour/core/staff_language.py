"""Staff pages in the staff languages only (issue 18, Languages item 2)."""

from django.conf import settings
from django.utils import translation


class StaffLanguageMiddleware:
    """After LocaleMiddleware: a staff page (/staff/...) asked for in a language outside
    settings.STAFF_LANGUAGES (from the browser or the language cookie) is shown in English,
    rather than half in a language whose staff catalogues nobody keeps."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path_info.startswith("/staff/") and translation.get_language() not in settings.STAFF_LANGUAGES:
            translation.activate(settings.LANGUAGE_CODE)
            request.LANGUAGE_CODE = settings.LANGUAGE_CODE
        return self.get_response(request)


class StaffMemberLanguageMiddleware:
    """After AuthenticationMiddleware: a logged-in member's staff pages are shown in the language
    she chose with the staff navigation's switch (her account's `language`, one of
    settings.STAFF_LANGUAGES), whatever her browser asks for, so the choice follows her to any
    device. Before login the language stays StaffLanguageMiddleware's."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path_info.startswith("/staff/"):
            user = getattr(request, "user", None)
            if user is not None and user.is_authenticated and user.language in settings.STAFF_LANGUAGES:
                request.LANGUAGE_CODE = user.language
                # Only for this request: a thread's next request (or a test's next step) starts
                # from its own language, not hers.
                with translation.override(user.language):
                    return self.get_response(request)
        return self.get_response(request)


# A form shown again after it was refused (a 400 with her errors, or the control-character page)
# is the answer to a POST: a plain switch to accounts:language would lose what she typed. On such
# a page the switch sends a copy of what she sent (repost_fields) back to the same address, with
# the language in SWITCH_FIELD. accounts.middleware.StaffLanguageSwitchMiddleware then sets her
# language and lets a view marked `redisplays_on_language_switch` show its form again, filled in,
# in the new language, doing nothing; any other view is not called at all, and she is shown what
# she typed to copy. A switch never performs a form's action.
SWITCH_FIELD = "switch_language"


def redisplays_on_language_switch(view):
    """Marks a staff view that, for a POST from the language switch (`language_switched`), shows
    its form again bound to what was posted, with its errors, and does nothing else."""
    view.harbour_language_redisplay = True
    return view


def language_switched(request) -> bool:
    """True for a POST sent by the staff language switch from a page answering a form: the view
    must show the form again and perform nothing."""
    return request.method == "POST" and SWITCH_FIELD in request.POST


def repost_fields(request) -> list[tuple[str, str]] | None:
    """What the language switch of a staff page answering a POST sends back to the same address
    so that nothing she typed is lost: [(name, value)] of the form she sent, in its order, less
    the CSRF token (the switch has its own), passwords and other secrets (never written into a
    page: she types them again) and refused control characters. None on a page answering a GET:
    there the switch is the plain one."""
    if request is None or request.method != "POST" or not request.path_info.startswith("/staff/"):
        return None
    from harbour.core.textguard import FORBIDDEN, secret_fields, without_control_characters

    secret = secret_fields()
    fields = []
    for name, values in request.POST.lists():
        bare = name.rsplit("-", 1)[-1]  # a form's prefix ("tr-name") names the same field
        if name in ("csrfmiddlewaretoken", SWITCH_FIELD) or name in secret or bare in secret:
            continue
        fields.extend((FORBIDDEN.sub("", name), without_control_characters(value)) for value in values)
    return fields
