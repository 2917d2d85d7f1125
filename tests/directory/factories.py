"""Small directories for tests, built through the HSDS loader like real data."""

import uuid
from datetime import timedelta

from django.utils import timezone

from harbour.directory.hsds import Loader
from harbour.directory.indexing import reindex_services
from harbour.directory.models import Claim, Location, Organization, Service, Translation

NEEDS = uuid.UUID("0e000000-0000-4000-8000-0000000000aa")
LEGAL = uuid.UUID("0f000000-0000-4000-8000-0000000000a1")
HOUSING = uuid.UUID("0f000000-0000-4000-8000-0000000000a2")


def _id() -> str:
    return str(uuid.uuid4())


def needs_taxonomy():
    loader = Loader()
    loader.load("taxonomy", {"id": str(NEEDS), "name": "Needs", "description": "Needs"})
    for term_id, name in ((LEGAL, "Legal advice"), (HOUSING, "Safe housing")):
        loader.load("taxonomy_term", {"id": str(term_id), "name": name, "description": name,
                                      "taxonomy_id": str(NEEDS)})


def make_service(*, name: str, description: str = "", city: str = "London", lat: float = 51.5074,
                 lng: float = -0.1278, country: str = "GB", languages=("en",), terms=(),
                 hours=None, owner=None, organization_id=None, status="active",
                 translations=None, confidential: dict | None = None, phones=(),
                 address_1: str = "") -> Service:
    needs_taxonomy()
    sid, lid = _id(), _id()
    org_id = organization_id or _id()
    if not Organization.objects.filter(pk=org_id).exists():
        Loader().load("organization", {"id": org_id, "name": f"{name} org", "description": "An organisation"})
    if owner is not None:
        Organization.objects.filter(pk=org_id).update(owner=owner)
    record = {
        "id": sid, "organization_id": org_id, "name": name, "description": description, "status": status,
        "languages": [{"id": _id(), "code": code, "name": code} for code in languages],
        "attributes": [{"id": _id(), "taxonomy_term_id": str(t), "link_type": "service_type",
                        "link_entity": "service", "value": "yes"} for t in terms],
        "service_at_locations": [{"id": _id(), "location_id": lid, "location": {
            "id": lid, "location_type": "physical", "name": f"{name} centre", "latitude": lat,
            "longitude": lng, "addresses": [{"id": _id(), "address_1": address_1 or f"1 {name} Street", "city": city,
                                            "state_province": "-", "postal_code": "X1 1XX",
                                            "country": country, "address_type": "physical"}]}}],
    }
    if phones:
        record["phones"] = [{"id": _id(), "number": number} for number in phones]
    if hours:
        opens, closes, byday = hours
        record["schedules"] = [{"id": _id(), "freq": "WEEKLY", "byday": byday, "opens_at": opens,
                                "closes_at": closes}]
    if translations:
        record["translations"] = translations
    loader = Loader()
    loader.load("service", record)
    if confidential:
        Location.objects.filter(pk=lid).first().__class__.objects.filter(pk=lid).update(**confidential)
        location = Location.objects.get(pk=lid)
        location.save()
    reindex_services([sid])
    return Service.objects.get(pk=sid)


def add_claim(service, kind, *, days_left=90, method="phone", verified_days_ago=10):
    now = timezone.now()
    return Claim.objects.create(service=service, kind=kind, method=method,
                                verified_at=now - timedelta(days=verified_days_ago),
                                lapses_at=now + timedelta(days=days_left))


def translation(service, language, name, description, state="draft"):
    Translation.objects.create(entity="service", object_id=service.pk, language=language, name=name,
                               description=description, review_state=state)
    reindex_services([service.pk])
