"""The seizure test (F5, F8, R-D6): after the whole journey with a unique canary in every
free-text field, nothing the server holds (every table, sessions included, the raw
database file on SQLite, the settings and the secret key) contains a canary, an address
or a user agent, and nothing in the server's possession alone can unseal a record."""

import datetime
import json
import logging
import os
import re
import subprocess
import sys
from pathlib import Path

from django.db import connection
from django.urls import reverse

from harbour.firewall.models import Consent
from harbour.help.models import HelpNote, HelpRequest
from tests.firewall.helpers import login, today
from tests.help.seizure import attempt_to_unseal, dump_every_table, dump_settings

CANARIES = {
    "name": "CANARY-NAME-7f3a",
    "contact_value": "CANARY-CONTACT-91bd",
    "safe_times": "CANARY-TIMES-22c8",
    "message": "CANARY-MESSAGE-5e10",
    "note": "CANARY-NOTE-a4d2",
    "interpreter": "CANARY-INTERPRETER-0c77",
}
USER_AGENT = "CANARY-AGENT-Mozilla/5.0 (Seized)"
FORWARDED_FOR = "203.0.113.77"
REMOTE_ADDR = "198.51.100.23"
ROOT = Path(__file__).resolve().parents[2]


def run_journey(client, org_a, partner_b, caseworker_a) -> str:
    response = client.post("/en/help/", {
        "organisation": str(org_a.public_id), "needs": ["safety"], "contact_channel": "phone",
        "contact_value": CANARIES["contact_value"], "safe_times": CANARIES["safe_times"], "message_ok": "no",
        "name": CANARIES["name"], "message": CANARIES["message"],
    }, HTTP_USER_AGENT=USER_AGENT, HTTP_X_FORWARDED_FOR=FORWARDED_FOR, REMOTE_ADDR=REMOTE_ADDR)
    code = re.search(r'<pre class="typed"[^>]*>([^<]+)</pre>', response.content.decode()).group(1)
    help_request = HelpRequest.objects.get()
    caseworker = login(caseworker_a)
    caseworker.get(reverse("help_staff:detail", args=[help_request.public_id]))
    caseworker.post(reverse("help_staff:add_note", args=[help_request.public_id]), {"text": CANARIES["note"]})
    caseworker.post(reverse("help_staff:add_consent", args=[help_request.public_id]), {
        "recipient": str(partner_b.public_id), "categories": ["identity", "contact", "narrative", "notes"],
        "purpose": "support", "expires_on": (today() + datetime.timedelta(days=30)).isoformat(),
        "method": "phone", "language": "fa", "interpreter": CANARIES["interpreter"],
    })
    caseworker.post(reverse("help_staff:share", args=[Consent.objects.get().public_id]))
    client.post("/en/help/status/", {"code": code}, HTTP_USER_AGENT=USER_AGENT,
                HTTP_X_FORWARDED_FOR=FORWARDED_FOR, REMOTE_ADDR=REMOTE_ADDR)
    return code


def test_a_seized_database_settings_and_secret_key_hold_no_canary_and_cannot_unseal(
        client, sealed_a, partner_b, caseworker_a, org_a, caplog):
    caplog.set_level(logging.DEBUG)
    code = run_journey(client, org_a, partner_b, caseworker_a)
    # The journey really stored and shared sealed content: three sealed rows in A, one in B.
    assert HelpRequest.objects.count() == 2 and HelpNote.objects.count() == 1
    assert Consent.objects.exclude(sealed_key=b"").count() == 1

    everything = dump_every_table() + dump_settings()
    secrets_in_the_clear = [*CANARIES.values(), USER_AGENT, FORWARDED_FOR, REMOTE_ADDR, code]
    assert [s for s in secrets_in_the_clear if s.encode() in everything] == []
    logged = "\n".join(record.getMessage() for record in caplog.records)
    assert [s for s in secrets_in_the_clear if s in logged] == []

    seized = attempt_to_unseal()
    assert seized == {"records": 4, "opened": 0}
    # The probe is able: with a member's password, which the server never stores, records
    # open (every persona in the suite shares one password, so B's copy opens too).
    assert attempt_to_unseal(extra_password=caseworker_a.password) == {"records": 4, "opened": 4}


def test_a_fresh_process_with_a_copy_of_the_database_and_the_settings_cannot_unseal(
        client, sealed_a, partner_b, caseworker_a, org_a, tmp_path):
    run_journey(client, org_a, partner_b, caseworker_a)
    if connection.vendor != "sqlite":
        # On PostgreSQL the test's rows are in an open transaction another process cannot
        # see; the in-process test above covers the same ground there.
        assert attempt_to_unseal() == {"records": 4, "opened": 0}
        return
    copy = tmp_path / "seized.sqlite3"
    copy.write_bytes(bytes(connection.connection.serialize()))
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{copy}", "DJANGO_SETTINGS_MODULE": "config.test_settings"}

    def probe(*args):
        result = subprocess.run([sys.executable, "-m", "tests.help.seizure_probe", *args], cwd=ROOT, env=env,  # noqa: S603
                                capture_output=True, text=True, timeout=120, check=True)
        return json.loads(result.stdout.strip().splitlines()[-1])

    assert probe() == {"records": 4, "opened": 0}
    assert probe(caseworker_a.password) == {"records": 4, "opened": 4}
