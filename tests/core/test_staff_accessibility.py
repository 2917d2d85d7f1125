"""axe-core finds no violation at any impact on any staff page (issue 9, acceptance; issue 18,
Accessibility 1).

The pages are those the navigation crawl (tests/core/test_navigation_reach.py) reaches from the
dashboard for every role of the demo world and a network coordinator, so a new app's staff
pages are covered once it registers its links and ships demo data; each address is opened once,
as the first person who reached it, in Chromium, and checked with the pinned axe-core
(tests/web/a11y.py). Also the login steps and a page showing a message after an action.

The sweep checks templates, not the database: CI runs the suite on SQLite and on PostgreSQL,
so it runs on SQLite only.
"""

import os

import pytest

from tests.core.test_navigation_reach import _crawl, demo_world, people  # noqa: F401 - fixtures
from tests.web.a11y import OVERFLOW, axe_violations
from tests.web.test_browser import browser  # noqa: F401 - the shared Chromium fixture (skips without it)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(os.environ.get("DATABASE_URL", "").startswith("postgres"),
                       reason="checks templates, not the database: run once, on SQLite"),
]


def _context_as(browser, live_server, client, **options):  # noqa: F811
    from django.conf import settings

    context = browser.new_context(bypass_csp=True, **options)
    context.add_cookies([{"name": name, "url": live_server.url, "value": client.cookies[name].value}
                         for name in (settings.SESSION_COOKIE_NAME, "messages") if name in client.cookies])
    return context


def test_no_staff_page_has_an_axe_violation(browser, live_server, people):  # noqa: F811
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()
    first_to_reach: dict[str, str] = {}
    for who, client in people.items():
        for paths in _crawl(client).values():
            for path in paths:
                first_to_reach.setdefault(path, who)
    assert len(first_to_reach) > 20
    found = {}
    for who, client in people.items():
        paths = sorted(path for path, first in first_to_reach.items() if first == who)
        if not paths:
            continue
        context = _context_as(browser, live_server, client)
        page = context.new_page()
        for path in paths:
            page.goto(live_server.url + path)
            if problems := axe_violations(page, axe):
                found[f"{who} {path}"] = problems
        context.close()
        # The same pages on a 360 px phone: nothing makes the page itself scroll sideways (a
        # wide table scrolls in its own region; a visually hidden table header once escaped
        # that region and widened the members page by 200 px).
        context = _context_as(browser, live_server, client, viewport={"width": 360, "height": 740})
        page = context.new_page()
        for path in paths:
            page.goto(live_server.url + path)
            if (wider := page.evaluate(OVERFLOW)) > 0:
                found[f"{who} {path} at 360 px"] = [f"the page scrolls sideways by {wider} px"]
        context.close()
    anonymous = browser.new_context(bypass_csp=True)
    page = anonymous.new_page()
    for path in ("/staff/login/", "/staff/password-reset/", "/staff/invitation/not-a-token/"):
        page.goto(live_server.url + path)
        if problems := axe_violations(page, axe):
            found[path] = problems
    anonymous.close()
    assert found == {}, "\n".join(f"{name}: {problems}" for name, problems in found.items())


def test_a_message_after_an_action_is_inside_the_main_landmark(browser, live_server, people):  # noqa: F811
    from harbour.accounts.models import Membership

    who = next(w for w in people if w.startswith("admin of "))
    client = people[who]
    membership = Membership.objects.filter(role=Membership.Role.ADMIN, is_active=True,
                                           organisation__name=who.removeprefix("admin of ")).first()
    organisation_path = f"/staff/organisations/{membership.organisation.public_id}/"
    response = client.post(organisation_path, {"email": "new.member@nav.example.org", "role": "caseworker",
                                               "language": "en"})
    assert response.status_code == 302
    context = _context_as(browser, live_server, client)
    page = context.new_page()
    page.goto(live_server.url + organisation_path)
    assert page.locator("main .messages li").count() == 1
    assert axe_violations(page) == []
    context.close()
