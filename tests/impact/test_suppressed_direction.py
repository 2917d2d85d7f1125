"""The suppressed-cell marker ("fewer than 10*") follows the direction of its words, so its
footnote asterisk ends the phrase: on the left in Arabic, on the right in English (issue 18:
a `bdi dir="ltr"` around the Arabic words put the asterisk before them). Numbers stay
isolated left to right."""

import re

import pytest
from django.utils import translation

from harbour.impact import charts
from harbour.impact.templatetags.impact_cells import cell
from tests.impact.test_views import fill, org_url

pytestmark = pytest.mark.django_db

SUPPRESSED = {"value": None, "suppressed": True}
PUBLISHED = {"value": 1234, "suppressed": False}


def test_a_number_is_isolated_left_to_right_and_the_marker_by_its_own_words():
    with translation.override("ar"):
        marker = charts.cell_text(SUPPRESSED, 10)
        assert str(cell(dict(SUPPRESSED, text=marker))) == f"<bdi>{marker}</bdi>"
        assert marker.startswith("أقل") and marker.endswith("*")
        number = charts.cell_text(PUBLISHED, 10)
        assert str(cell(dict(PUBLISHED, text=number))) == f'<bdi dir="ltr">{number}</bdi>'
    assert cell({"text": "", "suppressed": True}) == ""


def test_the_chart_writes_the_marker_right_to_left_in_an_arabic_chart_and_numbers_left_to_right():
    with translation.override("ar"):
        svg = str(charts.bar_chart([("أ", SUPPRESSED), ("ب", PUBLISHED)], threshold=10, rtl=True))
    values = re.findall(r'<text [^>]*text-anchor="(\w+)" direction="(\w+)" unicode-bidi="isolate"[^>]*>([^<]*)</text>',
                        svg)
    assert [(anchor, direction) for anchor, direction, _text in values] == [("start", "rtl"), ("end", "ltr")]
    assert values[0][2].startswith("أقل")
    english = str(charts.bar_chart([("a", SUPPRESSED)], threshold=10, rtl=False))
    assert 'text-anchor="start" direction="ltr" unicode-bidi="isolate" fill="#222">fewer than 10*' in english


def test_the_staff_figure_page_in_arabic_isolates_the_marker_in_its_own_direction(as_caseworker_a, caseworker_a,
                                                                                   org_a):
    caseworker_a.user.language = "ar"
    caseworker_a.user.save()
    fill(org_a, per_month=12)
    html = as_caseworker_a.get(org_url("figure", org_a, "help_requests")
                               + "?period=2025-Q1&threshold=13&months=1").content.decode()
    assert '<html lang="ar" dir="rtl">' in html
    markers = re.findall(r"<bdi( dir=\"ltr\")?>(أقل من [^<]*\*)</bdi>", html)
    assert markers and all(forced == "" for forced, _text in markers)
