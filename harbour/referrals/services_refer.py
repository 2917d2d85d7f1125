"""Referrals made on the staff pages from a record the referring organisation holds (a help
request or a case), and the state reports of a partner outside Harbour (issue 15 items 2, 3
and 8; harbour/referrals/views_refer.py).

Her consent (F4: recipient, categories, purpose, expiry, how, language, interpreter) is
recorded in the same transaction as the referral and the share, so a refusal anywhere —
the route, the recipient, the gate — stores nothing: not the consent, not the referral,
not the receiver's copy. What leaves goes through the gate (F2), sealed to the receiving
organisation's key, and only in the categories she agreed to.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from nacl.public import PrivateKey

from harbour.accounts.models import User
from harbour.cases import services as case_services
from harbour.cases.access import visible_cases
from harbour.cases.models import Case
from harbour.core.audit import audit_append
from harbour.firewall import gate, gate_link, gate_referral, policy
from harbour.firewall import services as firewall_services
from harbour.firewall.gate_referral import ConsentTerms
from harbour.firewall.models import Consent, Recipient
from harbour.help.models import HelpRequest
from harbour.referrals import services, workflow
from harbour.referrals.models import Partnership, Referral

# The moves a partner outside Harbour may report through its link (issue 15 item 3): the
# receiving side's acknowledgement, answer and outcome.
EXTERNAL_MOVES = (workflow.RECEIVED, workflow.ACCEPTED, workflow.DECLINED, workflow.COMPLETED, workflow.UNABLE)
# A case that has ended is not referred on.
CLOSED_CASE_STATUSES = (Case.Status.CLOSED, Case.Status.WITHDRAWN)


def _check_route(*, organisation, partnership: Partnership | None, recipient: Recipient | None,
                 one_off_reason: str, needs: list[str], terms: ConsentTerms) -> tuple[Partnership | None, Recipient]:
    """The partnership and recipient, checked as the gate will check them, before anything is
    written. Raises ValidationError with a sentence for the member."""
    partnership, recipient = services._route(referring_organisation=organisation, partnership=partnership,
                                             recipient=recipient, one_off_reason=one_off_reason)
    try:
        gate_referral.check_recipient(holder=organisation, recipient=recipient)
    except gate.DisclosureRefused as refused:
        raise ValidationError(refused.reason) from None
    if not needs or not set(needs) <= set(HelpRequest.Need.values):
        raise ValidationError({"needs": _("Choose at least one kind of help from the list.")})
    if partnership is not None and partnership.needs and not set(needs) <= set(partnership.needs):
        raise ValidationError({"needs": _("This partnership does not cover some of these needs.")})
    if policy.NEEDS not in terms.categories:
        # The receiver files the referral by its needs part: without it nothing links the two.
        raise ValidationError({"categories": _("The kinds of help she asked for must be shared with the referral.")})
    return partnership, recipient


def _refuse_repeat(*, organisation, subject_ref, recipient: Recipient, locked) -> None:
    """Refuse a second open referral of the same woman (`subject_ref`) to the same recipient.

    `locked` is a queryset of her record (the help request or the case), locked here for the
    rest of the caller's transaction, so two posts at once are taken one after the other and
    the second sees the first. A referral that has ended (declined, completed, could not be
    completed, withdrawn: workflow.FINAL) does not stop a new one. Raises ValidationError
    (code "already_referred"), before anything is stored or disclosed."""
    list(locked.select_for_update().values_list("pk", flat=True))
    if (Referral.objects.filter(referring_organisation=organisation, subject_ref=subject_ref,
                                receiving_recipient=recipient)
            .exclude(status__in=workflow.FINAL).exists()):
        raise ValidationError(_("She has already been referred to this recipient and that referral is still "
                                "open, so nothing was shared again. Open the existing referral instead."),
                              code="already_referred")


def _record_consent(*, acting_user: User, organisation, subject_ref, recipient: Recipient,
                    terms: ConsentTerms) -> Consent:
    return firewall_services.consent_record(
        acting_user=acting_user, organisation=organisation, subject_ref=subject_ref, recipient=recipient,
        categories=list(terms.categories), purpose=terms.purpose, expires_on=terms.expires_on, method=terms.method,
        language=terms.language, interpreter=terms.interpreter)


def referral_from_help_request_with_consent(*, acting_user: User, help_request: HelpRequest, terms: ConsentTerms,
                                            private_key: PrivateKey, needs: list[str],
                                            partnership: Partnership | None = None,
                                            recipient: Recipient | None = None,
                                            one_off_reason: str = "") -> Referral:
    """Record her consent (`terms`) and refer the help request under it, in one transaction.

    `needs` are HelpRequest.Need codes (the kinds of help referred for); `partnership` (an
    active one of the request's organisation) or, for a one-off, `recipient` and
    `one_off_reason` (a Referral.OneOffReason code). Returns the sent Referral. Raises
    PermissionDenied for a member without a casework role there; ValidationError for no
    partnership, a paused or ended one, a recipient of a kind that may not receive a
    referral (gate_referral.REFERRAL_RECIPIENT_CATEGORIES) or without a key, consent terms
    firewall.services.consent_record refuses (an end date in the past), a share the gate
    refuses (F4), or while a referral of hers to the same recipient is still open
    (_refuse_repeat: the same form sent twice). Nothing is stored when it raises.
    """
    organisation = help_request.organisation
    if not services._member(acting_user, organisation, services.RECEIVING_ROLES):
        raise PermissionDenied
    partnership, recipient = _check_route(organisation=organisation, partnership=partnership, recipient=recipient,
                                          one_off_reason=one_off_reason, needs=needs, terms=terms)
    with transaction.atomic():
        _refuse_repeat(organisation=organisation, subject_ref=help_request.public_id, recipient=recipient,
                       locked=HelpRequest.objects.filter(pk=help_request.pk))
        consent = _record_consent(acting_user=acting_user, organisation=organisation,
                                  subject_ref=help_request.public_id, recipient=recipient, terms=terms)
        return services.referral_from_help_request(
            acting_user=acting_user, help_request=help_request, consent=consent, private_key=private_key,
            partnership=partnership, one_off_reason=one_off_reason, needs=needs)


def _case_contact(case: Case, opened: dict) -> dict:
    """Her contact details as the receiver's copy holds them: a channel the help app knows,
    the number or address, safe times, whether a message may be left, and what keeps her
    safe when calling (code word, who must not answer)."""
    channel = "" if case.do_not_contact else next(
        (c for c in case.safe_channels if c in HelpRequest.Channel.values and c), "")
    contact = opened.get("contact") or {}
    return {"channel": channel, "message_ok": case.message_ok,
            **{k: contact.get(k, "") for k in ("value", "safe_times", "code_word", "must_not_answer")
               if contact.get(k)}}


def referral_from_case(*, acting_user: User, case: Case, terms: ConsentTerms, private_key: PrivateKey,
                       needs: list[str], partnership: Partnership | None = None, recipient: Recipient | None = None,
                       one_off_reason: str = "") -> Referral:
    """Refer the woman of `case` to a partner organisation on Harbour, under her consent.

    The consent (`terms`) is recorded on the case's `subject_ref`, so her status page shows
    the share (F7). The case is opened with the member's `private_key` (an audited view);
    the gate lets through only the categories she consented to and the recipient may
    receive (firewall.policy.ALLOWED): her name (identity), how to reach her safely
    (contact), the kinds of help (needs), the case's first record (narrative) and the case
    notes (notes), and re-seals them to the receiver's key, where they land as a help
    request linked to the referral. The referring organisation keeps its case as it was and
    a receipt (Referral: reference, dates, needs, status), nothing more.

    Raises PermissionDenied for a member who may not see the case or has no casework role;
    ValidationError for a closed or withdrawn case and for every refusal of
    referral_from_help_request_with_consent. Nothing is stored when it raises.
    """
    organisation = case.organisation
    if (not services._member(acting_user, organisation, services.RECEIVING_ROLES)
            or not visible_cases(acting_user).filter(pk=case.pk).exists()):
        raise PermissionDenied
    if case.status in CLOSED_CASE_STATUSES:
        raise ValidationError(_("This case is closed: reopen it before referring her on."))
    partnership, recipient = _check_route(organisation=organisation, partnership=partnership, recipient=recipient,
                                          one_off_reason=one_off_reason, needs=needs, terms=terms)
    needs = sorted(set(needs))
    try:
        with transaction.atomic():
            _refuse_repeat(organisation=organisation, subject_ref=case.subject_ref, recipient=recipient,
                           locked=Case.objects.filter(pk=case.pk))
            opened = case_services.case_open(acting_user=acting_user, case=case, private_key=private_key)
            consent = _record_consent(acting_user=acting_user, organisation=organisation,
                                      subject_ref=case.subject_ref, recipient=recipient, terms=terms)
            referral = Referral(
                reference=services._new_reference(), referring_organisation=organisation,
                receiving_organisation=recipient.organisation, receiving_recipient=recipient,
                partnership=partnership, one_off_reason="" if partnership else one_off_reason,
                source=Referral.Source.CASE, needs=needs, language=case.language, subject_ref=case.subject_ref,
                consent=consent, created_by=acting_user)
            referral.full_clean()
            referral.save()
            audit_append(action="referrals.referral.create", actor=acting_user, organisation=organisation,
                         subject=referral, detail={"reference": referral.reference, "source": referral.source,
                                                   "case": str(case.public_id)})
            gate.disclose(acting_user=acting_user, consent=consent, kind=services.KIND, subject_ref=case.subject_ref,
                          payload={
                              policy.IDENTITY: opened.get("name", ""),
                              policy.CONTACT: _case_contact(case, opened),
                              policy.NEEDS: {"needs": needs, "language": case.language, "referral": str(referral.pk)},
                              policy.NARRATIVE: opened.get("message", ""),
                              policy.NOTES: [note["text"] for note in opened.get("notes", []) if note.get("text")],
                          })
            services._mark_sent(referral, acting_user)
    except gate.DisclosureRefused as refused:
        raise ValidationError(refused.reason) from None
    return Referral.objects.get(pk=referral.pk)


# --- a partner outside Harbour reports the state (issue 15 item 3) ---------------------------

def link_referral(link) -> Referral | None:
    """The referral a one-time link carries: same record, same recipient, outside Harbour."""
    return Referral.objects.filter(subject_ref=link.subject_ref, receiving_recipient_id=link.recipient_id,
                                   receiving_organisation__isnull=True).first()


def referral_transition_by_link(*, token: str, session: str, to: str, reason: str = "") -> tuple[Referral, str]:
    """The partner outside Harbour who opened the one-time link (and so proved control of the
    registered address with the e-mailed code) moves the referral as the receiving side.

    `session` is the secret the link page gave after the code (gate_link.link_open); it is
    replaced after every move, so a replayed form does nothing. `to` is one of
    EXTERNAL_MOVES; `reason` as referral_transition. Returns (the referral, the next
    session secret). Raises ValidationError: "link_unusable" (one uniform message) for an
    unknown, expired or exhausted link or a wrong or spent session; a move not in
    EXTERNAL_MOVES, from the wrong state or without a listed reason; nothing changes then.
    """
    with transaction.atomic():
        link = gate_link.link_session_check(token=token, session=session)
        referral = link_referral(link) if link is not None else None
        if referral is None:
            raise ValidationError(_("This link can no longer be used to report on the referral. Ask the "
                                    "organisation that referred to contact you."), code="link_unusable")
        if to not in EXTERNAL_MOVES:
            raise ValidationError(_("Choose one of the listed answers."))
        referral = services.referral_transition(acting_user=None, referral=referral, to=to, reason=reason,
                                                by_link=True)
        return referral, gate_link.link_session_renew(link=link)
