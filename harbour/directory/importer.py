"""Reading HSDS 3.0 files: every shape the standard publishes, validated before anything is
written, one transaction per record.

Two kinds of problem, two answers:
- the file itself is wrong (not UTF-8, not JSON, a CSV missing a column the package declares):
  nothing from it is imported, and the report names the place;
- a record fails the schema: that record is rejected with every error and its JSON Pointer,
  the others are imported.
"""

import csv
import io
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, time
from pathlib import Path

from django.db import DatabaseError, transaction

from harbour.core.textguard import find_control_character
from harbour.directory import schemas
from harbour.directory.hsds import KINDS, REVERSE_CHILDREN, Loader
from harbour.directory.indexing import (
    reindex_for_locations,
    reindex_services,
    services_related_to,
)

# Tabular Data Package resources, in an order where what a row links to comes first.
TABULAR_ORDER = [
    "taxonomy", "taxonomy_term", "organization", "program", "organization_identifier",
    "service", "location", "service_at_location", "address", "contact", "phone", "schedule",
    "language", "service_area", "cost_option", "funding", "required_document", "accessibility",
    "attribute", "metadata", "meta_table_description",
]


class FileProblem(Exception):
    """The file cannot be read as HSDS at all; nothing from it is imported."""


@dataclass
class Record:
    label: str  # where it came from, for the report: "item 3", "line 7", "service.csv row 4"
    kind: str
    data: object
    # Values that did not parse as their declared type: (JSON Pointer of the column, message).
    problems: list[tuple[str, str]] = field(default_factory=list)


@dataclass
class Rejection:
    label: str
    record_id: str
    errors: list[tuple[str, str]]


@dataclass
class ImportReport:
    imported: int = 0
    rejected: list[Rejection] = field(default_factory=list)
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    warnings: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.rejected


def _decode(raw: bytes, name: str) -> str:
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise FileProblem(
            f"{name}: not UTF-8 text (invalid byte at offset {error.start}); HSDS files are UTF-8"
        ) from None


class _NotJSONNumber(ValueError):
    """NaN, Infinity, or a number no finite double holds (1e400): not JSON (RFC 8259 section
    6), though Python's json module reads them; written back they would not be JSON either."""


def _no_constant(name: str):
    raise _NotJSONNumber(f"{name} is not a JSON number (RFC 8259)")


def _finite(text: str) -> float:
    value = float(text)
    if value in (float("inf"), float("-inf")):
        raise _NotJSONNumber(f"{text} is too large a number to keep")
    return value


def _loads(text: str):
    """json.loads, refusing what RFC 8259 does not allow (_NotJSONNumber)."""
    return json.loads(text, parse_constant=_no_constant, parse_float=_finite)


def _parses(line: str) -> bool:
    try:
        _loads(line)
    except (json.JSONDecodeError, _NotJSONNumber):
        return False
    return True


def read_json_records(path: Path, kind: str) -> list[Record]:
    """A single object, a JSON list, a page envelope (`contents`), or NDJSON."""
    text = _decode(path.read_bytes(), path.name)
    if not text.strip():
        raise FileProblem(f"{path.name}: the file is empty")
    try:
        document = _loads(text)
    except _NotJSONNumber as error:
        raise FileProblem(f"{path.name}: {error}; nothing was imported") from None
    except json.JSONDecodeError as whole_error:
        lines = [(n, line) for n, line in enumerate(text.splitlines(), start=1) if line.strip()]
        if len(lines) < 2 or not _parses(lines[0][1]):
            raise FileProblem(f"{path.name}: malformed JSON at line {whole_error.lineno}, "
                              f"column {whole_error.colno}: {whole_error.msg}") from None
        records = []
        for number, line in lines:
            try:
                records.append(Record(f"line {number}", kind, _loads(line)))
            except _NotJSONNumber as error:
                raise FileProblem(f"{path.name}: line {number}: {error}; nothing was imported") from None
            except json.JSONDecodeError as error:
                raise FileProblem(f"{path.name}: line {number} is not JSON (column {error.colno}: "
                                  f"{error.msg}); nothing was imported") from None
        return records
    if isinstance(document, dict) and isinstance(document.get("contents"), list):
        return [Record(f"contents item {i}", kind, item) for i, item in enumerate(document["contents"])]
    if isinstance(document, dict) and isinstance(document.get("content"), list) and "totalElements" in document:
        # An Open Referral UK v1 page (`content`, `totalElements`...); its items are read as 3.0.
        return [Record(f"content item {i}", kind, item) for i, item in enumerate(document["content"])]
    if isinstance(document, list):
        return [Record(f"item {i}", kind, item) for i, item in enumerate(document)]
    return [Record("the object", kind, document)]


class _NotTyped(ValueError):
    """A CSV value that does not parse as its column's declared Table Schema type."""


_TYPE_NAMES = {
    "number": "a number", "integer": "a whole number", "boolean": "true or false",
    "date": "a date (YYYY-MM-DD)", "time": "a time (HH:MM:SS, with an optional offset)",
    "datetime": "a date-time (ISO 8601)", "year": "a year",
}
# Words some publishers write for "no value" in typed columns, although their package does
# not declare them in `missingValues`: the specification's own field guidance writes `null`
# in schedules.csv date columns. In a typed column they cannot be a value, so they are read
# as missing; in a text column they are kept as written.
_TYPED_MISSING = frozenset({"null", "NULL", "Null"})
_NUMBER = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?", re.ASCII)
_INTEGER = re.compile(r"[+-]?[0-9]+", re.ASCII)


def _typed(value: str, spec: dict, missing: frozenset):
    """The value of one CSV cell read by its Table Schema field descriptor `spec` (Frictionless
    Table Schema, "Field types and formats"): None if it is one of the `missing` values, else a
    Python value of the JSON type HSDS expects (dates and times stay ISO strings, checked).
    Raises _NotTyped naming the expected type."""
    field_type = spec.get("type", "string")
    if value in missing or (field_type not in ("string", "any") and value.strip() in _TYPED_MISSING):
        return None
    if field_type in ("string", "any"):
        return value
    text = value.strip()
    try:
        if field_type == "number":
            # Table Schema: groupChar and decimalChar as declared; otherwise the XML Schema
            # lexical form, ASCII digits only (Python's float() would take "1_000" or "١٢").
            if spec.get("groupChar"):
                text = text.replace(str(spec["groupChar"]), "")
            if spec.get("decimalChar"):
                text = text.replace(str(spec["decimalChar"]), ".")
            if not _NUMBER.fullmatch(text):
                raise ValueError
            return float(text)
        if field_type in ("integer", "year"):
            if not _INTEGER.fullmatch(text):
                raise ValueError
            return int(text)
        if field_type == "boolean":
            true_values = spec.get("trueValues", ["true", "True", "TRUE", "1"])
            false_values = spec.get("falseValues", ["false", "False", "FALSE", "0"])
            if text in true_values:
                return True
            if text in false_values:
                return False
            raise ValueError
        if field_type == "date":
            return date.fromisoformat(text).isoformat()
        if field_type == "time":
            time.fromisoformat(text)
            return text
        if field_type == "datetime":
            datetime.fromisoformat(text)
            return text
    except ValueError:
        raise _NotTyped(f"{value!r} is not {_TYPE_NAMES.get(field_type, field_type)}") from None
    return value


def read_tabular_records(directory: Path, notes: list[str] | None = None) -> list[Record]:
    """A Tabular Data Package: datapackage.json naming one CSV per HSDS table.

    Every resource the descriptor lists is read; one that is not an HSDS 3.0 table, or whose
    file is absent, is named in `notes` with the reason (never skipped silently). Cells are
    read by their declared Table Schema types and `missingValues`; a cell that does not parse
    rejects its row, naming the row and the column."""
    notes = notes if notes is not None else []
    descriptor_path = directory / "datapackage.json"
    if not descriptor_path.is_file():
        raise FileProblem(f"{directory}: a directory must hold a datapackage.json")
    try:
        descriptor = json.loads(_decode(descriptor_path.read_bytes(), "datapackage.json"))
    except json.JSONDecodeError as error:
        raise FileProblem(f"datapackage.json: malformed JSON at line {error.lineno}, column "
                          f"{error.colno}: {error.msg}") from None
    listed = descriptor.get("resources", []) if isinstance(descriptor, dict) else None
    if not isinstance(listed, list):
        raise FileProblem("datapackage.json: must be an object whose `resources` is a list "
                          "(Data Package); nothing was imported")
    resources: dict = {}
    named_files: set[Path] = set()
    for index, resource in enumerate(listed):
        if not isinstance(resource, dict):
            notes.append(f"skipped resource {index} of datapackage.json: {resource!r} is not a resource "
                         "(an object with a name and a path)")
            continue
        name = str(resource.get("name", ""))
        path = resource.get("path")
        if isinstance(path, list) and len(path) == 1 and isinstance(path[0], str):
            path = resource["path"] = path[0]  # a list of one file is that file (Data Package)
        if isinstance(path, str):
            named_files.add((directory / path).resolve())
        if name in resources:
            raise FileProblem(f"datapackage.json: two resources are named {name!r} (a Data Package's "
                              "resource names are unique); nothing was imported")
        if name not in TABULAR_ORDER:
            notes.append(f"skipped table {name!r} ({path or 'no file'}): not an HSDS 3.0 "
                         "table, so Harbour has nowhere to keep it")
            continue
        resources[name] = resource
    for csv_file in sorted(p for p in directory.iterdir() if p.suffix.lower() == ".csv"):
        if csv_file.resolve() not in named_files:
            notes.append(f"skipped file {csv_file.name}: datapackage.json does not list it")
    records = []
    for kind in TABULAR_ORDER:
        resource = resources.get(kind)
        if resource is None:
            continue
        if "data" in resource and "path" not in resource:
            notes.append(f"skipped table {kind!r}: its rows are inline (`data`), which Harbour does not "
                         "read; give them as a CSV file")
            continue
        if isinstance(resource.get("path"), list):
            notes.append(f"skipped table {kind!r}: its rows are split over several files "
                         f"({', '.join(map(str, resource['path']))}), which Harbour does not read; "
                         "give them as one CSV file")
            continue
        dialect = resource.get("dialect", {})
        if not isinstance(dialect, dict) or dialect.get("header", True) is not True:
            raise FileProblem(f"datapackage.json: resource {kind}'s dialect must be an object, and its "
                              "CSV must have a header row (Harbour reads columns by name); nothing was imported")
        delimiter, quote = dialect.get("delimiter", ","), dialect.get("quoteChar", '"')
        if not (isinstance(delimiter, str) and len(delimiter) == 1 and isinstance(quote, str) and len(quote) == 1):
            raise FileProblem(f"datapackage.json: resource {kind}'s dialect must give one character for "
                              "delimiter and quoteChar; nothing was imported")
        csv_path = directory / str(resource.get("path", f"{kind}.csv"))
        if directory.resolve() not in csv_path.resolve().parents:
            raise FileProblem(f"datapackage.json: resource {kind} points outside the package")
        if not csv_path.is_file():
            # A package may leave out tables it has no rows for; say so all the same.
            notes.append(f"skipped table {kind!r}: its file {csv_path.name} is not in the package")
            continue
        text = _decode(csv_path.read_bytes(), csv_path.name)
        reader = csv.DictReader(io.StringIO(text, newline=""), delimiter=delimiter, quotechar=quote)
        columns = reader.fieldnames or []
        table_schema = resource.get("schema", {}) if isinstance(resource.get("schema"), dict) else {}
        declared = {f["name"]: f for f in table_schema.get("fields", []) if isinstance(f, dict) and "name" in f}
        missing_values = frozenset(table_schema.get("missingValues", [""]))
        required = set(schemas.schema(kind).get("required", [])) | set(
            schemas.schema(kind).get("tabular_required", []))
        missing = sorted(required - set(columns))
        if missing:
            raise FileProblem(f"{csv_path.name}: missing column(s) {', '.join(missing)}; "
                              "nothing was imported")
        try:
            for number, row in enumerate(reader, start=2):
                if None in row:
                    raise FileProblem(f"{csv_path.name} row {number}: more values than columns")
                data, problems = {}, []
                if None in row.values():
                    # Fewer values than columns: which cell is missing cannot be told.
                    problems.append(("/", f"row {number} has fewer values than the header has columns"))
                for column, value in row.items():
                    try:
                        typed = _typed(value or "", declared.get(column, {}), missing_values)
                    except _NotTyped as error:
                        problems.append((f"/{column}", f"column {column}: {error}"))
                        continue
                    if typed is not None:
                        data[column] = typed
                records.append(Record(f"{csv_path.name} row {number}", kind, data, problems))
        except csv.Error as error:
            raise FileProblem(f"{csv_path.name}: malformed CSV ({error}); nothing was imported") from None
    return records


def read_records(path: Path, kind: str = "service", notes: list[str] | None = None) -> list[Record]:
    """The records of an HSDS file or package at `path`; what was left out goes in `notes`.
    Raises FileProblem if the file cannot be read as HSDS at all."""
    if path.is_dir():
        return read_tabular_records(path, notes)
    if not path.is_file():
        raise FileProblem(f"{path}: no such file or directory")
    return read_json_records(path, kind)


DECLARED_EXTENSIONS = {"translations", "verification", "match"}  # Harbour profile properties


def unknown_properties(kind: str, instance, pointer: str = "") -> list[str]:
    """JSON Pointers of properties HSDS 3.0 does not define (strict mode): HSDS lets them
    through, but a typo ("firewal_pledge") is usually a mistake worth seeing."""
    if not isinstance(instance, dict):
        return []
    properties = schemas.schema(kind).get("properties", {})
    found = []
    for key, value in instance.items():
        here = f"{pointer}/{key}"
        if key not in properties:
            if key not in DECLARED_EXTENSIONS and key not in REVERSE_CHILDREN.get(kind, {}):
                found.append(here)
            continue
        spec = properties[key]
        ref = spec.get("$ref") or (spec.get("items", {}).get("$ref") if spec.get("type") == "array" else None)
        if not ref:
            continue
        child = ref.removesuffix(".json")
        items = value if isinstance(value, list) else [value]
        for index, item in enumerate(items):
            found += unknown_properties(child, item, f"{here}/{index}" if isinstance(value, list) else here)
    return found


def validate(record: Record) -> list[tuple[str, str]]:
    if not isinstance(record.data, dict):
        return [("/", "each record must be a JSON object")]
    # NUL and other control characters: refused on every database (core/textguard.py).
    bad = find_control_character(record.data)
    if bad is not None:
        return [("/" + bad.replace(".", "/"), "contains a control character (such as NUL)")]
    return schemas.errors(record.kind, record.data)


def import_records(records: list[Record], *, strict: bool = False) -> ImportReport:
    report = ImportReport()
    loaded: dict[str, set] = {}
    links: list = []
    for record in records:
        problems = record.problems + (validate(record) if not record.problems else [])
        if strict and record.kind in KINDS:
            report.warnings += [f"{record.label}: {pointer}: not an HSDS 3.0 property"
                                for pointer in unknown_properties(record.kind, record.data)]
        if record.kind not in KINDS:
            problems.append(("/", f"unknown HSDS object type {record.kind!r}"))
        record_id = str(record.data.get("id", "")) if isinstance(record.data, dict) else ""
        if problems:
            report.rejected.append(Rejection(record.label, record_id, problems))
            continue
        loader = Loader()
        try:
            with transaction.atomic():
                loader.load(record.kind, record.data)
                reindex_services(loader.result.service_ids)
                reindex_for_locations(loader.result.location_ids)
        except (ValueError, TypeError) as error:
            pointer, _sep, message = str(error).partition(": ")
            if not pointer.startswith("/"):
                pointer, message = "/", str(error)
            report.rejected.append(Rejection(record.label, record_id, [(pointer, message)]))
            continue
        except DatabaseError as error:  # a limit no check caught; the record's transaction is undone
            report.rejected.append(Rejection(record.label, record_id, [("/", f"not stored: {error}")]))
            continue
        report.imported += 1
        report.created += loader.result.created
        report.updated += loader.result.updated
        report.unchanged += loader.result.unchanged
        report.warnings += loader.result.warnings
        for kind, ids in loader.result.loaded.items():
            loaded.setdefault(kind, set()).update(ids)
        links += loader.result.links
    _set_listed_links(links, loaded, report)
    # Each record was indexed as it arrived; objects that arrived later (the location a
    # service names, the term of its attribute) are only now all in place.
    for service_id in sorted(services_related_to(loaded), key=str):
        with transaction.atomic():
            reindex_services([service_id])
    return report


def _set_listed_links(links: list, loaded: dict, report: ImportReport) -> None:
    """Sets the links parents stated by listing a child (hsds.LoadResult.links: whole or by its
    id alone), once every record is in: a child that states no link of that kind takes the parent's; one
    that states another keeps its own (the child's field is where HSDS puts the link), with a
    warning; one in neither the feed nor the directory is named in a warning."""
    for child_kind, child_id, link, parent_kind, parent_id in links:
        model = KINDS[child_kind].model
        with transaction.atomic():
            child = model.objects.select_for_update().filter(pk=child_id).first()
            if child is None:
                report.warnings.append(f"{parent_kind} {parent_id}: lists {child_kind} {child_id}, "
                                       "which is in neither the feed nor the directory")
                continue
            stated = getattr(child, link)
            if stated is None:
                model.objects.filter(pk=child_id).update(**{link: parent_id})
                loaded.setdefault(child_kind, set()).add(child_id)
            elif stated != parent_id:
                report.warnings.append(f"{parent_kind} {parent_id}: lists {child_kind} {child_id}, "
                                       f"which states {link} {stated}; the {child_kind}'s own link is kept")


def iter_rejection_lines(report: ImportReport) -> Iterator[str]:
    for rejection in report.rejected:
        ident = f" (id {rejection.record_id})" if rejection.record_id else ""
        for pointer, message in rejection.errors:
            yield f"rejected {rejection.label}{ident}: {pointer}: {message}"
