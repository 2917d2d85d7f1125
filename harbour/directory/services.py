"""Writes for the directory: keyword-only, taking acting_user, atomic, audited in the same
transaction. Audit entries carry ids and field names only, never the text."""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from harbour.accounts.access import memberships_of
from harbour.core.audit import audit_append
from harbour.directory.indexing import reindex_service
from harbour.directory.models import (
    Claim,
    Location,
    Metadata,
    ReviewState,
    Service,
    ServiceAtLocation,
    Translation,
)

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
    """Record that a person checked the whole record, and how (HSDS assured_date and metadata)."""
    now = timezone.now()
    with transaction.atomic():
        service.last_verified_at = now
        service.last_verified_method = method
        service.assured_date = now.date().isoformat()
        service.full_clean()
        service.save(update_fields=["last_verified_at", "last_verified_method", "assured_date"])
        Metadata.objects.create(
            resource_id=service.pk, resource_type="service", last_action_date=now.date().isoformat(),
            last_action_type="verified", field_name="assured_date", previous_value="",
            replacement_value=now.date().isoformat(), updated_by=f"harbour:{method}",
            position=Metadata.objects.filter(resource_id=service.pk).count())
        audit_append(action="directory.service.verify", actor=acting_user, organisation=_owner(service),
                     subject=str(service.pk), detail={"method": method})


def claim_verify(*, acting_user, service: Service, kind: str, method: str, valid_days: int) -> Claim:
    """A coordinator confirms a claim; it holds for `valid_days`, then lapses."""
    now = timezone.now()
    membership = memberships_of(acting_user).select_related("organisation").first()
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


def translation_set(*, acting_user, service: Service, language: str, name: str, description: str,
                    review_state: str = ReviewState.DRAFT) -> Translation:
    with transaction.atomic():
        row, created = Translation.objects.get_or_create(
            entity=Translation.Entity.SERVICE, object_id=service.pk, language=language.strip().lower())
        row.name, row.description, row.review_state = name, description, review_state
        row.full_clean()
        row.save()
        reindex_service(service)
        audit_append(action="directory.translation.set", actor=acting_user, organisation=_owner(service),
                     subject=str(service.pk),
                     detail={"language": row.language, "review_state": review_state, "created": created})
    return row


def location_set_confidential(*, acting_user, service: Service, location: Location, confidential: bool,
                              coarse_area: str = "", coarse_latitude: float | None = None,
                              coarse_longitude: float | None = None, gatekeeper_phone: str = "") -> Location:
    """Withhold (or publish again) a location's address. While confidential, only the coarse
    area and the gatekeeper phone leave Harbour. The audit names no place and no number."""
    with transaction.atomic():
        location.confidential = confidential
        if confidential:
            location.coarse_area = coarse_area
            location.coarse_latitude, location.coarse_longitude = coarse_latitude, coarse_longitude
            location.gatekeeper_phone = gatekeeper_phone
        location.full_clean()
        location.save()
        for service_id in ServiceAtLocation.objects.filter(location_id=location.pk).values_list(
                "service_id", flat=True):
            Service.objects.filter(pk=service_id).update(last_modified=timezone.now())
            target = Service.objects.filter(pk=service_id).first()
            if target is not None:
                reindex_service(target)
        audit_append(action="directory.location.confidential", actor=acting_user,
                     organisation=_owner(service), subject=str(location.pk),
                     detail={"confidential": confidential})
    return location
