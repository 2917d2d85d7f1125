"""Writes for casework: keyword-only, typed, atomic, audited (F6), sealed (F5).

Every function here that opens sealed content takes the member's unlocked organisation
key (from her session keyring) and audits the opening. Every refusal raises
ValidationError with a sentence for the member, before anything is written.
"""

import datetime
import uuid

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from nacl.public import PrivateKey

from harbour.accounts.access import memberships_of
from harbour.accounts.models import Membership, Organisation, User
from harbour.cases import dash, workflow
from harbour.cases.models import (
    Case,
    CaseCounter,
    CaseDocument,
    CaseNote,
    CaseSettings,
    CaseTask,
    ContactAttempt,
    MaracReferral,
    Outcome,
    RiskAssessment,
    SafetyPlan,
    TransferReceipt,
)
from harbour.core.audit import audit_append
from harbour.firewall import crypto, gate, keys, policy
from harbour.firewall import services as firewall_services
from harbour.firewall.models import Consent, Recipient

CASE_ROLES = (Membership.Role.ADMIN, Membership.Role.CASEWORKER)
TRANSFER_KIND = "case_transfer"
MARAC_KIND = "marac_referral"
MAX_DOCUMENT_BYTES = 10 * 1024 * 1024
# Magic bytes of the kinds of file accepted: evidence is photographs and PDFs. A short
# allowlist of signatures, not a guess among hundreds of types (docs/architecture.md).
SIGNATURES = {
    CaseDocument.Kind.PDF: (b"%PDF-",),
    CaseDocument.Kind.PNG: (b"\x89PNG\r\n\x1a\n",),
    CaseDocument.Kind.JPEG: (b"\xff\xd8\xff",),
}
SAFETY_PLAN_SECTIONS = ("at_home", "if_she_leaves", "after_leaving", "children", "online_and_phone",
                        "work_or_college", "documents_and_money", "emergency_contacts")
MARAC_RECIPIENT_CATEGORIES = gate.SAFEGUARDING_RECIPIENT_CATEGORIES
HIGH_RISK_REVIEW_DAYS = 90


# --- helpers -------------------------------------------------------------------------

def _require_member(user: User | None, organisation: Organisation, roles=CASE_ROLES) -> None:
    if user is None or not memberships_of(user).filter(organisation=organisation, role__in=roles).exists():
        raise PermissionDenied


def _public_key(organisation: Organisation) -> bytes:
    public_key = keys.public_key_of(organisation)
    if public_key is None:
        raise ValidationError(_("Set up your organisation's key first."))
    return public_key


def _seal(organisation: Organisation, payload: dict) -> tuple[bytes, bytes]:
    return crypto.seal_record(_public_key(organisation), payload)


def _open(private_key: PrivateKey, row, content_field="sealed_content", key_field="sealed_key") -> dict:
    content, sealed_key = getattr(row, content_field), getattr(row, key_field)
    if not content:
        return {}
    return crypto.open_record(private_key, bytes(content), bytes(sealed_key))


def _require_action(case: Case, action: str) -> None:
    if not workflow.allows(case.status, action):
        raise ValidationError(_("This cannot be done while the case is “%(status)s”.") % {
            "status": case.get_status_display()})


def _lock(case: Case, expected_version: int | None = None) -> Case:
    locked = Case.objects.select_for_update().select_related("organisation").get(pk=case.pk)
    if expected_version is not None and locked.version != expected_version:
        raise ValidationError(_("Someone else changed this case while you were working on it. Your entries are "
                                "still in the form: check the case and save again."), code="stale")
    return locked


def _bump(case: Case, *fields: str) -> None:
    case.version += 1
    case.full_clean()
    case.save(update_fields=[*fields, "version", "updated_at"])


def settings_for(organisation: Organisation) -> CaseSettings:
    found = CaseSettings.objects.filter(organisation=organisation).first()
    return found or CaseSettings(organisation=organisation)


def dash_settings_for(organisation: Organisation) -> dash.DashSettings:
    found = settings_for(organisation)
    return dash.DashSettings(medium_from=found.medium_from, escalation_incidents=found.escalation_incidents)


def _next_reference(organisation: Organisation, year: int) -> str:
    """C-YYYY-NNNN, per organisation and year. The counter row is locked for update, so two
    openings at once get different numbers on PostgreSQL; SQLite serialises writers."""
    try:
        with transaction.atomic():
            CaseCounter.objects.get_or_create(organisation=organisation, year=year)
    except IntegrityError:
        pass  # another opening created it first: lock the row it made
    counter = CaseCounter.objects.select_for_update().get(organisation=organisation, year=year)
    counter.last_number += 1
    counter.save(update_fields=["last_number"])
    return f"C-{year}-{counter.last_number:04d}"


def _create_case(*, acting_user, organisation: Organisation, source: str, first_record: dict, language: str,
                 subject_ref=None, help_request=None, safe_channels=(), message_ok=None, contact: dict | None = None,
                 do_not_contact: bool = False) -> Case:
    content, sealed_key = _seal(organisation, first_record)
    contact_content, contact_key = (_seal(organisation, contact) if contact else (b"", b""))
    today = timezone.localdate()
    case = Case(organisation=organisation, reference=_next_reference(organisation, today.year),
                help_request=help_request, source=source, language=language or "en",
                caseworker=acting_user if isinstance(acting_user, User) else None, opened_on=today,
                safe_channels=sorted(set(safe_channels)), message_ok=message_ok, do_not_contact=do_not_contact,
                sealed_contact=contact_content, sealed_contact_key=contact_key,
                sealed_content=content, sealed_key=sealed_key)
    case.subject_ref = subject_ref or case.public_id
    case.full_clean()
    case.save()
    audit_append(action="cases.case.open", actor=acting_user, organisation=organisation, subject=case,
                 detail={"reference": case.reference, "source": source})
    return case


# --- opening ----------------------------------------------------------------------------

HELP_CHANNELS = {"phone": "phone", "text": "text", "email": "email", "messaging": "messaging"}


def case_open_from_help_request(*, acting_user: User, help_request, private_key: PrivateKey) -> Case:
    """Open a case from a help request (hers, or a referral received through the gate).

    Her sealed content is opened with the member's key and re-sealed as the case's first
    record; the request stays, linked, so her status code keeps working and her status page
    shows what is shared from the case. Returns the case (the existing one if the request
    already has a case). Raises PermissionDenied for a non-member, ValidationError without
    a key set up, crypto.CryptoError for a wrong key.
    """
    organisation = help_request.organisation
    _require_member(acting_user, organisation)
    existing = Case.objects.filter(help_request=help_request).first()
    if existing is not None:
        return existing
    from harbour.help.services import read_holds

    held = read_holds([help_request])
    if held:
        raise ValidationError(held[help_request.pk])
    opened = crypto.open_record(private_key, bytes(help_request.sealed_content), bytes(help_request.sealed_key),
                                context=crypto.context_of(help_request))
    contact = dict(opened.get("contact") or {})
    channel = HELP_CHANNELS.get(help_request.contact_channel or "")
    with transaction.atomic():
        case = _create_case(
            acting_user=acting_user, organisation=organisation,
            source=Case.Source.REFERRAL if help_request.referred_by_id else Case.Source.HELP_REQUEST,
            first_record={"name": opened.get("name", ""), "message": opened.get("message", ""),
                          "shared_notes": opened.get("shared_notes", []), "needs": list(help_request.needs)},
            language=help_request.language, subject_ref=help_request.public_id, help_request=help_request,
            safe_channels=[channel] if channel else [], message_ok=contact.get("message_ok"),
            do_not_contact=help_request.contact_channel == "check_back",
            contact={"value": contact.get("value", ""), "safe_times": contact.get("safe_times", ""),
                     "code_word": "", "must_not_answer": ""},
        )
        audit_append(action="help.request.open", actor=acting_user, organisation=organisation,
                     subject=help_request, detail={"case": str(case.public_id)})
        if help_request.status == "received":
            type(help_request).objects.filter(pk=help_request.pk).update(status="contacted")
    return case


def case_open_direct(*, acting_user: User, organisation: Organisation, name: str, summary: str = "",
                     language: str = "en", needs: list[str] | None = None) -> Case:
    """Open a case for a woman who phoned or walked in. `name` and `summary` are sealed."""
    _require_member(acting_user, organisation)
    with transaction.atomic():
        return _create_case(acting_user=acting_user, organisation=organisation, source=Case.Source.DIRECT,
                            first_record={"name": name.strip(), "message": summary.strip(),
                                          "needs": sorted(set(needs or []))},
                            language=language)


def case_open(*, acting_user: User, case: Case, private_key: PrivateKey) -> dict:
    """Unseal the case's first record, safe-contact details and notes for one member
    (one audit entry). Costs the same number of queries however many notes it has."""
    with transaction.atomic():
        content = _open(private_key, case)
        content["contact"] = _open(private_key, case, "sealed_contact", "sealed_contact_key")
        content["notes"] = [{"on": note.created_at, "author": note.author_id, "text": _open(private_key, note).get("text", "")}
                            for note in case.notes.all()]
        audit_append(action="cases.case.view", actor=acting_user, organisation=case.organisation, subject=case)
    return content


# --- safe contact -------------------------------------------------------------------------

def check_channel_safe(case: Case, channel: str) -> None:
    """The hard gate on contact (issue 14 item 2): raises ValidationError unless she said
    `channel` is safe and has not said "do not contact me"."""
    if case.do_not_contact:
        raise ValidationError(_("She asked not to be contacted. Nothing can be sent or arranged to reach her."))
    if channel not in case.safe_channels:
        raise ValidationError(_("She has not said this way of contacting her is safe."))


def case_set_contact(*, acting_user: User, case: Case, safe_channels: list[str], do_not_contact: bool,
                     message_ok: bool | None, value: str = "", safe_times: str = "", code_word: str = "",
                     must_not_answer: str = "", expected_version: int | None = None) -> Case:
    """Record how she may be contacted. Channel codes are plain (the gate reads them without
    a key); the number or address, safe times, code word and who must not answer are sealed."""
    _require_member(acting_user, case.organisation)
    content, sealed_key = _seal(case.organisation, {"value": value.strip(), "safe_times": safe_times.strip(),
                                                    "code_word": code_word.strip(),
                                                    "must_not_answer": must_not_answer.strip()})
    with transaction.atomic():
        case = _lock(case, expected_version)
        case.safe_channels = sorted(set(safe_channels))
        case.do_not_contact = do_not_contact
        case.message_ok = message_ok
        case.sealed_contact, case.sealed_contact_key = content, sealed_key
        _bump(case, "safe_channels", "do_not_contact", "message_ok", "sealed_contact", "sealed_contact_key")
        audit_append(action="cases.contact.set", actor=acting_user, organisation=case.organisation, subject=case,
                     detail={"channels": case.safe_channels, "do_not_contact": do_not_contact})
    return case


def contact_attempt_record(*, acting_user: User, case: Case, channel: str, outcome: str,
                           next_slot_on: datetime.date | None = None) -> ContactAttempt:
    """Log one attempt. Refused on a channel she has not said is safe. "Not safe now" needs a
    later slot (never an immediate retry). The first "reached" records time to first contact."""
    _require_member(acting_user, case.organisation)
    _require_action(case, workflow.CONTACT)
    check_channel_safe(case, channel)
    today = timezone.localdate()
    if outcome == ContactAttempt.Outcome.NOT_SAFE_NOW and (next_slot_on is None or next_slot_on <= today):
        raise ValidationError({"next_slot_on": _("She said it is not safe now: offer a later day, not a retry.")})
    with transaction.atomic():
        case = _lock(case)
        attempt = ContactAttempt(case=case, channel=channel, outcome=outcome, by=acting_user,
                                 next_slot_on=next_slot_on if outcome == ContactAttempt.Outcome.NOT_SAFE_NOW else None)
        attempt.full_clean()
        attempt.save()
        if outcome == ContactAttempt.Outcome.REACHED and case.first_contact_on is None:
            case.first_contact_on = today
            case.first_contact_hours = round((timezone.now() - case.created_at).total_seconds() / 3600)
            _bump(case, "first_contact_on", "first_contact_hours")
        audit_append(action="cases.contact.attempt", actor=acting_user, organisation=case.organisation,
                     subject=case, detail={"channel": channel, "outcome": outcome})
    return attempt


# --- status ---------------------------------------------------------------------------

def case_transition(*, acting_user: User, case: Case, to: str, reason: str = "",
                    expected_version: int | None = None) -> Case:
    """Move the case along workflow.TRANSITIONS. Refused moves and missing reasons raise
    ValidationError and change nothing. Closing and withdrawing need a CloseReason code."""
    _require_member(acting_user, case.organisation)
    with transaction.atomic():
        case = _lock(case, expected_version)
        if not workflow.can_move(case.status, to):
            raise ValidationError(_("A case cannot move from “%(current)s” to “%(target)s”.") % {
                "current": case.get_status_display(), "target": dict(Case.Status.choices).get(to, to)})
        if to in workflow.NEEDS_REASON and reason not in Case.CloseReason.values:
            raise ValidationError({"reason": _("Choose the reason.")})
        previous = case.status
        case.status = to
        fields = ["status"]
        if to == workflow.CLOSED:
            case.closed_on, case.close_reason = timezone.localdate(), reason
            fields += ["closed_on", "close_reason"]
        elif to == workflow.WITHDRAWN:
            case.close_reason = reason
            fields.append("close_reason")
        elif previous in (workflow.CLOSED, workflow.WITHDRAWN):
            case.closed_on, case.close_reason = None, ""
            fields += ["closed_on", "close_reason"]
        if to == workflow.FIRST_CONTACT and case.first_contact_on is None:
            case.first_contact_on = timezone.localdate()
            case.first_contact_hours = round((timezone.now() - case.created_at).total_seconds() / 3600)
            fields += ["first_contact_on", "first_contact_hours"]
        _bump(case, *fields)
        audit_append(action="cases.case.transition", actor=acting_user, organisation=case.organisation,
                     subject=case, detail={"from": previous, "to": to, "reason": reason})
    return case


# --- DASH -----------------------------------------------------------------------------------

def repeat_referral_due(case: Case, *, incident_on: datetime.date | None) -> bool:
    """SafeLives' repeat rule: a new incident within 12 months of the case's last MARAC
    referral refers again, whatever the score."""
    if incident_on is None:
        return False
    last = (MaracReferral.objects.filter(case=case, status=MaracReferral.Status.SENT, sent_on__isnull=False)
            .order_by("-sent_on").values_list("sent_on", flat=True).first())
    return last is not None and last <= incident_on <= last + datetime.timedelta(days=365)


def assessment_record(*, acting_user: User, case: Case, answers: dict, form_token: uuid.UUID,
                      judgement_high: bool = False, judgement_reason: str = "", incidents_last_12_months: int = 0,
                      new_incident_on: datetime.date | None = None, notes: dict | None = None,
                      perpetrator: str = "", children: list[int] | None = None) -> RiskAssessment:
    """Record a DASH checklist. Score, level and reasons come from dash.assess, plus
    "repeat" when repeat_referral_due. Answers, per-question notes, the judgement reason, the
    perpetrator's details and the children's ages are sealed. A second post of the same form
    (`form_token`) is refused; so is judgement without a reason."""
    _require_member(acting_user, case.organisation)
    _require_action(case, workflow.DASH)
    result = dash.assess(answers, judgement_high=judgement_high, incidents_last_12_months=incidents_last_12_months,
                         settings=dash_settings_for(case.organisation))
    if judgement_high and not judgement_reason.strip():
        raise ValidationError({"judgement_reason": _("Record why your professional judgement is that the risk is high.")})
    reasons, marac = list(result.reasons), result.marac
    if repeat_referral_due(case, incident_on=new_incident_on):
        reasons.append("repeat")
        marac = True
    normalised = dash.validate_answers(answers)
    content, sealed_key = _seal(case.organisation, {
        "answers": {str(n): normalised.get(n, dash.NOT_ASKED) for n in dash.QUESTIONS},
        "notes": {str(k): v for k, v in (notes or {}).items() if str(v).strip()},
        "judgement_reason": judgement_reason.strip(), "perpetrator": perpetrator.strip(),
        "children": list(children or []),
    })
    with transaction.atomic():
        case = _lock(case)
        if RiskAssessment.objects.filter(case=case, form_token=form_token).exists():
            raise ValidationError(_("This assessment was already saved. It is shown below; nothing was saved twice."),
                                  code="duplicate")
        today = timezone.localdate()
        assessment = RiskAssessment(
            case=case, instrument=dash.INSTRUMENT, instrument_version=dash.VERSION, score=result.score,
            level=result.level, marac=marac, reasons=reasons, incidents_last_12_months=incidents_last_12_months,
            judgement_high=judgement_high, assessed_on=today, assessed_by=acting_user, form_token=form_token,
            sealed_content=content, sealed_key=sealed_key)
        assessment.full_clean()
        assessment.save()
        case.risk_level, case.risk_score = result.level, result.score
        case.risk_review_on = today + datetime.timedelta(days=HIGH_RISK_REVIEW_DAYS) if result.level == dash.HIGH else None
        fields = ["risk_level", "risk_score", "risk_review_on"]
        if case.status == workflow.FIRST_CONTACT:
            # The first assessment moves the case into its assessment stage (Daisy's pattern).
            case.status = workflow.ASSESSMENT
            fields.append("status")
            audit_append(action="cases.case.transition", actor=acting_user, organisation=case.organisation,
                         subject=case, detail={"from": workflow.FIRST_CONTACT, "to": workflow.ASSESSMENT,
                                               "reason": ""})
        _bump(case, *fields)
        audit_append(action="cases.assessment.record", actor=acting_user, organisation=case.organisation,
                     subject=assessment, detail={"case": str(case.public_id), "score": result.score,
                                                 "level": result.level, "reasons": reasons})
    return assessment


def assessment_open(*, acting_user: User, assessment: RiskAssessment, private_key: PrivateKey) -> dict:
    with transaction.atomic():
        content = _open(private_key, assessment)
        audit_append(action="cases.assessment.view", actor=acting_user, organisation=assessment.case.organisation,
                     subject=assessment)
    return content


def assessment_changes(previous: dict, current: dict) -> list[dict]:
    """The questions whose answer changed between two opened assessments, as
    [{"number": int, "before": str, "after": str}], in question order."""
    before, after = previous.get("answers", {}), current.get("answers", {})
    return [{"number": n, "before": before.get(str(n), dash.NOT_ASKED), "after": after.get(str(n), dash.NOT_ASKED)}
            for n in dash.QUESTIONS if before.get(str(n), dash.NOT_ASKED) != after.get(str(n), dash.NOT_ASKED)]


# --- MARAC referral and the safeguarding share ---------------------------------------------------

def marac_prefill(*, case: Case, assessment: RiskAssessment | None, opened_case: dict,
                  opened_assessment: dict) -> dict:
    """The MARAC referral form's initial values, carried over from the case and its latest
    assessment (the complaint users make of Daisy: nothing carries over, research §2.3).
    Never a field about immigration or residence status (F1)."""
    answers = opened_assessment.get("answers", {})
    yes_items = [int(n) for n, v in answers.items() if v == dash.YES]
    children = opened_assessment.get("children", [])
    risk_lines = []
    if assessment is not None:
        risk_lines.append(_("DASH score %(score)d of 24, level %(level)s.") % {
            "score": assessment.score, "level": dash.LEVEL_LABELS.get(assessment.level, assessment.level)})
        risk_lines += [str(dash.REASON_LABELS.get(code, code)) for code in assessment.reasons]
        risk_lines.append(_("Answered yes: %(items)s.") % {
            "items": "; ".join(f"{n}. {dash.ITEMS[n][0]}" for n in sorted(yes_items))})
        if opened_assessment.get("judgement_reason"):
            risk_lines.append(_("Professional judgement: %(reason)s") % {"reason": opened_assessment["judgement_reason"]})
    return {
        "name": opened_case.get("name", ""),
        "safe_contact": "; ".join(v for v in [opened_case.get("contact", {}).get("value", ""),
                                               opened_case.get("contact", {}).get("safe_times", "")] if v),
        "risk_summary": "\n".join(risk_lines),
        "perpetrator": opened_assessment.get("perpetrator", ""),
        "children_count": len(children),
        "children_ages": ", ".join(str(a) for a in children),
        "yes_items": sorted(yes_items),
        "score": assessment.score if assessment else None,
        "reasons": list(assessment.reasons) if assessment else [],
    }


MARAC_FIELDS = ("name", "safe_contact", "risk_summary", "perpetrator", "children_count", "children_ages",
                "additional_information")


def marac_referral_save(*, acting_user: User, case: Case, data: dict, referral: MaracReferral | None = None) -> MaracReferral:
    """Save the caseworker's completed referral form (sealed), as a draft."""
    _require_member(acting_user, case.organisation)
    _require_action(case, workflow.MARAC)
    assessment = case.assessments.order_by("-assessed_on", "-pk").first()
    if assessment is None:
        raise ValidationError(_("Complete a risk assessment before a MARAC referral."))
    content, sealed_key = _seal(case.organisation, {k: data.get(k, "") for k in MARAC_FIELDS})
    with transaction.atomic():
        if referral is None:
            referral = MaracReferral(case=case, requested_by=acting_user)
        elif referral.status != MaracReferral.Status.DRAFT:
            raise ValidationError(_("This referral has been sent and can no longer be changed."))
        referral.assessment = assessment
        referral.sealed_content, referral.sealed_key = content, sealed_key
        referral.full_clean()
        referral.save()
        audit_append(action="cases.marac.save", actor=acting_user, organisation=case.organisation,
                     subject=referral, detail={"case": str(case.public_id)})
    return referral


def marac_referral_open(*, acting_user: User, referral: MaracReferral, private_key: PrivateKey) -> dict:
    """The saved referral form, unsealed for one member; audited."""
    with transaction.atomic():
        content = _open(private_key, referral)
        audit_append(action="cases.marac.view", actor=acting_user, organisation=referral.case.organisation,
                     subject=referral)
    return content


def _marac_payload(opened: dict) -> dict:
    narrative = "\n\n".join(f"{label}: {opened.get(key)}" for key, label in (
        ("risk_summary", _("Risk")), ("perpetrator", _("The person causing harm")),
        ("children_count", _("Children in the household")), ("children_ages", _("Children's ages")),
        ("additional_information", _("Additional information"))) if str(opened.get(key, "")).strip())
    return {policy.IDENTITY: opened.get("name", ""), policy.CONTACT: opened.get("safe_contact", ""),
            policy.NARRATIVE: narrative}


def marac_pdf(reference: str):
    """A renderer for the gate: shared categories -> PDF bytes (fpdf2, core fonts)."""
    from harbour.cases import documents

    return lambda shared: documents.marac_pdf(reference=reference, shared=shared)


def marac_referral_send(*, acting_user: User, referral: MaracReferral, consent: Consent, private_key: PrivateKey,
                        as_pdf: bool = False):
    """Send the referral under her consent, through the gate (F2). Returns the disclosure
    (with `.document` holding the PDF when `as_pdf`)."""
    case = referral.case
    _require_action(case, workflow.MARAC)
    if referral.status != MaracReferral.Status.DRAFT:
        raise ValidationError(_("This referral has already been sent."))
    if consent.recipient.category not in MARAC_RECIPIENT_CATEGORIES:
        raise ValidationError(_("A MARAC referral goes to a recipient registered as police, health, housing or another statutory body."))
    opened = _open(private_key, referral)
    with transaction.atomic():
        disclosure = gate.disclose(acting_user=acting_user, consent=consent, kind=MARAC_KIND,
                                   subject_ref=case.subject_ref, payload=_marac_payload(opened),
                                   as_document=marac_pdf(case.reference) if as_pdf else None)
        MaracReferral.objects.filter(pk=referral.pk).update(
            status=MaracReferral.Status.SENT, basis=MaracReferral.Basis.CONSENT, recipient=consent.recipient,
            sent_on=timezone.localdate(), disclosure=disclosure)
        audit_append(action="cases.marac.send", actor=acting_user, organisation=case.organisation, subject=referral,
                     detail={"basis": "consent", "disclosure": str(disclosure.public_id)})
    return disclosure


def marac_safeguarding_request(*, acting_user: User, referral: MaracReferral, recipient: Recipient, reason: str,
                               tell_her: bool, withhold_reason: str, private_key: PrivateKey) -> MaracReferral:
    """Ask a second member (an admin) to approve sending without her consent. Refused
    below high risk, to a recipient outside the MARAC categories, without a reason, or
    without a reason for not telling her when she is not to be told."""
    case = referral.case
    _require_member(acting_user, case.organisation)
    _require_action(case, workflow.MARAC)
    if case.risk_level != dash.HIGH:
        raise ValidationError(_("A share without consent needs a current high-risk assessment."))
    if recipient.registered_by_id != case.organisation_id or recipient.category not in MARAC_RECIPIENT_CATEGORIES:
        raise ValidationError({"recipient": _("A share without consent may go only to the police, health, housing or another statutory body.")})
    if not reason.strip():
        raise ValidationError({"reason": _("Record the reason for sharing without her consent.")})
    if not tell_her and not withhold_reason.strip():
        raise ValidationError({"withhold_reason": _("Record why telling her would raise the risk.")})
    opened = _open(private_key, referral)
    opened["safeguarding"] = {"reason": reason.strip(), "withhold_reason": withhold_reason.strip()}
    content, sealed_key = _seal(case.organisation, opened)
    with transaction.atomic():
        referral = MaracReferral.objects.select_for_update().get(pk=referral.pk)
        if referral.status != MaracReferral.Status.DRAFT:
            raise ValidationError(_("This referral has already been sent."))
        referral.status = MaracReferral.Status.AWAITING_APPROVAL
        referral.basis = MaracReferral.Basis.SAFEGUARDING
        referral.recipient, referral.tell_her, referral.requested_by = recipient, tell_her, acting_user
        referral.sealed_content, referral.sealed_key = content, sealed_key
        referral.full_clean()
        referral.save()
        audit_append(action="cases.marac.safeguarding_request", actor=acting_user, organisation=case.organisation,
                     subject=referral, detail={"recipient": str(recipient.public_id), "tell_her": tell_her})
    return referral


def marac_safeguarding_approve(*, acting_user: User, referral: MaracReferral, private_key: PrivateKey,
                               as_pdf: bool = False):
    """The second approver (an organisation admin, not the requester) sends it through the
    gate on the safeguarding basis; the gate checks every condition again."""
    case = Case.objects.select_related("organisation").get(pk=referral.case_id)
    if referral.status != MaracReferral.Status.AWAITING_APPROVAL:
        raise ValidationError(_("This referral is not waiting for approval."))
    opened = _open(private_key, referral)
    basis = gate.SafeguardingBasis(
        organisation=case.organisation, subject_ref=case.subject_ref, recipient=referral.recipient,
        risk_level=case.risk_level, requested_by=referral.requested_by, approved_by=acting_user,
        reason=opened.get("safeguarding", {}).get("reason", ""), tell_her=referral.tell_her)
    with transaction.atomic():
        disclosure = gate.disclose_safeguarding(acting_user=acting_user, basis=basis, kind=MARAC_KIND,
                                                payload=_marac_payload(opened),
                                                as_document=marac_pdf(case.reference) if as_pdf else None)
        MaracReferral.objects.filter(pk=referral.pk).update(
            status=MaracReferral.Status.SENT, approved_by=acting_user, sent_on=timezone.localdate(),
            disclosure=disclosure)
        audit_append(action="cases.marac.safeguarding_approve", actor=acting_user, organisation=case.organisation,
                     subject=referral, detail={"disclosure": str(disclosure.public_id),
                                               "shown_to_her": referral.tell_her})
    return disclosure


# --- safety plan, notes, tasks, documents, outcomes -----------------------------------------------

def safety_plan_save(*, acting_user: User, case: Case, heading: str, sections: dict, review_on=None,
                     language: str = "en") -> SafetyPlan:
    """Save a new version of her safety plan. `sections` maps SAFETY_PLAN_SECTIONS codes to
    lists of {"action", "who", "when"}; `heading` is the neutral title she chose. Sealed."""
    _require_member(acting_user, case.organisation)
    _require_action(case, workflow.SAFETY_PLAN)
    unknown = set(sections) - set(SAFETY_PLAN_SECTIONS)
    if unknown:
        raise ValueError(f"unknown safety plan sections: {sorted(unknown)}")
    clean = {key: [{"action": str(a.get("action", "")).strip(), "who": str(a.get("who", "")).strip(),
                    "when": str(a.get("when", "")).strip()} for a in sections.get(key, []) if str(a.get("action", "")).strip()]
             for key in SAFETY_PLAN_SECTIONS}
    content, sealed_key = _seal(case.organisation, {"heading": heading.strip(), "sections": clean})
    with transaction.atomic():
        case = _lock(case)
        latest = case.safety_plans.order_by("-version").values_list("version", flat=True).first() or 0
        plan = SafetyPlan(case=case, version=latest + 1, review_on=review_on, language=language, author=acting_user,
                          sealed_content=content, sealed_key=sealed_key)
        plan.full_clean()
        plan.save()
        audit_append(action="cases.safety_plan.save", actor=acting_user, organisation=case.organisation,
                     subject=plan, detail={"case": str(case.public_id), "version": plan.version})
    return plan


def safety_plan_open(*, acting_user: User, plan: SafetyPlan, private_key: PrivateKey) -> dict:
    with transaction.atomic():
        content = _open(private_key, plan)
        audit_append(action="cases.safety_plan.view", actor=acting_user, organisation=plan.case.organisation,
                     subject=plan)
    return content


def case_note_add(*, acting_user: User, case: Case, text: str) -> CaseNote:
    _require_member(acting_user, case.organisation)
    _require_action(case, workflow.NOTE)
    if not text.strip():
        raise ValidationError({"text": _("Write the note.")})
    content, sealed_key = _seal(case.organisation, {"text": text.strip()})
    with transaction.atomic():
        note = CaseNote(case=case, author=acting_user, sealed_content=content, sealed_key=sealed_key)
        note.full_clean()
        note.save()
        audit_append(action="cases.note.add", actor=acting_user, organisation=case.organisation, subject=note,
                     detail={"case": str(case.public_id)})
    return note


def case_task_add(*, acting_user: User, case: Case, title: str, due_on: datetime.date, channel: str = "",
                  assignee: User | None = None) -> CaseTask:
    """Add a task. A task that contacts her names a channel, and the safe-contact gate
    refuses a channel she has not said is safe, or any after "do not contact me"."""
    _require_member(acting_user, case.organisation)
    _require_action(case, workflow.TASK)
    if channel:
        check_channel_safe(case, channel)
    if not title.strip():
        raise ValidationError({"title": _("Say what is to be done.")})
    assignee = assignee or acting_user
    _require_member(assignee, case.organisation)
    content, sealed_key = _seal(case.organisation, {"title": title.strip()})
    with transaction.atomic():
        task = CaseTask(case=case, assignee=assignee, due_on=due_on, channel=channel, sealed_content=content,
                        sealed_key=sealed_key)
        task.full_clean()
        task.save()
        audit_append(action="cases.task.add", actor=acting_user, organisation=case.organisation, subject=task,
                     detail={"case": str(case.public_id), "channel": channel})
    return task


def case_task_complete(*, acting_user: User, task: CaseTask) -> CaseTask:
    _require_member(acting_user, task.case.organisation)
    with transaction.atomic():
        CaseTask.objects.filter(pk=task.pk, done_on__isnull=True).update(done_on=timezone.localdate())
        audit_append(action="cases.task.complete", actor=acting_user, organisation=task.case.organisation,
                     subject=task)
    task.refresh_from_db()
    return task


def document_kind(data: bytes) -> str | None:
    """The accepted kind whose magic bytes `data` starts with, or None."""
    for kind, signatures in SIGNATURES.items():
        if any(data.startswith(signature) for signature in signatures):
            return kind
    return None


def case_document_add(*, acting_user: User, case: Case, data: bytes, filename: str = "",
                      declared_type: str = "") -> CaseDocument:
    """Store a file sealed with its own data key. Refused above MAX_DOCUMENT_BYTES, or when
    its first bytes are not those of a PDF, PNG or JPEG (whatever its name or declared type
    say). Nothing is extracted from it: no thumbnail, no metadata in the clear."""
    _require_member(acting_user, case.organisation)
    _require_action(case, workflow.DOCUMENT)
    if len(data) > MAX_DOCUMENT_BYTES:
        raise ValidationError({"file": _("The file is too big: the limit is %(megabytes)d MB.") % {
            "megabytes": MAX_DOCUMENT_BYTES // (1024 * 1024)}})
    kind = document_kind(data)
    if kind is None:
        raise ValidationError({"file": _("This file is not a PDF, PNG or JPEG image, whatever its name says.")})
    public_key = _public_key(case.organisation)
    data_key = crypto.new_secret_key()
    # The file is wrapped under its own data key; its name travels sealed with the key.
    content = crypto.wrap(data_key, data)
    sealed_key = crypto.seal_to(public_key, crypto.b64(data_key).encode("ascii") + b"\n" + filename.strip()[:200].encode("utf-8"))
    with transaction.atomic():
        document = CaseDocument(case=case, kind=kind, size=len(data), uploaded_by=acting_user,
                                sealed_content=content, sealed_key=sealed_key)
        document.full_clean()
        document.save()
        audit_append(action="cases.document.add", actor=acting_user, organisation=case.organisation,
                     subject=document, detail={"case": str(case.public_id), "kind": kind, "size": len(data)})
    return document


def case_document_open(*, acting_user: User, document: CaseDocument, private_key: PrivateKey) -> tuple[bytes, str]:
    """(bytes, file name) of a sealed document; audited."""
    opened = crypto.unseal(private_key, bytes(document.sealed_key))
    key_text, _sep, name = opened.partition(b"\n")
    data = crypto.unwrap(crypto.unb64(key_text.decode("ascii")), bytes(document.sealed_content))
    with transaction.atomic():
        audit_append(action="cases.document.view", actor=acting_user, organisation=document.case.organisation,
                     subject=document)
    return data, name.decode("utf-8")


OUTCOME_FIELDS = ("safety", "abuse", "housing_secure", "legal_advice_accessed", "immigration_advice_need_met",
                  "health_support_accessed", "daily_life_freedom", "children_wellbeing_improved", "wellbeing")


def outcome_record(*, acting_user: User, case: Case, stage: str, values: dict) -> Outcome:
    """Record (or correct) the structured outcomes at intake or closure."""
    _require_member(acting_user, case.organisation)
    if stage not in Outcome.Stage.values:
        raise ValidationError({"stage": _("Choose intake or closure.")})
    unknown = set(values) - set(OUTCOME_FIELDS)
    if unknown:
        raise ValueError(f"unknown outcome fields: {sorted(unknown)}")
    with transaction.atomic():
        outcome = Outcome.objects.filter(case=case, stage=stage).first() or Outcome(
            case=case, organisation=case.organisation, stage=stage)
        outcome.year = timezone.localdate().year
        for name in OUTCOME_FIELDS:
            setattr(outcome, name, values.get(name, getattr(outcome, name)))
        outcome.full_clean()
        outcome.save()
        audit_append(action="cases.outcome.record", actor=acting_user, organisation=case.organisation,
                     subject=outcome, detail={"case": str(case.public_id), "stage": stage})
    return outcome


# --- restriction, transfer, retention -----------------------------------------------------------

def case_restrict(*, acting_user: User, case: Case, members: list[User], expected_version: int | None = None) -> Case:
    """Restrict the case to named members (DESIGN.md's insider). Only an admin may; she is
    always one of them. With `members` empty the restriction is lifted."""
    _require_member(acting_user, case.organisation, roles=[Membership.Role.ADMIN])
    for member in members:
        if not memberships_of(member).filter(organisation=case.organisation, role__in=CASE_ROLES).exists():
            raise ValidationError({"members": _("Choose caseworkers or admins of this organisation.")})
    with transaction.atomic():
        case = _lock(case, expected_version)
        case.restricted = bool(members)
        _bump(case, "restricted")
        case.allowed_members.set([*members, acting_user] if members else [])
        audit_append(action="cases.case.restrict", actor=acting_user, organisation=case.organisation, subject=case,
                     detail={"restricted": case.restricted,
                             "members": sorted(str(m.public_id) for m in case.allowed_members.all())})
    return case


def case_transfer(*, acting_user: User, case: Case, consent: Consent, private_key: PrivateKey) -> TransferReceipt:
    """Transfer the case to a partner organisation on Harbour, under her consent, through the
    gate: what the consent allows is re-sealed to the recipient's key and opened there as a
    new case. The old holder keeps only a receipt (reference, date, recipient); the case's
    sealed records go with its rows (crypto-shredding), the audit chain keeps its entries."""
    _require_member(acting_user, case.organisation)
    _require_action(case, workflow.TRANSFER)
    if consent.recipient.organisation_id is None:
        raise ValidationError(_("A case can be transferred only to a partner organisation on Harbour."))
    opened = case_open(acting_user=acting_user, case=case, private_key=private_key)
    payload = {
        policy.IDENTITY: opened.get("name", ""),
        policy.CONTACT: {"channels": case.safe_channels, "message_ok": case.message_ok,
                         **{k: v for k, v in opened.get("contact", {}).items() if v}},
        policy.NEEDS: {"needs": opened.get("needs", []), "language": case.language},
        policy.NARRATIVE: opened.get("message", ""),
        policy.NOTES: [n["text"] for n in opened.get("notes", [])],
    }
    with transaction.atomic():
        gate.disclose(acting_user=acting_user, consent=consent, kind=TRANSFER_KIND, subject_ref=case.subject_ref,
                      payload=payload)
        receipt = TransferReceipt(organisation=case.organisation, reference=case.reference,
                                  recipient=consent.recipient, transferred_on=timezone.localdate(),
                                  transferred_by=acting_user)
        receipt.full_clean()
        receipt.save()
        Outcome.objects.filter(case=case).update(case=None)
        audit_append(action="cases.case.transfer", actor=acting_user, organisation=case.organisation, subject=case,
                     detail={"reference": case.reference, "recipient": str(consent.recipient.public_id)})
        Case.objects.filter(pk=case.pk).delete()
    return receipt


def case_receive_transfer(*, recipient_organisation: Organisation, shared: dict, seal, referred_by: Organisation) -> Case:
    """Called by the gate only: open the transferred case in the recipient's organisation,
    sealed to its key."""
    contact = dict(shared.get(policy.CONTACT) or {})
    needs = shared.get(policy.NEEDS) or {}
    content, sealed_key = seal({"name": shared.get(policy.IDENTITY, ""), "message": shared.get(policy.NARRATIVE, ""),
                                "shared_notes": shared.get(policy.NOTES, []), "needs": needs.get("needs", [])})
    contact_content, contact_key = seal({k: contact.get(k, "") for k in ("value", "safe_times", "code_word",
                                                                         "must_not_answer")})
    today = timezone.localdate()
    case = Case(organisation=recipient_organisation, reference=_next_reference(recipient_organisation, today.year),
                source=Case.Source.TRANSFER, language=needs.get("language", "en"), opened_on=today,
                safe_channels=list(contact.get("channels", [])), message_ok=contact.get("message_ok"),
                sealed_contact=contact_content, sealed_contact_key=contact_key,
                sealed_content=content, sealed_key=sealed_key)
    case.subject_ref = case.public_id
    case.full_clean()
    case.save()
    audit_append(action="cases.case.transferred_in", actor="gate", organisation=recipient_organisation,
                 subject=case, detail={"from": str(referred_by.public_id), "reference": case.reference})
    return case


def case_erase(*, acting_user, case: Case, reason: str) -> None:
    """Erase a case: its sealed records go with its rows (no copy of any data key is left),
    with its consents and disclosures; its structured outcomes stay, unlinked from her."""
    with transaction.atomic():
        organisation, reference, public_id = case.organisation, case.reference, case.public_id
        Outcome.objects.filter(case=case).update(case=None)
        if case.help_request_id is None:
            firewall_services.subject_erase(acting_user=acting_user, organisation=organisation,
                                            subject_ref=case.subject_ref)
        Case.objects.filter(pk=case.pk).delete()
        audit_append(action="cases.case.erase", actor=acting_user, organisation=organisation, subject=str(public_id),
                     detail={"reference": reference, "reason": reason})


def cases_erase_expired(*, today: datetime.date | None = None) -> int:
    """Erase cases closed longer ago than their organisation's retention period (default
    6 years after closing). Returns how many were erased."""
    today = today or timezone.localdate()
    erased = 0
    for organisation in Organisation.objects.filter(cases__status=Case.Status.CLOSED).distinct():
        years = settings_for(organisation).retention_years
        try:
            cutoff = today.replace(year=today.year - years)
        except ValueError:  # 29 February
            cutoff = today.replace(year=today.year - years, day=28)
        for case in Case.objects.filter(organisation=organisation, status=Case.Status.CLOSED,
                                        closed_on__lt=cutoff).select_related("organisation"):
            case_erase(acting_user="retention", case=case, reason="retention")
            erased += 1
    return erased
