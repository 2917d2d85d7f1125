"""Template filters for the public pages.

Direction isolation (Unicode Bidirectional Algorithm, UAX #9, section 6.3; HTML's `bdi`
element): a run of left-to-right text inside a right-to-left sentence is reordered by the
sentence around it unless it is isolated. "+44 20 7946 0000" in Arabic reads
"0000 7946 20 44+" without it.
"""

from django import template
from django.utils.html import format_html

from harbour.core.templatetags.harbour import ltr as core_ltr

register = template.Library()


# One definition for public and staff pages (harbour/core/templatetags/harbour.py).
register.filter("ltr", core_ltr)


@register.filter
def isolate(value) -> str:
    """`value` (text in any script: a name, address or e-mail) isolated, its direction taken
    from its first strong letter. Returns safe HTML: `<bdi>value</bdi>`; empty stays empty."""
    if value in (None, ""):
        return ""
    return format_html("<bdi>{}</bdi>", value)


@register.filter
def isolate_each(values) -> list:
    """`values` (texts in any script: names of languages, of places) each isolated as `isolate`
    does, for joining with `herlist`: `{{ names|isolate_each|herlist }}`."""
    return [isolate(value) for value in values or [] if value not in (None, "")]
