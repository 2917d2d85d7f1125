import pytest

RIGHT_FIELDS = {"id", "instrument", "article", "title", "summary", "duty_holder", "stages", "status",
                "source_url", "language", "review_state", "verify"}


@pytest.mark.django_db
def test_rights_for_a_situation_have_the_documented_shape(client):
    response = client.get("/api/v1/rights?jurisdiction=gb-eaw&stage=without_reporting"
                          "&circumstance=gbv&circumstance=immigration&lang=en")
    assert response.status_code == 200
    body = response.json()
    assert set(body) == {"rights", "notes"}
    by_id = {r["id"]: r for r in body["rights"]}
    assert set(by_id["coe-istanbul-art-59"]) == RIGHT_FIELDS
    assert by_id["coe-istanbul-art-59"]["status"] == "reserved"
    assert by_id["gb-mvdac-concession"]["duty_holder"][0]["code"] == "home_office"
    assert by_id["gb-victims-code-right-4"]["stages"][0] == "without_reporting"
    assert "gb-victims-code-right-3" not in by_id
    assert [n["id"] for n in body["notes"]][:2] == ["uk-no-firewall", "emergency"]


@pytest.mark.django_db
def test_a_translated_right_says_its_language_and_that_it_is_a_draft(client, untranslate):
    untranslate("eu-2012-29-art-16")
    body = client.get("/api/v1/rights?jurisdiction=ES&circumstance=interpreter&lang=fa").json()
    by_id = {r["id"]: r for r in body["rights"]}
    assert (by_id["eu-2012-29-art-7"]["language"], by_id["eu-2012-29-art-7"]["review_state"]) == ("fa", "draft")
    # Not yet translated: English, reviewed, said so.
    assert (by_id["eu-2012-29-art-16"]["language"], by_id["eu-2012-29-art-16"]["review_state"]) == ("en", "reviewed")


@pytest.mark.django_db
@pytest.mark.parametrize("query, parameter, some_valid", [
    ("jurisdiction=XX", "jurisdiction", ["gb-eaw", "gb-sct", "gb-nir", "ES", "DK"]),
    ("", "jurisdiction", ["gb-eaw", "FR"]),
    ("jurisdiction=ES&stage=soon", "stage", ["without_reporting", "first_contact", "reporting",
                                             "investigation", "trial", "after_trial"]),
    ("jurisdiction=ES&circumstance=gbv&circumstance=tall", "circumstance",
     ["interpreter", "immigration", "gbv", "child", "disability", "repeat_harm", "abroad"]),
    ("jurisdiction=ES&lang=de", "lang", ["en", "ar", "fa", "es", "fr", "uk"]),
])
def test_unknown_values_get_a_400_listing_the_valid_ones(client, query, parameter, some_valid):
    response = client.get(f"/api/v1/rights?{query}")
    assert response.status_code == 400
    body = response.json()
    assert body["parameter"] == parameter
    assert set(some_valid) <= set(body["valid"])


@pytest.mark.django_db
def test_meta_lists_every_accepted_value(client):
    body = client.get("/api/v1/rights/meta").json()
    assert len(body["jurisdictions"]) == 30
    assert {"code": "gb-eaw", "name": "England and Wales"} in body["jurisdictions"]
    assert [s["code"] for s in body["stages"]] == ["without_reporting", "first_contact", "reporting",
                                                  "investigation", "trial", "after_trial"]
    assert [c["code"] for c in body["circumstances"]] == ["interpreter", "immigration", "gbv", "child",
                                                         "disability", "repeat_harm", "abroad"]
    assert [c["code"] for c in body["languages"]] == ["en", "ar", "fa", "es", "fr", "uk", "pt", "ro", "sq",
                                                     "pl", "so", "ti", "ps", "ur", "ckb"]
    assert "reserved" in [s["code"] for s in body["statuses"]]


@pytest.mark.django_db
def test_the_operations_are_in_the_openapi_document(client):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    assert "/api/v1/rights" in paths and "/api/v1/rights/meta" in paths


@pytest.mark.django_db
def test_notes_come_in_her_language_when_drafted_and_in_english_otherwise(client, untranslate):
    untranslate("gb-smv/pilot")
    body = client.get("/api/v1/rights?jurisdiction=gb-eaw&circumstance=gbv&circumstance=immigration&lang=fa").json()
    notes = {n["id"]: (n["language"], n["review_state"]) for n in body["notes"]}
    assert notes["uk-no-firewall"] == ("fa", "draft")
    assert notes["coe-istanbul/uk-reservation"] == ("fa", "draft")
    assert notes["gb-smv/pilot"] == ("en", "reviewed")
