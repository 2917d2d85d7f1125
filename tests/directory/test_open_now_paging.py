"""Issue 10.7: open now is counted and paged from the slot index (selectors.open_now_total,
selectors._open_now_page). Whichever way a page is read, it must be the page the plain
search gives, and the total must count each open service once."""

import importlib
import uuid
from datetime import UTC, datetime

import pytest
from django.db import connection

from harbour.directory import models as m
from harbour.directory import selectors
from harbour.directory.hsds import Loader
from harbour.directory.indexing import reindex_services, shared_slots
from harbour.directory.schedules import Slot
from harbour.directory.selectors import (
    SearchParams,
    filtered_services,
    open_now_total,
    search_services,
)
from tests.directory.factories import make_service

MONDAY_1230_LONDON = datetime(2026, 1, 5, 12, 30, tzinfo=UTC)
MOMENTS = [
    MONDAY_1230_LONDON,
    datetime(2026, 1, 5, 8, 0, tzinfo=UTC),  # 08:00 in London, 09:00 in Madrid, 10:00 in Athens
    datetime(2026, 1, 7, 18, 30, tzinfo=UTC),
    datetime(2026, 1, 4, 23, 0, tzinfo=UTC),  # Sunday night in London, Monday in Madrid
]


def add_schedule(service, opens, closes, byday, **rule):
    Loader().load("schedule", {"id": str(uuid.uuid4()), "service_id": str(service.pk), "freq": "WEEKLY",
                               "byday": byday, "opens_at": opens, "closes_at": closes, **rule})
    reindex_services([service.pk])


def directory():
    """Services in three zones, some with overlapping schedules, one inactive, one closed."""
    hours = [("09:00", "17:00", "MO,TU,WE,TH,FR"), ("00:00", "23:59", ""), ("08:00", "20:00", "MO,WE"),
             ("10:00", "16:00", "MO,TU,WE,TH,FR,SA,SU"), ("22:00", "02:00", "SU")]
    countries = ["GB", "ES", "GR"]
    services = []
    for i in range(24):
        service = make_service(name=f"Service {i % 7:02d}", country=countries[i % 3], hours=hours[i % 5],
                               status="inactive" if i == 5 else "active")
        services.append(service)
    add_schedule(services[0], "12:00", "14:00", "MO")  # overlaps 09:00-17:00 on Mondays
    add_schedule(services[1], "12:00", "13:00", "MO", valid_from="2026-01-01", valid_to="2026-01-31")
    add_schedule(services[3], "07:00", "09:00", "MO")  # touches 08:00-20:00 without overlapping
    return services


def reference(params: SearchParams, at: datetime) -> tuple[int, list]:
    """The plain search, with no open-now shortcut."""
    services = filtered_services(params, at=at)
    start = (params.page - 1) * params.per_page
    return services.count(), [s.pk for s in services.order_by("name", "pk")[start:start + params.per_page]]


@pytest.mark.django_db
@pytest.mark.parametrize("public_only", [False, True])
def test_both_ways_of_paging_give_the_plain_searchs_pages(monkeypatch, public_only):
    directory()
    for at in MOMENTS:
        for per_page in (1, 3, 5):
            for page in range(1, 10):
                params = SearchParams(open_now=True, public_only=public_only, page=page, per_page=per_page)
                expected_total, expected = reference(params, at)
                for walk_over_sort in (0, float("inf")):  # always sort, always walk
                    monkeypatch.setattr(selectors, "WALK_OVER_SORT", walk_over_sort)
                    found = search_services(params, at=at)
                    assert (found.total, [s.pk for s in found.services]) == (expected_total, expected), (
                        at, per_page, page, walk_over_sort)


@pytest.mark.django_db
def test_a_service_with_overlapping_schedules_is_counted_once():
    service = make_service(name="Advice", hours=("09:00", "17:00", "MO,TU,WE,TH,FR"))
    add_schedule(service, "12:00", "14:00", "MO")
    assert set(m.OpeningSlot.objects.filter(service_id=service.pk, shared=True)
               .values_list("weekday", "opens_minute")) == {(0, 540), (0, 720)}
    assert open_now_total(MONDAY_1230_LONDON)[0] == 1
    assert search_services(SearchParams(open_now=True), at=MONDAY_1230_LONDON).total == 1


@pytest.mark.django_db
def test_an_open_service_not_shown_to_the_public_is_not_counted_for_the_public():
    make_service(name="Closed down", hours=("00:00", "23:59", ""), status="defunct")
    make_service(name="Open", hours=("00:00", "23:59", ""))
    assert open_now_total(MONDAY_1230_LONDON)[0] == 2
    assert open_now_total(MONDAY_1230_LONDON, public_only=True)[0] == 1
    page = search_services(SearchParams(open_now=True, public_only=True), at=MONDAY_1230_LONDON)
    assert (page.total, [s.name for s in page.services]) == (1, ["Open"])


def test_shared_slots_are_those_another_slot_overlaps():
    weekly = Slot(0, 540, 1020)
    lunch = Slot(0, 720, 840, "2026-01-01", "2026-01-31")
    before = Slot(0, 420, 540)  # ends as the weekly one opens: no overlap
    other_day = Slot(1, 720, 840)
    later_month = Slot(0, 300, 600, "2026-02-01", "2026-02-28")  # overlaps weekly, not lunch
    assert shared_slots([weekly, lunch, before, other_day]) == {weekly, lunch}
    assert shared_slots([lunch, later_month]) == set()
    assert shared_slots([weekly, later_month, before]) == {weekly, later_month, before}


@pytest.mark.django_db
def test_a_renamed_service_is_listed_under_its_new_name():
    service = make_service(name="Zebra", hours=("00:00", "23:59", ""))
    make_service(name="Middle", hours=("00:00", "23:59", ""))
    m.Service.objects.filter(pk=service.pk).update(name="Aardvark")
    reindex_services([service.pk])
    assert set(m.OpeningSlot.objects.filter(service_id=service.pk).values_list("service_name", flat=True)) == {
        "Aardvark"}
    sorted_page = selectors._open_now_page(SearchParams(open_now=True, per_page=1), MONDAY_1230_LONDON, 0)
    assert [s.name for s in sorted_page.services] == ["Aardvark"]


@pytest.mark.django_db
def test_the_migration_marks_slots_written_before_it():
    services = directory()
    expected = sorted(m.OpeningSlot.objects.values_list("pk", "shared", "service_name"))
    assert any(shared for _pk, shared, _name in expected)
    m.OpeningSlot.objects.update(shared=False, service_name="")
    migration = importlib.import_module("harbour.directory.migrations.0008_open_now_paging")
    with connection.cursor() as cursor:
        cursor.execute(migration.FILL_NAMES)
        cursor.execute(migration.MARK_SHARED, [True])
    assert sorted(m.OpeningSlot.objects.values_list("pk", "shared", "service_name")) == expected
    assert len(services) == 24
