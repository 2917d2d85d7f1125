from django.conf import settings
from django.utils.translation import get_language, get_language_bidi

from harbour import __version__


def harbour(request):
    language = get_language() or settings.LANGUAGE_CODE
    return {
        "harbour_version": __version__,
        "harbour_languages": settings.LANGUAGES,
        "harbour_language": language,
        "harbour_dir": "rtl" if get_language_bidi() else "ltr",
        "harbour_ui_draft": language in settings.UI_TRANSLATION_DRAFTS,
        "harbour_demo": settings.DEMO,
    }
