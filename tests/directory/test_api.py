import json
import uuid

import pytest

from harbour.directory import schemas
from harbour.directory.models import Claim, SearchToken, Service, Translation
from harbour.directory.profile import PROFILE_URI
from tests.directory import hsds_samples as samples
from tests.directory.factories import HOUSING, LEGAL, NEEDS, add_claim, make_service, translation

PAGE_KEYS = {"total_items", "total_pages", "page_number", "size", "first_page", "last_page", "empty", "contents"}


def page_schema_errors(body: dict) -> list:
    from jsonschema import Draft202012Validator

    openapi = json.loads((schemas.SCHEMA_DIR / "openapi.json").read_text())
    return list(Draft202012Validator(openapi["components"]["schemas"]["Page"]).iter_errors(body))


def get(client, path, **params):
    response = client.get(f"/api/hsds{path}", params)
    return response, response.json()


@pytest.mark.django_db
def test_root_says_version_profile_and_openapi_url(client):
    response, body = get(client, "/")
    assert response.status_code == 200
    assert body == {"version": "3.0", "profile": "http://testserver/api/hsds/profile",
                    "openapi_url": "http://testserver/api/hsds/openapi.json"}
    assert response["Access-Control-Allow-Origin"] == "*"


@pytest.mark.django_db
def test_the_profile_publishes_the_claims_taxonomy(client):
    response, body = get(client, "/profile")
    assert response.status_code == 200
    assert body["uri"] == PROFILE_URI
    assert schemas.errors("taxonomy", body["taxonomy"]) == []
    assert [t["code"] for t in body["taxonomy_terms"]] == [
        "confidential_location", "firewall_pledge", "immigration_advice", "interpreters", "nrpf",
        "regardless_of_status", "women_only"]
    for term in body["taxonomy_terms"]:
        assert schemas.errors("taxonomy_term", term) == []


@pytest.mark.django_db
def test_the_openapi_document_lists_harbours_own_parameters(client):
    document = client.get("/api/hsds/openapi.json").json()
    names = {p["name"] for p in document["paths"]["/api/hsds/services"]["get"]["parameters"]}
    assert {"search", "taxonomy_term_id", "taxonomy_id", "organization_id", "modified_after", "minimal",
            "full", "page", "per_page", "language", "lat", "lng", "radius_m", "open_now",
            "firewall_pledge", "regardless_of_status", "nrpf", "women_only"} <= names


@pytest.mark.django_db
def test_services_returns_the_page_envelope_and_valid_services(client):
    for n in range(3):
        make_service(name=f"Service {n}")
    response, body = get(client, "/services", per_page=2, page=2)
    assert response.status_code == 200
    assert set(body) == PAGE_KEYS
    assert (body["total_items"], body["total_pages"], body["page_number"], body["size"],
            body["first_page"], body["last_page"], body["empty"]) == (3, 2, 2, 1, False, True, False)
    assert page_schema_errors(body) == []
    for item in body["contents"]:
        assert schemas.errors("service", item) == []


@pytest.mark.django_db
def test_full_services_are_fully_nested_and_valid(client):
    make_service(name="Nested", languages=["ar"])
    _, body = get(client, "/services", full="true")
    [item] = body["contents"]
    assert item["service_at_locations"][0]["location"]["addresses"][0]["city"] == "London"
    assert schemas.errors("service", item) == []


@pytest.mark.django_db
def test_minimal_services_are_ids_and_modified_dates(client):
    service = make_service(name="Minimal")
    _, body = get(client, "/services", minimal="true")
    assert body["contents"] == [{"id": str(service.pk),
                                 "modified_date": service.last_modified.isoformat(timespec="milliseconds")
                                 .replace("+00:00", "Z")}]


@pytest.mark.django_db
def test_one_service_is_fully_nested_and_validates(client, tmp_path):
    from django.core.management import call_command

    path = tmp_path / "s.json"
    path.write_text(json.dumps(samples.service_full()))
    call_command("hsds_import", str(path))
    response, body = get(client, f"/services/{samples.SVC}")
    assert response.status_code == 200
    assert body == samples.service_full()
    assert schemas.errors("service", body) == []


@pytest.mark.django_db
def test_a_missing_service_is_404(client):
    assert get(client, f"/services/{uuid.uuid4()}")[0].status_code == 404
    assert get(client, "/services/not-a-uuid")[0].status_code == 404


@pytest.mark.django_db
def test_filters_combine_with_and(client):
    both = make_service(name="Both", terms=[LEGAL], languages=["ar"])
    make_service(name="Only term", terms=[LEGAL], languages=["en"])
    make_service(name="Only language", terms=[HOUSING], languages=["ar"])
    _, body = get(client, "/services", taxonomy_term_id=str(LEGAL), language="ar")
    assert [s["id"] for s in body["contents"]] == [str(both.pk)]


@pytest.mark.django_db
def test_search_by_farsi_text_and_claims_and_distance(client):
    service = make_service(name="Helpline", lat=51.52, lng=-0.10)
    translation(service, "fa", "خط کمک", "مشاوره حقوقی برای زنان")
    add_claim(service, Claim.Kind.REGARDLESS_OF_STATUS)
    other = make_service(name="Other", lat=51.52, lng=-0.10)
    translation(other, "fa", "دیگر", "مشاوره حقوقی برای زنان")
    _, body = get(client, "/services", search="مشاوره", regardless_of_status="true", lat="51.5074",
                  lng="-0.1278", radius_m="5000")
    assert [s["name"] for s in body["contents"]] == ["Helpline"]


@pytest.mark.django_db
def test_taxonomy_and_organization_filters(client):
    owned = make_service(name="Owned", terms=[LEGAL])
    make_service(name="Unrelated")
    _, body = get(client, "/services", taxonomy_id=str(NEEDS))
    assert [s["name"] for s in body["contents"]] == ["Owned"]
    _, body = get(client, "/services", organization_id=str(owned.organization_id))
    assert [s["name"] for s in body["contents"]] == ["Owned"]


@pytest.mark.django_db
def test_modified_after_is_inclusive(client):
    service = make_service(name="Edited")
    stamp = service.last_modified.isoformat()
    _, body = get(client, "/services", modified_after=stamp)
    assert body["total_items"] == 1
    Service.objects.filter(pk=service.pk).update(last_modified="2020-01-01T00:00:00Z")
    _, body = get(client, "/services", modified_after=stamp)
    assert body["total_items"] == 0


@pytest.mark.django_db
@pytest.mark.parametrize(("params", "parameter", "valid"), [
    ({"language": "xx"}, "language", ["ar", "en"]),
    ({"open_now": "maybe"}, "open_now", ["true", "false"]),
    ({"firewall_pledge": "yes"}, "firewall_pledge", ["true", "false"]),
    ({"colour": "red"}, "colour", None),
    ({"format": "ndjson"}, "format", ["json"]),
])
def test_an_unknown_filter_value_is_a_400_listing_the_valid_ones(client, params, parameter, valid):
    make_service(name="Speaks", languages=["ar", "en"])
    response, body = get(client, "/services", **params)
    assert response.status_code == 400
    assert body["parameter"] == parameter
    if valid is not None:
        assert body["valid"] == valid
    else:
        assert "language" in body["valid"] and "search" in body["valid"]


@pytest.mark.django_db
def test_an_unknown_taxonomy_term_lists_the_known_terms(client):
    make_service(name="Seed")
    response, body = get(client, "/services", taxonomy_term_id=str(uuid.uuid4()))
    assert response.status_code == 400
    assert {"id": str(LEGAL), "name": "Legal advice"} in body["valid"]


@pytest.mark.django_db
@pytest.mark.parametrize("params", [{"lat": "91", "lng": "0"}, {"lat": "51"}, {"radius_m": "5"},
                                    {"per_page": "1000"}, {"page": "0"}, {"modified_after": "yesterday"}])
def test_out_of_range_values_are_400(client, params):
    assert get(client, "/services", **params)[0].status_code == 400


@pytest.mark.django_db
def test_organizations_list_and_detail_validate(client):
    service = make_service(name="Org test")
    response, body = get(client, "/organizations")
    assert response.status_code == 200 and page_schema_errors(body) == []
    for item in body["contents"]:
        assert schemas.errors("organization", item) == []
    response, body = get(client, f"/organizations/{service.organization_id}")
    assert response.status_code == 200
    assert schemas.errors("organization", body) == []


@pytest.mark.django_db
def test_taxonomies_and_terms_validate(client):
    make_service(name="Seed")
    _, body = get(client, "/taxonomies")
    assert body["total_items"] == 2  # the test needs taxonomy and Harbour's own claims taxonomy
    for item in body["contents"]:
        assert schemas.errors("taxonomy", item) == []
    _, body = get(client, "/taxonomy_terms", taxonomy_id=str(NEEDS))
    assert [t["name"] for t in body["contents"]] == ["Legal advice", "Safe housing"]
    for item in body["contents"]:
        assert schemas.errors("taxonomy_term", item) == []
    assert get(client, f"/taxonomy_terms/{LEGAL}")[1]["name"] == "Legal advice"


@pytest.mark.django_db
def test_service_at_locations_validate_and_filter(client):
    make_service(name="Here", languages=["ar"])
    make_service(name="There", languages=["en"])
    response, body = get(client, "/service_at_locations", language="ar", full="true")
    assert response.status_code == 200 and body["total_items"] == 1
    for item in body["contents"]:
        assert schemas.errors("service_at_location", item) == []


@pytest.mark.django_db
def test_the_api_never_gives_out_a_confidential_address(client):
    service = make_service(name="Safe house", lat=51.6012, lng=-0.2034, confidential={
        "confidential": True, "coarse_area": "North London", "coarse_latitude": 51.57,
        "coarse_longitude": -0.1, "gatekeeper_phone": "+44 20 7946 0999"})
    bodies = [client.get(f"/api/hsds/services/{service.pk}").content.decode(),
              client.get("/api/hsds/services", {"full": "true"}).content.decode(),
              client.get("/api/hsds/service_at_locations", {"full": "true"}).content.decode(),
              client.get(f"/api/hsds/organizations/{service.organization_id}").content.decode()]
    for text in bodies:
        assert "51.6012" not in text and "1 Safe house Street" not in text and "X1 1XX" not in text
    assert "North London" in bodies[0]


@pytest.mark.django_db
def test_the_api_shows_a_claim_only_while_it_is_current(client):
    service = make_service(name="Claims")
    add_claim(service, Claim.Kind.FIREWALL_PLEDGE)
    add_claim(service, Claim.Kind.WOMEN_ONLY, days_left=-1)
    _, body = get(client, f"/services/{service.pk}")
    codes = [a["taxonomy_term"]["code"] for a in body["attributes"] if a["link_type"] == "harbour_claim"]
    assert codes == ["firewall_pledge"]
    assert get(client, "/services", women_only="true")[1]["total_items"] == 0


@pytest.mark.django_db
def test_service_at_locations_filter_by_distance(client):
    make_service(name="Near", lat=51.52, lng=-0.10)
    make_service(name="Far", lat=53.48, lng=-2.24)
    _, body = get(client, "/service_at_locations", lat="51.5074", lng="-0.1278", radius_m="5000")
    assert body["total_items"] == 1


@pytest.mark.django_db
def test_each_result_says_why_it_matched_and_how_fresh_it_is(client):
    service = make_service(name="Helpline", lat=51.52, lng=-0.10, languages=["ar"], terms=[LEGAL])
    translation(service, "ar", "خط المساعدة", "مساعدة قانونية")
    add_claim(service, Claim.Kind.FIREWALL_PLEDGE)
    Service.objects.filter(pk=service.pk).update(last_verified_at="2026-03-01T09:00:00Z",
                                                 last_verified_method="phone")
    _, body = get(client, "/services", search="مساعدة", language="ar", taxonomy_term_id=str(LEGAL),
                  lat="51.5074", lng="-0.1278", radius_m="10000", firewall_pledge="true", full="true")
    [item] = body["contents"]
    assert item["match"] == {"text_in": ["ar"], "taxonomy_term_id": [str(LEGAL)], "language": "ar",
                             "distance_m": 2400, "claims": ["firewall_pledge"]}
    assert item["verification"] == {"last_verified_at": "2026-03-01T09:00:00.000Z", "method": "phone"}
    assert schemas.errors("service", item) == []


@pytest.mark.django_db
def test_the_explanation_is_read_from_the_index_and_names_the_fields_that_hold_the_words(client):
    # Issue 10.7: SearchToken.fields records which fields hold each token. A phrase split between
    # a translation's name and description is one text there, as the texts answer it.
    service = make_service(name="Advice centre", description="Immigration help on Tuesdays")
    translation(service, "es", "Centro de asesoramiento", "juridico gratuito")
    translation(service, "ar", "مركز", "مساعدة قانونية")
    assert not SearchToken.objects.filter(service_id=service.pk, fields=None).exists()

    def text_in(words: str) -> list:
        [item] = get(client, "/services", search=words)[1]["contents"]
        return item["match"]["text_in"]

    assert text_in("advice") == ["name"]
    assert text_in("immig tues") == ["description"]  # prefixes, both in one field
    # A vocabulary phrase split across the Spanish name and description; the Arabic one says
    # "legal help", the same group.
    assert text_in("asesoramiento juridico") == ["ar", "es"]
    assert text_in("centr") == ["name", "es"]
    # Each word somewhere, no one field holding both: the fields that hold them (it said nothing).
    assert text_in("advice tuesdays") == ["name", "description"]
    assert text_in("قانونية") == ["ar"]


@pytest.mark.django_db
def test_tokens_indexed_before_fields_were_recorded_are_explained_from_the_texts(client):
    service = make_service(name="Advice centre", description="Immigration help")
    translation(service, "es", "Centro de asesoramiento", "juridico gratuito")
    SearchToken.objects.filter(service_id=service.pk).update(fields=None)  # as migration 0009 leaves them
    for words, fields in (("advice", ["name"]), ("asesoramiento juridico", ["es"]), ("centr", ["name", "es"]),
                          ("advice immigration", ["name", "description"])):
        [item] = get(client, "/services", search=words)[1]["contents"]
        assert item["match"]["text_in"] == fields


@pytest.mark.django_db
def test_a_translation_stored_with_a_code_that_is_not_one_is_named_by_neither_path(client):
    # Stored before codes were checked (the model refuses it now): the index once read "pt br"
    # back as Breton and Portuguese, while the texts said "pt br".
    service = make_service(name="Listening space")
    Translation.objects.create(entity="service", object_id=service.pk, language="pt br",
                               name="Espaço quintessencial", description="")
    from harbour.directory.indexing import reindex_services

    reindex_services([service.pk])
    [item] = get(client, "/services", search="quintessencial")[1]["contents"]
    assert item["match"]["text_in"] == []
    SearchToken.objects.filter(service_id=service.pk).update(fields=None)
    [item] = get(client, "/services", search="quintessencial")[1]["contents"]
    assert item["match"]["text_in"] == []


@pytest.mark.django_db
def test_a_confidential_result_has_no_precise_distance(client):
    make_service(name="Safe house", lat=51.6012, lng=-0.2034, confidential={
        "confidential": True, "coarse_area": "North London", "coarse_latitude": 51.52,
        "coarse_longitude": -0.10, "gatekeeper_phone": "+44 20 7946 0999"})
    _, body = get(client, "/services", lat="51.5074", lng="-0.1278", radius_m="10000")
    [item] = body["contents"]
    assert "distance_m" not in item["match"]
    assert item["match"]["distance"].startswith("within the radius")


def test_api_json_writes_what_djangos_encoder_wrote():
    """_json writes with orjson (issue 10, item 7); every value an answer can hold reads back as
    JsonResponse wrote it, dates and times to the millisecond in Django's form included."""
    import datetime
    import decimal

    from django.http import JsonResponse

    from harbour.directory.api_hsds import _json

    body = {"id": uuid.UUID("6d1f2a52-7c1e-4a5b-9a57-000000000001"), "name": "Café للنساء \u2066x\u2069",
            "at": datetime.datetime(2026, 1, 5, 8, 0, 0, 123456, tzinfo=datetime.UTC),
            "on": datetime.date(2026, 1, 5), "opens": datetime.time(9, 0, 0, 250000),
            "fee": decimal.Decimal("12.50"), "latitude": 51.5072, "tiny": 1e-7, "big": 2**53,
            "flags": [True, False, None], "nested": [{"empty": {}, "list": []}]}
    ours, djangos = _json(body), JsonResponse(body, json_dumps_params={"ensure_ascii": False})
    assert ours["Content-Type"] == "application/json"
    assert ours["Access-Control-Allow-Origin"] == "*"
    assert json.loads(ours.content) == json.loads(djangos.content)
    assert "Café للنساء".encode() in ours.content  # UTF-8, not \u escapes


@pytest.mark.django_db
def test_a_nested_service_reads_back_as_before(client):
    """The whole fully nested answer, through the API, equals what the standard encoder writes."""
    from django.http import JsonResponse

    from harbour.directory.hsds import Dumper, row_by_pk

    service = make_service(name="Nested Example", description="<p>Advice on <strong>Tuesdays</strong></p>")
    translation(service, "ar", "مثال", "وصف")
    add_claim(service, Claim.Kind.FIREWALL_PLEDGE)
    answer = client.get(f"/api/hsds/services/{service.pk}")
    expected = JsonResponse(Dumper().dump("service", row_by_pk(Service, service.pk)),
                            json_dumps_params={"ensure_ascii": False})
    assert answer.status_code == 200
    assert answer.json() == json.loads(expected.content)
