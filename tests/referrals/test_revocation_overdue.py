"""Chasing a receiver that has not answered her withdrawal of consent (issue 15 item 6): the
answer is due within the partnership's acknowledgement limit in working hours; past it the
referral is overdue for both sides, and `referrals_overdue` reminds the receiving side's
named contact once, with the reference and nothing else."""

import datetime
import types
import zoneinfo

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from harbour.referrals import services, workflow
from harbour.referrals.models import OverdueReminder, Partnership, Referral
from tests.conftest import verified_client
from tests.referrals.conftest import CANARY_NAME, CANARY_PHONE, CANARY_WORDS

pytestmark = pytest.mark.django_db(transaction=True)

LONDON = zoneinfo.ZoneInfo("Europe/London")
SUBJECT = "A withdrawal of consent in Harbour is waiting for your answer"


def _revoke(referral: Referral) -> Referral:
    services.referral_transition(acting_user=None, referral=referral, to=workflow.REVOKED, by_her=True)
    return Referral.objects.get(pk=referral.pk)


def _past_due(referral: Referral) -> Referral:
    Referral.objects.filter(pk=referral.pk).update(revocation_due_at=timezone.now() - datetime.timedelta(minutes=1))
    return Referral.objects.get(pk=referral.pk)


def test_the_answer_is_due_in_working_hours_across_the_easter_bank_holidays(sent_referral, monkeypatch, settings):
    settings.HARBOUR_HOLIDAY_REGION = "GB-ENG"
    # Thursday 2 April 2026, 16:00: Good Friday and Easter Monday do not count, so the
    # default 16 working hours are 1 on Thursday, 8 on Tuesday, 7 on Wednesday.
    revoked_at = datetime.datetime(2026, 4, 2, 16, 0, tzinfo=LONDON)
    monkeypatch.setattr(services, "timezone", types.SimpleNamespace(now=lambda: revoked_at,
                                                                    localdate=timezone.localdate))
    assert sent_referral.partnership.ack_working_hours == 16

    referral = _revoke(sent_referral)

    assert referral.revocation_due_at == datetime.datetime(2026, 4, 8, 16, 0, tzinfo=LONDON)


def test_the_limit_is_the_partnerships_acknowledgement_limit(sent_referral, settings):
    from harbour.referrals.working_time import add_working_hours

    Partnership.objects.filter(pk=sent_referral.partnership_id).update(ack_working_hours=3)
    referral = _revoke(Referral.objects.select_related("partnership").get(pk=sent_referral.pk))
    assert referral.revocation_due_at == add_working_hours(referral.closed_at, 3)


def test_an_unanswered_withdrawal_is_overdue_for_both_sides_until_she_gets_an_answer(sent_referral, community_a,
                                                                                     caseworker_b):
    referral = _revoke(sent_referral)
    for persona in (community_a, caseworker_b):
        assert referral.reference not in verified_client(persona).get("/staff/referrals/overdue/").content.decode()
    referral = _past_due(referral)
    for persona in (community_a, caseworker_b):
        client = verified_client(persona)
        assert referral.reference in client.get("/staff/referrals/overdue/").content.decode()
        assert "<strong>overdue</strong>" in client.get(f"/staff/referrals/{referral.pk}/").content.decode()

    services.referral_revocation_decide(acting_user=caseworker_b.user, referral=referral, choice="kept",
                                        kept_reason="legal_claims")
    for persona in (community_a, caseworker_b):
        assert referral.reference not in verified_client(persona).get("/staff/referrals/overdue/").content.decode()


def test_the_command_reminds_the_receiving_contact_once_with_no_personal_content(sent_referral, community_a,
                                                                                caseworker_b):
    referral = _past_due(_revoke(sent_referral))
    mail.outbox.clear()

    call_command("referrals_overdue", stdout=open("/dev/null", "w"))  # noqa: SIM115

    assert [m.to for m in mail.outbox] == [[caseworker_b.user.email]]
    message = mail.outbox[0]
    assert message.subject == SUBJECT
    assert message.body == f"{SUBJECT}\n\n{referral.reference}"
    for secret in (CANARY_NAME, CANARY_PHONE, CANARY_WORDS, referral.referring_organisation.name,
                   referral.receiving_organisation.name):
        assert secret not in message.subject + message.body
    assert OverdueReminder.objects.filter(referral=referral, kind="revocation").count() == 1

    mail.outbox.clear()
    call_command("referrals_overdue", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert mail.outbox == [] and OverdueReminder.objects.count() == 1


def test_an_answered_withdrawal_is_not_chased(sent_referral, caseworker_b):
    referral = _past_due(_revoke(sent_referral))
    services.referral_revocation_decide(acting_user=caseworker_b.user, referral=referral, choice="erased")
    mail.outbox.clear()
    assert services.referrals_overdue_remind() == {"overdue": 0, "reminded": 0, "messages": 0}
    assert mail.outbox == []
