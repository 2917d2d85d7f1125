"""The rights interview in a real browser (Chromium through Playwright), in Arabic."""

import os
from urllib.parse import parse_qs, urlsplit

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
        # Only a sealed token (harbour.core.recall) in the address: nothing readable.
        assert "gb-eaw" not in page.url and set(parse_qs(urlsplit(page.url).query)) <= {"r"}
    # The result: the honest note on police and immigration data, in Arabic.
    html = page.content()
    assert "لا يوجد قانون في المملكة المتحدة يمنع الشرطة" in html
    assert page.url.startswith(f"{live_server.url}/ar/rights/answer/?r=")
    # Reload shows the same result (it used to start the interview again).
    page.reload()
    assert "لا يوجد قانون في المملكة المتحدة يمنع الشرطة" in page.content()
    page.close()


def test_english_rights_on_the_arabic_page_are_marked_and_their_arabic_labels_read_in_order(
        browser, live_server, half_untranslated):  # noqa: F811
    """Issue 8 item 5: in Chromium, the 'only in English' notice runs right to left, and each Arabic duty
    label inside an English right is isolated, so its colon stays after it (on its right)."""
    page = browser.new_page(viewport={"width": 360, "height": 740})
    page.goto(f"{live_server.url}/ar/rights/")
    page.select_option("select[name=where]", "gb-eaw")
    for _ in range(6):
        radios = page.locator("input[type=radio]")
        if radios.count():
            radios.first.check()
        click_and_wait_for_page(page, "button[value=next]")
    english = page.locator('section.r[lang="en"]')
    assert english.count() > 0
    measured = page.evaluate("""() => [...document.querySelectorAll('section.r[lang="en"]')].map(section => {
        const notice = section.querySelector('.ol');
        const label = section.querySelector('ul.d li b');
        const bdi = label.querySelector('bdi');
        const range = document.createRange();
        range.selectNodeContents(label.lastChild);
        return {notice: notice && getComputedStyle(notice).direction,
                section: getComputedStyle(section).direction,
                colonLeft: range.getBoundingClientRect().left,
                colonTop: range.getBoundingClientRect().top,
                labelRight: [...bdi.getClientRects()].at(-1).right,
                labelBottom: [...bdi.getClientRects()].at(-1).bottom,
                text: label.textContent};
    })""")
    for one in measured:
        assert one["notice"] == "rtl" and one["section"] == "ltr"
        # After the label's last line box: on its right, or on the next line.
        assert one["colonLeft"] >= one["labelRight"] - 1 or one["colonTop"] >= one["labelBottom"] - 1, one
    page.close()


def test_without_javascript_back_from_the_directory_shows_her_rights_again(browser, live_server):  # noqa: F811
    """A walk-through: with JavaScript off, Back from a page reached from her result (the
    directory) gave ERR_CACHE_MISS: her result was a posted page."""
    context = browser.new_context(java_script_enabled=False, viewport={"width": 360, "height": 740})
    page = context.new_page()
    page.goto(f"{live_server.url}/en/rights/")
    page.select_option("select[name=where]", "gb-eaw")
    page.click("button[value=next]")
    page.wait_for_selector("input[name=stage]")
    page.check("input[name=stage] >> nth=0")
    page.click("button[value=result]") if page.locator("button[value=result]").count() else page.click("button[value=next]")
    page.wait_for_load_state()
    while page.locator("main a[href='/en/services/']").count() == 0:
        page.click("button[value=next]")
        page.wait_for_load_state()
    result = page.url
    page.click("main a[href='/en/services/'] >> nth=0")
    page.wait_for_url("**/en/services/")
    page.go_back(wait_until="load")
    assert page.url == result
    assert page.locator("main a[href='/en/services/']").count() >= 1
    context.close()
