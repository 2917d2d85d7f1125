"""Issue 10.1: every relation HSDS can state, by an `*_id` field or by nesting, in either
direction, is kept whatever the order objects arrive in; an object repeated without a link
never erases one given before."""

import json

import pytest
from django.core.management import call_command

from harbour.directory import models as m
from harbour.directory.importer import Record, import_records
from harbour.directory.selectors import SearchParams, search_services

SVC = "00000000-0000-4000-8000-000000000201"
ORG = "00000000-0000-4000-8000-000000000202"
SAL = "00000000-0000-4000-8000-000000000203"
LOC = "00000000-0000-4000-8000-000000000204"
PROGRAM = "00000000-0000-4000-8000-000000000205"
ATTR = "00000000-0000-4000-8000-000000000206"
TERM = "00000000-0000-4000-8000-000000000207"
TAXONOMY = "00000000-0000-4000-8000-000000000208"
PHONE = "00000000-0000-4000-8000-000000000209"


def nested_only() -> dict:
    """The issue's input: links stated only by nesting, as the official service_full.json does."""
    return {
        "id": SVC, "name": "Example Advice", "status": "active",
        "organization": {"id": ORG, "name": "Example Org", "description": "An example."},
        "program": {"id": PROGRAM, "name": "Example Programme", "description": "An example."},
        "service_at_locations": [{"id": SAL, "location": {
            "id": LOC, "location_type": "physical", "latitude": 51.5072, "longitude": -0.1276}}],
        "attributes": [{"id": ATTR, "taxonomy_term": {
            "id": TERM, "name": "Casework", "code": "casework",
            "description": "Someone follows your case.", "taxonomy_detail": {
                "id": TAXONOMY, "name": "Needs", "description": "Needs", }}}],
    }


def import_json(tmp_path, data, *args):
    path = tmp_path / "feed.json"
    path.write_text(json.dumps(data))
    call_command("hsds_import", str(path), *args)


def export(tmp_path) -> list[dict]:
    out = tmp_path / "export.json"
    call_command("hsds_export", str(out))
    return json.loads(out.read_text())


@pytest.mark.django_db
def test_links_stated_only_by_nesting_are_kept(tmp_path):
    import_json(tmp_path, nested_only())

    service = m.Service.objects.get(pk=SVC)
    assert str(service.organization_id) == ORG
    assert str(service.program_id) == PROGRAM
    assert str(m.ServiceAtLocation.objects.get(pk=SAL).location_id) == LOC
    attribute = m.Attribute.objects.get(pk=ATTR)
    assert (str(attribute.taxonomy_term_id), str(attribute.link_id)) == (TERM, SVC)
    assert str(m.TaxonomyTerm.objects.get(pk=TERM).taxonomy_detail_id) == TAXONOMY


@pytest.mark.django_db
def test_a_service_linked_only_by_nesting_is_exported_with_its_links(tmp_path):
    import_json(tmp_path, nested_only())

    [record] = export(tmp_path)

    assert record["organization_id"] == ORG
    assert record["organization"]["name"] == "Example Org"
    assert record["program_id"] == PROGRAM
    assert record["service_at_locations"][0]["location_id"] == LOC
    assert record["service_at_locations"][0]["location"]["latitude"] == 51.5072
    assert record["attributes"][0]["taxonomy_term"]["taxonomy_id"] == TAXONOMY


@pytest.mark.django_db
def test_a_service_linked_only_by_nesting_is_found_by_place_and_by_words(tmp_path):
    import_json(tmp_path, nested_only())

    near = SearchParams(latitude=51.5074, longitude=-0.1278, radius_m=2_000)
    assert [s.name for s in search_services(near).services] == ["Example Advice"]
    assert [s.name for s in search_services(SearchParams(text="example org")).services] == ["Example Advice"]
    assert [s.name for s in search_services(SearchParams(text="casework")).services] == ["Example Advice"]


@pytest.mark.django_db
def test_links_hold_whatever_the_order_objects_arrive_in():
    records = [
        Record("item 0", "attribute", {"id": ATTR, "link_id": SVC, "taxonomy_term_id": TERM,
                                       "link_type": "service", "link_entity": "service"}),
        Record("item 1", "service_at_location", {"id": SAL, "service_id": SVC, "location_id": LOC}),
        Record("item 2", "service", {"id": SVC, "name": "Example Advice", "status": "active",
                                     "organization_id": ORG}),
        Record("item 3", "location", {"id": LOC, "location_type": "physical", "name": "Riverside hall",
                                      "latitude": 51.5072, "longitude": -0.1276}),
        Record("item 4", "organization", {"id": ORG, "name": "Example Org", "description": "An example."}),
        Record("item 5", "taxonomy_term", {"id": TERM, "name": "Casework", "code": "c",
                                           "description": "Casework"}),
    ]

    report = import_records(records)

    assert report.rejected == []
    near = SearchParams(latitude=51.5074, longitude=-0.1278, radius_m=2_000)
    for params in (near, SearchParams(text="example org"), SearchParams(text="riverside"),
                   SearchParams(text="casework"), SearchParams(term_ids=[m.TaxonomyTerm.objects.get(pk=TERM).pk])):
        assert [s.name for s in search_services(params).services] == ["Example Advice"], params


@pytest.mark.django_db
def test_an_object_repeated_without_its_link_keeps_the_link_given_before(tmp_path):
    phone = {"id": PHONE, "number": "+44 20 7946 0000"}
    data = [
        {"id": SVC, "name": "Example Advice", "status": "active", "organization_id": ORG,
         "service_at_locations": [{"id": SAL, "location_id": LOC}],
         "phones": [dict(phone)]},
        # The same location and organisation again, elsewhere in the feed, without their links.
        {"id": "00000000-0000-4000-8000-000000000301", "name": "Second", "status": "active",
         "organization": {"id": ORG, "name": "Example Org", "description": "An example.", "locations": [
             {"id": LOC, "location_type": "physical", "name": "Hall", "phones": [dict(phone)]}]},
         "service_at_locations": [{"id": "00000000-0000-4000-8000-000000000302",
                                   "location": {"id": LOC, "location_type": "physical", "name": "Hall"}}]},
    ]
    import_json(tmp_path, data)

    assert str(m.Location.objects.get(pk=LOC).organization_id) == ORG
    assert str(m.Service.objects.get(pk=SVC).organization_id) == ORG
    assert str(m.ServiceAtLocation.objects.get(pk=SAL).location_id) == LOC
    stored = m.Phone.objects.get(pk=PHONE)
    assert (str(stored.service_id), str(stored.location_id)) == (SVC, LOC)


@pytest.mark.django_db
def test_a_child_dropped_from_one_parent_stays_with_the_other_parent_that_lists_it(tmp_path):
    """An outside check: a phone and a schedule listed by a service and by its location were
    deleted outright when a second service sent the same location without them; the first
    service lost its phone and its hours."""
    phone = {"id": PHONE, "number": "0113 000 0000"}
    schedule = {"id": "00000000-0000-4000-8000-000000000210", "freq": "WEEKLY", "byday": "MO",
                "opens_at": "09:00", "closes_at": "17:00"}
    first = {"id": SVC, "name": "Fernwhistle Aid", "status": "active", "phones": [dict(phone)],
             "schedules": [dict(schedule)],
             "service_at_locations": [{"id": SAL, "location": {
                 "id": LOC, "location_type": "physical", "name": "Kestrelgate Rooms",
                 "phones": [dict(phone)], "schedules": [dict(schedule)]}}]}
    second = {"id": "00000000-0000-4000-8000-000000000301", "name": "Gorseway Aid", "status": "active",
              "service_at_locations": [{"id": "00000000-0000-4000-8000-000000000302", "location": {
                  "id": LOC, "location_type": "physical", "name": "Kestrelgate Rooms",
                  "phones": [{"id": "00000000-0000-4000-8000-000000000303", "number": "0113 000 0001"}],
                  "schedules": []}}]}
    import_json(tmp_path, [first, second])

    kept_phone = m.Phone.objects.get(pk=PHONE)
    kept_schedule = m.Schedule.objects.get(pk=schedule["id"])
    # Unlinked from the location that dropped them, still the first service's.
    assert (str(kept_phone.service_id), kept_phone.location_id) == (SVC, None)
    assert (str(kept_schedule.service_id), kept_schedule.location_id) == (SVC, None)
    exported = {s["id"]: s for s in export(tmp_path)}
    assert [p["id"] for p in exported[SVC]["phones"]] == [PHONE]
    assert [s["id"] for s in exported[SVC]["schedules"]] == [schedule["id"]]


@pytest.mark.django_db
def test_a_child_dropped_by_its_only_parent_is_deleted(tmp_path):
    service = {"id": SVC, "name": "Example Advice", "status": "active",
               "phones": [{"id": PHONE, "number": "+44 20 7946 0000"}]}
    import_json(tmp_path, service)
    import_json(tmp_path, {**service, "phones": []})
    assert not m.Phone.objects.filter(pk=PHONE).exists()


OTHER_SVC = "00000000-0000-4000-8000-000000000401"
OTHER_ORG = "00000000-0000-4000-8000-000000000402"


def organization_listing(*services) -> dict:
    return {"id": ORG, "name": "Orrinsong Trust", "description": "An example.", "services": list(services)}


@pytest.mark.django_db
def test_services_listed_whole_by_their_organization_are_imported_and_linked():
    """An outside check: an organization's `services` and a location's `service_at_locations`
    (relations given from the parent's side) were kept only as unknown properties."""
    records = [Record("item 0", "organization", organization_listing(
        {"id": SVC, "name": "Orrinsong Support", "status": "active",
         "service_at_locations": [{"id": SAL, "location_id": LOC}]})),
        Record("item 1", "location", {"id": LOC, "location_type": "physical", "name": "Riverside hall",
                                      "latitude": 51.5072, "longitude": -0.1276})]

    report = import_records(records)

    assert report.rejected == [] and report.warnings == []
    assert str(m.Service.objects.get(pk=SVC).organization_id) == ORG
    assert "services" not in m.Organization.objects.get(pk=ORG).extra
    for params in (SearchParams(text="orrinsong trust"),
                   SearchParams(latitude=51.5074, longitude=-0.1278, radius_m=2_000)):
        assert [s.name for s in search_services(params).services] == ["Orrinsong Support"], params


@pytest.mark.django_db
@pytest.mark.parametrize("organization_first", [True, False])
def test_a_service_listed_by_id_alone_takes_the_organization_whatever_the_order(organization_first):
    organization = Record("org", "organization", organization_listing({"id": SVC}, {"id": OTHER_SVC}))
    services = [Record("svc", "service", {"id": SVC, "name": "Listed", "status": "active"}),
                Record("svc2", "service", {"id": OTHER_SVC, "name": "States its own", "status": "active",
                                           "organization_id": OTHER_ORG})]
    report = import_records([organization, *services] if organization_first else [*services, organization])

    assert report.rejected == []
    assert str(m.Service.objects.get(pk=SVC).organization_id) == ORG
    # A service that states its organization keeps it; the import says so.
    assert str(m.Service.objects.get(pk=OTHER_SVC).organization_id) == OTHER_ORG
    assert any(OTHER_SVC in warning and "own link is kept" in warning for warning in report.warnings)
    assert [s.name for s in search_services(SearchParams(text="orrinsong")).services] == ["Listed"]


@pytest.mark.django_db
def test_a_listed_service_that_is_nowhere_is_named_and_one_no_longer_listed_keeps_its_link():
    report = import_records([Record("org", "organization", organization_listing({"id": OTHER_SVC}))])
    assert any(OTHER_SVC in warning and "neither the feed nor the directory" in warning
               for warning in report.warnings)
    import_records([Record("org", "organization", organization_listing({"id": SVC})),
                    Record("svc", "service", {"id": SVC, "name": "Listed", "status": "active"})])
    import_records([Record("org", "organization", organization_listing())])
    assert str(m.Service.objects.get(pk=SVC).organization_id) == ORG


@pytest.mark.django_db
def test_service_at_locations_listed_by_their_location_link_it_to_the_service():
    report = import_records([
        Record("svc", "service", {"id": SVC, "name": "Kestrel Advice", "status": "active"}),
        Record("loc", "location", {"id": LOC, "location_type": "physical", "name": "Riverside hall",
                                   "latitude": 51.5072, "longitude": -0.1276,
                                   "service_at_locations": [{"id": SAL, "service_id": SVC}]}),
    ])
    assert report.rejected == []
    sal = m.ServiceAtLocation.objects.get(pk=SAL)
    assert (str(sal.service_id), str(sal.location_id)) == (SVC, LOC)
    near = SearchParams(latitude=51.5074, longitude=-0.1278, radius_m=2_000)
    assert [s.name for s in search_services(near).services] == ["Kestrel Advice"]


@pytest.mark.django_db
def test_a_service_listed_whole_but_invalid_rejects_the_record_with_its_pointer():
    report = import_records([Record("org", "organization", organization_listing(
        {"id": SVC, "name": "Bad status", "status": "sometimes"}))])
    assert [(r.label, r.errors[0][0]) for r in report.rejected] == [("org", "/services/0/status")]
    assert not m.Service.objects.filter(pk=SVC).exists()


@pytest.mark.django_db
@pytest.mark.parametrize("where", ["location", "contact", "location contact", "service_at_location"])
def test_a_language_spoken_on_any_phone_of_the_service_finds_it(where):
    """An outside check: languages on the phones of a service's location or contact were in
    the export but `language=` did not find the service."""
    phone = {"id": PHONE, "number": "+44 20 7946 0000", "languages": [
        {"id": "00000000-0000-4000-8000-000000000501", "code": "ckb", "name": "Sorani"}]}
    contact = {"id": "00000000-0000-4000-8000-000000000502", "name": "Front desk", "phones": [phone]}
    location = {"id": LOC, "location_type": "physical", "name": "Hall"}
    sal = {"id": SAL, "location_id": LOC}
    service = {"id": SVC, "name": "Example Advice", "status": "active", "service_at_locations": [sal]}
    if where == "location":
        location["phones"] = [phone]
    elif where == "contact":
        service["contacts"] = [contact]
    elif where == "location contact":
        location["contacts"] = [contact]
    else:
        sal["phones"] = [phone]
    # The location arrives after the service, as a feed may send it.
    report = import_records([Record("svc", "service", service), Record("loc", "location", location)])

    assert report.rejected == []
    assert [s.name for s in search_services(SearchParams(language="ckb")).services] == ["Example Advice"]


@pytest.mark.django_db
@pytest.mark.parametrize("listing", [{"id": SAL}, {"id": SAL, "service_id": SVC}])
@pytest.mark.parametrize("listing_first", [True, False])
def test_a_location_listing_a_service_at_location_never_moves_one_another_record_placed(listing, listing_first):
    """A second outside check: a location listing an existing service-at-location moved it
    there or not depending on which record came first, without a word."""
    other_loc = "00000000-0000-4000-8000-000000000601"
    forward = Record("svc", "service", {"id": SVC, "name": "Kestrel Advice", "status": "active",
                                        "service_at_locations": [{"id": SAL, "location": {
                                            "id": LOC, "location_type": "physical", "name": "Hall"}}]})
    reverse = Record("loc", "location", {"id": other_loc, "location_type": "physical", "name": "Annex",
                                         "service_at_locations": [dict(listing)]})

    report = import_records([reverse, forward] if listing_first else [forward, reverse])

    assert report.rejected == []
    assert str(m.ServiceAtLocation.objects.get(pk=SAL).location_id) == LOC
    assert any(SAL in w and "own link is kept" in w for w in report.warnings), report.warnings
