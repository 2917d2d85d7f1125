"""Recipients and consent (F3, F4): keyword-only, atomic, audited writes."""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from harbour.accounts.access import memberships_of
from harbour.accounts.models import Membership, Organisation, User
from harbour.core.audit import audit_append
from harbour.firewall import crypto, keys, policy
from harbour.firewall.models import Consent, Disclosure, Recipient

MAX_CONSENT_DAYS = 366


def _require_role(user: User | None, organisation: Organisation, roles) -> None:
    if user is None or not memberships_of(user).filter(organisation=organisation, role__in=roles).exists():
        raise PermissionDenied


def recipient_register(*, acting_user: User, organisation: Organisation, name: str, category: str,
                       partner: Organisation | None = None, email: str = "") -> Recipient:
    """Register a recipient. Refused for immigration enforcement, whoever asks."""
    _require_role(acting_user, organisation, [Membership.Role.ADMIN])
    with transaction.atomic():
        recipient = Recipient(registered_by=organisation, name=name.strip(), category=category,
                              organisation=partner, email=email.strip().lower())
        recipient.full_clean()
        recipient.save()
        audit_append(action="firewall.recipient.register", actor=acting_user, organisation=organisation,
                     subject=recipient, detail={"category": category,
                                                "partner": str(partner.public_id) if partner else ""})
    return recipient


def consent_record(*, acting_user: User, organisation: Organisation, subject_ref, recipient: Recipient | None,
                   categories: list[str], purpose: str, expires_on: datetime.date, method: str,
                   language: str, interpreter: str = "") -> Consent:
    """Record what she agreed to. Categories the recipient's category may never receive
    are refused here, and the gate checks again at share time."""
    _require_role(acting_user, organisation, [Membership.Role.ADMIN, Membership.Role.CASEWORKER])
    if recipient is None or recipient.registered_by_id != organisation.pk or not recipient.is_active:
        raise ValidationError({"recipient": _("Choose a recipient your organisation has registered.")})
    categories = sorted(set(categories))
    if not categories or not set(categories) <= set(policy.CATEGORIES):
        raise ValidationError({"categories": _("Choose at least one kind of information.")})
    not_allowed = set(categories) - policy.allowed_for(recipient.category)
    if not_allowed:
        raise ValidationError({"categories": _("This recipient may not receive: %(kinds)s.") % {
            "kinds": ", ".join(str(policy.CATEGORY_LABELS[c]) for c in sorted(not_allowed))}})
    today = timezone.localdate()
    if expires_on < today or expires_on > today + datetime.timedelta(days=MAX_CONSENT_DAYS):
        raise ValidationError({"expires_on": _("Choose an end date from today to one year ahead.")})
    public_key = keys.public_key_of(organisation)
    if public_key is None:
        raise ValidationError(_("Set up your organisation's key first."))
    consent = Consent(
        organisation=organisation, subject_ref=subject_ref, recipient=recipient, categories=categories,
        purpose=purpose, expires_on=expires_on, method=method, language=language, recorded_by=acting_user,
    )
    if interpreter.strip():
        consent.sealed_content, consent.sealed_key = crypto.seal_record(
            public_key, {"interpreter": interpreter.strip()}, context=crypto.context_of(consent))
    with transaction.atomic():
        consent.full_clean()
        consent.save()
        audit_append(action="firewall.consent.record", actor=acting_user, organisation=organisation,
                     subject=consent, detail={"record": str(subject_ref), "recipient": str(recipient.public_id),
                                              "categories": categories, "purpose": purpose,
                                              "expires_on": expires_on.isoformat(), "method": method,
                                              "language": language, "interpreted": bool(interpreter.strip())})
    return consent


def consent_revoke(*, acting_user: User | None, consent: Consent, by_survivor: bool = False) -> Consent:
    """Revoke: no further share under this consent. By her (status code) or by staff."""
    if not by_survivor:
        _require_role(acting_user, consent.organisation, [Membership.Role.ADMIN, Membership.Role.CASEWORKER])
    with transaction.atomic():
        consent = Consent.objects.select_for_update().get(pk=consent.pk)
        if consent.revoked_on is None:
            consent.revoked_on = timezone.localdate()
            consent.save(update_fields=["revoked_on", "updated_at"])
            audit_append(action="firewall.consent.revoke", actor=acting_user if not by_survivor else "survivor",
                         organisation=consent.organisation, subject=consent,
                         detail={"record": str(consent.subject_ref)})
    return consent


def subject_erase(*, acting_user, organisation: Organisation, subject_ref) -> None:
    """Remove consents and disclosures about an erased record (the audit chain keeps its
    pseudonymous entries and stays valid)."""
    with transaction.atomic():
        Disclosure.objects.filter(organisation=organisation, subject_ref=subject_ref).delete()
        Consent.objects.filter(organisation=organisation, subject_ref=subject_ref).delete()



# Audit actions that are alarms: shown to the organisation's admins on the firewall page.
ALARM_ACTIONS = ("firewall.unseal.failed", "firewall.key.mismatch")


def unseal_failure_record(*, acting_user: User | None, organisation: Organisation, subject) -> None:
    """A sealed record her organisation's key should open did not open: it was tampered
    with, moved from another row, or sealed to a substituted key. Recorded as an alarm in
    the audit chain (its own transaction, so it stays even if the caller's rolls back
    later), never passed over as "locked"."""
    with transaction.atomic():
        audit_append(action="firewall.unseal.failed", actor=acting_user, organisation=organisation,
                     subject=subject)
