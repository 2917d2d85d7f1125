"""Harbour's languages: where their catalogues are, how much of each is translated and
reviewed, and their names (issue 18).

The review state is read from the catalogues themselves (harbour.core.catalogues explains the
marks), so there is no second list of draft languages to keep in step.
"""

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.utils.translation import to_locale

from harbour.core.catalogues import entry_review_state, read_catalogue

DOMAIN = "django"
# Dari's catalogues hold only the wording that differs from Farsi; gettext falls back to fa.
FALLBACKS = {"fa-af": "fa"}


# RFC 5646 section 2.1, as syntax: a primary language subtag of 2-3 letters (5-8 letters for
# a registered language; 4 letters are reserved, section 2.2.1), then subtags of 1-8 letters
# or digits (extlang, script, region, variant, extension); or a private-use tag ("x-...").
_LANGUAGE_TAG = re.compile(r"(?:[a-z]{2,3}|[a-z]{5,8})(?:-[a-z0-9]{1,8})*|x(?:-[a-z0-9]{1,8})+")
# Grandfathered irregular tags (RFC 5646 section 2.2.8), well-formed only as whole tags.
_IRREGULAR = frozenset({"en-gb-oed", "i-ami", "i-bnn", "i-default", "i-enochian", "i-hak", "i-klingon",
                        "i-lux", "i-mingo", "i-navajo", "i-pwn", "i-tao", "i-tay", "i-tsu", "sgn-be-fr",
                        "sgn-be-nl", "sgn-ch-de"})


def is_language_tag(value: str) -> bool:
    """Whether `value` (a str) is a well-formed language tag by the syntax of RFC 5646
    section 2.1, in any letter case: "ar", "fa-AF", "prs", "zh-Hant-TW", "x-dari-kabul".
    Not checked against the IANA registry (an unknown but well-formed code passes). Refused:
    spaces, underscores, anything but ASCII letters, digits and hyphens, empty subtags, and a
    4-letter primary subtag (reserved by section 2.2.1), so no tag can be "name" or
    "description" (the search index's field labels, SearchToken.fields). Directory translations
    are held to it (the staff form, the model, the importer)."""
    lowered = value.lower()
    return value.isascii() and (lowered in _IRREGULAR or _LANGUAGE_TAG.fullmatch(lowered) is not None)


def validate_language_tag(value: str) -> None:
    """A model and form field validator: raises django.core.exceptions.ValidationError unless
    `value` is_language_tag()."""
    from django.core.exceptions import ValidationError
    from django.utils.translation import gettext

    if not is_language_tag(value):
        raise ValidationError(gettext("Give a language code such as fa, ar or pt-BR."), code="invalid")


def language_choices() -> list[tuple[str, str]]:
    """settings.LANGUAGES as model and form choices ([(code, endonym)]); a callable, so that a
    new language needs no migration."""
    return list(settings.LANGUAGES)


def current_language() -> str:
    """Her interface language as a code of settings.LANGUAGES: "fa-af" stays Dari, an unknown
    regional variant ("es-mx") becomes its language, anything else English. What a record she
    makes keeps as her language (HelpRequest.language, Booking.language), so that what is sent
    or printed for her later is in it (issue 18, item 7)."""
    from django.utils.translation import get_language

    language = get_language() or settings.LANGUAGE_CODE
    known = dict(settings.LANGUAGES)
    if language in known:
        return language
    language = language.split("-")[0]
    return language if language in known else settings.LANGUAGE_CODE


def staff_language_choices() -> list[tuple[str, str]]:
    """The languages staff pages are offered in (settings.STAFF_LANGUAGES), as [(code, endonym)]."""
    names = dict(settings.LANGUAGES)
    return [(code, names[code]) for code in settings.STAFF_LANGUAGES]


def catalogue_dirs() -> list[Path]:
    """Every directory holding Harbour's catalogues: LOCALE_PATHS, then each app's locale/."""
    dirs = [Path(p) for p in settings.LOCALE_PATHS]
    dirs += [Path(c.path) / "locale" for c in apps.get_app_configs() if c.name.startswith("harbour.")]
    return [d for d in dirs if d.is_dir()]


def interface_catalogue_dirs() -> list[Path]:
    """The interface catalogues translators write (not the overrides of Django's messages)."""
    overrides = Path(settings.BASE_DIR) / "locale_overrides"
    return [d for d in catalogue_dirs() if d != overrides]


@dataclass
class Coverage:
    """One language in one catalogue: `total` strings, of which `translated` have a translation
    (`draft` + `reviewed`). `catalogue` is the catalogue directory relative to the project."""

    language: str
    catalogue: str
    total: int
    reviewed: int = 0
    draft: int = 0
    header: str | None = None
    missing_file: bool = False
    draft_ids: list[str] = field(default_factory=list)

    @property
    def translated(self) -> int:
        return self.reviewed + self.draft


def _entries(path: Path) -> tuple[str | None, dict]:
    """(header review state, {key: review state or None}) of one catalogue file."""
    catalog = read_catalogue(path)
    header = catalog.header_fields.get("X-Harbour-Review")
    states = {}
    for message in catalog:
        if not message.id:
            continue
        key = (message.context, message.id if isinstance(message.id, str) else message.id[0])
        states[key] = entry_review_state(message, header)
    return header, states


def interface_coverage(languages: list[str] | None = None) -> list[Coverage]:
    """Coverage of every interface catalogue for each language other than English.

    A catalogue's strings are the union of the msgids its language files hold (`make messages`
    writes every msgid into each of them). A language without a file for a catalogue has
    `missing_file` and nothing translated. Dari counts Farsi's translations where it has none.
    """
    codes = languages or [code for code, _ in settings.LANGUAGES if code != settings.LANGUAGE_CODE]
    result = []
    for directory in interface_catalogue_dirs():
        files = {po.parent.parent.name: po for po in directory.glob(f"*/LC_MESSAGES/{DOMAIN}.po")}
        if not files:
            continue
        read = {locale: _entries(path) for locale, path in files.items()}
        keys = set()
        for locale, (_header, states) in read.items():
            if locale not in {to_locale(code) for code in FALLBACKS}:
                keys |= set(states)
        base = Path(settings.BASE_DIR)
        relative = str(directory.relative_to(base)) if directory.is_relative_to(base) else str(directory)
        for code in codes:
            locale = to_locale(code)
            header, states = read.get(locale, (None, {}))
            coverage = Coverage(language=code, catalogue=relative, total=len(keys), header=header,
                                missing_file=locale not in read)
            fallback = read.get(to_locale(FALLBACKS[code]), (None, {}))[1] if code in FALLBACKS else {}
            for key in sorted(keys, key=lambda k: (k[0] or "", k[1])):
                state = states.get(key) or fallback.get(key)
                if state == "reviewed":
                    coverage.reviewed += 1
                elif state == "draft":
                    coverage.draft += 1
            result.append(coverage)
    return result


@lru_cache(maxsize=1)
def languages_with_drafts() -> frozenset[str]:
    """Codes of the languages whose interface catalogues hold draft translations: their pages
    show the draft notice. Read once per process (the catalogues ship with the release)."""
    return frozenset(c.language for c in interface_coverage() if c.draft)


def language_name(code: str, in_language: str) -> str | None:
    """The name of language `code` ('pa', 'ckb', 'fa-af') in language `in_language`, from CLDR
    through Babel, or None when CLDR has no name for it there."""
    from babel import Locale, UnknownLocaleError

    try:
        names = Locale.parse(to_locale(in_language)).languages
    except (UnknownLocaleError, ValueError):
        return None
    return names.get(to_locale(code)) or names.get(code.split("-")[0])


# Content catalogues outside gettext (the rights catalogue's translation files, the directory's
# labels) report their coverage through a function an app registers in AppConfig.ready().
_CONTENT_COVERAGE: dict[str, object] = {}


def register_content_coverage(kind: str, report) -> None:
    """Report `kind` ('rights', 'directory') with `report`, a function returning [Coverage]
    (one per language other than English)."""
    _CONTENT_COVERAGE[kind] = report


def content_coverage() -> dict[str, list[Coverage]]:
    """{kind: [Coverage]} of every registered content catalogue, in registration order."""
    return {kind: report() for kind, report in _CONTENT_COVERAGE.items()}
