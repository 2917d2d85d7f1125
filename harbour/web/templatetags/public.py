"""Template filters for the public pages.

Direction isolation (Unicode Bidirectional Algorithm, UAX #9, section 6.3; HTML's `bdi`
element): a run of left-to-right text inside a right-to-left sentence is reordered by the
sentence around it unless it is isolated. "+44 20 7946 0000" in Arabic reads
"0000 7946 20 44+" without it.
"""

import re

from django import template
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe

from harbour.core.formats import FSI, PDI
from harbour.core.templatetags.harbour import ltr as core_ltr

register = template.Library()


# One definition for public and staff pages (harbour/core/templatetags/harbour.py).
register.filter("ltr", core_ltr)


@register.filter
def isolate(value) -> str:
    """`value` (text in any script: a name, address or e-mail) isolated, its direction taken
    from its first strong letter. Returns safe HTML: `<bdi>value</bdi>`; empty stays empty.

    A part of `value` already isolated in the text (U+2068 ... U+2069, such as a language's own
    name in directory.labels.language_label) becomes a `<bdi>` of its own inside: HTML's
    dir=auto looks for the first strong letter past nested `bdi` elements, not past Unicode
    isolates, so "\u2068العربية\u2069 (Arabic)" would otherwise be read right to left whole."""
    if value in (None, ""):
        return ""
    text = str(value)
    if FSI not in text:
        return format_html("<bdi>{}</bdi>", text)
    parts = []
    for index, piece in enumerate(_ISOLATED.split(text)):
        # split() with one group: even indexes are outside an isolate, odd ones inside it
        parts.append(format_html("<bdi>{}</bdi>", piece) if index % 2 else conditional_escape(piece))
    return format_html("<bdi>{}</bdi>", mark_safe("".join(parts)))  # noqa: S308 - each part escaped above


_ISOLATED = re.compile(f"{FSI}([^{FSI}{PDI}]*){PDI}")


@register.filter
def isolate_each(values) -> list:
    """`values` (texts in any script: names of languages, of places) each isolated as `isolate`
    does, for joining with `herlist`: `{{ names|isolate_each|herlist }}`."""
    return [isolate(value) for value in values or [] if value not in (None, "")]
