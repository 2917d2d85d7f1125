from django import template
from django.utils.translation import get_language

from harbour.directory.forms import language_label

register = template.Library()


@register.simple_tag
def written_in(course) -> dict | None:
    """When the page's language is not the one `course`'s title and outcomes are written in:
    {"code": "en", "name": "English"} (the name for the page's language), else None. The page
    must then say so (issue 8, items 5 and 13)."""
    page = (get_language() or "").split("-")[0]
    if not course.language or course.language == page:
        return None
    return {"code": course.language, "name": language_label(course.language)}
