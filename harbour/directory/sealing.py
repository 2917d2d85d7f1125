"""A confidential location's exact details, sealed to the owning organisation (F5).

While a location is confidential, its exact details (SEALED_LOCATION_FIELDS of the location
and SEALED_ADDRESS_FIELDS of each of its addresses) live only in one sealed record on the
location: a JSON payload encrypted under its own data key, the data key sealed to the public
key of the Harbour organisation that owns the directory record. Their columns are blank. The
server can seal but not unseal; staff unseal with the organisation key in their session
keyring (harbour.firewall.keyring), and the services that do so audit it.

If the owner has no key yet, or the record has no owner, nothing can hold the details: they
are dropped and only the coarse fields stay (docs/directory.md says why that is the safer
choice).

The functions here take plain objects and write nothing, so the data migration uses them too.
"""

from harbour.directory.models import SEALED_ADDRESS_FIELDS, SEALED_LOCATION_FIELDS
from harbour.firewall import crypto

PAYLOAD_VERSION = 1


def exact_details(location, addresses) -> dict:
    """What is sealed: the location's exact fields and each address's, by address id."""
    return {
        "v": PAYLOAD_VERSION,
        "location": {name: getattr(location, name) for name in SEALED_LOCATION_FIELDS},
        "addresses": {str(address.pk): {name: getattr(address, name) for name in SEALED_ADDRESS_FIELDS}
                      for address in addresses},
    }


def holds_exact_details(location, addresses) -> bool:
    """True if any exact detail is still in a plain column."""
    values = [getattr(location, name) for name in SEALED_LOCATION_FIELDS]
    values += [getattr(address, name) for address in addresses for name in SEALED_ADDRESS_FIELDS]
    return any(value not in (None, "") for value in values)


def blank_exact_details(location, addresses) -> None:
    """Empty every exact column (the caller saves)."""
    location.name = location.alternate_name = location.description = location.transportation = ""
    location.url = location.external_identifier = location.external_identifier_type = ""
    location.latitude = location.longitude = None
    for address in addresses:
        for name in SEALED_ADDRESS_FIELDS:
            setattr(address, name, "")


def seal_exact_details(location, addresses, *, organisation, public_key: bytes | None) -> str:
    """Move the exact details out of the plain columns (the caller saves the location and
    the addresses). Returns what is kept: "sealed", "kept" (already sealed, nothing plain
    left), or "coarse_only" (no key to seal to: the details are dropped)."""
    if location.sealed_content and not holds_exact_details(location, addresses):
        return "kept"
    if organisation is None or public_key is None:
        blank_exact_details(location, addresses)
        location.sealed_content = location.sealed_key = None
        location.sealed_for = None
        return "coarse_only"
    content, sealed_key = crypto.seal_record(public_key, exact_details(location, addresses))
    blank_exact_details(location, addresses)
    location.sealed_content, location.sealed_key = content, sealed_key
    location.sealed_for = organisation
    return "sealed"


def open_exact_details(location, private_key) -> dict:
    """The sealed payload (raises crypto.CryptoError for a wrong key or a tampered record)."""
    return crypto.open_record(private_key, bytes(location.sealed_content), bytes(location.sealed_key))


def reseal(location, details: dict, public_key: bytes) -> None:
    content, sealed_key = crypto.seal_record(public_key, details)
    location.sealed_content, location.sealed_key = content, sealed_key


def restore_exact_details(location, addresses, details: dict) -> None:
    """Write an opened payload back into the plain columns (publishing the address again)."""
    for name, value in details.get("location", {}).items():
        if name in SEALED_LOCATION_FIELDS:
            setattr(location, name, value)
    by_id = details.get("addresses", {})
    for address in addresses:
        for name, value in by_id.get(str(address.pk), {}).items():
            if name in SEALED_ADDRESS_FIELDS:
                setattr(address, name, value)
    location.sealed_content = location.sealed_key = None
    location.sealed_for = None
