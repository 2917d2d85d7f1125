"""Every transition allowed and refused; each side only its own (issue 15 item 3)."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from harbour.cases.models import Case
from harbour.referrals import services, workflow
from harbour.referrals.models import Referral

pytestmark = pytest.mark.django_db

REASONS = {workflow.DECLINED: "no_capacity", workflow.COMPLETED: "support_delivered",
           workflow.UNABLE: "lost_contact"}


def _at(referral: Referral, status: str) -> Referral:
    Referral.objects.filter(pk=referral.pk).update(
        status=status, decline_reason="no_capacity" if status == workflow.DECLINED else "", closed_at=None)
    return Referral.objects.get(pk=referral.pk)


def _actor(side, community_a, caseworker_b):
    return {workflow.REFERRER: community_a.user, workflow.RECEIVER: caseworker_b.user}.get(side)


def _snapshot(referral):
    return Referral.objects.filter(pk=referral.pk).values().get()


@pytest.mark.parametrize("current", workflow.STATUSES)
def test_every_move_is_allowed_to_its_side_only_and_refused_otherwise(sent_referral, community_a, caseworker_b,
                                                                      keys_b, current):
    """From `current`, every other status: allowed only to the side the table names (the
    others get PermissionDenied), refused to everybody when the table has no such move;
    a refused move changes nothing."""
    for target in workflow.STATUSES:
        if target == current:
            continue
        referral = _at(sent_referral, current)
        side = workflow.side_for(current, target)
        reason = REASONS.get(target, "")
        before = _snapshot(referral)
        if side is None:
            for user in (community_a.user, caseworker_b.user):
                with pytest.raises(ValidationError):
                    services.referral_transition(acting_user=user, referral=referral, to=target, reason=reason,
                                                 private_key=keys_b)
            with pytest.raises(ValidationError):
                services.referral_transition(acting_user=None, referral=referral, to=target, by_her=True)
            assert _snapshot(referral) == before
            continue
        wrong = [u for s, u in ((workflow.REFERRER, community_a.user), (workflow.RECEIVER, caseworker_b.user))
                 if s != side]
        for user in wrong:
            with pytest.raises(PermissionDenied):
                services.referral_transition(acting_user=user, referral=referral, to=target, reason=reason,
                                             private_key=keys_b)
        if side != workflow.HER:
            with pytest.raises(PermissionDenied):
                services.referral_transition(acting_user=None, referral=referral, to=target, reason=reason,
                                             by_her=True)
        assert _snapshot(referral) == before
        moved = services.referral_transition(acting_user=_actor(side, community_a, caseworker_b), referral=referral,
                                             to=target, reason=reason, private_key=keys_b,
                                             by_her=side == workflow.HER)
        assert moved.status == target and moved.version == referral.version + 1
        assert (moved.closed_at is not None) == (target in workflow.FINAL)


def test_the_table_gives_each_side_its_own_moves():
    assert workflow.moves_for(workflow.SENT, workflow.REFERRER) == [workflow.WITHDRAWN, workflow.SENT_IN_ERROR]
    assert workflow.moves_for(workflow.SENT, workflow.RECEIVER) == [workflow.RECEIVED, workflow.ACCEPTED,
                                                                    workflow.DECLINED]
    assert all(workflow.moves_for(final, side) == [] for final in workflow.FINAL
               for side in (workflow.REFERRER, workflow.RECEIVER, workflow.HER))


@pytest.mark.parametrize("target", [workflow.DECLINED, workflow.COMPLETED, workflow.UNABLE])
def test_an_unknown_reason_code_is_refused_and_changes_nothing(sent_referral, caseworker_b, keys_b, target):
    current = workflow.SENT if target == workflow.DECLINED else workflow.IN_PROGRESS
    referral = _at(sent_referral, current)
    before = _snapshot(referral)
    with pytest.raises(ValidationError):
        services.referral_transition(acting_user=caseworker_b.user, referral=referral, to=target, reason="whatever")
    assert _snapshot(referral) == before


def test_a_stale_form_is_refused_and_changes_nothing(sent_referral, caseworker_b):
    before = _snapshot(sent_referral)
    with pytest.raises(ValidationError) as stale:
        services.referral_transition(acting_user=caseworker_b.user, referral=sent_referral, to=workflow.RECEIVED,
                                     expected_version=sent_referral.version - 1)
    assert stale.value.code == "stale"
    assert _snapshot(sent_referral) == before


def test_accepting_opens_a_linked_case_at_the_receiver(sent_referral, caseworker_b, keys_b):
    accepted = services.referral_transition(acting_user=caseworker_b.user, referral=sent_referral,
                                            to=workflow.ACCEPTED, private_key=keys_b)
    case = Case.objects.get(pk=accepted.case_id)
    assert case.organisation == caseworker_b.organisation and case.source == "referral"
    assert case.help_request_id == sent_referral.help_request_id
    assert accepted.received_at is not None and accepted.accepted_at is not None


def test_accepting_without_the_key_is_refused_and_opens_nothing(sent_referral, caseworker_b):
    before = (_snapshot(sent_referral), Case.objects.count())
    with pytest.raises(ValidationError):
        services.referral_transition(acting_user=caseworker_b.user, referral=sent_referral, to=workflow.ACCEPTED)
    assert (_snapshot(sent_referral), Case.objects.count()) == before


def test_the_outsider_can_make_no_move(sent_referral, outsider_c):
    before = _snapshot(sent_referral)
    for target in (workflow.RECEIVED, workflow.WITHDRAWN):
        with pytest.raises(PermissionDenied):
            services.referral_transition(acting_user=outsider_c.user, referral=sent_referral, to=target)
    assert _snapshot(sent_referral) == before


def test_first_contact_is_the_receivers_and_recorded_once(sent_referral, community_a, caseworker_b):
    with pytest.raises(ValidationError):
        services.referral_record_first_contact(acting_user=caseworker_b.user, referral=sent_referral)
    received = services.referral_transition(acting_user=caseworker_b.user, referral=sent_referral,
                                            to=workflow.RECEIVED)
    with pytest.raises(PermissionDenied):
        services.referral_record_first_contact(acting_user=community_a.user, referral=received)
    first = services.referral_record_first_contact(acting_user=caseworker_b.user, referral=received)
    again = services.referral_record_first_contact(acting_user=caseworker_b.user, referral=first)
    assert first.first_contact_at is not None and again.first_contact_at == first.first_contact_at
