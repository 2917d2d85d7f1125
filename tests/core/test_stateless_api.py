"""The public HSDS API is answered without the stateful layers (harbour.core.middleware.
StatelessApiMiddleware, issue 10.7): no session is read or saved, no language negotiated,
while the layers every request needs (security headers, JSON errors, HEAD, the control
character guard) still apply."""

import pytest
from django.conf import settings
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import translation


def test_the_stateless_layers_are_a_subset_of_the_middleware_in_the_same_order():
    full = settings.MIDDLEWARE
    stateless = settings.HARBOUR_STATELESS_MIDDLEWARE
    assert "harbour.core.middleware.StatelessApiMiddleware" in full
    after = full[full.index("harbour.core.middleware.StatelessApiMiddleware") + 1:]
    assert all(name in after for name in stateless)
    assert [name for name in after if name in stateless] == list(stateless)
    for left_out in ("django.contrib.sessions.middleware.SessionMiddleware", "harbour.core.csrf.HarbourCsrfViewMiddleware",
                     "django.contrib.auth.middleware.AuthenticationMiddleware"):
        assert left_out not in stateless


@pytest.mark.django_db
def test_a_member_calling_the_hsds_api_does_not_touch_her_session(caseworker_a):
    from tests.firewall.test_no_traces import staff_client

    client = staff_client(caseworker_a)
    with CaptureQueriesContext(connection) as captured:
        response = client.get("/api/hsds/services?search=advice")
    assert response.status_code == 200
    assert not [q["sql"] for q in captured.captured_queries if "django_session" in q["sql"]]
    assert "hb_session" not in response.cookies
    # The v1 API, which members use with their session, still goes through the full chain.
    with CaptureQueriesContext(connection) as captured:
        client.get("/api/v1/openapi.json")
    assert [q["sql"] for q in captured.captured_queries if "django_session" in q["sql"]]


@pytest.mark.django_db
def test_the_hsds_api_answers_in_the_default_language_whatever_the_thread_had_active():
    seen = []
    from harbour.directory import api_hsds

    real = api_hsds._json

    def spy(*args, **kwargs):
        seen.append(translation.get_language())
        return real(*args, **kwargs)

    api_hsds._json = spy
    try:
        with translation.override("ar"):
            assert Client().get("/api/hsds/services?search=advice").status_code == 200
    finally:
        api_hsds._json = real
    assert seen == [settings.LANGUAGE_CODE]


@pytest.mark.django_db
def test_the_layers_every_request_needs_still_apply_under_hsds():
    client = Client()
    refused = client.get("/api/hsds/services?search=a%00b")
    assert refused.status_code == 400 and refused["Content-Type"].startswith("application/json")
    assert refused.json()["error"] == "invalid_parameter" and "search" in refused.json()["message"]
    ok = client.get("/api/hsds/services")
    assert "no-store" in ok["Cache-Control"] and ok["X-Frame-Options"] == "DENY"
    assert "Content-Security-Policy" in ok
    head = client.head("/api/hsds/services")
    assert head.status_code == 200 and head.content == b""
    missing = client.get("/api/hsds/no-such-thing")
    assert missing.status_code == 404 and missing.json()["error"] == "not_found"
