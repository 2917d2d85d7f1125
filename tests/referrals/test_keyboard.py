# ruff: noqa: F811 - pytest fixtures imported from other modules are parameters here
"""The staff journeys of referrals and impact figures with the keyboard alone, in real Chromium
(issue 18, Accessibility 2; the helpers and their checks are tests/web/test_keyboard.py's: a
visible focus at every stop, no trap). A receiving caseworker finds a referral sent to her
organisation, marks it received and accepts it; an administrator opens her organisation's
figures, changes the period by typing it, and opens the funder report."""

import datetime
import os

import pytest

from harbour.referrals.models import Referral
from tests.web.test_browser import CHROMIUM, browser  # noqa: F401
from tests.web.test_keyboard import activate, login, tab_to

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

if not os.path.exists(CHROMIUM):
    pytest.skip("Chromium is not installed", allow_module_level=True)


def test_a_received_referral_is_accepted_with_the_keyboard_alone(browser, live_server, sent_referral, caseworker_b):
    context = browser.new_context()
    page = context.new_page()
    login(page, live_server.url, caseworker_b)
    activate(page, "nav a[href='/staff/referrals/']")
    if page.locator(f"main a[href*='{sent_referral.pk}']").count() == 0:
        activate(page, "main a[href='/staff/referrals/received/']")
    activate(page, f"main a[href*='{sent_referral.pk}']")
    assert str(sent_referral.pk) in page.url
    activate(page, "#move-received button")
    sent_referral.refresh_from_db()
    assert sent_referral.status == Referral.Status.RECEIVED
    activate(page, "#move-accepted button")
    sent_referral.refresh_from_db()
    assert sent_referral.status == Referral.Status.ACCEPTED
    context.close()


def test_the_figures_and_the_funder_report_with_the_keyboard_alone(browser, live_server, admin_a):
    year = str(datetime.date.today().year - 1)
    context = browser.new_context()
    page = context.new_page()
    login(page, live_server.url, admin_a)
    activate(page, "nav a[href='/staff/impact/']")
    assert str(admin_a.organisation.public_id) in page.url
    tab_to(page, "main input[name=period]")
    page.keyboard.press("Control+A")
    page.keyboard.type(year)
    page.keyboard.press("Enter")
    page.wait_for_url(f"**period={year}**")
    activate(page, "main a[href*='/report/']")
    assert "/report/" in page.url and f"period={year}" in page.url
    assert page.locator("main table").count() > 0
    context.close()
