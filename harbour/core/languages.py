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
    """Whether `value` (a str) is a valid language tag, in any letter case: "ar", "fa-AF",
    "prs", "zh-Hant-TW", "x-dari-kabul". Well-formed by the syntax of RFC 5646 section 2.1,
    and valid by section 2.2.9: each subtag registered in the IANA Language Subtag Registry
    (through langcodes, which ships a copy of it) or a private-use one. Refused: spaces,
    underscores, anything but ASCII letters, digits and hyphens, empty subtags, a 4-letter
    primary subtag (reserved by section 2.2.1), so no tag can be "name" or "description" (the
    search index's field labels, SearchToken.fields), and a language's name typed for its code
    ("english", "arabic": well-formed, 5-8 letters, but registered nowhere) or a code no
    language has ("xx").

    And it must name a language someone reads: refused are the special codes of ISO 639-2
    (und undetermined, zxx no linguistic content, mul multiple, mis uncoded), private-use
    languages (qaa-qtz, "x-..."), and the grandfathered tags of RFC 5646 section 2.2.8
    ("i-klingon", "sgn-be-fr", "art-lojban"), deprecated or meaningless as the language of a
    text, and which nothing can name: a walk-through saved them as translations and the results
    line printed them raw. Directory translations and the consent form are held to it (the
    staff forms, the model, the importer)."""
    lowered = value.lower()
    if (not value.isascii() or not _LANGUAGE_TAG.fullmatch(lowered) or lowered in _IRREGULAR
            or lowered in _GRANDFATHERED_REGULAR):
        return False
    primary = lowered.split("-")[0]
    if primary in _NOT_A_LANGUAGE or _PRIVATE_USE.fullmatch(primary) or primary == "x":
        return False
    if primary in _registry().collections:
        return False  # a collection of languages ("sgn" sign languages, "art"): no one text is in one
    return _registered(lowered)


# ISO 639-2 codes that name no language of a text, and its private-use range.
_NOT_A_LANGUAGE = frozenset({"und", "zxx", "mul", "mis"})
# The regular grandfathered tags (RFC 5646 section 2.2.8), each deprecated for a registered code.
_GRANDFATHERED_REGULAR = frozenset({"art-lojban", "cel-gaulish", "no-bok", "no-nyn", "zh-guoyu", "zh-hakka",
                                    "zh-min", "zh-min-nan", "zh-xiang"})
_PRIVATE_USE = re.compile(r"q[a-t][a-z]")


@lru_cache(maxsize=4096)
def _registered(tag: str) -> bool:
    import langcodes

    return langcodes.tag_is_valid(tag)


def validate_language_tag(value: str) -> None:
    """A model and form field validator: raises django.core.exceptions.ValidationError unless
    `value` is_language_tag()."""
    from django.core.exceptions import ValidationError
    from django.utils.translation import gettext

    if not is_language_tag(value):
        raise ValidationError(gettext("Give a language code such as fa, ar or pt-BR."), code="invalid")


def canonical_case(tag: str) -> str:
    """`tag` (a language tag, any case) in the letter case RFC 5646 section 2.1.1 gives as
    canonical: every subtag lower case, except a 2-letter subtag (a region) in upper case and a
    4-letter one (a script) in title case, where neither starts the tag nor follows a singleton
    (an extension or private use: what follows "-u-" or "-x-" stays lower case). "pt-br" ->
    "pt-BR", "ZH-HANT" -> "zh-Hant", "sr-latn-rs" -> "sr-Latn-RS", "en-ca-x-ca" -> "en-CA-x-ca".
    Case carries no meaning (tags compare case-insensitively, section 2.1.1); it is stored
    canonical so that one language is one string. Only the case: deprecated subtags are not
    replaced (section 4.5 canonicalisation is another thing)."""
    subtags = tag.lower().split("-")
    after_singleton = len(subtags[0]) == 1  # "x-dari", "i-klingon"
    for index, subtag in enumerate(subtags[1:], start=1):
        if len(subtag) == 1:
            after_singleton = True
        elif not after_singleton and len(subtag) == 2:
            subtags[index] = subtag.upper()
        elif not after_singleton and len(subtag) == 4:
            subtags[index] = subtag.title()
    return "-".join(subtags)


def _equivalent_tags(tag: str) -> list[str]:
    """Lower-case tags naming the same language as `tag` (lower case) in NAME_ALIASES, read
    both ways: "fa-af" -> ["prs"], "prs" -> ["fa-af"]."""
    pairs = [(code, alias.replace("_", "-").lower()) for code, alias in NAME_ALIASES.items()]
    return [b for a, b in pairs if a == tag] + [a for a, b in pairs if b == tag]


def lookup_language_tag(wanted: str, available) -> str | None:
    """Which of the language tags `available` to show a reader of `wanted` (a page's language,
    any case), or None: the Lookup scheme of RFC 4647 section 3.4, tags compared
    case-insensitively. The range `wanted` is tried as it is, then truncated from the end one
    subtag at a time (a singleton left last goes with it): "fa-af", then "fa".

    At each step, in this order: a tag equal to the range ("fa-AF"); a tag naming the same
    language (NAME_ALIASES read both ways: "prs" for "fa-AF"); then, which Lookup alone would
    not give, a more specific tag the range matches by basic filtering (section 3.3.1: "pt"
    matches "pt-BR"), the most generic first, then alphabetically, so that a "pt" page shows a
    "pt-BR" or "pt-PT" translation when there is no plain "pt" one, always the same one. Of
    tags differing only in case the first in code order is returned, as it is given."""
    by_form: dict[str, str] = {}
    for tag in sorted(t for t in available if t):
        by_form.setdefault(tag.lower(), tag)
    aliases: dict[str, str] = {}  # {a form naming the same language: the tag}
    for form, tag in by_form.items():
        for alias in _equivalent_tags(form):
            aliases.setdefault(alias, tag)
    range_ = wanted.strip().replace("_", "-").lower()
    while range_:
        if range_ in by_form:
            return by_form[range_]
        if range_ in aliases:
            return aliases[range_]
        under = sorted((form.count("-"), own, tag.lower(), tag)
                       for own, forms in ((0, by_form), (1, aliases))
                       for form, tag in forms.items() if form.startswith(range_ + "-"))
        if under:
            return under[0][3]
        subtags = range_.split("-")[:-1]
        if subtags and len(subtags[-1]) == 1:
            subtags.pop()
        range_ = "-".join(subtags)
    return None


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


# Codes CLDR names under another code ({code: CLDR locale id}): Dari (ISO 639-3 prs) is named
# by CLDR only as Persian of Afghanistan; Northern Kurdish (kmr) is CLDR's Kurdish (ku), which
# CLDR names "kurdî (kurmancî)" in itself.
NAME_ALIASES = {"prs": "fa_AF", "kmr": "ku"}
# Scripts are 4 letters, regions 2 letters or 3 digits (RFC 5646 section 2.2.3-2.2.4).
_SCRIPT = re.compile(r"[a-z]{4}")
_REGION = re.compile(r"[a-z]{2}|[0-9]{3}")


def _cldr_parts(code: str) -> tuple[str, str | None, str | None] | None:
    """(language, Script, REGION) of a language tag as CLDR keys them ("zh-hant-tw" ->
    ("zh", "Hant", "TW")), variants and extensions left out; None for a tag that does not
    start with a language subtag of 2-3 letters."""
    subtags = NAME_ALIASES.get(code.lower(), code).replace("_", "-").lower().split("-")
    if not re.fullmatch(r"[a-z]{2,3}", subtags[0]):
        return None
    script = region = None
    rest = subtags[1:]
    if rest and (subtags[0], rest[0]) in _registry().extlangs:
        # An extended language subtag stands for the language itself ("zh-cmn" is "cmn",
        # RFC 5646 section 2.2.2).
        subtags[0] = rest.pop(0)
    if rest and _SCRIPT.fullmatch(rest[0]):
        script = rest.pop(0).title()
    if rest and _REGION.fullmatch(rest[0]):
        region = rest.pop(0).upper()
    return subtags[0], script, region


@lru_cache(maxsize=4096)
def language_name(code: str, in_language: str) -> str | None:
    """The name of the language tag `code` ('pa', 'ckb', 'fa-af', 'zh-hant-tw', 'ar-EG', in any
    case) in the language `in_language`, from CLDR through Babel, or None when CLDR has no name
    for its language there.

    CLDR's own name for the language with its script and region is used where it has one
    ('pt-BR' -> "Brazilian Portuguese", 'zh-Hant' -> "Traditional Chinese"); otherwise the
    language's name followed by the script's and the region's, as CLDR's locale display
    pattern does ('zh-Hant-TW' -> "Traditional Chinese (Taiwan)", 'ar-EG' -> "Arabic (Egypt)").
    Variants and extensions are not named."""
    from babel import Locale, UnknownLocaleError

    parts = _cldr_parts(code)
    here = _cldr_parts(in_language)
    if parts is None or here is None:
        return None
    locale = None
    for identifier in _identifiers(*here):
        try:
            locale = Locale.parse(identifier)
            break
        except (UnknownLocaleError, ValueError):
            continue
    if locale is None:
        return None
    language, script, region = parts
    names = locale.languages
    # The longest key CLDR names; what it leaves out of the tag is added as qualifiers.
    key = next((k for k in _identifiers(language, script, region) if k in names), None)
    if key is None:
        return _registry_name(language, names)
    qualifiers = [locale.scripts.get(script) if script and script not in key else None,
                  locale.territories.get(region) if region and region not in key else None]
    # Joined as Babel's Locale.get_display_name joins them (CLDR's localeSeparator is not in
    # Babel's data).
    detail = ", ".join(name for name in qualifiers if name)
    return f"{names[key]} ({detail})" if detail else names[key]


def _registry_name(language: str, names) -> str | None:
    """A name for a language CLDR does not name ("apc", "cmn"), from the IANA Language Subtag
    Registry (its English Description, as langcodes ships it): after the CLDR name of its
    macrolanguage in `names` (a Babel Locale's languages) when there is one ("Arabic (North
    Levantine Arabic)", "العربية (North Levantine Arabic)"); None when the registry does not
    know it either."""
    entry = _registry().languages.get(language)
    if entry is None:
        return None
    description, macrolanguage = entry
    if macrolanguage and macrolanguage in names:
        return f"{names[macrolanguage]} ({description})"
    return description


@dataclass(frozen=True)
class _Registry:
    """What Harbour reads from the IANA Language Subtag Registry that langcodes ships.

    languages: {language subtag: (its first English description, its macrolanguage or None)}
    (about 8,000); collections: language subtags scoped as a collection ("sgn", "art", "cel":
    ISO 639-2's collective codes, which name a group of languages, not one); extlangs:
    {(prefix, extended language subtag)}, e.g. ("zh", "cmn"), ("ar", "apc")."""

    languages: dict
    collections: frozenset
    extlangs: frozenset


@lru_cache(maxsize=1)
def _registry() -> _Registry:
    """The registry, parsed once per process (BCP 47, RFC 5646 section 3)."""
    from langcodes.registry_parser import parse_registry

    languages, collections, extlangs = {}, set(), set()
    for entry in parse_registry():
        kind = entry.get("Type")
        if kind == "language" and "Subtag" in entry:
            subtag = entry["Subtag"].lower()
            languages[subtag] = (entry["Description"][0], entry.get("Macrolanguage"))
            if entry.get("Scope") == "collection":
                collections.add(subtag)
        elif kind == "extlang" and "Prefix" in entry:
            extlangs.add((entry["Prefix"][0].lower(), entry["Subtag"].lower()))
    return _Registry(languages, frozenset(collections), frozenset(extlangs))


def _identifiers(language: str, script: str | None, region: str | None) -> list[str]:
    """CLDR identifiers for a tag's parts, longest first: ("zh", "Hant", "TW") ->
    ["zh_Hant_TW", "zh_Hant", "zh_TW", "zh"]."""
    found = []
    if script and region:
        found.append(f"{language}_{script}_{region}")
    if script:
        found.append(f"{language}_{script}")
    if region:
        found.append(f"{language}_{region}")
    return [*found, language]


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
