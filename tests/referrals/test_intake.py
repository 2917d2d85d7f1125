"""The referral-only intake (issue 15 item 2) and its refusals."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.utils import timezone

from harbour.firewall import crypto
from harbour.firewall.models import Consent, Disclosure, Recipient
from harbour.help import services as help_services
from harbour.help.models import HelpRequest
from harbour.referrals import services
from harbour.referrals.models import Partnership, Referral
from tests.referrals.conftest import CANARY_NAME, CANARY_PHONE, CANARY_WORDS, intake, terms

pytestmark = pytest.mark.django_db


def _counts():
    return (Referral.objects.count(), HelpRequest.objects.count(), Consent.objects.count(),
            Disclosure.objects.count())


def test_intake_sends_a_referral_sealed_to_the_receiver_with_her_consent(partnership, community_a, keys_b):
    referral, code = intake(community_a, partnership)

    assert referral.status == "sent" and referral.source == "intake" and referral.needs == ["safety"]
    assert referral.sent_at is not None and referral.ack_due_at > referral.sent_at
    copy = HelpRequest.objects.get(public_id=referral.subject_ref)
    assert copy.organisation == partnership.receiving_organisation and referral.help_request == copy
    assert copy.referred_by == community_a.organisation
    opened = crypto.open_record(keys_b, copy.sealed_content, copy.sealed_key, context=crypto.context_of(copy))
    assert opened["name"] == CANARY_NAME and opened["message"] == CANARY_WORDS
    assert opened["contact"]["value"] == CANARY_PHONE
    consent = referral.consent
    assert (consent.organisation, consent.subject_ref, consent.purpose, consent.method, consent.language) == (
        community_a.organisation, referral.subject_ref, "support", "in_person", "ar")
    assert consent.recipient.organisation == partnership.receiving_organisation
    assert help_services.help_request_for_code(code) == copy


def test_the_referrer_and_the_raw_database_hold_no_canary(partnership, community_a, keys_a):
    """The seizure test: the referring organisation's rows and a dump of every table hold
    none of her words; its own key opens nothing of hers."""
    referral, _code = intake(community_a, partnership)

    dump = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            cursor.execute(f'SELECT * FROM "{table}"')  # noqa: S608 - table names from the schema
            dump.extend(repr(row) for row in cursor.fetchall())
    text = "\n".join(dump)
    for canary in (CANARY_NAME, "canary-words-b41c0", CANARY_PHONE, "passport"):
        assert canary not in text
    copy = HelpRequest.objects.get(public_id=referral.subject_ref)
    with pytest.raises(crypto.CryptoError):
        crypto.open_record(keys_a, copy.sealed_content, copy.sealed_key, context=crypto.context_of(copy))


def test_no_partnership_and_no_reason_is_refused_and_nothing_stored(recipient_b, community_a):
    before = _counts()
    with pytest.raises(ValidationError):
        intake(community_a, None, recipient=None)
    with pytest.raises(ValidationError):
        intake(community_a, None, recipient=recipient_b, one_off_reason="because")
    assert _counts() == before


def test_a_one_off_with_a_reason_goes(recipient_b, community_a):
    referral, _code = intake(community_a, None, recipient=recipient_b, one_off_reason="urgent")
    assert referral.partnership is None and referral.one_off_reason == "urgent" and referral.status == "sent"


@pytest.mark.parametrize("status", ["paused", "ended"])
def test_a_paused_or_ended_partnership_is_refused_and_nothing_stored(partnership, community_a, status):
    Partnership.objects.filter(pk=partnership.pk).update(status=status)
    partnership.refresh_from_db()
    before = _counts()
    with pytest.raises(ValidationError):
        intake(community_a, partnership)
    assert _counts() == before


def test_a_one_off_past_a_paused_partnership_is_refused(partnership, recipient_b, community_a):
    Partnership.objects.filter(pk=partnership.pk).update(status="paused")
    before = _counts()
    with pytest.raises(ValidationError):
        intake(community_a, None, recipient=recipient_b, one_off_reason="urgent")
    assert _counts() == before


def test_an_expired_consent_is_refused_and_nothing_stored(partnership, community_a):
    before = _counts()
    with pytest.raises(ValidationError):
        intake(community_a, partnership, terms=terms(expires_on=timezone.localdate() - datetime.timedelta(days=1)))
    assert _counts() == before


def test_a_recipient_of_a_refused_kind_is_refused_and_nothing_stored(keys_a, keys_b, admin_a, community_a, org_b):
    police = Recipient.objects.create(registered_by=admin_a.organisation, name="B as police", category="police",
                                      organisation=org_b)
    before = _counts()
    with pytest.raises(ValidationError) as refused:
        intake(community_a, None, recipient=police, one_off_reason="urgent")
    assert "specialist support" in str(refused.value)
    assert _counts() == before


def test_a_receiver_without_a_key_is_refused_and_nothing_stored(keys_a, admin_a, community_a, org_c):
    recipient = Recipient.objects.create(registered_by=admin_a.organisation, name="C", category="specialist_support",
                                         organisation=org_c)
    before = _counts()
    with pytest.raises(ValidationError) as refused:
        intake(community_a, None, recipient=recipient, one_off_reason="urgent")
    assert "no key" in str(refused.value)
    assert _counts() == before


def test_an_unknown_need_is_refused_and_nothing_stored(partnership, community_a):
    before = _counts()
    with pytest.raises(ValidationError):
        intake(community_a, partnership, needs=["nationality"])
    assert _counts() == before


def test_an_outsider_cannot_refer_for_the_organisation(partnership, outsider_c):
    from django.core.exceptions import PermissionDenied

    before = _counts()
    with pytest.raises(PermissionDenied):
        services.referral_intake(acting_user=outsider_c.user, referring_organisation=partnership.referring_organisation,
                                 needs=["safety"], terms=terms(), partnership=partnership)
    assert _counts() == before


def test_her_revocation_on_her_status_page_revokes_the_referral(sent_referral):
    copy = HelpRequest.objects.get(public_id=sent_referral.subject_ref)
    outcome = help_services.help_request_survivor_act(help_request=copy, action="revoke",
                                                      consent_public_id=sent_referral.consent.public_id)
    assert outcome.notice == "revoked"
    sent_referral.refresh_from_db()
    assert sent_referral.status == "revoked" and sent_referral.closed_at is not None


def test_her_status_page_shows_the_referral_in_her_language_and_what_the_receiver_did(sent_referral, community_a,
                                                                                       caseworker_b, client):
    from django.utils import translation

    code = _code_of(sent_referral)
    response = client.post("/en/help/status/", {"code": code})
    assert response.status_code == 200
    page = response.content.decode()
    assert sent_referral.reference in page and "Sent" in page and CANARY_NAME not in page

    services.referral_transition(acting_user=None, referral=sent_referral, to="revoked", by_her=True)
    services.referral_revocation_decide(acting_user=caseworker_b.user, referral=Referral.objects.get(pk=sent_referral.pk),
                                        choice="kept", kept_reason="legal_claims")
    with translation.override("es"):
        from harbour.help import selectors as help_selectors

        sections = help_selectors.status_for_survivor(HelpRequest.objects.get(public_id=sent_referral.subject_ref))
    text = " ".join(line for section in sections["sections"] for line in section["lines"])
    assert sent_referral.reference in text and "legal_claims" not in text
    assert "Derivación" in text and "Reclamaciones judiciales" in text


def _code_of(referral):
    """Her code is shown once; in tests it is taken from the intake's return value."""
    return referral._code


@pytest.fixture
def sent_referral(partnership, community_a):
    referral, code = intake(community_a, partnership)
    referral._code = code
    return referral
