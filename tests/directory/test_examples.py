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
