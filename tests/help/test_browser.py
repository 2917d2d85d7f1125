"""Her journey in a real browser (Chromium through Playwright): ask, get a code, check."""

import os

import pytest

from harbour.help.models import HelpRequest
from tests.web.test_browser import CHROMIUM, browser, click_and_wait_for_page  # noqa: F401 - the shared browser fixture

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

if not os.path.exists(CHROMIUM):
    pytest.skip("Chromium is not installed", allow_module_level=True)


def test_she_asks_for_help_gets_a_code_and_checks_it(browser, live_server, sealed_a, org_a):  # noqa: F811
    page = browser.new_page()
    page.goto(f"{live_server.url}/ar/help/")
    page.check(f"input[name=organisation][value='{org_a.public_id}']")
    page.check("input[name=needs][value=safety]")
    page.fill("textarea[name=message]", "رسالة تجريبية من المتصفح")
    click_and_wait_for_page(page, "main form button[type=submit]")
    code = page.inner_text("pre.typed").strip()
    # Arabic has no reviewed word list: eight groups of four Arabic-Indic digits, marked Arabic.
    assert len(code.split()) == 8 and all("\u0660" <= ch <= "\u0669" for ch in code.replace(" ", ""))
    assert page.get_attribute("pre.typed", "lang") == "ar"
    assert HelpRequest.objects.count() == 1
    assert "/ar/help/" in page.url and code not in page.url

    page.goto(f"{live_server.url}/ar/help/status/")
    page.fill("input[name=code]", code)
    click_and_wait_for_page(page, "main form button[type=submit]")
    assert code not in page.url
    assert page.locator("form input[name=action][value=delete]").count() == 1
    page.close()
