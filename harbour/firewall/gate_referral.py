"""The gate for referrals (F2, F4): a referral's consent and its disclosure in one step.

A referral-only intake is made by a community worker at the referring organisation, who
holds no key and keeps nothing of what the woman said (issue 15 item 2). Her consent is
recorded here exactly as `firewall.services.consent_record` records it (recipient,
categories, purpose, expiry, how, language, interpreter), then what she agreed to share
goes out through the gate's own delivery (`gate._delivery`: re-sealed to the receiving
organisation's key, filed by the receiver registered for `kind`). The only difference from
`gate.disclose` is who may act: community workers, whose job referring is, may too.

Every refusal raises gate.DisclosureRefused before anything is written.
"""

import datetime
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from harbour.accounts.access import memberships_of
from harbour.accounts.models import Membership, Organisation, User
from harbour.core.audit import audit_append
from harbour.firewall import crypto, gate, keys, policy
from harbour.firewall.models import Consent, Disclosure, Recipient
from harbour.firewall.services import MAX_CONSENT_DAYS

REFERRING_ROLES = (Membership.Role.ADMIN, Membership.Role.CASEWORKER, Membership.Role.COMMUNITY_WORKER)
# A referral is for support: these kinds of recipient may receive one. Police, other
# statutory bodies and community groups may not (the police have their own, intelligence-
# only route, F4).
REFERRAL_RECIPIENT_CATEGORIES = frozenset({"specialist_support", "legal_adviser", "health", "housing"})


@dataclass(frozen=True)
class ConsentTerms:
    """What she agreed to, as firewall.models.Consent records it. `interpreter` is sealed."""

    categories: tuple[str, ...]
    purpose: str
    expires_on: datetime.date
    method: str
    language: str
    interpreter: str = ""


def check_recipient(*, holder: Organisation, recipient: Recipient | None) -> bytes:
    """Refuse a recipient that may not receive a referral; return the receiving
    organisation's verified public key. Raises gate.DisclosureRefused."""
    if recipient is None or not recipient.is_active or recipient.registered_by_id != holder.pk:
        raise gate.DisclosureRefused(_("This recipient is not registered by your organisation."))
    if recipient.category not in policy.ALLOWED or policy.refusal_reason(
        name=recipient.name, email=recipient.email,
        organisation_name=recipient.organisation.name if recipient.organisation_id else "",
    ):
        raise gate.DisclosureRefused(_("Harbour never shares with immigration enforcement."))
    if recipient.category not in REFERRAL_RECIPIENT_CATEGORIES:
        raise gate.DisclosureRefused(_("A referral can go only to a specialist support service, a legal "
                                       "adviser, a health service or a housing provider."))
    if recipient.organisation_id is None:
        raise gate.DisclosureRefused(_("This recipient is not on Harbour: a referral-only intake can go only "
                                       "to a partner organisation on Harbour."))
    try:
        public_key = keys.public_key_of(recipient.organisation)
    except keys.KeySubstitution:
        raise gate.DisclosureRefused(_("This partner's key does not match the one on record. Nothing was "
                                       "shared; tell an admin.")) from None
    if public_key is None:
        raise gate.DisclosureRefused(_("This partner has no key yet, so nothing can be sealed for it. Nothing "
                                       "was stored."))
    return public_key


def referral_disclose(*, acting_user: User, holder: Organisation, recipient: Recipient, terms: ConsentTerms,
                      kind: str, subject_ref, payload: dict) -> Disclosure:
    """Record her consent to this referral and share `payload` (category -> content) under it.

    Only categories that the consent names and the recipient's category may receive leave.
    Returns the Disclosure (its `consent` is the new Consent). Raises gate.DisclosureRefused
    (nothing written) for a member without a referring role, a refused recipient (see
    check_recipient), no category, or an expiry outside today to one year ahead (the
    rule of firewall.services.MAX_CONSENT_DAYS).
    """
    if not memberships_of(acting_user).filter(organisation=holder, role__in=REFERRING_ROLES).exists():
        raise gate.DisclosureRefused(_("You may not refer for this organisation."))
    check_recipient(holder=holder, recipient=recipient)
    categories = sorted(set(terms.categories))
    if not categories or not set(categories) <= set(policy.CATEGORIES):
        raise gate.DisclosureRefused(_("Choose at least one kind of information."))
    today = timezone.localdate()
    if terms.expires_on < today:
        raise gate.DisclosureRefused(_("This consent has ended. Ask her again before sharing."))
    if terms.expires_on > today + datetime.timedelta(days=MAX_CONSENT_DAYS):
        raise gate.DisclosureRefused(_("Choose an end date from today to one year ahead."))
    shared_categories = gate.shareable_categories(recipient_category=recipient.category, consented=categories,
                                                  available=list(payload))
    if not shared_categories:
        raise gate.DisclosureRefused(_("Nothing this consent covers may go to this recipient."))
    with transaction.atomic():
        consent = Consent(organisation=holder, subject_ref=subject_ref, recipient=recipient, categories=categories,
                          purpose=terms.purpose, expires_on=terms.expires_on, method=terms.method,
                          language=terms.language, recorded_by=acting_user)
        if terms.interpreter.strip():
            # The interpreter's name is the holder's record (as in consent_record), sealed to its key.
            holder_key = keys.public_key_of(holder)
            if holder_key is None:
                raise gate.DisclosureRefused(_("Set up your organisation's key first to record an interpreter."))
            consent.sealed_content, consent.sealed_key = crypto.seal_record(
                holder_key, {"interpreter": terms.interpreter.strip()}, context=crypto.context_of(consent))
        consent.full_clean()
        consent.save()
        audit_append(action="firewall.consent.record", actor=acting_user, organisation=holder, subject=consent,
                     detail={"record": str(subject_ref), "recipient": str(recipient.public_id),
                             "categories": categories, "purpose": terms.purpose,
                             "expires_on": terms.expires_on.isoformat(), "method": terms.method,
                             "language": terms.language, "interpreted": bool(terms.interpreter.strip())})
        shared = {category: payload[category] for category in shared_categories}
        deliver = gate._delivery(kind=kind, consent=consent, shared=shared)
        disclosure = Disclosure(organisation=holder, subject_ref=subject_ref, consent=consent, recipient=recipient,
                                categories=shared_categories, disclosed_on=today, disclosed_by=acting_user)
        disclosure.full_clean()
        disclosure.save()
        audit_append(action="firewall.disclose", actor=acting_user, organisation=holder, subject=disclosure,
                     detail={"record": str(subject_ref), "consent": str(consent.public_id),
                             "recipient": str(recipient.public_id), "recipient_category": recipient.category,
                             "categories": shared_categories})
        deliver()
    return disclosure
