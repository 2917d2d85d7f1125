from django import template
from django.urls import translate_url

from harbour.core.formats import her_date, her_datetime

register = template.Library()


@register.simple_tag(takes_context=True)
def other_language_url(context, code: str) -> str:
    """This page's address in another language (a plain link: no cookie, no JavaScript)."""
    request = context.get("request")
    # Error pages do not echo the address that was asked for: their links go home.
    if request is None or context.get("is_error_page"):
        return f"/{code}/"
    return translate_url(request.path, code)


@register.filter
def herdate(value, length: str = "long") -> str:
    """{{ day|herdate }}: harbour.core.formats.her_date in the page's language."""
    return her_date(value, length)


@register.filter
def herdatetime(value, date_skeleton: str = "yMMMEd") -> str:
    """{{ when|herdatetime }}: harbour.core.formats.her_datetime in the page's language."""
    return her_datetime(value, date_skeleton)
