"""Writes for the directory: keyword-only, taking acting_user, atomic, audited in the same
transaction. Audit entries carry ids and field names only, never the text."""

from datetime import timedelta

from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _
from nacl.public import PrivateKey

from harbour.accounts.access import memberships_of
from harbour.accounts.models import Network
from harbour.core.audit import audit_append
from harbour.core.languages import canonical_case
from harbour.core.storage import forget_plaintext
from harbour.directory import sealing
from harbour.directory.indexing import reindex_service
from harbour.directory.models import (
    SEALED_ADDRESS_FIELDS,
    SEALED_LOCATION_FIELDS,
    Address,
    Claim,
    Location,
    Metadata,
    Organization,
    ReviewState,
    Service,
    ServiceAtLocation,
    Translation,
    VerificationMethod,
)
from harbour.firewall import keys

EDITABLE_FIELDS = (
    "name", "alternate_name", "description", "status", "url", "email", "interpretation_services",
    "eligibility_description", "application_process", "fees_description", "alert",
)


def _owner(service: Service):
    return service.organization.owner if service.organization_id and service.organization else None


def service_update(*, acting_user, service: Service, changes: dict) -> list[str]:
    """Edit a service's own fields. Editing is not verifying: freshness is left alone."""
    changed = [f for f in EDITABLE_FIELDS if f in changes and getattr(service, f) != changes[f]]
    if not changed:
        return []
    with transaction.atomic():
        for name in changed:
            setattr(service, name, changes[name])
        service.last_modified = timezone.now()
        service.full_clean()
        service.save()
        reindex_service(service)
        audit_append(action="directory.service.update", actor=acting_user, organisation=_owner(service),
                     subject=str(service.pk), detail={"fields": changed})
    return changed


def service_verify(*, acting_user, service: Service, method: str) -> None:
    """Record that a person checked the whole record, and how (HSDS assured_date, and a
    metadata row appended to the service's list). Two checks at once each get their own
    position: the service row is locked while the next position is taken. Raises
    ValidationError (nothing saved) if `method` is not a VerificationMethod."""
    if method not in VerificationMethod.values:
        raise ValidationError({"method": _("Choose how the record was checked.")})
    now = timezone.now()
    with transaction.atomic():
        service = Service.objects.select_for_update().get(pk=service.pk)
        service.last_verified_at = now
        service.last_verified_method = method
        service.assured_date = now.date().isoformat()
        service.full_clean()
        service.save(update_fields=["last_verified_at", "last_verified_method", "assured_date"])
        last = Metadata.objects.filter(resource_id=service.pk).aggregate(last=Max("position"))["last"]
        row = Metadata(
            resource_id=service.pk, resource_type="service", last_action_date=now.date().isoformat(),
            last_action_type="verified", field_name="assured_date", previous_value="",
            replacement_value=now.date().isoformat(), updated_by=f"harbour:{method}",
            position=0 if last is None else last + 1)
        row.full_clean()
        row.save(force_insert=True)
        audit_append(action="directory.service.verify", actor=acting_user, organisation=_owner(service),
                     subject=str(service.pk), detail={"method": method})


def acting_membership(acting_user, service: Service):
    """The membership through which `acting_user` verifies `service`: hers in an organisation
    of a network she coordinates that holds the service's owner (the first by name if there
    are several); else her only membership; None if she has several and none is in such a
    network (the organisation she acts for cannot be told, so none is named)."""
    owner = _owner(service)
    memberships = memberships_of(acting_user).select_related("organisation")
    if owner is not None:
        networks = Network.objects.filter(coordinators=acting_user, organisations=owner)
        in_network = memberships.filter(organisation__networks__in=networks).order_by("organisation__name", "pk")
        if in_network.exists():
            return in_network.first()
    only = list(memberships[:2])
    return only[0] if len(only) == 1 else None


def claim_verify(*, acting_user, service: Service, kind: str, method: str, valid_days: int) -> Claim:
    """A coordinator confirms a claim; it holds for `valid_days`, then lapses. The claim
    records the organisation she acts for here (`acting_membership`), not any other of hers."""
    now = timezone.now()
    membership = acting_membership(acting_user, service)
    with transaction.atomic():
        claim = Claim.objects.filter(service=service, kind=kind).first() or Claim(service=service, kind=kind)
        claim.method = method
        claim.verified_at = now
        claim.lapses_at = now + timedelta(days=valid_days)
        claim.verified_by = acting_user
        claim.verified_by_organisation = membership.organisation if membership else None
        claim.full_clean()
        claim.save()
        audit_append(action="directory.claim.verify", actor=acting_user, organisation=_owner(service),
                     subject=str(service.pk),
                     detail={"claim": kind, "method": method, "lapses_on": claim.lapses_at.date().isoformat()})
    return claim


def claim_withdraw(*, acting_user, service: Service, kind: str) -> bool:
    with transaction.atomic():
        deleted, _ = Claim.objects.filter(service=service, kind=kind).delete()
        if deleted:
            audit_append(action="directory.claim.withdraw", actor=acting_user,
                         organisation=_owner(service), subject=str(service.pk), detail={"claim": kind})
    return bool(deleted)


class TranslationExists(Exception):
    """translation_set() was asked to write a language the service has a translation in,
    without naming that translation as the one to replace (staff have not seen it). Holds
    `translation`, as it is now, and its `version` to pass back once she has confirmed."""

    def __init__(self, translation: Translation):
        super().__init__(translation.language)
        self.translation = translation
        self.version = translation_version(translation)


def translation_version(translation: Translation) -> str:
    """What names one state of a translation for translation_set(replacing=...): changed by
    every save."""
    return translation.updated_at.isoformat()


def translation_set(*, acting_user, service: Service, language: str, name: str, description: str,
                    review_state: str = ReviewState.DRAFT, replacing: str | None = None) -> Translation:
    """Save the service's name and description in `language`, stored in the canonical case of
    RFC 5646 section 2.1.1 (core.languages.canonical_case: "pt-br" is saved as "pt-BR").

    A language is one translation in any case: one the service has already ("pt-br", "PT-BR")
    is replaced only when `replacing` is its translation_version(), the one staff were shown
    and confirmed replacing; otherwise TranslationExists is raised and nothing is saved
    (saving over one replaced it without a word, a reviewed translation by a draft as well)."""
    language = canonical_case(language.strip())
    with transaction.atomic():
        same = list(Translation.objects.select_for_update().filter(
            entity=Translation.Entity.SERVICE, object_id=service.pk, language__iexact=language))
        # Rows differing only in case were stored before tags were canonical, or imported (the
        # importer keeps a tag's case as given): the canonical one is written, else the newest.
        same.sort(key=lambda t: (t.language != language, -t.updated_at.timestamp()))
        row = same[0] if same else None
        if row is not None and replacing != translation_version(row):
            raise TranslationExists(row)
        created = row is None
        if created:
            row = Translation(entity=Translation.Entity.SERVICE, object_id=service.pk)
        row.language, row.name, row.description, row.review_state = language, name, description, review_state
        row.full_clean()
        row.save()
        reindex_service(service)
        audit_append(action="directory.translation.set", actor=acting_user, organisation=_owner(service),
                     subject=str(service.pk),
                     detail={"language": row.language, "review_state": review_state, "created": created})
    return row


def _directory_model(name: str):
    return apps.get_model("directory", name)


def location_owner(location: Location, service: Service | None = None):
    """The Harbour organisation that owns a location's directory record: its own directory
    organisation's owner, else that of the service it was reached through."""
    if location.organization_id:
        organization = Organization.objects.filter(pk=location.organization_id).select_related("owner").first()
        if organization is not None and organization.owner_id:
            return organization.owner
    return _owner(service) if service is not None else None


def location_seal(*, location: Location, owner) -> str:
    """Take a confidential location's exact details out of the plain columns: sealed to the
    owner's key, or dropped if there is no key to seal to. Returns "sealed", "kept" or
    "coarse_only" (harbour.directory.sealing). Call inside the caller's transaction."""
    children = sealing.children_of(location, _directory_model)
    public_key = keys.public_key_of(owner) if owner is not None else None
    outcome = sealing.seal_exact_details(location, children, organisation=owner, public_key=public_key)
    if outcome != "kept":
        sealing.save_children(children)
    return outcome


def _reindex_services_at(location: Location) -> None:
    for service_id in ServiceAtLocation.objects.filter(location_id=location.pk).values_list(
            "service_id", flat=True):
        Service.objects.filter(pk=service_id).update(last_modified=timezone.now())
        target = Service.objects.filter(pk=service_id).first()
        if target is not None:
            reindex_service(target)


def location_set_confidential(*, acting_user, service: Service, location: Location, confidential: bool,
                              coarse_area: str = "", coarse_latitude: float | None = None,
                              coarse_longitude: float | None = None, gatekeeper_phone: str = "",
                              private_key: PrivateKey | None = None) -> str:
    """Withhold (or publish again) a location's address. While confidential, only the coarse
    area and the gatekeeper phone leave Harbour, and the exact details are kept only sealed
    to the owner (or not at all, if the owner has no key). Publishing a sealed location again
    needs the owner's key, to put the details back. The audit names no place and no number.

    Returns "sealed", "kept", "coarse_only" (confidential) or "published"."""
    with transaction.atomic():
        location = Location.objects.select_for_update().get(pk=location.pk)
        if not confidential and location.is_sealed:
            if private_key is None:
                raise ValidationError(_("The exact address is sealed. Open your copy of the organisation's "
                                        "key (log in again) to publish it."))
            children = sealing.children_of(location, _directory_model)
            details = sealing.open_exact_details(location, private_key)
            sealing.restore_exact_details(location, children, details)
            sealing.save_children(children)
        location.confidential = confidential
        outcome = "published"
        if confidential:
            location.coarse_area = coarse_area
            location.coarse_latitude, location.coarse_longitude = coarse_latitude, coarse_longitude
            location.gatekeeper_phone = gatekeeper_phone
            outcome = location_seal(location=location, owner=location_owner(location, service))
        location.full_clean()
        location.save()
        _reindex_services_at(location)
        audit_append(action="directory.location.confidential", actor=acting_user,
                     organisation=_owner(service), subject=str(location.pk),
                     detail={"confidential": confidential})
        if outcome != "kept":
            forget_plaintext()  # F5: no page image of the plain details stays in SQLite's -wal file
            audit_append(action="directory.location.seal", actor=acting_user, organisation=_owner(service),
                         subject=str(location.pk), detail={"outcome": outcome})
    return outcome


def location_open(*, acting_user, location: Location, private_key: PrivateKey) -> dict:
    """Unseal a confidential location's exact details for one member; audited. Raises
    crypto.CryptoError if the key does not open it."""
    with transaction.atomic():
        details = sealing.open_exact_details(location, private_key)
        audit_append(action="directory.location.open", actor=acting_user, organisation=location.sealed_for,
                     subject=str(location.pk))
    return details


def location_details_update(*, acting_user, location: Location, private_key: PrivateKey, changes: dict) -> list[str]:
    """Edit a sealed location's exact details: open, change, seal again under a new data key.
    `changes` holds location fields and the first address's fields. Audited with field names."""
    with transaction.atomic():
        location = Location.objects.select_for_update().get(pk=location.pk)
        if not location.is_sealed or location.sealed_for is None:
            raise ValidationError(_("This location has no sealed address to edit."))
        public_key = keys.public_key_of(location.sealed_for)
        if public_key is None:
            raise ValidationError(_("The organisation's key is not set up."))
        details = sealing.open_exact_details(location, private_key)
        address = Address.objects.filter(location_id=location.pk).order_by("position", "pk").first()
        if address is None and any(changes.get(f) for f in SEALED_ADDRESS_FIELDS):
            address = Address.objects.create(location_id=location.pk, country="", address_type="physical")
        changed = []
        for name in SEALED_LOCATION_FIELDS:
            if name in changes and details["location"].get(name) != changes[name]:
                details["location"][name] = changes[name]
                changed.append(name)
        if address is not None:
            current = details["addresses"].setdefault(str(address.pk), dict.fromkeys(SEALED_ADDRESS_FIELDS, ""))
            for name in SEALED_ADDRESS_FIELDS:
                if name in changes and current.get(name, "") != changes[name]:
                    current[name] = changes[name]
                    changed.append(f"address.{name}")
        if not changed:
            return []
        sealing.reseal(location, details, public_key)
        location.save(update_fields=["sealed_content", "sealed_key"])
        audit_append(action="directory.location.details", actor=acting_user, organisation=location.sealed_for,
                     subject=str(location.pk), detail={"fields": changed})
    return changed
