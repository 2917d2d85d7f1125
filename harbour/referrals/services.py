"""Writes for referrals and partnerships: keyword-only, typed, atomic, audited (F6).

Every refusal raises ValidationError (a sentence for the member) or PermissionDenied
before anything is written. Her words never touch the referring organisation: the intake
hands them to the gate (harbour.firewall.gate_referral), which files them sealed to the
receiving organisation's key through `receive_referral` below.
"""

import datetime
import secrets
import uuid

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from nacl.public import PrivateKey

from harbour.accounts.access import memberships_of
from harbour.accounts.models import Membership, Organisation, User
from harbour.accounts.staff_mail import staff_notice_send
from harbour.cases import services as case_services
from harbour.core.audit import audit_append
from harbour.firewall import crypto, gate, gate_link, gate_referral, policy
from harbour.firewall.models import Consent, Recipient
from harbour.help import codes
from harbour.help.models import HelpRequest
from harbour.referrals import workflow
from harbour.referrals.models import (
    DEFAULT_ACK_HOURS,
    DEFAULT_FIRST_CONTACT_HOURS,
    OverdueReminder,
    Partnership,
    PartnershipMinutes,
    Referral,
)
from harbour.referrals.working_time import add_working_hours

KIND = "referral"
REFERRING_ROLES = gate_referral.REFERRING_ROLES
RECEIVING_ROLES = (Membership.Role.ADMIN, Membership.Role.CASEWORKER)
PARTNERSHIP_ROLES = (Membership.Role.ADMIN,)
REFERENCE_ALPHABET = "ABCDEFGHJKMNPQRSTVWXYZ23456789"
OVERDUE_SUBJECT = gettext_lazy("A referral in Harbour is overdue")
REVOCATION_SUBJECT = gettext_lazy("A withdrawal of consent in Harbour is waiting for your answer")


def _member(user, organisation, roles) -> bool:
    return user is not None and organisation is not None and memberships_of(user).filter(
        organisation=organisation, role__in=roles).exists()


def _new_reference() -> str:
    """R- and eight random characters (no 0/O, 1/I/L, U): short, human, says nothing of her."""
    for _attempt in range(10):
        reference = "R-" + "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(8))
        if not Referral.objects.filter(reference=reference).exists():
            return reference
    raise RuntimeError("could not find a free referral reference")


def _lock(referral: Referral, expected_version: int | None) -> Referral:
    locked = Referral.objects.select_for_update().get(pk=referral.pk)
    if expected_version is not None and locked.version != expected_version:
        raise ValidationError(_("Someone else changed this referral while you were working on it. Check it and "
                                "try again."), code="stale")
    return locked


def _limits(partnership: Partnership | None) -> tuple[int, int]:
    if partnership is None:
        return DEFAULT_ACK_HOURS, DEFAULT_FIRST_CONTACT_HOURS
    return partnership.ack_working_hours, partnership.first_contact_working_hours


# --- partnerships -------------------------------------------------------------------------

def check_partnership_terms(*, referring_organisation: Organisation, receiving_organisation: Organisation,
                            needs: list[str], data_categories: list[str], referring_contact: User | None,
                            receiving_contact: User | None) -> None:
    """The rules a partnership's terms follow when it is recorded and whenever it is edited
    (services_partnership.partnership_update): each named contact a member of her side,
    needs (help.HelpRequest.Need codes) and data categories (firewall.policy.CATEGORIES)
    from their lists. The limits' ranges are the model's constraints (full_clean). Raises
    ValidationError; returns None."""
    for contact, organisation in ((referring_contact, referring_organisation),
                                  (receiving_contact, receiving_organisation)):
        if contact is not None and not memberships_of(contact).filter(organisation=organisation).exists():
            raise ValidationError(_("A named contact must be a member of her side of the partnership."))
    valid_needs = set(HelpRequest.Need.values)
    if not set(needs) <= valid_needs or not set(data_categories) <= set(policy.CATEGORIES):
        raise ValidationError(_("Choose needs and kinds of information from the lists."))


def partnership_create(*, acting_user: User, referring_organisation: Organisation,
                       receiving_organisation: Organisation, needs: list[str], data_categories: list[str],
                       ack_working_hours: int = DEFAULT_ACK_HOURS,
                       first_contact_working_hours: int = DEFAULT_FIRST_CONTACT_HOURS,
                       referring_contact: User | None = None, receiving_contact: User | None = None,
                       meeting_rhythm: str = Partnership.Rhythm.QUARTERLY,
                       next_meeting_on: datetime.date | None = None, checklist: dict | None = None) -> Partnership:
    """Record a partnership; an admin of either organisation may. `checklist` maps the
    checklist fields (time_and_resources_agreed, leads_named, gbv_language_agreed,
    training_offered, disagreements_process_agreed, review_on) to values. Named contacts
    must be members of their side. Raises PermissionDenied or ValidationError."""
    if not (_member(acting_user, referring_organisation, PARTNERSHIP_ROLES)
            or _member(acting_user, receiving_organisation, PARTNERSHIP_ROLES)):
        raise PermissionDenied
    check_partnership_terms(referring_organisation=referring_organisation,
                            receiving_organisation=receiving_organisation, needs=needs,
                            data_categories=data_categories, referring_contact=referring_contact,
                            receiving_contact=receiving_contact)
    partnership = Partnership(
        referring_organisation=referring_organisation, receiving_organisation=receiving_organisation,
        needs=sorted(set(needs)), data_categories=sorted(set(data_categories)),
        ack_working_hours=ack_working_hours, first_contact_working_hours=first_contact_working_hours,
        referring_contact=referring_contact, receiving_contact=receiving_contact, meeting_rhythm=meeting_rhythm,
        next_meeting_on=next_meeting_on, **(checklist or {}))
    with transaction.atomic():
        partnership.full_clean()
        partnership.save()
        audit_append(action="referrals.partnership.create", actor=acting_user, organisation=referring_organisation,
                     subject=partnership, detail={"receiving": str(receiving_organisation.public_id)})
    return partnership


def may_manage_partnership(user: User, partnership: Partnership) -> bool:
    """Whether `user` is an admin (PARTNERSHIP_ROLES) of either side of `partnership`: the one
    rule for who may change its status and terms (the pages show those forms to her alone)."""
    return (_member(user, partnership.referring_organisation, PARTNERSHIP_ROLES)
            or _member(user, partnership.receiving_organisation, PARTNERSHIP_ROLES))


def partnership_set_status(*, acting_user: User, partnership: Partnership, status: str,
                           expected_version: int | None = None) -> Partnership:
    """Pause, resume or end a partnership; an admin of either side may. An ended partnership
    stays ended. Raises PermissionDenied or ValidationError (nothing changed)."""
    if not may_manage_partnership(acting_user, partnership):
        raise PermissionDenied
    if status not in Partnership.Status.values:
        raise ValidationError(_("Choose a status from the list."))
    with transaction.atomic():
        locked = Partnership.objects.select_for_update().get(pk=partnership.pk)
        if expected_version is not None and locked.version != expected_version:
            raise ValidationError(_("Someone else changed this partnership while you were working on it. Check "
                                    "it and try again."), code="stale")
        if locked.status == Partnership.Status.ENDED:
            raise ValidationError(_("This partnership has ended. Record a new one instead."))
        previous = locked.status
        locked.status = status
        locked.version += 1
        locked.full_clean()
        locked.save(update_fields=["status", "version", "updated_at"])
        audit_append(action="referrals.partnership.status", actor=acting_user,
                     organisation=locked.referring_organisation, subject=locked,
                     detail={"from": previous, "to": status})
    return locked


def partnership_record_meeting(*, acting_user: User, partnership: Partnership, minutes: str,
                               next_meeting_on: datetime.date | None,
                               held_on: datetime.date | None = None) -> Partnership:
    """Record a meeting held on `held_on` (default today): its short minutes, sealed once to
    each side's key (F5; two PartnershipMinutes rows, one per side), and the next meeting's
    date, which becomes the partnership's. Earlier meetings' minutes are kept. A member of
    the referring side (REFERRING_ROLES) or of the receiving side (RECEIVING_ROLES) may.
    Raises PermissionDenied, or ValidationError when a side has no key or the minutes are
    empty; nothing is stored when it raises."""
    from harbour.firewall import keys

    if not (_member(acting_user, partnership.referring_organisation, REFERRING_ROLES)
            or _member(acting_user, partnership.receiving_organisation, RECEIVING_ROLES)):
        raise PermissionDenied
    if not minutes.strip():
        raise ValidationError({"minutes": _("Write the meeting's short minutes.")})
    referrer_key = keys.public_key_of(partnership.referring_organisation)
    receiver_key = keys.public_key_of(partnership.receiving_organisation)
    if referrer_key is None or receiver_key is None:
        raise ValidationError(_("Both organisations need a key before minutes can be kept."))
    held_on = held_on or timezone.localdate()
    with transaction.atomic():
        for organisation, public_key in ((partnership.referring_organisation, referrer_key),
                                         (partnership.receiving_organisation, receiver_key)):
            copy = PartnershipMinutes(partnership=partnership, organisation=organisation, held_on=held_on,
                                      next_meeting_on=next_meeting_on, recorded_by=acting_user)
            copy.sealed_content, copy.sealed_key = crypto.seal_record(public_key, {"minutes": minutes.strip()},
                                                                      context=crypto.context_of(copy))
            copy.save()
        # F(): an edit of the partnership's terms in the meantime still sees its form as stale.
        Partnership.objects.filter(pk=partnership.pk).update(next_meeting_on=next_meeting_on,
                                                             version=F("version") + 1, updated_at=timezone.now())
        partnership.refresh_from_db(fields=["next_meeting_on", "version", "updated_at"])
        audit_append(action="referrals.partnership.meeting", actor=acting_user,
                     organisation=partnership.referring_organisation, subject=partnership,
                     detail={"held_on": held_on.isoformat()})
    return partnership


def partnership_open_minutes(*, acting_user: User, partnership: Partnership, organisation: Organisation,
                             private_key: PrivateKey, minutes: PartnershipMinutes | None = None) -> str:
    """The minutes of one meeting (`minutes`: one of `organisation`'s copies; default its
    latest) as `organisation` (one of the two sides) opens them with its `private_key`;
    audited (F6). "" when there are none. Raises PermissionDenied for a copy or an
    organisation that is not this partnership's side, crypto.CryptoError for a wrong key."""
    if organisation.pk not in (partnership.referring_organisation_id, partnership.receiving_organisation_id):
        raise PermissionDenied
    if minutes is not None and (minutes.partnership_id != partnership.pk or minutes.organisation_id != organisation.pk):
        raise PermissionDenied
    copy = minutes or PartnershipMinutes.objects.filter(partnership=partnership, organisation=organisation).first()
    if copy is None:
        return ""
    opened = crypto.open_record(private_key, bytes(copy.sealed_content), bytes(copy.sealed_key),
                                context=crypto.context_of(copy))
    audit_append(action="referrals.partnership.minutes_view", actor=acting_user, organisation=organisation,
                 subject=copy)
    return opened.get("minutes", "")


# --- making a referral ------------------------------------------------------------------------

def _route(*, referring_organisation: Organisation, partnership: Partnership | None, recipient: Recipient | None,
           one_off_reason: str) -> tuple[Partnership | None, Recipient]:
    """The partnership (or none, for a one-off with a reason) and the recipient a referral
    goes to. Raises ValidationError: no partnership and no reason, a paused or ended
    partnership, a partnership of other organisations, an unregistered partner."""
    if partnership is not None:
        if partnership.referring_organisation_id != referring_organisation.pk:
            raise ValidationError({"partnership": _("Choose one of your organisation's partnerships.")})
        if partnership.status != Partnership.Status.ACTIVE:
            raise ValidationError({"partnership": _("This partnership is paused or has ended: no referral can "
                                                    "go under it.")})
        recipient = Recipient.objects.select_related("organisation").filter(
            registered_by=referring_organisation, organisation=partnership.receiving_organisation,
            is_active=True).first()
        if recipient is None:
            raise ValidationError({"partnership": _("Register the partner organisation as a recipient first.")})
        return partnership, recipient
    if recipient is None:
        raise ValidationError({"partnership": _("Choose a partnership, or a recipient for a one-off referral.")})
    if one_off_reason not in Referral.OneOffReason.values:
        raise ValidationError({"one_off_reason": _("A one-off referral needs a reason from the list.")})
    if recipient.organisation_id and Partnership.objects.filter(
            referring_organisation=referring_organisation, receiving_organisation_id=recipient.organisation_id,
            status=Partnership.Status.PAUSED).exists():
        raise ValidationError({"partnership": _("Your partnership with this organisation is paused: no referral "
                                                "can go to it until it resumes.")})
    return None, recipient


def receive_referral(*, recipient_organisation: Organisation, shared: dict, seal, referred_by: Organisation) -> HelpRequest:
    """Called by the gate only: file a referral in the receiver's inbox as a help request
    sealed to its key, and link it to the referral named in the shared needs part."""
    needs_part = shared.get(policy.NEEDS) or {}
    contact = dict(shared.get(policy.CONTACT) or {})
    channel = contact.pop("channel", "") or ""
    referral = Referral.objects.get(pk=needs_part["referral"])
    help_request = HelpRequest(organisation=recipient_organisation, needs=list(needs_part.get("needs", [])),
                               language=needs_part.get("language", "en"), contact_channel=channel,
                               referred_by=referred_by)
    if referral.source == Referral.Source.INTAKE:
        # Her consents hang on this record: its id is the one they were given.
        help_request.public_id = referral.subject_ref
    help_request.sealed_content, help_request.sealed_key = seal({
        "name": shared.get(policy.IDENTITY, ""), "message": shared.get(policy.NARRATIVE, ""),
        "contact": contact, "shared_notes": shared.get(policy.NOTES, []),
    }, context=crypto.context_of(help_request))
    help_request.full_clean()
    help_request.save()
    Referral.objects.filter(pk=referral.pk).update(help_request=help_request)
    audit_append(action="help.request.referred_in", actor="gate", organisation=recipient_organisation,
                 subject=help_request, detail={"from": str(referred_by.public_id), "referral": str(referral.pk)})
    return help_request


def _mark_sent(referral: Referral, acting_user) -> None:
    now = timezone.now()
    ack_hours, contact_hours = _limits(referral.partnership)
    referral.status = workflow.SENT
    referral.sent_at = now
    referral.ack_due_at = add_working_hours(now, ack_hours)
    referral.first_contact_due_at = add_working_hours(now, contact_hours)
    referral.version += 1
    referral.save(update_fields=["status", "sent_at", "ack_due_at", "first_contact_due_at", "version",
                                 "updated_at"])
    audit_append(action="referrals.referral.transition", actor=acting_user,
                 organisation=referral.referring_organisation, subject=referral,
                 detail={"from": workflow.DRAFT, "to": workflow.SENT})


def referral_intake(*, acting_user: User, referring_organisation: Organisation, needs: list[str],
                    terms: gate_referral.ConsentTerms, name: str = "", message: str = "", contact_channel: str = "",
                    contact_value: str = "", safe_times: str = "", message_ok: bool | None = None,
                    partnership: Partnership | None = None, recipient: Recipient | None = None,
                    one_off_reason: str = "", link_url: str = "") -> tuple[Referral, str]:
    """The referral-only intake (issue 15 item 2): her words go, sealed to the receiving
    organisation's key only, through the gate under the consent recorded here; the
    referring organisation keeps a receipt (reference, date, needs, status).

    A recipient outside Harbour (an e-mail address) gets a one-time link instead
    (harbour.firewall.gate_link; `link_url` is the link page's absolute address with
    "{token}"), and there is no status code. Returns (the sent referral, her status code:
    shown once, for her to keep; "" for a link). Raises
    PermissionDenied for a non-member, ValidationError for a refused route, need or share
    (the gate's reason); nothing is stored when it raises.
    """
    if not _member(acting_user, referring_organisation, REFERRING_ROLES):
        raise PermissionDenied
    needs = sorted(set(needs))
    if not needs or not set(needs) <= set(HelpRequest.Need.values):
        raise ValidationError({"needs": _("Choose at least one kind of help from the list.")})
    partnership, recipient = _route(referring_organisation=referring_organisation, partnership=partnership,
                                    recipient=recipient, one_off_reason=one_off_reason)
    if partnership is not None and partnership.needs and not set(needs) <= set(partnership.needs):
        raise ValidationError({"needs": _("This partnership does not cover some of these needs.")})
    external = recipient.organisation_id is None
    try:
        if external:
            gate_link.check_external_recipient(holder=referring_organisation, recipient=recipient)
        else:
            gate_referral.check_recipient(holder=referring_organisation, recipient=recipient)
    except gate.DisclosureRefused as refused:
        raise ValidationError(refused.reason) from None
    if external and not link_url:
        raise ValidationError(_("A referral to a partner outside Harbour needs the address of its link page."))
    if policy.NEEDS not in terms.categories:
        raise ValidationError({"categories": _("The kinds of help she asked for must be shared with the referral.")})
    language = terms.language
    code = codes.new_code(language)
    try:
        with transaction.atomic():
            referral = Referral(
                reference=_new_reference(), referring_organisation=referring_organisation,
                receiving_organisation=recipient.organisation, receiving_recipient=recipient,
                partnership=partnership, one_off_reason="" if partnership else one_off_reason,
                source=Referral.Source.INTAKE, needs=needs, language=language, subject_ref=uuid.uuid4(),
                created_by=acting_user)
            referral.full_clean()
            referral.save()
            audit_append(action="referrals.referral.create", actor=acting_user, organisation=referring_organisation,
                         subject=referral, detail={"reference": referral.reference, "source": referral.source,
                                                   "needs": needs})
            payload = {
                policy.IDENTITY: name.strip(),
                policy.CONTACT: {"channel": contact_channel, "value": contact_value.strip(),
                                 "safe_times": safe_times.strip(), "message_ok": message_ok},
                policy.NEEDS: {"needs": needs, "language": language, "referral": str(referral.pk)},
                policy.NARRATIVE: message.strip(),
            }
            if external:
                # Outside Harbour: a one-time link, nothing of hers kept at either end (item 8).
                # Her status code is not given: no record here holds it (see docs/architecture.md).
                payload[policy.NEEDS] = {"needs": needs, "language": language}
                disclosure = gate_link.link_disclose(
                    acting_user=acting_user, holder=referring_organisation, recipient=recipient, terms=terms,
                    subject_ref=referral.subject_ref, payload=payload, link_url=link_url)
                code = ""
            else:
                disclosure = gate_referral.referral_disclose(
                    acting_user=acting_user, holder=referring_organisation, recipient=recipient, terms=terms,
                    kind=KIND, subject_ref=referral.subject_ref, payload=payload)
                HelpRequest.objects.filter(public_id=referral.subject_ref).update(
                    code_bucket=codes.code_buckets(code)[0], code_digest=codes.code_digest(code))
            referral.consent = disclosure.consent
            referral.save(update_fields=["consent"])
            _mark_sent(referral, acting_user)
    except gate.DisclosureRefused as refused:
        raise ValidationError(refused.reason) from None
    return Referral.objects.get(pk=referral.pk), code


def referral_from_help_request(*, acting_user: User, help_request: HelpRequest, consent: Consent,
                               private_key: PrivateKey, partnership: Partnership | None = None,
                               one_off_reason: str = "", needs: list[str] | None = None) -> Referral:
    """Refer a woman whose help request the referring organisation holds, under a consent
    she gave for this recipient (revoked or expired consents are refused by the gate).
    `needs` (HelpRequest.Need codes) are the kinds of help referred for; by default the
    request's. Raises PermissionDenied or ValidationError; nothing is stored when it raises."""
    organisation = help_request.organisation
    if not _member(acting_user, organisation, RECEIVING_ROLES):
        raise PermissionDenied
    if consent.organisation_id != organisation.pk or consent.subject_ref != help_request.public_id:
        raise ValidationError(_("This consent is about another request."))
    partnership, recipient = _route(referring_organisation=organisation, partnership=partnership,
                                    recipient=consent.recipient, one_off_reason=one_off_reason)
    if recipient.pk != consent.recipient_id:
        raise ValidationError(_("Her consent names another recipient than this partnership's."))
    try:
        gate_referral.check_recipient(holder=organisation, recipient=recipient)
    except gate.DisclosureRefused as refused:
        raise ValidationError(refused.reason) from None
    if policy.NEEDS not in consent.categories:
        # The receiver files the referral by its needs part: without it nothing links the two.
        raise ValidationError(_("The kinds of help she asked for must be shared with the referral."))
    needs = sorted(set(help_request.needs if needs is None else needs))
    opened = crypto.open_record(private_key, help_request.sealed_content, help_request.sealed_key,
                                context=crypto.context_of(help_request))
    try:
        with transaction.atomic():
            referral = Referral(
                reference=_new_reference(), referring_organisation=organisation,
                receiving_organisation=recipient.organisation, receiving_recipient=recipient,
                partnership=partnership, one_off_reason="" if partnership else one_off_reason,
                source=Referral.Source.HELP_REQUEST, needs=needs, language=help_request.language,
                subject_ref=help_request.public_id, consent=consent, created_by=acting_user)
            referral.full_clean()
            referral.save()
            audit_append(action="referrals.referral.create", actor=acting_user, organisation=organisation,
                         subject=referral, detail={"reference": referral.reference, "source": referral.source})
            gate.disclose(acting_user=acting_user, consent=consent, kind=KIND, subject_ref=help_request.public_id,
                          payload={
                              policy.IDENTITY: opened.get("name", ""),
                              policy.CONTACT: {"channel": help_request.contact_channel, **opened.get("contact", {})},
                              policy.NEEDS: {"needs": needs, "language": help_request.language,
                                             "referral": str(referral.pk)},
                              policy.NARRATIVE: opened.get("message", ""),
                          })
            _mark_sent(referral, acting_user)
    except gate.DisclosureRefused as refused:
        raise ValidationError(refused.reason) from None
    return Referral.objects.get(pk=referral.pk)


# --- transitions ---------------------------------------------------------------------------

def _side_of(user: User, referral: Referral, target_side: str) -> bool:
    if target_side == workflow.REFERRER:
        return _member(user, referral.referring_organisation, REFERRING_ROLES)
    if target_side == workflow.RECEIVER:
        return _member(user, referral.receiving_organisation, RECEIVING_ROLES)
    return False


def referral_transition(*, acting_user: User | None, referral: Referral, to: str, reason: str = "",
                        expected_version: int | None = None, private_key: PrivateKey | None = None,
                        by_her: bool = False, by_link: bool = False) -> Referral:
    """Move a referral along workflow.TRANSITIONS, as the side that owns the move.

    `by_link` is the receiving side outside Harbour, acting through its verified one-time
    link session (services_refer.referral_transition_by_link): it may make the receiver's
    moves of a referral that has no receiving organisation, and no other.

    `reason` is the DeclineReason code for "declined", the Outcome code for "completed" and
    the UnableReason code for "unable_to_complete". Accepting opens a case at the receiver
    from the referral's help request (needs the receiver's `private_key`), linked to the
    referral. Raises PermissionDenied (not this side's move), ValidationError (a move from
    the wrong state, an unknown reason code, a stale form); nothing changes when it raises.
    """
    with transaction.atomic():
        referral = _lock(referral, expected_version)
        side = workflow.side_for(referral.status, to)
        if side is None:
            raise ValidationError(_("A referral cannot move from “%(current)s” to “%(target)s”.") % {
                "current": referral.get_status_display(), "target": dict(Referral.Status.choices).get(to, to)})
        if side == workflow.HER:
            if not by_her:
                raise PermissionDenied
        elif by_link:
            if side != workflow.RECEIVER or referral.receiving_organisation_id is not None:
                raise PermissionDenied
        elif by_her or not _side_of(acting_user, referral, side):
            raise PermissionDenied
        now = timezone.now()
        previous = referral.status
        fields = ["status"]
        if to == workflow.DECLINED:
            if reason not in Referral.DeclineReason.values:
                raise ValidationError({"reason": _("Choose the reason from the list.")})
            referral.decline_reason, referral.declined_at = reason, now
            fields += ["decline_reason", "declined_at"]
        elif to == workflow.COMPLETED:
            if reason not in Referral.Outcome.values:
                raise ValidationError({"reason": _("Choose what was delivered from the list.")})
            referral.outcome_code = reason
            fields.append("outcome_code")
        elif to == workflow.UNABLE:
            if reason not in Referral.UnableReason.values:
                raise ValidationError({"reason": _("Choose the reason from the list.")})
            referral.unable_reason = reason
            fields.append("unable_reason")
        if to in (workflow.RECEIVED, workflow.ACCEPTED, workflow.DECLINED) and referral.received_at is None:
            referral.received_at = now
            fields.append("received_at")
        if to == workflow.ACCEPTED:
            referral.accepted_at = now
            fields.append("accepted_at")
            if referral.help_request_id and referral.case_id is None:
                if private_key is None:
                    raise ValidationError(_("Unlock your organisation's key to accept: accepting opens a case."))
                case = case_services.case_open_from_help_request(
                    acting_user=acting_user, help_request=referral.help_request, private_key=private_key)
                referral.case = case
                fields.append("case")
        if to == workflow.SENT:
            ack_hours, contact_hours = _limits(referral.partnership)
            referral.sent_at = now
            referral.ack_due_at = add_working_hours(now, ack_hours)
            referral.first_contact_due_at = add_working_hours(now, contact_hours)
            fields += ["sent_at", "ack_due_at", "first_contact_due_at"]
        if to in workflow.FINAL:
            referral.closed_at = now
            fields.append("closed_at")
        if to == workflow.REVOKED and referral.receiving_organisation_id:
            # The receiver answers her withdrawal within the acknowledgement limit (item 6).
            referral.revocation_due_at = add_working_hours(now, _limits(referral.partnership)[0])
            fields.append("revocation_due_at")
        referral.status = to
        referral.version += 1
        referral.full_clean()
        referral.save(update_fields=[*fields, "version", "updated_at"])
        if to in ERASED_ON and referral.help_request_id:
            # The receiver has no purpose left for what it received: it goes now, as on her
            # revocation (docs/threat-model.md, "A referral that ends").
            _erase_received(referral.help_request)
        audit_append(action="referrals.referral.transition",
                     actor="survivor" if by_her else "external recipient" if by_link else acting_user,
                     organisation=(referral.receiving_organisation if side == workflow.RECEIVER
                                   and referral.receiving_organisation_id else referral.referring_organisation),
                     subject=referral, detail={"from": previous, "to": to, "reason": reason,
                                               "erased": to in ERASED_ON and bool(referral.help_request_id)})
    return referral


# A referral that ends before or without the receiver's service: the receiver's copy of what
# she said is erased in the same transaction. Revoked is not here: the receiver must answer
# her revocation (erase, or the lawful reason it keeps it: referral_revocation_decide), and
# until it does, her words are held closed (referral_read_holds).
ERASED_ON = frozenset({workflow.DECLINED, workflow.WITHDRAWN, workflow.SENT_IN_ERROR})


def referral_read_holds(requests: list) -> dict:
    """{help request pk: reason} for the received copies of referrals whose consent she
    withdrew and whose receiver has not yet answered (registered with help's read holds).
    No query for requests that were not referred in (an inbox of her own requests)."""
    candidates = [r.pk for r in requests if getattr(r, "referred_by_id", None)]
    if not candidates:
        return {}
    reason = _("She withdrew her consent to this referral. It stays closed until your organisation erases it or "
               "records the lawful reason it keeps it, on the referral's page.")
    held = Referral.objects.filter(help_request_id__in=candidates, status=workflow.REVOKED,
                                   revocation_choice="").values_list("help_request_id", flat=True)
    return dict.fromkeys(held, reason)


def referral_record_first_contact(*, acting_user: User, referral: Referral,
                                  expected_version: int | None = None) -> Referral:
    """The receiver reached her: stops the first-contact clock. Only the receiver, only
    while the referral is open; a second call changes nothing."""
    with transaction.atomic():
        referral = _lock(referral, expected_version)
        if not _side_of(acting_user, referral, workflow.RECEIVER):
            raise PermissionDenied
        if referral.status not in workflow.AWAITING_FIRST_CONTACT:
            raise ValidationError(_("First contact can be recorded only once the referral is received."))
        if referral.first_contact_at is None:
            referral.first_contact_at = timezone.now()
            referral.version += 1
            referral.save(update_fields=["first_contact_at", "version", "updated_at"])
            audit_append(action="referrals.referral.first_contact", actor=acting_user,
                         organisation=referral.receiving_organisation, subject=referral)
    return referral


# --- revocation (issue 15 item 6) ------------------------------------------------------------

def referrals_revoke_for_consent(*, consent: Consent) -> int:
    """Her consent was withdrawn: every open referral made under it moves to "revoked"
    (her move). Returns how many. Called when a Consent is saved with `revoked_on`."""
    moved = 0
    for referral in Referral.objects.filter(consent=consent).exclude(status__in=workflow.FINAL):
        referral_transition(acting_user=None, referral=referral, to=workflow.REVOKED, by_her=True)
        moved += 1
    return moved


def referral_revocation_decide(*, acting_user: User, referral: Referral, choice: str, kept_reason: str = "",
                               expected_version: int | None = None) -> Referral:
    """The receiver answers her revocation: erase what it received (the help request's
    sealed content and any case opened from it) or record the lawful reason it keeps it
    (UK GDPR art. 17(3)). Once only; audited with its time; her status page says which."""
    with transaction.atomic():
        referral = _lock(referral, expected_version)
        if not _side_of(acting_user, referral, workflow.RECEIVER):
            raise PermissionDenied
        if referral.status != workflow.REVOKED or referral.revocation_choice:
            raise ValidationError(_("There is no withdrawn consent waiting for your answer on this referral."))
        if choice == Referral.RevocationChoice.ERASED:
            if referral.case_id:
                case_services.case_erase(acting_user=acting_user, case=referral.case, reason="consent_revoked")
                referral.case = None
            if referral.help_request_id:
                _erase_received(referral.help_request)
            kept_reason = ""
        elif choice == Referral.RevocationChoice.KEPT:
            if kept_reason not in Referral.KeptReason.values:
                raise ValidationError({"kept_reason": _("Choose the lawful reason from the list.")})
        else:
            raise ValidationError({"choice": _("Choose to erase it or to record why you keep it.")})
        referral.revocation_choice, referral.kept_reason = choice, kept_reason
        referral.revocation_decided_at = timezone.now()
        referral.version += 1
        referral.save(update_fields=["revocation_choice", "kept_reason", "revocation_decided_at", "version",
                                     "updated_at", "case"])
        audit_append(action="referrals.referral.revocation_decide", actor=acting_user,
                     organisation=referral.receiving_organisation, subject=referral,
                     detail={"choice": choice, "kept_reason": kept_reason})
    return referral


def _erase_received(help_request: HelpRequest) -> None:
    """Crypto-shred what the receiver holds of her: the notes go, and the sealed content is
    replaced by an empty record sealed under a fresh data key (the old data key goes with
    it, so nothing of hers can be opened again, and the receiver's pages still open the row
    without a false tampering alarm). The row stays (closed) so her status code still shows
    that it was erased."""
    from harbour.firewall import keys

    help_request.notes.all().delete()
    public_key = keys.public_key_of(help_request.organisation)
    content, sealed_key = crypto.seal_record(public_key, {"name": "", "message": "", "contact": {},
                                                          "shared_notes": []},
                                             context=crypto.context_of(help_request))
    HelpRequest.objects.filter(pk=help_request.pk).update(sealed_content=content, sealed_key=sealed_key,
                                                          status=HelpRequest.Status.CLOSED,
                                                          closed_on=timezone.localdate())


# --- overdue (issue 15 item 5) -------------------------------------------------------------------

def _revocation_unanswered(now: datetime.datetime) -> Q:
    # Her consent was withdrawn and the receiver has neither erased nor recorded a lawful
    # reason to keep what it received by `revocation_due_at` (issue 15 item 6).
    return Q(status=workflow.REVOKED, revocation_choice="", revocation_due_at__lt=now)


def overdue_filter(now: datetime.datetime) -> Q:
    """The Q of referrals overdue at `now`: not acknowledged by `ack_due_at`, not
    first-contacted by `first_contact_due_at`, or a withdrawn consent not answered by
    `revocation_due_at`."""
    return (Q(status__in=workflow.AWAITING_ACK, ack_due_at__lt=now)
            | Q(status__in=workflow.AWAITING_FIRST_CONTACT, first_contact_at__isnull=True,
                first_contact_due_at__lt=now)
            | _revocation_unanswered(now))


def _both_contacts(referral: Referral) -> list:
    if not referral.partnership_id:
        return []
    return [referral.partnership.referring_contact, referral.partnership.receiving_contact]


def _receiving_contact(referral: Referral) -> list:
    # Only the receiver can answer her withdrawal: the referrer's contact is not chased.
    return [referral.partnership.receiving_contact] if referral.partnership_id else []


def referrals_overdue_remind(*, now: datetime.datetime | None = None, batch_size: int = 2000) -> dict:
    """Mail the named contacts of each overdue referral's partnership, once per referral and
    kind (staff mail, in each contact's language, the reference and nothing else):
    "A referral in Harbour is overdue" to both contacts for an acknowledgement or a first
    contact; "A withdrawal of consent in Harbour is waiting for your answer" to the
    receiving side's contact for a withdrawn consent neither erased nor kept for a lawful
    reason in time (issue 15 items 5 and 6). Idempotent: the OverdueReminder row records
    what was sent, so a second run sends nothing new. `now` is an aware datetime (default
    now). Returns {"overdue": n, "reminded": n, "messages": n}."""
    now = now or timezone.now()
    kinds = (
        (OverdueReminder.Kind.ACK, Q(status__in=workflow.AWAITING_ACK, ack_due_at__lt=now),
         OVERDUE_SUBJECT, _both_contacts),
        (OverdueReminder.Kind.FIRST_CONTACT, Q(status__in=workflow.AWAITING_FIRST_CONTACT,
                                               first_contact_at__isnull=True, first_contact_due_at__lt=now),
         OVERDUE_SUBJECT, _both_contacts),
        (OverdueReminder.Kind.REVOCATION, _revocation_unanswered(now), REVOCATION_SUBJECT, _receiving_contact),
    )
    overdue = reminded = messages = 0
    for kind, condition, subject, contacts_of in kinds:
        candidates = (Referral.objects.filter(condition).exclude(reminders__kind=kind)
                      .select_related("partnership__referring_contact", "partnership__receiving_contact")
                      .order_by("pk"))
        overdue += Referral.objects.filter(condition).count()
        last = None
        while True:
            page = candidates if last is None else candidates.filter(pk__gt=last)
            rows = list(page[:batch_size])
            if not rows:
                break
            last = rows[-1].pk
            with transaction.atomic():
                reminders = []
                for referral in rows:
                    contacts = [c for c in contacts_of(referral) if c is not None]
                    sent = staff_notice_send(users=contacts, subject=subject, body=subject,
                                             suffix=referral.reference,
                                             purpose="staff-referral-overdue") if contacts else 0
                    reminders.append(OverdueReminder(referral=referral, kind=kind, sent_at=now, recipients=sent))
                    messages += sent
                OverdueReminder.objects.bulk_create(reminders, ignore_conflicts=True)
                reminded += len(reminders)
    return {"overdue": overdue, "reminded": reminded, "messages": messages}


# --- API tokens (issue 15 item 9) ---------------------------------------------------------------

TOKEN_PREFIX = "hbr_"  # noqa: S105 - the public prefix of every token, not a secret


def _token_digest(token: str) -> str:
    import hashlib

    return hashlib.sha256(token.encode()).hexdigest()


def api_token_create(*, acting_user: User, organisation: Organisation, name: str, scopes: list[str]):
    """Make a token for a partner system; an admin of `organisation` may. Returns (the
    ApiToken, the token itself: shown once, never stored). Raises PermissionDenied or
    ValidationError (no name, an unknown scope)."""
    from harbour.referrals.models import ApiToken

    if not _member(acting_user, organisation, (Membership.Role.ADMIN,)):
        raise PermissionDenied
    scopes = sorted(set(scopes))
    if not name.strip():
        raise ValidationError({"name": _("Give the token a name, e.g. the partner system it is for.")})
    if not scopes or not set(scopes) <= set(ApiToken.Scope.values):
        raise ValidationError({"scopes": _("Choose what the token may do.")})
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    with transaction.atomic():
        row = ApiToken(organisation=organisation, name=name.strip(), digest=_token_digest(token),
                       prefix=token[:10], scopes=scopes, created_by=acting_user)
        row.full_clean()
        row.save()
        audit_append(action="referrals.api_token.create", actor=acting_user, organisation=organisation, subject=row,
                     detail={"scopes": scopes})
    return row, token


def api_token_revoke(*, acting_user: User, token) -> None:
    """Revoke a token at once; an admin of its organisation may. Revoking twice is harmless."""
    if not _member(acting_user, token.organisation, (Membership.Role.ADMIN,)):
        raise PermissionDenied
    with transaction.atomic():
        if token.revoked_at is None:
            type(token).objects.filter(pk=token.pk).update(revoked_at=timezone.now())
            audit_append(action="referrals.api_token.revoke", actor=acting_user, organisation=token.organisation,
                         subject=token)


def api_token_find(token: str, *, scope: str):
    """The live token with this value and scope, or None (a revoked, unknown or out-of-scope
    token answers the same). Records the day of use."""
    from harbour.referrals.models import ApiToken

    if not token.startswith(TOKEN_PREFIX):
        return None
    found = ApiToken.objects.select_related("organisation").filter(digest=_token_digest(token),
                                                                   revoked_at__isnull=True).first()
    if found is None or scope not in found.scopes:
        return None
    today = timezone.localdate()
    if found.last_used_on != today:
        ApiToken.objects.filter(pk=found.pk).update(last_used_on=today)
    return found


def referral_transition_by_token(*, token, referral: Referral, to: str, reason: str = "",
                                 expected_version: int | None = None) -> Referral:
    """A partner system moves a referral as its organisation's side (the API). Accepting a
    referral that carries her words opens a case, which needs the organisation's key: it is
    refused here (accept on the staff pages). Raises PermissionDenied or ValidationError."""
    with transaction.atomic():
        locked = _lock(referral, expected_version)
        side = workflow.side_for(locked.status, to)
        organisation_id = {workflow.REFERRER: locked.referring_organisation_id,
                           workflow.RECEIVER: locked.receiving_organisation_id}.get(side)
        if side is not None and organisation_id != token.organisation_id:
            raise PermissionDenied
        if to == workflow.ACCEPTED and locked.help_request_id:
            raise ValidationError(_("Accept this referral on Harbour's staff pages: accepting opens a case, which "
                                    "needs your organisation's key."))
        user = _token_user(token, side)
        return referral_transition(acting_user=user, referral=locked, to=to, reason=reason)


def _token_user(token, side):
    """The member on whose behalf a token acts: its creator, if still a member of the side."""
    roles = REFERRING_ROLES if side == workflow.REFERRER else RECEIVING_ROLES
    if token.created_by is not None and _member(token.created_by, token.organisation, roles):
        return token.created_by
    raise PermissionDenied
