"""Issue 11 item 4: the HSDS API's query parameters are declared with their types and bounds
in the OpenAPI document, and what the document says is what the server enforces: every
value outside a parameter's schema gets a 400 naming that parameter, never a 500 and never
a silent answer; the bounds themselves are accepted."""

import pytest

from harbour.directory.api_hsds import MAX_PAGE, MAX_PER_PAGE, QUERY_SCHEMAS

# Free text by nature: any string is a valid search or language name.
FREE_TEXT = {"search", "language"}


def _document(client) -> dict:
    response = client.get("/api/hsds/openapi.json")
    assert response.status_code == 200
    return response.json()


def _query_parameters(document) -> list[tuple[str, dict]]:
    found = []
    for path, operations in document["paths"].items():
        for operation in operations.values():
            found += [(path, p) for p in operation.get("parameters", []) if p["in"] == "query"]
    return found


def _bad_values(schema: dict) -> list[str]:
    if schema.get("type") == "integer":
        return [str(schema["maximum"] + 1), str(schema["minimum"] - 1), "abc", "1.5", ""]
    if schema.get("type") == "number":
        return [str(schema["maximum"] + 1), str(schema["minimum"] - 1), "x", "nan", ""]
    if schema.get("type") == "boolean":
        return ["maybe", "2", "TRUE", ""]
    if schema.get("format") == "uuid":
        return ["not-a-uuid", ""]
    if schema.get("format") == "date-time":
        return ["yesterday", ""]
    return []


@pytest.mark.django_db
def test_no_query_parameter_is_documented_as_plain_text_unless_it_is_free_text(client):
    parameters = _query_parameters(_document(client))
    assert len(parameters) > 30
    plain = sorted({p["name"] for _path, p in parameters
                    if p["name"] not in FREE_TEXT and (p["schema"].get("type") in (None, "string")
                                                       and "format" not in p["schema"])})
    assert plain == []
    documented = {p["name"]: p["schema"] for _path, p in parameters}
    assert documented["per_page"]["maximum"] == MAX_PER_PAGE and documented["page"]["maximum"] == MAX_PAGE
    assert documented["open_now"]["type"] == "boolean" and documented["organization_id"]["format"] == "uuid"


@pytest.mark.django_db
def test_every_value_outside_a_documented_schema_is_a_400_naming_the_parameter(client):
    answers = 0
    for path, parameter in _query_parameters(_document(client)):
        for value in _bad_values(parameter["schema"]):
            response = client.get(path, {parameter["name"]: value})
            assert response.status_code == 400, (path, parameter["name"], value, response.status_code)
            body = response.json()
            assert body["error"] == "invalid_parameter" and body["parameter"] == parameter["name"], (path, body)
            assert body["message"]
            answers += 1
    assert answers > 60


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "value"), [("page", str(MAX_PAGE)), ("page", "1"), ("per_page", str(MAX_PER_PAGE)),
                                             ("per_page", "1"), ("full", "true"), ("full", "false")])
def test_the_documented_bounds_are_accepted(client, name, value):
    for path in ("/api/hsds/services", "/api/hsds/organizations", "/api/hsds/service_at_locations"):
        assert client.get(path, {name: value}).status_code == 200, path


def test_the_table_the_document_is_written_from_names_no_free_text_parameter():
    assert not FREE_TEXT & set(QUERY_SCHEMAS)
