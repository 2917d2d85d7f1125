"""Key services (F5): personal keys, organisation keys, grants, recovery.

Writes follow the house pattern: keyword-only, atomic, audited. Secrets passed in
(passwords, unwrapped private keys) are used and dropped; only wrapped or sealed forms
are stored.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from nacl.public import PrivateKey

from harbour.accounts.access import memberships_of
from harbour.accounts.models import Membership, Organisation, User
from harbour.core.audit import audit_append
from harbour.core.models import AuditEntry
from harbour.firewall import crypto
from harbour.firewall.models import KeyGrant, MemberKey, OrganisationKey

# Roles that read sealed content, and so hold a copy of the organisation's key.
KEY_HOLDER_ROLES = (Membership.Role.ADMIN, Membership.Role.CASEWORKER)


def _wrap_personal(private_key: PrivateKey, password: str) -> dict:
    salt = crypto.new_salt()
    limits = crypto.kdf_limits()
    wrapped = crypto.wrap(crypto.derive_key(password, salt, limits), bytes(private_key))
    return {"wrapped_private_key": wrapped, "salt": salt, "opslimit": limits.opslimit,
            "memlimit": limits.memlimit}


def _unwrap_personal(member_key: MemberKey, password: str) -> PrivateKey:
    limits = crypto.KdfLimits(member_key.opslimit, member_key.memlimit)
    key = crypto.derive_key(password, bytes(member_key.salt), limits)
    return PrivateKey(crypto.unwrap(key, member_key.wrapped_private_key))


def member_key_unlock(*, user: User, password: str) -> PrivateKey:
    """Her personal private key, creating her key pair on first use."""
    member_key = MemberKey.objects.filter(user=user).first()
    if member_key is not None:
        private_key = _unwrap_personal(member_key, password)
        if crypto.is_weaker(crypto.KdfLimits(member_key.opslimit, member_key.memlimit), crypto.kdf_limits()):
            # Wrapped before the limits were raised: re-wrap now that her password is here.
            with transaction.atomic():
                for field, value in _wrap_personal(private_key, password).items():
                    setattr(member_key, field, value)
                member_key.save()
                audit_append(action="firewall.member_key.strengthen", actor=user, subject=member_key)
        return private_key
    private_key = crypto.new_key_pair()
    with transaction.atomic():
        member_key = MemberKey(user=user, public_key=bytes(private_key.public_key),
                               **_wrap_personal(private_key, password))
        member_key.full_clean()
        member_key.save()
        audit_append(action="firewall.member_key.create", actor=user, subject=member_key,
                     detail={"fingerprint": crypto.fingerprint(member_key.public_key)})
    return private_key


def member_key_rewrap(*, user: User, old_password: str, new_password: str) -> None:
    """After a password change: the same key pair, wrapped under the new password."""
    member_key = MemberKey.objects.filter(user=user).first()
    if member_key is None:
        member_key_unlock(user=user, password=new_password)
        return
    try:
        private_key = _unwrap_personal(member_key, old_password)
    except crypto.CryptoError:
        member_key_replace_after_reset(user=user, new_password=new_password)
        return
    with transaction.atomic():
        for field, value in _wrap_personal(private_key, new_password).items():
            setattr(member_key, field, value)
        member_key.save()
        audit_append(action="firewall.member_key.rewrap", actor=user, subject=member_key)


def member_key_replace_after_reset(*, user: User, new_password: str) -> None:
    """After a reset by e-mail her old key cannot be opened: a new pair, no grants. An
    admin must grant her organisations' keys again."""
    private_key = crypto.new_key_pair()
    with transaction.atomic():
        dropped = KeyGrant.objects.filter(user=user).delete()[0]
        member_key = MemberKey.objects.filter(user=user).first() or MemberKey(user=user)
        member_key.public_key = bytes(private_key.public_key)
        for field, value in _wrap_personal(private_key, new_password).items():
            setattr(member_key, field, value)
        member_key.replaced_after_reset_on = timezone.localdate()
        member_key.full_clean()
        member_key.save()
        audit_append(action="firewall.member_key.reset", actor=user, subject=member_key,
                     detail={"grants_dropped": dropped, "fingerprint": crypto.fingerprint(member_key.public_key)})


def organisation_keys_for(*, user: User, personal_key: PrivateKey) -> dict[str, PrivateKey]:
    """Every organisation private key sealed to her, for organisations she still belongs to."""
    active_orgs = memberships_of(user).filter(role__in=KEY_HOLDER_ROLES).values("organisation_id")
    grants = KeyGrant.objects.filter(user=user, organisation_key__organisation_id__in=active_orgs)
    keys = {}
    for grant in grants.select_related("organisation_key__organisation"):
        try:
            secret = crypto.unseal(personal_key, grant.sealed_private_key)
        except crypto.CryptoError:
            continue
        keys[str(grant.organisation_key.organisation.public_id)] = PrivateKey(secret)
    return keys


def _is_admin(user: User, organisation: Organisation) -> bool:
    return memberships_of(user).filter(organisation=organisation, role=Membership.Role.ADMIN).exists()


def organisation_key_create(*, acting_user: User, organisation: Organisation) -> tuple[PrivateKey, str]:
    """Set up an organisation's key pair. Returns its private key (for the admin's session)
    and the recovery key, which is shown once and never stored."""
    if not _is_admin(acting_user, organisation):
        raise PermissionDenied
    member_key = MemberKey.objects.filter(user=acting_user).first()
    if member_key is None:
        raise ValidationError(_("Log out and in again first: your personal key is made at login."))
    private_key = crypto.new_key_pair()
    recovery_key = crypto.new_secret_key()
    with transaction.atomic():
        if OrganisationKey.objects.select_for_update().filter(organisation=organisation).exists():
            raise ValidationError(_("This organisation's key is already set up."))
        org_key = OrganisationKey(
            organisation=organisation, public_key=bytes(private_key.public_key),
            recovery_wrapped_private_key=crypto.wrap(recovery_key, bytes(private_key)),
            created_by=acting_user,
        )
        org_key.full_clean()
        org_key.save()
        audit_append(action="firewall.org_key.create", actor=acting_user, organisation=organisation,
                     subject=org_key, detail={"fingerprint": crypto.fingerprint(org_key.public_key)})
        _grant(acting_user=acting_user, org_key=org_key, user=acting_user, private_key=private_key)
    return private_key, crypto.format_recovery_key(recovery_key)


def _grant(*, acting_user: User, org_key: OrganisationKey, user: User, private_key: PrivateKey) -> KeyGrant:
    member_key = MemberKey.objects.get(user=user)
    public_key = verified_public_key(member_key, organisation=org_key.organisation)
    grant, _created = KeyGrant.objects.update_or_create(
        organisation_key=org_key, user=user,
        defaults={"sealed_private_key": crypto.seal_to(public_key, bytes(private_key)),
                  "granted_by": acting_user},
    )
    audit_append(action="firewall.key_grant.create", actor=acting_user,
                 organisation=org_key.organisation, subject=grant, detail={"member": str(user.public_id)})
    return grant


def key_grant_create(*, acting_user: User, membership: Membership, private_key: PrivateKey) -> KeyGrant:
    """An admin, with the organisation's key unlocked, gives a member her own sealed copy.
    No password of hers is needed: it is sealed to her personal public key."""
    organisation = membership.organisation
    if not _is_admin(acting_user, organisation):
        raise PermissionDenied
    if not membership.is_active or membership.role not in KEY_HOLDER_ROLES:
        raise ValidationError(_("Only active admins and caseworkers hold the organisation's key."))
    if not MemberKey.objects.filter(user=membership.user).exists():
        raise ValidationError(_("She has not logged in since sealing was set up. Grant access after her next login."))
    with transaction.atomic():
        org_key = OrganisationKey.objects.get(organisation=organisation)
        if bytes(private_key.public_key) != bytes(org_key.public_key):
            raise ValidationError(_("That key does not belong to this organisation."))
        return _grant(acting_user=acting_user, org_key=org_key, user=membership.user, private_key=private_key)


def key_grant_remove(*, acting_user: User | None, membership: Membership) -> int:
    with transaction.atomic():
        removed = KeyGrant.objects.filter(organisation_key__organisation=membership.organisation,
                                          user=membership.user).delete()[0]
        if removed:
            audit_append(action="firewall.key_grant.remove", actor=acting_user,
                         organisation=membership.organisation, subject=membership)
    return removed


def organisation_key_recover(*, acting_user: User, organisation: Organisation, recovery_key: str) -> PrivateKey:
    """An admin opens the organisation's key with the recovery key (e.g. after every key
    holder reset her password) and receives a fresh grant."""
    if not _is_admin(acting_user, organisation):
        raise PermissionDenied
    org_key = OrganisationKey.objects.filter(organisation=organisation).first()
    if org_key is None:
        raise ValidationError(_("This organisation's key is not set up yet."))
    if not MemberKey.objects.filter(user=acting_user).exists():
        raise ValidationError(_("Log out and in again first: your personal key is made at login."))
    try:
        secret = crypto.unwrap(crypto.parse_recovery_key(recovery_key), org_key.recovery_wrapped_private_key)
    except crypto.CryptoError:
        raise ValidationError(_("That recovery key does not open this organisation's key.")) from None
    private_key = PrivateKey(secret)
    with transaction.atomic():
        audit_append(action="firewall.org_key.recover", actor=acting_user, organisation=organisation,
                     subject=org_key)
        _grant(acting_user=acting_user, org_key=org_key, user=acting_user, private_key=private_key)
    return private_key


def public_key_of(organisation: Organisation) -> bytes | None:
    """The organisation's public key to seal to, checked against the fingerprint the audit
    chain recorded for it (raises KeySubstitution if it was replaced); None if not set up."""
    org_key = OrganisationKey.objects.filter(organisation=organisation).first()
    return verified_public_key(org_key, organisation=organisation) if org_key else None


# Audit actions that record a public key's fingerprint when the key is made.
KEY_ATTESTING_ACTIONS = ("firewall.org_key.create", "firewall.org_key.rotate", "firewall.member_key.create",
                         "firewall.member_key.reset", "firewall.key.attest")


class KeySubstitution(crypto.CryptoError):
    """A stored public key is not the one the audit chain recorded: someone with write
    access to the database replaced it (to have new records sealed to their own key)."""


def attested_fingerprint(key_row) -> str | None:
    """The fingerprint the audit chain last recorded for this key row (an OrganisationKey or
    MemberKey), or None if it predates fingerprints."""
    entry = (AuditEntry.objects.filter(subject=str(key_row.public_id), action__in=KEY_ATTESTING_ACTIONS)
             .order_by("-seq").values_list("detail", flat=True).first())
    return (entry or {}).get("fingerprint") if entry is not None else None


def verified_public_key(key_row, *, organisation: Organisation | None = None) -> bytes:
    """`key_row.public_key`, after checking its fingerprint against the audit chain.

    A key made before fingerprints were recorded is attested on first use (trust on first
    use, audited as firewall.key.attest). A mismatch is an alarm: audited as
    firewall.key.mismatch (shown to the organisation's admins) and KeySubstitution raised,
    so nothing is sealed to the substituted key."""
    public_key = bytes(key_row.public_key)
    found = crypto.fingerprint(public_key)
    attested = attested_fingerprint(key_row)
    if attested is None:
        with transaction.atomic():
            audit_append(action="firewall.key.attest", organisation=organisation, subject=key_row,
                         detail={"fingerprint": found, "first_use": True})
        return public_key
    if attested != found:
        with transaction.atomic():
            audit_append(action="firewall.key.mismatch", organisation=organisation, subject=key_row,
                         detail={"recorded": attested, "found": found})
        raise KeySubstitution("this public key is not the one the audit chain recorded")
    return public_key
