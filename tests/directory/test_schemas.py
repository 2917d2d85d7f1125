import hashlib
from pathlib import Path

from harbour.directory import schemas
from tests.directory.hsds_samples import service_full

VENDORED = Path(schemas.SCHEMA_DIR)


def sums() -> dict[str, str]:
    lines = (VENDORED / "SHA256SUMS").read_text().splitlines()
    return {name.strip(): digest for digest, name in (line.split(maxsplit=1) for line in lines if line.strip())}


def test_every_vendored_schema_matches_its_published_checksum():
    expected = sums()
    actual = {name: hashlib.sha256((VENDORED / name).read_bytes()).hexdigest() for name in expected}
    assert actual == expected


def test_no_unlisted_json_file_is_vendored():
    assert sorted(p.name for p in VENDORED.glob("*.json")) == sorted(sums())


def test_the_licence_and_readme_travel_with_the_schemas():
    assert "Creative Commons" in (VENDORED / "LICENSE").read_text() or \
        "Attribution-ShareAlike" in (VENDORED / "LICENSE").read_text()
    assert "CC BY-SA 4.0" in (VENDORED / "README.md").read_text()


def test_a_complete_service_validates_offline(monkeypatch):
    import socket

    def no_network(*args, **kwargs):
        raise AssertionError("validation tried to use the network")

    monkeypatch.setattr(socket, "create_connection", no_network)
    assert schemas.errors("service", service_full()) == []


def test_schema_errors_name_their_json_pointer():
    data = service_full()
    del data["status"]
    data["id"] = "not-a-uuid"
    data["phones"][0]["number"] = 5
    assert schemas.errors("service", data) == [
        ("/", "'status' is a required property"),
        ("/id", "'not-a-uuid' is not a 'uuid'"),
        ("/phones/0/number", "5 is not of type 'string'"),
    ]


def test_each_schema_file_is_registered_under_its_own_name():
    names = set(schemas.registry())
    assert {"service.json", "phone.json", "taxonomy_term.json", "attribute.json"} <= names
    assert "openapi.json" not in names
