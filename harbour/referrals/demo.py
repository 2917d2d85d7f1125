"""Fictional demo referrals: Red Cedar Community Group (the community group) and Northside
Women's Centre (the specialist provider) have an active partnership with its checklist,
and Red Cedar's community worker has referred women at every state; one is overdue. Run
by `manage.py demo_data` after the apps above (it needs their organisations, staff, keys
and recipients); safe to run again."""

import datetime
import uuid

from django.utils import timezone

from harbour.accounts.demo import DEMO_PASSWORD
from harbour.accounts.models import Membership, Organisation
from harbour.cases.models import Case
from harbour.firewall import keys
from harbour.firewall import services as firewall_services
from harbour.firewall.gate_referral import ConsentTerms
from harbour.firewall.models import Recipient
from harbour.help.models import HelpRequest
from harbour.referrals import services, workflow
from harbour.referrals.models import Partnership, Referral

COMMUNITY, SPECIALIST = "Red Cedar Community Group", "Northside Women's Centre"
# The path of each demo referral from "sent": (side, target, reason) moves.
PATHS = {
    "sent, overdue": [],
    "received": [("receiver", workflow.RECEIVED, "")],
    "accepted": [("receiver", workflow.ACCEPTED, "")],
    "declined": [("receiver", workflow.DECLINED, "no_capacity")],
    "in progress": [("receiver", workflow.ACCEPTED, ""), ("receiver", workflow.IN_PROGRESS, "")],
    "waiting list": [("receiver", workflow.ACCEPTED, ""), ("receiver", workflow.WAITING_LIST, "")],
    "completed": [("receiver", workflow.ACCEPTED, ""), ("receiver", workflow.IN_PROGRESS, ""),
                  ("receiver", workflow.COMPLETED, "support_delivered")],
    "unable": [("receiver", workflow.ACCEPTED, ""), ("receiver", workflow.UNABLE, "lost_contact")],
    "withdrawn": [("referrer", workflow.WITHDRAWN, "")],
    "sent in error": [("referrer", workflow.SENT_IN_ERROR, "")],
    "revoked": [("her", workflow.REVOKED, "")],
}


def _member(organisation, role):
    found = Membership.objects.filter(organisation=organisation, role=role, is_active=True).select_related("user")
    return found.first().user if found.exists() else None


def load(stdout) -> None:
    community = Organisation.objects.filter(name=COMMUNITY).first()
    specialist = Organisation.objects.filter(name=SPECIALIST).first()
    if community is None or specialist is None or keys.public_key_of(specialist) is None:
        return
    if Partnership.objects.filter(referring_organisation=community, receiving_organisation=specialist).exists():
        return
    community_admin, worker = _member(community, "admin"), _member(community, "community_worker")
    caseworker = _member(specialist, "caseworker")
    if community_admin is None or worker is None or caseworker is None:
        return
    if not Recipient.objects.filter(registered_by=community, organisation=specialist).exists():
        firewall_services.recipient_register(acting_user=community_admin, organisation=community, name=SPECIALIST,
                                             category=Recipient.Category.SPECIALIST_SUPPORT, partner=specialist)
    today = timezone.localdate()
    partnership = services.partnership_create(
        acting_user=community_admin, referring_organisation=community, receiving_organisation=specialist,
        needs=["safety", "housing", "legal", "immigration_advice", "counselling", "interpreter"],
        data_categories=["identity", "contact", "needs", "narrative"], referring_contact=worker,
        receiving_contact=caseworker, meeting_rhythm=Partnership.Rhythm.SIX_WEEKLY,
        next_meeting_on=today + datetime.timedelta(days=21), checklist={
            "time_and_resources_agreed": True, "leads_named": True, "gbv_language_agreed": True,
            "training_offered": True, "disagreements_process_agreed": True,
            "review_on": today + datetime.timedelta(days=180)})
    Partnership.objects.filter(pk=partnership.pk).update(agreement_review_on=today + datetime.timedelta(days=365))
    if keys.public_key_of(community) is not None:
        # Their last meeting, its short minutes sealed to each side's key.
        services.partnership_record_meeting(
            acting_user=community_admin, partnership=partnership, held_on=today - datetime.timedelta(days=21),
            next_meeting_on=today + datetime.timedelta(days=21),
            minutes="Fictional demo minutes: referral numbers reviewed; training for community staff booked.")
    personal = keys.member_key_unlock(user=caseworker, password=DEMO_PASSWORD)
    specialist_key = keys.organisation_keys_for(user=caseworker, personal_key=personal).get(str(specialist.public_id))
    terms = ConsentTerms(categories=("identity", "contact", "needs", "narrative"), purpose="support",
                         expires_on=today + datetime.timedelta(days=90), method="in_person", language="en")
    actors = {"receiver": caseworker, "referrer": worker}
    for number, (label, moves) in enumerate(PATHS.items(), start=1):
        referral, _code = services.referral_intake(
            acting_user=worker, referring_organisation=community, needs=["safety", "housing"], terms=terms,
            name=f"Demo Person Referred {number}", message=f"A fictional demo referral ({label}).",
            contact_channel="phone", contact_value="07700 900000", safe_times="Weekday mornings",
            partnership=partnership)
        for side, target, reason in moves:
            referral = Referral.objects.get(pk=referral.pk)
            if side == "her":
                firewall_services.consent_revoke(acting_user=None, consent=referral.consent, by_survivor=True)
                continue
            services.referral_transition(acting_user=actors[side], referral=referral, to=target, reason=reason,
                                         private_key=specialist_key)
        # Referrals made over the past weeks, not all today (the receiver's inbox shows its
        # newest requests first).
        earlier = today - datetime.timedelta(days=number)
        HelpRequest.objects.filter(public_id=referral.subject_ref).update(created_at=earlier)
        Case.objects.filter(pk=Referral.objects.get(pk=referral.pk).case_id).update(opened_on=earlier)
        if label == "sent, overdue":
            past = timezone.now() - datetime.timedelta(days=3)
            Referral.objects.filter(pk=referral.pk).update(sent_at=past, ack_due_at=past + datetime.timedelta(days=2),
                                                           first_contact_due_at=past + datetime.timedelta(days=2))
    Referral.objects.create(reference=services._new_reference(), referring_organisation=community,
                            receiving_organisation=specialist,
                            receiving_recipient=Recipient.objects.get(registered_by=community, organisation=specialist),
                            partnership=partnership, source=Referral.Source.INTAKE, needs=["legal"],
                            subject_ref=uuid.uuid4(), created_by=worker)
    stdout.write("")
    stdout.write(f"Demo referrals: {COMMUNITY} refers to {SPECIALIST} under an active partnership; "
                 f"{len(PATHS) + 1} referrals, one at every state, one overdue.")
