from django.conf import settings
from django.utils.translation import get_language, get_language_bidi

from harbour import __version__
from harbour.core.languages import languages_with_drafts
from harbour.core.once import posted_once


def harbour(request):
    language = get_language() or settings.LANGUAGE_CODE
    return {
        "harbour_version": __version__,
        "harbour_languages": settings.LANGUAGES,
        "harbour_language": language,
        "harbour_dir": "rtl" if get_language_bidi() else "ltr",
        "harbour_ui_draft": language in languages_with_drafts(),
        "harbour_demo": settings.DEMO,
        # The one-time token of the form that brought her here (core.once), if any: the forms a
        # result page adds carry it on (web/_once.html), and so does its Quick exit link, so
        # that leaving closes the page and Back cannot show it again (core.once.closed_after_exit).
        "exit_once": posted_once(request),
    }
