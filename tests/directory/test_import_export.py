import copy
import csv
import json
import uuid
from datetime import timedelta

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from harbour.directory import schemas
from harbour.directory.hsds import Dumper
from harbour.directory.models import (
    Attribute,
    Claim,
    Location,
    Organization,
    Phone,
    Service,
    Translation,
)
from harbour.directory.profile import CONFIDENTIAL_TERM_ID, claim_term_id
from tests.directory import hsds_samples as samples


def write(path, data):
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def run_import(path, *args):
    call_command("hsds_import", str(path), *args)


def export(tmp_path) -> list[dict]:
    out = tmp_path / "export.json"
    call_command("hsds_export", str(out))
    return json.loads(out.read_text(encoding="utf-8"))


def counts() -> dict:
    from django.apps import apps

    return {model.__name__: model.objects.count() for model in apps.get_app_config("directory").get_models()}


@pytest.mark.django_db
def test_import_then_export_round_trips_every_hsds_field(tmp_path):
    data = samples.service_full()
    run_import(write(tmp_path / "one.json", data))
    assert export(tmp_path) == [data]


@pytest.mark.django_db
def test_the_export_validates_against_the_vendored_schema(tmp_path):
    run_import(write(tmp_path / "one.json", samples.service_full()))
    for record in export(tmp_path):
        assert schemas.errors("service", record) == []


@pytest.mark.django_db
def test_importing_the_same_data_twice_changes_nothing_and_keeps_ids(tmp_path, capsys):
    path = write(tmp_path / "one.json", samples.service_full())
    run_import(path)
    before, first_export = counts(), export(tmp_path)
    edited = Service.objects.values_list("last_modified", flat=True).get()
    run_import(path)
    assert "0 updated" in capsys.readouterr().out.splitlines()[-1]
    assert counts() == before
    assert export(tmp_path) == first_export
    assert Service.objects.values_list("last_modified", flat=True).get() == edited
    assert str(Service.objects.get().pk) == samples.SVC


@pytest.mark.django_db
@pytest.mark.parametrize("shape", ["object", "list", "page", "ndjson"])
def test_every_json_shape_imports_the_same_record(tmp_path, shape):
    data = samples.service_full()
    path = tmp_path / "in.json"
    if shape == "object":
        write(path, data)
    elif shape == "list":
        write(path, [data])
    elif shape == "page":
        write(path, {"total_items": 1, "total_pages": 1, "page_number": 1, "size": 1,
                     "first_page": True, "last_page": True, "empty": False, "contents": [data]})
    else:
        second = copy.deepcopy(data)
        path.write_text(json.dumps(data) + "\n" + json.dumps(second) + "\n", encoding="utf-8")
    run_import(path)
    assert export(tmp_path) == [data]


@pytest.mark.django_db
def test_an_invalid_record_is_reported_with_its_path_and_the_others_are_imported(tmp_path, capsys):
    good = samples.service_full()
    bad = {"id": "not-a-uuid", "name": "Broken"}
    with pytest.raises(CommandError, match="1 record"):
        run_import(write(tmp_path / "in.json", [good, bad]))
    err = capsys.readouterr().err
    assert "rejected item 1 (id not-a-uuid): /: 'status' is a required property" in err
    assert "rejected item 1 (id not-a-uuid): /id: 'not-a-uuid' is not a 'uuid'" in err
    assert list(Service.objects.values_list("name", flat=True)) == ["Legal advice for women"]


@pytest.mark.django_db
def test_a_deeply_invalid_field_is_reported_by_json_pointer(tmp_path, capsys):
    data = samples.service_full()
    data["service_at_locations"][0]["location"]["location_type"] = "secret"
    with pytest.raises(CommandError):
        run_import(write(tmp_path / "in.json", data))
    assert "/service_at_locations/0/location/location_type: 'secret' is not one of" in capsys.readouterr().err
    assert counts()["Service"] == 0


@pytest.mark.django_db
def test_malformed_json_imports_nothing_and_says_where(tmp_path):
    path = tmp_path / "in.json"
    path.write_text('{"id": "x",\n "name": }', encoding="utf-8")
    with pytest.raises(CommandError, match=r"in.json: malformed JSON at line 2, column 10"):
        run_import(path)


@pytest.mark.django_db
def test_a_broken_ndjson_line_imports_nothing(tmp_path):
    data = samples.service_full()
    path = tmp_path / "in.ndjson"
    path.write_text(json.dumps(data) + "\n{broken\n", encoding="utf-8")
    with pytest.raises(CommandError, match="line 2 is not JSON"):
        run_import(path)
    assert Service.objects.count() == 0


@pytest.mark.django_db
def test_a_file_in_the_wrong_encoding_imports_nothing(tmp_path):
    path = tmp_path / "in.json"
    path.write_bytes(json.dumps({"id": samples.SVC, "name": "Café", "status": "active"},
                                ensure_ascii=False).encode("latin-1"))
    with pytest.raises(CommandError, match="in.json: not UTF-8 text"):
        run_import(path)
    assert Service.objects.count() == 0


def write_package(directory, tables: dict[str, list[dict]]):
    directory.mkdir()
    descriptor = json.loads((schemas.SCHEMA_DIR / "datapackage.json").read_text())
    wanted = [r for r in descriptor["resources"] if r["name"] in tables]
    (directory / "datapackage.json").write_text(json.dumps({**descriptor, "resources": wanted}))
    paths = {r["name"]: r["path"] for r in wanted}
    for name, rows in tables.items():
        columns = list(dict.fromkeys(k for row in rows for k in row))
        with (directory / paths[name]).open("w", newline="", encoding="utf-8") as handle:
            writer = csv.DictWriter(handle, fieldnames=columns)
            writer.writeheader()
            writer.writerows(rows)


def tabular_tables():
    return {
        "organization": [{"id": samples.ORG, "name": "Example Women's Network", "description": "Network"}],
        "service": [{"id": samples.SVC, "organization_id": samples.ORG, "name": "Advice",
                     "status": "active", "minimum_age": "16"}],
        "location": [{"id": samples.LOC, "location_type": "physical", "name": "Centre",
                      "latitude": "51.5", "longitude": "-0.1"}],
        "service_at_location": [{"id": samples.SAL, "service_id": samples.SVC, "location_id": samples.LOC}],
        "language": [{"id": samples.uid(1), "location_id": samples.LOC, "code": "fa", "name": "Farsi"}],
        "phone": [{"id": samples.uid(2), "service_id": samples.SVC, "number": "+44 20 7946 0001"}],
    }


@pytest.mark.django_db
def test_a_tabular_data_package_is_rebuilt_into_nested_records(tmp_path):
    write_package(tmp_path / "pkg", tabular_tables())
    run_import(tmp_path / "pkg")
    [service] = export(tmp_path)
    assert service["minimum_age"] == 16
    assert service["organization"]["name"] == "Example Women's Network"
    assert service["phones"][0]["number"] == "+44 20 7946 0001"
    assert service["service_at_locations"][0]["location"]["languages"][0]["code"] == "fa"
    assert schemas.errors("service", service) == []


@pytest.mark.django_db
def test_a_csv_missing_a_required_column_imports_nothing(tmp_path):
    tables = tabular_tables()
    del tables["service"][0]["status"]
    write_package(tmp_path / "pkg", tables)
    with pytest.raises(CommandError, match=r"services.csv: missing column\(s\) status; nothing was imported"):
        run_import(tmp_path / "pkg")
    assert counts()["Organization"] == 0


@pytest.mark.django_db
def test_a_bad_csv_row_is_named_by_file_and_row(tmp_path, capsys):
    tables = tabular_tables()
    tables["service"][0]["status"] = "maybe"
    write_package(tmp_path / "pkg", tables)
    with pytest.raises(CommandError):
        run_import(tmp_path / "pkg")
    assert f"rejected services.csv row 2 (id {samples.SVC}): /status: 'maybe' is not one of" in capsys.readouterr().err


# --- Harbour's profile in the export ---------------------------------------------------------


def make_claim(service, kind, *, days_left: int, method="phone"):
    now = timezone.now()
    return Claim.objects.create(service=service, kind=kind, method=method,
                                verified_at=now - timedelta(days=30),
                                lapses_at=now + timedelta(days=days_left))


@pytest.mark.django_db
def test_a_current_claim_is_exported_as_a_harbour_attribute_and_a_lapsed_one_is_not(tmp_path):
    run_import(write(tmp_path / "one.json", samples.service_full()))
    service = Service.objects.get()
    make_claim(service, Claim.Kind.FIREWALL_PLEDGE, days_left=10)
    make_claim(service, Claim.Kind.NRPF, days_left=-1)
    [record] = export(tmp_path)
    harbour = [a for a in record["attributes"] if a["link_type"] == "harbour_claim"]
    assert [a["taxonomy_term"]["code"] for a in harbour] == ["firewall_pledge"]
    assert harbour[0]["value"] == "true"
    assert harbour[0]["verification"]["method"] == "phone"
    assert harbour[0]["metadata"][0]["last_action_type"] == "verified"
    assert schemas.errors("service", record) == []


@pytest.mark.django_db
def test_an_exported_claim_imports_back_as_the_same_claim(tmp_path):
    run_import(write(tmp_path / "one.json", samples.service_full()))
    claim = make_claim(Service.objects.get(), Claim.Kind.WOMEN_ONLY, days_left=60, method="visit")
    exported = export(tmp_path)
    Claim.objects.all().delete()
    run_import(write(tmp_path / "again.json", exported))
    again = Claim.objects.get()
    assert (again.pk, again.kind, again.method) == (claim.pk, "women_only", "visit")
    assert abs(again.lapses_at - claim.lapses_at) < timedelta(milliseconds=1)
    assert not Attribute.objects.filter(taxonomy_term_id=claim_term_id("women_only")).exists()


def confidential(location_id=samples.LOC):
    Location.objects.filter(pk=location_id).update(
        confidential=True, coarse_area="North London", coarse_latitude=51.57, coarse_longitude=-0.1,
        gatekeeper_phone="+44 20 7946 0999")


@pytest.mark.django_db
def test_a_confidential_location_leaves_only_its_area_and_gatekeeper_phone(tmp_path):
    run_import(write(tmp_path / "one.json", samples.service_full()))
    confidential()
    text = (tmp_path / "raw.json")
    call_command("hsds_export", str(text))
    raw = text.read_text(encoding="utf-8")
    for secret in ("1 Example Street", "E1 1AA", "51.5155", "-0.0922", "100023336956", "Ground floor",
                   "Bus 12", "Lift to all floors", "+44 20 7946 0000\", \"type\": \"voice\", \"location_id"):
        assert secret not in raw
    [record] = json.loads(raw)
    location = record["service_at_locations"][0]["location"]
    assert location["name"] == "North London"
    assert [p["number"] for p in location["phones"]] == ["+44 20 7946 0999"]
    assert location["attributes"][0]["taxonomy_term_id"] == str(CONFIDENTIAL_TERM_ID)
    assert "latitude" not in location and "addresses" not in location
    assert schemas.errors("service", record) == []


@pytest.mark.django_db
def test_a_feed_never_overwrites_a_confidential_location(tmp_path, capsys):
    path = write(tmp_path / "one.json", samples.service_full())
    run_import(path)
    confidential()
    run_import(path)
    location = Location.objects.get(pk=samples.LOC)
    assert (location.confidential, location.coarse_area) == (True, "North London")
    assert "confidential in Harbour" in capsys.readouterr().err


@pytest.mark.django_db
def test_translations_travel_in_the_profile_extension(tmp_path):
    data = samples.service_full()
    data["translations"] = [{"language": "ar", "name": "مشورة قانونية", "description": "مشورة مجانية",
                             "review_state": "draft"}]
    run_import(write(tmp_path / "one.json", data))
    assert Translation.objects.get().review_state == "draft"
    assert export(tmp_path) == [data]


@pytest.mark.django_db
def test_a_child_dropped_from_the_feed_is_removed(tmp_path):
    data = samples.service_full()
    run_import(write(tmp_path / "one.json", data))
    data["phones"] = []
    run_import(write(tmp_path / "two.json", data))
    assert not Phone.objects.filter(pk=samples.uid(100)).exists()
    assert "phones" not in export(tmp_path)[0]


@pytest.mark.django_db
def test_unknown_properties_survive_the_round_trip(tmp_path):
    data = samples.service_full()
    data["x_local_code"] = "A12"
    run_import(write(tmp_path / "one.json", data))
    assert export(tmp_path)[0]["x_local_code"] == "A12"


@pytest.mark.django_db
def test_dumper_does_not_show_a_lapsed_claim_at_the_moment_it_lapses():
    org = Organization.objects.create(name="O", description="d")
    service = Service.objects.create(name="S", organization=org)
    claim = make_claim(service, Claim.Kind.FIREWALL_PLEDGE, days_left=1)
    assert Dumper(at=claim.lapses_at).dump("service", service).get("attributes") is None
    assert uuid.UUID(Dumper(at=claim.lapses_at - timedelta(seconds=1)).dump("service", service)
                     ["attributes"][0]["id"]) == claim.pk


@pytest.mark.django_db
def test_reimporting_harbours_own_export_changes_nothing(tmp_path, capsys):
    run_import(write(tmp_path / "one.json", samples.service_full()))
    Service.objects.update(last_modified=timezone.now())  # microseconds; HSDS carries milliseconds
    make_claim(Service.objects.get(), Claim.Kind.FIREWALL_PLEDGE, days_left=30)
    exported = export(tmp_path)
    capsys.readouterr()
    run_import(write(tmp_path / "again.json", exported))
    assert ", 0 updated," in capsys.readouterr().out
    assert export(tmp_path) == exported


@pytest.mark.django_db
def test_other_hsds_objects_import_with_type(tmp_path):
    run_import(write(tmp_path / "t.json", [samples.taxonomy()]), "--type", "taxonomy")
    run_import(write(tmp_path / "terms.json", [samples.parent_term(), samples.term()]), "--type", "taxonomy_term")
    run_import(write(tmp_path / "org.json", samples.organization()), "--type", "organization")
    from harbour.directory.models import TaxonomyTerm

    assert TaxonomyTerm.objects.get(pk=samples.TERM).parent_id == uuid.UUID(samples.PARENT_TERM)
    assert Organization.objects.get(pk=samples.ORG).name == "Example Women's Network"
    assert Location.objects.filter(pk=samples.LOC).exists()


@pytest.mark.django_db
def test_strict_mode_warns_about_a_typo_but_not_about_harbours_extensions(tmp_path, capsys):
    data = samples.service_full()
    data["firewal_pledge"] = True
    data["phones"][0]["numbr"] = "1"
    data["translations"] = [{"language": "ar", "name": "x", "description": "y", "review_state": "draft"}]
    run_import(write(tmp_path / "one.json", data), "--strict")
    err = capsys.readouterr().err
    assert "warning: the object: /firewal_pledge: not an HSDS 3.0 property" in err
    assert "warning: the object: /phones/0/numbr: not an HSDS 3.0 property" in err
    assert "translations" not in err
    assert Service.objects.get().extra == {"firewal_pledge": True}


@pytest.mark.django_db
def test_an_open_referral_uk_v1_page_is_read(tmp_path):
    data = samples.service_full()
    run_import(write(tmp_path / "v1.json", {"totalElements": 1, "totalPages": 1, "number": 1, "size": 1,
                                             "first": True, "last": True, "content": [data]}))
    assert export(tmp_path) == [data]


@pytest.mark.django_db
def test_harbours_freshness_travels_as_a_verification_extension(tmp_path):
    data = samples.service_full()
    data["verification"] = {"last_verified_at": "2026-03-01T09:00:00.000Z", "method": "visit"}
    run_import(write(tmp_path / "one.json", data))
    service = Service.objects.get()
    assert (service.last_verified_method, service.last_verified_at.isoformat()) == (
        "visit", "2026-03-01T09:00:00+00:00")
    assert export(tmp_path) == [data]


@pytest.mark.django_db
def test_a_value_beyond_harbours_limits_is_rejected_by_pointer_and_nothing_half_imported(tmp_path, capsys):
    data = samples.service_full()
    data["cost_options"][0]["currency"] = "POUNDS"
    with pytest.raises(CommandError):
        run_import(write(tmp_path / "one.json", data))
    err = capsys.readouterr().err
    assert "/cost_options/0/currency: Ensure this value has at most 3 characters (it has 6)." in err
    assert counts()["Service"] == counts()["Phone"] == counts()["Organization"] == 0


@pytest.mark.django_db
def test_a_too_long_value_on_the_record_itself_names_the_record(tmp_path, capsys):
    data = samples.service_full()
    data["languages"][0]["code"] = "x" * 20
    data["organization"]["name"] = "Fine"
    with pytest.raises(CommandError):
        run_import(write(tmp_path / "one.json", data))
    assert "/languages/0/code: Ensure this value has at most 16 characters (it has 20)." in capsys.readouterr().err


@pytest.mark.django_db
def test_validate_checks_without_importing(tmp_path, capsys):
    path = write(tmp_path / "in.json", [samples.service_full(), {"id": samples.SVC, "name": "x"}])
    with pytest.raises(CommandError, match="1 record"):
        call_command("hsds_validate", str(path))
    captured = capsys.readouterr()
    assert f"invalid item 1 (id {samples.SVC}): /: 'status' is a required property" in captured.err
    assert "1 of 2 record(s) valid." in captured.out
    assert counts()["Service"] == 0


@pytest.mark.django_db
def test_an_imported_translation_is_one_per_language_in_any_letter_case(tmp_path):
    """Stored in RFC 5646's canonical case, as staff edits are; a feed that writes the same tag
    in another case updates that translation instead of adding a second one beside it."""
    data = samples.service_full()
    data["translations"] = [{"language": "pt-br", "name": "Conselho", "description": "", "review_state": "draft"}]
    run_import(write(tmp_path / "one.json", data))
    data["translations"][0].update(language="PT-BR", name="Conselho jurídico")
    run_import(write(tmp_path / "two.json", data))
    assert list(Translation.objects.values_list("language", "name")) == [("pt-BR", "Conselho jurídico")]
