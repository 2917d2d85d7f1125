"""Every error under /api/ is JSON in its API's error shape (a walk-through found `POST
/api/hsds/services` answering a text/html 405 and unknown API paths answering the HTML 404
page). Pages keep their HTML error pages."""

import pytest
from django.http import HttpResponse, HttpResponseServerError
from django.test import RequestFactory

from harbour.core.middleware import ApiErrorsAsJsonMiddleware

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("path", ["/api/hsds/locations", "/api/hsds/services/", "/api/hsds/no/such/thing"])
def test_an_hsds_path_no_route_matches_is_a_json_404_in_the_hsds_shape(client, path):
    response = client.get(path)
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"error": "not_found", "message": "Not Found"}
    assert response["Cache-Control"].startswith("no-store")      # the outer headers are still added


def test_a_method_the_route_does_not_take_is_a_json_405_that_keeps_allow(client):
    response = client.post("/api/hsds/services", data="{}", content_type="application/json")
    assert response.status_code == 405
    assert response["Content-Type"] == "application/json"
    assert response.json()["error"] == "method_not_allowed"
    assert "GET" in response["Allow"]


def test_a_v1_path_no_route_matches_is_a_json_404_in_the_v1_shape(client):
    response = client.get("/api/v1/no-such-endpoint")
    assert response.status_code == 404 and response.json() == {"detail": "Not Found"}


def test_a_documented_json_error_is_left_as_it_was(client):
    response = client.get("/api/hsds/services/00000000-0000-4000-8000-000000000000")
    assert response.status_code == 404
    assert response.json() == {"error": "not_found", "message": "no service with that id"}


def test_pages_keep_their_html_error_pages(client):
    response = client.get("/en/no-such-page/")
    assert response.status_code == 404 and response["Content-Type"].startswith("text/html")


@pytest.mark.parametrize(("path", "made", "expected"), [
    ("/api/v1/organisations", HttpResponse("bad", status=400), {"errors": {"request": ["Bad Request"]}}),
    ("/api/v1/organisations", HttpResponseServerError("<p>oops</p>"), {"detail": "Internal Server Error"}),
    ("/api/hsds/services", HttpResponseServerError("<p>oops</p>"),
     {"error": "internal_server_error", "message": "Internal Server Error"}),
])
def test_any_error_page_under_api_becomes_json(path, made, expected):
    import json

    response = ApiErrorsAsJsonMiddleware(lambda request: made)(RequestFactory().get(path))
    assert response.status_code == made.status_code
    assert response["Content-Type"] == "application/json" and json.loads(response.content) == expected


@pytest.mark.django_db
@pytest.mark.parametrize(("path", "status"), [
    ("/api/hsds/", 200), ("/api/hsds/services", 200), ("/api/hsds/services?page=0", 400),
    ("/api/hsds/services/00000000-0000-0000-0000-000000000000", 404), ("/api/v1/organisations", 200),
    ("/api/hsds/openapi.json", 200)])
def test_head_on_the_apis_answers_as_get_without_a_body(client, path, status):
    """A walk-through: `HEAD /api/hsds/services` answered 405 while GET worked."""
    get, head = client.get(path), client.head(path)
    assert get.status_code == head.status_code == status
    assert head["Content-Type"] == get["Content-Type"]
    assert head.content == b"" and int(head["Content-Length"]) == len(get.content)
