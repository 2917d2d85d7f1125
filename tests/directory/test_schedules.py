"""Issue 10.2: HSDS schedules are RFC 5545 rules, evaluated whole (python-dateutil's rrule)
into the open-now index; what cannot be evaluated is never shown as open."""

import uuid
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from harbour.directory.hsds import Loader
from harbour.directory.indexing import reindex_services
from harbour.directory.selectors import SearchParams, is_open, search_services
from tests.directory.factories import make_service


def next_weekday(weekday: int, after: date | None = None) -> date:
    start = after or timezone.now().date() + timedelta(days=1)
    return start + timedelta(days=(weekday - start.weekday()) % 7)


def with_schedule(*, country="GB", **rule):
    service = make_service(name="Session", country=country)
    record = {"id": str(uuid.uuid4()), "service_id": str(service.pk), "opens_at": "10:00", "closes_at": "12:00",
              **rule}
    Loader().load("schedule", record)
    reindex_services([service.pk])
    service.refresh_from_db()
    return service


def at(day: date, hour: int, minute: int = 0, zone: str = "Europe/London") -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=ZoneInfo(zone))


def open_at(service, moment) -> bool:
    found = [s.pk for s in search_services(SearchParams(open_now=True), at=moment).services]
    assert (service.pk in found) == is_open(service, moment)
    return service.pk in found


@pytest.mark.django_db
def test_a_fortnightly_session_is_closed_in_the_off_week():
    first = next_weekday(1)  # a Tuesday
    service = with_schedule(freq="WEEKLY", interval=2, byday="TU", dtstart=first.isoformat())

    assert open_at(service, at(first, 11))
    assert not open_at(service, at(first + timedelta(days=7), 11))
    assert open_at(service, at(first + timedelta(days=14), 11))
    assert not open_at(service, at(first, 13))


@pytest.mark.django_db
def test_times_with_z_are_utc_not_local_wall_clock():
    monday = next_weekday(0)
    service = with_schedule(country="ES", freq="WEEKLY", byday="MO,TU,WE,TH,FR",
                            opens_at="09:00:00Z", closes_at="17:00:00Z")

    assert service.time_zone == "Europe/Madrid"
    # 09:30 in Madrid is 08:30 or 07:30 UTC: before it opens, although "09:00" is earlier.
    assert not open_at(service, at(monday, 9, 30, "Europe/Madrid"))
    assert open_at(service, datetime.combine(monday, time(9, 30), tzinfo=UTC))
    assert not open_at(service, datetime.combine(monday, time(17, 30), tzinfo=UTC))


@pytest.mark.django_db
def test_times_with_an_offset_are_read_at_that_offset():
    monday = next_weekday(0)
    service = with_schedule(freq="WEEKLY", byday="MO", opens_at="10:00:00+05:00", closes_at="11:00:00+05:00")

    assert open_at(service, datetime.combine(monday, time(5, 30), tzinfo=UTC))
    assert not open_at(service, datetime.combine(monday, time(10, 30), tzinfo=UTC))


@pytest.mark.django_db
def test_the_first_saturday_of_the_month_only():
    first_of_next_month = (timezone.now().date().replace(day=1) + timedelta(days=32)).replace(day=1)
    first_saturday = next_weekday(5, first_of_next_month)
    service = with_schedule(freq="MONTHLY", byday="1SA", dtstart=first_of_next_month.isoformat())

    assert open_at(service, at(first_saturday, 11))
    assert not open_at(service, at(first_saturday + timedelta(days=7), 11))


@pytest.mark.django_db
def test_a_day_of_the_month():
    month = (timezone.now().date().replace(day=1) + timedelta(days=32)).replace(day=1)
    service = with_schedule(freq="MONTHLY", bymonthday="15", dtstart=month.isoformat())

    assert open_at(service, at(month.replace(day=15), 11))
    assert not open_at(service, at(month.replace(day=16), 11))


@pytest.mark.django_db
def test_count_and_until_end_the_rule():
    first = next_weekday(2)
    counted = with_schedule(freq="WEEKLY", byday="WE", dtstart=first.isoformat(), count=2)
    ended = with_schedule(freq="WEEKLY", byday="WE", dtstart=first.isoformat(),
                          until=(first + timedelta(days=8)).isoformat())

    for service in (counted, ended):
        assert open_at(service, at(first + timedelta(days=7), 11))
        assert not open_at(service, at(first + timedelta(days=14), 11))


@pytest.mark.django_db
def test_valid_from_and_valid_to_bound_a_plain_weekly_rule():
    monday = next_weekday(0)
    service = with_schedule(freq="WEEKLY", byday="MO", valid_from=(monday + timedelta(days=7)).isoformat(),
                            valid_to=(monday + timedelta(days=13)).isoformat())

    assert not open_at(service, at(monday, 11))
    assert open_at(service, at(monday + timedelta(days=7), 11))
    assert not open_at(service, at(monday + timedelta(days=14), 11))


@pytest.mark.django_db
@pytest.mark.parametrize("rule", [
    {"freq": "WEEKLY", "byday": "Tuesdays"},
    {"freq": "HOURLY", "byday": "TU"},
    {"freq": "WEEKLY", "interval": 2, "byday": "TU"},  # no dtstart: which weeks?
    {"freq": "WEEKLY", "byday": "TU", "opens_at": "morning"},
    # RFC 5545 3.3.10: a week number in BYDAY only under MONTHLY or YEARLY.
    {"freq": "WEEKLY", "byday": "1TU"},
    {"byday": "1TU"},
    {"freq": "DAILY", "byday": "-1TU"},
    # INTERVAL and COUNT are positive integers.
    {"freq": "WEEKLY", "byday": "TU", "count": 0, "dtstart": "2026-01-06"},
    {"freq": "WEEKLY", "byday": "TU", "count": -2, "dtstart": "2026-01-06"},
    {"freq": "WEEKLY", "byday": "TU", "interval": 0},
    {"freq": "WEEKLY", "byday": "TU", "interval": 1.5, "dtstart": "2026-01-06"},
    {"freq": "WEEKLY", "byday": "TU", "interval": -2, "dtstart": "2026-01-06"},
    # The day a monthly or yearly rule leaves out comes from DTSTART: none is given.
    {"freq": "MONTHLY"},
    {"freq": "YEARLY", "bymonthday": "5"},
    # A UTC offset no zone has, or no number a timedelta can hold.
    {"freq": "WEEKLY", "byday": "TU", "timezone": 30},
    {"freq": "WEEKLY", "byday": "TU", "timezone": 1e20},
    # A second outside check: numbers outside RFC 5545's ranges, or not in ASCII digits; rule
    # parts RFC 5545 forbids with the frequency; a schedule that ends before it begins.
    {"freq": "MONTHLY", "byday": "0TU"},
    {"freq": "MONTHLY", "byday": "6TU"},
    {"freq": "YEARLY", "byday": "54TU", "dtstart": "2026-01-06"},
    {"freq": "MONTHLY", "bymonthday": "0"},
    {"freq": "MONTHLY", "bymonthday": "32"},
    {"freq": "MONTHLY", "bymonthday": "-32"},
    {"freq": "MONTHLY", "bymonthday": "1_5"},
    {"freq": "MONTHLY", "bymonthday": "١"},
    {"freq": "MONTHLY", "byday": "١TU"},
    {"freq": "WEEKLY", "byday": "TU", "bymonthday": "5"},
    {"freq": "MONTHLY", "byyearday": "40", "dtstart": "2026-01-06"},
    {"freq": "MONTHLY", "byweekno": "3", "byday": "TU"},
    {"freq": "WEEKLY", "byday": "TU", "dtstart": "2026-03-01", "until": "2026-02-01"},
    {"freq": "WEEKLY", "byday": "TU", "valid_from": "2026-03-01", "valid_to": "2026-02-01"},
])
def test_what_cannot_be_evaluated_is_never_open_and_the_page_says_ask(client, rule):
    service = with_schedule(description="Tuesday mornings, most weeks", **rule)

    for offset in range(14):
        assert not open_at(service, at(timezone.now().date() + timedelta(days=offset), 11))
    page = client.get(f"/en/services/{service.pk}/").content.decode()
    assert "ask the service when it is open" in page
    assert "Tuesday mornings, most weeks" in page
    assert "Open now." not in page


@pytest.mark.django_db
def test_the_week_on_the_page_shows_a_fortnightly_session_only_in_its_week(client):
    first = next_weekday(1)
    service = with_schedule(freq="WEEKLY", interval=2, byday="TU", dtstart=first.isoformat())
    from harbour.directory.selectors import weekly_hours

    assert weekly_hours(service, at(first - timedelta(days=1), 9)) == [(1, [(600, 720)])]
    assert weekly_hours(service, at(first + timedelta(days=6), 9)) == []


@pytest.mark.django_db
def test_a_weekly_rule_without_a_day_takes_the_weekday_of_its_dtstart():
    monday = next_weekday(0)
    service = with_schedule(freq="WEEKLY", dtstart=monday.isoformat())

    assert open_at(service, at(monday, 11))
    assert open_at(service, at(monday + timedelta(days=7), 11))
    for other in range(1, 7):
        assert not open_at(service, at(monday + timedelta(days=other), 11)), other


@pytest.mark.django_db
@pytest.mark.parametrize("times", [{}, {"opens_at": "10:00Z", "closes_at": "12:00Z"}])
def test_a_weekly_rule_with_neither_day_nor_dtstart_is_every_day_however_its_times_are_written(times):
    # Before, times with a Z went to the expanded rule, which took the weekday of the day the
    # index was built: open one day a week, a different one after each reindex.
    service = with_schedule(freq="WEEKLY", **times)
    start = timezone.now().date() + timedelta(days=1)
    for offset in range(7):
        day = start + timedelta(days=offset)
        assert open_at(service, datetime.combine(day, time(11, 0), tzinfo=UTC)), day


@pytest.mark.django_db
def test_a_schedule_that_cannot_be_evaluated_never_stops_the_import():
    from harbour.directory.importer import Record, import_records

    first, second = str(uuid.uuid4()), str(uuid.uuid4())
    records = [
        Record("item 0", "service", {"id": first, "name": "Offset probe", "status": "active", "schedules": [
            {"id": str(uuid.uuid4()), "freq": "WEEKLY", "byday": "MO", "opens_at": "10:00",
             "closes_at": "12:00", "timezone": 1e20}]}),
        Record("item 1", "service", {"id": second, "name": "After it", "status": "active"}),
    ]

    report = import_records(records)

    assert report.rejected == [] and report.imported == 2
