"""In a real browser (Chromium through Playwright): a caseworker logs in, opens a case from
a help request, completes a DASH that reaches 14, and the MARAC form shows the answers
carried over. Also a look at the case page at 360 px (screenshot under var/)."""

import os
import uuid

import pytest

from harbour.cases.models import Case, RiskAssessment
from harbour.help import services as help_services
from tests.firewall.helpers import login
from tests.web.test_browser import CHROMIUM, browser  # noqa: F401 - the shared browser fixture

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

if not os.path.exists(CHROMIUM):
    pytest.skip("Chromium is not installed", allow_module_level=True)


def _log_in(browser, live_server, persona):  # noqa: F811
    """Log in through the real steps with Django's client (so her keyring unlocks), then
    hand its cookies to the browser."""
    client = login(persona)
    context = browser.new_context(viewport={"width": 360, "height": 800})
    context.add_cookies([{"name": name, "value": morsel.value, "url": f"{live_server.url}{morsel['path'] or '/'}"}
                         for name, morsel in client.cookies.items()])
    return context.new_page()


def test_open_a_case_dash_to_14_and_marac_prefilled(browser, live_server, keyed_a, caseworker_a, org_a,  # noqa: F811
                                                    settings):
    help_request, _code = help_services.help_request_create(
        organisation=org_a, needs=["safety"], name="Hana", message="Please call in the morning",
        contact_channel="phone", contact_value="07700 900321", safe_times="mornings", message_ok=False,
        language="en")
    page = _log_in(browser, live_server, caseworker_a)
    page.goto(f"{live_server.url}/staff/help/requests/{help_request.public_id}/")
    page.click("#open-case")
    page.wait_for_url("**/staff/cases/*/")
    case = Case.objects.get()
    assert case.reference in page.content() and "Hana" in page.content()
    (settings.BASE_DIR / "var").mkdir(exist_ok=True)
    page.screenshot(path=str(settings.BASE_DIR / "var" / "cases-360.png"), full_page=False)

    page.select_option("#id_to", "first_contact")
    page.click("text=Change status")
    page.wait_for_selector("#case-status")
    page.click("text=Risk assessment (DASH)")
    for n in range(1, 25):
        page.check(f"input[name=q{n}][value={'yes' if n <= 14 else 'no'}]")
    page.fill("textarea[name=perpetrator]", "Tariq, 40")
    page.fill("input[name=children_ages]", "5, 8")
    page.click("#dash-form button[type=submit]")
    page.wait_for_url("**/assessments/")
    assert RiskAssessment.objects.get().score == 14
    page.click("text=MARAC referral >> nth=0")
    page.wait_for_selector("#marac-form")
    summary = page.input_value("textarea[name=risk_summary]")
    assert "DASH score 14 of 24" in summary and "14. Severity" in summary
    assert page.input_value("textarea[name=perpetrator]") == "Tariq, 40"
    assert page.input_value("input[name=children_ages]") == "5, 8"
    assert page.input_value("input[name=name]") == "Hana"
    assert str(uuid.UUID(str(case.public_id))) in page.url and "Hana" not in page.url
    page.close()
