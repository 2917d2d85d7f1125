"""HSDS 3.0 records for tests: every field of every object a service carries, fully nested,
with links written out (the form export produces)."""

import copy

ORG = "0a000000-0000-4000-8000-000000000001"
SVC = "0b000000-0000-4000-8000-000000000001"
LOC = "0c000000-0000-4000-8000-000000000001"
SAL = "0d000000-0000-4000-8000-000000000001"
TAXONOMY = "0e000000-0000-4000-8000-000000000001"
TERM = "0f000000-0000-4000-8000-000000000001"
PARENT_TERM = "0f000000-0000-4000-8000-000000000002"
PROGRAM = "01000000-0000-4000-8000-000000000001"


def uid(n: int) -> str:
    return f"99999999-0000-4000-8000-{n:012d}"


def meta(n: int, resource: str, resource_type: str) -> dict:
    return {"id": uid(n), "resource_id": resource, "resource_type": resource_type,
            "last_action_date": "2024-04-01", "last_action_type": "update", "field_name": "name",
            "previous_value": "Old", "replacement_value": "New", "updated_by": "Data team"}


def taxonomy() -> dict:
    return {"id": TAXONOMY, "name": "Harbour needs (test)", "description": "Needs a woman may have.",
            "uri": "https://example.org/needs", "version": "1.0"}


def term(term_id: str = TERM, name: str = "Legal advice", parent: str | None = PARENT_TERM) -> dict:
    out = {"id": term_id, "code": "legal", "name": name, "description": f"{name} services.",
           "taxonomy": "Harbour needs", "language": "en", "taxonomy_id": TAXONOMY,
           "term_uri": f"https://example.org/needs#{term_id[-3:]}", "taxonomy_detail": taxonomy()}
    if parent:
        out["parent_id"] = parent
    return out


def attribute(n: int, link: str, entity: str, term_id: str = TERM) -> dict:
    return {"id": uid(n), "link_id": link, "taxonomy_term_id": term_id, "link_type": "service_type",
            "link_entity": entity, "value": "yes", "taxonomy_term": term(term_id)}


def language(n: int, code: str, name: str, **links) -> dict:
    return {"id": uid(n), **links, "name": name, "code": code, "note": "Staff speak it."}


def phone(n: int, **links) -> dict:
    return {"id": uid(n), **links, "number": "+44 20 7946 0000", "extension": 12, "type": "voice",
            "description": "Main line", "languages": [language(n + 1, "ar", "Arabic", phone_id=uid(n))]}


def schedule(n: int, **links) -> dict:
    return {"id": uid(n), **links, "valid_from": "2024-01-01", "valid_to": "2030-12-31",
            "dtstart": "2024-01-01", "timezone": 0, "until": "2030-12-31", "count": 100,
            "wkst": "MO", "freq": "WEEKLY", "interval": 1, "byday": "MO,TU,WE,TH,FR",
            "byweekno": "1", "bymonthday": "1", "byyearday": "1", "description": "Weekdays",
            "opens_at": "09:00", "closes_at": "17:00", "schedule_link": "https://example.org/hours",
            "attending_type": "in person", "notes": "Closed on public holidays"}


def contact(n: int, **links) -> dict:
    return {"id": uid(n), **links, "name": "Reception", "title": "Coordinator",
            "department": "Advice", "email": "advice@example.org",
            "phones": [phone(n + 1, contact_id=uid(n))]}


def location() -> dict:
    return {
        "id": LOC, "location_type": "physical", "url": "https://example.org/centre",
        "organization_id": ORG, "name": "Centre", "alternate_name": "The Centre",
        "description": "Ground floor.", "transportation": "Bus 12", "latitude": 51.5155,
        "longitude": -0.0922, "external_identifier": "100023336956", "external_identifier_type": "UPRN",
        "languages": [language(300, "fa", "Farsi", location_id=LOC)],
        "addresses": [{"id": uid(310), "location_id": LOC, "attention": "Front desk",
                       "address_1": "1 Example Street", "address_2": "Unit 2", "city": "London",
                       "region": "Greater London", "state_province": "England",
                       "postal_code": "E1 1AA", "country": "GB", "address_type": "physical",
                       "attributes": [attribute(311, uid(310), "address")],
                       "metadata": [meta(312, uid(310), "address")]}],
        "contacts": [contact(320, location_id=LOC)],
        "accessibility": [{"id": uid(330), "location_id": LOC, "description": "Step-free",
                           "details": "Lift to all floors", "url": "https://example.org/access"}],
        "phones": [phone(340, location_id=LOC)],
        "schedules": [schedule(350, location_id=LOC)],
        "attributes": [attribute(360, LOC, "location")],
        "metadata": [meta(361, LOC, "location")],
    }


def organization() -> dict:
    return {
        "id": ORG, "name": "Example Women's Network", "alternate_name": "EWN",
        "description": "A network of women's groups.", "email": "info@example.org",
        "website": "https://example.org", "tax_status": "charity", "tax_id": "123",
        "year_incorporated": 2001, "legal_status": "Charity", "logo": "https://example.org/logo.png",
        "uri": "https://example.org/org", "parent_organization_id": uid(999),
        "funding": [{"id": uid(200), "organization_id": ORG, "source": "Grants"}],
        "contacts": [contact(210, organization_id=ORG)],
        "phones": [phone(220, organization_id=ORG)],
        "locations": [location()],
        "programs": [{"id": PROGRAM, "organization_id": ORG, "name": "Advice programme",
                      "alternate_name": "AP", "description": "Free advice."}],
        "organization_identifiers": [{"id": uid(230), "organization_id": ORG,
                                      "identifier_scheme": "GB-CHC", "identifier_type": "Charity number",
                                      "identifier": "1234567"}],
        "attributes": [attribute(240, ORG, "organization")],
        "metadata": [meta(241, ORG, "organization")],
    }


def service_full() -> dict:
    return copy.deepcopy({
        "id": SVC, "organization_id": ORG, "program_id": PROGRAM, "name": "Legal advice for women",
        "alternate_name": "Women's legal clinic", "description": "Free legal advice for women.",
        "url": "https://example.org/legal", "email": "legal@example.org", "status": "active",
        "interpretation_services": "Interpreters for any language on request.",
        "application_process": "Call or walk in.", "fees_description": "Free",
        "wait_time": "A week", "fees": "None", "accreditations": "OISC level 1",
        "eligibility_description": "Women over 16", "minimum_age": 16, "maximum_age": 99,
        "assured_date": "2024-05-01", "assurer_email": "checks@example.org", "licenses": "None",
        "alert": "Closed in August", "last_modified": "2024-05-02T10:00:00.000Z",
        "phones": [phone(100, service_id=SVC)],
        "schedules": [schedule(110, service_id=SVC)],
        "service_areas": [{"id": uid(120), "service_id": SVC, "name": "London", "description": "All boroughs",
                           "extent": '{"type":"Point","coordinates":[-0.1,51.5]}',
                           "extent_type": "geojson", "uri": "https://example.org/area"}],
        "service_at_locations": [{
            "id": SAL, "service_id": SVC, "location_id": LOC, "description": "At the centre",
            "contacts": [contact(130, service_at_location_id=SAL)],
            "phones": [phone(135, service_at_location_id=SAL)],
            "schedules": [schedule(138, service_at_location_id=SAL)],
            "location": location(),
            "attributes": [attribute(139, SAL, "service_at_location")],
            "metadata": [meta(140, SAL, "service_at_location")],
        }],
        "languages": [language(150, "en", "English", service_id=SVC),
                      language(151, "ar", "Arabic", service_id=SVC)],
        "organization": organization(),
        "funding": [{"id": uid(160), "service_id": SVC, "source": "Lottery"}],
        "cost_options": [{"id": uid(170), "service_id": SVC, "valid_from": "2024-01-01",
                          "valid_to": "2024-12-31", "option": "Standard", "currency": "GBP",
                          "amount": 0, "amount_description": "Free of charge"}],
        "program": {"id": PROGRAM, "organization_id": ORG, "name": "Advice programme",
                    "alternate_name": "AP", "description": "Free advice."},
        "required_documents": [{"id": uid(180), "service_id": SVC, "document": "None needed",
                                "uri": "https://example.org/docs"}],
        "contacts": [contact(190, service_id=SVC)],
        "attributes": [attribute(195, SVC, "service")],
        "metadata": [meta(196, SVC, "service")],
    })


def parent_term() -> dict:
    return term(PARENT_TERM, "Advice", parent=None)
