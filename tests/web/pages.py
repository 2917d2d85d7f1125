"""The public pages every budget and privacy test walks.

An app lists its public GET pages (URL names that take no arguments) in its AppConfig's
`public_pages`; they join the budget, off-site and neutral-title tests automatically.
"""

from django.apps import apps
from django.conf import settings
from django.urls import reverse

# Every language of the site: a language added to settings.LANGUAGES joins every walk.
LANGUAGES = tuple(code for code, _name in settings.LANGUAGES)


def translated_languages() -> list[str]:
    """The languages other than English whose interface catalogue exists (Dari through Farsi's):
    a language joins the checks of translated text the moment its translators add
    locale/<dir>/LC_MESSAGES/django.po."""
    from pathlib import Path

    from django.utils.translation import to_locale

    from harbour.core.languages import FALLBACKS

    root = Path(settings.BASE_DIR) / "locale"
    return [code for code in LANGUAGES if code != settings.LANGUAGE_CODE and any(
        (root / to_locale(c) / "LC_MESSAGES" / "django.po").exists() for c in (code, FALLBACKS.get(code, code)))]


def public_page_names() -> list[str]:
    names = ["web:home", "web:safety"]
    for config in apps.get_app_configs():
        names += list(getattr(config, "public_pages", ()))
    return names


def public_urls() -> list[str]:
    from django.utils import translation

    urls = []
    for code in LANGUAGES:
        with translation.override(code):
            urls += [reverse(name) for name in public_page_names()]
    return urls
