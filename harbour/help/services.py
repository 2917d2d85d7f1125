"""Writes for help requests: keyword-only, atomic, audited where F6 asks.

The creation of an anonymous request and her status checks are not audited: an audit
entry carries a precise time, and a precise time of her visit is exactly the metadata
the coarse dates on the request avoid keeping (F8). Every unseal, share, consent,
revocation and erasure is audited.
"""

from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from nacl.public import PrivateKey

from harbour.accounts.models import Organisation, User
from harbour.core.audit import audit_append
from harbour.core.once import once_claim
from harbour.firewall import crypto, gate, keys, policy
from harbour.firewall import services as firewall_services
from harbour.firewall.models import Consent
from harbour.firewall.throttle import (
    proof_accept,
    proof_challenge,
    throttle_busy,
    throttle_count,
    ticket_accept,
    wait_ticket,
)
from harbour.help import codes
from harbour.help.models import HelpNote, HelpRequest

KIND = "help_request"

# Apps below help may hold a request's sealed content closed while something is decided
# (referrals: a referral whose consent she withdrew, until the receiver erases what it
# received or records the lawful reason it keeps it; docs/threat-model.md). Each check
# takes a list of requests and returns {request pk: the sentence shown instead}.
_READ_HOLDS: dict = {}


class HelpRequestHeld(Exception):
    """The request's sealed content may not be opened now. `reason` is a sentence for the member."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


def register_read_hold(name: str, check) -> None:
    """Register `check(requests: list[HelpRequest]) -> dict[int, str]` under `name`."""
    _READ_HOLDS[name] = check


def read_holds(requests: list) -> dict:
    """{request pk: reason} for the requests whose sealed content is held closed."""
    held = {}
    for check in _READ_HOLDS.values():
        for pk, reason in check(requests).items():
            held.setdefault(pk, str(reason))
    return held


def _busy_scope(organisation: Organisation) -> str:
    return f"help.submit:{organisation.public_id}"


def help_request_admit(*, organisation: Organisation, proof: str = "", ticket: str = "") -> bool:
    """May a well-formed request to `organisation` be stored now? Always, until the
    organisation has had HARBOUR_HELP_REQUESTS_PER_ORG_PER_HOUR requests this hour; then
    only with a solved proof of work or a waited ticket (each spent once), so a flood costs
    the flooder and nobody else is refused (issue 11, item 1). Counts, never senders."""
    scope = _busy_scope(organisation)
    if not throttle_busy(scope=scope, threshold=settings.HARBOUR_HELP_REQUESTS_PER_ORG_PER_HOUR,
                         window_seconds=3600):
        return True
    return proof_accept(scope=scope, payload=proof) or ticket_accept(scope=scope, ticket=ticket)


def help_request_busy_path(*, organisation: Organisation) -> dict:
    """What a refused-for-now sender needs to try again: {"challenge": ALTCHA challenge dict,
    "ticket": wait ticket, "wait": seconds before the ticket is good}."""
    scope = _busy_scope(organisation)
    return {"challenge": proof_challenge(scope=scope), "ticket": wait_ticket(scope=scope),
            "wait": settings.HARBOUR_BUSY_WAIT_SECONDS}


def help_request_create(*, acting_user=None, organisation: Organisation, needs: list[str], message: str = "",
                        name: str = "", contact_channel: str = "", contact_value: str = "", safe_times: str = "",
                        message_ok: bool | None = None, language: str,
                        form_once: str = "") -> tuple[HelpRequest, str]:
    """Store her request sealed to the organisation; return it and her status code (the
    only time the code exists in the clear).

    `form_once` is the form's one-time token (harbour/core/once.py): the same form sent
    twice (a double tap) raises core.once.DuplicatePost and stores nothing the second time.
    The spent token is kept apart from the request, as a digest that expires (F8). Raises
    ValidationError for an organisation that cannot take requests."""
    try:
        public_key = keys.public_key_of(organisation)
    except keys.KeySubstitution:
        # Never seal her words to a key that may be an attacker's (the alarm is recorded).
        raise ValidationError({"organisation": _("This organisation cannot take requests right now. "
                                                 "Please choose another one.")}) from None
    if public_key is None or not organisation.accepts_help_requests:
        raise ValidationError({"organisation": _("Choose one of the organisations listed.")})
    code = codes.new_code(language)
    help_request = HelpRequest(
        organisation=organisation, needs=sorted(set(needs)), language=language,
        contact_channel=contact_channel,
        code_bucket=codes.code_buckets(code)[0], code_digest=codes.code_digest(code),
    )
    help_request.sealed_content, help_request.sealed_key = crypto.seal_record(public_key, {
        "name": name.strip(), "message": message.strip(),
        "contact": {"value": contact_value.strip(), "safe_times": safe_times.strip(), "message_ok": message_ok},
    }, context=crypto.context_of(help_request))
    with transaction.atomic():
        once_claim(form_once)
        help_request.full_clean()
        help_request.save()
        throttle_count(scope=_busy_scope(organisation), window_seconds=3600)
    return help_request, code


def _open(private_key: PrivateKey, record) -> dict:
    """A sealed request or note, bound to its own row (crypto.context_of)."""
    return crypto.open_record(private_key, record.sealed_content, record.sealed_key,
                              context=crypto.context_of(record))


def help_request_for_code(code: str) -> HelpRequest | None:
    """The request this code belongs to, or None for a wrong or malformed code.

    A code of the current scheme costs one indexed query and an HMAC or two (well under a
    millisecond of CPU); an old six-word code is checked with argon2id on the bounded heavy
    pool, and only while requests with such codes remain (help/codes.py)."""
    requests = HelpRequest.objects.select_related("organisation")
    if codes.looks_like_a_code(code):
        return codes.code_find(requests, code)
    if codes.looks_like_a_legacy_code(code) and requests.filter(code_locator__isnull=False).exists():
        return codes.legacy_find(requests, code)
    return None


def help_request_mark_code_used(*, help_request: HelpRequest):
    """Record today as the day the code was last used; return the day before this visit."""
    previous = help_request.code_last_used_on
    today = timezone.localdate()
    if previous != today:
        HelpRequest.objects.filter(pk=help_request.pk).update(code_last_used_on=today)
    return previous


def help_request_open(*, acting_user: User, help_request: HelpRequest, private_key: PrivateKey) -> dict:
    """Unseal a request and its notes for one member; audited. Raises crypto.CryptoError if
    her organisation's key does not open them, after recording that as an alarm (F5), and
    HelpRequestHeld while an app below holds it closed (register_read_hold)."""
    held = read_holds([help_request])
    if held:
        raise HelpRequestHeld(held[help_request.pk])
    try:
        with transaction.atomic():
            content = _open(private_key, help_request)
            content["notes"] = [{"id": str(note.public_id), "on": note.created_at,
                                 "text": _open(private_key, note)["text"]} for note in help_request.notes.all()]
            audit_append(action="help.request.open", actor=acting_user, organisation=help_request.organisation,
                         subject=help_request)
    except crypto.CryptoError:
        firewall_services.unseal_failure_record(acting_user=acting_user, organisation=help_request.organisation,
                                                subject=help_request)
        raise
    return content


def help_requests_unseal_page(*, acting_user: User, organisation: Organisation, requests: list[HelpRequest],
                              private_key: PrivateKey | None) -> dict:
    """Names and first lines for an inbox page: one unseal per request, one audit entry
    naming every request shown."""
    if private_key is None or not requests:
        return {}
    opened = {}
    held = read_holds(requests)
    for help_request in requests:
        if help_request.pk in held:
            continue
        try:
            content = _open(private_key, help_request)
        except crypto.CryptoError:
            # Her organisation's key should open it: an alarm, not "locked" (F5).
            firewall_services.unseal_failure_record(acting_user=acting_user, organisation=organisation,
                                                    subject=help_request)
            continue
        opened[help_request.pk] = {"name": content.get("name", ""), "preview": content.get("message", "")[:80]}
    audit_append(action="help.inbox.view", actor=acting_user, organisation=organisation,
                 detail={"requests": [str(r.public_id) for r in requests if r.pk in opened]})
    return opened


def help_request_set_status(*, acting_user: User, help_request: HelpRequest, status: str) -> HelpRequest:
    with transaction.atomic():
        help_request = HelpRequest.objects.select_for_update().get(pk=help_request.pk)
        help_request.status = status
        help_request.closed_on = timezone.localdate() if status == HelpRequest.Status.CLOSED else None
        help_request.full_clean()
        help_request.save(update_fields=["status", "closed_on", "updated_at"])
        audit_append(action="help.request.status", actor=acting_user, organisation=help_request.organisation,
                     subject=help_request, detail={"status": status})
    return help_request


def help_note_add(*, acting_user: User, help_request: HelpRequest, text: str) -> HelpNote:
    public_key = keys.public_key_of(help_request.organisation)
    note = HelpNote(request=help_request, author=acting_user)
    note.sealed_content, note.sealed_key = crypto.seal_record(public_key, {"text": text.strip()},
                                                              context=crypto.context_of(note))
    with transaction.atomic():
        note.full_clean()
        note.save()
        audit_append(action="help.note.add", actor=acting_user, organisation=help_request.organisation,
                     subject=note, detail={"record": str(help_request.public_id)})
    return note


def help_request_refer(*, acting_user: User, help_request: HelpRequest, consent: Consent,
                       private_key: PrivateKey):
    """Refer her on under her consent: unseal, then hand everything to the gate, which lets
    only what the consent and the recipient's category allow leave."""
    content = _open(private_key, help_request)
    notes = [_open(private_key, n)["text"] for n in help_request.notes.all()]
    payload = {
        policy.IDENTITY: content.get("name", ""),
        policy.CONTACT: {"channel": help_request.contact_channel, **content.get("contact", {})},
        policy.NEEDS: {"needs": help_request.needs, "language": help_request.language},
        policy.NARRATIVE: content.get("message", ""),
        policy.NOTES: notes,
    }
    return gate.disclose(acting_user=acting_user, consent=consent, kind=KIND,
                         subject_ref=help_request.public_id, payload=payload)


def receive_referral(*, recipient_organisation: Organisation, shared: dict, seal, referred_by: Organisation) -> HelpRequest:
    """Called by the gate only: file a referral, sealed to the partner's key, in its inbox."""
    needs_part = shared.get(policy.NEEDS) or {}
    contact = dict(shared.get(policy.CONTACT) or {})
    channel = contact.pop("channel", "") or ""
    help_request = HelpRequest(
        organisation=recipient_organisation, needs=list(needs_part.get("needs", [])),
        language=needs_part.get("language", "en"), contact_channel=channel, referred_by=referred_by,
    )
    help_request.sealed_content, help_request.sealed_key = seal({
        "name": shared.get(policy.IDENTITY, ""), "message": shared.get(policy.NARRATIVE, ""),
        "contact": contact, "shared_notes": shared.get(policy.NOTES, []),
    }, context=crypto.context_of(help_request))
    help_request.full_clean()
    help_request.save()
    audit_append(action="help.request.referred_in", actor="gate", organisation=recipient_organisation,
                 subject=help_request, detail={"from": str(referred_by.public_id)})
    return help_request


def help_request_erase(*, acting_user, help_request: HelpRequest, reason: str) -> None:
    """Erase a request: its sealed content and sealed key go with the row (crypto-shredding:
    no copy of the data key is left), with its notes, consents and disclosures. The audit
    chain keeps its pseudonymous entries and stays valid."""
    with transaction.atomic():
        organisation = help_request.organisation
        subject_ref = help_request.public_id
        firewall_services.subject_erase(acting_user=acting_user, organisation=organisation, subject_ref=subject_ref)
        HelpRequest.objects.filter(pk=help_request.pk).delete()
        audit_append(action="help.request.erase", actor=acting_user, organisation=organisation,
                     subject=str(subject_ref), detail={"reason": reason})


@dataclass(frozen=True)
class SurvivorOutcome:
    """What her action on the status page did. `notice` is "" (nothing asked), "confirm_delete",
    "revoked" or "deleted"; `copies_held_by` names the partners that received a referral
    before she deleted it and keep their own copy."""

    notice: str
    copies_held_by: list[str] = field(default_factory=list)


def help_request_survivor_act(*, help_request: HelpRequest, action: str, consent_public_id=None,
                              confirm: bool = False) -> SurvivorOutcome:
    """Carry out what she asked for with her status code (DESIGN.md F7): withdraw a consent
    (`action="revoke"`, the consent's public id, one of this request's consents) or delete the
    request (`action="delete"`, done only with `confirm`). Any other action changes nothing.
    Deletion erases the request here; partners it was disclosed to keep their copies, so
    their names are returned for her page to say so."""
    if action == "delete":
        if not confirm:
            return SurvivorOutcome("confirm_delete")
        from harbour.help.selectors import disclosures_for

        partners = sorted({disclosure.recipient.name for disclosure in disclosures_for(help_request)})
        help_request_erase(acting_user="survivor", help_request=help_request, reason="survivor")
        return SurvivorOutcome("deleted", partners)
    if action == "revoke" and consent_public_id:
        consent = Consent.objects.filter(public_id=consent_public_id, subject_ref=help_request.public_id).first()
        if consent is not None:
            firewall_services.consent_revoke(acting_user=None, consent=consent, by_survivor=True)
            return SurvivorOutcome("revoked")
    return SurvivorOutcome("")


def help_requests_erase_expired(*, today=None) -> int:
    """Erase requests closed longer ago than their organisation's retention period."""
    today = today or timezone.localdate()
    erased = 0
    for organisation in Organisation.objects.filter(help_requests__status=HelpRequest.Status.CLOSED).distinct():
        cutoff = _months_before(today, organisation.retention_months)
        expired = HelpRequest.objects.filter(organisation=organisation, status=HelpRequest.Status.CLOSED,
                                             closed_on__lt=cutoff).select_related("organisation")
        for help_request in expired:
            help_request_erase(acting_user="retention", help_request=help_request, reason="retention")
            erased += 1
    return erased


def _months_before(day, months: int):
    import calendar

    year, month = divmod(day.year * 12 + day.month - 1 - months, 12)
    month += 1
    return day.replace(year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1]))


# Barriers to asking for help (issue 16) --------------------------------------------------

def barrier_answer_record(*, acting_user=None, organisation: Organisation, source: str, categories: list[str],
                          today=None) -> int:
    """Count one anonymous answer to "Did anything make it harder to ask for help?".

    `source` is "help" (the public form) or "case" (case intake, called by the cases app);
    `categories` a list of BarrierTally.Category values (an empty list means she did not answer:
    nothing is counted). Adds one to each named category and to ANSWERED for `organisation`,
    `source` and the month of `today` (a date; default today). Returns the number of categories
    counted. Not audited, like the request itself: an audit entry carries a precise time, the
    very link to her request this counter avoids (F8). Raises ValidationError for an unknown
    source or category.
    """
    from django.db.models import F

    from harbour.help.models import BarrierTally

    chosen = sorted(set(categories or []))
    if source not in BarrierTally.Source.values:
        raise ValidationError(_("Unknown source of a barrier answer."))
    if any(c not in BarrierTally.Category.values for c in chosen):
        raise ValidationError(_("Choose from the reasons listed."))
    if not chosen:
        return 0
    month = (today or timezone.localdate()).replace(day=1)
    with transaction.atomic():
        for category in [BarrierTally.ANSWERED, *chosen]:
            tally, _created = BarrierTally.objects.select_for_update().get_or_create(
                organisation=organisation, source=source, month=month, category=category)
            tally.count = F("count") + 1
            tally.save(update_fields=["count"])
    return len(chosen)
