"""The egress gate (F2): the one function through which personal data leaves the
organisation that holds it.

`disclose()` checks, in order: that the acting member may share for the holding
organisation; that the consent is about this record, not revoked and not expired; that
the recipient is the consent's, active, registered by the holder and not refused (F3);
and it lets through only the categories that both the consent names and the recipient's
category may receive. Then, in one transaction, it records the disclosure, appends the
audit entry and delivers: re-sealed to a partner organisation's key (into its inbox), or
by e-mail to a recipient outside Harbour (after commit, through core.outbound).

Nothing else in harbour/ may call core.outbound with survivor data, or import mail, HTTP
or socket libraries: tests/firewall/test_egress.py enforces it.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from harbour.accounts.access import memberships_of
from harbour.accounts.models import Membership, Organisation, User
from harbour.core.audit import audit_append
from harbour.core.outbound import deliver_mail
from harbour.firewall import crypto, keys, policy
from harbour.firewall.models import Consent, Disclosure, Recipient

# kind of record -> function(recipient_organisation, shared, seal, referred_by) that files
# the shared content in the recipient organisation's inbox. Apps below the firewall
# register theirs in AppConfig.ready().
_RECEIVERS: dict[str, Callable] = {}


class DisclosureRefused(Exception):
    """The gate said no. `reason` is a sentence for the member who asked."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


def register_receiver(kind: str, handler: Callable) -> None:
    _RECEIVERS[kind] = handler


def shareable_categories(*, recipient_category: str, consented: list[str], available: list[str]) -> list[str]:
    """What may leave: named by the consent, allowed for the recipient, and present."""
    return sorted(set(consented) & policy.allowed_for(recipient_category) & set(available))


def disclose(*, acting_user: User, consent: Consent, kind: str, subject_ref, payload: dict,
             as_document: Callable[[dict], bytes] | None = None) -> Disclosure:
    """Share `payload` (category -> content, already unsealed by the member) under `consent`.

    With `as_document` (a function from the shared categories to a file's bytes, e.g. a
    PDF), nothing is mailed: the file holding only what the gate let through is returned on
    the disclosure's `document` attribute, for the member to hand over herself."""
    with transaction.atomic():
        try:
            consent = (Consent.objects.select_for_update(of=("self",))
                       .select_related("organisation", "recipient", "recipient__organisation")
                       .get(pk=consent.pk))
        except Consent.DoesNotExist:
            raise DisclosureRefused(_("There is no such consent.")) from None
        holder = consent.organisation
        if not memberships_of(acting_user).filter(
            organisation=holder, role__in=[Membership.Role.ADMIN, Membership.Role.CASEWORKER]
        ).exists():
            raise DisclosureRefused(_("You may not share for this organisation."))
        if str(consent.subject_ref) != str(subject_ref):
            raise DisclosureRefused(_("This consent is about another request."))
        if consent.revoked_on is not None:
            raise DisclosureRefused(_("She has withdrawn this consent. Nothing was shared."))
        if consent.expires_on < timezone.localdate():
            raise DisclosureRefused(_("This consent has ended. Ask her again before sharing."))
        recipient = consent.recipient
        if not recipient.is_active or recipient.registered_by_id != holder.pk:
            raise DisclosureRefused(_("This recipient is not registered by your organisation."))
        if recipient.category not in policy.ALLOWED or policy.refusal_reason(
            name=recipient.name, email=recipient.email,
            organisation_name=recipient.organisation.name if recipient.organisation_id else "",
        ):
            raise DisclosureRefused(_("Harbour never shares with immigration enforcement."))
        categories = shareable_categories(recipient_category=recipient.category,
                                          consented=consent.categories, available=list(payload))
        if not categories:
            raise DisclosureRefused(_("Nothing this consent covers may go to this recipient."))
        shared = {category: payload[category] for category in categories}
        deliver = (_as_document(as_document, shared) if as_document
                   else _delivery(kind=kind, consent=consent, shared=shared))

        disclosure = Disclosure(organisation=holder, subject_ref=consent.subject_ref, consent=consent,
                                recipient=recipient, categories=categories,
                                disclosed_on=timezone.localdate(), disclosed_by=acting_user)
        disclosure.full_clean()
        disclosure.save()
        audit_append(action="firewall.disclose", actor=acting_user, organisation=holder, subject=disclosure,
                     detail={"record": str(consent.subject_ref), "consent": str(consent.public_id),
                             "recipient": str(recipient.public_id), "recipient_category": recipient.category,
                             "categories": categories})
        disclosure.document = deliver()
    return disclosure


def _as_document(render: Callable[[dict], bytes], shared: dict) -> Callable[[], bytes]:
    document = render(shared)
    return lambda: document


def _delivery(*, kind: str, consent: Consent, shared: dict) -> Callable[[], None]:
    """Prepare the delivery (refusing before anything is written), return the act."""
    recipient = consent.recipient
    if recipient.organisation_id:
        handler = _RECEIVERS.get(kind)
        try:
            public_key = keys.public_key_of(recipient.organisation)
        except keys.KeySubstitution:
            raise DisclosureRefused(_("This partner's key does not match the one on record. Nothing was "
                                      "shared; tell an admin.")) from None
        if public_key is None or handler is None:
            raise DisclosureRefused(_("This partner cannot receive sealed referrals yet."))

        def to_partner():
            # Receivers pass the new record's context (crypto.context_of) to bind the content to it.
            handler(recipient_organisation=recipient.organisation, shared=shared,
                    seal=lambda content, context=None: crypto.seal_record(public_key, content, context=context),
                    referred_by=consent.organisation)

        return to_partner

    lines = [f"{policy.CATEGORY_LABELS[c]}: {_plain(shared[c])}" for c in sorted(shared)]
    body = "\n\n".join([_("A referral from %(organisation)s, shared with her consent.") % {
        "organisation": consent.organisation.name}, *lines])

    def by_mail():
        transaction.on_commit(lambda: deliver_mail(to=recipient.email, subject=_("Referral"), body=body,
                                                   purpose="referral"))

    return by_mail


def _plain(value) -> str:
    if isinstance(value, dict):
        return "; ".join(f"{k}: {v}" for k, v in value.items() if v not in ("", None))
    if isinstance(value, list | tuple):
        return ", ".join(str(v) for v in value)
    return str(value)


# --- The safeguarding basis (F4's one exception) ---------------------------------------
# UK practice lets a high-risk case go to MARAC without her consent where the risk of
# serious harm justifies it (SafeLives, "Marac guidance for referrers": consent should be
# sought, but a high-risk referral may proceed without it; UK GDPR art. 6(1)(e) and 9(2)(g),
# DPA 2018 sch. 1 para. 18 "safeguarding of children and individuals at risk").
SAFEGUARDING_RECIPIENT_CATEGORIES = frozenset({"police", "health", "housing", "other_statutory"})
# What MARAC needs: who she is, how to reach her safely, and the risk summary (narrative).
# Never `needs` (it could name immigration advice) and never the organisation's notes.
SAFEGUARDING_DATA_CATEGORIES = frozenset({policy.IDENTITY, policy.CONTACT, policy.NARRATIVE})


@dataclass(frozen=True)
class SafeguardingBasis:
    """Why a share may go without consent. Built by the casework app from its records:
    `risk_level` is the case's latest assessed level; `requested_by` asked, `approved_by`
    (a different member, an admin of `organisation`) approved; `reason` is the recorded
    reason (the caller keeps it sealed); `tell_her` is False only when the approvers
    recorded that telling her would raise the risk."""

    organisation: Organisation
    subject_ref: object
    recipient: Recipient
    risk_level: str
    requested_by: User
    approved_by: User
    reason: str
    tell_her: bool = True


def disclose_safeguarding(*, acting_user: User, basis: SafeguardingBasis, kind: str, payload: dict,
                          as_document: Callable[[dict], bytes] | None = None) -> Disclosure:
    """Share `payload` (category -> content) without consent, on a safeguarding basis.

    Refused (DisclosureRefused, nothing written) unless: the risk is high; the approver is
    an admin of the holding organisation, is not the member who asked, and is the one
    acting; the requester is a caseworker or admin there; a reason is recorded; the
    recipient is active, registered by the holder, of the police, health, housing or
    other-statutory category, and not immigration enforcement (F3, whatever the basis).
    Only SAFEGUARDING_DATA_CATEGORIES the recipient's category may receive leave.
    """
    holder = basis.organisation
    with transaction.atomic():
        if basis.risk_level != "high":
            raise DisclosureRefused(_("A share without consent needs a current high-risk assessment."))
        if basis.approved_by.pk == basis.requested_by.pk or acting_user.pk != basis.approved_by.pk:
            raise DisclosureRefused(_("A second member, not the one who asked, must approve this share."))
        if not memberships_of(basis.approved_by).filter(organisation=holder, role=Membership.Role.ADMIN).exists():
            raise DisclosureRefused(_("Only an organisation admin may approve a share without consent."))
        if not memberships_of(basis.requested_by).filter(
            organisation=holder, role__in=[Membership.Role.ADMIN, Membership.Role.CASEWORKER]
        ).exists():
            raise DisclosureRefused(_("You may not share for this organisation."))
        if not basis.reason.strip():
            raise DisclosureRefused(_("Record the reason for sharing without her consent."))
        recipient = Recipient.objects.select_related("organisation").filter(pk=basis.recipient.pk).first()
        if recipient is None or not recipient.is_active or recipient.registered_by_id != holder.pk:
            raise DisclosureRefused(_("This recipient is not registered by your organisation."))
        if recipient.category not in policy.ALLOWED or policy.refusal_reason(
            name=recipient.name, email=recipient.email,
            organisation_name=recipient.organisation.name if recipient.organisation_id else "",
        ):
            raise DisclosureRefused(_("Harbour never shares with immigration enforcement."))
        if recipient.category not in SAFEGUARDING_RECIPIENT_CATEGORIES:
            raise DisclosureRefused(_("A share without consent may go only to the police, health, housing or another statutory body."))
        categories = sorted(policy.allowed_for(recipient.category) & SAFEGUARDING_DATA_CATEGORIES & set(payload))
        if not categories:
            raise DisclosureRefused(_("Nothing may go to this recipient without her consent."))
        shared = {category: payload[category] for category in categories}
        if as_document:
            deliver = _as_document(as_document, shared)
        else:
            deliver = _safeguarding_mail(holder=holder, recipient=recipient, shared=shared)
        disclosure = Disclosure(organisation=holder, subject_ref=basis.subject_ref, consent=None,
                                recipient=recipient, categories=categories, basis="safeguarding",
                                shown_to_her=basis.tell_her, disclosed_on=timezone.localdate(),
                                disclosed_by=acting_user)
        disclosure.full_clean()
        disclosure.save()
        audit_append(action="firewall.disclose_safeguarding", actor=acting_user, organisation=holder,
                     subject=disclosure,
                     detail={"record": str(basis.subject_ref), "recipient": str(recipient.public_id),
                             "recipient_category": recipient.category, "categories": categories,
                             "requested_by": str(basis.requested_by.public_id),
                             "approved_by": str(basis.approved_by.public_id), "shown_to_her": basis.tell_her,
                             "kind": kind})
        disclosure.document = deliver()
    return disclosure


def _safeguarding_mail(*, holder: Organisation, recipient: Recipient, shared: dict) -> Callable[[], None]:
    if not recipient.email:
        raise DisclosureRefused(_("This recipient has no e-mail address: download the form instead."))
    lines = [f"{policy.CATEGORY_LABELS[c]}: {_plain(shared[c])}" for c in sorted(shared)]
    body = "\n\n".join([_("A safeguarding referral from %(organisation)s, shared without her consent because "
                          "the risk of serious harm is high.") % {"organisation": holder.name}, *lines])

    def by_mail():
        transaction.on_commit(lambda: deliver_mail(to=recipient.email, subject=_("Referral"), body=body,
                                                   purpose="safeguarding"))

    return by_mail
def deliver_to_her(*, acting_user: User, organisation, to: str, language: str,
                   compose: Callable[[], tuple[str, str]], purpose: str, subject_ref) -> None:
    """Send a message a woman asked for to her own address (a workshop reminder, a place
    offered): no third party receives anything, so no consent is needed, but it still
    leaves Harbour, so it leaves here. The acting member must belong to `organisation`;
    the audit entry names the purpose, the record and the language, never the address.
    Sent after commit.

    `language` is the code of settings.LANGUAGES she used when she made the record (her
    booking's or help request's `language`), not the language of the member who presses the
    button (STYLE.md habit 9; issue 18, item 7): `compose()` is called with it active and
    returns (subject, body) as str. Raises ValueError for a language Harbour does not speak,
    DisclosureRefused for a member outside `organisation`.
    """
    if language not in dict(settings.LANGUAGES):
        raise ValueError(f"{language!r} is not one of settings.LANGUAGES")
    if not memberships_of(acting_user).filter(organisation=organisation).exists():
        raise DisclosureRefused(_("You may not send messages for this organisation."))
    with translation.override(language):
        subject, body = (str(part) for part in compose())
    audit_append(action="firewall.deliver_to_her", actor=acting_user, organisation=organisation,
                 subject=str(subject_ref), detail={"purpose": purpose, "language": language})
    transaction.on_commit(lambda: deliver_mail(to=to, subject=subject, body=body, purpose=purpose))
