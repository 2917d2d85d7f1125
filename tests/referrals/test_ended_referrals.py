"""A referral that ends without the receiver's service leaves the receiver unable to read her
words: declined, withdrawn or sent in error erase the received copy; after her revocation
the copy is held closed until the receiver erases it or records the lawful reason it keeps
it (docs/threat-model.md, "A referral that ends")."""

import pytest
from django.urls import reverse

from harbour.core.models import AuditEntry
from harbour.firewall import crypto
from harbour.help.models import HelpRequest
from harbour.referrals import services
from harbour.referrals.models import Referral
from tests.firewall.helpers import login
from tests.referrals.conftest import CANARY_NAME, CANARY_PHONE, CANARY_WORDS

pytestmark = pytest.mark.django_db


def _copy(referral) -> HelpRequest:
    return HelpRequest.objects.get(pk=Referral.objects.get(pk=referral.pk).help_request_id)


def _readable(copy, private_key) -> str:
    opened = crypto.open_record(private_key, bytes(copy.sealed_content), bytes(copy.sealed_key),
                                context=crypto.context_of(copy))
    return repr(opened)


def _page(persona, copy) -> str:
    client = login(persona)
    detail = client.get(reverse("help_staff:detail", args=[copy.public_id]))
    assert detail.status_code == 200
    inbox = client.get(reverse("help_staff:inbox", args=[copy.organisation.public_id]))
    return detail.content.decode() + inbox.content.decode()


@pytest.mark.parametrize(("to", "reason", "side"), [
    ("declined", "no_capacity", "receiver"), ("declined", "she_declined", "receiver"),
    ("withdrawn", "", "referrer"), ("sent_in_error", "", "referrer"),
])
def test_an_ended_referral_is_no_longer_readable_by_the_receiver(sent_referral, community_a, caseworker_b, keys_b,
                                                                 to, reason, side):
    copy = _copy(sent_referral)
    assert CANARY_NAME in _readable(copy, keys_b)
    actor = caseworker_b if side == "receiver" else community_a
    services.referral_transition(acting_user=actor.user, referral=sent_referral, to=to, reason=reason)
    copy = _copy(sent_referral)
    readable = _readable(copy, keys_b)
    assert CANARY_NAME not in readable and CANARY_WORDS not in readable and CANARY_PHONE not in readable
    page = _page(caseworker_b, copy)
    assert CANARY_NAME not in page and CANARY_WORDS not in page
    entry = AuditEntry.objects.filter(action="referrals.referral.transition", subject=str(sent_referral.pk)).last()
    assert entry.detail["to"] == to and entry.detail["erased"] is True


def test_withdrawn_after_acceptance_erases_the_received_copy_and_leaves_the_receivers_case(
        sent_referral, community_a, caseworker_b, keys_b):
    accepted = services.referral_transition(acting_user=caseworker_b.user, referral=sent_referral, to="accepted",
                                            private_key=keys_b)
    services.referral_transition(acting_user=community_a.user, referral=accepted, to="withdrawn")
    assert CANARY_NAME not in _readable(_copy(sent_referral), keys_b)
    assert Referral.objects.get(pk=sent_referral.pk).case_id == accepted.case_id


def test_after_her_revocation_the_copy_is_held_closed_until_the_receiver_answers(sent_referral, caseworker_b,
                                                                                 keys_b):
    services.referral_transition(acting_user=None, referral=sent_referral, to="revoked", by_her=True)
    copy = _copy(sent_referral)
    page = _page(caseworker_b, copy)
    assert CANARY_NAME not in page and CANARY_WORDS not in page
    assert "She withdrew her consent to this referral." in page
    # Nor can a case be opened from it meanwhile (it would copy her words).
    response = login(caseworker_b).post(reverse("cases_staff:open_from_help_request", args=[copy.public_id]))
    assert response.status_code == 302 and not copy.cases.exists()
    services.referral_revocation_decide(acting_user=caseworker_b.user,
                                        referral=Referral.objects.get(pk=sent_referral.pk), choice="kept",
                                        kept_reason="legal_claims")
    assert CANARY_NAME in _page(caseworker_b, copy)


def test_after_her_revocation_erasing_leaves_nothing_to_read(sent_referral, caseworker_b, keys_b):
    services.referral_transition(acting_user=None, referral=sent_referral, to="revoked", by_her=True)
    services.referral_revocation_decide(acting_user=caseworker_b.user,
                                        referral=Referral.objects.get(pk=sent_referral.pk), choice="erased")
    copy = _copy(sent_referral)
    assert CANARY_NAME not in _readable(copy, keys_b) and CANARY_NAME not in _page(caseworker_b, copy)
