"""Names she reads in the directory, in her language (issue 18, item 7; issue 8's leftovers):
need terms, places and the languages staff speak.

- Need terms come from imported HSDS data, in English. data/need_labels.yaml names each known
  term (by its code, or by its English name) in every language of the site, with a review state
  per term and language. A term without a name in her language is shown in English, marked so.
- Places: the city's name from CLDR (through Babel: CLDR names the cities that give a time zone
  its name) where there is one, else the name in data/places.csv; the country's name from CLDR.
- Languages: CLDR's names, in the language itself and in hers ("ਪੰਜਾਬੀ (البنجابية)").
"""

from functools import cache, lru_cache
from pathlib import Path
from zoneinfo import available_timezones

import yaml
from babel import Locale, UnknownLocaleError
from django.conf import settings
from django.utils.translation import get_language, gettext, to_locale

from harbour.core.formats import isolated
from harbour.core.languages import Coverage, language_name

NEED_LABELS_FILE = Path(__file__).resolve().parent / "data" / "need_labels.yaml"


@cache
def need_labels() -> dict[str, dict[str, dict[str, str]]]:
    """{term code: {language: {"name": ..., "review": "draft"|"reviewed"}}} from the labels file."""
    with NEED_LABELS_FILE.open(encoding="utf-8") as handle:
        return yaml.safe_load(handle)["terms"]


@cache
def _code_of_english_name() -> dict[str, str]:
    return {texts["en"]["name"].casefold(): code for code, texts in need_labels().items() if "en" in texts}


def need_label(term, language: str | None = None) -> tuple[str, bool]:
    """(name, True) of a need term (anything with `code` and `name`) in `language` (default: the
    active one), or (its own name, False) when the labels file has no name for it there."""
    language = language or get_language() or settings.LANGUAGE_CODE
    code = term.code if term.code in need_labels() else _code_of_english_name().get((term.name or "").casefold())
    texts = need_labels().get(code or "", {})
    text = texts.get(language) or texts.get(language.split("-")[0])
    if text:
        return text["name"], True
    return term.name, language == settings.LANGUAGE_CODE


def need_choice_label(term) -> str:
    """A need term for the search form's list: her language's name, or the English one marked."""
    name, in_her_language = need_label(term)
    return name if in_her_language else gettext("%(name)s (in English)") % {"name": name}


def _locale(language: str) -> Locale | None:
    try:
        return Locale.parse(to_locale(language))
    except (UnknownLocaleError, ValueError):
        return None


@cache
def _time_zone_of_city() -> dict[str, str]:
    """{"Vienna": "Europe/Vienna", ...}: the cities that name a time zone."""
    return {zone.rsplit("/", 1)[1].replace("_", " "): zone for zone in available_timezones() if "/" in zone}


def place_label(place, language: str | None = None) -> str:
    """A gazetteer place (with `name` and `country`) as she reads it: "فيينا (النمسا)" in Arabic,
    "Vienna (Austria)" in English. Parts CLDR does not name keep the gazetteer's spelling."""
    return _place_label(place.name, place.country, language or get_language() or settings.LANGUAGE_CODE)


# CLDR's names do not change while Harbour runs: each (place, language) is looked up once.
# Bounded: the gazetteer's places times the site's languages, plus the codes a request names.
@lru_cache(maxsize=8192)
def _place_label(name: str, country: str, language: str) -> str:
    locale = _locale(language)
    if locale is None:
        return f"{name} ({country})"
    zone = _time_zone_of_city().get(name)
    city = (locale.time_zones.get(zone, {}).get("city") if zone else None) or name
    return f"{city} ({locale.territories.get(country, country)})"


@lru_cache(maxsize=64)
def _place_choices(language: str) -> tuple[tuple[str, str], ...]:
    from harbour.directory import gazetteer

    return tuple((p.key, place_label(p, language))
                 for p in sorted(gazetteer.places(), key=lambda p: (p.country, p.name)))


def place_choices(language: str | None = None) -> list[tuple[str, str]]:
    """[(gazetteer key, place_label)] of every gazetteer place, by country code then name, in
    `language` (default: the active one); made once per language (a form's place list is
    116 CLDR look-ups otherwise)."""
    return list(_place_choices(language or get_language() or settings.LANGUAGE_CODE))


def language_label(code: str, language: str | None = None) -> str:
    """A language's name for the interface: its own name, then its name in the interface
    language ("español (الإسبانية)" on an Arabic page; "中文 (繁體, 台灣)"-style names for a tag
    with a script or region, core.languages.language_name). A tag CLDR cannot name at all
    stays as it is.

    When both are given, the own name is wrapped in FSI ... PDI (Unicode Bidirectional
    Algorithm, UAX #9 section 2.4 and rule P2): it takes its direction from its own letters and
    no longer decides the direction of the whole label. Without it, "العربية (Arabic)" isolated
    as a whole on an English page (`<bdi>`, `isolate_each`) took right-to-left from its first
    letter and showed "(Arabic) العربية" (a walk-through, 2026-12-02)."""
    return _language_label(code, language or get_language() or settings.LANGUAGE_CODE)


@lru_cache(maxsize=4096)
def _language_label(code: str, language: str) -> str:
    local = language_name(code, code)
    translated = language_name(code, language)
    if not local:
        return translated or code
    if not translated or translated == local:
        return local
    # A name that already holds a bracket ("português (Brasil)") is not bracketed again.
    own = isolated(local)
    return f"{own} · {translated}" if "(" in local or "(" in translated else f"{own} ({translated})"


def need_label_coverage() -> list[Coverage]:
    """One Coverage per language other than English: need terms named in the labels file."""
    where = str(NEED_LABELS_FILE.relative_to(settings.BASE_DIR))
    result = []
    for code, _name in settings.LANGUAGES:
        if code == settings.LANGUAGE_CODE:
            continue
        coverage = Coverage(language=code, catalogue=where, total=len(need_labels()))
        for texts in need_labels().values():
            text = texts.get(code)
            if text and text.get("review") == "reviewed":
                coverage.reviewed += 1
            elif text:
                coverage.draft += 1
        result.append(coverage)
    return result
