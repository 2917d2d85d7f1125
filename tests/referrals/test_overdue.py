"""Overdue referrals (issue 15 item 5): both sides see them; the command reminds the
partnership's named contacts once, with the reference and nothing else."""

import datetime

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from harbour.referrals import services, workflow
from harbour.referrals.models import OverdueReminder, Referral
from tests.referrals.conftest import CANARY_NAME, CANARY_PHONE

pytestmark = pytest.mark.django_db(transaction=True)


def _make_overdue(referral: Referral) -> Referral:
    past = timezone.now() - datetime.timedelta(hours=1)
    Referral.objects.filter(pk=referral.pk).update(ack_due_at=past, first_contact_due_at=past)
    return Referral.objects.get(pk=referral.pk)


def test_the_command_mails_the_named_contacts_once_with_the_reference_only(sent_referral, community_a,
                                                                            caseworker_b):
    referral = _make_overdue(sent_referral)
    mail.outbox.clear()

    call_command("referrals_overdue", stdout=open("/dev/null", "w"))  # noqa: SIM115

    assert sorted(m.to[0] for m in mail.outbox) == sorted([community_a.user.email, caseworker_b.user.email])
    for message in mail.outbox:
        assert message.subject == "A referral in Harbour is overdue"
        assert referral.reference in message.body
        assert CANARY_NAME not in message.body and CANARY_PHONE not in message.body
        assert referral.referring_organisation.name not in message.body
    assert OverdueReminder.objects.filter(referral=referral, kind="ack").count() == 1

    mail.outbox.clear()
    call_command("referrals_overdue", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert mail.outbox == []
    assert OverdueReminder.objects.count() == 1


def test_after_acknowledgement_the_first_contact_clock_still_chases(sent_referral, caseworker_b):
    referral = _make_overdue(sent_referral)
    services.referrals_overdue_remind()
    received = services.referral_transition(acting_user=caseworker_b.user, referral=referral, to=workflow.RECEIVED)
    mail.outbox.clear()
    result = services.referrals_overdue_remind()
    assert result["reminded"] == 1 and len(mail.outbox) == 2
    services.referral_record_first_contact(acting_user=caseworker_b.user, referral=received)
    assert services.referrals_overdue_remind()["overdue"] == 0


def test_a_referral_within_its_limits_is_not_overdue(sent_referral):
    mail.outbox.clear()
    result = services.referrals_overdue_remind()
    assert result == {"overdue": 0, "reminded": 0, "messages": 0} and mail.outbox == []


def test_the_due_times_follow_the_partnerships_working_hours(partnership, community_a, settings):
    from tests.referrals.conftest import intake

    settings.HARBOUR_HOLIDAY_REGION = "GB-ENG"
    referral, _code = intake(community_a, partnership)
    from harbour.referrals.working_time import add_working_hours

    assert referral.ack_due_at == add_working_hours(referral.sent_at, partnership.ack_working_hours)
    assert referral.first_contact_due_at == add_working_hours(referral.sent_at,
                                                              partnership.first_contact_working_hours)
