"""The rights engine: which rights a woman has, for where it happened, how far the case has gone,
her circumstances and her language. Pure Python over the cached catalogue; no HTTP, no database,
nothing stored.
"""

from __future__ import annotations

from dataclasses import dataclass

from harbour.rights.catalogue import Catalogue, Entry, get_catalogue
from harbour.rights.vocabulary import (
    CIRCUMSTANCES,
    CONTENT_LANGUAGES,
    GROUPS,
    JURISDICTIONS,
    SHOWN_STATUSES,
    STAGES,
    canonical_jurisdiction,
)


class UnknownValue(ValueError):
    """A value the engine does not know; `valid` lists the ones it does."""

    def __init__(self, field: str, value: str, valid: list[str]):
        self.field, self.value, self.valid = field, value, valid
        super().__init__(f"unknown {field} {value!r}")


@dataclass(frozen=True)
class Right:
    id: str
    instrument_id: str
    instrument: str
    article: str
    official_title: str
    title: str
    summary: str
    duties: tuple[tuple[str, str], ...]  # (duty holder code, what it does for her)
    obligation: str  # duty, power, entitlement or discretion
    stages: tuple[str, ...]
    circumstances: tuple[str, ...]
    group: str
    status: str
    source_url: str
    language: str
    review_state: str
    verify: str | None
    relevant: bool  # one of her circumstances brings this right in or changes it
    checked_on: str = ""  # ISO date the entry was last checked against its source
    link: str | None = None


@dataclass(frozen=True)
class Note:
    id: str
    text: str
    language: str
    review_state: str
    link: str | None = None


@dataclass(frozen=True)
class Result:
    jurisdiction: str
    stages: tuple[str, ...]
    circumstances: tuple[str, ...]
    language: str
    rights: tuple[Right, ...]
    notes: tuple[Note, ...]

    def groups(self) -> list[tuple[str, list[Right]]]:
        """The rights by what she can do, in the fixed order of GROUPS, empty groups left out."""
        return [(g, [r for r in self.rights if r.group == g]) for g in GROUPS
                if any(r.group == g for r in self.rights)]


def validate(*, jurisdiction: str, stage, circumstances, language: str):
    """Check each value against the vocabulary; return them canonical, or raise UnknownValue."""
    code = canonical_jurisdiction(jurisdiction)
    if code not in JURISDICTIONS:
        raise UnknownValue("jurisdiction", jurisdiction, list(JURISDICTIONS))
    stages = (stage,) if isinstance(stage, str) else tuple(stage or ())
    for one in stages:
        if one and one not in STAGES:
            raise UnknownValue("stage", one, list(STAGES))
    stages = tuple(s for s in STAGES if s in stages)
    for circumstance in circumstances:
        if circumstance not in CIRCUMSTANCES:
            raise UnknownValue("circumstance", circumstance, list(CIRCUMSTANCES))
    if language not in CONTENT_LANGUAGES:
        raise UnknownValue("lang", language, list(CONTENT_LANGUAGES))
    ordered = tuple(c for c in CIRCUMSTANCES if c in set(circumstances))
    return code, stages, ordered, language


def _applies(entry: Entry, stages: tuple[str, ...], circumstances: tuple[str, ...]) -> bool:
    stage_ok = not stages or bool(set(stages) & set(entry.stages))
    needs_ok = set(entry.requires) <= set(circumstances)
    return stage_ok and needs_ok


def _note(catalogue: Catalogue, key: str, language: str, link: str | None = None) -> Note:
    texts = catalogue.instrument_note_texts.get(key) or {}
    text = texts.get(language) or texts["en"]
    return Note(id=key, text=text.text, language=text.language, review_state=text.review, link=link)


def find_rights(*, jurisdiction: str, stage: str | tuple[str, ...] | None = None, circumstances=(),
                language: str = "en",
                catalogue: Catalogue | None = None) -> Result:
    """The rights that apply, with notes on what does not bind here and what to know first.

    An entry is shown when it binds in the jurisdiction (any status but "not_binding"), covers the
    stage (or one of several stages; every stage when none is given), and, if it is only for some circumstances (`requires`),
    when she has one of them. A "not_binding" status gives the instrument's note instead.
    """
    catalogue = catalogue or get_catalogue()
    code, stages, circumstances, language = validate(
        jurisdiction=jurisdiction, stage=stage, circumstances=circumstances, language=language)

    rights: list[Right] = []
    note_keys: list[str] = []
    for entry in catalogue.entries.values():
        where = entry.jurisdictions.get(code)
        if where is None:
            continue
        if where.get("note"):
            key = f"{entry.instrument.id}/{where['note']}"
            if key not in note_keys and (where["status"] == "not_binding" or _applies(entry, stages, circumstances)):
                note_keys.append(key)
        if where["status"] not in SHOWN_STATUSES or not _applies(entry, stages, circumstances):
            continue
        text = entry.text(language)
        rights.append(Right(
            id=entry.id, instrument_id=entry.instrument.id, instrument=entry.instrument.short_name,
            article=entry.article, official_title=entry.official_title, title=text.title,
            summary=text.summary,
            duties=tuple((holder, text.duties[holder]) for holder in entry.duty_holders),
            obligation=entry.obligation, checked_on=entry.checked.date.isoformat(), link=entry.link,
            stages=entry.stages, circumstances=entry.circumstances, group=entry.group,
            status=where["status"], source_url=entry.source_url, language=text.language,
            review_state=text.review, verify=where.get("verify") or entry.verify or entry.instrument.verify,
            relevant=bool(set(entry.circumstances) & set(circumstances)),
        ))
    # Within a group: rights her circumstances bring in first, then rights in force before those
    # that are not yet (or not fully) law, keeping catalogue order otherwise.
    status_rank = {s: i for i, s in enumerate(SHOWN_STATUSES)}
    group_rank = {g: i for i, g in enumerate(GROUPS)}
    rights.sort(key=lambda r: (group_rank[r.group], not r.relevant, status_rank[r.status]))

    # Situation notes (danger, immigration) come first; then what does not bind here, and why.
    notes = []
    for situation in catalogue.situation_notes:
        if situation.jurisdictions and code not in situation.jurisdictions:
            continue
        if situation.circumstances and not set(situation.circumstances) & set(circumstances):
            continue
        if situation.stages and not set(situation.stages) & set(stages):
            continue
        text = situation.texts.get(language) or situation.texts["en"]
        notes.append(Note(id=situation.id, text=text.text, language=text.language,
                          review_state=text.review, link=situation.link))
    notes += [_note(catalogue, key, language) for key in note_keys]
    return Result(jurisdiction=code, stages=stages, circumstances=circumstances, language=language,
                  rights=tuple(rights), notes=tuple(notes))
