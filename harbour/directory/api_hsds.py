"""The HSDS 3.0 API at /api/hsds/ (Open Referral's API reference, plus Harbour's profile).

Public and anonymous, like every HSDS feed: it serves the directory, never anything about the
women who search it. Parameters combine with AND. A value Harbour does not know is a 400 that
lists the values it does know, rather than a silently empty page. Nothing here logs a query.
"""

import math
import uuid
from datetime import datetime

import orjson
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import timezone
from ninja import NinjaAPI, Query

from harbour.directory import models as m
from harbour.directory.hsds import Dumper, dump_service_list_item, row_by_pk
from harbour.directory.profile import PROFILE_URI
from harbour.directory.schemas import HSDS_VERSION
from harbour.directory.selectors import (
    CLAIM_FILTERS,
    MAX_RADIUS_M,
    SearchParams,
    filtered_services,
    matched_fields_each,
    search_services,
    spoken_languages,
    within_radius,
)
from harbour.directory.text import language_code, language_codes_matching, query_tokens

MAX_PER_PAGE = 100
MAX_PAGE = 100_000
_BOOLEAN = {"type": "boolean"}
_UUID = {"type": "string", "format": "uuid"}
# The one table of what each query parameter accepts (issue 11, item 4): the OpenAPI
# document is written from it (HsdsAPI below), and the parsers (_bool, _int, _float, _uuid,
# _datetime) enforce the same bounds, answering 400 naming the parameter for anything else
# (tests/directory/test_api_parameters.py sweeps both against each other). Parameters not
# listed ("search", "language") are free text.
QUERY_SCHEMAS = {
    "page": {"type": "integer", "minimum": 1, "maximum": MAX_PAGE, "default": 1},
    "per_page": {"type": "integer", "minimum": 1, "maximum": MAX_PER_PAGE, "default": 20},
    "lat": {"type": "number", "minimum": -90, "maximum": 90},
    "lng": {"type": "number", "minimum": -180, "maximum": 180},
    "radius_m": {"type": "number", "minimum": 1, "maximum": MAX_RADIUS_M, "default": 10_000},
    "modified_after": {"type": "string", "format": "date-time"},
    "taxonomy_term_id": _UUID, "taxonomy_id": _UUID, "organization_id": _UUID, "parent_id": _UUID,
    **dict.fromkeys(("minimal", "full", "full_service", "open_now", "top_only", *CLAIM_FILTERS), _BOOLEAN),
}


class HsdsAPI(NinjaAPI):
    """The HSDS API, whose document declares each query parameter's type and bounds from
    QUERY_SCHEMAS (the view functions take them as text so that a bad value reaches
    Harbour's parsers and gets a 400 naming it, not a framework 422)."""

    def get_openapi_schema(self, *, path_prefix=None, path_params=None):
        schema = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        for operations in schema.get("paths", {}).values():
            for operation in operations.values():
                for parameter in operation.get("parameters", []):
                    declared = QUERY_SCHEMAS.get(parameter["name"])
                    if parameter.get("in") == "query" and declared is not None:
                        parameter["schema"] = {**declared, **({"description": parameter["description"]}
                                                              if parameter.get("description") else {})}
        return schema


api = HsdsAPI(
    title="Harbour HSDS API",
    version=HSDS_VERSION,
    description=(
        "Open Referral HSDS 3.0 API, with Harbour's profile (" + PROFILE_URI + "). Harbour adds the "
        "query parameters language, lat, lng, radius_m, open_now, firewall_pledge, "
        "regardless_of_status, nrpf and women_only; claims are published as attributes under "
        "the Harbour claims taxonomy and only while they are current; confidential locations "
        "carry only a coarse area and a gatekeeper phone."
    ),
    urls_namespace="hsds",
    docs_url=None,
)

# Every error answer, documented on every operation (issue 11, item 4).
ERROR_SCHEMA = {
    "type": "object", "required": ["error", "message"],
    "properties": {"error": {"type": "string", "enum": ["invalid_parameter", "not_found"]},
                   "parameter": {"type": "string"}, "message": {"type": "string"},
                   "valid": {"type": "array", "items": {}}},
}


def _errors(*statuses: int) -> dict:
    """openapi_extra declaring the error answers an operation can give, besides its 200."""
    described = {400: "A parameter was refused: `parameter` names it, `valid` lists what is accepted.",
                 404: "No record with that id."}
    return {"responses": {str(status): {"description": described[status], "content": {
        "application/json": {"schema": ERROR_SCHEMA}}} for status in statuses}}
BOOLEAN_VALUES = ["true", "false"]


class BadParameter(Exception):
    def __init__(self, parameter: str, message: str, valid: list | None = None):
        super().__init__(message)
        self.parameter, self.message, self.valid = parameter, message, valid


@api.exception_handler(BadParameter)
def bad_parameter(request, error: BadParameter):
    body = {"error": "invalid_parameter", "parameter": error.parameter, "message": error.message}
    if error.valid is not None:
        body["valid"] = error.valid
    return _json(body, status=400)


_JSON_DEFAULT = DjangoJSONEncoder().default


def _json(body, status: int = 200) -> HttpResponse:
    """`body` (dicts, lists, str, int, float, bool, None, UUID; dates and times as Django's
    encoder writes them) as a UTF-8 JSON response, open to any origin.

    Written by orjson: a fully nested service is about 11 kB, which the standard library's
    encoder took ten times longer to write (docs/benchmarks.md, issue 10 item 7). Dates, times
    and anything else it does not know go to Django's encoder (OPT_PASSTHROUGH_DATETIME), so
    they are written as JsonResponse wrote them."""
    content = orjson.dumps(body, default=_JSON_DEFAULT, option=orjson.OPT_PASSTHROUGH_DATETIME)
    response = HttpResponse(content, status=status, content_type="application/json")
    response["Access-Control-Allow-Origin"] = "*"  # an open feed (HSDS and ORUK both ask for it)
    return response


def _check_names(request: HttpRequest, allowed: set[str]) -> None:
    unknown = sorted(set(request.GET) - allowed)
    if unknown:
        raise BadParameter(unknown[0], f"unknown parameter {unknown[0]!r}", sorted(allowed))


# A typed parameter that is present must hold a value of its type: an empty value is
# refused like any other that its schema does not allow (the document says what is true).


def _bool(name: str, value: str | None) -> bool:
    if value is None:
        return False
    if value not in BOOLEAN_VALUES:
        raise BadParameter(name, f"{name} must be true or false", BOOLEAN_VALUES)
    return value == "true"


def _int(name: str, value: str | None, default: int, *, low: int, high: int) -> int:
    if value is None:
        return default
    try:
        number = int(value)
    except ValueError:
        number = None
    if number is None or not low <= number <= high:
        raise BadParameter(name, f"{name} must be a whole number from {low} to {high}")
    return number


def _float(name: str, value: str | None, *, low: float, high: float) -> float | None:
    if value is None:
        return None
    try:
        number = float(value)
    except ValueError:
        number = math.nan
    if not (low <= number <= high):
        raise BadParameter(name, f"{name} must be a number from {low} to {high}")
    return number


def _uuid(name: str, value: str | None) -> uuid.UUID | None:
    if value is None:
        return None
    try:
        return uuid.UUID(value)
    except ValueError:
        raise BadParameter(name, f"{name} must be a UUID") from None


def _term(name: str, value: str | None) -> uuid.UUID | None:
    term_id = _uuid(name, value)
    if term_id is not None and not m.TaxonomyTerm.objects.filter(pk=term_id).exists():
        raise BadParameter(name, f"no taxonomy term {value}",
                           [{"id": str(pk), "name": n} for pk, n in
                            m.TaxonomyTerm.objects.order_by("name").values_list("pk", "name")[:500]])
    return term_id


def _taxonomy(name: str, value: str | None) -> uuid.UUID | None:
    taxonomy_id = _uuid(name, value)
    if taxonomy_id is not None and not m.Taxonomy.objects.filter(pk=taxonomy_id).exists():
        raise BadParameter(name, f"no taxonomy {value}",
                           [{"id": str(pk), "name": n} for pk, n in
                            m.Taxonomy.objects.order_by("name").values_list("pk", "name")])
    return taxonomy_id


def _organization(name: str, value: str | None) -> uuid.UUID | None:
    organization_id = _uuid(name, value)
    if organization_id is not None and not m.Organization.objects.filter(pk=organization_id).exists():
        raise BadParameter(name, f"no organization {value}; /organizations lists them")
    return organization_id


def _language(value: str | None) -> str:
    if not value:
        return ""
    code = language_code(value)
    if not m.ServiceFacet.objects.filter(kind="lang", value__in=language_codes_matching(value)).exists():
        raise BadParameter("language", f"no service speaks {value!r}", spoken_languages())
    return code


def _datetime(name: str, value: str | None) -> datetime | None:
    if value is None:
        return None
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00").replace(" ", "+"))
    except ValueError:
        raise BadParameter(name, f"{name} must be an ISO 8601 date-time, e.g. 2024-05-01T00:00:00Z") from None
    return parsed if timezone.is_aware(parsed) else timezone.make_aware(parsed, timezone.get_fixed_timezone(0))


def _format(request) -> None:
    """HSDS's `format`: Harbour serves json; ndjson streaming is not offered (yet)."""
    value = request.GET.get("format")
    if value not in (None, "", "json"):
        raise BadParameter("format", f"format {value!r} is not offered", ["json"])


def _page(items: list, *, total: int, page: int, per_page: int) -> dict:
    total_pages = math.ceil(total / per_page) if total else 0
    return {
        "total_items": total,
        "total_pages": total_pages,
        "page_number": page,
        "size": len(items),
        "first_page": page == 1,
        "last_page": page >= total_pages,
        "empty": not items,
        "contents": items,
    }


SERVICE_PARAMS = {
    "format", "search", "taxonomy_term_id", "taxonomy_id", "organization_id", "modified_after", "minimal",
    "full", "page", "per_page", "language", "lat", "lng", "radius_m", "open_now", *CLAIM_FILTERS,
}


def _search_params(request, *, search, taxonomy_term_id, taxonomy_id, organization_id, modified_after,
                   page, per_page, language, lat, lng, radius_m, open_now, claims) -> SearchParams:
    params = SearchParams(
        text=search or "",
        term_ids=[t for t in [_term("taxonomy_term_id", taxonomy_term_id)] if t],
        taxonomy_id=_taxonomy("taxonomy_id", taxonomy_id),
        organization_id=_organization("organization_id", organization_id),
        modified_after=_datetime("modified_after", modified_after),
        language=_language(language),
        latitude=_float("lat", lat, low=-90, high=90),
        longitude=_float("lng", lng, low=-180, high=180),
        radius_m=_float("radius_m", radius_m, low=1, high=MAX_RADIUS_M),
        open_now=_bool("open_now", open_now),
        claims=[name for name, value in claims.items() if _bool(name, value)],
        page=_int("page", page, 1, low=1, high=MAX_PAGE),
        per_page=_int("per_page", per_page, 20, low=1, high=MAX_PER_PAGE),
    )
    located = [params.latitude is not None, params.longitude is not None]
    if any(located) and not all(located):
        raise BadParameter("lat" if located[1] else "lng", "lat and lng go together")
    if params.radius_m is not None and not all(located):
        raise BadParameter("radius_m", "radius_m needs lat and lng")
    if all(located) and params.radius_m is None:
        params.radius_m = 10_000
    return params


@api.get("/", summary="Retrieve information about this API and its relationship with HSDS",
         operation_id="getAPIMetaInformation", openapi_extra=_errors(400))
def meta(request):
    return _json({
        "version": HSDS_VERSION,
        "profile": request.build_absolute_uri(reverse("hsds:profile")),
        "openapi_url": request.build_absolute_uri(reverse("hsds:openapi-json")),
    })


@api.get("/profile", summary="Harbour's HSDS profile: its taxonomy of claims and its extensions",
         url_name="profile", openapi_extra=_errors(400))
def profile(request):
    from harbour.directory.profile import HARBOUR_TAXONOMY_ID

    dumper = Dumper()
    taxonomy = m.Taxonomy.objects.filter(pk=HARBOUR_TAXONOMY_ID).first()
    terms = list(m.TaxonomyTerm.objects.filter(taxonomy_detail_id=HARBOUR_TAXONOMY_ID).order_by("code"))
    return _json({
        "name": "Harbour",
        "uri": PROFILE_URI,
        "hsds_version": HSDS_VERSION,
        "taxonomy": dumper.dump("taxonomy", taxonomy) if taxonomy else None,
        "taxonomy_terms": dumper.dump_many("taxonomy_term", terms),
        "claims": {
            "as": "service attributes with link_type 'harbour_claim' and value 'true', under the "
                  "terms above; published only while current",
            "verification": "attribute property {method, verified_at, lapses_at}; method is one of "
                            + ", ".join(m.VerificationMethod.values),
        },
        "confidential_locations": "location_type 'physical', name = a coarse area, one gatekeeper "
                                  "phone, and an attribute under the confidential_location term; no "
                                  "address, coordinates or other detail",
        "extensions": {"service.translations": "[{language, name, description, review_state}]",
                       "organization.translations": "[{language, name, description, review_state}]",
                       "attribute.verification": "see claims",
                       "service.verification": "{last_verified_at, method}: when a person last checked "
                                               "the record, and how",
                       "service.match": "in /services results: why the service matched"},
        "parameters": ["language", "lat", "lng", "radius_m", "open_now", *CLAIM_FILTERS],
        "documentation": "docs/directory.md in the Harbour repository",
    })


@api.get("/services", summary="A paginated list of services", operation_id="getPaginatedListOfServices", openapi_extra=_errors(400))
def services(
    request,
    search: str | None = Query(None, description="Full text search, in any language (HSDS)."),
    taxonomy_term_id: str | None = Query(None, description="Services with this term or a narrower one (HSDS)."),
    taxonomy_id: str | None = Query(None, description="Services with a term from this taxonomy (HSDS)."),
    organization_id: str | None = Query(None, description="Services of this organization (HSDS)."),
    modified_after: str | None = Query(None, description="Modified on or after this date-time (HSDS)."),
    minimal: str | None = Query(None, description="true: only id and modified_date of each service (HSDS)."),
    full: str | None = Query(None, description="true: fully nested services (HSDS)."),
    page: str | None = Query(None, description="Page number, from 1 (HSDS)."),
    per_page: str | None = Query(None, description="Items per page, 1 to 100, default 20 (HSDS)."),
    language: str | None = Query(None, description="Harbour: staff speak this language (ISO 639 code)."),
    lat: str | None = Query(None, description="Harbour: latitude of the place to search around (WGS84)."),
    lng: str | None = Query(None, description="Harbour: longitude of the place to search around (WGS84)."),
    radius_m: str | None = Query(None, description="Harbour: distance from lat/lng in metres (default 10000)."),
    open_now: str | None = Query(None, description="Harbour: true: open at this moment, by its schedules."),
    firewall_pledge: str | None = Query(None, description="Harbour: true: a current firewall pledge."),
    regardless_of_status: str | None = Query(None, description="Harbour: true: a current claim that the service helps women whatever their status."),
    nrpf: str | None = Query(None, description="Harbour: true: accepts women with no recourse to public funds (current claim)."),
    women_only: str | None = Query(None, description="Harbour: true: women-only (current claim)."),
):
    _check_names(request, SERVICE_PARAMS)
    _format(request)
    params = _search_params(
        request, search=search, taxonomy_term_id=taxonomy_term_id, taxonomy_id=taxonomy_id,
        organization_id=organization_id, modified_after=modified_after, page=page, per_page=per_page,
        language=language, lat=lat, lng=lng, radius_m=radius_m, open_now=open_now,
        claims={"firewall_pledge": firewall_pledge, "regardless_of_status": regardless_of_status,
                "nrpf": nrpf, "women_only": women_only})
    is_minimal, is_full = _bool("minimal", minimal), _bool("full", full)
    result = search_services(params, rows=True)
    dumper = Dumper()
    if is_minimal:
        items = [{"id": str(s["id"]), "modified_date": dumper_time(s["last_modified"])} for s in result.services]
    elif is_full:
        items = dumper.dump_many("service", result.services)
    else:
        items = [dump_service_list_item(s, dumper=dumper) for s in result.services]
    if not is_minimal:
        for item, why in zip(items, _why(params, result), strict=True):
            item["match"] = why
    return _json(_page(items, total=result.total, page=params.page, per_page=params.per_page))


def _why(params: SearchParams, result) -> list[dict]:
    """Harbour profile: why each result matched (`match`), beside HSDS's own fields.
    `result` holds rows (search_services(rows=True))."""
    matched = matched_fields_each(result.services, params.text, terms=params.terms) if params.text else []
    out = []
    for index, service in enumerate(result.services):
        pk = service["id"]
        why: dict = {}
        if params.text:
            why["text_in"] = matched[index]
        if params.term_ids:
            why["taxonomy_term_id"] = [str(t) for t in params.term_ids]
        if params.language:
            why["language"] = params.language
        if pk in result.distances:
            if pk in result.approximate:
                why["distance"] = "within the radius (approximate area; the address is not published)"
            else:
                why["distance_m"] = int(round(result.distances[pk], -2))
        if params.open_now:
            why["open_now"] = True
        if params.claims:
            why["claims"] = list(params.claims)
        out.append(why)
    return out


def dumper_time(value: datetime) -> str:
    return value.astimezone(timezone.get_fixed_timezone(0)).isoformat(timespec="milliseconds").replace(
        "+00:00", "Z")


def _get_or_404(model, value: str):
    try:
        key = uuid.UUID(value)
    except ValueError:
        return None
    return model.objects.filter(pk=key).first()


def _not_found(what: str) -> HttpResponse:
    return _json({"error": "not_found", "message": f"no {what} with that id"}, status=404)


@api.get("/services/{service_id}", summary="A fully nested service", operation_id="getFullyNestedServiceById", openapi_extra=_errors(400, 404))
def service(request, service_id: str):
    try:
        found = row_by_pk(m.Service, uuid.UUID(service_id))
    except ValueError:
        found = None
    if found is None:
        return _not_found("service")
    return _json(Dumper().dump("service", found))


@api.get("/organizations", summary="A paginated list of organizations", openapi_extra=_errors(400))
def organizations(
    request,
    search: str | None = Query(None, description="Search in names (HSDS)."),
    full_service: str | None = Query(None, description="Accepted for HSDS compatibility; organizations are returned without services."),
    full: str | None = Query(None, description="true: fully nested organizations (HSDS)."),
    page: str | None = Query(None),
    per_page: str | None = Query(None),
):
    _check_names(request, {"search", "full_service", "full", "page", "per_page"})
    _bool("full_service", full_service)
    page_number = _int("page", page, 1, low=1, high=MAX_PAGE)
    size = _int("per_page", per_page, 20, low=1, high=MAX_PER_PAGE)
    rows = m.Organization.objects.all()
    for token in query_tokens(search or "")[:8]:
        rows = rows.filter(name__icontains=token) if token.isascii() else rows.filter(name__contains=token)
    total = rows.count()
    chosen = list(rows.order_by("name", "pk")[(page_number - 1) * size:page_number * size])
    dumper = Dumper()
    if _bool("full", full):
        items = dumper.dump_many("organization", chosen)
    else:
        items = [_scalars("organization", o) for o in chosen]
    return _json(_page(items, total=total, page=page_number, per_page=size))


def _scalars(kind: str, obj) -> dict:
    from harbour.directory.hsds import KINDS, _scalar_out

    out = {}
    for hsds_name, attr in KINDS[kind].fields.items():
        value = _scalar_out(hsds_name, getattr(obj, attr))
        if value is not None:
            out[hsds_name] = value
    return out


@api.get("/organizations/{organization_id}", summary="A fully nested organization", openapi_extra=_errors(400, 404))
def organization(request, organization_id: str):
    found = _get_or_404(m.Organization, organization_id)
    if found is None:
        return _not_found("organization")
    return _json(Dumper().dump("organization", found))


@api.get("/taxonomies", summary="A paginated list of taxonomies", openapi_extra=_errors(400))
def taxonomies(request, search: str | None = Query(None), page: str | None = Query(None),
               per_page: str | None = Query(None)):
    _check_names(request, {"search", "page", "per_page"})
    page_number = _int("page", page, 1, low=1, high=MAX_PAGE)
    size = _int("per_page", per_page, 20, low=1, high=MAX_PER_PAGE)
    rows = m.Taxonomy.objects.all()
    if search:
        rows = rows.filter(name__icontains=search)
    total = rows.count()
    chosen = rows.order_by("name", "pk")[(page_number - 1) * size:page_number * size]
    dumper = Dumper()
    items = dumper.dump_many("taxonomy", list(chosen))
    return _json(_page(items, total=total, page=page_number, per_page=size))


@api.get("/taxonomies/{taxonomy_id}", summary="A taxonomy", openapi_extra=_errors(400, 404))
def taxonomy(request, taxonomy_id: str):
    found = _get_or_404(m.Taxonomy, taxonomy_id)
    return _not_found("taxonomy") if found is None else _json(Dumper().dump("taxonomy", found))


@api.get("/taxonomy_terms", summary="A paginated list of taxonomy terms", openapi_extra=_errors(400))
def taxonomy_terms(request, search: str | None = Query(None), taxonomy_id: str | None = Query(None),
                   top_only: str | None = Query(None), parent_id: str | None = Query(None),
                   page: str | None = Query(None), per_page: str | None = Query(None)):
    _check_names(request, {"search", "taxonomy_id", "top_only", "parent_id", "page", "per_page"})
    page_number = _int("page", page, 1, low=1, high=MAX_PAGE)
    size = _int("per_page", per_page, 20, low=1, high=MAX_PER_PAGE)
    rows = m.TaxonomyTerm.objects.all()
    if search:
        rows = rows.filter(name__icontains=search)
    chosen_taxonomy = _taxonomy("taxonomy_id", taxonomy_id)
    if chosen_taxonomy:
        rows = rows.filter(taxonomy_detail_id=chosen_taxonomy)
    if _bool("top_only", top_only):
        rows = rows.filter(parent_id__isnull=True)
    parent = _term("parent_id", parent_id)
    if parent:
        rows = rows.filter(parent_id=parent)
    total = rows.count()
    chosen = rows.order_by("name", "pk")[(page_number - 1) * size:page_number * size]
    dumper = Dumper()
    items = dumper.dump_many("taxonomy_term", list(chosen))
    return _json(_page(items, total=total, page=page_number, per_page=size))


@api.get("/taxonomy_terms/{term_id}", summary="A taxonomy term", openapi_extra=_errors(400, 404))
def taxonomy_term(request, term_id: str):
    found = _get_or_404(m.TaxonomyTerm, term_id)
    return _not_found("taxonomy term") if found is None else _json(Dumper().dump("taxonomy_term", found))


SAL_PARAMS = {"format", "search", "taxonomy_term_id", "taxonomy_id", "organization_id", "modified_after", "full",
              "page", "per_page", "language", "lat", "lng", "radius_m", "open_now", *CLAIM_FILTERS}


@api.get("/service_at_locations", summary="A paginated list of services at locations", openapi_extra=_errors(400))
def service_at_locations(
    request,
    search: str | None = Query(None), taxonomy_term_id: str | None = Query(None),
    taxonomy_id: str | None = Query(None), organization_id: str | None = Query(None),
    modified_after: str | None = Query(None), full: str | None = Query(None),
    page: str | None = Query(None), per_page: str | None = Query(None),
    language: str | None = Query(None, description="Harbour: as for /services."),
    lat: str | None = Query(None, description="Harbour: as for /services."),
    lng: str | None = Query(None, description="Harbour: as for /services."),
    radius_m: str | None = Query(None, description="Harbour: as for /services."),
    open_now: str | None = Query(None, description="Harbour: as for /services."),
    firewall_pledge: str | None = Query(None, description="Harbour: as for /services."),
    regardless_of_status: str | None = Query(None, description="Harbour: as for /services."),
    nrpf: str | None = Query(None, description="Harbour: as for /services."),
    women_only: str | None = Query(None, description="Harbour: as for /services."),
):
    _check_names(request, SAL_PARAMS)
    _format(request)
    params = _search_params(
        request, search=search, taxonomy_term_id=taxonomy_term_id, taxonomy_id=taxonomy_id,
        organization_id=organization_id, modified_after=modified_after, page=page, per_page=per_page,
        language=language, lat=lat, lng=lng, radius_m=radius_m, open_now=open_now,
        claims={"firewall_pledge": firewall_pledge, "regardless_of_status": regardless_of_status,
                "nrpf": nrpf, "women_only": women_only})
    rows = m.ServiceAtLocation.objects.filter(service_id__in=filtered_services(params).values("pk"))
    if params.near:
        rows = within_radius(rows, params)
    total = rows.count()
    chosen = rows.order_by("pk")[(params.page - 1) * params.per_page:params.page * params.per_page]
    dumper = Dumper()
    is_full = _bool("full", full)
    chosen = list(chosen)
    items = dumper.dump_many("service_at_location", chosen) if is_full else [
        _scalars("service_at_location", sal) for sal in chosen]
    return _json(_page(items, total=total, page=params.page, per_page=params.per_page))


@api.get("/service_at_locations/{sal_id}", summary="A fully nested service at location", openapi_extra=_errors(400, 404))
def service_at_location(request, sal_id: str):
    found = _get_or_404(m.ServiceAtLocation, sal_id)
    if found is None:
        return _not_found("service at location")
    return _json(Dumper().dump("service_at_location", found))
