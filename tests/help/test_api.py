import datetime
import json

import pytest
from django.urls import reverse

from harbour.firewall.models import Consent, Disclosure
from harbour.help.models import HelpRequest
from tests.firewall.helpers import login, today


def post_json(client, url, body):
    return client.post(url, json.dumps(body), content_type="application/json")


def a_request(organisation, **changes):
    body = {"organisation": str(organisation.public_id), "needs": ["legal", "interpreter"],
            "message": "Mensaje de prueba", "name": "Luz",
            "contact": {"channel": "text", "value": "+34 600 000 000", "safe_times": "por la tarde",
                        "message_ok": False},
            "language": "es"}
    body.update(changes)
    return body


def test_organisations_that_accept_requests_are_listed_with_id_name_languages(client, sealed_a, org_a, org_b):
    response = client.get("/api/v1/organisations?accepts_help_requests=true")
    assert response.status_code == 200
    # B accepts requests but has no key yet, so it cannot seal one: not listed.
    assert response.json() == [{"id": str(org_a.public_id), "name": "Organisation A", "languages": ["en", "ar"]}]


def test_the_whole_journey_through_the_api(client, sealed_a, partner_b, caseworker_a, org_a, org_b):
    response = post_json(client, "/api/v1/help-requests", a_request(org_a))
    assert response.status_code == 201
    code = response.json()["status_code"]
    assert set(response.json()) == {"status_code"}
    assert len(code.split()) == 9
    help_request = HelpRequest.objects.get()
    assert help_request.language == "es"
    assert help_request.contact_channel == "text"

    status = post_json(client, "/api/v1/help-requests/status", {"code": code})
    assert status.status_code == 200
    assert status.json() == {"status": "received", "disclosures": [], "last_used": None}

    caseworker = login(caseworker_a)
    caseworker.post(reverse("help_staff:set_status", args=[help_request.public_id]), {"status": "contacted"})
    caseworker.post(reverse("help_staff:add_consent", args=[help_request.public_id]), {
        "recipient": str(partner_b.public_id), "categories": ["identity", "needs"], "purpose": "legal",
        "expires_on": (today() + datetime.timedelta(days=7)).isoformat(), "method": "in_person", "language": "es",
    })
    caseworker.post(reverse("help_staff:share", args=[Consent.objects.get().public_id]))
    assert Disclosure.objects.count() == 1

    status = post_json(client, "/api/v1/help-requests/status", {"code": "  " + code.upper() + " "})
    assert status.json() == {
        "status": "contacted",
        "disclosures": [{"recipient": "Organisation B", "categories": ["identity", "needs"],
                         "date": today().isoformat()}],
        "last_used": today().isoformat(),
    }


def test_spanish_codes_use_the_spanish_word_list(client, sealed_a, org_a):
    from harbour.firewall.codes import normalise, wordlist

    code = post_json(client, "/api/v1/help-requests", a_request(org_a)).json()["status_code"]
    spanish = {normalise(w) for w in wordlist("spanish")}
    assert all(normalise(word) in spanish for word in code.split())


def test_api_errors_are_in_her_language_and_store_nothing(client, sealed_a, org_a):
    response = post_json(client, "/api/v1/help-requests",
                         a_request(org_a, needs=[], message="", language="es"))
    assert response.status_code == 400
    assert "errors" in response.json()
    assert HelpRequest.objects.count() == 0


def test_unknown_organisation_is_a_clear_error(client, sealed_a):
    response = post_json(client, "/api/v1/help-requests",
                         a_request(type("X", (), {"public_id": "00000000-0000-0000-0000-000000000000"})(),
                                   language="en"))
    assert response.status_code == 400
    assert response.json()["errors"]["organisation"] == ["Choose one of the organisations listed."]
    assert HelpRequest.objects.count() == 0


def test_oversized_message_is_refused_by_the_api(client, sealed_a, org_a):
    response = post_json(client, "/api/v1/help-requests", a_request(org_a, message="x" * 4001, language="en"))
    assert response.status_code == 400
    assert "at most 4000 characters (it has 4001)" in response.json()["errors"]["message"][0]
    assert HelpRequest.objects.count() == 0


@pytest.mark.parametrize("wrong", [
    "abandon ability able about above absent",
    "zoo zoo zoo zoo zoo zoo zoo zoo zoo",
    "word word word word word word word word word",
    "1234 5678 9012 3456 7890 1234 5678 9012",
])
def test_every_wrong_code_gets_the_same_404_body(client, sealed_a, org_a, wrong):
    post_json(client, "/api/v1/help-requests", a_request(org_a))
    response = post_json(client, "/api/v1/help-requests/status", {"code": wrong})
    assert response.status_code == 404
    assert response.content == b'{"detail": "Not found."}'


def test_a_malformed_code_is_a_clear_error(client, sealed_a):
    response = post_json(client, "/api/v1/help-requests/status", {"code": "too short"})
    assert response.status_code == 400
    assert response.json() == {"errors": {"code": ["A status code is a row of words or of groups of digits."]}}


def test_status_checks_count_nothing_and_store_nothing(client, sealed_a):
    from harbour.firewall.models import ThrottleWindow

    answers = [post_json(client, "/api/v1/help-requests/status", {"code": "zoo " * 9}).status_code
               for _ in range(5)]
    assert answers == [404] * 5
    assert ThrottleWindow.objects.count() == 0


def test_openapi_describes_the_help_operations(client):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    assert {"/api/v1/organisations", "/api/v1/help-requests", "/api/v1/help-requests/status"} <= set(paths)
