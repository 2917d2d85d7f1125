"""The whole journey through the pages: she asks, a caseworker answers and refers with
consent, the partner receives, she checks, withdraws and deletes."""

import datetime
import re

from django.urls import reverse

from harbour.core.audit import audit_verify
from harbour.core.models import AuditEntry
from harbour.firewall.models import Consent, Disclosure
from harbour.help.models import HelpRequest
from tests.firewall.helpers import login, today


def submit(client, organisation, **fields):
    data = {"organisation": str(organisation.public_id), "needs": ["safety", "housing"],
            "contact_channel": "phone", "contact_value": "07700 900123", "safe_times": "weekday mornings",
            "message_ok": "no", "name": "Amina", "message": "I need somewhere safe to stay."}
    data.update(fields)
    return client.post("/en/help/", data)


def code_in(response) -> str:
    return re.search(r'<pre class="typed"[^>]*>([^<]+)</pre>', response.content.decode()).group(1)


def test_the_whole_journey_through_the_pages(client, sealed_a, partner_b, caseworker_a, outsider, org_a, org_b):
    # 1-2. She asks for help and is shown her code once.
    response = submit(client, org_a)
    assert response.status_code == 200
    code = code_in(response)
    assert len(code.split()) == 9
    help_request = HelpRequest.objects.get()
    assert help_request.needs == ["housing", "safety"]
    assert help_request.created_at == today()

    # 3. The caseworker sees it, opens it, sets the status and writes a note.
    caseworker = login(caseworker_a)
    inbox = caseworker.get(reverse("help_staff:inbox", args=[org_a.public_id]))
    assert inbox.status_code == 200
    assert "Amina" in inbox.content.decode()
    detail = caseworker.get(reverse("help_staff:detail", args=[help_request.public_id]))
    assert "I need somewhere safe to stay." in detail.content.decode()
    assert "07700 900123" in detail.content.decode()
    assert AuditEntry.objects.filter(action="help.request.open", subject=str(help_request.public_id)).count() == 1
    caseworker.post(reverse("help_staff:set_status", args=[help_request.public_id]), {"status": "contacted"})
    caseworker.post(reverse("help_staff:add_note", args=[help_request.public_id]), {"text": "Called, she is safe."})
    help_request.refresh_from_db()
    assert help_request.status == "contacted"

    # 4. With her consent, the caseworker refers her to B through the gate.
    response = caseworker.post(reverse("help_staff:add_consent", args=[help_request.public_id]), {
        "recipient": str(partner_b.public_id), "categories": ["identity", "contact", "needs", "narrative"],
        "purpose": "support", "expires_on": (today() + datetime.timedelta(days=30)).isoformat(),
        "method": "phone", "language": "fa", "interpreter": "Interpreter 42",
    })
    assert response.status_code == 302
    consent = Consent.objects.get()
    caseworker.post(reverse("help_staff:share", args=[consent.public_id]))
    disclosure = Disclosure.objects.get()
    assert disclosure.categories == ["contact", "identity", "narrative", "needs"]
    referred = HelpRequest.objects.get(organisation=org_b)
    assert referred.referred_by == org_a
    assert referred.needs == ["housing", "safety"]
    partner = login(outsider)
    partner_inbox = partner.get(reverse("help_staff:inbox", args=[org_b.public_id])).content.decode()
    assert "Amina" in partner_inbox
    partner_detail = partner.get(reverse("help_staff:detail", args=[referred.public_id])).content.decode()
    assert "I need somewhere safe to stay." in partner_detail
    assert "Called, she is safe." not in partner_detail  # notes were not in the consent

    # 5. She checks with her code: status, the disclosure, last used.
    status = client.post("/en/help/status/", {"code": code.upper()})
    html = status.content.decode()
    assert status.status_code == 200
    assert "Contacted" in html and "Organisation B" in html
    assert "This code has not been used before." in html
    again = client.post("/en/help/status/", {"code": code}).content.decode()
    assert "This code was last used on" in again
    # She withdraws her consent: nothing more can be shared under it.
    client.post("/en/help/status/", {"code": code, "action": "revoke", "consent": str(consent.public_id)})
    consent.refresh_from_db()
    assert consent.revoked_on == today()
    refused = caseworker.post(reverse("help_staff:share", args=[consent.public_id]), follow=True)
    assert "withdrawn this consent" in refused.content.decode()
    assert Disclosure.objects.count() == 1
    # She asks for deletion: asked to confirm, then it is gone.
    confirm = client.post("/en/help/status/", {"code": code, "action": "delete"})
    assert "Yes, delete it now" in confirm.content.decode()
    assert HelpRequest.objects.filter(pk=help_request.pk).exists()
    client.post("/en/help/status/", {"code": code, "action": "delete", "confirm": "on"})
    assert not HelpRequest.objects.filter(pk=help_request.pk).exists()
    assert Consent.objects.count() == 0
    gone = client.post("/en/help/status/", {"code": code})
    assert "No request matches that code" in gone.content.decode()
    assert audit_verify().ok


def test_a_consent_without_a_recipient_is_refused_on_the_page_and_nothing_is_stored(client, sealed_a, caseworker_a,
                                                                                    org_a):
    submit(client, org_a)
    help_request = HelpRequest.objects.get()
    response = login(caseworker_a).post(reverse("help_staff:add_consent", args=[help_request.public_id]), {
        "categories": ["identity"], "purpose": "support", "expires_on": today().isoformat(),
        "method": "phone", "language": "en",
    })
    assert response.status_code == 400
    assert "Choose a recipient your organisation has registered." in response.content.decode()
    assert Consent.objects.count() == 0
