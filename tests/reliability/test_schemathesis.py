"""Issue 11, item 4: every API answer matches its OpenAPI document. Schemathesis generates
requests from both documents and runs every check (`--checks all` in CLI terms), bounded, on
whichever database DATABASE_URL names. `make test` runs it on SQLite, CI also on PostgreSQL.

One check is left out: positive_data_acceptance expects every schema-valid request to
succeed, but some rules are facts in the database, not shapes a schema can state (an
organisation id must name one that takes requests; a status code must exist). Those answer a
documented 400 or 404, which the other checks verify.
"""

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.specs.openapi.checks import positive_data_acceptance

from config.wsgi import application

MAX_EXAMPLES = 25
EXCLUDED = [positive_data_acceptance]
v1 = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application)
hsds = schemathesis.openapi.from_wsgi("/api/hsds/openapi.json", application)
BOUNDED = settings(max_examples=MAX_EXAMPLES, deadline=None, derandomize=True,
                   suppress_health_check=list(HealthCheck))


@pytest.fixture(autouse=True)
def _keep_the_test_connection():
    """Schemathesis calls the WSGI app directly, which would close the database connection at
    each request's end (and with it the test's transaction on PostgreSQL); Django's test
    client disconnects the same handlers."""
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.mark.django_db
@v1.parametrize()
@BOUNDED
def test_the_v1_api_answers_as_documented(case):
    case.call_and_validate(excluded_checks=EXCLUDED)


@pytest.mark.django_db
@hsds.parametrize()
@BOUNDED
def test_the_hsds_api_answers_as_documented(case):
    case.call_and_validate(excluded_checks=EXCLUDED)


@pytest.mark.django_db
def test_unreadable_requests_get_the_documented_error_body(client):
    wrong_type = client.get("/api/v1/organisations", {"accepts_help_requests": "AAA"})
    assert wrong_type.status_code == 400 and set(wrong_type.json()["errors"]) == {"accepts_help_requests"}
    no_body = client.post("/api/v1/help-requests", content_type="application/json")
    assert no_body.status_code == 400 and "errors" in no_body.json()
    unparseable = client.post("/api/v1/help-requests", "{not json", content_type="application/json")
    assert unparseable.status_code == 400 and unparseable.json() == {"errors": {"body": ["Cannot parse request body"]}}
