"""Directory search at national scale: 100,000 services, 250,000 locations.

Builds a deterministic synthetic directory once (bulk inserts straight into the tables, with
the same token, facet, claim and opening-slot rows the importer would write), then times
typical searches through the HSDS API as gunicorn calls it (Django's WSGI handler, the whole
middleware stack, the response read and closed), beside the same SQL run raw on a cursor (the
statements the API issued, captured and re-executed). BENCH_CLIENT=test times the API
through Django's test Client instead, which adds the test framework's own work (signals that
record templates and contexts, cookie handling) to every request.

    python -m bench directory                         # SQLite, var/bench.sqlite3
    DATABASE_URL=postgres://... python -m bench directory
"""

import io
import math
import os
import random
import statistics
import time
import uuid
from datetime import UTC, datetime, timedelta

from django.core.handlers.wsgi import WSGIHandler
from django.core.management import call_command
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings
from django.utils.encoding import iri_to_uri

N_SERVICES = 100_000
N_LOCATIONS = 250_000
N_ORGANIZATIONS = 20_000
N_TERMS = 40
LANGUAGES = ["en", "ar", "fa", "es", "fr", "de", "ur", "so", "ti", "ps", "pl", "ro", "uk", "bn", "pa", "tr",
             "ku", "it", "pt", "zh"]
RUNS = 200
SEED = 20260101
NS = uuid.UUID("6d1f2a52-7c1e-4a5b-9a57-000000000000")
BUILT_MARK = uuid.uuid5(NS, "built-v3")  # v3: SearchToken.fields


def uid(*parts) -> uuid.UUID:
    return uuid.uuid5(NS, "/".join(map(str, parts)))


def vocabulary(rng: random.Random) -> list[str]:
    latin = ["ba", "ri", "to", "mel", "san", "dor", "lin", "ca", "ve", "nu", "pra", "sol", "ka", "ter", "mi"]
    arabic = list("ابتثجحخدذرزسشصضطظعغفقكلمنهوي")
    words = set()
    while len(words) < 3000:
        words.add("".join(rng.choice(latin) for _ in range(rng.randint(2, 3))))
    while len(words) < 3600:
        words.add("".join(rng.choice(arabic) for _ in range(rng.randint(4, 6))))
    return sorted(words)


def _defaults(model, columns):
    """Columns the caller left out that must not be NULL, with the value the model would give."""
    from django.db.models import AutoField, BigAutoField

    given = {model._meta.get_field(c).name for c in columns}
    out = []
    for field in model._meta.concrete_fields:
        if field.name in given or isinstance(field, AutoField | BigAutoField) or field.null:
            continue
        if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
            out.append((field, datetime(2026, 1, 1, tzinfo=UTC)))
        elif field.has_default():
            out.append((field, field.get_default()))
    return out


def insert(model, columns: list[str], rows) -> int:
    """Bulk insert tuples (in `columns` order) as fast as each engine allows; the other
    non-null columns get the model's defaults."""
    extra = _defaults(model, columns)
    fields = [model._meta.get_field(c) for c in columns] + [f for f, _ in extra]
    names = [f.column for f in fields]
    table = model._meta.db_table
    tail = tuple(v for _, v in extra)
    rows = (tuple(row) + tail for row in rows)
    count = 0
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            raw = cursor.cursor
            with raw.copy(f"COPY {table} ({', '.join(names)}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row([f.get_db_prep_save(v, connection) if not isinstance(v, dict)
                                    else "{}" for f, v in zip(fields, row, strict=True)])
                    count += 1
        else:
            sql = f"INSERT INTO {table} ({', '.join(names)}) VALUES ({', '.join('?' * len(names))})"
            batch = []
            for row in rows:
                batch.append([f.get_db_prep_save(v, connection) if not isinstance(v, dict) else "{}"
                              for f, v in zip(fields, row, strict=True)])
                if len(batch) == 20_000:
                    cursor.executemany(sql, batch)
                    count += len(batch)
                    batch = []
            if batch:
                cursor.executemany(sql, batch)
                count += len(batch)
    return count


def build() -> dict:
    from harbour.directory import gazetteer
    from harbour.directory import models as m
    from harbour.directory.indexing import COUNTRY_ZONES, DESCRIPTION, NAME, token_fields

    rng = random.Random(SEED)
    words = vocabulary(rng)
    places = gazetteer.places()
    now = datetime(2026, 1, 1, tzinfo=UTC)
    taxonomy = uid("taxonomy")
    terms = [uid("term", i) for i in range(N_TERMS)]
    started = time.perf_counter()
    with transaction.atomic():
        insert(m.Taxonomy, ["id", "extra", "name", "description", "uri", "version"],
               [(taxonomy, {}, "Bench needs", "Synthetic", "", "1")])
        insert(m.TaxonomyTerm, ["id", "extra", "code", "name", "description", "taxonomy", "language", "term_uri",
                                "taxonomy_detail"],
               [(t, {}, f"need{i}", f"Need {i}", "Synthetic", "", "en", "", taxonomy) for i, t in enumerate(terms)])
        insert(m.Organization, ["id", "extra", "name", "alternate_name", "description", "email", "website",
                                "tax_status", "tax_id", "legal_status", "logo", "uri", "updated_at"],
               ((uid("org", i), {}, f"Organisation {i}", "", "Synthetic", "", "", "", "", "", "", "", now)
                for i in range(N_ORGANIZATIONS)))
        service_rows, token_rows, facet_rows, claim_rows, slot_rows = [], [], [], [], []
        attribute_rows, language_rows, phone_rows, schedule_rows = [], [], [], []
        service_city = {}
        for i in range(N_SERVICES):
            sid = uid("service", i)
            place = places[rng.randrange(len(places))]
            service_city[i] = place
            name = " ".join(rng.choice(words) for _ in range(2)) + f" {place.name}"
            description = " ".join(rng.choice(words) for _ in range(10))
            zone = COUNTRY_ZONES.get(place.country, "Europe/London")
            service_rows.append((sid, {}, uid("org", i % N_ORGANIZATIONS), name, description, "active",
                                 now - timedelta(days=i % 400), zone, now))
            for token, fields in token_fields([(NAME, name), (DESCRIPTION, description),
                                               ("", f"Organisation {i % N_ORGANIZATIONS}")]).items():
                token_rows.append((token, sid, fields))
            for code in rng.sample(LANGUAGES[:6], rng.randint(1, 2)) + [rng.choice(LANGUAGES)]:
                facet_rows.append(("lang", code, sid))
            for term in dict.fromkeys(rng.sample(terms, rng.randint(1, 2))):
                facet_rows.append(("term", str(term), sid))
                attribute_rows.append((uid("attr", i, term), {}, sid, term, "service_type", "service", "yes"))
            facet_rows.append(("taxonomy", str(taxonomy), sid))
            for kind, share in (("firewall_pledge", 0.3), ("regardless_of_status", 0.25), ("nrpf", 0.1),
                                ("women_only", 0.3)):
                if rng.random() < share:
                    lapsed = rng.random() < 0.1
                    verified = now - timedelta(days=rng.randint(1, 300))
                    lapses = verified + timedelta(days=(30 if lapsed else 3650))
                    claim_rows.append((uid("claim", i, kind), sid, kind, "phone", verified, lapses, now, now))
            opens, closes = rng.choice([(540, 1020), (600, 960), (0, 1440), (480, 1200)])
            days = rng.choice([range(5), range(7), (1, 3)])
            for day in days:
                slot_rows.append((sid, zone, day, opens, closes, "", "", name))
            schedule_rows.append((uid("schedule", i), {}, sid, "WEEKLY", "MO,TU,WE,TH,FR",
                                  f"{opens // 60:02d}:{opens % 60:02d}",
                                  f"{min(closes, 1439) // 60:02d}:{min(closes, 1439) % 60:02d}", 0))
            phone_rows.append((uid("phone", i), {}, sid, f"+44 20 7946 {i % 10000:04d}", "voice", 0))
            language_rows.append((uid("language", i), {}, sid, "ar", "Arabic", 0))
        insert(m.Service, ["id", "extra", "organization", "name", "description", "status", "last_modified",
                           "time_zone", "created_at"], service_rows)
        insert(m.SearchToken, ["token", "service", "fields"], token_rows)
        seen = set()
        insert(m.ServiceFacet, ["kind", "value", "service"],
               (r for r in facet_rows if not (r in seen or seen.add(r))))
        insert(m.Claim, ["id", "service", "kind", "method", "verified_at", "lapses_at", "created_at",
                         "updated_at"], claim_rows)
        insert(m.OpeningSlot, ["service", "time_zone", "weekday", "opens_minute", "closes_minute",
                               "valid_from", "valid_to", "service_name"], slot_rows)
        insert(m.Attribute, ["id", "extra", "link_id", "taxonomy_term", "link_type", "link_entity", "value"],
               attribute_rows)
        insert(m.Schedule, ["id", "extra", "service", "freq", "byday", "opens_at", "closes_at", "position"],
               schedule_rows)
        insert(m.Phone, ["id", "extra", "service", "number", "type", "position"], phone_rows)
        insert(m.Language, ["id", "extra", "service", "code", "name", "position"], language_rows)
        location_rows, sal_rows, address_rows = [], [], []
        for j in range(N_LOCATIONS):
            i = j % N_SERVICES
            place = service_city[i]
            # Spread around the city centre, ~5 km standard deviation.
            lat = place.latitude + rng.gauss(0, 0.045)
            lng = place.longitude + rng.gauss(0, 0.045 / max(math.cos(math.radians(place.latitude)), 0.2))
            lid = uid("location", j)
            confidential = j % 50 == 0
            location_rows.append((lid, {}, "physical", uid("org", i % N_ORGANIZATIONS), f"Site {j}", lat, lng,
                                  confidential, place.name if confidential else "",
                                  place.latitude if confidential else None, place.longitude if confidential else None,
                                  "+44 20 7946 0000" if confidential else "",
                                  place.latitude if confidential else lat,
                                  place.longitude if confidential else lng))
            sal_rows.append((uid("sal", j), {}, uid("service", i), lid, ""))
            address_rows.append((uid("address", j), {}, lid, f"{j % 300 + 1} Example Road", place.name,
                                 place.name, f"X{j % 90 + 10} {j % 9}AB", place.country, "physical", 0))
        insert(m.Location, ["id", "extra", "location_type", "organization", "name", "latitude", "longitude",
                            "confidential", "coarse_area", "coarse_latitude", "coarse_longitude",
                            "gatekeeper_phone", "search_latitude", "search_longitude"], location_rows)
        insert(m.ServiceAtLocation, ["id", "extra", "service", "location", "description"], sal_rows)
        insert(m.Address, ["id", "extra", "location", "address_1", "city", "state_province", "postal_code",
                           "country", "address_type", "position"], address_rows)
        insert(m.Taxonomy, ["id", "extra", "name", "description", "uri", "version"],
               [(BUILT_MARK, {}, "bench-built-marker", "", "", "1")])
    with connection.cursor() as cursor:
        # After a bulk load, PostgreSQL's visibility map is empty until a VACUUM: every
        # index-only scan (open now, the facets, the claims: the covering indexes) then reads
        # the table too, and a fresh build measured open now at p95 200 ms instead of 50.
        # Autovacuum gets there in its own time; a benchmark must not depend on when it ran.
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")
    return {"seconds": time.perf_counter() - started, "tokens": len(token_rows), "slots": len(slot_rows),
            "addresses": len(address_rows),
            "claims": len(claim_rows), "words": words, "terms": terms}


class Served:
    """Requests through Django's WSGI handler, as gunicorn makes them: `get(url)` returns an
    object with `status_code` and `content` (bytes)."""

    def __init__(self):
        self.handler = WSGIHandler()

    def get(self, url: str):
        path, _, query = iri_to_uri(url).partition("?")  # a browser sends non-ASCII percent-encoded
        environ = {
            "REQUEST_METHOD": "GET", "PATH_INFO": path, "QUERY_STRING": query, "SCRIPT_NAME": "",
            "SERVER_NAME": "testserver", "SERVER_PORT": "80", "SERVER_PROTOCOL": "HTTP/1.1",
            "HTTP_HOST": "testserver", "wsgi.url_scheme": "http", "wsgi.input": io.BytesIO(b""),
            "wsgi.errors": io.StringIO(), "wsgi.version": (1, 0), "wsgi.multithread": True,
            "wsgi.multiprocess": True, "wsgi.run_once": False,
        }
        answer = type("Answer", (), {})()

        def start_response(status, headers, exc_info=None):
            answer.status_code = int(status.split(" ", 1)[0])

        body = self.handler(environ, start_response)
        try:
            answer.content = b"".join(body)
        finally:
            if hasattr(body, "close"):
                body.close()  # fires request_finished, as gunicorn does
        return answer


def percentiles(samples: list[float]) -> tuple[float, float]:
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, math.ceil(0.95 * len(ordered)) - 1)]
    return statistics.median(ordered), p95


def time_api(client, requests: list[str]) -> tuple[list[float], list[float]]:
    """Each request's total time through the API, and its SQL run raw on a cursor."""
    api_times, raw_times = [], []
    for url in requests[:5]:  # warm caches
        client.get(url)
    for url in requests:
        # First, untimed, the statements are captured; that run also brings the pages they
        # read into the database's cache, for the API and the raw run alike (before, the raw
        # run alone came second and found them there).
        connection.queries_log.clear()  # the capture reads a bounded log by position
        with CaptureQueriesContext(connection) as captured:
            first = client.get(url)
        if first.status_code != 200:
            raise RuntimeError(f"{url}: {first.status_code} {first.content[:300]!r}")
        statements = [q["sql"] for q in captured.captured_queries]
        # Then timed as served: with no query log. Capturing turns on Django's debug cursor,
        # which times and formats every statement (on SQLite with one more query per
        # statement to quote its parameters): work production never does.
        started = time.perf_counter()
        response = client.get(url)
        api_times.append((time.perf_counter() - started) * 1000)
        if response.content != first.content:
            raise RuntimeError(f"{url}: a second request answered differently")
        started = time.perf_counter()
        with connection.cursor() as cursor:
            for sql in statements:
                cursor.execute(sql)
                cursor.fetchall()
        raw_times.append((time.perf_counter() - started) * 1000)
    return api_times, raw_times


def main() -> None:
    from harbour.directory import gazetteer
    from harbour.directory import models as m

    call_command("migrate", verbosity=0)
    print(f"database: {connection.vendor}")
    if m.Taxonomy.objects.filter(pk=BUILT_MARK).exists():
        rng = random.Random(SEED)
        words = vocabulary(rng)
        terms = [uid("term", i) for i in range(N_TERMS)]
        print("synthetic directory: reusing the one already built")
    else:
        if m.Service.objects.exists():
            print("the bench database holds other directory data, or a directory an earlier version of "
                  "this benchmark built; use an empty database")
            return
        built = build()
        words, terms = built["words"], built["terms"]
        print(f"synthetic directory built in {built['seconds']:.0f} s: {N_SERVICES:,} services, "
              f"{N_LOCATIONS:,} locations ({built['addresses']:,} addresses), {built['tokens']:,} tokens, {built['slots']:,} opening slots, "
              f"{built['claims']:,} claims")
    rng = random.Random(SEED + 1)
    places = gazetteer.places()
    client = Client() if os.environ.get("BENCH_CLIENT") == "test" else Served()
    text = [f"/api/hsds/services?search={rng.choice(words)}" for _ in range(RUNS)]
    combined = []
    for _ in range(RUNS):
        place = rng.choice(places)
        combined.append(f"/api/hsds/services?taxonomy_term_id={rng.choice(terms)}&language={rng.choice(LANGUAGES[:6])}"
                        f"&lat={place.latitude}&lng={place.longitude}&radius_m=10000&firewall_pledge=true")
    open_now = [f"/api/hsds/services?open_now=true&page={rng.randint(1, 50)}" for _ in range(RUNS)]
    one = [f"/api/hsds/services/{uid('service', rng.randrange(N_SERVICES))}" for _ in range(RUNS)]
    through = "Django's test Client" if isinstance(client, Client) else "Django's WSGI handler"
    print(f"{RUNS} requests each; milliseconds; API = {through} through /api/hsds/, "
          "raw = the same SQL statements on a cursor")
    print(f"{'query':<52} {'API p50':>8} {'API p95':>8} {'raw p50':>8} {'raw p95':>8} {'ratio':>6} {'paired':>6}")
    # The test Client calls itself "testserver"; production settings allow no host by default.
    with override_settings(ALLOWED_HOSTS=["testserver"]):
        run_all(client, text, combined, open_now, one)


# Open now is timed at fixed moments, not at whatever "now" the run happens at: how many
# services are open (and so how much the query must count and sort) depends on the hour.
OPEN_NOW_MOMENTS = (
    ("weekday morning (Mon 08:00 UTC)", datetime(2026, 1, 5, 8, 0, tzinfo=UTC)),
    ("weekday evening (Wed 18:30 UTC)", datetime(2026, 1, 7, 18, 30, tzinfo=UTC)),
    ("Sunday night (Sun 23:00 UTC)", datetime(2026, 1, 4, 23, 0, tzinfo=UTC)),
)


def run_all(client, text, combined, open_now, one) -> None:
    from unittest import mock

    runs = [("text search", text, None), ("need + language + 10 km + firewall pledge", combined, None)]
    runs += [(f"open now, {label}", open_now, moment) for label, moment in OPEN_NOW_MOMENTS]
    runs += [("/services/{id} (fully nested)", one, None)]
    for label, urls, moment in runs:
        if moment is None:
            api_times, raw_times = time_api(client, urls)
        else:
            with mock.patch("django.utils.timezone.now", return_value=moment):
                api_times, raw_times = time_api(client, urls)
        a50, a95 = percentiles(api_times)
        r50, r95 = percentiles(raw_times)
        # ratio: API p50 over raw p50, the target's figure. paired: the median of each request's
        # own API/raw ratio; the two runs of a request are a few milliseconds apart, so a slow
        # spell of a shared machine moves both, where it can move one p50 and not the other.
        paired = statistics.median(a / r for a, r in zip(api_times, raw_times, strict=True) if r)
        print(f"{label:<52} {a50:8.1f} {a95:8.1f} {r50:8.1f} {r95:8.1f} {a50 / r50 if r50 else 0:6.2f} {paired:6.2f}")
