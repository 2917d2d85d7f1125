"""Casework services: opening, safe contact, DASH records, MARAC pre-fill, files,
outcomes, transfer and retention."""

import datetime
import re
import uuid

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.utils import timezone

from harbour.cases import services
from harbour.cases.models import (
    Case,
    CaseDocument,
    CaseTask,
    ContactAttempt,
    MaracReferral,
    Outcome,
    RiskAssessment,
)
from harbour.core.models import AuditEntry
from harbour.firewall import crypto
from harbour.firewall import services as firewall_services
from harbour.help import services as help_services
from harbour.help.models import HelpRequest
from tests.cases.conftest import contacted

PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 64
PDF = b"%PDF-1.4\n" + b"x" * 64


def yes(count):
    return {n: ("yes" if n <= count else "no") for n in range(1, 25)}


# --- opening ---------------------------------------------------------------------------

def test_references_are_pseudonymous_and_count_per_organisation(keyed_a, caseworker_a):
    year = timezone.localdate().year
    refs = [services.case_open_direct(acting_user=caseworker_a.user, organisation=caseworker_a.organisation,
                                      name=f"Woman {i}").reference for i in range(3)]
    assert refs == [f"C-{year}-0001", f"C-{year}-0002", f"C-{year}-0003"]
    assert all(re.fullmatch(r"C-\d{4}-\d{4}", r) for r in refs)


def test_a_direct_case_seals_what_she_said(a_case, keyed_a, caseworker_a):
    assert b"Amal" not in bytes(a_case.sealed_content)
    opened = services.case_open(acting_user=caseworker_a.user, case=a_case, private_key=keyed_a)
    assert (opened["name"], opened["message"]) == ("Amal", "Phoned from a friend's phone.")
    assert AuditEntry.objects.filter(action="cases.case.view", subject=str(a_case.public_id)).count() == 1


def test_opening_from_a_help_request_reseals_it_and_her_code_keeps_working(keyed_a, caseworker_a, org_a):
    help_request, code = help_services.help_request_create(
        organisation=org_a, needs=["safety"], message="He took my phone", name="Layla", contact_channel="text",
        contact_value="07700 900555", safe_times="mornings", message_ok=False, language="ar")
    case = services.case_open_from_help_request(acting_user=caseworker_a.user, help_request=help_request,
                                                private_key=keyed_a)
    assert case.help_request == help_request and case.subject_ref == help_request.public_id
    assert case.source == "help_request" and case.safe_channels == ["text"] and case.message_ok is False
    assert bytes(case.sealed_content) != bytes(help_request.sealed_content)
    opened = services.case_open(acting_user=caseworker_a.user, case=case, private_key=keyed_a)
    assert (opened["name"], opened["message"], opened["needs"]) == ("Layla", "He took my phone", ["safety"])
    assert opened["contact"]["value"] == "07700 900555"
    assert help_services.help_request_for_code(code) == help_request
    # Opening twice gives the same case.
    again = services.case_open_from_help_request(acting_user=caseworker_a.user, help_request=help_request,
                                                 private_key=keyed_a)
    assert again.pk == case.pk and Case.objects.count() == 1


def test_a_referral_received_opens_as_a_referral_case(keyed_a, caseworker_a, org_a, org_b):
    referral = help_services.receive_referral(
        recipient_organisation=org_a, shared={"identity": "Sara", "narrative": "From B"},
        seal=lambda content, context=None: crypto.seal_record(services._public_key(org_a), content, context=context), referred_by=org_b)
    case = services.case_open_from_help_request(acting_user=caseworker_a.user, help_request=referral,
                                                private_key=keyed_a)
    assert case.source == "referral"


def test_a_check_back_request_opens_with_do_not_contact(keyed_a, caseworker_a, org_a):
    help_request, _code = help_services.help_request_create(organisation=org_a, needs=["legal"],
                                                            contact_channel="check_back", language="en")
    case = services.case_open_from_help_request(acting_user=caseworker_a.user, help_request=help_request,
                                                private_key=keyed_a)
    assert case.do_not_contact is True


# --- safe contact ------------------------------------------------------------------------

def test_no_task_for_a_channel_she_has_not_said_is_safe(a_case, caseworker_a):
    case = contacted(a_case, caseworker_a.user, channel="phone")
    with pytest.raises(ValidationError):
        services.case_task_add(acting_user=caseworker_a.user, case=case, title="Send a letter",
                               due_on=timezone.localdate(), channel="letter")
    assert CaseTask.objects.count() == 0
    services.case_task_add(acting_user=caseworker_a.user, case=case, title="Call back", due_on=timezone.localdate(),
                           channel="phone")
    assert CaseTask.objects.count() == 1


def test_do_not_contact_refuses_every_channel(a_case, caseworker_a):
    case = services.case_set_contact(acting_user=caseworker_a.user, case=a_case, safe_channels=["phone", "email"],
                                     do_not_contact=True, message_ok=None)
    for channel in ("phone", "email", "letter"):
        with pytest.raises(ValidationError):
            services.case_task_add(acting_user=caseworker_a.user, case=case, title="x", due_on=timezone.localdate(),
                                   channel=channel)
        with pytest.raises(ValidationError):
            services.contact_attempt_record(acting_user=caseworker_a.user, case=case, channel=channel, outcome="reached")
    assert CaseTask.objects.count() == ContactAttempt.objects.count() == 0


def test_not_safe_now_offers_a_later_day_not_a_retry(a_case, caseworker_a):
    case = services.case_set_contact(acting_user=caseworker_a.user, case=a_case, safe_channels=["phone"],
                                     do_not_contact=False, message_ok=False)
    for day in (None, timezone.localdate()):
        with pytest.raises(ValidationError):
            services.contact_attempt_record(acting_user=caseworker_a.user, case=case, channel="phone",
                                            outcome="not_safe_now", next_slot_on=day)
    later = timezone.localdate() + datetime.timedelta(days=2)
    attempt = services.contact_attempt_record(acting_user=caseworker_a.user, case=case, channel="phone",
                                              outcome="not_safe_now", next_slot_on=later)
    assert attempt.next_slot_on == later
    assert Case.objects.get(pk=case.pk).first_contact_on is None


def test_contact_details_are_sealed(a_case, caseworker_a, keyed_a):
    case = services.case_set_contact(acting_user=caseworker_a.user, case=a_case, safe_channels=["phone"],
                                     do_not_contact=False, message_ok=False, value="07700 900999",
                                     code_word="blue tulip", must_not_answer="her brother-in-law")
    assert b"tulip" not in bytes(case.sealed_contact)
    opened = services.case_open(acting_user=caseworker_a.user, case=case, private_key=keyed_a)
    assert opened["contact"]["code_word"] == "blue tulip"


# --- DASH ----------------------------------------------------------------------------------

def test_an_assessment_is_computed_sealed_and_sets_the_case_level(a_case, caseworker_a, keyed_a):
    case = contacted(a_case, caseworker_a.user)
    assessment = services.assessment_record(acting_user=caseworker_a.user, case=case, answers=yes(14),
                                            form_token=uuid.uuid4(), notes={3: "him"}, perpetrator="Karim",
                                            children=[3, 7])
    assert (assessment.score, assessment.level, assessment.marac, assessment.reasons) == (14, "high", True,
                                                                                         ["visible_high_risk"])
    case.refresh_from_db()
    assert (case.risk_level, case.risk_score, case.risk_review_on is not None) == ("high", 14, True)
    assert b"Karim" not in bytes(assessment.sealed_content)
    opened = services.assessment_open(acting_user=caseworker_a.user, assessment=assessment, private_key=keyed_a)
    assert opened["answers"]["14"] == "yes" and opened["answers"]["15"] == "no"
    assert opened["children"] == [3, 7]


def test_a_duplicate_post_saves_nothing_twice(a_case, caseworker_a):
    case = contacted(a_case, caseworker_a.user)
    token = uuid.uuid4()
    services.assessment_record(acting_user=caseworker_a.user, case=case, answers=yes(3), form_token=token)
    with pytest.raises(ValidationError) as raised:
        services.assessment_record(acting_user=caseworker_a.user, case=case, answers=yes(3), form_token=token)
    assert raised.value.code == "duplicate"
    assert RiskAssessment.objects.count() == 1


def test_an_answer_outside_the_four_saves_nothing(a_case, caseworker_a):
    case = contacted(a_case, caseworker_a.user)
    with pytest.raises(ValueError, match="question 5"):
        services.assessment_record(acting_user=caseworker_a.user, case=case, answers={5: "perhaps"},
                                   form_token=uuid.uuid4())
    assert RiskAssessment.objects.count() == 0


def test_judgement_needs_a_reason(a_case, caseworker_a):
    case = contacted(a_case, caseworker_a.user)
    with pytest.raises(ValidationError):
        services.assessment_record(acting_user=caseworker_a.user, case=case, answers=yes(2), form_token=uuid.uuid4(),
                                   judgement_high=True)
    assert RiskAssessment.objects.count() == 0


def test_no_assessment_before_first_contact(a_case, caseworker_a):
    with pytest.raises(ValidationError):
        services.assessment_record(acting_user=caseworker_a.user, case=a_case, answers=yes(2), form_token=uuid.uuid4())


def test_a_new_incident_within_12_months_of_the_last_marac_refers_again(a_case, caseworker_a):
    case = contacted(a_case, caseworker_a.user)
    first = services.assessment_record(acting_user=caseworker_a.user, case=case, answers=yes(14), form_token=uuid.uuid4())
    sent_on = timezone.localdate() - datetime.timedelta(days=100)
    MaracReferral.objects.create(case=case, assessment=first, status="sent", sent_on=sent_on, sealed_content=b"x",
                                 sealed_key=b"x")
    repeat = services.assessment_record(acting_user=caseworker_a.user, case=case, answers=yes(2),
                                        form_token=uuid.uuid4(), new_incident_on=timezone.localdate())
    assert (repeat.level, repeat.marac, repeat.reasons) == ("standard", True, ["repeat"])
    too_late = services.assessment_record(acting_user=caseworker_a.user, case=case, answers=yes(2),
                                          form_token=uuid.uuid4(), new_incident_on=sent_on + datetime.timedelta(days=366))
    assert too_late.marac is False


def test_changes_between_assessments_are_listed():
    before = {"answers": {"1": "no", "2": "yes"}}
    after = {"answers": {"1": "yes", "2": "yes", "3": "dont_know"}}
    assert services.assessment_changes(before, after) == [
        {"number": 1, "before": "no", "after": "yes"}, {"number": 3, "before": "not_asked", "after": "dont_know"}]


def test_marac_prefill_carries_the_assessment_over(a_case, caseworker_a, keyed_a):
    case = contacted(a_case, caseworker_a.user)
    assessment = services.assessment_record(acting_user=caseworker_a.user, case=case, answers=yes(14),
                                            form_token=uuid.uuid4(), perpetrator="Karim, 34", children=[2, 9])
    initial = services.marac_prefill(
        case=case, assessment=assessment,
        opened_case=services.case_open(acting_user=caseworker_a.user, case=case, private_key=keyed_a),
        opened_assessment=services.assessment_open(acting_user=caseworker_a.user, assessment=assessment,
                                                   private_key=keyed_a))
    assert initial["name"] == "Amal" and initial["perpetrator"] == "Karim, 34"
    assert (initial["children_count"], initial["children_ages"]) == (2, "2, 9")
    assert initial["yes_items"] == list(range(1, 15)) and initial["score"] == 14
    assert "14 of 24" in initial["risk_summary"] and "18. Strangulation" not in initial["risk_summary"]
    assert "14. Severity" in initial["risk_summary"]


# --- files, outcomes ---------------------------------------------------------------------------

def test_a_file_is_sealed_and_opens_again(a_case, caseworker_a, keyed_a):
    document = services.case_document_add(acting_user=caseworker_a.user, case=a_case, data=PDF, filename="order.pdf")
    assert (document.kind, document.size) == ("pdf", len(PDF))
    assert b"x" * 64 not in bytes(document.sealed_content) and b"order" not in bytes(document.sealed_key)
    assert services.case_document_open(acting_user=caseworker_a.user, document=document, private_key=keyed_a) == (
        PDF, "order.pdf")


@pytest.mark.parametrize("data", [b"MZ\x90\x00 not an image", b"<html>", b"GIF89a", b""])
def test_a_file_that_is_not_what_it_says_is_refused(a_case, caseworker_a, data):
    with pytest.raises(ValidationError):
        services.case_document_add(acting_user=caseworker_a.user, case=a_case, data=data, filename="photo.png")
    assert CaseDocument.objects.count() == 0


def test_a_file_too_big_is_refused(a_case, caseworker_a, monkeypatch):
    monkeypatch.setattr(services, "MAX_DOCUMENT_BYTES", 100)
    with pytest.raises(ValidationError):
        services.case_document_add(acting_user=caseworker_a.user, case=a_case, data=PNG + b"\0" * 100)
    assert CaseDocument.objects.count() == 0


def test_outcomes_are_structured_and_survive_erasure(a_case, caseworker_a):
    services.outcome_record(acting_user=caseworker_a.user, case=a_case, stage="intake",
                            values={"safety": "less_safe", "wellbeing": 3, "immigration_advice_need_met": False})
    case = services.case_transition(acting_user=caseworker_a.user, case=a_case, to="closed", reason="support_complete")
    services.outcome_record(acting_user=caseworker_a.user, case=case, stage="closure",
                            values={"safety": "safer", "abuse": "stopped", "wellbeing": 7})
    Case.objects.filter(pk=case.pk).update(closed_on=timezone.localdate() - datetime.timedelta(days=6 * 366 + 1))
    assert services.cases_erase_expired() == 1
    assert Case.objects.count() == 0
    rows = list(Outcome.objects.order_by("stage").values("case", "stage", "safety", "wellbeing"))
    assert rows == [{"case": None, "stage": "closure", "safety": "safer", "wellbeing": 7},
                    {"case": None, "stage": "intake", "safety": "less_safe", "wellbeing": 3}]


def test_retention_keeps_cases_inside_the_period(a_case, caseworker_a):
    case = services.case_transition(acting_user=caseworker_a.user, case=a_case, to="closed", reason="support_complete")
    Case.objects.filter(pk=case.pk).update(closed_on=timezone.localdate() - datetime.timedelta(days=5 * 365))
    assert services.cases_erase_expired() == 0
    assert Case.objects.count() == 1


def test_retention_leaves_the_audit_chain_valid(a_case, caseworker_a):
    from django.core.management import call_command

    case = services.case_transition(acting_user=caseworker_a.user, case=a_case, to="closed", reason="other")
    Case.objects.filter(pk=case.pk).update(closed_on=datetime.date(2000, 1, 1))
    call_command("erase_expired_cases")
    assert Case.objects.count() == 0
    assert AuditEntry.objects.filter(action="cases.case.erase").count() == 1
    call_command("audit_verify")  # raises if a link of the chain is broken


# --- transfer --------------------------------------------------------------------------------

def test_transfer_reseals_to_the_partner_and_leaves_a_receipt(a_case, caseworker_a, keyed_a, admin_a, org_b,
                                                              sealed_b, outsider):
    from harbour.cases.models import TransferReceipt

    case = contacted(a_case, caseworker_a.user)
    services.case_note_add(acting_user=caseworker_a.user, case=case, text="Prefers afternoons")
    partner = firewall_services.recipient_register(acting_user=admin_a.user, organisation=admin_a.organisation,
                                                   name="Organisation B", category="specialist_support", partner=org_b)
    consent = firewall_services.consent_record(
        acting_user=caseworker_a.user, organisation=case.organisation, subject_ref=case.subject_ref,
        recipient=partner, categories=["identity", "contact", "narrative", "notes"], purpose="support",
        expires_on=timezone.localdate() + datetime.timedelta(days=30), method="in_person", language="ar")
    receipt = services.case_transfer(acting_user=caseworker_a.user, case=case, consent=consent, private_key=keyed_a)
    assert receipt.reference == case.reference
    assert not Case.objects.filter(organisation=case.organisation).exists()
    moved = Case.objects.get(organisation=org_b)
    assert moved.source == "transfer" and moved.safe_channels == ["phone"]
    opened = services.case_open(acting_user=outsider.user, case=moved, private_key=sealed_b[0])
    assert opened["name"] == "Amal" and opened["shared_notes"] == ["Prefers afternoons"]
    assert TransferReceipt.objects.filter(organisation=case.organisation).count() == 1
    with pytest.raises(crypto.CryptoError):
        crypto.open_record(keyed_a, bytes(moved.sealed_content), bytes(moved.sealed_key))


def test_help_request_status_moves_to_contacted_when_a_case_opens(keyed_a, caseworker_a, org_a):
    help_request, _code = help_services.help_request_create(organisation=org_a, needs=["safety"], language="en")
    services.case_open_from_help_request(acting_user=caseworker_a.user, help_request=help_request, private_key=keyed_a)
    assert HelpRequest.objects.get(pk=help_request.pk).status == "contacted"
    assert connection.vendor in ("sqlite", "postgresql")
