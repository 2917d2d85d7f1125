"""Reads of the catalogue for the trainers' pages."""

from harbour.rights.catalogue import Instrument, get_catalogue
from harbour.rights.vocabulary import JURISDICTIONS


def instrument_list() -> list[Instrument]:
    catalogue = get_catalogue()
    return sorted(catalogue.instruments.values(), key=lambda i: (i.id.startswith("gb-"), i.id))


def instrument_detail(instrument_id: str) -> tuple[Instrument, list[dict]] | None:
    """The instrument and its entries, each with its status per jurisdiction, grouped by status."""
    catalogue = get_catalogue()
    instrument = catalogue.instruments.get(instrument_id)
    if instrument is None:
        return None
    rows = []
    for entry in catalogue.entries_of(instrument_id):
        by_status: dict[str, list[str]] = {}
        unverified: dict[str, list[str]] = {}
        for code in JURISDICTIONS:
            where = entry.jurisdictions.get(code)
            if where:
                by_status.setdefault(where["status"], []).append(code)
                if where.get("verify"):
                    unverified.setdefault(where["verify"], []).append(code)
        rows.append({"entry": entry, "text": entry.texts["en"], "by_status": by_status,
                     "unverified": unverified, "languages": sorted(entry.texts)})
    return instrument, rows
