"""A search's total and pages when the page read says the total (issue 10.7): a page that is
not full is the last one, so a narrow search reads its page and needs no count; a full page,
or an empty page past the first, is counted."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from harbour.directory.selectors import SearchParams, search_services
from tests.directory.factories import make_service

PER_PAGE = 3


def searched(page: int, **given) -> tuple:
    params = SearchParams(page=page, per_page=PER_PAGE, public_only=True, **given)
    with CaptureQueriesContext(connection) as captured:
        found = search_services(params, rows=True)
    counted = sum("COUNT(" in q["sql"].upper() for q in captured.captured_queries)
    return [row["name"] for row in found.services], found.total, counted


# Words alone take the compiled text path; words with a language take the general one.
PATHS = [{"text": "harbourtest"}, {"text": "harbourtest", "language": "en"}]


@pytest.mark.django_db
@pytest.mark.parametrize("given", PATHS)
@pytest.mark.parametrize(("stored", "page", "names", "total", "counted"), [
    (0, 1, [], 0, 0),                         # nothing found: the empty first page says 0
    (2, 1, ["S0", "S1"], 2, 0),               # less than a page: its length is the total
    (3, 1, ["S0", "S1", "S2"], 3, 1),         # a full page: there may be more, so count
    (4, 1, ["S0", "S1", "S2"], 4, 1),
    (4, 2, ["S3"], 4, 0),                     # a last page that is not full: start + its length
    (6, 2, ["S3", "S4", "S5"], 6, 1),         # a full last page: counted
    (4, 3, [], 4, 1),                         # past the end: counted, not taken as 6
    (0, 2, [], 0, 1),
])
def test_the_total_is_right_whether_the_page_says_it_or_it_is_counted(given, stored, page, names, total, counted):
    for number in range(stored):
        make_service(name=f"S{number}", description="harbourtest refuge")
    assert searched(page, **given) == (names, total, counted)
