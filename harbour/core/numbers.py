"""Numbers in her language's own digits, and lists joined as her language joins them (issue 18,
item 6 of "Languages").

Which digits a language writes is CLDR's default numbering system for it, read through Babel
(`Locale.default_numbering_system`); Babel 2.18 carries CLDR 47, which gives Extended
Arabic-Indic digits (arabext, ۰-۹) to Farsi, Dari and Pashto, Arabic-Indic digits (arab, ٠-٩) to
Sorani, and Latin digits (latn) to Urdu, to the other languages, and to Arabic itself: CLDR's
`ar` (and `ar_001`, Modern Standard Arabic) writes 0-9, while regional locales such as ar_EG,
ar_SY and ar_IQ write ٠-٩. Harbour's Arabic is the language, not a country's, so it follows
CLDR's `ar`; a tested table (tests/web/test_her_numbers.py) pins the choice per language so that
a change of CLDR is seen, not silently shipped.

Babel formats numbers with the locale's symbols (Farsi's ٬ and ٫) but always with ASCII digits,
so the digits are swapped here from CLDR's numberingSystems.xml for the systems Harbour needs.

What is *not* put into her digits: anything she must copy, type or dial exactly as given (status
and booking codes, which have their own script handling in harbour.firewall.codes; phone numbers;
postcodes; addresses; URLs; the emergency numbers 999 and 112). Those go through the `ltr` filter
only.
"""

import re
import unicodedata

from babel import Locale
from babel.lists import format_list
from babel.numbers import format_decimal
from django.utils.html import conditional_escape
from django.utils.safestring import SafeData, mark_safe
from django.utils.translation import get_language, to_locale

# Harbour's English is British and its Portuguese European; CLDR's plain "en" and "pt" are not.
BABEL_LOCALES = {"en": "en_GB", "pt": "pt_PT"}

# CLDR common/supplemental/numberingSystems.xml: the digits of each decimal system Harbour's
# languages use by default.
DIGITS = {
    "latn": "0123456789",
    "arab": "\u0660\u0661\u0662\u0663\u0664\u0665\u0666\u0667\u0668\u0669",
    "arabext": "\u06f0\u06f1\u06f2\u06f3\u06f4\u06f5\u06f6\u06f7\u06f8\u06f9",
}
_TABLES = {system: str.maketrans("0123456789", digits) for system, digits in DIGITS.items()}
# Character references and tags in HTML keep their ASCII digits (&#x27; must stay &#x27;).
_MARKUP = re.compile(r"(&#?[0-9A-Za-z]+;|<[^>]*>)")


class UnknownNumberingSystem(LookupError):
    """CLDR gives a language a numbering system whose digits DIGITS does not hold."""


def babel_locale(language: str | None = None) -> Locale:
    """The CLDR locale for `language` (a Django code such as "fa-af", default the active one)."""
    code = language or get_language() or "en"
    return Locale.parse(BABEL_LOCALES.get(code, to_locale(code)))


def numbering_system(language: str | None = None) -> str:
    """CLDR's default numbering system of `language` ("latn", "arab", "arabext"). Raises
    UnknownNumberingSystem for a system outside DIGITS (a new language needs its digits here)."""
    system = babel_locale(language).default_numbering_system
    if system not in DIGITS:
        raise UnknownNumberingSystem(f"{language}: CLDR numbering system {system!r} has no digits in DIGITS")
    return system


def her_digits(text, language: str | None = None):
    """`text` (a str already formatted: a date, a count, a sentence holding counts) with its ASCII
    digits written in `language`'s digits. Safe HTML stays safe, and its tags and character
    references keep their ASCII digits. Non-strings and empty values are returned as they are."""
    if not isinstance(text, str) or not text:
        return text
    table = _TABLES[numbering_system(language)]
    if not isinstance(text, SafeData):
        return text.translate(table)
    parts = _MARKUP.split(text)
    return mark_safe("".join(part if index % 2 else part.translate(table)  # noqa: S308 - input was safe
                             for index, part in enumerate(parts)))


def her_number(value, language: str | None = None) -> str:
    """`value` (an int, float, Decimal or numeric str) formatted as `language` writes numbers:
    its grouping and decimal symbols and its digits ("1,234.5", "۱٬۲۳۴٫۵"). "" for None or ""."""
    if value is None or value == "":
        return ""
    locale = babel_locale(language)
    return her_digits(format_decimal(value, locale=locale, numbering_system="default"), language)


def her_list(items, language: str | None = None, style: str = "standard") -> str:
    """`items` (an iterable of str) joined by `language`'s CLDR list pattern (Babel format_list):
    "a, b and c", "a، b، او c" in Pashto. `style` is CLDR's ("standard", "or", "unit", ...).
    Items are escaped unless already safe; returns safe HTML."""
    escaped = [str(conditional_escape(item)) for item in items]
    return mark_safe(list_text(escaped, language, style))  # noqa: S308 - items escaped


def list_text(items, language: str | None = None, style: str = "standard") -> str:
    """her_list() as plain text, for a sentence that is escaped where it is shown: `items`
    (an iterable of str) joined by `language`'s CLDR list pattern; "" for no items."""
    items = [str(item) for item in items]
    if not items:
        return ""
    return format_list(items, style=style, locale=babel_locale(language))


def fold_digits(text):
    """`text` with every Unicode decimal digit (Arabic-Indic ٠-٩, Extended Arabic-Indic ۰-۹,
    Devanagari, Bengali, ...: Unicode category Nd) as its ASCII digit; other characters and
    non-strings are returned as they are. For what she types: the reverse of her_digits."""
    if not isinstance(text, str):
        return text
    return "".join(str(unicodedata.decimal(ch)) if ch.isdecimal() else ch for ch in text)


# A token written left to right inside words: digits and Latin letters joined by "-", ":" or "/"
# ("2026-Q2", "2026-05", "14:30", "31/12"), in any script's digits. The `ltr_tokens` filter
# isolates each in a page.
LTR_TOKEN = re.compile(r"(?<!\w)\w*\d\w*(?:[-:/]\w+)+(?!\w)")
