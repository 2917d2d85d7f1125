"""No traces on her device from the public pages (issue 8, item 9; DESIGN.md F8): no field she
types into is kept by the browser's autofill, and no cookie outlives the browser session."""

import pytest

from tests.directory.factories import make_service
from tests.firewall.fixtures import sealed_a  # noqa: F401 - an organisation that takes requests
from tests.web.markup import remembered_fields
from tests.web.states import public_states


@pytest.fixture
def a_service(db):
    return make_service(name="Casa Lumbre", city="Madrid", country="ES")


def test_no_field_she_types_into_is_remembered_by_the_browser(client, sealed_a, a_service):  # noqa: F811
    remembered = {}
    for description, _url, response in public_states(client):
        found = remembered_fields(response.content.decode())
        if found:
            remembered[description] = found
    assert remembered == {}


def test_every_public_cookie_ends_with_the_browser_session(client, sealed_a, a_service):  # noqa: F811
    lasting = {}
    for description, _url, response in public_states(client):
        for name, cookie in response.cookies.items():
            if cookie["max-age"] or cookie["expires"]:
                lasting[f"{description}: {name}"] = cookie["max-age"] or cookie["expires"]
    assert lasting == {}


def test_the_trace_checker_sees_a_remembered_search_field():
    assert remembered_fields('<form method="post"><input type="text" name="q"></form>') == ["q"]
    assert remembered_fields('<form autocomplete="off"><input name="q"></form>') == []
