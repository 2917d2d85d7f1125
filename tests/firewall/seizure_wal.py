"""A running server seized: the whole journey on a file database in WAL mode, configured
exactly as `make run` configures it (config/env.py), then its main, `-wal` and `-shm` files
copied while the server's connection is still open.

    python -m tests.firewall.seizure_wal WORKDIR [--mutation=no-checkpoint]

Prints JSON: the status code the journey made, and the paths of the copied files. The
mutation leaves out the checkpoint after sealing (so the test can show it would fail).
"""

import json
import os
import shutil
import sys
from pathlib import Path


def main() -> None:
    workdir = Path(sys.argv[1])
    mutation = next((a.split("=", 1)[1] for a in sys.argv[2:] if a.startswith("--mutation=")), "")
    database = workdir / "harbour.sqlite3"
    os.environ["DATABASE_URL"] = f"sqlite:///{database}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.test_settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client

    from harbour.accounts import services as account_services
    from harbour.accounts.models import Membership
    from harbour.firewall import services as firewall_services
    from tests.conftest import make_persona
    from tests.directory.test_sealing import CONFIDENTIAL_FORM, confidential_url, make_safe_house
    from tests.firewall.helpers import login, set_up_keys
    from tests.help.test_seizure import run_journey

    if mutation == "no-checkpoint":
        from harbour.core import storage

        storage.checkpoint_truncate = lambda: False
    call_command("migrate", verbosity=0)
    org_a = account_services.organisation_create(acting_user=None, name="Organisation A", country="GB",
                                                 languages=["en", "ar"], accepts_help_requests=True)
    org_b = account_services.organisation_create(acting_user=None, name="Organisation B", country="ES",
                                                 languages=["es"], accepts_help_requests=True)
    admin_a = make_persona(email="admin@a.example.org", organisation=org_a, role=Membership.Role.ADMIN)
    caseworker_a = make_persona(email="caseworker@a.example.org", organisation=org_a,
                                role=Membership.Role.CASEWORKER)
    admin_b = make_persona(email="admin@b.example.org", organisation=org_b, role=Membership.Role.ADMIN)
    set_up_keys(admin_a, caseworker_a)
    set_up_keys(admin_b)
    partner_b = firewall_services.recipient_register(acting_user=admin_a.user, organisation=org_a,
                                                     name="Organisation B", category="specialist_support",
                                                     partner=org_b)
    code = run_journey(Client(), org_a, partner_b, caseworker_a)
    # A safe house, imported with its address in plain columns, then made confidential.
    service, location = make_safe_house(org_a)
    admin = login(admin_a)
    assert admin.post(confidential_url(service, location), CONFIDENTIAL_FORM).status_code == 302
    # The server goes on working after the seal: later writes land in the -wal file.
    login(caseworker_a).get("/staff/help/")
    journal = connection.cursor().execute("PRAGMA journal_mode").fetchone()[0]
    seized = workdir / "seized"
    seized.mkdir()
    copies = []
    for suffix in ("", "-wal", "-shm"):
        source = Path(f"{database}{suffix}")
        if source.exists():
            copies.append(str(shutil.copy(source, seized / source.name)))
    print(json.dumps({"code": code, "journal_mode": journal, "files": copies}))  # noqa: T201


if __name__ == "__main__":
    main()
