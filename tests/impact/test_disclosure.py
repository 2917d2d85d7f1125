"""Properties of harbour.impact.disclosure: no small published cell, no recoverable suppressed
cell, ratios only on large bases, fixed periods only."""

import datetime
import itertools

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from harbour.impact import disclosure
from harbour.impact.disclosure import Cell, DisclosureError, Period, PeriodError, protect


def tables(max_rows=5, max_columns=6, max_value=40):
    return st.integers(1, max_rows).flatmap(lambda rows: st.integers(1, max_columns).flatmap(
        lambda columns: st.lists(st.lists(st.integers(0, max_value), min_size=columns, max_size=columns),
                                 min_size=rows, max_size=rows)))


def _extended(counts):
    rows = [list(r) + [sum(r)] for r in counts]
    rows.append([sum(c) for c in zip(*counts, strict=True)] + [sum(map(sum, counts))])
    return rows


def alternative_exists(counts, table, target):
    """Brute force, independent of the module's graph method: is there another non-negative
    integer table agreeing with every published entry in which `target` (an extended-table
    position) has a different value? Circuits of a network matrix are -1/0/+1 vectors, so it is
    enough to try every -1/0/+1 change of the suppressed inner cells."""
    grid = _extended(counts)
    rows, columns = len(counts), len(counts[0])
    free = [(i, j) for i in range(rows) for j in range(columns) if table.entry(i, j).suppressed]
    for change in itertools.product((-1, 0, 1), repeat=len(free)):
        if not any(change):
            continue
        delta = [[0] * columns for _ in range(rows)]
        for (i, j), d in zip(free, change, strict=True):
            delta[i][j] = d
        new = _extended([[counts[i][j] + delta[i][j] for j in range(columns)] for i in range(rows)])
        if any(v < 0 for line in new for v in line):
            continue
        if any(new[i][j] != grid[i][j] for (i, j), cell in table.entries() if not cell.suppressed):
            continue
        if new[target[0]][target[1]] != grid[target[0]][target[1]]:
            return True
    return False


@settings(max_examples=300, deadline=None)
@given(tables(), st.integers(5, 15), st.booleans())
def test_no_published_entry_is_between_one_and_threshold_minus_one(counts, threshold, rounding):
    table = protect(counts, threshold=threshold, rounding=rounding)
    for _key, cell in table.entries():
        assert cell.suppressed or cell.value >= threshold
        assert cell.value != 0


@settings(max_examples=300, deadline=None)
@given(tables(), st.integers(5, 15))
def test_suppressed_cells_that_were_small_are_marked_primary_and_the_rest_published_exactly(counts, threshold):
    table = protect(counts, threshold=threshold)
    grid = _extended(counts)
    for (i, j), cell in table.entries():
        if grid[i][j] < threshold:
            assert cell == Cell(None, "primary")
        elif not cell.suppressed:
            assert cell.value == grid[i][j]
        else:
            assert cell.reason == "secondary"


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(tables(max_rows=3, max_columns=3, max_value=25), st.integers(5, 12))
def test_no_suppressed_entry_can_be_pinned_from_what_is_published(counts, threshold):
    table = protect(counts, threshold=threshold)
    for key, cell in table.entries():
        if cell.suppressed:
            assert alternative_exists(counts, table, key), (counts, key)


@settings(max_examples=200, deadline=None)
@given(tables(max_rows=6, max_columns=12, max_value=60), st.integers(5, 12))
def test_the_module_own_audit_agrees_on_large_tables(counts, threshold):
    assert disclosure.published_is_safe(counts, protect(counts, threshold=threshold))


def test_the_brute_force_check_catches_a_naive_suppression():
    # Suppressing only the small cell of a row whose total is published gives it away.
    counts = [[3, 20], [30, 40]]
    naive = disclosure.ProtectedTable(
        cells=((Cell(None, "primary"), Cell(20)), (Cell(30), Cell(40))),
        row_totals=(Cell(23), Cell(70)), column_totals=(Cell(33), Cell(60)), grand_total=Cell(93), threshold=10)
    assert not alternative_exists(counts, naive, (0, 0))
    assert not disclosure.published_is_safe(counts, naive)
    protected = protect(counts, threshold=10)
    assert protected.suppressed_count >= 4  # the 3, its row partner, and two more to close the cycle
    assert alternative_exists(counts, protected, (0, 0))


def test_a_zero_is_shown_as_suppressed_not_as_zero():
    table = protect([[0, 50], [50, 50]], threshold=10)
    assert table.cells[0][0] == Cell(None, "primary")


def test_a_single_cell_table_under_threshold_suppresses_every_total():
    table = protect([[4]], threshold=10)
    assert [cell.suppressed for _key, cell in table.entries()] == [True, True, True, True]


@pytest.mark.parametrize("threshold", [0, 1, 4, -3])
def test_threshold_below_five_is_refused(threshold):
    with pytest.raises(DisclosureError):
        protect([[20]], threshold=threshold)


def test_threshold_below_the_deployments_floor_is_refused():
    with pytest.raises(DisclosureError):
        disclosure.check_threshold(8, floor=10)
    assert disclosure.check_threshold(12, floor=10) == 12


def test_rounding_goes_to_base_five_and_never_under_the_threshold():
    assert disclosure.round_published(12, threshold=10) == 10
    assert disclosure.round_published(13, threshold=10) == 15
    assert disclosure.round_published(7, threshold=7) == 10
    table = protect([[12, 23], [31, 44]], threshold=10, rounding=True)
    assert [c.value for c in table.cells[0]] == [10, 25]
    assert table.grand_total.value == 110


def test_no_percentage_or_mean_on_a_small_base():
    assert disclosure.safe_ratio(3, 9, threshold=10) is None
    assert disclosure.safe_ratio(3, 12, threshold=10) == 25.0
    assert disclosure.safe_mean(20.0, 9, threshold=10) is None
    assert disclosure.safe_mean(25.0, 10, threshold=10) == 2.5


def test_malformed_tables_are_refused():
    for bad in ([], [[]], [[1, 2], [3]], [[-1]], [[1.5]]):
        with pytest.raises(DisclosureError):
            protect(bad)


@pytest.mark.parametrize("text, expected", [
    ("2025", Period(2025, "year", 1)), ("2025-q3", Period(2025, "quarter", 3)), ("2025-07", Period(2025, "month", 7)),
])
def test_fixed_periods_parse(text, expected):
    assert Period.parse(text) == expected


@pytest.mark.parametrize("text", ["2025-13", "2025-Q5", "2025-01-01..2025-02-03", "last week", "", "1999"])
def test_arbitrary_ranges_are_not_periods(text):
    with pytest.raises(PeriodError):
        Period.parse(text)


def test_a_period_in_the_future_is_refused():
    with pytest.raises(PeriodError):
        Period.parse("2026-12", today=datetime.date(2026, 11, 30))
    assert Period.parse("2026-11", today=datetime.date(2026, 11, 30)).kind == "month"


def test_period_bounds_and_completeness():
    quarter = Period(2024, "quarter", 1)
    assert (quarter.start, quarter.end) == (datetime.date(2024, 1, 1), datetime.date(2024, 3, 31))
    assert [str(m) for m in quarter.months()] == ["2024-01", "2024-02", "2024-03"]
    assert not quarter.is_complete(datetime.date(2024, 3, 31))
    assert quarter.is_complete(datetime.date(2024, 4, 1))
    assert str(disclosure.last_complete("quarter", datetime.date(2026, 1, 5))) == "2025-Q4"
    assert str(disclosure.last_complete("month", datetime.date(2026, 1, 5))) == "2025-12"
