"""Names instead of codes on staff pages (issue 9.6)."""

from django import template
from django.utils.translation import get_language

from harbour.core.languages import language_name as cldr_language_name

register = template.Library()


@register.filter
def language_name(code: str) -> str:
    """A language tag ("ar", "zh-Hant-TW") -> its name in the page's language from CLDR
    ("Arabic", "Traditional Chinese (Taiwan)"); a tag CLDR cannot name is shown as it is."""
    return cldr_language_name(code, get_language() or "en") or code
