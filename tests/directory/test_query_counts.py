"""List pages and list endpoints cost a fixed number of queries, however many results."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from harbour.directory.models import Claim
from tests.directory.factories import add_claim, make_service


def queries(do) -> int:
    with CaptureQueriesContext(connection) as captured:
        do()
    return len(captured.captured_queries)


def seed(n: int, start: int = 0):
    for i in range(start, start + n):
        service = make_service(name=f"Service {i}", languages=["ar"])
        add_claim(service, Claim.Kind.WOMEN_ONLY)


@pytest.mark.django_db
def test_the_public_results_page_has_a_fixed_query_count(client):
    def search():
        return client.post("/en/services/", {"q": "service", "place": "London", "language": "ar"}, follow=True)

    seed(2)
    few = queries(search)
    seed(8, start=2)
    # 10: the results' explanation is read from the search index (selectors.fields_from_index).
    assert queries(search) == few == 10


@pytest.mark.django_db
@pytest.mark.parametrize(("path", "expected"), [
    ("/api/hsds/services?search=service&language=ar", 3),  # a page that is not full needs no count
    ("/api/hsds/services?full=true", 12),
    ("/api/hsds/service_at_locations?full=true", 6),
])
def test_api_lists_have_a_fixed_query_count(client, path, expected):
    seed(2)
    few = queries(lambda: client.get(path))
    seed(8, start=2)
    assert queries(lambda: client.get(path)) == few == expected
