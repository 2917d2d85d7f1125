"""Peer training: the public listing with 2,000 future sessions in 15 languages, and 20
concurrent bookers racing for the last 5 places (no overbooking, on either database).

    python -m bench training                          # SQLite, var/bench.sqlite3
    DATABASE_URL=postgres://.../harbour_training python -m bench training
"""

import random
import threading
import time
import uuid
from datetime import timedelta

from django.db import close_old_connections, connection
from django.test import Client
from django.utils import timezone

from bench.common import migrate, report, time_ms

N_SESSIONS = 2_000
LANGUAGES = ["en", "ar", "fa", "es", "fr", "ur", "so", "ti", "ps", "pl", "ro", "uk", "bn", "pa", "tr"]
PLACES = ["Birmingham", "Leeds", "Coventry", "Bradford", "Leicester", "Manchester", "Glasgow", "Cardiff"]
BOOKERS = 20
LAST_PLACES = 5
ROUNDS = 3
ORG_NAME = "Bench training organisation"


def setup():
    from harbour.accounts import services as account_services
    from harbour.accounts.models import Membership, Organisation, User
    from harbour.training import services
    from harbour.training.models import Course, Session

    organisation = Organisation.objects.filter(name=ORG_NAME).first()
    if organisation is None:
        organisation = account_services.organisation_create(acting_user=None, name=ORG_NAME, country="GB")
        admin = User.objects.create_user(f"bench-{uuid.uuid4().hex[:8]}@bench.example.org", None)
        account_services.membership_add(acting_user=None, organisation=organisation, user=admin,
                                        role=Membership.Role.ADMIN)
        services.course_create(acting_user=admin, organisation=organisation, title="Know your rights",
                               audience="women", length_minutes=180,
                               rights_entries=["eu-2012-29-art-4", "eu-2012-29-art-7"])
    course = Course.objects.get(organisation=organisation)
    future = Session.objects.filter(course=course, starts_at__gte=timezone.now()).count()
    if future < N_SESSIONS:
        rng = random.Random(13)  # noqa: S311
        now = timezone.now()
        rows = []
        for n in range(N_SESSIONS - future):
            starts = now + timedelta(days=1 + n % 365, hours=rng.randint(8, 18))
            rows.append(Session(course=course, starts_at=starts, booking_deadline=starts - timedelta(days=1),
                                languages=sorted({"en", rng.choice(LANGUAGES), rng.choice(LANGUAGES)}),
                                place=rng.choice(PLACES), venue="Central Library", capacity=20))
        Session.objects.bulk_create(rows, batch_size=500)
    return course


def bench_listing():
    client = Client()
    for label, path, params in [("GET /en/workshops/ (first 50 of 2,000)", "/en/workshops/", None),
                                ("POST /ar/workshops/ language=fa", "/ar/workshops/", {"language": "fa"}),
                                ("POST /en/workshops/ language=ti, place=Leeds", "/en/workshops/",
                                 {"language": "ti", "place": "Leeds"})]:
        samples = time_ms(lambda p=path, q=params: client.post(p, q) if q else client.get(p), repeat=100)
        report(f"{label} [{connection.vendor}]", samples)


def race(course):
    """BOOKERS threads book one place each at the same moment; LAST_PLACES are free."""
    from harbour.training import services
    from harbour.training.models import Booking, Session

    starts = timezone.now() + timedelta(days=3)
    session = Session.objects.create(course=course, starts_at=starts, booking_deadline=starts - timedelta(hours=1),
                                     languages=["en"], venue="Central Library", capacity=20,
                                     places_taken=20 - LAST_PLACES)
    barrier = threading.Barrier(BOOKERS)
    errors = []

    def book():
        try:
            barrier.wait()
            services.booking_create(session=session, places=1, language="en")
        except Exception as error:  # noqa: BLE001 - reported below, never swallowed
            errors.append(repr(error))
        finally:
            close_old_connections()
            connection.close()

    threads = [threading.Thread(target=book) for _ in range(BOOKERS)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    session.refresh_from_db()
    confirmed = Booking.objects.filter(session=session, status=Booking.Status.CONFIRMED).count()
    waiting = Booking.objects.filter(session=session, status=Booking.Status.WAITING).count()
    return {"confirmed": confirmed, "waiting": waiting, "places_taken": session.places_taken,
            "capacity": session.capacity, "errors": errors, "seconds": elapsed}


def main():
    migrate()
    course = setup()
    bench_listing()
    for round_number in range(1, ROUNDS + 1):
        result = race(course)
        overbooked = result["places_taken"] > result["capacity"] or result["confirmed"] > LAST_PLACES
        print(f"race {round_number} [{connection.vendor}]: {BOOKERS} bookers for the last {LAST_PLACES} places: "
              f"{result['confirmed']} booked, {result['waiting']} waiting, places {result['places_taken']}/"
              f"{result['capacity']}, errors {len(result['errors'])}, {result['seconds']:.1f} s"
              f"{'  OVERBOOKED' if overbooked else ''}")
        for error in result["errors"][:3]:
            print(f"   error: {error}")
