from django.conf import settings
from django.utils.translation import get_language, get_language_bidi

from harbour import __version__
from harbour.core.languages import languages_with_drafts


def harbour(request):
    language = get_language() or settings.LANGUAGE_CODE
    return {
        "harbour_version": __version__,
        "harbour_languages": settings.LANGUAGES,
        "harbour_language": language,
        "harbour_dir": "rtl" if get_language_bidi() else "ltr",
        "harbour_ui_draft": language in languages_with_drafts(),
        "harbour_demo": settings.DEMO,
    }
