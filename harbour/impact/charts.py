"""Charts drawn on the server as SVG: no JavaScript, no fonts, no outside requests. Every chart is
shown with its data table beside it (templates), so the SVG is `aria-hidden`. Right-to-left pages
get bars growing from the right; numbers are isolated left-to-right runs so they never reverse."""

from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from harbour.core.numbers import her_number

ROW_HEIGHT = 22
WIDTH = 320
LABEL_WIDTH = 130
VALUE_WIDTH = 70


def cell_text(cell: dict, threshold: int) -> str:
    """A published cell as text: the number, or one marker for every suppressed cell, whether it
    was under the threshold or hidden so that such a cell cannot be worked out (telling the two
    apart would itself bound the hidden values; threat-model.md). Numbers in the active language's
    digits (harbour.core.numbers)."""
    if not cell["suppressed"]:
        return her_number(cell["value"])
    return _("fewer than %(threshold)s*") % {"threshold": her_number(threshold)}


def suppression_note(threshold: int) -> str:
    """The sentence that explains the marker of suppressed cells."""
    return _("* Fewer than %(threshold)s people, or hidden so that such a figure cannot be worked out from the "
             "totals. Zero is shown the same way.") % {"threshold": her_number(threshold)}


def summary_text(summary: dict | None, threshold: int) -> str:
    """A figure's summary (figures.build) as a sentence, or "" when it has none. No percentage or
    median is given on a base under the threshold, and the sentence says so. Numbers in the active
    language's digits."""
    if not summary:
        return ""
    threshold = her_number(threshold)
    if summary["kind"] == "share":
        if summary["value"] is None:
            return _("No overdue share: fewer than %(threshold)s referrals, or too few to show the share "
                     "without giving a hidden figure away.") % {"threshold": threshold}
        return _("Overdue share: %(share)s%% of %(count)s referrals.") % {"share": her_number(summary["value"]),
                                                                          "count": her_number(summary["base"])}
    if summary["value"] is None:
        return _("No median: fewer than %(threshold)s referrals.") % {"threshold": threshold}
    return _("Median time to first contact: %(hours)s hours (clock hours, not working hours), based on "
             "%(count)s referrals.") % {"hours": her_number(summary["value"]),
                                                  "count": her_number(summary["base"])}


def bar_chart(rows: list[tuple[str, dict]], *, threshold: int, rtl: bool = False) -> SafeString:
    """An SVG bar chart of `rows` [(label, cell dict with "value" and "suppressed")], one bar per
    row, scaled to the largest published value. Suppressed rows show no bar and their text.
    Returns safe markup (labels escaped)."""
    published = [cell["value"] for _label, cell in rows if not cell["suppressed"]]
    largest = max(published, default=0) or 1
    height = ROW_HEIGHT * len(rows) + 4
    bar_space = WIDTH - LABEL_WIDTH - VALUE_WIDTH
    parts = []
    for index, (label, cell) in enumerate(rows):
        y = index * ROW_HEIGHT + 2
        length = 0 if cell["suppressed"] else max(1, round(bar_space * cell["value"] / largest))
        if rtl:
            # Under direction="rtl" a text's start is its right edge: anchored at the start, a
            # label grows leftwards from the right margin and stays inside the chart.
            label_x, anchor = WIDTH - 4, "start"
            bar_x = WIDTH - LABEL_WIDTH - length
            value_x = bar_x - 4
        else:
            label_x, anchor = 4, "start"
            bar_x = LABEL_WIDTH
            value_x = bar_x + length + 4
        parts.append(format_html(
            '<text x="{}" y="{}" text-anchor="{}">{}</text>', label_x, y + 15, anchor, _short(label)))
        if length:
            parts.append(format_html('<rect x="{}" y="{}" width="{}" height="16" fill="#35607a"/>',
                                     bar_x, y + 2, length))
        # A number is a left-to-right run; the suppressed marker ("fewer than 10*") is words in
        # the chart's language, so its footnote asterisk ends the phrase in that direction. Either
        # way the text grows away from the bar: under rtl, "end" of a left-to-right run and
        # "start" of a right-to-left one are both its right edge.
        value_direction = "rtl" if rtl and cell["suppressed"] else "ltr"
        value_anchor = "end" if rtl and value_direction == "ltr" else "start"
        parts.append(format_html(
            '<text x="{}" y="{}" text-anchor="{}" direction="{}" unicode-bidi="isolate" fill="#222">{}</text>',
            value_x, y + 15, value_anchor, value_direction, cell_text(cell, threshold)))
    direction = ' direction="rtl"' if rtl else ""
    return mark_safe(  # noqa: S308 - every part above is format_html-escaped
        f'<svg class="chart" role="img" aria-hidden="true" focusable="false" viewBox="0 0 {WIDTH} {height}" '
        f'width="100%" font-size="12" font-family="sans-serif"{direction}>'
        + "".join(str(p) for p in parts) + "</svg>")


def _short(label) -> str:
    text = str(label)
    return text if len(text) <= 22 else text[:21] + "…"


