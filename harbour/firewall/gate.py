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

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from harbour.accounts.access import memberships_of
from harbour.accounts.models import Membership, User
from harbour.core.audit import audit_append
from harbour.core.outbound import deliver_mail
from harbour.firewall import crypto, policy
from harbour.firewall.models import Consent, Disclosure, OrganisationKey

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


def disclose(*, acting_user: User, consent: Consent, kind: str, subject_ref, payload: dict) -> Disclosure:
    """Share `payload` (category -> content, already unsealed by the member) under `consent`."""
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
        deliver = _delivery(kind=kind, consent=consent, shared=shared)

        disclosure = Disclosure(organisation=holder, subject_ref=consent.subject_ref, consent=consent,
                                recipient=recipient, categories=categories,
                                disclosed_on=timezone.localdate(), disclosed_by=acting_user)
        disclosure.full_clean()
        disclosure.save()
        audit_append(action="firewall.disclose", actor=acting_user, organisation=holder, subject=disclosure,
                     detail={"record": str(consent.subject_ref), "consent": str(consent.public_id),
                             "recipient": str(recipient.public_id), "recipient_category": recipient.category,
                             "categories": categories})
        deliver()
    return disclosure


def _delivery(*, kind: str, consent: Consent, shared: dict) -> Callable[[], None]:
    """Prepare the delivery (refusing before anything is written), return the act."""
    recipient = consent.recipient
    if recipient.organisation_id:
        org_key = OrganisationKey.objects.filter(organisation=recipient.organisation).first()
        handler = _RECEIVERS.get(kind)
        if org_key is None or handler is None:
            raise DisclosureRefused(_("This partner cannot receive sealed referrals yet."))
        public_key = bytes(org_key.public_key)

        def to_partner():
            handler(recipient_organisation=recipient.organisation, shared=shared,
                    seal=lambda content: crypto.seal_record(public_key, content),
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


def deliver_to_her(*, acting_user: User, organisation, to: str, subject: str, body: str, purpose: str,
                   subject_ref) -> None:
    """Send a message a woman asked for to her own address (a workshop reminder, a place
    offered): no third party receives anything, so no consent is needed, but it still
    leaves Harbour, so it leaves here. The acting member must belong to `organisation`;
    the audit entry names the purpose and the record, never the address. Sent after commit.
    """
    if not memberships_of(acting_user).filter(organisation=organisation).exists():
        raise DisclosureRefused(_("You may not send messages for this organisation."))
    audit_append(action="firewall.deliver_to_her", actor=acting_user, organisation=organisation,
                 subject=str(subject_ref), detail={"purpose": purpose})
    transaction.on_commit(lambda: deliver_mail(to=to, subject=subject, body=body, purpose=purpose))
