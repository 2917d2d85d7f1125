"""Her booking in a real browser (Chromium through Playwright), with JavaScript off and on:
book, get the code, cancel with it. The code never reaches an address; a 360 px screenshot of
each page is kept in var/ for a person to look at."""

import os
from pathlib import Path

import pytest

from harbour.training.models import Booking
from tests.web.test_browser import CHROMIUM, browser, click_and_wait_for_page  # noqa: F401 - the shared browser fixture

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

if not os.path.exists(CHROMIUM):
    pytest.skip("Chromium is not installed", allow_module_level=True)

SHOTS = Path(__file__).resolve().parents[2] / "var"


@pytest.mark.parametrize("javascript", [False, True], ids=["no-js", "js"])
@pytest.mark.parametrize("language", ["ar", "en"])
def test_she_books_gets_a_code_and_cancels_with_it(browser, live_server, session, language, javascript):  # noqa: F811
    context = browser.new_context(java_script_enabled=javascript, viewport={"width": 360, "height": 800})

    def send(selector):
        # With JavaScript the form is sent in place; without, the browser loads the next page.
        if javascript:
            click_and_wait_for_page(page, selector)
        else:
            page.click(selector)

    shot = f"{language}-js" if javascript else language
    page = context.new_page()
    page.goto(f"{live_server.url}/{language}/workshops/")
    page.screenshot(path=str(SHOTS / f"training-list-{shot}.png"), full_page=True)
    page.click(f"a[href$='/workshops/{session.public_id}/']")
    page.fill("input[name=name]", "ليلى" if language == "ar" else "Leila")
    page.fill("input[name=children]", "2")
    page.screenshot(path=str(SHOTS / f"training-session-{shot}.png"), full_page=True)
    send("form button[type=submit]")
    code = page.inner_text("p.typed strong").strip()
    if language == "ar":
        # Arabic has no reviewed word list: eight groups of four Arabic-Indic digits, marked Arabic.
        assert len(code.split()) == 8 and all("\u0660" <= ch <= "\u0669" for ch in code.replace(" ", ""))
    else:
        assert len(code.split()) == 9 and code.replace(" ", "").isalpha()
    assert page.get_attribute("p.typed", "lang") == language
    assert code not in page.url
    page.screenshot(path=str(SHOTS / f"training-booked-{shot}.png"), full_page=True)

    page.goto(f"{live_server.url}/{language}/workshops/booking/")
    page.fill("input[name=code]", code)
    send("form button[type=submit]")
    send("button[name=action][value=cancel]")
    send("button[name=action][value=confirm_cancel]")
    assert code not in page.url
    page.screenshot(path=str(SHOTS / f"training-cancelled-{shot}.png"), full_page=True)
    assert Booking.objects.get().status == Booking.Status.CANCELLED
    assert Booking.objects.get().children == 2
    context.close()


def test_pages_do_not_scroll_sideways_at_320_px(browser, live_server, session):  # noqa: F811
    page = browser.new_page(viewport={"width": 320, "height": 700})
    for path in ("/ar/workshops/", f"/ar/workshops/{session.public_id}/", "/ar/workshops/booking/"):
        page.goto(f"{live_server.url}{path}")
        assert page.evaluate("document.documentElement.scrollWidth") <= 320, path
    page.close()
