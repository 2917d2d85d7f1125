"""What the public home page links to: only what exists.

An app offers a public entry by giving its AppConfig a `public_entry` attribute:
a dict with `url_name`, `label` and `description` (lazy translated strings). The home
page lists, in INSTALLED_APPS order, every entry whose URL resolves.
"""

from django.apps import apps
from django.urls import NoReverseMatch, reverse


def public_entries() -> list[dict]:
    entries = []
    for config in apps.get_app_configs():
        entry = getattr(config, "public_entry", None)
        if not entry:
            continue
        try:
            url = reverse(entry["url_name"])
        except NoReverseMatch:
            continue
        entries.append({"url": url, "label": entry["label"], "description": entry["description"]})
    return entries
