"""Load and validate the rights catalogue (the YAML files in ./catalogue).

One file per instrument (`<instrument>.yaml`), one file of situation notes (`_notes.yaml`) and one
file per content language of translations (`translations/<lang>.yaml`). Each file is validated
against its JSON Schema, then checked across files (unique ids, duty texts that match the duty
holders, translations that point at real entries). Every problem names its file and entry.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from pathlib import Path

import yaml
from jsonschema import Draft202012Validator

from harbour.rights.vocabulary import CONTENT_LANGUAGES, EU_GROUP, EU_MEMBER_STATES, JURISDICTIONS

CATALOGUE_DIR = Path(__file__).resolve().parent / "catalogue"
NOTES_FILE = "_notes.yaml"


class CatalogueInvalid(Exception):
    """The catalogue has problems; `problems` lists each as 'file: entry: message'."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("\n".join(problems))


@dataclass(frozen=True)
class Text:
    language: str
    review: str
    title: str
    summary: str
    duties: dict[str, str]


@dataclass(frozen=True)
class NoteText:
    language: str
    review: str
    text: str


@dataclass(frozen=True)
class Instrument:
    id: str
    short_name: str
    official_title: str
    source_url: str
    name: str
    about: str
    review: str
    verify: str | None
    file: str
    jurisdictions: dict[str, dict]
    notes: dict[str, str]


@dataclass(frozen=True)
class Checked:
    """What an editor compared the entry with: `source` (instrument and provision), its official
    `url`, `via` (what was actually read) and `date` (ISO 8601)."""

    date: date
    source: str
    url: str
    via: str


@dataclass(frozen=True)
class Entry:
    id: str
    instrument: Instrument
    article: str
    official_title: str
    source_url: str
    group: str
    stages: tuple[str, ...]
    circumstances: tuple[str, ...]
    requires: tuple[str, ...]
    duty_holders: tuple[str, ...]
    obligation: str  # duty, power, entitlement or discretion (vocabulary.OBLIGATIONS)
    checked: Checked
    jurisdictions: dict[str, dict]  # code -> {"status", "note"?}, already expanded and merged
    verify: str | None
    link: str | None = None  # "services": the result page adds a link to the directory
    texts: dict[str, Text] = field(default_factory=dict)

    def text(self, language: str) -> Text:
        """The text in `language`, or the English text when there is none."""
        return self.texts.get(language) or self.texts["en"]


@dataclass(frozen=True)
class SituationNote:
    id: str
    jurisdictions: tuple[str, ...]
    circumstances: tuple[str, ...]
    stages: tuple[str, ...]
    link: str | None
    texts: dict[str, NoteText]


@dataclass(frozen=True)
class Catalogue:
    instruments: dict[str, Instrument]
    entries: dict[str, Entry]
    situation_notes: tuple[SituationNote, ...]
    instrument_note_texts: dict[str, dict[str, NoteText]]  # "<instrument>/<note>" -> language -> text

    def entries_of(self, instrument_id: str) -> list[Entry]:
        return [e for e in self.entries.values() if e.instrument.id == instrument_id]


def _schema(name: str) -> Draft202012Validator:
    with (CATALOGUE_DIR / name).open(encoding="utf-8") as handle:
        return Draft202012Validator(json.load(handle))


def _read_yaml(path: Path, problems: list[str]):
    try:
        with path.open(encoding="utf-8") as handle:
            return yaml.safe_load(handle)
    except yaml.YAMLError as error:
        problems.append(f"{path.name}: not valid YAML: {error}".replace("\n", " "))
        return None


def _where(data, error) -> str:
    """Name the entry a schema error is in, by its id when it has one."""
    parts = list(error.absolute_path)
    if len(parts) >= 2 and parts[0] == "entries" and isinstance(parts[1], int):
        try:
            entry_id = data["entries"][parts[1]].get("id")
        except (AttributeError, IndexError, KeyError, TypeError):
            entry_id = None
        label = f"entry {entry_id}" if entry_id else f"entry #{parts[1] + 1}"
        rest = "/".join(str(p) for p in parts[2:])
        return f"{label}{': ' + rest if rest else ''}"
    if parts and parts[0] == "entries" and len(parts) >= 2:
        return f"entry {parts[1]}" + (": " + "/".join(str(p) for p in parts[2:]) if parts[2:] else "")
    return "/".join(str(p) for p in parts) or "(top)"


def _schema_problems(validator, data, file_name: str) -> list[str]:
    return [f"{file_name}: {_where(data, e)}: {e.message}"
            for e in sorted(validator.iter_errors(data), key=lambda e: list(map(str, e.absolute_path)))]


def _expand(jurisdictions: dict) -> dict[str, dict]:
    """Expand the EU shorthand; explicit codes win over it."""
    expanded = {}
    if EU_GROUP in jurisdictions:
        for code in EU_MEMBER_STATES:
            expanded[code] = dict(jurisdictions[EU_GROUP])
    for code, value in jurisdictions.items():
        if code != EU_GROUP:
            expanded[code] = dict(value)
    return expanded


def _declared_ids(data) -> set[str]:
    """Entry ids and "instrument/note" keys a (possibly invalid) instrument file declares."""
    ids: set[str] = set()
    if not isinstance(data, dict):
        return ids
    head = data.get("instrument") if isinstance(data.get("instrument"), dict) else {}
    for raw in data.get("entries") or []:
        if isinstance(raw, dict) and isinstance(raw.get("id"), str):
            ids.add(raw["id"])
    if isinstance(head.get("id"), str) and isinstance(head.get("notes"), dict):
        ids.update(f"{head['id']}/{key}" for key in head["notes"])
    return ids


def load_catalogue(directory: Path = CATALOGUE_DIR) -> Catalogue:
    """Read and check every file; raise CatalogueInvalid listing every problem found."""
    problems: list[str] = []
    instrument_schema = _schema("schema.json")
    translation_schema = _schema("translations.schema.json")
    notes_schema = _schema("notes.schema.json")

    instruments: dict[str, Instrument] = {}
    entries: dict[str, Entry] = {}
    entry_files: dict[str, str] = {}
    instrument_note_texts: dict[str, dict[str, NoteText]] = {}
    # Ids declared in instrument files that failed their schema: their problem is reported
    # once, so translations of them are not reported again as "no such entry/note".
    unchecked: set[str] = set()
    # An instrument file that is not even YAML declares nothing we can read: translations are
    # then not checked against the entries, rather than reported once per translated entry.
    unreadable = False

    files = sorted(p for p in directory.glob("*.yaml") if p.name != NOTES_FILE)
    if not files:
        problems.append(f"{directory}: no instrument files")
    for path in files:
        data = _read_yaml(path, problems)
        if data is None:
            unreadable = True
            continue
        found = _schema_problems(instrument_schema, data, path.name)
        if found:
            problems += found
            unchecked.update(_declared_ids(data))
            continue
        head = data["instrument"]
        bad_codes = [c for c in head["jurisdictions"] if c != EU_GROUP and c not in JURISDICTIONS]
        problems += [f"{path.name}: instrument: unknown jurisdiction {c}" for c in bad_codes]
        notes = head.get("notes", {})
        for code, value in head["jurisdictions"].items():
            if value.get("note") and value["note"] not in notes:
                problems.append(f"{path.name}: instrument: jurisdiction {code} names note "
                                f"{value['note']} which the instrument does not define")
        if head["id"] in instruments:
            problems.append(f"{path.name}: instrument: id {head['id']} is also used by "
                            f"{instruments[head['id']].file}")
            continue
        en = head["text"]["en"]
        instrument = Instrument(
            id=head["id"], short_name=head["short_name"], official_title=head["official_title"],
            source_url=head["source_url"], name=en["name"], about=en["about"], review=en["review"],
            verify=head.get("verify"), file=path.name, jurisdictions=_expand(head["jurisdictions"]),
            notes=notes,
        )
        instruments[instrument.id] = instrument
        for note_id, text in notes.items():
            instrument_note_texts[f"{instrument.id}/{note_id}"] = {
                "en": NoteText(language="en", review=en["review"], text=text)}
        for raw in data["entries"]:
            entry_id = raw["id"]
            where = f"{path.name}: entry {entry_id}"
            if entry_id in entry_files:
                problems.append(f"{where}: id is also used in {entry_files[entry_id]}")
                continue
            entry_files[entry_id] = path.name
            own = raw.get("jurisdictions", {})
            bad = [c for c in own if c != EU_GROUP and c not in JURISDICTIONS]
            problems += [f"{where}: unknown jurisdiction {c}" for c in bad]
            for code, value in own.items():
                if value.get("note") and value["note"] not in notes:
                    problems.append(f"{where}: jurisdiction {code} names note {value['note']} "
                                    "which the instrument does not define")
            texts = {}
            for language, text in raw["text"].items():
                if set(text["duties"]) != set(raw["duty_holders"]):
                    problems.append(f"{where}: text {language}: duties must name exactly the duty "
                                    f"holders {sorted(raw['duty_holders'])}")
                texts[language] = Text(language=language, review=text["review"], title=text["title"],
                                       summary=text["summary"], duties=dict(text["duties"]))
            try:
                checked_on = date.fromisoformat(raw["checked"]["date"])
            except ValueError:
                problems.append(f"{where}: checked date {raw['checked']['date']} is not a real date")
                checked_on = date.min
            if checked_on > date.today():
                problems.append(f"{where}: checked date {checked_on} is in the future")
            entries[entry_id] = Entry(
                id=entry_id, instrument=instrument, article=str(raw["article"]),
                official_title=raw["official_title"], source_url=raw["source_url"],
                group=raw["group"], stages=tuple(raw["stages"]),
                circumstances=tuple(raw.get("circumstances", ())),
                requires=tuple(raw.get("requires", ())), duty_holders=tuple(raw["duty_holders"]),
                obligation=raw["obligation"],
                checked=Checked(date=checked_on, source=raw["checked"]["source"],
                                url=raw["checked"]["url"], via=raw["checked"]["via"]),
                jurisdictions={**instrument.jurisdictions, **_expand(own)},
                verify=raw.get("verify"), link=raw.get("link"), texts=texts,
            )

    situation_notes: list[SituationNote] = []
    notes_path = directory / NOTES_FILE
    if notes_path.exists():
        data = _read_yaml(notes_path, problems)
        if data is not None:
            found = _schema_problems(notes_schema, data, notes_path.name)
            problems += found
            if not found:
                seen = set()
                for raw in data["notes"]:
                    if raw["id"] in seen:
                        problems.append(f"{NOTES_FILE}: note {raw['id']}: id is used twice")
                    seen.add(raw["id"])
                    when = raw["when"]
                    codes = []
                    for code in when.get("jurisdictions", ()):
                        codes += list(EU_MEMBER_STATES) if code == EU_GROUP else [code]
                    en = raw["text"]["en"]
                    situation_notes.append(SituationNote(
                        id=raw["id"], jurisdictions=tuple(codes),
                        circumstances=tuple(when.get("circumstances", ())),
                        stages=tuple(when.get("stages", ())), link=raw.get("link"),
                        texts={"en": NoteText(language="en", review=en["review"], text=en["text"])},
                    ))
    notes_by_id = {n.id: n for n in situation_notes}

    for path in sorted((directory / "translations").glob("*.yaml")):
        data = _read_yaml(path, problems)
        if data is None:
            continue
        found = _schema_problems(translation_schema, data, f"translations/{path.name}")
        if found:
            problems += found
            continue
        language = data["language"]
        if path.stem != language:
            problems.append(f"translations/{path.name}: language {language} does not match the file name")
        for entry_id, text in data["entries"].items():
            where = f"translations/{path.name}: entry {entry_id}"
            entry = entries.get(entry_id)
            if entry is None:
                if not unreadable and entry_id not in unchecked:
                    problems.append(f"{where}: no such entry in the catalogue")
                continue
            if language in entry.texts:
                problems.append(f"{where}: a {language} text is also given in {entry_files[entry_id]}")
                continue
            if set(text["duties"]) != set(entry.duty_holders):
                problems.append(f"{where}: duties must name exactly the duty holders "
                                f"{sorted(entry.duty_holders)}")
                continue
            entry.texts[language] = Text(language=language, review=text["review"], title=text["title"],
                                         summary=text["summary"], duties=dict(text["duties"]))
        for note_key, text in data.get("notes", {}).items():
            where = f"translations/{path.name}: note {note_key}"
            note_text = NoteText(language=language, review=text["review"], text=text["text"])
            if note_key in notes_by_id:
                notes_by_id[note_key].texts[language] = note_text
            elif note_key in instrument_note_texts:
                instrument_note_texts[note_key][language] = note_text
            elif not unreadable and note_key not in unchecked:
                problems.append(f"{where}: no such note in the catalogue")

    for entry in entries.values():
        for language in entry.texts:
            if language not in CONTENT_LANGUAGES:
                problems.append(f"{entry_files[entry.id]}: entry {entry.id}: unknown language {language}")

    if problems:
        raise CatalogueInvalid(problems)
    return Catalogue(instruments=instruments, entries=entries, situation_notes=tuple(situation_notes),
                     instrument_note_texts=instrument_note_texts)


@lru_cache(maxsize=1)
def get_catalogue() -> Catalogue:
    """The catalogue for this process: the files are part of the release, so load them once."""
    return load_catalogue()
