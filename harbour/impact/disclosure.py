"""Statistical disclosure control for published tables: pure functions, no database.

Rules (UK practice: ONS "Policy on protecting confidentiality in tables of birth and death
statistics" and the Government Statistical Service guidance on disclosure control, as summarised
in /work/shared/reference/next-capabilities.md §D1):

- **Primary suppression.** Any count under the threshold (a deployment setting,
  `HARBOUR_IMPACT_THRESHOLD`, default 10, never below `MINIMUM_THRESHOLD` = 5) is not published;
  zero is suppressed too, so "fewer than 10" never tells a reader that a cell is empty.
  Totals are counts of people as well and follow the same rule.
- **Secondary (complementary) suppression.** After primary suppression, no suppressed entry of
  the table may be recoverable from what is published (the other cells and the row, column and
  grand totals). `protect` checks this exactly (see `pinned_entries`) and suppresses the
  smallest further entries until nothing is pinned.
- **Ratios.** No percentage or mean on a base under the threshold (`safe_ratio`, `safe_mean`).
- **Rounding.** Optional rounding of published values to base 5 (`round_published`), never to a
  value under the threshold.
- **Fixed periods.** Tables are published for calendar months, quarters and years only
  (`Period`): two overlapping ad-hoc ranges could be differenced to isolate a person.

The exact check. A two-way table with its margins is a circulation in a small bipartite graph:
node ``r_i`` for each row (plus one for the totals row) and ``c_j`` for each column (plus one for
the totals column); cell (i, j) is an edge ``r_i -> c_j``, row total i an edge
``c_total -> r_i``, column total j an edge ``c_j -> r_total`` and the grand total an edge
``r_total -> c_total``; flow conservation at every node is exactly "the cells add up to the
totals". Published entries are fixed, suppressed entries are free non-negative integers. Because
the constraint matrix of a network is totally unimodular, a suppressed entry can take another
non-negative integer value consistent with everything published if and only if the residual
graph has a cycle through its edge (forward always, backward only while its value is above 0).
That is a reachability test, so the check is exact without a linear-programming library.
"""

from __future__ import annotations

import calendar
import datetime
import math
from collections import deque
from dataclasses import dataclass

from harbour.core.numbers import fold_digits

MINIMUM_THRESHOLD = 5
# Periods (and dated records typed by staff) begin here: Harbour holds nothing older, and an
# earlier year is a typing slip, not a figure.
FIRST_YEAR = 2000
DEFAULT_THRESHOLD = 10
ROUNDING_BASE = 5


class DisclosureError(ValueError):
    """A request the rules refuse (threshold below the minimum, malformed table or period)."""


class PeriodError(DisclosureError):
    """A period that is not a calendar month, quarter or year, or that lies in the future.
    `code` says which, for a message in the reader's language: "format" (not a period),
    "too_early" (before FIRST_YEAR), "not_started" or "running" (not complete where it must be)."""

    def __init__(self, message: str, code: str = "format"):
        super().__init__(message)
        self.code = code


def check_threshold(threshold: int, *, floor: int = MINIMUM_THRESHOLD) -> int:
    """Return `threshold` (people, an int) if it may be used; raise DisclosureError when it is
    below `floor` (the absolute minimum, 5, or a deployment's own threshold) or not an int."""
    if isinstance(threshold, bool) or not isinstance(threshold, int):
        raise DisclosureError("The threshold must be a whole number of people.")
    if threshold < max(floor, MINIMUM_THRESHOLD):
        raise DisclosureError(f"The threshold may not be below {max(floor, MINIMUM_THRESHOLD)}.")
    return threshold


@dataclass(frozen=True)
class Cell:
    """One published entry: `value` is the count (int) or None when suppressed; `reason` is
    "primary", "secondary" or "" (published)."""

    value: int | None
    reason: str = ""

    @property
    def suppressed(self) -> bool:
        return self.value is None


@dataclass(frozen=True)
class ProtectedTable:
    """A table as it may be published.

    `cells[i][j]` for row i, column j; `row_totals[i]`, `column_totals[j]`, `grand_total`; all
    `Cell`. `threshold` is the threshold applied (people); `rounded` says whether published values
    are rounded to base 5.
    """

    cells: tuple[tuple[Cell, ...], ...]
    row_totals: tuple[Cell, ...]
    column_totals: tuple[Cell, ...]
    grand_total: Cell
    threshold: int
    rounded: bool = False

    def entries(self):
        """Every entry of the extended table as ((i, j), Cell); i == rows and j == columns mean
        the totals row and column."""
        rows, columns = len(self.cells), len(self.column_totals)
        for i in range(rows + 1):
            for j in range(columns + 1):
                yield (i, j), self.entry(i, j)

    def entry(self, i: int, j: int) -> Cell:
        rows, columns = len(self.cells), len(self.column_totals)
        if i == rows and j == columns:
            return self.grand_total
        if i == rows:
            return self.column_totals[j]
        if j == columns:
            return self.row_totals[i]
        return self.cells[i][j]

    @property
    def suppressed_count(self) -> int:
        return sum(1 for _key, cell in self.entries() if cell.suppressed)


def _extended(counts: list[list[int]]) -> list[list[int]]:
    """The table with its row totals as a last column and its column totals (and the grand
    total) as a last row."""
    rows = len(counts)
    columns = len(counts[0]) if rows else 0
    grid = [list(row) + [sum(row)] for row in counts]
    grid.append([sum(counts[i][j] for i in range(rows)) for j in range(columns)] + [sum(map(sum, counts))])
    return grid


def _validate(counts) -> list[list[int]]:
    table = [list(row) for row in counts]
    if not table or not table[0]:
        raise DisclosureError("A table needs at least one row and one column.")
    width = len(table[0])
    for row in table:
        if len(row) != width:
            raise DisclosureError("Every row of a table needs the same number of columns.")
        for value in row:
            if isinstance(value, bool) or not isinstance(value, int) or value < 0:
                raise DisclosureError("Table cells are counts: whole numbers, zero or more.")
    return table


def _edge(i: int, j: int, rows: int, columns: int) -> tuple[tuple[str, int], tuple[str, int]]:
    """The (tail, head) nodes of extended-table entry (i, j) in the circulation (module doc)."""
    if i < rows and j < columns:
        return ("r", i), ("c", j)
    if i < rows:  # row total
        return ("c", columns), ("r", i)
    if j < columns:  # column total
        return ("c", j), ("r", rows)
    return ("r", rows), ("c", columns)  # grand total


def pinned_entries(grid: list[list[int]], suppressed: set[tuple[int, int]]) -> set[tuple[int, int]]:
    """The suppressed entries of an extended table (`grid`, rows+1 by columns+1 with totals last)
    whose value is the only one consistent with the published entries (every entry not in
    `suppressed`) and non-negativity. Exact (module doc); O(s * (s + n)) for s suppressed of n."""
    rows, columns = len(grid) - 1, len(grid[0]) - 1
    edges = {key: _edge(*key, rows, columns) for key in suppressed}
    pinned = set()
    for key, (tail, head) in edges.items():
        movable = False
        # Up by one: a residual path head -> tail; down by one (value > 0): a path tail -> head.
        for start, goal, allowed in ((head, tail, True), (tail, head, grid[key[0]][key[1]] > 0)):
            if allowed and _reachable(start, goal, edges, grid, skip=key):
                movable = True
                break
        if not movable:
            pinned.add(key)
    return pinned


def _reachable(start, goal, edges, grid, *, skip) -> bool:
    adjacency: dict = {}
    for key, (tail, head) in edges.items():
        if key == skip:
            continue
        adjacency.setdefault(tail, []).append(head)  # may always grow
        if grid[key[0]][key[1]] > 0:
            adjacency.setdefault(head, []).append(tail)  # may shrink while above zero
    seen, queue = {start}, deque([start])
    while queue:
        node = queue.popleft()
        if node == goal:
            return True
        for nxt in adjacency.get(node, ()):
            if nxt not in seen:
                seen.add(nxt)
                queue.append(nxt)
    return False


def _cheapest_cycle(grid, suppressed, key) -> list[tuple[int, int]]:
    """The published entries to suppress so that `key` (a pinned suppressed entry) lies on a cycle
    of suppressed entries: the cheapest residual path from its head back to its tail (Dijkstra,
    cost = the value of each published entry used plus one per entry, 0 for suppressed ones), the
    "shortest path" heuristic of network-flow cell suppression (Castro 2006). Returns [] if none."""
    import heapq

    rows, columns = len(grid) - 1, len(grid[0]) - 1
    adjacency: dict = {}
    for i in range(rows + 1):
        for j in range(columns + 1):
            if (i, j) == key:
                continue
            tail, head = _edge(i, j, rows, columns)
            cost = 0 if (i, j) in suppressed else grid[i][j] + 1
            adjacency.setdefault(tail, []).append((head, cost, (i, j)))
            if grid[i][j] > 0:
                adjacency.setdefault(head, []).append((tail, cost, (i, j)))
    tail, head = _edge(*key, rows, columns)
    best = {head: 0}
    came: dict = {}
    queue = [(0, head)]
    while queue:
        cost, node = heapq.heappop(queue)
        if node == tail:
            break
        if cost > best.get(node, cost):
            continue
        for nxt, step, entry in adjacency.get(node, ()):
            if cost + step < best.get(nxt, float("inf")):
                best[nxt] = cost + step
                came[nxt] = (node, entry)
                heapq.heappush(queue, (cost + step, nxt))
    if tail not in came:
        return []
    path, node = [], tail
    while node != head:
        node, entry = came[node]
        path.append(entry)
    return [entry for entry in path if entry not in suppressed]


def _line_of(key, rows, columns):
    i, j = key
    return [(i, jj) for jj in range(columns + 1) if jj != j] + [(ii, j) for ii in range(rows + 1) if ii != i]


def protect(counts, *, threshold: int = DEFAULT_THRESHOLD, rounding: bool = False) -> ProtectedTable:
    """Suppress a two-way table of counts for publication.

    `counts`: a non-empty list of equal-length lists of non-negative ints (people). Returns a
    ProtectedTable with the cells, row totals, column totals and grand total as published:
    every entry under `threshold` suppressed ("primary", zero included), and then further
    entries ("secondary": for each pinned entry, the cheapest cycle through it, `_cheapest_cycle`)
    until no suppressed entry is pinned by what is published. With `rounding`, published values are
    rounded to base 5 (never under the threshold). Raises DisclosureError for a threshold under 5
    or a malformed table.
    """
    check_threshold(threshold)
    table = _validate(counts)
    grid = _extended(table)
    rows, columns = len(table), len(table[0])
    primary = {(i, j) for i in range(rows + 1) for j in range(columns + 1) if grid[i][j] < threshold}
    suppressed = set(primary)
    while True:
        pinned = pinned_entries(grid, suppressed)
        if not pinned:
            break
        key = min(pinned)
        path = _cheapest_cycle(grid, suppressed, key)
        if path:
            suppressed.update(path)
        else:  # cannot happen for a well-formed table (all-forward cycles exist); stay safe anyway
            suppressed.update(k for k in _line_of(key, rows, columns))

    def cell(i, j):
        if (i, j) in suppressed:
            return Cell(None, "primary" if (i, j) in primary else "secondary")
        value = grid[i][j]
        return Cell(round_published(value, threshold=threshold) if rounding else value)

    return ProtectedTable(
        cells=tuple(tuple(cell(i, j) for j in range(columns)) for i in range(rows)),
        row_totals=tuple(cell(i, columns) for i in range(rows)),
        column_totals=tuple(cell(rows, j) for j in range(columns)),
        grand_total=cell(rows, columns), threshold=threshold, rounded=rounding,
    )


def published_is_safe(counts, table: ProtectedTable) -> bool:
    """True when no published entry of `table` lies in 1..threshold-1 and no suppressed entry is
    pinned by the published ones (checked against the true `counts`). For tests and audits."""
    grid = _extended(_validate(counts))
    suppressed = {key for key, cell in table.entries() if cell.suppressed}
    for (i, j), cell in table.entries():
        if not cell.suppressed and grid[i][j] < table.threshold:
            return False
    return not pinned_entries(grid, suppressed)


def round_published(value: int, *, threshold: int = DEFAULT_THRESHOLD) -> int:
    """`value` (a published count, >= threshold) rounded to the nearest multiple of 5 (halves
    up), but never below the smallest multiple of 5 at or above `threshold`."""
    rounded = int(math.floor(value / ROUNDING_BASE + 0.5)) * ROUNDING_BASE
    return max(rounded, int(math.ceil(threshold / ROUNDING_BASE)) * ROUNDING_BASE)


def safe_ratio(numerator: int, base: int, *, threshold: int = DEFAULT_THRESHOLD) -> float | None:
    """`numerator / base` as a percentage (0..100, a float rounded to one decimal), or None when the
    base is under the threshold (no percentage on a small base)."""
    check_threshold(threshold)
    if base < threshold:
        return None
    return round(100.0 * numerator / base, 1)


def safe_mean(total: float, n: int, *, threshold: int = DEFAULT_THRESHOLD) -> float | None:
    """Mean `total / n` rounded to two decimals, or None when `n` (people) is under the threshold."""
    check_threshold(threshold)
    if n < threshold:
        return None
    return round(total / n, 2)


# Fixed periods --------------------------------------------------------------------------------


@dataclass(frozen=True, order=True)
class Period:
    """A calendar month, quarter or year: `kind` is "month", "quarter" or "year"; `year` four
    digits; `index` the month (1..12), the quarter (1..4) or 1 for a year."""

    year: int
    kind: str
    index: int = 1

    KINDS = ("month", "quarter", "year")

    @classmethod
    def parse(cls, text: str, *, today: datetime.date | None = None) -> Period:
        """"2026", "2026-Q2" or "2026-05" to a Period. Raises PeriodError for anything else,
        and, when `today` is given, for a period that starts after `today`. Digits of any script
        are read ("٢٠٢٦-Q٢" is 2026-Q2; harbour.core.numbers.fold_digits)."""
        text = fold_digits(text or "").strip().upper()
        try:
            if len(text) == 4 and text.isdigit():
                period = cls(int(text), "year", 1)
            elif len(text) == 7 and text[4:6] == "-Q" and text[:4].isdigit() and text[6] in "1234":
                period = cls(int(text[:4]), "quarter", int(text[6]))
            elif len(text) == 7 and text[4] == "-" and text[:4].isdigit() and text[5:].isdigit() \
                    and 1 <= int(text[5:]) <= 12:
                period = cls(int(text[:4]), "month", int(text[5:]))
            else:
                raise ValueError
        except ValueError:
            raise PeriodError("A period is a year (2026), a quarter (2026-Q2) or a month (2026-05).") from None
        if period.year < FIRST_YEAR:
            raise PeriodError(f"Figures begin in {FIRST_YEAR}.", code="too_early")
        if today is not None and period.start > today:
            raise PeriodError("That period has not started yet.", code="not_started")
        return period

    def __str__(self) -> str:
        if self.kind == "year":
            return f"{self.year}"
        if self.kind == "quarter":
            return f"{self.year}-Q{self.index}"
        return f"{self.year}-{self.index:02d}"

    @property
    def start(self) -> datetime.date:
        month = {"year": 1, "quarter": 3 * (self.index - 1) + 1, "month": self.index}[self.kind]
        return datetime.date(self.year, month, 1)

    @property
    def end(self) -> datetime.date:
        """The last day of the period (inclusive)."""
        last_month = {"year": 12, "quarter": 3 * self.index, "month": self.index}[self.kind]
        return datetime.date(self.year, last_month, calendar.monthrange(self.year, last_month)[1])

    def months(self) -> list[Period]:
        """The calendar months of the period, in order."""
        first = self.start.month
        last = self.end.month
        return [Period(self.year, "month", m) for m in range(first, last + 1)]

    def is_complete(self, today: datetime.date) -> bool:
        """True once the whole period lies before `today` (only complete periods are public)."""
        return self.end < today

    def previous(self) -> Period:
        if self.kind == "year":
            return Period(self.year - 1, "year", 1)
        if self.kind == "quarter":
            return Period(self.year - (self.index == 1), "quarter", 4 if self.index == 1 else self.index - 1)
        return Period(self.year - (self.index == 1), "month", 12 if self.index == 1 else self.index - 1)


def last_complete(kind: str, today: datetime.date) -> Period:
    """The latest complete period of `kind` ("month", "quarter", "year") before `today`."""
    if kind not in Period.KINDS:
        raise PeriodError("A period is a year, a quarter or a month.")
    current = {"year": Period(today.year, "year", 1),
               "quarter": Period(today.year, "quarter", (today.month - 1) // 3 + 1),
               "month": Period(today.year, "month", today.month)}[kind]
    return current.previous()
