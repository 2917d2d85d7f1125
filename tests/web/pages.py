"""The public pages every budget and privacy test walks.

An app lists its public GET pages (URL names that take no arguments) in its AppConfig's
`public_pages`; they join the budget, off-site and neutral-title tests automatically.
"""

from django.apps import apps
from django.conf import settings
from django.urls import reverse

# Every language of the site: a language added to settings.LANGUAGES joins every walk.
LANGUAGES = tuple(code for code, _name in settings.LANGUAGES)


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
