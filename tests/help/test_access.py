"""Who sees requests: caseworkers and admins of the holding organisation only. The
outsider (a caseworker of B) and other roles get 404 and change nothing."""

import datetime

import pytest
from django.urls import reverse

from harbour.accounts.models import Membership
from harbour.core.models import AuditEntry
from harbour.firewall import services as firewall_services
from harbour.firewall.models import Consent, Disclosure
from harbour.help import services
from harbour.help.models import HelpNote, HelpRequest
from tests.conftest import make_persona, verified_client
from tests.firewall.helpers import login, today


@pytest.fixture
def request_a(sealed_a, org_a):
    help_request, _code = services.help_request_create(organisation=org_a, needs=["health"], name="Secret Name",
                                                       message="Secret message", language="en")
    return help_request


@pytest.fixture
def consent_a(request_a, partner_b, caseworker_a, org_a):
    return firewall_services.consent_record(
        acting_user=caseworker_a.user, organisation=org_a, subject_ref=request_a.public_id, recipient=partner_b,
        categories=["identity"], purpose="support", expires_on=today() + datetime.timedelta(days=3),
        method="phone", language="en")


def state():
    return (list(HelpRequest.objects.values_list("status", flat=True).order_by("pk")), HelpNote.objects.count(),
            Consent.objects.count(), list(Consent.objects.values_list("revoked_on", flat=True)),
            Disclosure.objects.count(), AuditEntry.objects.count())


def test_outsider_gets_404_everywhere_and_changes_nothing(request_a, consent_a, outsider, org_a, sealed_b):
    client = login(outsider)
    before = state()
    pages = [
        ("get", reverse("help_staff:inbox", args=[org_a.public_id]), {}),
        ("get", reverse("help_staff:detail", args=[request_a.public_id]), {}),
        ("post", reverse("help_staff:set_status", args=[request_a.public_id]), {"status": "closed"}),
        ("post", reverse("help_staff:add_note", args=[request_a.public_id]), {"text": "x"}),
        ("post", reverse("help_staff:add_consent", args=[request_a.public_id]), {}),
        ("post", reverse("help_staff:share", args=[consent_a.public_id]), {}),
        ("post", reverse("help_staff:revoke", args=[consent_a.public_id]), {"confirm": "yes"}),
        ("get", reverse("help_staff:revoke", args=[consent_a.public_id]), {}),
    ]
    for method, url, data in pages:
        response = getattr(client, method)(url, data)
        assert response.status_code == 404, url
        assert "Secret" not in response.content.decode()
    assert state() == before


def test_outsiders_own_inbox_does_not_list_another_organisations_requests(request_a, outsider, org_b, sealed_b):
    response = login(outsider).get(reverse("help_staff:inbox", args=[org_b.public_id]))
    assert response.status_code == 200
    assert "No requests." in response.content.decode()


def test_a_missing_request_and_another_organisations_request_look_the_same(request_a, as_outsider):
    missing = as_outsider.get(reverse("help_staff:detail", args=["00000000-0000-0000-0000-000000000000"]))
    theirs = as_outsider.get(reverse("help_staff:detail", args=[request_a.public_id]))
    assert (missing.status_code, theirs.status_code) == (404, 404)
    assert missing.content == theirs.content


@pytest.mark.parametrize("role", [Membership.Role.TRAINER, Membership.Role.VIEWER, Membership.Role.COMMUNITY_WORKER])
def test_members_without_a_casework_role_get_404(request_a, org_a, role):
    persona = make_persona(email=f"{role}@a.example.org", organisation=org_a, role=role)
    client = verified_client(persona)
    before = state()
    assert client.get(reverse("help_staff:detail", args=[request_a.public_id])).status_code == 404
    assert client.post(reverse("help_staff:set_status", args=[request_a.public_id]),
                       {"status": "closed"}).status_code == 404
    assert state() == before


def test_anonymous_visitors_are_sent_to_log_in(request_a, client):
    response = client.get(reverse("help_staff:detail", args=[request_a.public_id]))
    assert response.status_code == 302
    assert response["Location"].startswith("/staff/login/")


def test_a_caseworker_without_an_open_key_sees_structured_fields_but_nothing_sealed(request_a, as_caseworker_a):
    # Logged in without the password step (no keyring in the session): nothing is unsealed.
    html = as_caseworker_a.get(reverse("help_staff:detail", args=[request_a.public_id])).content.decode()
    assert "Secret" not in html
    assert "health" in html
    assert AuditEntry.objects.filter(action="help.request.open").count() == 0


def test_opening_a_request_is_audited_with_pseudonymous_ids_only(request_a, caseworker_a):
    login(caseworker_a).get(reverse("help_staff:detail", args=[request_a.public_id]))
    entry = AuditEntry.objects.get(action="help.request.open")
    assert (entry.actor, entry.subject) == (str(caseworker_a.user.public_id), str(request_a.public_id))
    assert "Secret" not in str(entry.detail)


@pytest.mark.parametrize("count", [5, 50])
def test_an_inbox_page_costs_the_same_queries_whatever_its_length_and_one_audit_entry(
        sealed_a, org_a, caseworker_a, django_assert_num_queries, count):
    for number in range(count):
        services.help_request_create(organisation=org_a, needs=["other"], name=f"Person {number}", language="en")
    client = login(caseworker_a)
    with django_assert_num_queries(14):  # 13, and the staff navigation's roles
        html = client.get(reverse("help_staff:inbox", args=[org_a.public_id])).content.decode()
    assert all(f"Person {n}<" in html for n in range(count))
    entry = AuditEntry.objects.get(action="help.inbox.view")
    assert len(entry.detail["requests"]) == count


def test_the_inbox_pages_by_fifty_and_filters_by_status(sealed_a, org_a, caseworker_a):
    for number in range(51):
        services.help_request_create(organisation=org_a, needs=["other"], name=f"Person {number}", language="en")
    HelpRequest.objects.filter(pk=HelpRequest.objects.order_by("pk").first().pk).update(status="closed")
    client = login(caseworker_a)
    url = reverse("help_staff:inbox", args=[org_a.public_id])
    first = client.get(url).content.decode()
    assert first.count("/staff/help/requests/") == 50
    assert "page=2" in first
    assert client.get(url + "?page=2").content.decode().count("/staff/help/requests/") == 1
    closed = client.get(url + "?status=closed").content.decode()
    assert closed.count("/staff/help/requests/") == 1


def test_closing_records_the_day_and_reopening_clears_it(request_a, caseworker_a):
    client = login(caseworker_a)
    client.post(reverse("help_staff:set_status", args=[request_a.public_id]), {"status": "closed"})
    request_a.refresh_from_db()
    assert (request_a.status, request_a.closed_on) == ("closed", today())
    client.post(reverse("help_staff:set_status", args=[request_a.public_id]), {"status": "contacted"})
    request_a.refresh_from_db()
    assert (request_a.status, request_a.closed_on) == ("contacted", None)
