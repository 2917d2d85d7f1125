"""A confidential location's exact details, sealed to the owning organisation (F5).

While a location is confidential, its exact details live only in one sealed record on the
location: a JSON payload encrypted under its own data key, the data key sealed to the public
key of the Harbour organisation that owns the directory record. What is sealed: the
location's SEALED_LOCATION_FIELDS, and the identifying fields of the rows that hang off it
(its addresses, accessibility notes, phones and contacts: `CHILDREN`). Their columns are
blank. The server can seal but not unseal; staff unseal with the organisation key in their
session keyring (harbour.firewall.keyring), and the services that do so audit it.

If the owner has no key yet, or the record has no owner, nothing can hold the details: they
are dropped and only the coarse fields stay (docs/directory.md says why that is the safer
choice).

The functions here take plain objects and write nothing, so the data migration uses them too.
"""

from harbour.directory.models import (
    SEALED_ACCESSIBILITY_FIELDS,
    SEALED_ADDRESS_FIELDS,
    SEALED_CONTACT_FIELDS,
    SEALED_LOCATION_FIELDS,
    SEALED_PHONE_FIELDS,
)
from harbour.firewall import crypto

PAYLOAD_VERSION = 1
# Payload key -> (model name in the directory app, sealed fields). Rows linked to the location.
CHILDREN = {
    "addresses": ("Address", SEALED_ADDRESS_FIELDS),
    "accessibility": ("Accessibility", SEALED_ACCESSIBILITY_FIELDS),
    "phones": ("Phone", SEALED_PHONE_FIELDS),
    "contacts": ("Contact", SEALED_CONTACT_FIELDS),
}
NUMERIC_FIELDS = {"latitude", "longitude", "extension"}


def children_of(location, get_model) -> dict[str, list]:
    """The rows hanging off `location` whose fields are sealed, by payload key.
    `get_model(name)` gives the model (the app registry, or a migration's)."""
    return {key: list(get_model(name).objects.filter(location_id=location.pk).order_by("position", "pk"))
            for key, (name, _fields) in CHILDREN.items()}


def _blank(name: str):
    return None if name in NUMERIC_FIELDS else ""


def exact_details(location, children: dict[str, list]) -> dict:
    """What is sealed: the location's exact fields, and each child row's, by row id."""
    payload = {"v": PAYLOAD_VERSION,
               "location": {name: getattr(location, name) for name in SEALED_LOCATION_FIELDS}}
    for key, (_model, fields) in CHILDREN.items():
        payload[key] = {str(row.pk): {name: getattr(row, name) for name in fields} for row in children.get(key, [])}
    return payload


def holds_exact_details(location, children: dict[str, list]) -> bool:
    """True if any exact detail is still in a plain column."""
    values = [getattr(location, name) for name in SEALED_LOCATION_FIELDS]
    for key, (_model, fields) in CHILDREN.items():
        values += [getattr(row, name) for row in children.get(key, []) for name in fields]
    return any(value not in (None, "") for value in values)


def blank_exact_details(location, children: dict[str, list]) -> None:
    """Empty every exact column (the caller saves)."""
    for name in SEALED_LOCATION_FIELDS:
        setattr(location, name, _blank(name))
    for key, (_model, fields) in CHILDREN.items():
        for row in children.get(key, []):
            for name in fields:
                setattr(row, name, _blank(name))


def seal_exact_details(location, children: dict[str, list], *, organisation, public_key: bytes | None) -> str:
    """Move the exact details out of the plain columns (the caller saves the location and its
    children). Returns what is kept: "sealed", "kept" (already sealed and nothing plain left),
    or "coarse_only" (no key to seal to: the details are dropped)."""
    if location.sealed_content and not holds_exact_details(location, children):
        return "kept"
    if organisation is None or public_key is None:
        blank_exact_details(location, children)
        location.sealed_content = location.sealed_key = None
        location.sealed_for = None
        return "coarse_only"
    content, sealed_key = crypto.seal_record(public_key, exact_details(location, children))
    blank_exact_details(location, children)
    location.sealed_content, location.sealed_key = content, sealed_key
    location.sealed_for = organisation
    return "sealed"


def open_exact_details(location, private_key) -> dict:
    """The sealed payload (raises crypto.CryptoError for a wrong key or a tampered record)."""
    return crypto.open_record(private_key, bytes(location.sealed_content), bytes(location.sealed_key))


def reseal(location, details: dict, public_key: bytes) -> None:
    content, sealed_key = crypto.seal_record(public_key, details)
    location.sealed_content, location.sealed_key = content, sealed_key


def restore_exact_details(location, children: dict[str, list], details: dict) -> None:
    """Write an opened payload back into the plain columns (publishing the address again)."""
    for name, value in details.get("location", {}).items():
        if name in SEALED_LOCATION_FIELDS:
            setattr(location, name, value)
    for key, (_model, fields) in CHILDREN.items():
        by_id = details.get(key, {})
        for row in children.get(key, []):
            for name, value in by_id.get(str(row.pk), {}).items():
                if name in fields:
                    setattr(row, name, value)
    location.sealed_content = location.sealed_key = None
    location.sealed_for = None


def save_children(children: dict[str, list]) -> None:
    for key, (_model, fields) in CHILDREN.items():
        for row in children.get(key, []):
            row.save(update_fields=list(fields))
