"""The Open Referral specification's own examples and field guidance, imported as published
(tests/directory/data/hsds-3.0-examples), and small inputs built after them (issue 10)."""

import csv
import json
import shutil
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from harbour.directory import models as m
from harbour.directory.importer import read_records

EXAMPLES = Path(__file__).parent / "data" / "hsds-3.0-examples"


def copy_package(tmp_path) -> Path:
    package = tmp_path / "pkg"
    shutil.copytree(EXAMPLES / "csv", package)
    return package


def _kinds():
    from harbour.directory.hsds import KINDS

    return KINDS


@pytest.mark.django_db
def test_the_official_tabular_package_imports_every_table(tmp_path, capsys):
    package = copy_package(tmp_path)
    descriptor = json.loads((package / "datapackage.json").read_text())
    assert len(descriptor["resources"]) == 21

    call_command("hsds_import", str(package))

    output = capsys.readouterr()
    assert "21 record(s) imported" in output.out
    assert "0 rejected" in output.out
    assert "skipped" not in output.err
    for resource in descriptor["resources"]:
        model = _kinds()[resource["name"]].model
        with (package / resource["path"]).open(encoding="utf-8") as handle:
            [row] = list(csv.DictReader(handle))
        assert model.objects.filter(pk=row["id"]).exists(), resource["name"]
    assert m.MetaTableDescription.objects.get().name == "Example name"


@pytest.mark.django_db
def test_a_table_harbour_cannot_keep_is_named_with_the_reason(tmp_path, capsys):
    package = copy_package(tmp_path)
    descriptor = json.loads((package / "datapackage.json").read_text())
    descriptor["resources"].append({"name": "volunteer_shifts", "path": "volunteer_shifts.csv",
                                    "schema": {"fields": [{"name": "id", "type": "string"}]}})
    (package / "volunteer_shifts.csv").write_text("id\n1\n")
    (package / "funding.csv").unlink()
    (package / "datapackage.json").write_text(json.dumps(descriptor))

    call_command("hsds_import", str(package))

    err = capsys.readouterr().err
    assert "skipped table 'volunteer_shifts' (volunteer_shifts.csv): not an HSDS 3.0 table" in err
    assert "skipped table 'funding': its file funding.csv is not in the package" in err


def guidance_schedules(package: Path, rows: list[dict]) -> None:
    with (package / "schedules.csv").open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)


GUIDANCE_ROW = {
    # The shape of the specification's field guidance (docs/figures/field-guidance/schedules).
    "id": "ceee812e-6ed2-4fe1-87d1-2c88c2d6b8b3", "service_id": "ac148810-d857-441c-9679-408f346de14b",
    "description": "Monday to Friday, 9am to 5pm", "dtstart": "2020-04-01", "until": "null",
    "valid_from": "null", "valid_to": "null", "freq": "WEEKLY", "byday": "MO,TU,WE,TH,FR",
    "opens_at": "09:00:00", "closes_at": "17:00:00",
}


@pytest.mark.django_db
def test_the_word_null_in_a_typed_column_is_no_value(tmp_path):
    package = copy_package(tmp_path)
    guidance_schedules(package, [GUIDANCE_ROW])

    call_command("hsds_import", str(package))

    schedule = m.Schedule.objects.get(pk=GUIDANCE_ROW["id"])
    assert (schedule.until, schedule.valid_from, schedule.valid_to) == ("", "", "")
    assert m.OpeningSlot.objects.filter(service_id=GUIDANCE_ROW["service_id"]).count() == 5


def test_a_value_that_is_not_its_declared_type_is_refused_with_row_and_column(tmp_path):
    package = copy_package(tmp_path)
    guidance_schedules(package, [{**GUIDANCE_ROW, "valid_to": "31/12/2025", "closes_at": "5pm"}])

    [record] = [r for r in read_records(package) if r.kind == "schedule"]

    assert record.label == "schedules.csv row 2"
    assert record.problems == [
        ("/valid_to", "column valid_to: '31/12/2025' is not a date (YYYY-MM-DD)"),
        ("/closes_at", "column closes_at: '5pm' is not a time (HH:MM:SS, with an optional offset)"),
    ]


@pytest.mark.django_db
def test_a_row_with_a_badly_typed_value_is_rejected_and_the_others_imported(tmp_path, capsys):
    package = copy_package(tmp_path)
    guidance_schedules(package, [{**GUIDANCE_ROW, "valid_to": "31/12/2025"}])

    with pytest.raises(CommandError):
        call_command("hsds_import", str(package))

    err = capsys.readouterr().err
    assert ("rejected schedules.csv row 2 (id ceee812e-6ed2-4fe1-87d1-2c88c2d6b8b3): /valid_to: "
            "column valid_to: '31/12/2025' is not a date (YYYY-MM-DD)") in err
    assert not m.Schedule.objects.exists()
    assert m.Service.objects.count() == 1


def test_declared_missing_values_and_booleans_follow_the_table_schema(tmp_path):
    package = copy_package(tmp_path)
    descriptor = json.loads((package / "datapackage.json").read_text())
    for resource in descriptor["resources"]:
        if resource["name"] == "service":
            resource["schema"]["missingValues"] = ["", "n/a"]
    (package / "datapackage.json").write_text(json.dumps(descriptor))
    text = (package / "services.csv").read_text()
    (package / "services.csv").write_text(text.replace(",12,100,", ",n/a,100,"))

    [service] = [r for r in read_records(package) if r.kind == "service"]

    assert "minimum_age" not in service.data
    assert service.data["maximum_age"] == 100.0
    assert service.problems == []


# --- The same data as JSON and as CSV --------------------------------------------------------


def flatten(record: dict, kind: str = "service", tables: dict | None = None, parent=None) -> dict:
    """The tables of a Tabular Data Package holding the same data as a nested HSDS record:
    each object one row, its links written out."""
    from harbour.directory.hsds import KINDS

    tables = tables if tables is not None else {}
    spec = KINDS[kind]
    row = {name: record[name] for name in spec.fields if name in record}
    if parent is not None:
        link, parent_id = parent
        row.setdefault(link, parent_id)
    for key, (child_kind, attr) in spec.nested.items():
        if isinstance(record.get(key), dict):
            link = next(name for name, a in spec.fields.items() if a == attr)
            row.setdefault(link, record[key]["id"])
            flatten(record[key], child_kind, tables)
    for key, (child_kind, link) in spec.children.items():
        for child in record.get(key, []):
            flatten(child, child_kind, tables, (link, record["id"]))
    if spec.attributes:
        for attribute in record.get("attributes", []):
            flatten(attribute, "attribute", tables, ("link_id", record["id"]))
    if spec.metadata:
        for row_meta in record.get("metadata", []):
            flatten(row_meta, "metadata", tables, ("resource_id", record["id"]))
    merged = tables.setdefault(kind, {}).setdefault(row["id"], {})
    merged.update({k: v for k, v in row.items() if v is not None})
    return tables


def write_flat_package(directory: Path, tables: dict) -> None:
    descriptor = json.loads((EXAMPLES / "csv" / "datapackage.json").read_text())
    directory.mkdir()
    (directory / "datapackage.json").write_text(json.dumps(descriptor))
    paths = {r["name"]: r["path"] for r in descriptor["resources"]}
    for name, rows in tables.items():
        columns = list(dict.fromkeys(k for row in rows.values() for k in row))
        with (directory / paths[name]).open("w", newline="", encoding="utf-8") as handle:
            writer = csv.DictWriter(handle, fieldnames=columns)
            writer.writeheader()
            writer.writerows({k: ("true" if v is True else "false" if v is False else v)
                              for k, v in row.items()} for row in rows.values())


def wipe_directory() -> None:
    from harbour.directory.profile import HARBOUR_TAXONOMY_ID

    for model in apps_models():
        rows = model.objects.all()
        if model is m.TaxonomyTerm:
            rows = rows.exclude(taxonomy_detail_id=HARBOUR_TAXONOMY_ID)
        if model is m.Taxonomy:
            rows = rows.exclude(pk=HARBOUR_TAXONOMY_ID)
        rows.delete()


def apps_models():
    from django.apps import apps

    return apps.get_app_config("directory").get_models()


@pytest.mark.django_db
def test_the_same_data_as_json_and_as_csv_gives_the_same_export(tmp_path):
    from tests.directory import hsds_samples as samples

    record = samples.service_full()
    (tmp_path / "one.json").write_text(json.dumps(record))
    call_command("hsds_import", str(tmp_path / "one.json"))
    call_command("hsds_export", str(tmp_path / "from_json.json"))
    wipe_directory()

    write_flat_package(tmp_path / "pkg", flatten(record))
    call_command("hsds_import", str(tmp_path / "pkg"))
    call_command("hsds_export", str(tmp_path / "from_csv.json"))

    from_json = json.loads((tmp_path / "from_json.json").read_text())
    from_csv = json.loads((tmp_path / "from_csv.json").read_text())
    assert from_csv == from_json
    assert from_json == [record]


@pytest.mark.django_db
def test_the_official_json_example_keeps_its_nested_links(tmp_path):
    call_command("hsds_import", str(EXAMPLES / "service_full.json"))

    service = m.Service.objects.get()
    assert str(service.organization_id) == "d9d5e0f5-d3ce-4f73-9a2f-4dd0ecc6c610"
    assert str(service.program_id) == "e7ec2e57-4540-43fa-b2c7-6be5a0ef7f42"
    sal = m.ServiceAtLocation.objects.get()
    assert str(sal.location_id) == "3a19ff88-4620-4d17-9830-ac1d859eb5d5"
    assert str(m.Attribute.objects.get(pk="ae58cc39-8b70-4ab1-8aea-786882e5ac8e").taxonomy_term_id) == \
        "3f7b145d-84af-42d7-8fae-eaca714b02b2"


def test_validate_reports_a_badly_typed_cell_and_a_skipped_table(tmp_path, capsys):
    package = copy_package(tmp_path)
    guidance_schedules(package, [{**GUIDANCE_ROW, "valid_to": "31/12/2025"}])
    (package / "funding.csv").unlink()

    with pytest.raises(CommandError):
        call_command("hsds_validate", str(package))

    err = capsys.readouterr().err
    assert "invalid schedules.csv row 2 (id ceee812e-6ed2-4fe1-87d1-2c88c2d6b8b3): /valid_to: column valid_to: " \
           "'31/12/2025' is not a date (YYYY-MM-DD)" in err
    assert "skipped table 'funding': its file funding.csv is not in the package" in err


# An outside check: packages the Data Package specification allows, or gets wrong, whose tables
# were skipped without a word or for a wrong reason (issue 10.3's kind).
def _descriptor(package: Path) -> dict:
    return json.loads((package / "datapackage.json").read_text())


def _write_descriptor(package: Path, descriptor: dict) -> None:
    (package / "datapackage.json").write_text(json.dumps(descriptor))


def _resource(descriptor: dict, name: str) -> dict:
    return next(r for r in descriptor["resources"] if r["name"] == name)


def test_every_table_not_read_is_named_with_its_reason(tmp_path):
    package = copy_package(tmp_path)
    descriptor = _descriptor(package)
    phone_path = _resource(descriptor, "phone")["path"]
    _resource(descriptor, "language")["data"] = [{"id": "x"}]
    del _resource(descriptor, "language")["path"]
    _resource(descriptor, "contact")["path"] = ["contacts.csv", "contacts-2.csv"]
    descriptor["resources"] = [r for r in descriptor["resources"] if r["name"] != "phone"]
    descriptor["resources"] += ["locations.csv", 42]
    _write_descriptor(package, descriptor)

    notes: list[str] = []
    read_records(package, notes=notes)

    said = "\n".join(notes)
    assert f"skipped file {Path(phone_path).name}: datapackage.json does not list it" in said
    assert "skipped table 'language': its rows are inline" in said
    assert "skipped table 'contact': its rows are split over several files (contacts.csv, contacts-2.csv)" in said
    assert "skipped resource 6" in said or "'locations.csv' is not a resource" in said
    assert "42 is not a resource" in said


@pytest.mark.parametrize("change", ["duplicate", "not_a_list", "bad_dialect"])
def test_a_package_whose_descriptor_cannot_be_read_as_written_is_refused_whole(tmp_path, change):
    from harbour.directory.importer import FileProblem

    package = copy_package(tmp_path)
    descriptor = _descriptor(package)
    if change == "duplicate":
        descriptor["resources"].append({**_resource(descriptor, "phone"), "path": "phones-2.csv"})
    elif change == "not_a_list":
        descriptor["resources"] = {"service": _resource(descriptor, "service")}
    else:
        _resource(descriptor, "service")["dialect"] = {"delimiter": ";;"}
    _write_descriptor(package, descriptor)

    with pytest.raises(FileProblem, match="nothing was imported"):
        read_records(package)


def test_a_declared_dialect_delimiter_is_read(tmp_path):
    package = copy_package(tmp_path)
    descriptor = _descriptor(package)
    path = package / _resource(descriptor, "service")["path"]
    rows = list(csv.reader(path.open(newline="")))
    with path.open("w", newline="") as out:
        csv.writer(out, delimiter=";").writerows(rows)
    _resource(descriptor, "service")["dialect"] = {"delimiter": ";"}
    _write_descriptor(package, descriptor)

    [service] = [r for r in read_records(package) if r.kind == "service"]

    assert service.problems == [] and service.data["name"]


@pytest.mark.parametrize(("cell", "spec", "expected"), [
    ("1000", {"type": "number"}, 1000.0),
    ("-1.5e3", {"type": "number"}, -1500.0),
    ("1.000,5", {"type": "number", "groupChar": ".", "decimalChar": ","}, 1000.5),
    ("1_000", {"type": "number"}, None),
    ("١٢", {"type": "number"}, None),
    ("12", {"type": "integer"}, 12),
    ("1_2", {"type": "integer"}, None),
    ("١٢", {"type": "integer"}, None),
    ("2024", {"type": "year"}, 2024),
])
def test_numbers_are_read_in_the_table_schema_lexical_form(cell, spec, expected):
    from harbour.directory.importer import _NotTyped, _typed

    if expected is None:
        with pytest.raises(_NotTyped):
            _typed(cell, spec, frozenset({""}))
    else:
        assert _typed(cell, spec, frozenset({""})) == expected


@pytest.mark.parametrize("written", ['"minimum_age": NaN', '"minimum_age": Infinity', '"minimum_age": -Infinity',
                                     '"minimum_age": 1e400'])
@pytest.mark.parametrize("ndjson", [False, True])
def test_numbers_json_does_not_have_refuse_the_file(tmp_path, written, ndjson):
    """A second outside check: NaN, Infinity and 1e400 were imported, and the export then
    wrote `Infinity`, which is not JSON."""
    from harbour.directory.importer import FileProblem

    record = '{"id": "00000000-0000-4000-8000-000000000701", "name": "N", "status": "active", ' + written + "}"
    other = '{"id": "00000000-0000-4000-8000-000000000702", "name": "M", "status": "active"}'
    path = tmp_path / "feed.json"
    path.write_text(f"{other}\n{record}\n" if ndjson else f"[{other}, {record}]")

    with pytest.raises(FileProblem, match=r"(not a JSON number|too large a number).*nothing was imported"):
        read_records(path)


def test_a_path_given_as_a_list_of_one_file_is_that_file(tmp_path):
    package = copy_package(tmp_path)
    descriptor = _descriptor(package)
    _resource(descriptor, "schedule")["path"] = [_resource(descriptor, "schedule")["path"]]
    _write_descriptor(package, descriptor)

    notes: list[str] = []
    records = read_records(package, notes=notes)

    assert any(r.kind == "schedule" for r in records)
    assert not [n for n in notes if "schedule" in n]


def test_an_unlisted_csv_is_named_whatever_the_case_of_its_extension(tmp_path):
    package = copy_package(tmp_path)
    (package / "EXTRA.CSV").write_text("id\n1\n")
    notes: list[str] = []
    read_records(package, notes=notes)
    assert "skipped file EXTRA.CSV: datapackage.json does not list it" in notes


@pytest.mark.parametrize("dialect", [{"header": False}, "excel"])
def test_a_dialect_harbour_cannot_read_as_declared_refuses_the_package(tmp_path, dialect):
    from harbour.directory.importer import FileProblem

    package = copy_package(tmp_path)
    descriptor = _descriptor(package)
    _resource(descriptor, "service")["dialect"] = dialect
    _write_descriptor(package, descriptor)
    with pytest.raises(FileProblem, match="header row"):
        read_records(package)


def test_a_row_with_fewer_values_than_columns_is_rejected_not_read_as_empty(tmp_path):
    package = copy_package(tmp_path)
    path = package / _resource(_descriptor(package), "phone")["path"]
    lines = path.read_text().splitlines()
    lines[1] = ",".join(lines[1].split(",")[:2])
    path.write_text("\n".join(lines) + "\n")

    [phone] = [r for r in read_records(package) if r.kind == "phone" and r.label.endswith("row 2")]

    assert phone.problems == [("/", "row 2 has fewer values than the header has columns")]
