"""Confidential locations are sealed at rest (F5): a seized database holds none of a
confidential location's exact details; the owner's key holders see them only with their
organisation key open in the session, and every opening is audited."""

import importlib
import io
import struct
import uuid

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import connection
from django.urls import reverse

from harbour.core.audit import audit_verify
from harbour.core.models import AuditEntry
from harbour.directory import sealing, services
from harbour.directory.hsds import Loader
from harbour.directory.models import Address, Contact, Location, Organization, Phone, Service
from harbour.firewall import keys
from tests.conftest import make_persona, verified_client
from tests.directory.factories import needs_taxonomy
from tests.firewall.helpers import login
from tests.help.seizure import dump_every_table as seized

CANARIES = {
    "name": "CANARY-PLACE-3b7e",
    "description": "CANARY-DESCRIPTION-c41e",
    "transportation": "CANARY-BUS-6f10",
    "address_1": "CANARY-STREET-91f2",
    "address_2": "CANARY-FLAT-2c44",
    "city": "CANARY-TOWN-77aa",
    "postal_code": "CANARY-POSTCODE-5d0c",
    "phone": "CANARY-PHONE-0e9b",
    "contact": "CANARY-CONTACT-12fd",
    "accessibility": "CANARY-ACCESS-8a21",
}
LATITUDE, LONGITUDE = 51.6123457, -0.2876543
CONFIDENTIAL_FORM = {"loc-confidential": "on", "loc-coarse_area": "North London", "loc-place": "gb-london",
                     "loc-gatekeeper_phone": "+44 20 7946 0999"}


def make_safe_house(owner) -> tuple[Service, Location]:
    """A service at a location full of canaries, imported through the HSDS loader."""
    needs_taxonomy()
    org_id, sid, lid = (str(uuid.uuid4()) for _ in range(3))
    loader = Loader()
    loader.load("organization", {"id": org_id, "name": "Shelter organisation", "description": "An organisation"})
    Organization.objects.filter(pk=org_id).update(owner=owner)
    loader.load("service", {
        "id": sid, "organization_id": org_id, "name": "Shelter for women", "description": "Safe housing.",
        "status": "active",
        "service_at_locations": [{"id": str(uuid.uuid4()), "location_id": lid, "location": {
            "id": lid, "location_type": "physical", "name": CANARIES["name"],
            "description": CANARIES["description"], "transportation": CANARIES["transportation"],
            "latitude": LATITUDE, "longitude": LONGITUDE,
            "addresses": [{"id": str(uuid.uuid4()), "address_1": CANARIES["address_1"],
                           "address_2": CANARIES["address_2"], "city": CANARIES["city"], "state_province": "-",
                           "postal_code": CANARIES["postal_code"], "country": "GB", "address_type": "physical"}],
            "phones": [{"id": str(uuid.uuid4()), "number": CANARIES["phone"], "type": "voice"}],
            "contacts": [{"id": str(uuid.uuid4()), "name": CANARIES["contact"]}],
            "accessibility": [{"id": str(uuid.uuid4()), "description": CANARIES["accessibility"]}],
        }}],
    })
    return Service.objects.get(pk=sid), Location.objects.get(pk=lid)


def page_url(service):
    return reverse("directory_staff:service", kwargs={"service_id": service.pk})


def confidential_url(service, location):
    return reverse("directory_staff:location_confidential",
                   kwargs={"service_id": service.pk, "location_id": location.pk})


def open_url(service, location):
    return reverse("directory_staff:location_open", kwargs={"service_id": service.pk, "location_id": location.pk})


def details_url(service, location):
    return reverse("directory_staff:location_details", kwargs={"service_id": service.pk, "location_id": location.pk})


def raw_database() -> bytes:
    """The SQLite database as a file would hold it, free pages included (b"" elsewhere)."""
    if connection.vendor != "sqlite":
        return b""
    connection.ensure_connection()
    return bytes(connection.connection.serialize())


def canaries_in(blob: bytes) -> list[str]:
    found = [name for name, canary in CANARIES.items() if canary.encode() in blob]
    for name, number in (("latitude", LATITUDE), ("longitude", LONGITUDE)):
        # As text (a column's string form) and as SQLite stores a REAL: a big-endian double.
        if repr(number).encode() in blob or struct.pack(">d", number) in blob:
            found.append(name)
    return found


@pytest.mark.django_db
def test_a_seized_database_holds_none_of_a_confidential_locations_exact_details(sealed_a, admin_a, org_a):
    service, location = make_safe_house(org_a)
    # The probe sees the canaries while they are plain (so it can fail)...
    assert canaries_in(seized()) == [*CANARIES, "latitude", "longitude"]
    if connection.vendor == "sqlite":
        assert canaries_in(raw_database()) == [*CANARIES, "latitude", "longitude"]
    response = login(admin_a).post(confidential_url(service, location), CONFIDENTIAL_FORM)
    assert response.status_code == 302
    # ...and finds none once the location is confidential, in the rows or in the file's bytes
    # (free pages included: SQLite overwrites what it deletes, see docs/directory.md).
    assert canaries_in(seized()) == []
    location.refresh_from_db()
    assert location.is_sealed and location.sealed_for == org_a and location.confidential
    assert (location.name, location.description, location.latitude, location.longitude) == ("", "", None, None)
    assert (location.search_latitude, location.search_longitude) == (51.5074, -0.1278)
    assert list(Address.objects.filter(location_id=location.pk).values_list("address_1", "city", "country")) == [
        ("", "", "GB")]
    private_key, _recovery = sealed_a
    opened = sealing.open_exact_details(location, private_key)
    assert opened["location"]["name"] == CANARIES["name"]
    assert [a["address_1"] for a in opened["addresses"].values()] == [CANARIES["address_1"]]
    assert [p["number"] for p in opened["phones"].values()] == [CANARIES["phone"]]
    assert AuditEntry.objects.get(action="directory.location.seal").detail == {"outcome": "sealed"}
    assert audit_verify().ok


@pytest.mark.django_db
def test_the_owners_caseworker_with_her_key_open_sees_the_exact_address_and_it_is_audited(
        sealed_a, caseworker_a, org_a):
    service, location = make_safe_house(org_a)
    services.location_set_confidential(acting_user=caseworker_a.user, service=service, location=location,
                                       confidential=True, coarse_area="North London", coarse_latitude=51.5,
                                       coarse_longitude=-0.1, gatekeeper_phone="+44 20 7946 0999")
    html = login(caseworker_a).post(open_url(service, location)).content.decode()
    for name in ("name", "address_1", "city", "postal_code", "phone", "contact"):
        assert CANARIES[name] in html
    assert "is sealed to the organisation" not in html
    entry = AuditEntry.objects.get(action="directory.location.open")
    assert (entry.actor, entry.organisation, entry.subject, entry.detail) == (
        str(caseworker_a.user.public_id), str(org_a.public_id), str(location.pk), {})


@pytest.mark.django_db
def test_the_owners_admin_with_her_key_open_sees_the_exact_address(sealed_a, admin_a, org_a):
    service, location = make_safe_house(org_a)
    client = login(admin_a)
    client.post(confidential_url(service, location), CONFIDENTIAL_FORM)
    html = client.post(open_url(service, location)).content.decode()
    assert CANARIES["address_1"] in html and f'value="{CANARIES["postal_code"]}"' in html


@pytest.mark.django_db
def test_viewing_the_staff_page_unseals_nothing_and_records_nothing(sealed_a, admin_a, org_a):
    service, location = make_safe_house(org_a)
    client = login(admin_a)
    client.post(confidential_url(service, location), CONFIDENTIAL_FORM)
    before = AuditEntry.objects.count()

    html = client.get(page_url(service)).content.decode()

    assert canaries_in(html.encode()) == []
    assert open_url(service, location) in html
    assert AuditEntry.objects.count() == before
    assert not AuditEntry.objects.filter(action="directory.location.open").exists()


@pytest.mark.django_db
def test_opening_a_sealed_location_needs_a_post(sealed_a, admin_a, org_a):
    service, location = make_safe_house(org_a)
    client = login(admin_a)
    client.post(confidential_url(service, location), CONFIDENTIAL_FORM)

    assert client.get(open_url(service, location)).status_code == 405
    assert not AuditEntry.objects.filter(action="directory.location.open").exists()


@pytest.mark.django_db
def test_an_outsider_cannot_open_a_sealed_location_and_nothing_is_recorded(sealed_a, sealed_b, admin_a, outsider,
                                                                         org_a):
    service, location = make_safe_house(org_a)
    login(admin_a).post(confidential_url(service, location), CONFIDENTIAL_FORM)
    before = AuditEntry.objects.count()

    response = login(outsider).post(open_url(service, location))

    assert response.status_code == 404
    assert AuditEntry.objects.count() == before


@pytest.mark.django_db
def test_without_her_key_open_she_is_told_the_address_is_sealed_and_sees_none_of_it(
        sealed_a, caseworker_a, org_a):
    service, location = make_safe_house(org_a)
    login(caseworker_a).post(confidential_url(service, location), CONFIDENTIAL_FORM)
    html = verified_client(caseworker_a).get(page_url(service)).content.decode()
    assert "The exact address is sealed to the organisation that owns this record" in html
    assert canaries_in(html.encode()) == []
    assert not AuditEntry.objects.filter(action="directory.location.open").exists()


@pytest.mark.django_db
def test_a_network_coordinator_sees_the_service_but_not_the_sealed_address(sealed_a, admin_a, org_a, org_b):
    from harbour.accounts import services as account_services
    from harbour.accounts.models import Membership

    coordinator = make_persona(email="coordinator@network.example.org", organisation=org_b,
                               role=Membership.Role.VIEWER)
    account_services.network_create(acting_user=None, name="Network", countries=["GB"],
                                    organisations=[org_a], coordinators=[coordinator.user])
    service, location = make_safe_house(org_a)
    login(admin_a).post(confidential_url(service, location), CONFIDENTIAL_FORM)
    response = login(coordinator).get(page_url(service))
    assert response.status_code == 200
    assert canaries_in(response.content) == []
    assert "The exact address is sealed" in response.content.decode()


@pytest.mark.django_db
def test_an_outsider_with_her_own_key_open_gets_404_and_changes_nothing(sealed_a, sealed_b, admin_a, outsider,
                                                                       org_a):
    service, location = make_safe_house(org_a)
    login(admin_a).post(confidential_url(service, location), CONFIDENTIAL_FORM)
    location.refresh_from_db()
    before = (bytes(location.sealed_content), bytes(location.sealed_key), AuditEntry.objects.count())
    client = login(outsider)
    assert client.get(page_url(service)).status_code == 404
    assert client.post(details_url(service, location), {f"exact-{location.pk}-address_1": "X"}).status_code == 404
    assert client.post(confidential_url(service, location), {}).status_code == 404
    location.refresh_from_db()
    assert (bytes(location.sealed_content), bytes(location.sealed_key), AuditEntry.objects.count()) == before
    assert location.confidential


@pytest.mark.django_db
def test_the_owner_edits_the_exact_address_and_it_stays_sealed(sealed_a, admin_a, org_a):
    service, location = make_safe_house(org_a)
    client = login(admin_a)
    client.post(confidential_url(service, location), CONFIDENTIAL_FORM)
    prefix = f"exact-{location.pk}"
    response = client.post(details_url(service, location), {
        f"{prefix}-name": CANARIES["name"], f"{prefix}-address_1": "CANARY-NEWSTREET-4e4e",
        f"{prefix}-city": CANARIES["city"], f"{prefix}-postal_code": CANARIES["postal_code"],
        f"{prefix}-latitude": str(LATITUDE), f"{prefix}-longitude": str(LONGITUDE)})
    assert response.status_code == 302
    assert b"CANARY-NEWSTREET-4e4e" not in seized() and canaries_in(seized()) == []
    assert "CANARY-NEWSTREET-4e4e" in client.post(open_url(service, location)).content.decode()
    entry = AuditEntry.objects.get(action="directory.location.details")
    assert entry.detail == {"fields": ["description", "address.address_1", "address.address_2"]}


@pytest.mark.django_db
def test_without_her_key_open_an_edit_of_the_exact_address_is_refused(sealed_a, admin_a, org_a):
    service, location = make_safe_house(org_a)
    login(admin_a).post(confidential_url(service, location), CONFIDENTIAL_FORM)
    location.refresh_from_db()
    before = bytes(location.sealed_content)
    response = verified_client(admin_a).post(details_url(service, location),
                                             {f"exact-{location.pk}-address_1": "Elsewhere"}, follow=True)
    assert "your copy of the organisation&#x27;s key is not open" in response.content.decode()
    location.refresh_from_db()
    assert bytes(location.sealed_content) == before


@pytest.mark.django_db
def test_publishing_again_puts_the_address_back_only_with_the_key_open(sealed_a, admin_a, org_a):
    service, location = make_safe_house(org_a)
    client = login(admin_a)
    client.post(confidential_url(service, location), CONFIDENTIAL_FORM)
    response = verified_client(admin_a).post(confidential_url(service, location), {}, follow=True)
    assert "The exact address is sealed. Open your copy" in response.content.decode()
    location.refresh_from_db()
    assert location.confidential and location.is_sealed
    client.post(confidential_url(service, location), {})
    location.refresh_from_db()
    assert (location.confidential, location.is_sealed, location.name, location.latitude) == (
        False, False, CANARIES["name"], LATITUDE)
    assert Address.objects.get(location_id=location.pk).address_1 == CANARIES["address_1"]
    assert Phone.objects.get(location_id=location.pk).number == CANARIES["phone"]


@pytest.mark.django_db
def test_an_owner_without_a_key_keeps_only_the_coarse_fields_and_is_told(as_admin_a, org_a):
    service, location = make_safe_house(org_a)
    response = as_admin_a.post(confidential_url(service, location), CONFIDENTIAL_FORM, follow=True)
    html = response.content.decode()
    assert "The exact address was removed and not kept: your organisation has no key" in html
    assert "Harbour keeps no exact address for this place" in html
    location.refresh_from_db()
    assert (location.confidential, location.is_sealed, location.coarse_area, location.gatekeeper_phone) == (
        True, False, "North London", "+44 20 7946 0999")
    assert canaries_in(seized()) == []
    assert AuditEntry.objects.get(action="directory.location.seal").detail == {"outcome": "coarse_only"}


@pytest.mark.django_db
def test_a_record_without_an_owner_keeps_only_the_coarse_fields():
    service, location = make_safe_house(None)
    outcome = services.location_set_confidential(
        acting_user=None, service=service, location=location, confidential=True, coarse_area="North London",
        coarse_latitude=51.5, coarse_longitude=-0.1, gatekeeper_phone="+44 20 7946 0999")
    assert outcome == "coarse_only"
    assert canaries_in(seized()) == []


@pytest.mark.django_db
def test_a_feed_adds_no_plain_detail_to_a_confidential_location(sealed_a, admin_a, org_a):
    service, location = make_safe_house(org_a)
    login(admin_a).post(confidential_url(service, location), CONFIDENTIAL_FORM)
    loader = Loader()
    for kind, extra in (("address", {"address_1": "CANARY-FEED-ADDRESS-aa01"}),
                        ("phone", {"number": "CANARY-FEED-PHONE-aa02"}),
                        ("contact", {"name": "CANARY-FEED-CONTACT-aa03"}),
                        ("accessibility", {"description": "CANARY-FEED-ACCESS-aa04"})):
        loader.load(kind, {"id": str(uuid.uuid4()), "location_id": str(location.pk), **extra})
    loader.load("location", {"id": str(location.pk), "name": "CANARY-FEED-NAME-aa05", "latitude": 1.5})
    blob = seized()
    assert [c for c in ("aa01", "aa02", "aa03", "aa04", "aa05") if f"-{c}".encode() in blob] == []
    assert len(loader.result.warnings) == 5
    assert Contact.objects.filter(location_id=location.pk).count() == 1


@pytest.mark.django_db
def test_the_migration_seals_locations_that_were_already_confidential(sealed_a, org_a):
    service, location = make_safe_house(org_a)
    _other_service, unowned = make_safe_house(None)
    Location.objects.filter(pk__in=[location.pk, unowned.pk]).update(
        confidential=True, coarse_area="North London", coarse_latitude=51.5, coarse_longitude=-0.1,
        gatekeeper_phone="+44 20 7946 0999")
    migration = importlib.import_module("harbour.directory.migrations.0007_seal_confidential_locations")
    migration.seal(apps, None)
    assert canaries_in(seized()) == []
    location.refresh_from_db()
    unowned.refresh_from_db()
    assert (location.is_sealed, unowned.is_sealed) == (True, False)
    private_key, _recovery = sealed_a
    assert sealing.open_exact_details(location, private_key)["location"]["name"] == CANARIES["name"]
    sealed_before = bytes(location.sealed_content)
    migration.seal(apps, None)
    location.refresh_from_db()
    assert bytes(location.sealed_content) == sealed_before


@pytest.mark.django_db
def test_demo_safe_houses_are_sealed_to_their_owners_and_a_second_run_changes_nothing(settings):
    from harbour.accounts.demo import DEMO_PASSWORD
    from harbour.accounts.models import User

    settings.DEMO = True
    call_command("demo_data", stdout=io.StringIO())
    confidential = list(Location.objects.filter(confidential=True).order_by("pk"))
    assert len(confidential) >= 5
    for location in confidential:
        assert not sealing.holds_exact_details(location, sealing.children_of(location, apps.get_app_config(
            "directory").get_model))
    sealed = [location for location in confidential if location.is_sealed]
    assert sorted(location.sealed_for.name for location in sealed) == [
        "Casa Lumbre", "Northside Women's Centre", "Red Cedar Community Group"]
    first = [(loc.pk, bytes(loc.sealed_content or b""), loc.name) for loc in confidential]
    call_command("demo_data", stdout=io.StringIO())
    again = [(loc.pk, bytes(loc.sealed_content or b""), loc.name)
             for loc in Location.objects.filter(confidential=True).order_by("pk")]
    assert again == first
    london = next(loc for loc in sealed if loc.sealed_for.name == "Northside Women's Centre")
    admin = User.objects.filter(memberships__organisation=london.sealed_for,
                                memberships__role="admin").first()
    org_keys = keys.organisation_keys_for(user=admin, personal_key=keys.member_key_unlock(
        user=admin, password=DEMO_PASSWORD))
    opened = sealing.open_exact_details(london, org_keys[str(london.sealed_for.public_id)])
    assert opened["location"]["name"] == "Harbourside safe house"
    assert [a["address_1"] for a in opened["addresses"].values()] == ["1 Example Road"]
