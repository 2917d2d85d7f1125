"""Fictional demo cases at Northside Women's Centre: one at every status, one high-risk
with a pending MARAC referral, one restricted. Run by `manage.py demo_data` after the
apps above (it needs their organisations, staff and keys); safe to run again."""

import uuid

from django.utils import timezone

from harbour.accounts.models import Membership, Organisation
from harbour.cases import services
from harbour.cases.models import Case
from harbour.firewall import keys

DEMO_PDF = (b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\n"
            b"trailer<</Root 1 0 R>>\n%%EOF\n")


def _yes(count):
    return {n: ("yes" if n <= count else "no") for n in range(1, 25)}


def load(stdout) -> None:
    organisation = Organisation.objects.filter(name="Northside Women's Centre").first()
    if organisation is None or keys.public_key_of(organisation) is None or Case.objects.filter(
            organisation=organisation).exists():
        return
    admin = Membership.objects.filter(organisation=organisation, role="admin").select_related("user").first()
    worker = Membership.objects.filter(organisation=organisation, role="caseworker").select_related("user").first()
    if admin is None or worker is None:
        return
    admin, worker = admin.user, worker.user

    def opened(name, channel="phone"):
        case = services.case_open_direct(acting_user=worker, organisation=organisation, name=name,
                                         summary="A fictional demo case.", language="en")
        return services.case_set_contact(acting_user=worker, case=case, safe_channels=[channel],
                                         do_not_contact=False, message_ok=False, value="07700 900000",
                                         safe_times="Weekday mornings", code_word="Demo word")

    def first_contact(case):
        services.contact_attempt_record(acting_user=worker, case=case, channel=case.safe_channels[0],
                                        outcome="reached")
        return services.case_transition(acting_user=worker, case=case, to="first_contact")

    opened("Demo Person New")
    first_contact(opened("Demo Person First Contact", "text"))
    assessed = first_contact(opened("Demo Person Assessment"))
    services.assessment_record(acting_user=worker, case=assessed, answers=_yes(11), form_token=uuid.uuid4())
    ongoing = first_contact(opened("Demo Person Ongoing"))
    services.assessment_record(acting_user=worker, case=ongoing, answers=_yes(6), form_token=uuid.uuid4())
    ongoing = services.case_transition(acting_user=worker, case=Case.objects.get(pk=ongoing.pk), to="ongoing")
    services.safety_plan_save(acting_user=worker, case=ongoing, heading="My list", sections={
        "at_home": [{"action": "Keep a charged phone in the bathroom", "who": "me", "when": "always"}]})
    services.case_task_add(acting_user=worker, case=ongoing, title="Call back about housing",
                           due_on=timezone.localdate(), channel="phone")
    dormant = first_contact(opened("Demo Person Dormant"))
    services.case_transition(acting_user=worker, case=dormant, to="dormant")
    withdrawn = opened("Demo Person Withdrawn")
    services.case_transition(acting_user=worker, case=withdrawn, to="withdrawn", reason="no_longer_wanted")
    closed = first_contact(opened("Demo Person Closed"))
    services.outcome_record(acting_user=worker, case=closed, stage="intake", values={"safety": "less_safe",
                                                                                    "wellbeing": 3})
    closed = services.case_transition(acting_user=worker, case=closed, to="closed", reason="support_complete")
    services.outcome_record(acting_user=worker, case=closed, stage="closure", values={
        "safety": "safer", "abuse": "stopped", "housing_secure": True, "wellbeing": 7})

    high = first_contact(opened("Demo Person High Risk"))
    services.assessment_record(acting_user=worker, case=high, answers=_yes(16), form_token=uuid.uuid4(),
                               perpetrator="Demo perpetrator details", children=[4, 9])
    high = Case.objects.get(pk=high.pk)
    services.marac_referral_save(acting_user=worker, case=high, data={
        "name": "Demo Person High Risk", "safe_contact": "07700 900000; weekday mornings",
        "risk_summary": "DASH score 16 of 24 (fictional).", "perpetrator": "Demo perpetrator details",
        "children_count": 2, "children_ages": "4, 9"})
    # A file and a safety plan on a case near the top of the list, so a walk through the case
    # pages meets both.
    services.case_document_add(acting_user=worker, case=high, data=DEMO_PDF, filename="demo.pdf",
                               declared_type="application/pdf")
    services.safety_plan_save(acting_user=worker, case=high, heading="My list", sections={
        "at_home": [{"action": "Keep the spare key with a neighbour", "who": "me", "when": "now"}]})
    # A task of the admin's on it, so her dashboard links to a case and its pages too.
    services.case_task_add(acting_user=worker, case=Case.objects.get(pk=high.pk), title="Check the referral",
                           due_on=timezone.localdate(), channel="phone", assignee=admin)

    restricted = first_contact(opened("Demo Person Restricted"))
    services.case_restrict(acting_user=admin, case=restricted, members=[worker])
    stdout.write("")
    stdout.write(f"Demo cases opened at {organisation.name}: one at every status, a high-risk one with a "
                 "MARAC referral waiting to be sent (register a police recipient to send it), a restricted one.")
