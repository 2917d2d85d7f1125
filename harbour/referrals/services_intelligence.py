"""Writes for intelligence-only police reports: keyword-only, atomic, audited (F6),
sealed (F5); sending goes through harbour.firewall.gate_intelligence (F2, F4).

Refusals raise ValidationError with a sentence for the member (PermissionDenied for a
non-member), before anything is written.
"""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models.functions import Length
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _
from nacl.public import PrivateKey

from harbour.accounts.models import Organisation, User
from harbour.cases.access import visible_cases
from harbour.core.audit import audit_append
from harbour.firewall import crypto, gate_intelligence, keys
from harbour.firewall.models import Consent, Recipient
from harbour.referrals.access_intelligence import advocate_organisations
from harbour.referrals.models_intelligence import IntelligenceReport, IntelligenceShare
from harbour.referrals.selectors_intelligence import advocates, reportable_cases

# The sealed part of a report: the advocate's words about the incident, the person who
# caused it (description, vehicle, places he is found) and where it happened.
SEALED_FIELDS = ("incident", "perpetrator", "place")
PLAIN_FIELDS = ("abuse_kinds", "incident_year", "incident_month", "police_area", "ongoing", "weapons",
                "strangulation", "injuries", "children_present", "relationship", "perpetrator_count")
MAX_TEXT = 4000


def _require_advocate(user: User | None, organisation: Organisation) -> None:
    if user is None or not advocate_organisations(user).filter(pk=organisation.pk).exists():
        raise PermissionDenied


def _public_key(organisation: Organisation) -> bytes:
    public_key = keys.public_key_of(organisation)
    if public_key is None:
        raise ValidationError(_("Set up your organisation's key first."))
    return public_key


def _check(*, acting_user: User, organisation: Organisation, data: dict, case, contact_member: User,
           keep_case_id: int | None = None) -> None:
    abuse_kinds = data.get("abuse_kinds") or []
    if not abuse_kinds or not set(abuse_kinds) <= set(IntelligenceReport.Abuse.values):
        raise ValidationError({"abuse_kinds": _("Choose at least one kind of abuse.")})
    year, month = data.get("incident_year"), data.get("incident_month")
    today = timezone.localdate()
    if year is None or (year, month or 1) > (today.year, today.month):
        raise ValidationError({"incident_year": _("The incident cannot be in the future.")})
    for name in SEALED_FIELDS:
        if len(data.get(name) or "") > MAX_TEXT:
            raise ValidationError({name: _("Keep this under %(count)s characters.") % {"count": MAX_TEXT}})
    if not any((data.get(name) or "").strip() for name in ("incident", "perpetrator")):
        raise ValidationError({"incident": _("Describe the incident or the person who caused it.")})
    if case is not None and not visible_cases(acting_user).filter(pk=case.pk, organisation=organisation).exists():
        raise ValidationError({"case": _("Choose one of your organisation's cases.")})
    if case is not None and not reportable_cases(acting_user, organisation,
                                                 keep_case_id=keep_case_id).filter(pk=case.pk).exists():
        raise ValidationError({"case": _("This case is closed or withdrawn: choose an open case, or none.")})
    if not advocates(organisation).filter(pk=contact_member.pk).exists():
        raise ValidationError({"contact_member": _("Choose a caseworker or admin of your organisation.")})


def _next_reference(organisation: Organisation, year: int) -> str:
    # The organisation row is locked so two reports never take the same number.
    Organisation.objects.select_for_update().filter(pk=organisation.pk).first()
    prefix = f"INT-{year}-"
    # Longest first, then highest: "INT-2026-10000" comes after "INT-2026-9999".
    last = (IntelligenceReport.objects.filter(organisation=organisation, reference__startswith=prefix)
            .annotate(size=Length("reference")).order_by("-size", "-reference")
            .values_list("reference", flat=True).first())
    number = int(last.rsplit("-", 1)[1]) + 1 if last else 1
    return f"{prefix}{number:04d}"


def _apply(report: IntelligenceReport, data: dict, public_key: bytes) -> None:
    for name in PLAIN_FIELDS:
        if name in data and data[name] is not None:
            setattr(report, name, data[name])
    report.incident_month = data.get("incident_month")
    report.police_area = (data.get("police_area") or "").strip()
    report.sealed_content, report.sealed_key = crypto.seal_record(
        public_key, {name: (data.get(name) or "").strip() for name in SEALED_FIELDS},
        context=crypto.context_of(report))


def intelligence_report_create(*, acting_user: User, organisation: Organisation, data: dict, case=None,
                               contact_member: User | None = None) -> IntelligenceReport:
    """Record a draft report for `organisation`. `data` holds PLAIN_FIELDS and SEALED_FIELDS
    (texts, the year and month as ints, abuse kinds as a list of Abuse values); `case` is
    one of the organisation's cases the member may see, or None; `contact_member` (default:
    the acting member) is the advocate the police will be told to contact. Returns the
    saved report. Raises PermissionDenied for a non-advocate, ValidationError otherwise."""
    _require_advocate(acting_user, organisation)
    contact_member = contact_member or acting_user
    _check(acting_user=acting_user, organisation=organisation, data=data, case=case, contact_member=contact_member)
    public_key = _public_key(organisation)
    with transaction.atomic():
        report = IntelligenceReport(organisation=organisation, case=case, contact_member=contact_member,
                                    created_by=acting_user, incident_year=data["incident_year"],
                                    reference=_next_reference(organisation, timezone.localdate().year))
        _apply(report, data, public_key)
        report.full_clean()
        report.save()
        audit_append(action="referrals.intelligence.create", actor=acting_user, organisation=organisation,
                     subject=report, detail={"case": str(case.public_id) if case else None})
    return report


def intelligence_report_update(*, acting_user: User, report: IntelligenceReport, data: dict, case=None,
                               contact_member: User | None = None,
                               expected_version: int | None = None) -> IntelligenceReport:
    """Change a draft (as intelligence_report_create). Refused once it has been sent, and
    when `expected_version` is not the report's (someone else saved it meanwhile)."""
    organisation = report.organisation
    _require_advocate(acting_user, organisation)
    contact_member = contact_member or acting_user
    _check(acting_user=acting_user, organisation=organisation, data=data, case=case, contact_member=contact_member,
           keep_case_id=report.case_id)
    public_key = _public_key(organisation)
    with transaction.atomic():
        locked = IntelligenceReport.objects.select_for_update().select_related("organisation").get(pk=report.pk)
        if locked.status != IntelligenceReport.Status.DRAFT:
            raise ValidationError(_("This report has been sent to the police and can no longer be changed."))
        if expected_version is not None and locked.version != expected_version:
            raise ValidationError(_("Someone else changed this report while you were working on it. Your entries "
                                    "are still in the form: check the report and save again."), code="stale")
        locked.case, locked.contact_member = case, contact_member
        _apply(locked, data, public_key)
        locked.version += 1
        locked.full_clean()
        locked.save()
        audit_append(action="referrals.intelligence.update", actor=acting_user, organisation=organisation,
                     subject=locked, detail={"case": str(case.public_id) if case else None})
    return locked


def intelligence_report_open(*, acting_user: User, report: IntelligenceReport, private_key: PrivateKey) -> dict:
    """The sealed part ({"incident", "perpetrator", "place"}: texts) for one member, with
    her organisation's private key; audited (F6). Raises PermissionDenied for a
    non-advocate and crypto.CryptoError if the key does not open it."""
    _require_advocate(acting_user, report.organisation)
    with transaction.atomic():
        opened = crypto.open_record(private_key, bytes(report.sealed_content), bytes(report.sealed_key),
                                    context=crypto.context_of(report))
        audit_append(action="referrals.intelligence.view", actor=acting_user, organisation=report.organisation,
                     subject=report)
    return {name: opened.get(name, "") for name in SEALED_FIELDS}


def _period(report: IntelligenceReport) -> str:
    if report.incident_month:
        return datetime.date(report.incident_year, report.incident_month, 1).strftime("%m/%Y")
    return str(report.incident_year)


def intelligence_values(report: IntelligenceReport, opened: dict) -> dict:
    """The report as the gate's allowlisted values (gate_intelligence.INTELLIGENCE_FIELDS):
    plain fields as their labels in the active language, the sealed texts as written.
    Nothing of a linked case or help request is read here."""
    answers = dict(IntelligenceReport.Answer.choices)
    abuse = dict(IntelligenceReport.Abuse.choices)
    return {
        "reference": report.reference,
        "abuse_kinds": [str(abuse[kind]) for kind in report.abuse_kinds if kind in abuse],
        "incident_period": _period(report),
        "police_area": report.police_area,
        "ongoing": str(answers[report.ongoing]),
        "weapons": str(answers[report.weapons]),
        "strangulation": str(answers[report.strangulation]),
        "injuries": str(answers[report.injuries]),
        "children_present": str(answers[report.children_present]),
        "relationship": str(report.get_relationship_display()),
        "perpetrator_count": str(report.perpetrator_count),
        "incident": opened.get("incident", ""),
        "perpetrator": opened.get("perpetrator", ""),
        "place": opened.get("place", ""),
    }


def intelligence_labels() -> dict[str, str]:
    """The printed label of each allowlisted field, in the active language."""
    return {
        "reference": _("Reference"), "abuse_kinds": _("Kinds of abuse"), "incident_period": _("When"),
        "police_area": _("Police area"), "ongoing": _("Still going on"), "weapons": _("Weapons used or threatened"),
        "strangulation": _("Strangulation or choking"), "injuries": _("Injuries"),
        "children_present": _("Children present"), "relationship": _("The person who caused harm is"),
        "perpetrator_count": _("Number of people who caused harm"), "incident": _("What happened"),
        "perpetrator": _("The person who caused harm"), "place": _("Where it happened"),
    }


def intelligence_preview(report: IntelligenceReport, opened: dict) -> list[tuple[str, str]]:
    """(label, text) of every field that would leave, as the gate builds it, in the
    member's language: what she is shown before sending."""
    payload = gate_intelligence.intelligence_payload(intelligence_values(report, opened))
    labels = intelligence_labels()
    return [(labels[name], text) for name, text in payload.items()]


def intelligence_report_send(*, acting_user: User, report: IntelligenceReport, recipient: Recipient,
                             private_key: PrivateKey, channel: str, agreed_method: str,
                             expected_version: int | None = None, confirm_resend: bool = False) -> IntelligenceShare:
    """Send the report to a police recipient through the firewall, by e-mail (after commit)
    or as a PDF (returned on the share's `document` attribute). `agreed_method` records how
    she agreed to the police receiving it without her name (a Consent.Method value).

    Sending is idempotent by the form's token: `expected_version` is the report's version
    the form was made from, and every send bumps it, so a second post of the same form (a
    double click, a reload) is refused. A report already sent goes again only with
    `confirm_resend`, which the page asks for naming when it was sent before.

    Raises PermissionDenied for a non-advocate, ValidationError for an unknown way of
    agreeing, a stale form (code "stale") or a second send without `confirm_resend` (code
    "resend"), gate.DisclosureRefused for every refusal of the gate (see
    gate_intelligence.disclose_intelligence); nothing is written or sent then."""
    organisation = report.organisation
    _require_advocate(acting_user, organisation)
    if agreed_method not in Consent.Method.values:
        raise ValidationError(_("Say how she agreed to this report."))
    opened = intelligence_report_open(acting_user=acting_user, report=report, private_key=private_key)
    contact = report.contact_member
    way_back = gate_intelligence.WayBack(organisation=organisation, advocate_name=contact.full_name or contact.email,
                                         advocate_email=contact.email)
    share_box = {}

    def record(result: gate_intelligence.IntelligenceDisclosure) -> None:
        share = IntelligenceShare(report=report, recipient=result.recipient, channel=result.channel,
                                  fields=result.fields, agreed_method=agreed_method,
                                  shared_on=timezone.localdate(), shared_by=acting_user)
        share.full_clean()
        share.save()
        share_box["share"] = share

    with transaction.atomic():
        locked = IntelligenceReport.objects.select_for_update().get(pk=report.pk)
        previous = locked.shares.select_related("recipient").first()
        if expected_version is not None and locked.version != expected_version:
            raise ValidationError(_("This report was sent or changed since this page was loaded, so nothing was "
                                    "sent again. Check the list of what was sent below."), code="stale")
        if previous is not None and not confirm_resend:
            raise ValidationError(_("This report was already sent on %(day)s to %(recipient)s. To send it again, "
                                    "tick the box that confirms it.") % {
                "day": formats.date_format(previous.shared_on, "j F Y"), "recipient": previous.recipient.name},
                code="resend")
        with translation.override(gate_intelligence.police_language(organisation)):
            values, labels = intelligence_values(report, opened), intelligence_labels()
        result = gate_intelligence.disclose_intelligence(
            acting_user=acting_user, holder=organisation, report_ref=report.public_id, recipient=recipient,
            values=values, labels=labels, way_back=way_back, channel=channel, record=record)
        IntelligenceReport.objects.filter(pk=report.pk).update(status=IntelligenceReport.Status.SENT,
                                                                version=locked.version + 1,
                                                                updated_at=timezone.now())
        share = share_box["share"]
        audit_append(action="referrals.intelligence.send", actor=acting_user, organisation=organisation,
                     subject=report, detail={"share": str(share.public_id), "channel": channel})
    share.document = result.document
    return share
