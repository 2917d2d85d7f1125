"""axe-core finds no violation on any staff page (issue 9, acceptance).

The pages are those a crawl from the dashboard reaches (tests/core/test_navigation_reach.py),
for an admin, a caseworker and a network coordinator of the demo, plus the login steps; each
is opened in Chromium and checked with axe-core 4.12 (bundled by axe-playwright-python).
Bounded: at most two pages of each kind per person.
"""

import pytest

from tests.core.test_navigation_reach import _crawl, demo_world, people  # noqa: F401 - fixtures
from tests.web.test_browser import browser  # noqa: F401 - the shared Chromium fixture (skips without it)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _violations(page) -> list[str]:
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    return [f"{v['id']}: {[n['target'] for n in v['nodes']][:3]}" for v in results.response["violations"]]


def test_no_staff_page_has_an_axe_violation(browser, live_server, people):  # noqa: F811
    from django.conf import settings

    chosen = {who: client for who, client in people.items()
              if who.startswith(("admin of Northside", "caseworker of Northside", "network_coordinator"))}
    assert len(chosen) == 3
    found = {}
    for who, client in chosen.items():
        paths = sorted({path for paths in _crawl(client).values() for path in paths})
        context = browser.new_context(bypass_csp=True)
        context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "url": live_server.url,
                              "value": client.cookies[settings.SESSION_COOKIE_NAME].value}])
        page = context.new_page()
        for path in paths:
            page.goto(live_server.url + path)
            problems = _violations(page)
            if problems:
                found[f"{who} {path}"] = problems
        context.close()
    anonymous = browser.new_context(bypass_csp=True)
    page = anonymous.new_page()
    for path in ("/staff/login/", "/staff/password-reset/", "/staff/invitation/not-a-token/"):
        page.goto(live_server.url + path)
        problems = _violations(page)
        if problems:
            found[path] = problems
    anonymous.close()
    assert found == {}
