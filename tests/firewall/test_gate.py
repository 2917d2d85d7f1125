"""The egress gate: consent, recipient categories and refusals (F2, F3, F4)."""

import datetime
import uuid

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from harbour.core.models import AuditEntry
from harbour.firewall import gate, policy
from harbour.firewall import services as firewall_services
from harbour.firewall.models import Consent, Disclosure, Recipient
from harbour.help.models import HelpRequest
from tests.firewall.helpers import login, today

PAYLOAD = {"identity": "N", "contact": {"value": "C"}, "needs": {"needs": ["legal"], "language": "en"},
           "narrative": "M", "notes": ["T"]}


def snapshot():
    return (Disclosure.objects.count(), HelpRequest.objects.count(), AuditEntry.objects.count(),
            len(mail.outbox))


@pytest.fixture
def probe():
    """A receiver that records what reaches the partner, registered for a test kind."""
    received = []
    gate.register_receiver("probe", lambda **kwargs: received.append(kwargs["shared"]))
    return received


def consent_for(recipient, *, categories, subject_ref=None, expires_in=30, organisation=None):
    return Consent.objects.create(
        organisation=organisation or recipient.registered_by, subject_ref=subject_ref or uuid.uuid4(),
        recipient=recipient, categories=categories, purpose="support",
        expires_on=today() + datetime.timedelta(days=expires_in), method="phone", language="en")


def test_share_without_a_matching_consent_fails_and_changes_nothing(partner_b, caseworker_a, probe):
    consent = consent_for(partner_b, categories=["identity"])
    before = snapshot()
    with pytest.raises(gate.DisclosureRefused):
        gate.disclose(acting_user=caseworker_a.user, consent=consent, kind="probe", subject_ref=uuid.uuid4(),
                      payload=PAYLOAD)
    assert snapshot() == before
    assert probe == []


def test_share_after_revocation_fails_and_changes_nothing(partner_b, caseworker_a, probe):
    consent = consent_for(partner_b, categories=["identity"])
    firewall_services.consent_revoke(acting_user=caseworker_a.user, consent=consent)
    before = snapshot()
    with pytest.raises(gate.DisclosureRefused, match="withdrawn"):
        gate.disclose(acting_user=caseworker_a.user, consent=consent, kind="probe",
                      subject_ref=consent.subject_ref, payload=PAYLOAD)
    assert snapshot() == before
    assert probe == []


def test_share_after_expiry_fails_and_changes_nothing(partner_b, caseworker_a, probe):
    consent = consent_for(partner_b, categories=["identity"], expires_in=-1)
    before = snapshot()
    with pytest.raises(gate.DisclosureRefused, match="ended"):
        gate.disclose(acting_user=caseworker_a.user, consent=consent, kind="probe",
                      subject_ref=consent.subject_ref, payload=PAYLOAD)
    assert snapshot() == before


def test_share_to_a_refused_recipient_fails_even_if_it_was_slipped_into_the_table(sealed_a, caseworker_a, org_a,
                                                                                    probe):
    # Written straight to the table, around every validation: the gate still refuses.
    smuggled = Recipient.objects.create(registered_by=org_a, name="Immigration Enforcement liaison",
                                        category="other_statutory", email="team@homeoffice.gov.uk")
    consent = consent_for(smuggled, categories=["identity"])
    before = snapshot()
    with pytest.raises(gate.DisclosureRefused, match="immigration enforcement"):
        gate.disclose(acting_user=caseworker_a.user, consent=consent, kind="probe",
                      subject_ref=consent.subject_ref, payload=PAYLOAD)
    assert snapshot() == before


def test_outsider_cannot_share_under_another_organisations_consent(partner_b, outsider, probe):
    consent = consent_for(partner_b, categories=["identity"])
    before = snapshot()
    with pytest.raises(gate.DisclosureRefused):
        gate.disclose(acting_user=outsider.user, consent=consent, kind="probe",
                      subject_ref=consent.subject_ref, payload=PAYLOAD)
    assert snapshot() == before


@pytest.mark.parametrize(("name", "email"), [
    ("Home Office", ""),
    ("Immigration Enforcement North", ""),
    ("UKVI contact centre", ""),
    ("Border Force", ""),
    ("ICE field office", ""),
    ("Brigada de Extranjería", ""),
    ("Friendly Partner", "desk@homeoffice.gov.uk"),
    ("Friendly Partner", "someone@ice.dhs.gov"),
])
def test_registering_immigration_enforcement_is_refused_for_any_role(sealed_a, admin_a, org_a, name, email):
    with pytest.raises(ValidationError, match="never shares with immigration enforcement"):
        firewall_services.recipient_register(acting_user=admin_a.user, organisation=org_a, name=name,
                                             category="other_statutory", email=email or "x@example.org")
    assert Recipient.objects.count() == 0


def test_there_is_no_immigration_enforcement_category():
    assert not any("immigration" in value or "enforcement" in value for value in Recipient.Category.values)
    assert set(policy.ALLOWED) == set(Recipient.Category.values)


def test_the_registration_page_refuses_enforcement_and_stores_nothing(sealed_a, admin_a, org_a):
    client = login(admin_a)
    response = client.post(reverse("firewall:recipient_add", args=[org_a.public_id]),
                           {"name": "Home Office Immigration Enforcement", "category": "police",
                            "email": "x@example.org"})
    assert response.status_code == 400
    assert "never shares with immigration enforcement" in response.content.decode()
    assert Recipient.objects.count() == 0


def test_caseworker_cannot_register_recipients(sealed_a, caseworker_a, org_a):
    client = login(caseworker_a)
    response = client.post(reverse("firewall:recipient_add", args=[org_a.public_id]),
                           {"name": "A partner", "category": "health", "email": "x@example.org"})
    assert response.status_code == 404
    assert Recipient.objects.count() == 0


def test_consent_naming_a_category_the_recipient_may_not_receive_is_refused(sealed_a, caseworker_a, org_a):
    police = Recipient.objects.create(registered_by=org_a, name="Local police", category="police",
                                      email="desk@police.example.org")
    with pytest.raises(ValidationError):
        firewall_services.consent_record(acting_user=caseworker_a.user, organisation=org_a,
                                         subject_ref=uuid.uuid4(), recipient=police, categories=["needs"],
                                         purpose="report", expires_on=today(), method="phone", language="en")
    assert Consent.objects.count() == 0


def test_consent_without_a_recipient_is_refused_with_a_clear_error(sealed_a, caseworker_a, org_a):
    with pytest.raises(ValidationError) as error:
        firewall_services.consent_record(acting_user=caseworker_a.user, organisation=org_a,
                                         subject_ref=uuid.uuid4(), recipient=None, categories=["identity"],
                                         purpose="support", expires_on=today(), method="phone", language="en")
    assert error.value.message_dict == {"recipient": ["Choose a recipient your organisation has registered."]}
    assert Consent.objects.count() == 0


def test_a_share_to_a_recipient_outside_harbour_goes_by_mail_through_outbound_after_commit(
        sealed_a, caseworker_a, org_a, django_capture_on_commit_callbacks):
    outside = Recipient.objects.create(registered_by=org_a, name="Law centre", category="legal_adviser",
                                       email="intake@lawcentre.example.org")
    consent = consent_for(outside, categories=["identity", "narrative", "notes"])
    with django_capture_on_commit_callbacks(execute=True):
        disclosure = gate.disclose(acting_user=caseworker_a.user, consent=consent, kind="help_request",
                                   subject_ref=consent.subject_ref, payload=PAYLOAD)
    assert disclosure.categories == ["identity", "narrative"]  # notes may not go to a legal adviser
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["intake@lawcentre.example.org"]
    assert "Name: N" in mail.outbox[0].body and "Her message: M" in mail.outbox[0].body
    assert "T" not in mail.outbox[0].body.split("\n\n", 1)[1].replace("Her message", "")


@pytest.mark.django_db
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(category=st.sampled_from(sorted(policy.ALLOWED)),
       consented=st.sets(st.sampled_from(policy.CATEGORIES)),
       available=st.sets(st.sampled_from(policy.CATEGORIES), min_size=1))
def test_only_categories_allowed_for_the_recipient_and_named_by_the_consent_leave(
        partner_b, caseworker_a, probe, category, consented, available):
    Recipient.objects.filter(pk=partner_b.pk).update(category=category)
    partner_b.refresh_from_db()
    consent = consent_for(partner_b, categories=sorted(consented))
    payload = {c: PAYLOAD[c] for c in available}
    expected = set(consented) & policy.ALLOWED[category] & set(available)
    probe.clear()
    before = snapshot()
    if not expected:
        with pytest.raises(gate.DisclosureRefused):
            gate.disclose(acting_user=caseworker_a.user, consent=consent, kind="probe",
                          subject_ref=consent.subject_ref, payload=payload)
        assert snapshot() == before and probe == []
        return
    disclosure = gate.disclose(acting_user=caseworker_a.user, consent=consent, kind="probe",
                               subject_ref=consent.subject_ref, payload=payload)
    assert set(probe[0]) == expected
    assert set(disclosure.categories) == expected
    assert AuditEntry.objects.filter(action="firewall.disclose").last().detail["categories"] == sorted(expected)
    if category in ("police", "other_statutory"):
        assert "needs" not in probe[0]
