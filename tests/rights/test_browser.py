"""The rights interview in a real browser (Chromium through Playwright), in Arabic."""

import os

import pytest

from tests.web.test_browser import CHROMIUM, browser, click_and_wait_for_page  # noqa: F401 - the shared browser fixture

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

if not os.path.exists(CHROMIUM):
    pytest.skip("Chromium is not installed", allow_module_level=True)


def test_she_answers_every_question_and_her_answers_never_reach_the_address(browser, live_server):  # noqa: F811
    page = browser.new_page()
    page.goto(f"{live_server.url}/ar/rights/")
    assert page.evaluate("document.documentElement.dir") == "rtl"
    page.select_option("select[name=where]", "gb-eaw")
    for _ in range(6):
        radios = page.locator("input[type=radio]")
        if radios.count():
            radios.first.check()
        click_and_wait_for_page(page, "button[value=next]")
        assert "gb-eaw" not in page.url and "?" not in page.url
    # The result: the honest note on police and immigration data, in Arabic.
    html = page.content()
    assert "لا يوجد قانون يمنع الشرطة" in html
    assert page.url == f"{live_server.url}/ar/rights/answer/"
    page.close()
