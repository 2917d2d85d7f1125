"""Key rotation (F5): replace an organisation's key pair after a server compromise or when a
key holder leaves with a copy.

1. `organisation_key_rotation_start`: an admin with the current key open makes a new pair;
   its private half is kept only wrapped under a new recovery key, shown to her once; its
   fingerprint goes into the audit chain.
2. `organisation_key_rotation_step`: re-seals the data keys of up to `batch_size` records
   from the old key to the new, in its own transaction, audited; it resumes where the last
   step stopped (`KeyRotation.progress`), so a large organisation rotates over many
   requests or sessions. Records created meanwhile are sealed to the old key and are
   picked up by later steps.
3. `organisation_key_rotation_finish`: with the new recovery key typed back (she proves she
   kept it), a last pass re-seals what remains, the organisation's key becomes the new one,
   every grant of the old private key and its recovery-wrapped copy are deleted (the old key
   is destroyed: nothing in Harbour holds it any more), and the admin receives a grant of the
   new key. Other holders need a new grant from her, as after a password reset.

Apps register the models whose rows they seal to an organisation's key
(`register_sealed_model`); a model with sealed columns that is not registered makes
`start` refuse, so no record is left sealed to a destroyed key.
"""

from django.apps import apps
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from nacl.public import PrivateKey

from harbour.accounts.models import Organisation, User
from harbour.core.audit import audit_append
from harbour.firewall import crypto, keys, services
from harbour.firewall.models import KeyGrant, KeyRotation, OrganisationKey

# model label -> lookup from that model to the Organisation whose key seals it
_SEALED: dict[str, str] = {}
FINISH_BATCH = 5000


def register_sealed_model(label: str, organisation_lookup: str) -> None:
    """Declare that rows of `label` ("help.HelpRequest") hold `sealed_content`/`sealed_key`
    sealed to the key of the organisation reached by `organisation_lookup` ("organisation",
    "request__organisation")."""
    _SEALED[label] = organisation_lookup


def unregistered_sealed_models() -> list[str]:
    """Models with sealed columns that no app registered (rotation refuses while any exist)."""
    found = []
    for model in apps.get_models():
        names = {f.name for f in model._meta.concrete_fields}
        if {"sealed_content", "sealed_key"} <= names and model._meta.label not in _SEALED:
            found.append(model._meta.label)
    return sorted(found)


def _admin_with_key(acting_user: User, organisation: Organisation, private_key: PrivateKey) -> OrganisationKey:
    if not keys._is_admin(acting_user, organisation):
        raise PermissionDenied
    org_key = OrganisationKey.objects.select_for_update().filter(organisation=organisation).first()
    if org_key is None:
        raise ValidationError(_("This organisation's key is not set up yet."))
    if bytes(private_key.public_key) != keys.verified_public_key(org_key, organisation=organisation):
        raise ValidationError(_("That key does not belong to this organisation."))
    return org_key


def _open_rotation(organisation: Organisation) -> KeyRotation:
    rotation = KeyRotation.objects.select_for_update().filter(organisation=organisation,
                                                              finished_at__isnull=True).first()
    if rotation is None:
        raise ValidationError(_("No key rotation is in progress for this organisation."))
    return rotation


def organisation_key_rotation_start(*, acting_user: User, organisation: Organisation,
                                    private_key: PrivateKey) -> tuple[KeyRotation, str]:
    """Begin a rotation. `private_key` is the current organisation key (from her keyring).
    Returns the rotation and the new recovery key, shown once and never stored. Raises
    PermissionDenied for anyone but an admin, ValidationError if a rotation is already
    open, the key is wrong, or a sealed model is not registered."""
    unregistered = unregistered_sealed_models()
    if unregistered:
        raise ValidationError(_("Some sealed records cannot be rotated yet: %(models)s.")
                              % {"models": ", ".join(unregistered)})
    with transaction.atomic():
        _admin_with_key(acting_user, organisation, private_key)
        if KeyRotation.objects.filter(organisation=organisation, finished_at__isnull=True).exists():
            raise ValidationError(_("A key rotation is already in progress for this organisation."))
        new_key, recovery_key = crypto.new_key_pair(), crypto.new_secret_key()
        rotation = KeyRotation(organisation=organisation, new_public_key=bytes(new_key.public_key),
                               new_recovery_wrapped_private_key=crypto.wrap(recovery_key, bytes(new_key)),
                               started_by=acting_user)
        rotation.full_clean()
        rotation.save()
        audit_append(action="firewall.org_key.rotation.start", actor=acting_user, organisation=organisation,
                     subject=rotation, detail={"fingerprint": crypto.fingerprint(rotation.new_public_key)})
    return rotation, crypto.format_recovery_key(recovery_key)


def _reseal_batch(*, acting_user, organisation, rotation: KeyRotation, private_key: PrivateKey,
                  batch_size: int) -> tuple[int, bool]:
    """Re-seal up to batch_size data keys; return (how many, whether none remain)."""
    new_public_key = bytes(rotation.new_public_key)
    remaining, count = batch_size, 0
    for label, lookup in sorted(_SEALED.items()):
        if remaining <= 0:
            return count, False
        model = apps.get_model(label)
        rows = (model._base_manager.filter(**{lookup: organisation}).exclude(sealed_key__isnull=True)
                .exclude(sealed_key=b"").order_by("pk"))
        after = rotation.progress.get(label)
        if after is not None:
            rows = rows.filter(pk__gt=after)
        batch = list(rows.values_list("pk", "sealed_key")[:remaining + 1])
        todo = batch[:remaining]
        for pk, sealed_key in todo:
            try:
                data_key = crypto.unseal(private_key, sealed_key)
            except crypto.CryptoError:
                # Tampered, or not sealed to this key: an alarm; it stays as it is.
                services.unseal_failure_record(acting_user=acting_user, organisation=organisation,
                                               subject=f"{label}:{pk}")
            else:
                model._base_manager.filter(pk=pk).update(sealed_key=crypto.seal_to(new_public_key, data_key))
                count += 1
            rotation.progress[label] = str(pk)
        remaining -= len(todo)
        if len(batch) > len(todo):
            return count, False
    return count, True


def organisation_key_rotation_step(*, acting_user: User, organisation: Organisation, private_key: PrivateKey,
                                   batch_size: int = 500) -> dict:
    """Re-seal the next `batch_size` records' data keys to the new key; audited. Returns
    {"resealed": int (this step), "total": int, "done": bool (nothing left to re-seal)}."""
    with transaction.atomic():
        _admin_with_key(acting_user, organisation, private_key)
        rotation = _open_rotation(organisation)
        count, done = _reseal_batch(acting_user=acting_user, organisation=organisation, rotation=rotation,
                                    private_key=private_key, batch_size=batch_size)
        rotation.resealed += count
        rotation.save(update_fields=["progress", "resealed", "updated_at"])
        audit_append(action="firewall.org_key.rotation.step", actor=acting_user, organisation=organisation,
                     subject=rotation, detail={"resealed": count, "done": done})
    return {"resealed": count, "total": rotation.resealed, "done": done}


def organisation_key_rotation_finish(*, acting_user: User, organisation: Organisation, private_key: PrivateKey,
                                     recovery_key: str) -> PrivateKey:
    """Make the new key the organisation's, destroy the old one and grant the new one to the
    acting admin; return the new private key (for her keyring). `recovery_key` is the new
    recovery key shown at the start. Raises ValidationError if it is wrong or if more than
    FINISH_BATCH records remain (continue with steps first); nothing changes then."""
    with transaction.atomic():
        org_key = _admin_with_key(acting_user, organisation, private_key)
        rotation = _open_rotation(organisation)
        try:
            secret = crypto.unwrap(crypto.parse_recovery_key(recovery_key), rotation.new_recovery_wrapped_private_key)
        except crypto.CryptoError:
            raise ValidationError(_("That is not the new recovery key shown when the rotation started.")) from None
        new_key = PrivateKey(secret)
        count, done = _reseal_batch(acting_user=acting_user, organisation=organisation, rotation=rotation,
                                    private_key=private_key, batch_size=FINISH_BATCH)
        if not done:
            transaction.set_rollback(True)
            raise ValidationError(_("Records remain to be re-sealed: continue the rotation first."))
        previous = crypto.fingerprint(org_key.public_key)
        destroyed = KeyGrant.objects.filter(organisation_key=org_key).delete()[0]
        org_key.public_key = bytes(rotation.new_public_key)
        org_key.recovery_wrapped_private_key = bytes(rotation.new_recovery_wrapped_private_key)
        org_key.save()
        rotation.resealed += count
        rotation.finished_at = timezone.now()
        rotation.new_recovery_wrapped_private_key = b""
        rotation.save()
        audit_append(action="firewall.org_key.rotate", actor=acting_user, organisation=organisation,
                     subject=org_key, detail={"fingerprint": crypto.fingerprint(org_key.public_key),
                                              "previous": previous, "resealed": rotation.resealed,
                                              "grants_destroyed": destroyed})
        keys._grant(acting_user=acting_user, org_key=org_key, user=acting_user, private_key=new_key)
    return new_key
