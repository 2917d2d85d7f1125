"""Non-collection (F1): the words that must never name a field, and scanners that look
for them in models, forms and the OpenAPI document.

Harbour may record that she *wants immigration advice* (a need). It never asks for her
status, nationality, visa, passport, Home Office reference, NI number or country of birth.
Terms are matched on text with accents removed and case folded; field names have their
underscores turned into spaces first.
"""

import re
import unicodedata
from collections.abc import Iterable, Iterator

DENYLIST = {
    "en": [
        r"immigration\s+status", r"residen(ce|cy)\s+(status|permit|card)", r"migration\s+status",
        r"right\s+to\s+remain", r"leave\s+to\s+remain", r"asylum\s+status",
        r"nationality", r"nationalities", r"citizenship", r"\bvisas?\b", r"permit\s+type",
        r"\bpassports?\b", r"home\s+office", r"\bho\s+ref", r"\bukvi\b", r"\bbrp\b",
        r"biometric\s+residence", r"\bni\s+(number|no)\b", r"national\s+insurance", r"\bnino\b",
        r"country\s+of\s+birth", r"birth\s+country", r"place\s+of\s+birth", r"country\s+of\s+origin",
    ],
    "es": [
        r"situacion\s+(migratoria|administrativa)", r"estatus\s+migratorio", r"estado\s+migratorio",
        r"permiso\s+de\s+residencia", r"tarjeta\s+de\s+residencia", r"nacionalidad", r"\bvisados?\b",
        r"pasaportes?", r"\bnie\b", r"numero\s+de\s+la\s+seguridad\s+social", r"pais\s+de\s+nacimiento",
        r"lugar\s+de\s+nacimiento", r"pais\s+de\s+origen",
    ],
    "fr": [
        r"statut\s+(migratoire|d.immigration|administratif)", r"situation\s+administrative",
        r"titre\s+de\s+sejour", r"carte\s+de\s+sejour", r"nationalite", r"passeports?",
        r"numero\s+de\s+securite\s+sociale", r"pays\s+de\s+naissance", r"lieu\s+de\s+naissance",
        r"pays\s+d.origine",
    ],
    "ar": [
        r"وضع\s*الهجرة", r"تصريح\s*(ال)?إقامة", r"تصريح\s*(ال)?اقامة", r"الجنسية",
        r"جنسية", r"تأشيرة", r"تاشيرة", r"جواز\s*(ال)?سفر", r"بلد\s*الميلاد", r"مكان\s*الولادة",
        r"وزارة\s*الداخلية",
    ],
    "fa": [
        r"وضعیت\s*اقامت", r"وضعیت\s*مهاجرت", r"اجازه\s*اقامت", r"ملیت", r"تابعیت", r"ویزا",
        r"روادید", r"گذرنامه", r"پاسپورت", r"کشور\s*(محل\s*)?تولد", r"محل\s*تولد",
    ],
}
_PATTERN = re.compile("|".join(f"(?:{term})" for terms in DENYLIST.values() for term in terms), re.IGNORECASE)

# Phrases that describe what a *service* promises, never a datum about a woman: the
# directory's claim "serves women regardless of immigration status" and its like. They are
# removed before matching, and only as whole phrases, so "immigration status" on its own,
# or any field that would hold it, is still caught.
SERVICE_PROMISES = [
    r"(?:regardless\s+of|whatever)\s+(?:her\s+|their\s+|your\s+)?immigration\s+status",
    r"(?:does\s+not|doesn.t|never)\s+check(?:s)?\s+(?:her\s+|their\s+|your\s+)?immigration\s+status",
]
_PROMISE = re.compile("|".join(f"(?:{phrase})" for phrase in SERVICE_PROMISES), re.IGNORECASE)


def _flagged(text: str) -> bool:
    return bool(_PATTERN.search(_PROMISE.sub(" ", normalise(text))))


def normalise(text: str) -> str:
    text = str(text).replace("_", " ").replace("-", " ")
    # Split camelCase so "passportNumber" is seen as "passport Number".
    text = re.sub(r"(?<=[a-z])(?=[A-Z])", " ", text)
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()


def hits(texts: Iterable[str]) -> list[str]:
    return sorted({t for t in texts if t and _flagged(t)})


def _choice_texts(choices) -> Iterator[str]:
    for value, label in choices or ():
        if isinstance(label, list | tuple):
            yield from _choice_texts(label)
        else:
            yield str(value)
            yield str(label)


def model_texts(models) -> Iterator[tuple[str, str]]:
    """(where, text) for every model, field name, verbose name, help text and choice."""
    for model in models:
        where = f"{model._meta.label}"
        yield where, model.__name__
        yield where, str(model._meta.verbose_name)
        for field in model._meta.get_fields():
            at = f"{where}.{field.name}"
            yield at, field.name
            for attr in ("verbose_name", "help_text", "db_column"):
                value = getattr(field, attr, None)
                if value:
                    yield at, str(value)
            yield from ((at, text) for text in _choice_texts(getattr(field, "choices", None)))


def form_texts(form_classes) -> Iterator[tuple[str, str]]:
    for form_class in form_classes:
        where = f"{form_class.__module__}.{form_class.__name__}"
        for name, field in getattr(form_class, "base_fields", {}).items():
            at = f"{where}.{name}"
            yield at, name
            for attr in ("label", "help_text"):
                value = getattr(field, attr, None)
                if value:
                    yield at, str(value)
            choices = getattr(field, "choices", None)
            if isinstance(choices, list | tuple):
                yield from ((at, text) for text in _choice_texts(choices))


def schema_texts(document, where: str = "$") -> Iterator[tuple[str, str]]:
    """Every key and string value of a JSON document (an OpenAPI schema)."""
    if isinstance(document, dict):
        for key, value in document.items():
            yield f"{where}.{key}", str(key)
            yield from schema_texts(value, f"{where}.{key}")
    elif isinstance(document, list):
        for index, value in enumerate(document):
            yield from schema_texts(value, f"{where}[{index}]")
    elif isinstance(document, str):
        yield where, document


def violations(pairs: Iterable[tuple[str, str]]) -> list[str]:
    return sorted({f"{where}: {text!r}" for where, text in pairs if _flagged(text)})
