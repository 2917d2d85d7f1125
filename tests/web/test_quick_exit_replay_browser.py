# ruff: noqa: F811 - pytest fixtures imported from other modules are parameters here
"""Back after Quick exit with JavaScript off, in real Chromium at 360 px: whatever Back shows,
her words never come back (a walk-through found the help form sent again and its "expired"
page printing them). With JavaScript off, Back can still reach Harbour's pages (the safety
page says so); what she typed must not be on any of them."""

import os

import pytest

from tests.firewall.fixtures import sealed_a  # noqa: F401 - an organisation that takes requests
from tests.web.test_browser import CHROMIUM, browser  # noqa: F401

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

if not os.path.exists(CHROMIUM):
    pytest.skip("Chromium is not installed", allow_module_level=True)

MESSAGE = "my husband keeps my passport locked away"
ELSEWHERE = "https://weather.example.org/"  # another site, as the real exit goes to; answered locally


@pytest.fixture
def elsewhere(settings):
    settings.EXIT_URL = ELSEWHERE
    return ELSEWHERE


@pytest.mark.parametrize("outcome", ["sent", "refused"])
def test_back_after_quick_exit_without_javascript_never_shows_her_words(browser, live_server, elsewhere,
                                                                        sealed_a, org_a, outcome):
    from playwright.sync_api import Error

    context = browser.new_context(viewport={"width": 360, "height": 740}, java_script_enabled=False)
    context.route(f"{ELSEWHERE}**", lambda route: route.fulfill(status=200, content_type="text/html",
                                                               body="<h1>Weather</h1>"))
    page = context.new_page()
    page.goto(ELSEWHERE)
    page.goto(f"{live_server.url}/en/help/")
    if outcome == "sent":
        page.check(f"input[name=organisation][value=\"{org_a.public_id}\"]")
    page.check("input[name=needs][value=safety]")
    page.fill("textarea[name=message]", MESSAGE)
    page.click("main form button[type=submit]")
    page.wait_for_load_state("load")
    assert MESSAGE in page.content() or outcome == "sent"
    page.click("a.exit")
    page.wait_for_url(ELSEWHERE)
    shown = []
    for _ in range(4):
        try:
            page.go_back(wait_until="load")
        except Error:  # "Confirm form resubmission": nothing shown
            continue
        if MESSAGE in page.content():
            shown.append(page.url)
        try:  # a reload of a posted page sends the form again, as a hand on her phone could
            page.reload(wait_until="load")
        except Error:
            continue
        if MESSAGE in page.content():
            shown.append(f"{page.url} after reload")
    assert shown == []
    context.close()
