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
