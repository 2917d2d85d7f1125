"""F5: the seizure test on a file database in WAL mode, and mutation fixtures showing the
probe finds keys however they are encoded and wherever they are put.

tests/help/test_seizure.py runs the journey in the test database; here a fresh process
runs it on a file database configured as `make run` configures it (WAL, secure_delete) and
the main, `-wal` and `-shm` files are copied while its connection is open, as when a
running server is seized.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import transaction

from harbour.core.audit import audit_append
from harbour.firewall import crypto, keyring
from tests.directory.test_sealing import CANARIES as LOCATION_CANARIES
from tests.firewall.traces import encodings_of
from tests.help.seizure import attempt_to_unseal, decodings
from tests.help.test_seizure import CANARIES, FORWARDED_FOR, REMOTE_ADDR, USER_AGENT, run_journey

ROOT = Path(__file__).resolve().parents[2]
SECRETS = [*CANARIES.values(), *LOCATION_CANARIES.values(), USER_AGENT, FORWARDED_FOR, REMOTE_ADDR]


def _run(module: str, *args: str, database: Path | None = None) -> dict:
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.test_settings"}
    if database is not None:
        env["DATABASE_URL"] = f"sqlite:///{database}"
    result = subprocess.run([sys.executable, "-m", module, *args], cwd=ROOT, env=env,  # noqa: S603
                            capture_output=True, text=True, timeout=600, check=False)
    assert result.returncode == 0, result.stderr[-3000:]
    return json.loads(result.stdout.strip().splitlines()[-1])


def seize_a_running_server(workdir: Path, *mutation: str) -> dict:
    return _run("tests.firewall.seizure_wal", str(workdir), *mutation)


def found_in(path: str, secrets) -> list[str]:
    blob = Path(path).read_bytes()
    return [s for s in secrets if any(form in blob for form in encodings_of(s.encode()))]


# These run their own SQLite file database in a fresh process, whatever the suite's database:
# on the PostgreSQL run they would repeat the SQLite run's work, so they run once, there.
on_sqlite_run_only = pytest.mark.skipif(not os.environ.get("DATABASE_URL", "sqlite").startswith("sqlite"),
                                        reason="the SQLite run of the suite covers the WAL seizure")


@pytest.fixture(scope="module")
def seized(tmp_path_factory):
    return seize_a_running_server(tmp_path_factory.mktemp("seizure"))


@on_sqlite_run_only
def test_the_seized_server_ran_on_a_wal_file_database(seized):
    assert seized["journal_mode"] == "wal"
    assert [Path(f).name for f in seized["files"]] == ["harbour.sqlite3", "harbour.sqlite3-wal",
                                                       "harbour.sqlite3-shm"]
    assert Path(seized["files"][1]).stat().st_size > 0  # later writes are in the -wal file


@on_sqlite_run_only
def test_no_canary_code_address_or_agent_in_the_main_wal_or_shm_file(seized):
    secrets = [*SECRETS, seized["code"]]
    assert {Path(f).name: found_in(f, secrets) for f in seized["files"]} == {
        "harbour.sqlite3": [], "harbour.sqlite3-wal": [], "harbour.sqlite3-shm": []}


@on_sqlite_run_only
def test_the_seized_files_open_no_sealed_record_without_a_members_password(seized):
    main, *_ = seized["files"]
    files = "--files=" + ",".join(seized["files"])
    assert _run("tests.help.seizure_probe", files, database=Path(main)) == {"records": 5, "opened": 0}


@on_sqlite_run_only
def test_the_probe_is_able_with_a_members_password(seized):
    from tests.conftest import PASSWORD

    main, *_ = seized["files"]
    assert _run("tests.help.seizure_probe", PASSWORD, database=Path(main)) == {"records": 5, "opened": 5}


@on_sqlite_run_only
def test_mutation_without_the_checkpoint_the_plain_address_stays_in_the_wal_file(tmp_path):
    seized = seize_a_running_server(tmp_path, "--mutation=no-checkpoint")
    wal = seized["files"][1]
    assert found_in(wal, LOCATION_CANARIES.values()) == list(LOCATION_CANARIES.values())


# -- mutation fixtures: keys stored where or how they must not be ---------------------------

@pytest.fixture
def journey(client, sealed_a, partner_b, caseworker_a, org_a):
    run_journey(client, org_a, partner_b, caseworker_a)
    assert attempt_to_unseal() == {"records": 4, "opened": 0}
    return sealed_a[0]


@pytest.mark.django_db
def test_mutation_a_keyring_kept_as_plain_json_in_the_session_is_found(journey, caseworker_a, monkeypatch):
    real_store = keyring.keyring_store

    def careless_store(request, keys, **kwargs):
        real_store(request, keys, **kwargs)
        request.session["hb_keyring_plain"] = json.dumps({k: crypto.b64(bytes(v)) for k, v in keys.items()})

    monkeypatch.setattr("harbour.firewall.receivers.keyring_store", careless_store)
    from tests.firewall.helpers import login

    login(caseworker_a)
    assert attempt_to_unseal() == {"records": 4, "opened": 3}  # A's three; B's copy is B's key


@pytest.mark.django_db
def test_mutation_an_organisation_key_written_into_an_audit_detail_is_found(journey):
    with transaction.atomic():
        audit_append(action="firewall.debug", detail={"key": crypto.b64(bytes(journey))})
    assert attempt_to_unseal() == {"records": 4, "opened": 3}


@pytest.mark.parametrize("encode", [
    lambda key: crypto.b64(key).encode(),
    lambda key: key.hex().encode(),
    lambda key: key.hex().upper().encode(),
    lambda key: json.dumps({"nested": [{"k": crypto.b64(key).replace("+", "-").replace("/", "_")}]}).encode(),
    lambda key: crypto.format_recovery_key(key).encode(),
    lambda key: b"x=" + crypto.b64(b"prefix" + key).encode() + b";",
    lambda key: key,
], ids=["base64", "hex", "HEX", "urlsafe-in-json", "recovery-groups", "inside-a-longer-value", "raw"])
def test_the_probe_decodes_a_key_in_every_encoding(encode):
    key = crypto.new_secret_key()
    assert key in decodings(encode(key))


@pytest.mark.django_db
def test_mutation_a_key_derived_from_the_secret_key_is_found(journey, settings):
    import hashlib

    from harbour.firewall.models import OrganisationKey

    # A "convenience" that wraps the organisation key under a hash of the secret key.
    server_key = hashlib.blake2b(settings.SECRET_KEY.encode(), digest_size=32).digest()
    org_key = OrganisationKey.objects.get(organisation=journey_org(journey))
    org_key.recovery_wrapped_private_key = crypto.wrap(server_key, bytes(journey))
    org_key.save()
    assert attempt_to_unseal() == {"records": 4, "opened": 3}


def journey_org(private_key):
    from harbour.firewall.models import OrganisationKey

    for org_key in OrganisationKey.objects.select_related("organisation"):
        if bytes(org_key.public_key) == bytes(private_key.public_key):
            return org_key.organisation
    raise AssertionError("no organisation holds this key")
