"""How a published cell is written in a page."""

from django import template
from django.utils.html import format_html

register = template.Library()


@register.filter
def cell(value: dict) -> str:
    """`value` (a cell dict with "text", from harbour.impact.charts.cell_text, and "suppressed")
    as safe HTML isolated in the right direction: a number left to right (`<bdi dir="ltr">`,
    so "1,234" never reverses), the suppressed marker ("fewer than 10*") in its own words'
    direction (`<bdi>`, UAX #9's first strong letter), so that its footnote asterisk ends the
    phrase on the left in Arabic and on the right in English. Forcing the marker left to right
    put the asterisk before the Arabic words. Empty text stays empty."""
    text = value.get("text") if value else None
    if text in (None, ""):
        return ""
    if value.get("suppressed"):
        return format_html("<bdi>{}</bdi>", text)
    return format_html('<bdi dir="ltr">{}</bdi>', text)
