"""An offline list of UK and European cities and towns, so she can search by distance without
her place ever leaving Harbour (no geocoding service, nothing stored or logged).

data/places.csv was written for Harbour from general knowledge of where these cities are
(city-centre coordinates, to about a kilometre); names include common spellings in other
languages and scripts.
"""

import csv
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from harbour.directory.text import normalise

PLACES_CSV = Path(__file__).resolve().parent / "data" / "places.csv"


@dataclass(frozen=True)
class Place:
    key: str
    name: str
    country: str
    latitude: float
    longitude: float


@cache
def places() -> tuple[Place, ...]:
    with PLACES_CSV.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    return tuple(
        Place(key=f"{row['country'].lower()}-{normalise(row['name']).replace(' ', '-')}",
              name=row["name"], country=row["country"], latitude=float(row["latitude"]),
              longitude=float(row["longitude"]))
        for row in rows
    )


@cache
def _by_name() -> dict[str, Place]:
    index = {}
    with PLACES_CSV.open(encoding="utf-8", newline="") as handle:
        for row, place in zip(csv.DictReader(handle), places(), strict=True):
            for name in [row["name"], *filter(None, row["aliases"].split("|"))]:
                index.setdefault(" ".join(normalise(name).replace("-", " ").split()), place)
    return index


def by_key(key: str) -> Place | None:
    return next((p for p in places() if p.key == key), None)


def find(text: str) -> Place | None:
    """The place she typed, by any of its names, ignoring case, accents and punctuation."""
    wanted = " ".join(normalise(text or "").replace("-", " ").replace(",", " ").split())
    if not wanted:
        return None
    return _by_name().get(wanted)
