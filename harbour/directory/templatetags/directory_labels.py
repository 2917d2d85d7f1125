"""Labels, not codes, on the directory staff pages (issue 9.6)."""

from django import template

from harbour.directory.models import VerificationMethod

register = template.Library()


@register.filter
def verification_method(code: str) -> str:
    """"phone" -> "by phone"; empty for none."""
    return str(dict(VerificationMethod.choices).get(code, code)) if code else ""
