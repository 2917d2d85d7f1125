"""Labels, not internal codes, on the help staff pages (issue 9.6)."""

from django import template

from harbour.firewall.policy import CATEGORY_LABELS
from harbour.help.models import HelpRequest

register = template.Library()


@register.filter
def need_labels(codes) -> str:
    """["legal", "safety"] -> "Legal advice, Safety" in the page's language; unknown codes
    are shown as they are (there should be none)."""
    labels = dict(HelpRequest.Need.choices)
    return ", ".join(str(labels.get(code, code)) for code in codes or [])


@register.filter
def category_labels(codes) -> str:
    """Data categories of a consent or disclosure: ["identity", "needs"] -> "Name, Kinds of
    help asked for"."""
    return ", ".join(str(CATEGORY_LABELS.get(code, code)) for code in codes or [])
