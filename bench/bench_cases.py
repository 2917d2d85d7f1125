"""Casework figures: the dashboard with 1,000 open cases (50 shown), a case page with 200
notes, and DASH scoring per call. Production settings; SQLite or PostgreSQL by DATABASE_URL."""

import json
import random
import statistics
import time

from django.core.management import call_command
from django.db import connection
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext


def _client_for(user, device, organisation, private_key):
    from django_otp import DEVICE_ID_SESSION_KEY

    from harbour.firewall import crypto
    from harbour.firewall.keyring import COOKIE_NAME, SESSION_KEY

    client = Client()
    client.force_login(user, backend="harbour.accounts.backends.LockoutAwareBackend")
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    cookie_key = crypto.new_secret_key()
    ring = json.dumps({str(organisation.public_id): crypto.b64(bytes(private_key))}).encode()
    session[SESSION_KEY] = crypto.b64(crypto.wrap(cookie_key, ring))
    session.save()
    client.cookies[COOKIE_NAME] = crypto.b64(cookie_key)
    return client


def _page(client, url, runs=20, must=b""):
    times, queries = [], 0
    for _ in range(runs):
        with CaptureQueriesContext(connection) as captured:
            start = time.perf_counter()
            response = client.get(url, secure=True)
            times.append(time.perf_counter() - start)
        if response.status_code != 200 or must not in response.content:
            raise RuntimeError(f"{url} did not render ({response.status_code})")
        queries = len(captured)
    return statistics.median(times) * 1000, sorted(times)[int(0.95 * (runs - 1))] * 1000, queries


def bench_dashboard_and_case_page():
    from bench.bench_firewall import _staff_with_keys
    from harbour.cases import services

    organisation, user, device, private_key = _staff_with_keys()
    start = time.perf_counter()
    cases = [services.case_open_direct(acting_user=user, organisation=organisation, name=f"Bench {n}")
             for n in range(1000)]
    print(f"open a case directly (seal + reference + audit): {(time.perf_counter() - start) / len(cases) * 1000:.1f} ms each")
    with override_settings(ALLOWED_HOSTS=["testserver"]):
        client = _client_for(user, device, organisation, private_key)
        p50, p95, queries = _page(client, "/staff/cases/", must=b"C-")
        print(f"dashboard, 1,000 open cases, 50 shown: median {p50:.1f} ms, p95 {p95:.1f} ms, {queries} queries")
        case = cases[0]
        for n in range(200):
            services.case_note_add(acting_user=user, case=case, text=f"Note {n}: " + "ordinary length text " * 8)
        p50, p95, queries = _page(client, f"/staff/cases/{case.public_id}/", must=b"Note 199")
        print(f"case page with 200 notes (201 unseals): median {p50:.1f} ms, p95 {p95:.1f} ms, {queries} queries")
        few = cases[1]
        services.case_note_add(acting_user=user, case=few, text="one note")
        _p50, _p95, queries_one = _page(client, f"/staff/cases/{few.public_id}/", runs=3, must=b"one note")
        print(f"case page with 1 note: {queries_one} queries (same as with 200: {queries_one == queries})")


def bench_dash_assess():
    from harbour.cases import dash

    rng = random.Random(14)
    answer_sets = [{n: rng.choice(dash.ANSWERS) for n in range(1, 25)} for _ in range(1000)]
    start = time.perf_counter()
    for _ in range(20):
        for answers in answer_sets:
            dash.assess(answers, incidents_last_12_months=1)
    per_call = (time.perf_counter() - start) / 20_000
    print(f"dash.assess, 24 answers: {per_call * 1e6:.1f} µs per call")


def main():
    from django.conf import settings

    settings.VAR_DIR.mkdir(exist_ok=True)
    call_command("migrate", verbosity=0)
    print(f"database: {connection.vendor}")
    bench_dash_assess()
    bench_dashboard_and_case_page()
