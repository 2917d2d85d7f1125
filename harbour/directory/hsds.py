"""HSDS 3.0 objects in and out of the database, driven by one table of the standard's shapes.

`KINDS` says, for each HSDS object: its model, its scalar fields (HSDS name -> model
attribute), its arrays of children (and which link on the child points back), and its single
nested objects. `dump()` and `load()` walk that table, so every HSDS field has one place.

A child that HSDS lets hang off several parents (a phone of a contact, of a location, of a
service...) is exported once, under its most specific parent: the first of its links, in
`LINK_PRECEDENCE`, that is set. An import fills a missing link from where the child was
nested, so export(import(x)) equals x with those links written out.

Harbour's additions travel as an HSDS profile (docs/directory.md): current claims become
attributes under the Harbour taxonomy, confidential locations are reduced to a coarse area
and a gatekeeper phone, translations ride in a `translations` extension property.
"""

import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from functools import cache

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connections
from django.db.models import UUIDField
from django.utils import timezone
from django.utils.connection import ConnectionProxy
from django.utils.translation import gettext as _

from harbour.core.languages import canonical_case, is_language_tag
from harbour.directory import models as m
from harbour.directory.profile import (
    CLAIM_TERM_IDS,
    CONFIDENTIAL_TERM_ID,
    TERM_KIND,
    claim_term_id,
)


@dataclass(frozen=True)
class Kind:
    name: str
    model: type
    fields: dict[str, str]
    children: dict[str, tuple[str, str]] = field(default_factory=dict)  # array -> (kind, link attr)
    nested: dict[str, tuple[str, str]] = field(default_factory=dict)  # key -> (kind, attr on self)
    attributes: bool = True
    metadata: bool = True


def _same(*names: str) -> dict[str, str]:
    return {name: name for name in names}


UUID_ATTRS = {"id"}  # plus every attribute ending in "_id" (links)
FLOAT_FIELDS = {
    "year_incorporated", "minimum_age", "maximum_age", "latitude", "longitude", "extension",
    "timezone", "count", "interval", "amount",
}
DATETIME_FIELDS = {"last_modified"}

KINDS: dict[str, Kind] = {}


def _kind(kind: Kind) -> None:
    KINDS[kind.name] = kind


_kind(Kind("taxonomy", m.Taxonomy, _same("id", "name", "description", "uri", "version"),
           attributes=False))
_kind(Kind("taxonomy_term", m.TaxonomyTerm,
           {**_same("id", "code", "name", "description", "parent_id", "taxonomy", "language",
                    "term_uri"), "taxonomy_id": "taxonomy_detail_id"},
           nested={"taxonomy_detail": ("taxonomy", "taxonomy_detail_id")}, attributes=False))
_kind(Kind("metadata", m.Metadata,
           _same("id", "resource_id", "resource_type", "last_action_date", "last_action_type",
                 "field_name", "previous_value", "replacement_value", "updated_by"),
           attributes=False, metadata=False))
_kind(Kind("attribute", m.Attribute,
           _same("id", "link_id", "taxonomy_term_id", "link_type", "link_entity", "value"),
           nested={"taxonomy_term": ("taxonomy_term", "taxonomy_term_id")}, attributes=False))
_kind(Kind("language", m.Language,
           _same("id", "service_id", "location_id", "phone_id", "name", "code", "note")))
_kind(Kind("phone", m.Phone,
           _same("id", "location_id", "service_id", "organization_id", "contact_id",
                 "service_at_location_id", "number", "extension", "type", "description"),
           children={"languages": ("language", "phone_id")}))
_kind(Kind("contact", m.Contact,
           _same("id", "organization_id", "service_id", "service_at_location_id", "location_id",
                 "name", "title", "department", "email"),
           children={"phones": ("phone", "contact_id")}))
_kind(Kind("schedule", m.Schedule,
           _same("id", "service_id", "location_id", "service_at_location_id", "valid_from",
                 "valid_to", "dtstart", "timezone", "until", "count", "wkst", "freq", "interval",
                 "byday", "byweekno", "bymonthday", "byyearday", "description", "opens_at",
                 "closes_at", "schedule_link", "attending_type", "notes")))
_kind(Kind("address", m.Address,
           _same("id", "location_id", "attention", "address_1", "address_2", "city", "region",
                 "state_province", "postal_code", "country", "address_type")))
_kind(Kind("accessibility", m.Accessibility,
           _same("id", "location_id", "description", "details", "url")))
_kind(Kind("service_area", m.ServiceArea,
           _same("id", "service_id", "name", "description", "extent", "extent_type", "uri")))
_kind(Kind("cost_option", m.CostOption,
           _same("id", "service_id", "valid_from", "valid_to", "option", "currency", "amount",
                 "amount_description")))
_kind(Kind("funding", m.Funding, _same("id", "organization_id", "service_id", "source")))
_kind(Kind("required_document", m.RequiredDocument,
           _same("id", "service_id", "document", "uri")))
_kind(Kind("program", m.Program,
           _same("id", "organization_id", "name", "alternate_name", "description")))
_kind(Kind("organization_identifier", m.OrganizationIdentifier,
           _same("id", "organization_id", "identifier_scheme", "identifier_type", "identifier")))
_kind(Kind("location", m.Location,
           _same("id", "location_type", "url", "organization_id", "name", "alternate_name",
                 "description", "transportation", "latitude", "longitude",
                 "external_identifier", "external_identifier_type"),
           children={"languages": ("language", "location_id"),
                     "addresses": ("address", "location_id"),
                     "contacts": ("contact", "location_id"),
                     "accessibility": ("accessibility", "location_id"),
                     "phones": ("phone", "location_id"),
                     "schedules": ("schedule", "location_id")}))
_kind(Kind("organization", m.Organization,
           _same("id", "name", "alternate_name", "description", "email", "website", "tax_status",
                 "tax_id", "year_incorporated", "legal_status", "logo", "uri",
                 "parent_organization_id"),
           children={"funding": ("funding", "organization_id"),
                     "contacts": ("contact", "organization_id"),
                     "phones": ("phone", "organization_id"),
                     "locations": ("location", "organization_id"),
                     "programs": ("program", "organization_id"),
                     "organization_identifiers": ("organization_identifier", "organization_id")}))
_kind(Kind("service_at_location", m.ServiceAtLocation,
           _same("id", "service_id", "location_id", "description"),
           children={"contacts": ("contact", "service_at_location_id"),
                     "phones": ("phone", "service_at_location_id"),
                     "schedules": ("schedule", "service_at_location_id")},
           nested={"location": ("location", "location_id")}))
_kind(Kind("service", m.Service,
           _same("id", "organization_id", "program_id", "name", "alternate_name", "description",
                 "url", "email", "status", "interpretation_services", "application_process",
                 "fees_description", "wait_time", "fees", "accreditations",
                 "eligibility_description", "minimum_age", "maximum_age", "assured_date",
                 "assurer_email", "licenses", "alert", "last_modified"),
           children={"phones": ("phone", "service_id"),
                     "schedules": ("schedule", "service_id"),
                     "service_areas": ("service_area", "service_id"),
                     "service_at_locations": ("service_at_location", "service_id"),
                     "languages": ("language", "service_id"),
                     "funding": ("funding", "service_id"),
                     "cost_options": ("cost_option", "service_id"),
                     "required_documents": ("required_document", "service_id"),
                     "contacts": ("contact", "service_id")},
           nested={"organization": ("organization", "organization_id"),
                   "program": ("program", "program_id")}))
_kind(Kind("meta_table_description", m.MetaTableDescription,
           _same("id", "name", "language", "character_set")))

# A child hangs under the first of these links that is set (most specific first).
LINK_PRECEDENCE = {
    "phone": ["contact_id", "service_at_location_id", "location_id", "service_id", "organization_id"],
    "schedule": ["service_at_location_id", "location_id", "service_id"],
    "language": ["phone_id", "location_id", "service_id"],
    "contact": ["service_at_location_id", "location_id", "service_id", "organization_id"],
    "funding": ["service_id", "organization_id"],
}

# Arrays in which a parent lists objects that carry the link to it themselves: HSDS states
# these relations on the child (service.organization_id, service_at_location.location_id),
# and a feed may give them from the parent's side too (the HSDS API's organization with
# full_service lists its services). Read on import only; the export gives them on the child.
REVERSE_CHILDREN = {
    "organization": {"services": ("service", "organization_id")},
    "location": {"service_at_locations": ("service_at_location", "location_id")},
}

HARBOUR_EXTENSIONS = {"translations", "verification", "match"}  # "match" is per response, never stored


def _is_uuid_attr(attr: str) -> bool:
    # Links are named <object>_id; tax_id is the one HSDS text field with that ending.
    return attr == "id" or (attr.endswith("_id") and attr != "tax_id")


def _hsds_name_of(kind: Kind, attr: str) -> str:
    """The HSDS field that fills model attribute `attr` of `kind` ("taxonomy_detail_id" is
    written "taxonomy_id")."""
    return next(name for name, a in kind.fields.items() if a == attr)


def _child_filter(kind: str, link: str, parent_id) -> dict:
    lookup = {link: parent_id}
    for other in LINK_PRECEDENCE.get(kind, []):
        if other == link:
            break
        lookup[f"{other}__isnull"] = True
    return lookup


def _drop_children(kind_name: str, link: str, parent_id, keep: set) -> None:
    """What a parent's array no longer lists: each `kind_name` object hanging under the parent
    (`link` = `parent_id`, _child_filter()) that is not in `keep` (ids) is unlinked from it.
    One that another parent still holds (a phone of a location and of a service: HSDS links a
    child to several by its *_id fields, LINK_PRECEDENCE) keeps that link and hangs there;
    only one left with no parent at all is deleted. Dropping a phone from one location's list
    never deletes it from the service that lists it too."""
    model = KINDS[kind_name].model
    dropped = model.objects.filter(**_child_filter(kind_name, link, parent_id)).exclude(pk__in=keep)
    others = [other for other in LINK_PRECEDENCE.get(kind_name, []) if other != link]
    dropped.filter(**{f"{other}__isnull": True for other in others}).delete()
    if others:
        dropped.update(**{link: None})


# --- Export ---------------------------------------------------------------------------------


def _scalar_out(hsds_name: str, value):
    if value is None or value == "":
        return None
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, datetime):
        return value.astimezone(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")
    if isinstance(value, float) and value.is_integer() and hsds_name not in ("latitude", "longitude"):
        return int(value)
    return value


def _row_of(obj) -> dict:
    """What the export reads of a record: {attname: value} of its model's concrete fields.
    A model instance is read into one; a dict (a row from compiled_rows()) is returned as it is."""
    if isinstance(obj, dict):
        return obj
    # An instance keeps each loaded field's value in its __dict__ under the attname; a
    # deferred field is not there and is read (loaded) through its descriptor.
    loaded = obj.__dict__
    return {f.attname: loaded[f.attname] if f.attname in loaded else getattr(obj, f.attname)
            for f in obj._meta.concrete_fields}


@cache
def _alias(model) -> str:
    """The database `model` is read from (Harbour has no database routers: asked once)."""
    from django.db import router

    return router.db_for_read(model)


def _connection(model):
    return connections[_alias(model)]


@cache
def _value_field(model, name: str):
    field = model._meta.get_field(name)
    return field.target_field if field.is_relation else field


@cache
def _native_uuid(alias: str) -> bool:
    return connections[alias].features.has_native_uuid_field


def db_values(model, name: str, values) -> list:
    """`values` of field `name` of `model` (a link: of the field it points to) as the
    database driver takes them (e.g. a UUID as 32 hex digits on SQLite)."""
    field, values = _value_field(model, name), list(values)
    if isinstance(field, UUIDField):
        # What UUIDField.get_db_prep_value gives a UUID, without looking the connection up
        # (a nested record asks this of every id it reads children for).
        native = _native_uuid(_alias(model))
        if all(value.__class__ is uuid.UUID for value in values):
            return list(values) if native else [value.hex for value in values]
    connection = _connection(model)
    return [field.get_db_prep_value(value, connection) for value in values]


def _distinct(values) -> list:
    """`values` without repeats or None, in order: what an `__in` lookup compiles to."""
    return [v for v in dict.fromkeys(values) if v is not None]


_SQL_CACHE: dict = {}
_SQL_CACHE_LIMIT = 2000
_THROUGH_ORM = "through the ORM"


def driver_sql(connection, sql: str) -> str:
    """`sql` as compiled by Django (`%s` placeholders) in the driver's own parameter style:
    SQLite's `?` (what Django's SQLite cursor converts on every execute), unchanged elsewhere."""
    if connection.vendor == "sqlite":
        from django.db.backends.sqlite3.base import FORMAT_QMARK_REGEX

        return FORMAT_QMARK_REGEX.sub("?", sql).replace("%%", "%")
    return sql


def fetch(connection, sql: str, sql_for_driver: str, params: list, *, one: bool = False,
          prepare: bool = False):
    """The rows (a list of tuples; with `one`, the first row or None) of a read-only statement
    compiled by Django: `sql` with `%s` placeholders, `sql_for_driver` the same statement from
    driver_sql(). `prepare` (for a statement without parameters that is dear to plan and run
    often, such as the occupancy probe): on PostgreSQL it is prepared once per connection and
    only executed after; elsewhere it changes nothing (SQLite's driver keeps its own cache of
    prepared statements).

    Served requests run it on the driver's own cursor, one kept per connection: Django's
    cursor wrapper, and making a cursor for each statement, cost more in Python than a small
    indexed read costs the database (a fully nested service runs about 20 of them). What the
    wrapper is for is kept: database errors become Django's, a broken transaction is refused,
    and whenever statements are being logged or wrapped (DEBUG, tests capturing queries,
    `connection.execute_wrapper`) the statement goes through Django's cursor so that it is
    seen. `connection` is a connection of django.db.connections, or django.db.connection
    (the proxy to this thread's default one). Raises django.db.Error (and its subclasses) as
    Django does."""
    if connection.__class__ is ConnectionProxy:
        # The proxy is one object for every thread: what is kept is kept on this thread's own.
        connection = connections[connection._alias]
    if connection.force_debug_cursor or connection.execute_wrappers or settings.DEBUG:
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchone() if one else cursor.fetchall()
    connection.close_if_health_check_failed()
    connection.ensure_connection()
    connection.validate_no_broken_transaction()
    reader = _reader(connection)
    with reader.errors:
        if prepare and reader.prepared is not None:
            reader.prepared.execute(sql_for_driver, prepare=True)
            return reader.prepared.fetchone() if one else reader.prepared.fetchall()
        reader.cursor.execute(sql_for_driver, params)
        return reader.cursor.fetchone() if one else reader.cursor.fetchall()


class _Reader:
    """fetch()'s cursors on one driver connection, and Django's error wrapper for it."""

    __slots__ = ("driver_connection", "cursor", "prepared", "errors")

    def __init__(self, connection):
        self.driver_connection = connection.connection
        self.cursor = self.driver_connection.cursor()
        # Client-side binding (Django's cursor class) cannot prepare; a statement without
        # parameters is the same on a server-side binding cursor, which can.
        # None where nothing may be prepared (config/env.py: DATABASE_URL's prepare_threshold).
        self.prepared = None
        if connection.vendor == "postgresql" and self.driver_connection.prepare_threshold is not None:
            import psycopg

            self.prepared = psycopg.Cursor(self.driver_connection)
        self.errors = connection.wrap_database_errors


def _reader(connection) -> _Reader:
    """The _Reader of `connection` (a Django DatabaseWrapper: one per thread and alias), made
    again whenever Django has opened a new driver connection or the cursor was closed."""
    reader = connection.__dict__.get("_harbour_reader")
    if (reader is None or reader.driver_connection is not connection.connection
            or getattr(reader.cursor, "closed", False)):
        reader = connection.__dict__["_harbour_reader"] = _Reader(connection)
    return reader


_new_object, _set_slot = object.__new__, object.__setattr__  # uuid.UUID is immutable: set as its __init__ does


def _converter(functions: list, expression, connection, field):
    """One function of a value for the ORM's `functions` (field converters, applied in turn).
    Three are specialised because a nested record or a page of results reads dozens of each: a
    JSON column holding `{}` (most `extra`s) is not parsed, a UUID column read as text on
    SQLite is made a UUID in one call, and a date-time on SQLite (parsed by the
    driver, or text parsed by datetime.fromisoformat, what Django's parse_datetime tries first)
    is given the connection's time zone as Django's converter does; anything else goes to
    Django's converter."""
    from django.db.models import DateTimeField, JSONField, UUIDField

    if len(functions) == 1 and isinstance(field, JSONField) and field.decoder is None:
        parse = functions[0]

        def json_value(value):
            if value == "{}":
                return {}
            return parse(value, expression, connection)

        return json_value
    if len(functions) == 1 and isinstance(field, UUIDField) and connection.vendor == "sqlite":

        def uuid_value(value):
            if value is None:
                return None
            # What uuid.UUID(value) makes of the 32 hex digits Django stores, without its
            # parsing of other spellings (three str.replace calls and checks per id; a page
            # of results reads about a hundred ids). Anything else goes to uuid.UUID.
            if len(value) == 32 and value.isalnum():
                try:
                    number = int(value, 16)
                except ValueError:
                    return uuid.UUID(value)
                made = _new_object(uuid.UUID)
                _set_slot(made, "int", number)
                _set_slot(made, "is_safe", uuid.SafeUUID.unknown)
                return made
            return uuid.UUID(value)

        return uuid_value
    if (len(functions) == 1 and isinstance(field, DateTimeField) and connection.vendor == "sqlite"
            and settings.USE_TZ):
        convert, zone = functions[0], connection.timezone

        def datetime_value(value):
            if value.__class__ is datetime:  # the driver parses columns declared datetime
                return value.replace(tzinfo=zone) if value.tzinfo is None else value
            if value.__class__ is str:
                try:
                    parsed = datetime.fromisoformat(value)
                except ValueError:
                    return convert(value, expression, connection)
                return parsed.replace(tzinfo=zone) if parsed.tzinfo is None else parsed
            return convert(value, expression, connection)

        return datetime_value

    def chain(value):
        for function in functions:
            value = function(value, expression, connection)
        return value

    return chain


def compiled_rows(model, shape: tuple, queryset, params: list) -> list[dict]:
    """The rows `queryset()` (a function returning a queryset of `model`) selects, each as
    {attname: value} with the values the ORM would give its instances.

    A fully nested record asks for dozens of such lists; building and compiling each through
    the ORM, and making a model instance of each row, cost more than running the statement.
    So a statement is compiled once per `shape` (whatever changes its SQL text: the kind of
    query, the number of ids) and run again with `params`: its parameters in the order the
    compiled statement takes them, as db_values() gives them. The first compilation of a
    shape checks `params` against the ORM's own; a shape whose parameters differ (a lookup
    that changed) is read through the ORM every time, with the same answer, only slower.
    """
    connection = _connection(model)
    # Per connection object: compiled converters are bound to the connection that made them.
    key = (id(connection), model, shape)
    compiled = _SQL_CACHE.get(key)
    if compiled is None:
        compiler = queryset().using(connection.alias).query.get_compiler(using=connection.alias)
        sql, compiled_params = compiler.as_sql()
        if list(compiled_params) != list(params):
            compiled = _THROUGH_ORM
        else:
            columns = [col for col, _sql, _alias in compiler.select]
            converters = [(position, _converter(functions, expression, connection,
                                                getattr(expression, "output_field", None)))
                          for position, (functions, expression) in compiler.get_converters(columns).items()]
            compiled = (sql, driver_sql(connection, sql), converters, [c.target.attname for c in columns])
        if len(_SQL_CACHE) >= _SQL_CACHE_LIMIT:  # shapes vary with the number of ids; stay bounded
            _SQL_CACHE.clear()
        _SQL_CACHE[key] = compiled
    if compiled is _THROUGH_ORM:
        return [_row_of(obj) for obj in queryset().using(connection.alias)]
    sql, sql_for_driver, converters, attnames = compiled
    rows = fetch(connection, sql, sql_for_driver, params)
    if not converters:
        return [dict(zip(attnames, row, strict=True)) for row in rows]
    out = []
    for row in rows:
        row = list(row)
        for position, convert in converters:
            row[position] = convert(row[position])
        out.append(dict(zip(attnames, row, strict=True)))
    return out


def _children(model, link: str, ids: list, lookup: dict) -> list[dict]:
    """Rows of `model` whose `link` is one of `ids` (and `lookup`, `__isnull` tests only), in
    their stored order."""
    ids = _distinct(ids)
    if not ids:
        return []
    ordering = (*(model._meta.ordering or ["pk"]), "pk")
    return compiled_rows(model, ("children", link, tuple(sorted(lookup)), len(ids)),
                 lambda: model.objects.filter(**{f"{link}__in": ids}, **lookup).order_by(*ordering),
                 db_values(model, link, ids))


def rows_by_pk(model, pks) -> list[dict]:
    """Rows (compiled_rows()) of `model` whose primary key is one of `pks`, in no given order."""
    pks = _distinct(pks)
    if not pks:
        return []
    return compiled_rows(model, ("pk in", len(pks)), lambda: model.objects.filter(pk__in=pks),
                 db_values(model, model._meta.pk.name, pks))


def row_by_pk(model, pk) -> dict | None:
    """The row (compiled_rows()) of `model` with primary key `pk` (a UUID), or None."""
    found = compiled_rows(model, ("pk first",), lambda: model.objects.filter(pk=pk).order_by("pk")[:1],
                  db_values(model, model._meta.pk.name, [pk]))
    return found[0] if found else None


def _scalars_of(kind_name: str, obj) -> dict:
    obj = _row_of(obj)
    out = {}
    for hsds_name, attr in KINDS[kind_name].fields.items():
        value = _scalar_out(hsds_name, obj[attr])
        if value is not None:
            out[hsds_name] = value
    for key, value in (obj["extra"] or {}).items():
        out.setdefault(key, value)
    return out


@cache
def _occupancy_probe(vendor: str) -> tuple[list, str]:
    """The models a nested record may draw on (in table order) and the one statement that
    says which of their tables hold any row, as `vendor`'s database quotes table names:
    written once, not for every response."""
    from django.db import connection

    models = sorted({k.model for k in KINDS.values()} | {m.Claim, m.Translation},
                    key=lambda model: model._meta.db_table)
    probes = ", ".join(
        f"EXISTS(SELECT 1 FROM {connection.ops.quote_name(model._meta.db_table)})"  # noqa: S608
        for model in models)
    return models, f"SELECT {probes}"  # table names come from the models


class Dumper:
    """Serialises objects fully nested. One instance per response: it caches taxonomy terms.

    Records are read as rows ({attname: value}, compiled_rows()); dump() and dump_many() also take
    model instances."""

    def __init__(self, *, at: datetime | None = None):
        self.at = at or timezone.now()
        self._terms: dict = {}
        self._locations: dict = {}
        self._want_attributes: dict = {}
        self._want_metadata: dict = {}
        self._depth = 0
        self._occupied: set | None = None

    def dump(self, kind_name: str, obj) -> dict:
        return self.dump_many(kind_name, [obj])[0]

    def dump_many(self, kind_name: str, objs: list) -> list[dict]:
        """Serialise `objs` (all of one kind) with one query per kind of child, whatever
        the number of objects: the cost of a fully nested record is its depth, not its size."""
        objs = [_row_of(obj) for obj in objs]
        self._depth += 1
        try:
            outs = self._dump_kind(kind_name, objs)
        finally:
            self._depth -= 1
        if self._depth == 0:
            self._resolve()
        return outs

    def _resolve(self) -> None:
        while self._want_attributes or self._want_metadata:
            wanted_attributes, self._want_attributes = self._want_attributes, {}
            wanted_metadata, self._want_metadata = self._want_metadata, {}
            if wanted_attributes:
                rows = (_children(m.Attribute, "link_id", list(wanted_attributes), {})
                        if self._holds(m.Attribute) else [])
                # Every term these attributes and claims name, in one query.
                term_ids = {r["taxonomy_term_id"] for r in rows} | {
                    claim_term_id(c["kind"]) for _out, claims in wanted_attributes.values() for c in claims}
                self._depth += 1
                self._terms_for(term_ids - {None})
                dumped_rows = self._dump_kind("attribute", rows)
                self._depth -= 1
                grouped: dict = {}
                for row, dumped in zip(rows, dumped_rows, strict=True):
                    grouped.setdefault(row["link_id"], []).append(dumped)
                for pk, (out, claims) in wanted_attributes.items():
                    attributes = grouped.get(pk, []) + [self._claim_attribute(c) for c in claims]
                    if attributes:
                        out["attributes"] = attributes
            if wanted_metadata:
                rows = (_children(m.Metadata, "resource_id", list(wanted_metadata), {})
                        if self._holds(m.Metadata) else [])
                grouped = {}
                for row in rows:
                    grouped.setdefault(row["resource_id"], []).append(row)
                for pk, out in wanted_metadata.items():
                    if pk in grouped:
                        out["metadata"] = [_scalars_of("metadata", r) for r in grouped[pk]]

    def _dump_kind(self, kind_name: str, objs: list) -> list[dict]:
        if not objs:
            return []
        if kind_name == "location":
            # A service's organisation lists its locations, and its service_at_locations name
            # them again: serialise each location once per response.
            missing = [o for o in objs if o["id"] not in self._locations]
            if missing:
                self._locations.update(zip([o["id"] for o in missing], self._dump_many("location", missing),
                                           strict=True))
            return [self._locations[o["id"]] for o in objs]
        return self._dump_many(kind_name, objs)

    def _dump_many(self, kind_name: str, objs: list[dict]) -> list[dict]:
        kind = KINDS[kind_name]
        fields = list(kind.fields.items())
        outs = []
        for obj in objs:
            out = {}
            for hsds_name, attr in fields:
                value = obj[attr]
                if value.__class__ is str:  # most values: written as they are, unless empty
                    if value:
                        out[hsds_name] = value
                    continue
                if value is None:
                    continue
                value = _scalar_out(hsds_name, value)
                if value is not None:
                    out[hsds_name] = value
            outs.append(out)
        ids = [obj["id"] for obj in objs]
        for key, (child_kind, attr) in kind.nested.items():
            targets = {obj[attr] for obj in objs} - {None}
            if not targets:
                continue
            if child_kind == "taxonomy_term":
                dumped = self._terms_for(targets)
            elif child_kind == "location" and targets <= self._locations.keys():
                dumped = {pk: self._locations[pk] for pk in targets}
            else:
                found = rows_by_pk(KINDS[child_kind].model, targets)
                dumped = dict(zip([o["id"] for o in found], self.dump_many(child_kind, found), strict=True))
            for obj, out in zip(objs, outs, strict=True):
                if dumped.get(obj[attr]) is not None:
                    out[key] = dumped[obj[attr]]
        for key, (child_kind, link) in kind.children.items():
            model = KINDS[child_kind].model
            lookup = _child_filter(child_kind, link, None)
            lookup.pop(link)
            rows = _children(model, link, ids, lookup) if self._holds(model) else []
            if not rows:
                continue
            grouped: dict = {}
            for row, dumped in zip(rows, self.dump_many(child_kind, rows), strict=True):
                grouped.setdefault(row[link], []).append(dumped)
            for obj, out in zip(objs, outs, strict=True):
                if obj["id"] in grouped:
                    out[key] = grouped[obj["id"]]
        # Attributes and metadata can hang off any object in the tree: they are gathered for
        # the whole tree at the end (`_resolve`), two queries per round instead of two per level.
        claims = self._claims_for(ids) if kind_name == "service" else {}
        for obj, out in zip(objs, outs, strict=True):
            if kind.attributes:
                self._want_attributes[obj["id"]] = (out, claims.get(obj["id"], []))
            if kind.metadata:
                self._want_metadata[obj["id"]] = out
        if kind_name in ("service", "organization"):
            grouped = {}
            for t in self._translations(kind_name, ids):
                grouped.setdefault(t["object_id"], []).append(
                    {"language": t["language"], "name": t["name"], "description": t["description"],
                     "review_state": t["review_state"]})
            for obj, out in zip(objs, outs, strict=True):
                if obj["id"] in grouped:
                    out["translations"] = grouped[obj["id"]]
        if kind_name == "service":
            for obj, out in zip(objs, outs, strict=True):
                if obj["last_verified_at"]:
                    # Harbour's freshness: when a person last checked the record, and how
                    # (HSDS has only assured_date, with no method).
                    out["verification"] = {"last_verified_at": _scalar_out("v", obj["last_verified_at"]),
                                           "method": obj["last_verified_method"]}
        for index, (obj, out) in enumerate(zip(objs, outs, strict=True)):
            for key, value in (obj["extra"] or {}).items():
                out.setdefault(key, value)
            if kind_name == "location" and obj["confidential"]:
                outs[index] = self._confidential_location(obj)  # replaces everything above
        return outs

    def _translations(self, entity: str, ids: list) -> list[dict]:
        """The translations of the `entity` records `ids`, by language."""
        ids = _distinct(ids)
        if not ids or not self._holds(m.Translation):
            return []
        return compiled_rows(m.Translation, ("translations", len(ids)),
                     lambda: m.Translation.objects.filter(entity=entity, object_id__in=ids).order_by("language"),
                     [*db_values(m.Translation, "entity", [entity]), *db_values(m.Translation, "object_id", ids)])

    def _holds(self, model) -> bool:
        """Whether `model`'s table has any row. Asked once per response for every table a
        nested record may draw on, in one statement, so that a sparse directory (no funding,
        no cost options...) does not pay a query per empty table per level."""
        if self._occupied is None:
            from django.db import connection

            models, statement = _occupancy_probe(connection.vendor)
            # Planning it (two dozen tables) costs PostgreSQL more than running it: prepared.
            flags = fetch(connection, statement, driver_sql(connection, statement), [], one=True, prepare=True)
            self._occupied = {model for model, flag in zip(models, flags, strict=True) if flag}
        return model in self._occupied

    def _terms_for(self, term_ids: set) -> dict:
        missing = [t for t in term_ids if t not in self._terms]
        if missing:
            found = rows_by_pk(m.TaxonomyTerm, missing)
            for term, dumped in zip(found, self.dump_many("taxonomy_term", found), strict=True):
                self._terms[term["id"]] = dumped
            for t in missing:
                self._terms.setdefault(t, None)
        return {t: self._terms[t] for t in term_ids}

    def _term(self, term_id):
        return self._terms_for({term_id})[term_id]

    def _claims_for(self, service_ids: list) -> dict:
        grouped: dict = {}
        ids = _distinct(service_ids)
        if not ids or not self._holds(m.Claim):
            return grouped
        # The parameters of Claim.current_q(at) (one: the moment), then the ids; were
        # current_q to change, compiled_rows would notice and ask the ORM.
        rows = compiled_rows(m.Claim, ("current claims", len(ids)),
                     lambda: m.Claim.objects.filter(m.Claim.current_q(self.at), service_id__in=ids).order_by("kind"),
                     [*db_values(m.Claim, "lapses_at", [self.at]), *db_values(m.Claim, "service_id", ids)])
        for claim in rows:
            grouped.setdefault(claim["service_id"], []).append(claim)
        return grouped

    def _claim_attribute(self, claim: dict) -> dict:
        verified_at = _scalar_out("verified_at", claim["verified_at"])
        term_id = claim_term_id(claim["kind"])
        return {
            "id": str(claim["id"]),
            "link_id": str(claim["service_id"]),
            "taxonomy_term_id": str(term_id),
            "link_type": "harbour_claim",
            "link_entity": "service",
            "value": "true",
            "taxonomy_term": self._term(term_id),
            "metadata": [{
                "id": str(uuid.uuid5(claim["id"], "verification")),
                "resource_id": str(claim["id"]),
                "resource_type": "attribute",
                "last_action_date": verified_at,
                "last_action_type": "verified",
                "field_name": "value",
                "previous_value": "",
                "replacement_value": "true",
                "updated_by": f"harbour:{claim['method']}",
            }],
            "verification": {
                "method": claim["method"],
                "verified_at": verified_at,
                "lapses_at": _scalar_out("lapses_at", claim["lapses_at"]),
            },
        }

    def _confidential_location(self, location: dict) -> dict:
        """What may leave Harbour about a confidential location, and nothing more."""
        pk = location["id"]
        out = {
            "id": str(pk),
            "location_type": "physical",
            "name": location["coarse_area"],
            "description": _("The address is not published, for safety. Call the number to be "
                             "put in touch."),
            "phones": [{
                "id": str(uuid.uuid5(pk, "gatekeeper")),
                "location_id": str(pk),
                "number": location["gatekeeper_phone"],
                "description": "gatekeeper",
            }],
            "attributes": [{
                "id": str(uuid.uuid5(pk, "confidential")),
                "link_id": str(pk),
                "taxonomy_term_id": str(CONFIDENTIAL_TERM_ID),
                "link_type": "harbour_confidential",
                "link_entity": "location",
                "value": "true",
                "taxonomy_term": self._term(CONFIDENTIAL_TERM_ID),
            }],
        }
        if location["organization_id"]:
            out["organization_id"] = str(location["organization_id"])
        rows = compiled_rows(m.Language, ("languages of a confidential location",),
                     lambda: m.Language.objects.filter(location_id=pk, phone_id__isnull=True),
                     db_values(m.Language, "location_id", [pk]))
        languages = [self.dump("language", row) for row in rows]
        if languages:
            out["languages"] = languages
        return out


def dump_service_list_item(service, *, dumper: "Dumper") -> dict:
    """A `/services` list item: the service's own fields, without child arrays. `service` is
    a model instance or a row (compiled_rows())."""
    row = _row_of(service)
    out = {}
    for hsds_name, attr in KINDS["service"].fields.items():
        value = row[attr]
        if value.__class__ is str:  # most values: written as they are, unless empty
            if value:
                out[hsds_name] = value
            continue
        if value is None:
            continue
        value = _scalar_out(hsds_name, value)
        if value is not None:
            out[hsds_name] = value
    return out


# --- Import ---------------------------------------------------------------------------------


@dataclass
class LoadResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    warnings: list[str] = field(default_factory=list)
    service_ids: set = field(default_factory=set)
    location_ids: set = field(default_factory=set)
    loaded: dict = field(default_factory=dict)  # HSDS kind -> ids written or confirmed
    # Links a parent states by listing a child that carries the link itself (REVERSE_CHILDREN),
    # whole or by id alone: (child kind, child id, link attribute, parent kind, parent id), for
    # the import to set once every record is in (the child may come later in the feed).
    links: list = field(default_factory=list)


def _scalar_in(hsds_name: str, attr: str, value):
    if value is None:
        return None if hsds_name in FLOAT_FIELDS or _is_uuid_attr(attr) else ""
    if _is_uuid_attr(attr):
        return uuid.UUID(str(value))
    if hsds_name in FLOAT_FIELDS:
        return float(value)
    if hsds_name in DATETIME_FIELDS:
        parsed = datetime.fromisoformat(str(value).replace("Z", "+00:00"))
        return parsed if timezone.is_aware(parsed) else timezone.make_aware(parsed, UTC)
    return str(value) if not isinstance(value, str) else value


def _same_value(old, new) -> bool:
    """Equal as HSDS carries them: date-times travel with millisecond precision."""
    if isinstance(old, datetime) and isinstance(new, datetime):
        return abs(old - new) < timedelta(milliseconds=1)
    return old == new


# Rows whose identifying fields are sealed while their location is confidential.
SEALED_CHILD_KINDS = ("address", "accessibility", "phone", "contact")


class Loader:
    """Writes one HSDS record (and everything nested in it). Call inside a transaction."""

    def __init__(self, *, at: datetime | None = None):
        self.at = at or timezone.now()
        self.result = LoadResult()
        self._pointer = ""

    def load(self, kind_name: str, data: dict, *, parent: tuple[str, object] | None = None,
             position: int = 0, pointer: str = ""):
        kind = KINDS[kind_name]
        self._pointer = pointer
        data = dict(data)
        if parent is not None:
            link, parent_id = parent
            if link in kind.fields and not data.get(link):
                data[link] = str(parent_id)
        pk = uuid.UUID(str(data["id"]))
        if kind_name == "attribute" and data.get("taxonomy_term_id") and \
                uuid.UUID(str(data["taxonomy_term_id"])) in CLAIM_TERM_IDS and \
                data.get("link_id") and m.Service.objects.filter(pk=data["link_id"]).exists():
            return self._claim(data)
        if kind_name == "attribute" and data.get("taxonomy_term_id") and \
                uuid.UUID(str(data["taxonomy_term_id"])) == CONFIDENTIAL_TERM_ID:
            return None  # Harbour's own marker; confidentiality is set by staff, not by feeds
        existing = kind.model.objects.filter(pk=pk).first()
        if kind_name == "location" and existing is not None and existing.confidential:
            self.result.warnings.append(
                f"location {pk}: confidential in Harbour; a feed does not overwrite it")
            return existing
        if kind_name in SEALED_CHILD_KINDS and data.get("location_id") and m.Location.objects.filter(
                pk=str(data["location_id"]), confidential=True).exists():
            # A confidential location's details are sealed (harbour.directory.sealing): a feed
            # never adds a plain copy beside them.
            self.result.warnings.append(
                f"{kind_name} {pk}: its location is confidential in Harbour; a feed does not add to it")
            return existing
        # Nested single objects first (they may be referred to by this one). Nesting is one
        # of HSDS's two ways to state a link (the official service_full.json gives a service's
        # `organization` and `program`, a service-at-location's `location` and an attribute's
        # `taxonomy_term` only nested): the nested object's id fills a link left unstated.
        for key, (child_kind, attr) in kind.nested.items():
            nested = data.get(key)
            if isinstance(nested, dict):
                self.load(child_kind, nested, pointer=f"{pointer}/{key}")
                link = _hsds_name_of(kind, attr)
                if not data.get(link) and nested.get("id"):
                    data[link] = nested["id"]
        values = {}
        for hsds_name, attr in kind.fields.items():
            if hsds_name == "id":
                continue
            if hsds_name == "last_modified" and hsds_name not in data:
                values[attr] = existing.last_modified if existing else self.at
                continue
            if existing is not None and _is_uuid_attr(attr) and data.get(hsds_name) is None:
                # The same object repeated elsewhere in a feed (HSDS repeats a phone under its
                # service, its location and its contact) states only the link to where it is
                # nested: a link it leaves unstated is kept, never erased.
                values[attr] = getattr(existing, attr)
                continue
            values[attr] = _scalar_in(hsds_name, attr, data.get(hsds_name))
        if "position" in {f.name for f in kind.model._meta.fields}:
            values["position"] = position
        known = (set(kind.fields) | set(kind.children) | set(kind.nested) | set(REVERSE_CHILDREN.get(kind_name, {}))
                 | {"attributes", "metadata"})
        values["extra"] = {k: v for k, v in data.items() if k not in known and k not in HARBOUR_EXTENSIONS}
        if kind_name == "service":
            values["time_zone"] = (existing.time_zone if existing else "Europe/London")
            verification = data.get("verification")
            if isinstance(verification, dict) and verification.get("method") in m.VerificationMethod.values:
                try:
                    values["last_verified_at"] = _scalar_in("last_modified", "v",
                                                            verification.get("last_verified_at"))
                    values["last_verified_method"] = verification["method"]
                except (TypeError, ValueError):
                    pass
        self._pointer = pointer  # nested objects loaded above moved it
        obj = self._upsert(kind, pk, existing, values)
        self.result.loaded.setdefault(kind_name, set()).add(pk)
        for key, (child_kind, link) in kind.children.items():
            if key not in data:
                continue
            incoming = data[key] or []
            keep = set()
            for index, child in enumerate(incoming):
                self.load(child_kind, child, parent=(link, pk), position=index,
                          pointer=f"{pointer}/{key}/{index}")
                keep.add(uuid.UUID(str(child["id"])))
            if child_kind != "location":  # locations are shared; a feed deletes them explicitly
                _drop_children(child_kind, link, pk, keep)
        for key, (child_kind, link) in REVERSE_CHILDREN.get(kind_name, {}).items():
            self._reverse_children(kind_name, pk, key, child_kind, link, data.get(key), pointer)
        if kind.attributes and "attributes" in data:
            keep = set()
            for index, attribute in enumerate(data["attributes"] or []):
                self.load("attribute", attribute, parent=("link_id", pk), position=index,
                          pointer=f"{pointer}/attributes/{index}")
                keep.add(uuid.UUID(str(attribute["id"])))
            m.Attribute.objects.filter(link_id=pk).exclude(pk__in=keep).delete()
        if kind.metadata and "metadata" in data:
            keep = set()
            for index, row in enumerate(data["metadata"] or []):
                self.load("metadata", row, parent=("resource_id", pk), position=index,
                          pointer=f"{pointer}/metadata/{index}")
                keep.add(uuid.UUID(str(row["id"])))
            m.Metadata.objects.filter(resource_id=pk).exclude(pk__in=keep).delete()
        if kind_name in ("service", "organization") and "translations" in data:
            self._translations(kind_name, pk, data["translations"] or [])
        if kind_name == "service":
            self.result.service_ids.add(pk)
        if kind_name == "location":
            self.result.location_ids.add(pk)
        if kind_name in ("service_at_location",) and values.get("service_id"):
            self.result.service_ids.add(values["service_id"])
        if kind_name != "service" and values.get("service_id"):
            self.result.service_ids.add(values["service_id"])
        if kind_name == "attribute" and values.get("link_id"):
            self.result.service_ids.add(values["link_id"])
        if kind_name in ("language", "schedule", "address") and values.get("location_id"):
            self.result.location_ids.add(values["location_id"])
        return obj

    def _reverse_children(self, kind_name: str, pk, key: str, child_kind: str, link: str, items,
                          pointer: str) -> None:
        """The objects a parent lists that carry the link themselves (REVERSE_CHILDREN: an
        organization's `services`, a location's `service_at_locations`). A whole object is
        validated against its HSDS schema and loaded as it states itself; one given by its id
        alone (HSDS's /organizations/{id}?full_service=true lists services so) is not. Either
        way the link becomes one to set once the whole feed is in (importer: only where the
        child states none, else with a warning), so the answer never depends on which record
        came first. An object the parent no longer lists is never unlinked or deleted."""
        from harbour.directory import schemas

        required = set(schemas.schema(child_kind).get("required", [])) - {"id", link}
        for index, item in enumerate(items or []):
            here = f"{pointer}/{key}/{index}"
            if not isinstance(item, dict) or not item.get("id"):
                raise ValueError(f"{here}: each item needs an id")
            try:
                child_id = uuid.UUID(str(item["id"]))
            except ValueError:
                raise ValueError(f"{here}/id: {item['id']!r} is not a UUID") from None
            self.result.links.append((child_kind, child_id, link, kind_name, pk))
            if required - set(item) or not set(item) - {"id", link}:
                continue  # a reference: only the link
            problems = schemas.errors(child_kind, item)
            if problems:
                where, message = problems[0]
                raise ValueError(f"{here}{'' if where == '/' else where}: {message}")
            self.load(child_kind, item, position=index, pointer=here)
            self._pointer = pointer

    def _check(self, obj) -> None:
        """Harbour's own limits (column lengths, choices) that the HSDS schema leaves open:
        a clear error with the record's JSON Pointer, rather than a database error."""
        links = [f.name for f in obj._meta.fields if f.is_relation]
        try:
            obj.clean_fields(exclude=links)
        except ValidationError as error:
            field, messages = next(iter(error.message_dict.items()))
            raise ValueError(f"{self._pointer}/{field}: {' '.join(messages)}") from None

    def _upsert(self, kind: Kind, pk, existing, values: dict):
        if existing is None:
            obj = kind.model(pk=pk, **values)
            self._check(obj)
            obj.save(force_insert=True)
            self.result.created += 1
            return obj
        changed = [attr for attr, value in values.items() if not _same_value(getattr(existing, attr), value)]
        if changed:
            for attr in changed:
                setattr(existing, attr, values[attr])
            self._check(existing)
            existing.save()
            self.result.updated += 1
        else:
            self.result.unchanged += 1
        return existing

    def _translations(self, entity: str, pk, rows: list[dict]) -> None:
        languages = set()
        for row in rows:
            language = str(row.get("language", ""))
            if not language:
                continue
            if len(language) > 16 or not is_language_tag(language):
                self.result.warnings.append(
                    f"{entity} {pk}: translation skipped: {language[:40]!r} is not a language code")
                continue
            # One language is one translation in any letter case: stored in RFC 5646 section
            # 2.1.1's canonical case (as staff edits are), found whatever case it was stored in.
            language = canonical_case(language)
            languages.add(language)
            state = row.get("review_state")
            state = state if state in m.ReviewState.values else m.ReviewState.DRAFT
            wanted = {"name": str(row.get("name", "")), "description": str(row.get("description", "")),
                      "review_state": state}
            wanted["language"] = language
            existing = (m.Translation.objects.filter(entity=entity, object_id=pk, language__iexact=language)
                        .order_by("-updated_at").first())
            if existing is None:
                m.Translation.objects.create(entity=entity, object_id=pk, **wanted)
            elif any(getattr(existing, k) != v for k, v in wanted.items()):
                for k, v in wanted.items():
                    setattr(existing, k, v)
                existing.save()
        m.Translation.objects.filter(entity=entity, object_id=pk).exclude(language__in=languages).delete()

    def _claim(self, data: dict):
        service_id = uuid.UUID(str(data["link_id"]))
        kind = TERM_KIND[uuid.UUID(str(data["taxonomy_term_id"]))]
        verification = data.get("verification") if isinstance(data.get("verification"), dict) else {}
        existing = m.Claim.objects.filter(service_id=service_id, kind=kind).first()
        method = verification.get("method")
        if method not in m.VerificationMethod.values:
            method = existing.method if existing else m.VerificationMethod.SELF_DECLARED
        try:
            verified_at = _scalar_in("last_modified", "verified_at", verification["verified_at"])
            lapses_at = _scalar_in("last_modified", "lapses_at", verification["lapses_at"])
        except (KeyError, TypeError, ValueError):
            verified_at = existing.verified_at if existing else self.at
            lapses_at = existing.lapses_at if existing else self.at + timedelta(days=180)
        # No claim holds longer than the recheck cap, whatever a feed says (issue 9.6).
        lapses_at = min(lapses_at, verified_at + timedelta(days=m.CLAIM_MAX_VALID_DAYS))
        if str(data.get("value", "true")).lower() not in ("true", "yes", "1"):
            lapses_at = verified_at + timedelta(microseconds=1)
        if existing is None:
            claim = m.Claim(id=uuid.UUID(str(data["id"])), service_id=service_id, kind=kind,
                            method=method, verified_at=verified_at, lapses_at=lapses_at)
            claim.save(force_insert=True)
            self.result.created += 1
            return claim
        if existing.method != method or not _same_value(existing.verified_at, verified_at) or \
                not _same_value(existing.lapses_at, lapses_at):
            existing.method, existing.verified_at, existing.lapses_at = method, verified_at, lapses_at
            existing.save()
            self.result.updated += 1
        else:
            self.result.unchanged += 1
        return existing

