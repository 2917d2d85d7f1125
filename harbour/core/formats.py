"""Dates and times as her language writes them, from CLDR through Babel (issue 18, item 6 of
"Languages"). Django's own formats and month names cover only the languages Django ships;
Babel's CLDR data covers all fifteen of Harbour's (Tigrinya, Somali and Pashto too)."""

import datetime as dt

from babel import Locale
from babel.dates import format_date, format_skeleton
from django.utils import timezone
from django.utils.translation import get_language, to_locale

# Harbour's English is British and its Portuguese European; CLDR's plain "en" and "pt" are not.
BABEL_LOCALES = {"en": "en_GB", "pt": "pt_PT"}


def babel_locale(language: str | None = None) -> Locale:
    """The CLDR locale for `language` (a Django code, default the active language)."""
    code = language or get_language() or "en"
    return Locale.parse(BABEL_LOCALES.get(code, to_locale(code)))


def her_date(value, length: str = "long", language: str | None = None) -> str:
    """A date (or a datetime's date) in `language`: `length` is "short", "medium", "long" or
    "full" ("1 December 2026", "1 grudnia 2026", "ታሕሳስ 1, 2026"). "" for no date."""
    if not value:
        return ""
    day = value.date() if isinstance(value, dt.datetime) else value
    return format_date(day, format=length, locale=babel_locale(language))


def her_datetime(value, date_skeleton: str = "yMMMEd", language: str | None = None) -> str:
    """A datetime in `language`: the date by CLDR skeleton (default weekday, day, month, year),
    a 24-hour time, joined as the language joins them ("Tue, 1 Dec 2026, 18:00"). A datetime in
    a place's own time zone (a workshop's local start) stays in it; one in UTC is shown in the
    site's time zone, as Django's date filter does. "" for none."""
    if not value:
        return ""
    if timezone.is_aware(value) and str(value.tzinfo) in {"UTC", "utc"}:
        value = timezone.localtime(value)
    locale = babel_locale(language)
    day = format_skeleton(date_skeleton, value, tzinfo=value.tzinfo, locale=locale)
    time = format_skeleton("Hm", value, tzinfo=value.tzinfo, locale=locale)
    return str(locale.datetime_formats["medium"]).replace("{1}", day).replace("{0}", time).replace("'", "")
