"""The period's format examples read as typed in right-to-left pages (a walk-through found the
Arabic staff hint "الفترة (2026 أو 2026-Q2 أو 2026-05)" shown as "Q2-2026" with "2026-05" broken
at its hyphen): each example is wrapped in Unicode's left-to-right isolate (UAX #9)."""

import pytest
from django.template.loader import render_to_string
from django.utils import translation

from harbour.core.numbers import LRI, PDI, isolate_ltr_tokens
from harbour.impact.disclosure import PeriodError
from harbour.impact.forms import period_message


@pytest.mark.parametrize(("text", "expected"), [
    ("الفترة (2026 أو 2026-Q2 أو 2026-05)", f"الفترة (2026 أو {LRI}2026-Q2{PDI} أو {LRI}2026-05{PDI})"),
    ("at 14:30 on 31/12", f"at {LRI}14:30{PDI} on {LRI}31/12{PDI}"),
    ("٢٠٢٦-٠٥ and a well-known word", f"{LRI}٢٠٢٦-٠٥{PDI} and a well-known word"),
    (f"{LRI}2026-05{PDI}", f"{LRI}2026-05{PDI}"),               # never wrapped twice
])
def test_tokens_written_left_to_right_are_isolated(text, expected):
    assert isolate_ltr_tokens(text) == expected


@pytest.mark.parametrize("template", ["impact/staff/_period.html"])
def test_the_period_hint_isolates_its_examples_in_arabic(template):
    with translation.override("ar"):
        html = render_to_string(template, {"period": "2026"})
    assert f"{LRI}2026-Q2{PDI}" in html and f"{LRI}2026-05{PDI}" in html


def test_the_period_error_page_isolates_its_examples_in_arabic():
    with translation.override("ar"):
        message = period_message(PeriodError("x"))
        html = render_to_string("impact/staff/bad_request.html", {"message": message})
    # The message itself stays plain text (the API and CSV send it as it is); the page isolates.
    assert LRI not in message
    assert f"{LRI}2026-Q2{PDI}" in html and f"{LRI}2026-05{PDI}" in html
