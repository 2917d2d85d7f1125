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
        r"right\s+to\s+(remain|stay|reside|live\s+in)", r"leave\s+to\s+(remain|enter)", r"asylum",
        r"\brefugees?\b", r"undocumented", r"(pre\s*)?settled\s+status", r"\beuss\b",
        r"legal\s+status", r"overstay(ed|er|ers|ing)?\b", r"sans\s+papiers", r"stateless",
        r"(irregular|illegal)\s+(migrant|immigrant|status|entry)", r"humanitarian\s+protection",
        r"nationality", r"nationalities", r"citizenship", r"\bvisas?\b", r"permit\s+type",
        r"\bpassports?\b", r"home\s+office", r"\bho\s+ref", r"\bukvi\b", r"\bbrp\b",
        r"biometric\s+residence", r"\bni\s+(number|no)\b", r"national\s+insurance", r"\bnino\b",
        r"country\s+of\s+birth", r"birth\s+country", r"place\s+of\s+birth", r"country\s+of\s+origin",
    ],
    "es": [
        r"situacion\s+(migratoria|administrativa|irregular|legal)", r"estatus\s+migratorio",
        r"estado\s+migratorio", r"permiso\s+de\s+residencia", r"tarjeta\s+de\s+residencia",
        r"nacionalidad", r"\bvisados?\b", r"pasaportes?", r"\bnie\b", r"numero\s+de\s+la\s+seguridad\s+social",
        r"pais\s+de\s+nacimiento", r"lugar\s+de\s+nacimiento", r"pais\s+de\s+origen", r"\basilo\b",
        r"refugiad[oa]s?", r"indocumentad[oa]s?", r"sin\s+papeles", r"\bpapeles\b",
        r"proteccion\s+internacional", r"estatus\s+legal", r"arraigo",
    ],
    "fr": [
        r"statut\s+(migratoire|d.immigration|administratif|de\s+refugie|legal)", r"situation\s+administrative",
        r"titre\s+de\s+sejour", r"carte\s+de\s+sejour", r"nationalite", r"passeports?",
        r"numero\s+de\s+securite\s+sociale", r"pays\s+de\s+naissance", r"lieu\s+de\s+naissance",
        r"pays\s+d.origine", r"\basile\b", r"refugiee?s?\b", r"sans\s+papiers", r"demandeu(r|se)\s+d.asile",
        r"situation\s+irreguliere",
    ],
    "ar": [
        r"وضع\s*الهجرة", r"تصريح\s*(ال)?إقامة", r"تصريح\s*(ال)?اقامة", r"الجنسية",
        r"جنسية", r"تأشيرة", r"تاشيرة", r"جواز\s*(ال)?سفر", r"بلد\s*الميلاد", r"مكان\s*الولادة",
        r"وزارة\s*الداخلية", r"لجوء", r"لاجئ", r"بدون\s*(أوراق|وثائق)", r"غير\s*موثق",
        r"الوضع\s*القانوني", r"حق\s*البقاء", r"حق\s*الإقامة", r"إقامة\s*(غير\s*)?(قانونية|نظامية)",
    ],
    "fa": [
        r"وضعیت\s*اقامت", r"وضعیت\s*مهاجرت", r"اجازه\s*اقامت", r"ملیت", r"تابعیت", r"ویزا",
        r"روادید", r"گذرنامه", r"پاسپورت", r"کشور\s*(محل\s*)?تولد", r"محل\s*تولد", r"پناهندگی",
        r"پناهنده", r"پناهجو", r"بدون\s*مدرک", r"وضعیت\s*حقوقی", r"اقامت\s*(غیر\s*)?قانونی",
    ],
    "uk": [
        r"міграційн\w*\s+статус", r"посвідк\w*\s+на\s+проживання", r"громадянств", r"національн\w*ст",
        r"паспорт", r"\bвіз[аиуою]?\b", r"біжен(ець|ка|ки|ці|цем|кою)", r"статус\w*\s+біженц",
        r"шукач\w*\s+притулку", r"політичн\w*\s+притул", r"тимчасов\w*\s+захист", r"без\s+документів",
        r"країн\w*\s+народження", r"місц\w*\s+народження", r"прав\w*\s+на\s+перебування",
    ],
}


def _strip_marks(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


# Terms get the same treatment as the text they are matched against (marks removed), so a
# term written with its accents or hamza still matches.
_PATTERN = re.compile("|".join(f"(?:{_strip_marks(term)})" for terms in DENYLIST.values() for term in terms),
                      re.IGNORECASE)

# Phrases that describe what a *service* promises, never a datum about a woman: the
# directory's claim "serves women regardless of immigration status" and its like. They are
# removed before matching, and only as whole phrases, so "immigration status" on its own,
# or any field that would hold it, is still caught.
SERVICE_PROMISES = [
    r"(?:regardless\s+of|whatever)\s+(?:her\s+|their\s+|your\s+)?immigration\s+status",
    r"(?:does\s+not|doesn.t|never)\s+check(?:s)?\s+(?:her\s+|their\s+|your\s+)?immigration\s+status",
]
_PROMISE = re.compile("|".join(f"(?:{phrase})" for phrase in SERVICE_PROMISES), re.IGNORECASE)


# Locations whose text matches a term but holds a datum about an organisation, never about
# a woman; each exact location with its reason.
NOT_ABOUT_HER = {
    "directory.Organization.legal_status":
        "HSDS 3.0 organization.legal_status: the organisation's legal form (charity, company)",
    "harbour.training.forms.CourseForm.rights_entries":
        "the rights catalogue's entry titles (the law a course teaches, e.g. Istanbul Convention "
        "Article 59), chosen by staff; the course stores entry ids, never anything about a woman",
}

# Forms that ask about her situation only to choose what the next page tells her, and then
# discard the answer: it travels by POST from page to page and is never stored, logged or
# put in a URL (docs/threat-model.md, "What the rights interview may ask";
# tests/rights/test_pages.py compares every table and log before and after the interview).
# No model, stored form, JSON column or API schema may hold such an answer.
ASKED_NOT_STORED = {"harbour.rights.interview.AnswersForm"}


# Everyday words of an interface language that spell a denylisted acronym: Polish "nie" ("no",
# "not") is the Spanish NIE. Removed before matching only while that language is active; the
# same scan in English and Spanish still catches a field that would hold an NIE.
COMMON_WORDS = {"pl": [r"\bnie\b"]}


def _flagged(text: str) -> bool:
    from django.utils.translation import get_language

    cleaned = _PROMISE.sub(" ", normalise(text))
    for word in COMMON_WORDS.get((get_language() or "").split("-")[0], ()):
        cleaned = re.sub(word, " ", cleaned)
    return bool(_PATTERN.search(cleaned))


def normalise(text: str) -> str:
    text = str(text).replace("_", " ").replace("-", " ")
    # Split camelCase so "passportNumber" is seen as "passport Number".
    text = re.sub(r"(?<=[a-z])(?=[A-Z])", " ", text)
    return _strip_marks(text).casefold()


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


def form_texts(forms) -> Iterator[tuple[str, str]]:
    """(where, text) for every field of form classes (their declared fields) or of form
    instances (fields as `__init__` left them): name, label, help text, choice values and
    labels."""
    for form in forms:
        form_class = form if isinstance(form, type) else type(form)
        where = f"{form_class.__module__}.{form_class.__name__}"
        fields = form.base_fields if isinstance(form, type) else form.fields
        for name, field in fields.items():
            at = f"{where}.{name}"
            yield at, name
            for attr in ("label", "help_text"):
                value = getattr(field, attr, None)
                if value:
                    yield at, str(value)
            choices = getattr(field, "choices", None)
            if isinstance(choices, list | tuple):
                yield from ((at, text) for text in _choice_texts(choices))
            widget_choices = getattr(getattr(field, "widget", None), "choices", None)
            if isinstance(widget_choices, list | tuple) and widget_choices is not choices:
                yield from ((at, text) for text in _choice_texts(widget_choices))


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
    """"where: 'text'" for every text that names a forbidden datum, except at the exact
    locations of NOT_ABOUT_HER."""
    return sorted({f"{where}: {text!r}" for where, text in pairs
                   if where not in NOT_ABOUT_HER and _flagged(text)})


class NonCollectionError(ValueError):
    """Something about to be stored names a datum Harbour never collects (F1)."""


def json_key_violations(value, where: str = "$") -> list[str]:
    """Every key, at any depth of a JSON-like value (dicts and lists), that names a
    forbidden datum: ["$.a.immigration_status", …]."""
    found = []
    if isinstance(value, dict):
        for key, inner in value.items():
            if _flagged(str(key)):
                found.append(f"{where}.{key}")
            found += json_key_violations(inner, f"{where}.{key}")
    elif isinstance(value, list | tuple):
        for index, inner in enumerate(value):
            found += json_key_violations(inner, f"{where}[{index}]")
    return found


def refuse_forbidden_keys(value, *, where: str) -> None:
    """The write boundary's check (F1): raise NonCollectionError if any key of `value` (a
    payload about to be sealed, or a JSON column about to be saved) names a forbidden datum."""
    found = json_key_violations(value)
    if found:
        raise NonCollectionError(f"{where} would store a datum Harbour never collects: {found}")


def check_json_columns(sender, instance, **kwargs) -> None:
    """pre_save receiver for every model: no JSON column is saved with a forbidden key.
    (QuerySet.update and bulk_create bypass signals; sealed payloads are checked in
    crypto.seal_record, and the seizure test scans every stored table.)"""
    from django.db.models import JSONField

    for field in instance._meta.concrete_fields:
        if isinstance(field, JSONField):
            refuse_forbidden_keys(getattr(instance, field.attname),
                                  where=f"{instance._meta.label}.{field.name}")
