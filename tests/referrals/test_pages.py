"""Staff pages: each side sees its view; the referrer sees the receipt and never the
receiver's case; outsiders get 404 on every page and change nothing."""

import datetime
import re

import pytest

from harbour.referrals.models import Partnership, Referral
from tests.conftest import verified_client
from tests.firewall.helpers import login
from tests.referrals.conftest import CANARY_NAME, CANARY_PHONE, intake

pytestmark = pytest.mark.django_db


def _state(referral):
    return (Referral.objects.filter(pk=referral.pk).values().get(),
            list(Partnership.objects.values("status", "version")))


def test_the_referrer_sees_the_receipt_and_the_receiver_its_moves(sent_referral, community_a, caseworker_b):
    referrer = verified_client(community_a)
    page = referrer.get(f"/staff/referrals/{sent_referral.pk}/").content.decode()
    assert sent_referral.reference in page and "Safety" in page and CANARY_NAME not in page
    assert 'id="move-withdrawn"' in page and 'id="move-accepted"' not in page
    assert sent_referral.reference in referrer.get("/staff/referrals/sent/").content.decode()

    receiver = verified_client(caseworker_b)
    page = receiver.get(f"/staff/referrals/{sent_referral.pk}/").content.decode()
    assert 'id="move-accepted"' in page and 'id="move-withdrawn"' not in page
    assert sent_referral.reference in receiver.get("/staff/referrals/received/").content.decode()


def test_accepting_on_the_page_opens_a_case_the_referrer_cannot_reach(sent_referral, community_a, caseworker_b):
    receiver = login(caseworker_b)
    response = receiver.post(f"/staff/referrals/{sent_referral.pk}/status/",
                             {"to": "accepted", "version": sent_referral.version})
    assert response.status_code == 302
    referral = Referral.objects.get(pk=sent_referral.pk)
    assert referral.status == "accepted" and referral.case_id is not None
    referrer = verified_client(community_a)
    page = referrer.get(f"/staff/referrals/{referral.pk}/").content.decode()
    assert "Accepted" in page and str(referral.case.public_id) not in page
    assert referrer.get(f"/staff/cases/{referral.case.public_id}/").status_code == 404


def test_a_stale_form_and_a_wrong_move_answer_with_a_message_and_change_nothing(sent_referral, caseworker_b,
                                                                                  community_a):
    receiver = verified_client(caseworker_b)
    before = _state(sent_referral)
    stale = receiver.post(f"/staff/referrals/{sent_referral.pk}/status/",
                          {"to": "received", "version": sent_referral.version - 1})
    assert stale.status_code == 400 and "Someone else changed this referral" in stale.content.decode()
    wrong = receiver.post(f"/staff/referrals/{sent_referral.pk}/status/",
                          {"to": "completed", "reason": "support_delivered", "version": sent_referral.version})
    assert wrong.status_code == 400 and "cannot move" in wrong.content.decode()
    not_mine = receiver.post(f"/staff/referrals/{sent_referral.pk}/status/",
                             {"to": "withdrawn", "version": sent_referral.version})
    assert not_mine.status_code == 404
    assert _state(sent_referral) == before


def test_the_intake_page_works_without_javascript_and_keeps_nothing_of_her_at_the_referrer(partnership,
                                                                                           community_a):
    client = verified_client(community_a)
    page = client.get("/staff/referrals/intake/")
    assert page.status_code == 200
    # The partnership is chosen by the receiving organisation's name, not an id.
    option = re.search(rf'<option value="{partnership.pk}"[^>]*>([^<]+)</option>', page.content.decode()).group(1)
    assert option == partnership.receiving_organisation.name
    form = {"partnership": partnership.pk, "needs": ["safety"], "name": CANARY_NAME, "message": "words",
            "contact_channel": "phone", "contact_value": CANARY_PHONE, "safe_times": "", "language": "ar",
            "categories": ["identity", "contact", "needs", "narrative"], "method": "in_person",
            "expires_on": (datetime.date.today() + datetime.timedelta(days=30)).isoformat(), "interpreter": "",
            "agreed": "on"}
    response = client.post("/staff/referrals/intake/", form)
    assert response.status_code == 200
    referral = Referral.objects.get()
    assert referral.reference in response.content.decode()

    bad = client.post("/staff/referrals/intake/", {**form, "expires_on": "2020-01-01"})
    assert bad.status_code == 400 and Referral.objects.count() == 1
    assert CANARY_NAME in bad.content.decode()  # the form comes back filled in
    assert "This consent has ended" in bad.content.decode()


@pytest.mark.parametrize("path", ["/staff/referrals/{id}/", "/staff/referrals/partnerships/{p}/"])
def test_an_outsider_gets_404_on_every_object_page(sent_referral, partnership, outsider_c, path):
    client = verified_client(outsider_c)
    assert client.get(path.format(id=sent_referral.pk, p=partnership.public_id)).status_code == 404


@pytest.mark.parametrize("path", ["/staff/referrals/{id}/status/", "/staff/referrals/{id}/first-contact/",
                                  "/staff/referrals/{id}/revocation/", "/staff/referrals/partnerships/{p}/status/"])
def test_an_outsider_cannot_post_and_nothing_changes(sent_referral, partnership, outsider_c, path):
    client = verified_client(outsider_c)
    before = _state(sent_referral)
    response = client.post(path.format(id=sent_referral.pk, p=partnership.public_id),
                           {"to": "withdrawn", "status": "ended", "choice": "erased", "version": 2})
    assert response.status_code == 404
    assert _state(sent_referral) == before


def test_an_outsider_sees_no_referral_in_the_lists(sent_referral, outsider_c):
    client = verified_client(outsider_c)
    for path in ("/staff/referrals/received/", "/staff/referrals/sent/", "/staff/referrals/overdue/",
                 "/staff/referrals/partnerships/"):
        response = client.get(path)
        assert response.status_code == 200 and sent_referral.reference not in response.content.decode()
    assert client.get("/staff/referrals/intake/").status_code == 200


def test_the_receiver_answers_her_revocation_by_erasing(sent_referral, caseworker_b, keys_b):
    from harbour.help.models import HelpRequest
    from harbour.referrals import services

    services.referral_transition(acting_user=None, referral=sent_referral, to="revoked", by_her=True)
    client = verified_client(caseworker_b)
    referral = Referral.objects.get(pk=sent_referral.pk)
    assert "She withdrew her consent" in client.get(f"/staff/referrals/{referral.pk}/").content.decode()
    response = client.post(f"/staff/referrals/{referral.pk}/revocation/",
                           {"choice": "erased", "version": referral.version})
    assert response.status_code == 302
    referral.refresh_from_db()
    assert referral.revocation_choice == "erased" and referral.revocation_decided_at is not None
    copy = HelpRequest.objects.get(public_id=referral.subject_ref)
    from harbour.firewall import crypto

    opened = crypto.open_record(keys_b, copy.sealed_content, copy.sealed_key, context=crypto.context_of(copy))
    assert opened["name"] == "" and opened["message"] == "" and copy.status == "closed"
    assert CANARY_NAME not in str(opened)


def test_a_kept_answer_needs_a_lawful_reason(sent_referral, caseworker_b):
    from harbour.referrals import services

    services.referral_transition(acting_user=None, referral=sent_referral, to="revoked", by_her=True)
    referral = Referral.objects.get(pk=sent_referral.pk)
    client = verified_client(caseworker_b)
    response = client.post(f"/staff/referrals/{referral.pk}/revocation/",
                           {"choice": "kept", "kept_reason": "", "version": referral.version})
    assert response.status_code == 400
    assert Referral.objects.get(pk=referral.pk).revocation_choice == ""


def test_the_received_list_costs_the_same_queries_for_one_or_many(partnership, community_a, caseworker_b):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.referrals.conftest import intake

    client = verified_client(caseworker_b)
    intake(community_a, partnership)
    with CaptureQueriesContext(connection) as one:
        assert client.get("/staff/referrals/received/").status_code == 200
    for _ in range(3):
        intake(community_a, partnership)
    with CaptureQueriesContext(connection) as four:
        response = client.get("/staff/referrals/received/")
    assert response.content.decode().count("/staff/referrals/") >= 4
    assert len(four) == len(one)


def test_an_admin_records_a_partnership_on_the_page(recipient_b, admin_a, community_a, caseworker_a):
    client = verified_client(admin_a)
    assert client.get("/staff/referrals/partnerships/new/").status_code == 200
    response = client.post("/staff/referrals/partnerships/new/", {
        "partner": recipient_b.organisation.pk, "direction": "we_refer", "needs": ["safety"],
        "data_categories": ["identity", "needs"], "ack_working_hours": 8, "first_contact_working_hours": 24,
        "contact": community_a.user.pk, "meeting_rhythm": "monthly", "leads_named": "on"})
    assert response.status_code == 302
    created = Partnership.objects.get()
    assert (created.referring_organisation, created.receiving_organisation) == (admin_a.organisation,
                                                                              recipient_b.organisation)
    assert created.ack_working_hours == 8 and created.leads_named and created.referring_contact == community_a.user
    assert verified_client(caseworker_a).get("/staff/referrals/partnerships/new/").status_code == 404


def test_an_outsider_cannot_record_a_partnership_with_an_unregistered_organisation(outsider_c, org_b):
    client = verified_client(outsider_c)
    response = client.post("/staff/referrals/partnerships/new/", {
        "partner": org_b.pk, "direction": "we_refer", "data_categories": ["needs"], "ack_working_hours": 8,
        "first_contact_working_hours": 24, "meeting_rhythm": "monthly"})
    assert response.status_code == 400 and Partnership.objects.count() == 0


def test_the_received_list_puts_open_referrals_first_then_the_latest_sent(partnership, community_a, caseworker_b):
    from django.utils import timezone

    from harbour.referrals import selectors
    from harbour.referrals.models import Referral

    old, closed, recent = (intake(community_a, partnership)[0] for _ in range(3))
    now = timezone.now()
    Referral.objects.filter(pk=old.pk).update(sent_at=now - datetime.timedelta(days=20))
    Referral.objects.filter(pk=closed.pk).update(status="completed", sent_at=now)
    Referral.objects.filter(pk=recent.pk).update(sent_at=now - datetime.timedelta(days=1))
    rows, _more = selectors.received_page(caseworker_b.user)
    assert [row["reference"] for row in rows] == [recent.reference, old.reference, closed.reference]
