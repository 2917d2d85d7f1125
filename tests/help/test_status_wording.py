"""The status and deletion pages say only what is true (issue 8, item 10)."""

import datetime

from django.urls import reverse

from harbour.help.models import HelpRequest
from tests.firewall.helpers import login, today
from tests.help.test_journey import code_in, submit


def shared_with_b(client, org_a, caseworker_a, partner_b):
    """She asks A for help; A refers her to B with her consent. Returns her code."""
    code = code_in(submit(client, org_a))
    help_request = HelpRequest.objects.get(organisation=org_a)
    caseworker = login(caseworker_a)
    caseworker.post(reverse("help_staff:add_consent", args=[help_request.public_id]), {
        "recipient": str(partner_b.public_id), "categories": ["contact", "needs"], "purpose": "support",
        "expires_on": (today() + datetime.timedelta(days=30)).isoformat(), "method": "phone", "language": "en"})
    from harbour.firewall.models import Consent
    consent = Consent.objects.get()
    caseworker.post(reverse("help_staff:share", args=[consent.public_id]))
    return code, consent


def test_her_own_withdrawal_in_this_visit_does_not_warn_that_someone_else_may_know_her_code(
        client, sealed_a, partner_b, caseworker_a, org_a):
    code, consent = shared_with_b(client, org_a, caseworker_a, partner_b)
    first = client.post("/en/help/status/", {"code": code}).content.decode()
    assert "This code has not been used before." in first
    assert 'name="seen" value="1"' in first  # her next action says she is still in this visit
    html = client.post("/en/help/status/", {"code": code, "action": "revoke", "consent": str(consent.public_id),
                                            "seen": "1"}).content.decode()
    assert "Your consent is withdrawn" in html
    assert "someone else may know your code" not in html


def test_a_later_visit_still_warns_when_the_code_was_used_before(client, sealed_a, org_a):
    code = code_in(submit(client, org_a))
    client.post("/en/help/status/", {"code": code})
    assert "someone else may know your code" in client.post("/en/help/status/", {"code": code}).content.decode()


def test_the_deletion_page_names_the_partners_that_keep_a_copy(client, sealed_a, partner_b, caseworker_a, org_a):
    code, _consent = shared_with_b(client, org_a, caseworker_a, partner_b)
    html = client.post("/en/help/status/", {"code": code, "action": "delete", "confirm": "on"}).content.decode()
    assert not HelpRequest.objects.filter(organisation=org_a).exists()
    assert "can no longer be read by anyone" not in html
    assert "Organisation B" in html
    assert "They keep their own copy of what was shared" in html


def test_the_deletion_page_says_nothing_was_shared_when_nothing_was(client, sealed_a, org_a):
    code = code_in(submit(client, org_a))
    html = client.post("/en/help/status/", {"code": code, "action": "delete", "confirm": "on"}).content.decode()
    assert "It had not been shared with any other organisation." in html
