"""Names instead of codes on staff pages (issue 9.6)."""

from django import template
from django.utils.translation import get_language_info

register = template.Library()


@register.filter
def language_name(code: str) -> str:
    """"ar" -> "Arabic" in the page's language (Django's language table); a code Django does
    not know is shown as it is."""
    try:
        return get_language_info(code)["name_translated"]
    except KeyError:
        return code
