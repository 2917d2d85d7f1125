"""A referral from a help request the referring organisation holds, under her consent:
sent through the gate; a revoked or expired consent is refused and nothing is stored."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from harbour.firewall import crypto
from harbour.firewall import services as firewall_services
from harbour.firewall.models import Consent, Disclosure
from harbour.help import services as help_services
from harbour.help.models import HelpRequest
from harbour.referrals import services
from harbour.referrals.models import Referral

pytestmark = pytest.mark.django_db


@pytest.fixture
def her_request(keys_a, org_a):
    request, _code = help_services.help_request_create(organisation=org_a, needs=["housing"], message="Canary-HR-1",
                                                       name="Canary-HR-Name", language="es")
    return request


@pytest.fixture
def consent(her_request, caseworker_a, recipient_b):
    return firewall_services.consent_record(
        acting_user=caseworker_a.user, organisation=caseworker_a.organisation, subject_ref=her_request.public_id,
        recipient=recipient_b, categories=["identity", "needs", "narrative"], purpose="support",
        expires_on=timezone.localdate() + datetime.timedelta(days=10), method="phone", language="es")


def _counts():
    return Referral.objects.count(), HelpRequest.objects.count(), Disclosure.objects.count()


def test_a_help_request_is_referred_through_the_gate(her_request, consent, caseworker_a, partnership, keys_a, keys_b):
    referral = services.referral_from_help_request(acting_user=caseworker_a.user, help_request=her_request,
                                                   consent=consent, private_key=keys_a, partnership=partnership)
    assert referral.status == "sent" and referral.source == "help_request"
    assert referral.subject_ref == her_request.public_id and referral.needs == ["housing"]
    copy = referral.help_request
    assert copy.organisation == partnership.receiving_organisation
    opened = crypto.open_record(keys_b, copy.sealed_content, copy.sealed_key, context=crypto.context_of(copy))
    assert opened["name"] == "Canary-HR-Name" and opened["message"] == "Canary-HR-1"


def test_a_revoked_consent_is_refused_and_nothing_stored(her_request, consent, caseworker_a, partnership, keys_a):
    firewall_services.consent_revoke(acting_user=caseworker_a.user, consent=consent)
    before = _counts()
    with pytest.raises(ValidationError) as refused:
        services.referral_from_help_request(acting_user=caseworker_a.user, help_request=her_request,
                                            consent=Consent.objects.get(pk=consent.pk), private_key=keys_a,
                                            partnership=partnership)
    assert "withdrawn" in str(refused.value)
    assert _counts() == before


def test_an_expired_consent_is_refused_and_nothing_stored(her_request, consent, caseworker_a, partnership, keys_a):
    Consent.objects.filter(pk=consent.pk).update(expires_on=timezone.localdate() - datetime.timedelta(days=1))
    before = _counts()
    with pytest.raises(ValidationError) as refused:
        services.referral_from_help_request(acting_user=caseworker_a.user, help_request=her_request,
                                            consent=Consent.objects.get(pk=consent.pk), private_key=keys_a,
                                            partnership=partnership)
    assert "ended" in str(refused.value)
    assert _counts() == before


def test_a_consent_about_another_request_is_refused(her_request, consent, caseworker_a, partnership, keys_a, org_a):
    other, _code = help_services.help_request_create(organisation=org_a, needs=["safety"], language="en")
    before = _counts()
    with pytest.raises(ValidationError):
        services.referral_from_help_request(acting_user=caseworker_a.user, help_request=other, consent=consent,
                                            private_key=keys_a, partnership=partnership)
    assert _counts() == before
