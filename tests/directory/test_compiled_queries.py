"""Issue 10.7: the HSDS API's small requests run statements compiled once per shape
(hsds.compiled_rows, selectors._text_page) instead of building them through the ORM for each
request. Their answers must be the ORM's, and a shape whose parameters were predicted wrongly
must still answer right (through the ORM), never with another query's parameters."""

import io

import pytest

from harbour.directory import demo, hsds, selectors
from harbour.directory import models as m
from harbour.directory.selectors import SearchParams, filtered_services, search_services
from tests.directory.factories import make_service


def _orm_rows(queryset) -> list[dict]:
    return [hsds._row_of(obj) for obj in queryset]


@pytest.mark.django_db
def test_compiled_rows_are_the_orms_and_a_wrong_guess_is_answered_by_the_orm():
    first = make_service(name="Alpha advice")
    second = make_service(name="Beta advice")
    ids = [first.pk, second.pk]

    def queryset():
        return m.Service.objects.filter(pk__in=ids).order_by("name")

    right = hsds.db_values(m.Service, "id", ids)
    assert hsds.compiled_rows(m.Service, ("test", "right"), queryset, right) == _orm_rows(queryset())
    assert hsds.compiled_rows(m.Service, ("test", "right"), queryset, right) == _orm_rows(queryset())
    # Parameters in another order than the statement takes them: the first compilation sees
    # it, and the shape is answered through the ORM from then on.
    wrong = list(reversed(right))
    assert hsds.compiled_rows(m.Service, ("test", "wrong"), queryset, wrong) == _orm_rows(queryset())
    assert hsds.compiled_rows(m.Service, ("test", "wrong"), queryset, wrong) == _orm_rows(queryset())
    shapes = {key[2]: value for key, value in hsds._SQL_CACHE.items() if key[2][0] == "test"}
    assert shapes[("test", "wrong")] == hsds._THROUGH_ORM
    assert shapes[("test", "right")] != hsds._THROUGH_ORM


@pytest.mark.django_db
def test_a_fully_nested_record_is_read_without_falling_back_to_the_orm():
    demo.load(io.StringIO())
    hsds._SQL_CACHE.clear()
    dumper = hsds.Dumper()
    services = list(m.Service.objects.order_by("pk"))
    assert dumper.dump_many("service", services) == hsds.Dumper().dump_many("service", services)
    assert hsds._SQL_CACHE, "the export compiles its statements"
    fallen = [key[2] for key, value in hsds._SQL_CACHE.items() if value == hsds._THROUGH_ORM]
    assert fallen == []


@pytest.mark.django_db
@pytest.mark.parametrize("public_only", [False, True])
@pytest.mark.parametrize("text", ["advice", "advice centre", "refuge", "legal adv", "zzz", "مشورة قانونية"])
def test_a_text_search_is_compiled_and_gives_the_orms_pages(text, public_only):
    demo.load(io.StringIO())
    for n in range(25):
        make_service(name=f"Advice {n:02d}", description="advice centre", status="active" if n % 3 else "inactive")
    selectors._COUNT_SQL.clear()
    hsds._SQL_CACHE.clear()
    for page in (1, 2, 3):
        params = SearchParams(text=text, public_only=public_only, page=page, per_page=10)
        expected = filtered_services(params)
        start = (page - 1) * 10
        for _ in range(2):  # the first compiles, the second runs the compiled statements
            result = search_services(params)
            assert result.total == expected.count()
            assert [s.pk for s in result.services] == list(
                expected.order_by("name", "pk").values_list("pk", flat=True)[start:start + 10])
            assert [s.name for s in result.services] == list(
                expected.order_by("name", "pk").values_list("name", flat=True)[start:start + 10])
    assert "" not in selectors._COUNT_SQL.values()
    assert hsds._THROUGH_ORM not in hsds._SQL_CACHE.values()


@pytest.mark.django_db
def test_compiled_statements_are_seen_when_watched_and_give_the_same_rows_either_way():
    """hsds.fetch runs a served request's statements on the driver's cursor, and on Django's
    whenever something watches them (a query log, an execute wrapper)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    demo.load(io.StringIO())
    services = list(m.Service.objects.order_by("pk"))
    unwatched = hsds.Dumper().dump_many("service", services)
    with CaptureQueriesContext(connection) as captured:
        watched = hsds.Dumper().dump_many("service", services)
    assert watched == unwatched
    assert len(captured.captured_queries) >= 5
    wrapped = []

    def count(execute, sql, params, many, context):
        wrapped.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        assert hsds.Dumper().dump_many("service", services) == unwatched
    assert len(wrapped) == len(captured.captured_queries)


@pytest.mark.django_db
def test_a_failing_compiled_statement_raises_djangos_error_not_the_drivers():
    from django.db import DatabaseError, connection

    sql = "SELECT no_such_column FROM directory_service WHERE id = %s"
    with pytest.raises(DatabaseError) as raised:
        hsds.fetch(connection, sql, hsds.driver_sql(connection, sql), ["x"])
    assert type(raised.value).__module__ == "django.db.utils"


@pytest.mark.django_db(transaction=True)
def test_the_kept_cursor_follows_a_new_connection_and_the_prepared_probe_answers_as_unprepared():
    """fetch keeps one driver cursor per connection: after Django closes and reopens the
    connection it reads on the new one. The occupancy probe, prepared on PostgreSQL, answers
    as the same statement run unprepared, every time it is run."""
    from django.db import connection

    demo.load(io.StringIO())
    models, probe = hsds._occupancy_probe(connection.vendor)
    with connection.cursor() as cursor:
        cursor.execute(probe)
        expected = cursor.fetchone()
    for _ in range(3):
        assert hsds.fetch(connection, probe, hsds.driver_sql(connection, probe), [], one=True, prepare=True) == expected
    sql = "SELECT count(*) FROM directory_service"
    first = hsds.fetch(connection, sql, hsds.driver_sql(connection, sql), [], one=True)
    connection.close()
    assert hsds.fetch(connection, sql, hsds.driver_sql(connection, sql), [], one=True) == first
    assert hsds.fetch(connection, probe, hsds.driver_sql(connection, probe), [], one=True, prepare=True) == expected
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM pg_prepared_statements")
            assert cursor.fetchone()[0] == 1


@pytest.mark.django_db(transaction=True)
def test_what_fetch_keeps_is_kept_on_each_threads_own_connection():
    """django.db.connection is one proxy for every thread: fetch keeps its cursor on the
    thread's connection behind it, so that two threads never share one."""
    import threading

    from django.db import connection, connections

    sql = "SELECT 1"
    assert hsds.fetch(connection, sql, hsds.driver_sql(connection, sql), [], one=True) == (1,)
    assert "_harbour_reader" not in connection.__dict__
    mine = connections["default"].__dict__["_harbour_reader"]
    seen = []

    def other_thread():
        try:
            hsds.fetch(connection, sql, hsds.driver_sql(connection, sql), [], one=True)
            seen.append(connections["default"].__dict__["_harbour_reader"])
        finally:
            connections.close_all()

    thread = threading.Thread(target=other_thread)
    thread.start()
    thread.join()
    assert seen and seen[0] is not mine
    assert connections["default"].__dict__["_harbour_reader"] is mine
