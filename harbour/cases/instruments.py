"""Loading the licensed wording of the DASH checklist (an instrument file).

SafeLives' question wording is copyright and is not shipped. An organisation that holds a
licence loads it, one file per language: YAML validated against
schemas/dash_instrument.schema.json (JSON Schema 2020-12). Example shape, with the
wording left out:

    instrument: dash-ric
    version: "2009-safelives-24"
    language: en
    licence: "Used under licence from SafeLives"
    questions:
      "1": "…"
      …
      "24": "…"
"""

import json
from pathlib import Path

import yaml
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from jsonschema import Draft202012Validator

from harbour.accounts.access import memberships_of
from harbour.accounts.models import Membership, Organisation, User
from harbour.cases.models import DashWording
from harbour.core.audit import audit_append

SCHEMA = json.loads((Path(__file__).parent / "schemas" / "dash_instrument.schema.json").read_text())
_VALIDATOR = Draft202012Validator(SCHEMA)


def parse_instrument(text: str) -> dict:
    """Parse and validate an instrument file. Returns the document (questions keyed by
    "1"–"24"); raises ValueError with a sentence naming the first problem and where."""
    try:
        document = yaml.safe_load(text)
    except yaml.YAMLError as error:
        raise ValueError(f"not valid YAML: {error}") from None
    if isinstance(document, dict) and isinstance(document.get("questions"), dict):
        document["questions"] = {str(k): v for k, v in document["questions"].items()}
    errors = sorted(_VALIDATOR.iter_errors(document), key=lambda e: list(e.absolute_path))
    if errors:
        first = errors[0]
        where = "/".join(str(p) for p in first.absolute_path) or "(top)"
        raise ValueError(f"{where}: {first.message}")
    if document["language"] not in dict(settings.LANGUAGES):
        raise ValueError(f"language: {document['language']!r} is not one of Harbour's languages")
    return document


def dash_wording_load(*, acting_user: User | None, organisation: Organisation, text: str) -> DashWording:
    """Store an organisation's licensed wording for one language (replacing the previous
    one). Only an organisation admin may (acting_user None: an operator's command)."""
    if acting_user is not None and not memberships_of(acting_user).filter(
            organisation=organisation, role=Membership.Role.ADMIN).exists():
        raise PermissionDenied
    document = parse_instrument(text)
    with transaction.atomic():
        wording, _created = DashWording.objects.update_or_create(
            organisation=organisation, language=document["language"],
            defaults={"version": document["version"], "questions": document["questions"]})
        audit_append(action="cases.dash_wording.load", actor=acting_user or "operator", organisation=organisation,
                     subject=wording, detail={"language": document["language"], "version": document["version"]})
    return wording
