"""Impact figures: the funder report over one year for an organisation with 10,000 help requests,
2,000 cases, 500 sessions and 8,000 bookings (HTML and XLSX, every metric, uncached and cached),
and the network dashboard over 50 organisations.

    python -m bench impact                                  # SQLite, var/bench.sqlite3
    DATABASE_URL=postgres://.../harbour_impact python -m bench impact

Rows are made with bulk_create and placeholder sealed bytes: the metrics read plain fields only.
"""

import datetime
import random
import time
import uuid

from django.db import connection
from django.utils import timezone

from bench.common import migrate

ORG_NAME = "Bench impact organisation"
NETWORK_NAME = "Bench impact network"
N_HELP, N_CASES, N_SESSIONS, N_BOOKINGS, N_ORGS = 10_000, 2_000, 500, 8_000, 50


def _year():
    from harbour.impact.disclosure import Period

    return Period(timezone.localdate().year - 1, "year", 1)


def _day(rng, year) -> datetime.date:
    return datetime.date(year, 1, 1) + datetime.timedelta(days=rng.randint(0, 364))


def setup_organisation():
    from harbour.accounts import services as account_services
    from harbour.accounts.models import Organisation
    from harbour.cases.models import Case, Outcome
    from harbour.help.models import BarrierTally, HelpRequest
    from harbour.training.models import Booking, Course, Session

    organisation = Organisation.objects.filter(name=ORG_NAME).first()
    if organisation is not None:
        return organisation
    organisation = account_services.organisation_create(acting_user=None, name=ORG_NAME, country="GB", region="Leeds")
    rng = random.Random(16)  # noqa: S311
    year = _year().year
    needs = ["safety", "housing", "legal", "immigration_advice", "health", "counselling", "interpreter", "other"]
    requests = [HelpRequest(organisation=organisation, needs=rng.sample(needs, rng.randint(1, 3)),
                            language=rng.choice(["en", "ar", "es"]), status="closed", sealed_content=b"x",
                            sealed_key=b"x") for _ in range(N_HELP)]
    HelpRequest.objects.bulk_create(requests, batch_size=1000)
    by_day: dict = {}
    for pk in HelpRequest.objects.filter(organisation=organisation).values_list("pk", flat=True):
        by_day.setdefault(_day(rng, year), []).append(pk)
    for day, pks in by_day.items():
        HelpRequest.objects.filter(pk__in=pks).update(created_at=day)
    cases = []
    for n in range(N_CASES):
        opened = _day(rng, year)
        closed = opened + datetime.timedelta(days=rng.randint(10, 120)) if rng.random() < 0.6 else None
        cases.append(Case(organisation=organisation, reference=f"B-{n}", subject_ref=uuid.uuid4(), source="direct",
                          opened_on=opened, first_contact_on=opened, first_contact_hours=rng.randint(1, 300),
                          closed_on=closed, close_reason="support_complete" if closed else "",
                          status="closed" if closed else "ongoing", language=rng.choice(["en", "ar", "es"]),
                          sealed_content=b"x", sealed_key=b"x"))
    Case.objects.bulk_create(cases, batch_size=1000)
    Outcome.objects.bulk_create([Outcome(organisation=organisation, stage="closure", year=year,
                                         safety=rng.choice(["safer", "same", "less_safe"]),
                                         abuse=rng.choice(["stopped", "reduced", "ongoing"]))
                                 for _ in range(1200)], batch_size=1000)
    course = Course.objects.create(organisation=organisation, title="Know your rights", audience="women")
    tz = timezone.get_current_timezone()
    sessions = []
    for _ in range(N_SESSIONS):
        starts = datetime.datetime.combine(_day(rng, year), datetime.time(10), tzinfo=tz)
        sessions.append(Session(course=course, starts_at=starts, booking_deadline=starts, capacity=40,
                                languages=["en", "ar"], walk_ins=rng.randint(0, 2)))
    Session.objects.bulk_create(sessions, batch_size=500)
    session_ids = list(Session.objects.filter(course=course).values_list("pk", flat=True))
    seats: dict = {}
    bookings = []
    for _ in range(N_BOOKINGS):
        session_id = rng.choice(session_ids)
        seats[session_id] = seats.get(session_id, 0) + 1
        bookings.append(Booking(session_id=session_id, status="confirmed", seat=seats[session_id], places=1,
                                attendance=rng.choice(["present", "present", "late", "absent"]), language="en"))
    Booking.objects.bulk_create(bookings, batch_size=1000)
    for month in range(1, 13):
        for category in ["answered", "fear_enforcement", "rights", "where", "language"]:
            BarrierTally.objects.create(organisation=organisation, source="help", category=category,
                                        month=datetime.date(year, month, 1), count=rng.randint(5, 40))
    return organisation


def setup_network():
    from harbour.accounts import services as account_services
    from harbour.accounts.models import Network
    from harbour.help.models import HelpRequest

    network = Network.objects.filter(name=NETWORK_NAME).first()
    if network is not None:
        return network
    rng = random.Random(50)  # noqa: S311
    year = _year().year
    organisations = []
    for n in range(N_ORGS):
        organisation = account_services.organisation_create(acting_user=None, name=f"Bench network member {n}",
                                                            country="GB")
        organisations.append(organisation)
        rows = [HelpRequest(organisation=organisation, needs=["safety"], language="en", status="closed",
                            sealed_content=b"x", sealed_key=b"x") for _ in range(rng.randint(20, 200))]
        HelpRequest.objects.bulk_create(rows, batch_size=500)
        HelpRequest.objects.filter(organisation=organisation).update(created_at=_day(rng, year))
    network = Network.objects.create(name=NETWORK_NAME)
    network.organisations.add(*organisations)
    return network


def _time(fn) -> float:
    start = time.perf_counter()
    fn()
    return (time.perf_counter() - start) * 1000


def main():
    from harbour.impact import exports, metrics, selectors
    from harbour.impact.models import FigureCache

    migrate()
    organisation = setup_organisation()
    network = setup_network()
    period = _year()

    def report_figures():
        shown = []
        for metric in metrics.REGISTRY.values():
            breakdown = metric.breakdowns[1] if len(metric.breakdowns) > 1 else "total"
            shown.append(selectors.organisation_figure(organisation, metric.id, period, breakdown))
        return shown

    def html():
        from django.template.loader import render_to_string

        render_to_string("impact/staff/report.html", {"organisation": organisation, "period": period,
                                                       "figures": report_figures(), "note": "", "title": "Bench"})

    def xlsx():
        exports.figures_xlsx(report_figures(), title="Bench", note="")

    vendor = connection.vendor
    for label, fn in [("funder report, one year, HTML", html), ("funder report, one year, XLSX", xlsx)]:
        FigureCache.objects.all().delete()
        cold = _time(fn)
        warm = min(_time(fn) for _ in range(3))
        print(f"{label} [{vendor}]: uncached {cold:8.1f} ms, cached {warm:8.1f} ms "
              f"({len(metrics.REGISTRY)} figures; {N_HELP} requests, {N_CASES} cases, {N_SESSIONS} sessions, "
              f"{N_BOOKINGS} bookings)")

    def network_view():
        for metric in metrics.REGISTRY.values():
            selectors.network_figure(network, metric.id, period)
            selectors.network_published_rows(network, metric.id, period)

    FigureCache.objects.all().delete()
    cold = _time(network_view)
    warm = min(_time(network_view) for _ in range(3))
    print(f"network dashboard, {N_ORGS} organisations, one year [{vendor}]: uncached {cold:8.1f} ms, "
          f"cached {warm:8.1f} ms")
