"""Reads for the directory: search (public site and API share it) and what a result shows.

Every filter becomes `id IN (an indexed lookup)`, combined with AND, so the database can
start from whichever is most selective: tokens (text), facets (language, term, taxonomy),
claims (current only), opening slots (open now) and a bounding box on locations (distance,
refined to a circle). Nothing here logs or stores the query or her place.
"""

import math
import uuid
from dataclasses import dataclass, field
from datetime import datetime
from functools import cache, cached_property
from zoneinfo import ZoneInfo

from django.db import connection
from django.db.models import Exists, F, OuterRef, Q, QuerySet
from django.utils import timezone

from harbour.core.languages import is_language_tag, lookup_language_tag
from harbour.directory import models as m
from harbour.directory.indexing import COUNTRY_ZONES, DEFAULT_ZONE
from harbour.directory.text import MARKER, language_codes_matching, query_terms

EARTH_METRES_PER_DEGREE_LAT = 110_574.0
EARTH_METRES_PER_DEGREE_LNG = 111_320.0
MAX_RADIUS_M = 200_000
PUBLIC_STATUSES = ("active", "temporarily closed")
CLAIM_FILTERS = ("firewall_pledge", "regardless_of_status", "nrpf", "women_only")
_PREFIX_END = "\U0010ffff"  # sorts after every character in SQLite's binary collation


@dataclass
class SearchParams:
    text: str = ""
    term_ids: list[uuid.UUID] = field(default_factory=list)
    taxonomy_id: uuid.UUID | None = None
    organization_id: uuid.UUID | None = None
    language: str = ""
    latitude: float | None = None
    longitude: float | None = None
    radius_m: float | None = None
    open_now: bool = False
    claims: list[str] = field(default_factory=list)
    modified_after: datetime | None = None
    public_only: bool = False
    page: int = 1
    per_page: int = 20

    @property
    def near(self) -> bool:
        return self.latitude is not None and self.longitude is not None

    @cached_property
    def terms(self) -> list[tuple[str, ...]]:
        """text.query_terms(self.text), worked out once: a search asks for it four times."""
        return query_terms(self.text)

    @property
    def is_wordless(self) -> bool:
        """wordless(self.text), from the terms worked out once."""
        return bool(self.text and self.text.strip()) and not self.terms


@dataclass
class SearchPage:
    services: list  # Service instances, or rows with search_services(rows=True)
    total: int
    page: int
    per_page: int
    distances: dict = field(default_factory=dict)  # service id -> metres
    # Services whose nearest point is a confidential location's coarse point: the distance
    # is to an area, and must not be shown as if it were precise.
    approximate: set = field(default_factory=set)

    @property
    def total_pages(self) -> int:
        return max(1, math.ceil(self.total / self.per_page)) if self.total else 0


def _token_q(token: str) -> Q:
    if token.startswith(MARKER):
        return Q(token=token)  # a vocabulary group's marker: exact
    if connection.vendor == "sqlite":
        return Q(token__gte=token, token__lt=token + _PREFIX_END)
    return Q(token__startswith=token)


def _token_lookup(*alternatives: str) -> QuerySet:
    """Services with an indexed token matching any of `alternatives` (prefixes, or markers)."""
    condition = _token_q(alternatives[0])
    for token in alternatives[1:]:
        condition |= _token_q(token)
    return m.SearchToken.objects.filter(condition).values("service_id")


@cache
def _zones() -> dict[str, ZoneInfo]:
    """Every zone a service can be in, held here: zoneinfo keeps only the 8 last used, and
    reading a zone file again for each of the others cost milliseconds per search."""
    return {zone: ZoneInfo(zone) for zone in sorted(set(COUNTRY_ZONES.values()) | {DEFAULT_ZONE})}


def open_now_groups(at: datetime) -> list[Q]:
    """One condition on opening slots per local moment that `at` is somewhere: the zones that
    share a local weekday, time and date share a clause. A service has one zone, so no
    service matches two of them."""
    return [Q(Q(time_zone__in=zones, weekday=weekday, opens_minute__lte=minute, closes_minute__gt=minute),
              Q(valid_from="") | Q(valid_from__lte=today), Q(valid_to="") | Q(valid_to__gte=today))
            for weekday, minute, today, zones in _open_groups(at)]


def open_now_q(at: datetime | None = None) -> Q:
    """Slots open at `at`, each in its own zone (zones sharing a local time share a clause)."""
    return Q(*open_now_groups(at or timezone.now()), _connector=Q.OR)


def _box(params: SearchParams):
    radius = params.radius_m
    dlat = radius / EARTH_METRES_PER_DEGREE_LAT
    cos_lat = max(math.cos(math.radians(params.latitude)), 0.01)
    dlng = radius / (EARTH_METRES_PER_DEGREE_LNG * cos_lat)
    return dlat, dlng, cos_lat


def within_radius(rows: QuerySet, params: SearchParams) -> QuerySet:
    """Service-at-location rows whose public point is within the radius, annotated with the
    squared distance in metres (`d2`): a bounding box the index answers, then the circle."""
    dlat, dlng, cos_lat = _box(params)
    lat0, lng0 = params.latitude, params.longitude
    return (
        rows.filter(location__search_latitude__range=(lat0 - dlat, lat0 + dlat),
                    location__search_longitude__range=(lng0 - dlng, lng0 + dlng))
        .annotate(dy=(F("location__search_latitude") - lat0) * EARTH_METRES_PER_DEGREE_LAT,
                  dx=(F("location__search_longitude") - lng0) * EARTH_METRES_PER_DEGREE_LNG * cos_lat)
        .annotate(d2=F("dx") * F("dx") + F("dy") * F("dy"))
        .filter(d2__lte=params.radius_m ** 2)
    )


def _lookups(params: SearchParams, at: datetime) -> list[QuerySet]:
    """One lookup table query per filter (each has a `service_id` column), most selective
    kinds first: the first drives the search, the others are probed by index."""
    lookups = []
    if params.is_wordless:
        lookups.append(m.ServiceFacet.objects.none())
    for alternatives in params.terms[:8]:
        lookups.append(_token_lookup(*alternatives))
    for term_id in params.term_ids:
        lookups.append(m.ServiceFacet.objects.filter(kind="term", value=str(term_id)))
    if params.taxonomy_id:
        lookups.append(m.ServiceFacet.objects.filter(kind="taxonomy", value=str(params.taxonomy_id)))
    for kind in params.claims:
        lookups.append(m.Claim.objects.filter(m.Claim.current_q(at), kind=kind))
    if params.language:
        lookups.append(m.ServiceFacet.objects.filter(kind="lang",
                                                     value__in=language_codes_matching(params.language)))
    if params.open_now:
        lookups.append(m.OpeningSlot.objects.filter(open_now_q(at)))
    return lookups


def _own_fields(params: SearchParams, prefix: str = "") -> Q:
    condition = Q()
    if params.public_only:
        condition &= Q(**{f"{prefix}status__in": PUBLIC_STATUSES})
    if params.organization_id:
        condition &= Q(**{f"{prefix}organization_id": params.organization_id})
    if params.modified_after:
        condition &= Q(**{f"{prefix}last_modified__gte": params.modified_after})
    return condition


def wordless(text: str) -> bool:
    """Whether `text` (what she typed in the words box) holds characters but no word the index
    can match: only punctuation, symbols or emoji, or words under text.MIN_TOKEN letters
    ("!!!", "a b"). Such a search finds nothing; it is not read as no search at all, which
    would list the whole directory as if it matched. Blank text is no search."""
    return bool(text and text.strip()) and not query_terms(text)


def filtered_services(params: SearchParams, *, at: datetime | None = None) -> QuerySet:
    """Services matching every filter in `params` (no ordering, no distance)."""
    at = at or timezone.now()
    services = m.Service.objects.filter(_own_fields(params))
    lookups = _lookups(params, at)
    if lookups:
        # The first lookup is read as a list (SQLite and PostgreSQL both start from it); the
        # others are checked per candidate through their (…, service) indexes, instead of
        # each being materialised in full.
        services = services.filter(pk__in=lookups[0].values("service_id"))
        for lookup in lookups[1:]:
            services = services.filter(Exists(lookup.filter(service_id=OuterRef("pk"))))
    return services


def _nearby(params: SearchParams, at: datetime) -> dict:
    """{service id: metres to its nearest public point} within the radius, for services
    matching every other filter. The bounding box on locations drives; the other filters
    are probed per candidate."""
    rows = m.ServiceAtLocation.objects.all()
    own = _own_fields(params, prefix="service__")
    if own:
        rows = rows.filter(own)
    for lookup in _lookups(params, at):
        rows = rows.filter(Exists(lookup.filter(service_id=OuterRef("service_id"))))
    rows = within_radius(rows, params).values_list("service_id", "d2", "location__confidential")
    nearest: dict = {}
    for service_id, d2, confidential in rows:
        if service_id not in nearest or d2 < nearest[service_id][0]:
            nearest[service_id] = (d2, confidential)
    return {k: (math.sqrt(d2), confidential) for k, (d2, confidential) in nearest.items()}


# Paging through what is open now, in name order, one of two ways (_open_now_page): walk
# the services in name order and probe each one's slots, about (rows up to the page) x
# (services / open services) probes; or read every open slot from the open-now index, which
# holds the service's name, and sort them. Measured on SQLite (docs/benchmarks.md), a probe
# costs about three times as much as an index entry read and sorted.
WALK_OVER_SORT = 1 / 3


def _open_now_alone(params: SearchParams) -> bool:
    """Whether open now is the only filter (besides the public statuses)."""
    return (params.open_now and not params.near and not params.terms and not params.term_ids
            and not params.taxonomy_id and not params.claims and not params.language
            and not params.organization_id and not params.modified_after)


def _open_groups(at: datetime) -> list[tuple[int, int, str, list[str]]]:
    """(local weekday, local minute, local date, zones) for each local moment `at` is."""
    groups: dict[tuple, list[str]] = {}
    for zone, info in _zones().items():
        local = at.astimezone(info)
        groups.setdefault((local.weekday(), local.hour * 60 + local.minute, local.date().isoformat()),
                          []).append(zone)
    return [(*key, zones) for key, zones in groups.items()]


def _slot_sql(group: tuple, alias: str) -> tuple[str, list]:
    """The SQL of open_now_groups() for one group, on opening slots named `alias`.

    Written out here rather than through the ORM: the open-now listing runs up to six such
    conditions per request, and building them as querysets cost more than running them
    (tests/directory/test_open_now_paging.py holds it to the ORM search's answers). Table names
    come from the models, every value is a parameter."""
    weekday, minute, today, zones = group
    zone_marks = ", ".join(["%s"] * len(zones))
    sql = (f"({alias}.weekday = %s AND {alias}.time_zone IN ({zone_marks}) AND {alias}.opens_minute <= %s"
           f" AND {alias}.closes_minute > %s AND ({alias}.valid_from = '' OR {alias}.valid_from <= %s)"
           f" AND ({alias}.valid_to = '' OR {alias}.valid_to >= %s))")
    return sql, [weekday, *zones, minute, minute, today, today]


def _open_sql(groups: list, alias: str) -> tuple[str, list]:
    parts = [_slot_sql(group, alias) for group in groups]
    return "(" + " OR ".join(sql for sql, _ in parts) + ")", [v for _, values in parts for v in values]


SLOTS = m.OpeningSlot._meta.db_table
SERVICES = m.Service._meta.db_table


# How many services there are, only to choose how to read a page (_open_now_page):
# PostgreSQL's own estimate (kept by ANALYZE and autovacuum; counting 100,000 rows took it
# 20-60 ms), elsewhere a count (SQLite counts a table from its b-tree pages).
_SERVICE_COUNT = {
    "postgresql": f"(SELECT GREATEST(reltuples, 0)::bigint FROM pg_class WHERE oid = '{SERVICES}'::regclass)",  # noqa: S608
    "": f"(SELECT COUNT(*) FROM {SERVICES})",  # noqa: S608
}


def open_now_total(at: datetime, *, public_only: bool = False) -> tuple[int, int]:
    """(services open at `at`, exact; services in the directory, PostgreSQL's estimate
    there), in one statement.

    A moment matches at most one unshared slot of a service (OpeningSlot.shared), and a
    service is in one zone group (open_now_groups): the open services are the matching
    unshared slots, counted group by group (one index range each), plus the distinct services
    of the matching shared ones. No DISTINCT over every open service, no OR across groups.
    With `public_only`, the open services not shown to the public (found through the status
    index; few) are taken off."""
    groups = _open_groups(at)
    sql, values = [], []
    for group in groups:  # `shared` compared with =: the index's leading column answers it
        condition, params = _slot_sql(group, "s")
        sql.append(f"(SELECT COUNT(*) FROM {SLOTS} s WHERE s.shared = %s AND {condition})")  # noqa: S608
        values += [False, *params]
    condition, params = _open_sql(groups, "s")
    sql.append(f"(SELECT COUNT(*) FROM (SELECT DISTINCT s.service_id FROM {SLOTS} s"  # noqa: S608
               f" WHERE s.shared = %s AND {condition}) AS shared_open)")
    values += [True, *params]
    statement = "SELECT " + " + ".join(sql) + f", {_SERVICE_COUNT.get(connection.vendor, _SERVICE_COUNT[''])}"
    if public_only:
        condition, params = _open_sql(groups, "s")
        statuses = ", ".join(["%s"] * len(PUBLIC_STATUSES))
        statement += (f", (SELECT COUNT(*) FROM {SERVICES} v WHERE v.status NOT IN ({statuses}) AND EXISTS"  # noqa: S608
                      f" (SELECT 1 FROM {SLOTS} s WHERE s.service_id = v.id AND {condition}))")
        values += [*PUBLIC_STATUSES, *params]
    with connection.cursor() as cursor:
        cursor.execute(statement, values)
        open_count, service_count, *hidden = cursor.fetchone()
    return open_count - sum(hidden), service_count


def _open_now_page(params: SearchParams, at: datetime, start: int, *, rows: bool = False) -> SearchPage:
    """A page of the services open at `at` (open now the only filter), in name then id order,
    as the other searches list them.

    The total comes from the slot index alone (open_now_total). The page is read whichever
    way is cheaper for this moment and page (WALK_OVER_SORT): at a busy hour (most services
    open) by walking the services in name order and probing each one's slots until the page
    is full; at a quiet hour (few open), or far into the list, from the open-now index, which
    holds each slot's service name, sorted."""
    total, services = open_now_total(at, public_only=params.public_only)
    if not total or start >= total:
        return SearchPage([], total, params.page, params.per_page)
    groups = _open_groups(at)
    public, public_values = "", []
    if params.public_only:
        public = f"v.status IN ({', '.join(['%s'] * len(PUBLIC_STATUSES))}) AND "
        public_values = list(PUBLIC_STATUSES)
    if (start + params.per_page) * services / total <= WALK_OVER_SORT * total:
        condition, values = _open_sql(groups, "s")
        statement = (f"SELECT v.id FROM {SERVICES} v WHERE {public}"  # noqa: S608
                     f"EXISTS (SELECT 1 FROM {SLOTS} s WHERE s.service_id = v.id AND {condition})"
                     " ORDER BY v.name, v.id LIMIT %s OFFSET %s")
        values = public_values + values
    else:
        # One index range per zone group and value of the index's leading column (`shared`),
        # each read from the index alone (an OR would make PostgreSQL visit the table). An
        # unshared slot is the only one of its service open at this moment: only the shared
        # ones need a DISTINCT.
        ranges, values = {False: [], True: []}, {False: [], True: []}
        for group in groups:
            condition, group_values = _slot_sql(group, "s")
            for shared in (False, True):
                ranges[shared].append(f"SELECT s.service_name, s.service_id FROM {SLOTS} s"  # noqa: S608
                                      f" WHERE s.shared = %s AND {condition}")
                values[shared] += [shared, *group_values]
        union = " UNION ALL ".join([*ranges[False], f"SELECT DISTINCT * FROM ({' UNION ALL '.join(ranges[True])}) d"])  # noqa: S608
        values = values[False] + values[True]
        statement = f"SELECT o.service_name, o.service_id FROM ({union}) o"  # noqa: S608
        if public:
            statement += f" WHERE EXISTS (SELECT 1 FROM {SERVICES} v WHERE {public}v.id = o.service_id)"  # noqa: S608
            values += public_values
        statement += " ORDER BY o.service_name, o.service_id LIMIT %s OFFSET %s"
    with connection.cursor() as cursor:
        cursor.execute(statement, [*values, params.per_page, start])
        ids = [row[-1] for row in cursor.fetchall()]
    field = m.Service._meta.pk
    ids = [field.to_python(pk) for pk in ids]
    return SearchPage(_services_in_order(ids, rows=rows), total, params.page, params.per_page)


def search_services(params: SearchParams, *, at: datetime | None = None, rows: bool = False) -> SearchPage:
    """The page of public services matching `params` at `at` (default now), in name then id
    order (by distance when near a place). `services` holds Service instances, or with `rows`
    the same records as rows ({attname: value}, hsds.compiled_rows()): what the API
    serialises, without building an instance of each."""
    at = at or timezone.now()
    start = (params.page - 1) * params.per_page
    if params.is_wordless:
        return SearchPage([], 0, params.page, params.per_page)
    if _open_now_alone(params):
        return _open_now_page(params, at, start, rows=rows)
    if params.near and params.radius_m:
        nearest = _nearby(params, at)
        ordered = sorted(nearest, key=lambda pk: (nearest[pk][0], str(pk)))
        page_ids = ordered[start:start + params.per_page]
        return SearchPage(_services_in_order(page_ids, rows=rows), len(ordered), params.page,
                          params.per_page, {pk: nearest[pk][0] for pk in page_ids},
                          {pk for pk in page_ids if nearest[pk][1]})
    if _text_alone(params):
        return _text_page(params, start, rows=rows)
    services = filtered_services(params, at=at)
    page = list(services.order_by("name", "pk")[start:start + params.per_page])
    total = _total_from_page(len(page), start, params.per_page)
    if total is None:
        total = services.count()
    if rows:
        from harbour.directory.hsds import _row_of

        page = [_row_of(service) for service in page]
    return SearchPage(page, total, params.page, params.per_page)


def _services_in_order(ids: list, *, rows: bool) -> list:
    """The services `ids` (UUIDs), in that order, as instances or (with `rows`) rows; an id
    no longer there is left out."""
    if rows:
        from harbour.directory.hsds import rows_by_pk

        by_id = {row["id"]: row for row in rows_by_pk(m.Service, ids)}
    else:
        by_id = m.Service.objects.in_bulk(ids)
    return [by_id[pk] for pk in ids if pk in by_id]


def _text_alone(params: SearchParams) -> bool:
    """Whether words are the only filter (besides the public statuses)."""
    return (bool(params.text) and not params.near and not params.open_now and not params.term_ids
            and not params.taxonomy_id and not params.claims and not params.language
            and not params.organization_id and not params.modified_after and bool(params.terms))


def _token_values(alternatives: tuple[str, ...]) -> list:
    """The parameters _token_lookup(*alternatives) compiles to, in order."""
    values = []
    for token in alternatives:
        if token.startswith(MARKER):
            values.append(token)
        elif connection.vendor == "sqlite":
            values += [token, token + _PREFIX_END]
        else:
            values.append(connection.ops.prep_for_like_query(token) + "%")
    return values


_COUNT_SQL: dict = {}


def _count(shape: tuple, queryset, params: list) -> int:
    """queryset().count(), its statement recorded the first time for `shape` (whatever
    changes its SQL text) and run again with `params` (its parameters, in order) after. The
    first time checks `params` against the ORM's; a shape whose parameters differ is counted
    through the ORM every time (the same answer, slower)."""
    from harbour.directory.hsds import driver_sql, fetch

    key = (connection.vendor, shape)
    recorded = _COUNT_SQL.get(key)
    if recorded is None:
        statements = []

        def record(execute, sql, sql_params, many, context):
            statements.append((sql, list(sql_params or ())))
            return execute(sql, sql_params, many, context)

        with connection.execute_wrapper(record):
            total = queryset().count()
        if len(_COUNT_SQL) >= 2000:
            _COUNT_SQL.clear()
        if len(statements) == 1 and statements[0][1] == params:
            _COUNT_SQL[key] = (statements[0][0], driver_sql(connection, statements[0][0]))
        else:
            _COUNT_SQL[key] = ""
        return total
    if not recorded:
        return queryset().count()
    return fetch(connection, *recorded, params, one=True)[0]


def _text_page(params: SearchParams, start: int, *, rows: bool = False) -> SearchPage:
    """search_services() when words are the only filter: the same statements as
    filtered_services() builds (the page in name order, then, unless the page says the
    total, the count), compiled once per
    shape of query (how many words, how many alternatives each, markers or prefixes) rather
    than built through the ORM for every search, which cost more than running them."""
    from harbour.directory.hsds import compiled_rows, db_values

    terms = params.terms[:8]
    values = db_values(m.Service, "status", PUBLIC_STATUSES) if params.public_only else []
    for index, alternatives in enumerate(terms):
        # The first word drives (IN); each other is an EXISTS, which selects a parameter (1).
        values += [*([1] if index else []), *_token_values(alternatives)]
    shape = ("text", params.public_only, tuple(tuple(a.startswith(MARKER) for a in t) for t in terms))

    def services():
        return filtered_services(params)

    page = compiled_rows(m.Service, (*shape, start, params.per_page),
                         lambda: services().order_by("name", "pk")[start:start + params.per_page], values)
    total = _total_from_page(len(page), start, params.per_page)
    if total is None:
        total = _count(shape, services, values)
    if not rows:
        using = connection.alias
        page = [m.Service.from_db(using, list(row), list(row.values())) for row in page]
    return SearchPage(page, total, params.page, params.per_page)


def _total_from_page(read: int, start: int, per_page: int) -> int | None:
    """How many services match, if the page read says it: `read` services were read from
    position `start` (0-based) for a page of `per_page`. A page that is not full is the last
    one, so the total is start + read, unless nothing was read past the first position (the
    page may lie beyond the end). None: count them (a full page, or an empty later page).
    A narrow search, one page or less, so costs one statement instead of two."""
    if read < per_page and (read or start == 0):
        return start + read
    return None


# --- What a result shows --------------------------------------------------------------------


@dataclass
class ClaimView:
    kind: str
    label: str
    method: str
    verified_at: datetime
    lapses_at: datetime
    self_declared: bool = False


@dataclass
class TextView:
    name: str
    description: str
    language: str
    draft: bool  # a translation waiting for review


def claims_by_service(service_ids: list, at: datetime | None = None) -> dict:
    """Current claims (never lapsed ones) of each service, as shown to the public."""
    at = at or timezone.now()
    out: dict = {pk: [] for pk in service_ids}
    for c in m.Claim.objects.filter(m.Claim.current_q(at), service_id__in=service_ids).order_by("kind"):
        out[c.service_id].append(ClaimView(
            c.kind, m.Claim.Kind(c.kind).label, m.VerificationMethod(c.method).label,
            c.verified_at, c.lapses_at, c.method == m.VerificationMethod.SELF_DECLARED))
    return out


def current_claims(service: m.Service, at: datetime | None = None) -> list[ClaimView]:
    return claims_by_service([service.pk], at)[service.pk]


def translations_by_service(service_ids: list) -> dict:
    """{service id: {language: Translation}} for `service_ids` (a list of UUIDs)."""
    from harbour.directory.hsds import compiled_rows, db_values

    out: dict = {pk: {} for pk in service_ids}
    ids = list(out)
    if not ids:
        return out
    # One statement per search page: compiled once per number of ids (compiled_rows).
    rows = compiled_rows(m.Translation, ("service translations", len(ids)),
                         lambda: m.Translation.objects.filter(entity="service", object_id__in=ids),
                         [*db_values(m.Translation, "entity", ["service"]),
                          *db_values(m.Translation, "object_id", ids)])
    for row in rows:
        out[row["object_id"]][row["language"]] = m.Translation.from_db(connection.alias, list(row),
                                                                        list(row.values()))
    return out


def text_in(service: m.Service, language: str, translations: dict | None = None) -> TextView:
    """The service's name and description in `language` if there is a translation, else as
    published (in the record's own language)."""
    if translations is None:
        translations = translations_by_service([service.pk])[service.pk]
    # RFC 4647 lookup, not the exact tag: a "pt" page shows a "pt-BR" translation when there is
    # no plain "pt" one, a "fa-af" page a "fa-AF", "prs" or "fa" one (lookup_language_tag).
    row = translations.get(lookup_language_tag(
        language or "", [tag for tag, t in translations.items() if t.name or t.description]))
    if row is not None and (row.name or row.description):
        return TextView(row.name or service.name, row.description or service.description,
                        row.language, row.review_state == m.ReviewState.DRAFT)
    return TextView(service.name, service.description, "", False)


def matched_fields(service: m.Service | dict, text: str, translations: dict | None = None, *,
                   terms: list | None = None) -> list[str]:
    """Which parts of the record hold the words of `text` ("name", "description", "ar"): those
    holding every word, else (the words split between parts) those holding some (_fields_holding).
    `service` is an instance or a row (search_services(rows=True)). `terms`, if given, is
    query_terms(text), worked out once for a page of results."""
    return matched_fields_each([service], text, None if translations is None else [translations],
                               terms=terms)[0]


def matched_fields_each(services: list, text: str, translations: list[dict] | None = None, *,
                        terms: list | None = None) -> list[list[str]]:
    """matched_fields() of each of `services` (instances or rows, as a search found them),
    e.g. [["name", "ar"], ["description"]]: the fields ("name", "description") and the
    languages of the translations that hold every word of `text`, in that order; where no one
    of them does, those that hold some of the words (_fields_holding).

    Read from the search index (fields_from_index), which records which of these fields hold
    each token; a service indexed before it did is worked out from its texts, with the same
    answer (text.holds_terms_each: the page at once, in one pass over its texts), using
    `translations[i]` ({language: Translation} of `services[i]`) if given, else fetching them.
    """
    wanted = query_terms(text) if terms is None else terms
    if not wanted:
        return [[] for _ in services]
    ids = [service["id"] if isinstance(service, dict) else service.pk for service in services]
    found = fields_from_index(ids, wanted)
    rest = [index for index, pk in enumerate(ids) if pk not in found]
    if rest:
        if translations is None:
            fetched = translations_by_service([ids[index] for index in rest])
            texts_of = {index: fetched[ids[index]] for index in rest}
        else:
            texts_of = {index: translations[index] for index in rest}
        for index, fields in zip(rest, _matched_in_texts([services[index] for index in rest], wanted,
                                                         [texts_of[index] for index in rest]), strict=True):
            found[ids[index]] = fields
    return [found[pk] for pk in ids]


def fields_from_index(service_ids: list, terms: list[tuple[str, ...]]) -> dict:
    """{service id: fields holding the terms (_fields_holding)} from the search index (SearchToken.fields), for
    each of `service_ids` (UUIDs) whose tokens matching `terms` (query_terms()) all record their
    fields; a service with none recorded (indexed before they were), or with no token matching,
    is left out. A field holds
    a term when one of its tokens matches one of the term's alternatives: starts with a word,
    or is a marker (the search's own rule, _token_q). One statement for the page."""
    from harbour.directory.hsds import compiled_rows, db_values

    ids = list(dict.fromkeys(service_ids))
    alternatives = list(dict.fromkeys(a for term in terms for a in term))
    if not ids or not alternatives:
        return {}
    condition = _token_q(alternatives[0])
    for alternative in alternatives[1:]:
        condition |= _token_q(alternative)
    shape = ("token fields", len(ids), tuple(a.startswith(MARKER) for a in alternatives))
    rows = compiled_rows(m.SearchToken, shape,
                         lambda: m.SearchToken.objects.filter(service_id__in=ids).filter(condition),
                         [*db_values(m.SearchToken, "service", ids), *_token_values(tuple(alternatives))])
    held: dict = {pk: [set() for _ in terms] for pk in ids}  # per service, per term: fields
    # Left to the texts: a service whose tokens were indexed before fields were recorded, and
    # one with no matching token at all (not found by these words, or never indexed).
    unrecorded = set(ids) - {row["service_id"] for row in rows}
    for row in rows:
        if row["fields"] is None:
            unrecorded.add(row["service_id"])
            continue
        token, fields = row["token"], row["fields"].split()
        for index, term in enumerate(terms):
            if any(token == a if a.startswith(MARKER) else token.startswith(a) for a in term):
                held[row["service_id"]][index].update(fields)
    from harbour.directory.indexing import fields_text

    return {pk: fields_text(_fields_holding(per_term)).split() for pk, per_term in held.items()
            if pk not in unrecorded}


def _fields_holding(per_term: list[set]) -> set:
    """The fields to name from `per_term` (for each of her words, the fields holding it): those
    that hold every word; when no one field does (a walk-through: "legal women", "legal" in the
    name and "women" in the description, named nothing), every field that holds one of them,
    provided each word is held somewhere. Empty when a word is held nowhere."""
    if not per_term or not all(per_term):
        return set()
    return set.intersection(*per_term) or set.union(*per_term)


def _matched_in_texts(services: list, wanted: list, translations: list[dict]) -> list[list[str]]:
    """matched_fields_each() worked out from the services' texts (text.holds_terms_each)."""
    from harbour.directory.text import holds_terms_each

    labelled: list[tuple[int, str]] = []  # (index of the service, field or language)
    values: list[str] = []
    for index, (service, rows) in enumerate(zip(services, translations, strict=True)):
        if isinstance(service, dict):
            name, description = service["name"], service["description"]
        else:
            name, description = service.name, service.description
        labelled += [(index, "name"), (index, "description")]
        values += [name, description]
        for language, row in sorted(rows.items()):
            if not is_language_tag(language):
                continue  # stored before codes were checked; the index names it nowhere either
            labelled.append((index, language))
            values.append(f"{row.name} {row.description}")
    # For each word, which labels hold it; then _fields_holding(), as the index path answers.
    per_word = [holds_terms_each(values, [term]) for term in wanted]
    found: list[list[str]] = []
    for index in range(len(services)):
        positions = [position for position, (owner, _label) in enumerate(labelled) if owner == index]
        named = _fields_holding([{labelled[p][1] for p in positions if holds[p]} for holds in per_word])
        found.append([labelled[p][1] for p in positions if labelled[p][1] in named])
    return found


def locations_by_service(service_ids: list) -> dict:
    """Where each service is, as the public may see it: a confidential location is only its
    coarse area and gatekeeper phone."""
    sals = list(m.ServiceAtLocation.objects.filter(service_id__in=service_ids).order_by("pk")
                .values_list("service_id", "location_id"))
    locations = m.Location.objects.in_bulk([loc for _, loc in sals if loc])
    addresses: dict = {}
    for address in m.Address.objects.filter(location_id__in=list(locations)).order_by("position", "pk"):
        addresses.setdefault(address.location_id, address)
    out: dict = {pk: [] for pk in service_ids}
    for service_id, location_id in sals:
        location = locations.get(location_id)
        if location is None:
            continue
        if location.confidential:
            out[service_id].append({"confidential": True, "area": location.coarse_area,
                                    "phone": location.gatekeeper_phone})
            continue
        address = addresses.get(location.pk)
        lines = [x for x in (address.address_1, address.address_2, address.city, address.postal_code)
                 if x] if address else []
        out[service_id].append({"confidential": False, "name": location.name, "address": ", ".join(lines)})
    return out


def public_locations(service: m.Service) -> list[dict]:
    return locations_by_service([service.pk])[service.pk]


def service_languages(service: m.Service) -> list[str]:
    return sorted(m.ServiceFacet.objects.filter(service_id=service.pk, kind="lang")
                  .values_list("value", flat=True))


def service_need_terms(service: m.Service) -> list[m.TaxonomyTerm]:
    """The need terms `service` offers (Harbour's own claim terms left out), by name."""
    ids = m.Attribute.objects.filter(link_id=service.pk).values_list("taxonomy_term_id", flat=True)
    return list(m.TaxonomyTerm.objects.filter(pk__in=list(ids)).exclude(
        taxonomy_detail_id=_harbour_taxonomy()).only("pk", "name", "code").order_by("name"))


def _harbour_taxonomy():
    from harbour.directory.profile import HARBOUR_TAXONOMY_ID

    return HARBOUR_TAXONOMY_ID


def service_phones(service: m.Service) -> list[str]:
    return list(m.Phone.objects.filter(service_id=service.pk).values_list("number", flat=True))


def _valid_on(day) -> Q:
    on = day.isoformat()
    return (Q(valid_from="") | Q(valid_from__lte=on)) & (Q(valid_to="") | Q(valid_to__gte=on))


def opening_today(service: m.Service, at: datetime | None = None) -> list[tuple[int, int]]:
    """[(opens, closes)] in minutes of the service's local day, today."""
    at = at or timezone.now()
    local = at.astimezone(ZoneInfo(service.time_zone))
    return list(m.OpeningSlot.objects.filter(_valid_on(local.date()), service_id=service.pk,
                                             weekday=local.weekday())
                .order_by("opens_minute").values_list("opens_minute", "closes_minute").distinct())


def weekly_hours(service: m.Service, at: datetime | None = None) -> list[tuple[int, list[tuple[int, int]]]]:
    """[(weekday, [(opens, closes), ...]), ...] in minutes of the service's local day, for the
    seven days from today (a fortnightly or monthly session shows only if it falls in them)."""
    from datetime import timedelta

    at = at or timezone.now()
    today = at.astimezone(ZoneInfo(service.time_zone)).date()
    rows = list(m.OpeningSlot.objects.filter(service_id=service.pk).values_list(
        "weekday", "opens_minute", "closes_minute", "valid_from", "valid_to"))
    days: dict[int, set] = {}
    for offset in range(7):
        day = today + timedelta(days=offset)
        on = day.isoformat()
        for weekday, opens, closes, valid_from, valid_to in rows:
            if weekday == day.weekday() and (not valid_from or valid_from <= on) and (not valid_to or valid_to >= on):
                days.setdefault(weekday, set()).add((opens, closes))
    return sorted((weekday, sorted(hours)) for weekday, hours in days.items())


def hours_to_ask(service: m.Service) -> list[str]:
    """The descriptions of `service`'s schedules that Harbour cannot evaluate (never shown as
    open): the page tells her to ask for the hours, with what the schedule says."""
    from harbour.directory.indexing import schedules_of
    from harbour.directory.schedules import Unevaluable, slots

    today = timezone.now().astimezone(ZoneInfo(service.time_zone)).date()
    out = []
    for schedule in schedules_of(service):
        try:
            slots(schedule, service.time_zone, today=today)
        except Unevaluable:
            out.append(schedule.description)
    return out


def is_open(service: m.Service, at: datetime | None = None) -> bool:
    return m.OpeningSlot.objects.filter(open_now_q(at), service_id=service.pk).exists()


def need_terms() -> QuerySet:
    """Terms a woman can pick as a need: every term outside Harbour's own claims taxonomy."""
    return m.TaxonomyTerm.objects.exclude(taxonomy_detail_id=_harbour_taxonomy()).order_by("name")


SPOKEN_LANGUAGES_KEY = "directory:spoken-languages"


def spoken_languages() -> list[str]:
    """Every language some service speaks (the search form's list). A scan of the facet
    index, so kept in the cache; `indexing` forgets it whenever a service is reindexed."""
    from django.core.cache import cache

    languages = cache.get(SPOKEN_LANGUAGES_KEY)
    if languages is None:
        languages = sorted(set(m.ServiceFacet.objects.filter(kind="lang").values_list("value", flat=True)
                               .distinct()))
        cache.set(SPOKEN_LANGUAGES_KEY, languages, 600)
    return languages


# --- The staff page of a service ------------------------------------------------------------


def staff_locations(service: m.Service) -> list[m.Location]:
    """The locations of `service`, each once."""
    return list(m.Location.objects.filter(service_at_locations__service_id=service.pk).distinct())


def staff_claims(service: m.Service, at: datetime | None = None) -> list[m.Claim]:
    """Every claim of `service`, lapsed ones too (staff see them marked): each carries
    `current` (Claim.is_current at `at`, default now), so no template compares dates itself."""
    at = at or timezone.now()
    claims = list(m.Claim.objects.filter(service=service).select_related("verified_by_organisation")
                  .order_by("kind"))
    for claim in claims:
        claim.current = claim.is_current(at)
    return claims


@dataclass(frozen=True)
class Checked:
    """What a page says about whether a service was checked, from the one source of each
    part: the record's last check (Service.last_verified_at and _method, set only by
    services.service_verify) and its current claims (Claim.current_q). `state` is
    "record" (the record was checked), "claims_only" (never the whole record, but at least
    one current claim was checked) or "never"; `verified_days` is whole days since the
    record's check (None if never); `method` is the method's label."""

    state: str
    verified_at: datetime | None
    verified_days: int | None
    method: str
    self_declared: bool
    edited_at: object
    claims: int


def checked_state(service: m.Service, claims: list, now: datetime) -> Checked:
    """The checked state of `service` at `now` (aware), given its current claims as shown
    (claims_by_service / current_claims). Raises nothing; an unknown stored method shows
    as no label."""
    at = service.last_verified_at
    method = service.last_verified_method
    label = m.VerificationMethod(method).label if method in m.VerificationMethod.values else ""
    if at is not None:
        state = "record"
    elif claims:
        state = "claims_only"
    else:
        state = "never"
    return Checked(state=state, verified_at=at, verified_days=(now - at).days if at else None, method=label,
                   self_declared=method == m.VerificationMethod.SELF_DECLARED, edited_at=service.last_modified,
                   claims=len(claims))


def staff_translations(service: m.Service) -> list[m.Translation]:
    return list(m.Translation.objects.filter(entity="service", object_id=service.pk).order_by("language"))


def first_address_id(location: m.Location):
    """The id of a location's first address (the one the exact-details form edits), or None."""
    return m.Address.objects.filter(location_id=location.pk).order_by("position", "pk") \
        .values_list("pk", flat=True).first()
