"""Reads of the catalogue for the trainers' pages."""

from harbour.rights.catalogue import Instrument, get_catalogue
from harbour.rights.vocabulary import (
    CIRCUMSTANCES,
    CONTENT_LANGUAGES,
    DUTY_HOLDERS,
    JURISDICTIONS,
    OBLIGATIONS,
    STAGES,
    STATUSES,
)


def instrument_list() -> list[Instrument]:
    catalogue = get_catalogue()
    return sorted(catalogue.instruments.values(), key=lambda i: (i.id.startswith("gb-"), i.id))


def _places(codes: list[str]) -> list:
    return [JURISDICTIONS[code] for code in codes]


def instrument_detail(instrument_id: str) -> tuple[Instrument, list[dict]] | None:
    """The instrument and its entries as a trainer's page shows them, or None when unknown.

    Each row gives the English entry and, in words a person reads (labels that gettext renders in
    the page's language, never internal codes): duties as (holder label, English text), stages,
    circumstances, the places under each status as (status label, [place names]), places still
    to verify as (note, [place names]), the kind of obligation, the check (catalogue.Checked) and
    the content languages as (code, name in that language).
    """
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
        text = entry.texts["en"]
        rows.append({
            "entry": entry, "text": text,
            "duties": [(DUTY_HOLDERS[holder], text.duties[holder]) for holder in entry.duty_holders],
            "stages": [STAGES[s] for s in entry.stages],
            "circumstances": [CIRCUMSTANCES[c] for c in entry.circumstances],
            "requires": [CIRCUMSTANCES[c] for c in entry.requires],
            "by_status": [(STATUSES[status], _places(codes)) for status, codes in by_status.items()],
            "unverified": [(note, _places(codes)) for note, codes in unverified.items()],
            "obligation": OBLIGATIONS[entry.obligation],
            "checked": entry.checked,
            "languages": [(code, CONTENT_LANGUAGES[code]) for code in sorted(entry.texts)],
        })
    return instrument, rows
