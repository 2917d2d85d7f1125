"""The vendored HSDS 3.0 schemas (CC BY-SA 4.0, Open Referral; see hsds-3.0/LICENSE) and an
offline validator for them.

The files refer to each other by bare file name and declare no `$id`, so each is registered
in a `referencing` Registry under its own file name; nothing is ever fetched.
"""

import json
from functools import cache
from pathlib import Path

from jsonschema import Draft202012Validator, FormatChecker
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

SCHEMA_DIR = Path(__file__).resolve().parent / "hsds-3.0"
HSDS_VERSION = "3.0"


@cache
def registry() -> Registry:
    resources = []
    for path in sorted(SCHEMA_DIR.glob("*.json")):
        if path.name in ("datapackage.json", "openapi.json"):
            continue
        contents = json.loads(path.read_text(encoding="utf-8"))
        resources.append((path.name, Resource.from_contents(contents, default_specification=DRAFT202012)))
    return Registry().with_resources(resources)


@cache
def schema(name: str) -> dict:
    return json.loads((SCHEMA_DIR / f"{name}.json").read_text(encoding="utf-8"))


@cache
def validator(name: str) -> Draft202012Validator:
    """A validator for one HSDS object ("service", "organization", ...)."""
    return Draft202012Validator(schema(name), registry=registry(), format_checker=FormatChecker())


def errors(name: str, instance) -> list[tuple[str, str]]:
    """Every schema error in `instance`, as (JSON Pointer, message), in a stable order."""
    found = []
    for error in validator(name).iter_errors(instance):
        pointer = "".join(f"/{str(part).replace('~', '~0').replace('/', '~1')}" for part in error.absolute_path)
        found.append((pointer or "/", error.message))
    return sorted(found)
