"""A period written in digits reads as typed in right-to-left pages (walk-throughs found the
Arabic staff hint "الفترة (2026 أو 2026-Q2 أو 2026-05)" shown as "Q2-2026", "2026-05" broken at
its hyphen over two lines, the public error and the report heading reversed): each token
is wrapped in a left-to-right `bdi` kept on one line."""

import pytest
from django.template.loader import render_to_string
from django.utils import translation

from harbour.core.templatetags.harbour import ltr_tokens
from harbour.impact.disclosure import PeriodError
from harbour.impact.forms import period_message

T = '<bdi dir="ltr" class="token">{}</bdi>'


@pytest.mark.parametrize(("text", "expected"), [
    ("الفترة (2026 أو 2026-Q2 أو 2026-05)", f"الفترة (2026 أو {T.format('2026-Q2')} أو {T.format('2026-05')})"),
    ("at 14:30 on 31/12", f"at {T.format('14:30')} on {T.format('31/12')}"),
    ("٢٠٢٦-٠٥ and a well-known word", f"{T.format('٢٠٢٦-٠٥')} and a well-known word"),
])
def test_tokens_written_left_to_right_are_isolated(text, expected):
    assert ltr_tokens(text) == expected


TOKEN = '<bdi dir="ltr" class="token">{}</bdi>'


@pytest.mark.parametrize("template", ["impact/staff/_period.html"])
def test_the_period_hint_isolates_its_examples_in_arabic(template):
    with translation.override("ar"):
        html = render_to_string(template, {"period": "2026"})
    assert TOKEN.format("2026-Q2") in html and TOKEN.format("2026-05") in html


def test_the_filter_escapes_plain_text_and_keeps_tokens_on_one_line():
    from pathlib import Path

    from django.conf import settings

    assert ltr_tokens("<b>2026-05</b>") == "&lt;b&gt;" + TOKEN.format("2026-05") + "&lt;/b&gt;"
    css = (Path(settings.BASE_DIR) / "harbour/web/static/web/harbour.css").read_text()
    assert ".token{white-space:nowrap}" in css


def test_the_public_error_and_the_report_heading_isolate_the_period(client, db):
    from tests.impact.conftest import FEB  # noqa: F401 - the app's test data module loads

    page = client.get("/ar/figures/?period=2025-Q5")
    assert page.status_code == 400
    body = page.content.decode()
    assert TOKEN.format("2026-Q2") in body and TOKEN.format("2026-05") in body


def test_the_period_error_page_isolates_its_examples_in_arabic():
    with translation.override("ar"):
        message = period_message(PeriodError("x"))
        html = render_to_string("impact/staff/bad_request.html", {"message": message})
    # The message itself stays plain text (the API and CSV send it as it is); the page isolates.
    assert "<bdi" not in message
    assert TOKEN.format("2026-Q2") in html and TOKEN.format("2026-05") in html
