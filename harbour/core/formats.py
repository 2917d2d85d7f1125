"""Dates and times as her language writes them, from CLDR through Babel (issue 18, item 6 of
"Languages"). Django's own formats and month names cover only the languages Django ships;
Babel's CLDR data covers all fifteen of Harbour's (Tigrinya, Somali and Pashto too)."""

import datetime as dt

from babel.dates import format_date, format_skeleton, format_time
from django.utils import timezone

from harbour.core.numbers import BABEL_LOCALES, babel_locale, her_digits

__all__ = ["BABEL_LOCALES", "babel_locale", "her_date", "her_datetime", "her_time"]


def her_date(value, length: str = "long", language: str | None = None) -> str:
    """A date (or a datetime's date) in `language`: `length` is "short", "medium", "long" or
    "full" ("1 December 2026", "1 grudnia 2026", "ታሕሳስ 1, 2026"), in her digits
    (harbour.core.numbers: "۱ دسامبر ۲۰۲۶"). "" for no date."""
    if not value:
        return ""
    day = value.date() if isinstance(value, dt.datetime) else value
    return her_digits(format_date(day, format=length, locale=babel_locale(language)), language)


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
    joined = str(locale.datetime_formats["medium"]).replace("{1}", day).replace("{0}", time).replace("'", "")
    return her_digits(joined, language)


def her_time(value, language: str | None = None) -> str:
    """A time of day (a datetime's, in its own time zone) in `language`, 24-hour, in her digits
    ("18:30", "۱۸:۳۰"). "" for none."""
    if not value:
        return ""
    return her_digits(format_time(value, "HH:mm", tzinfo=getattr(value, "tzinfo", None),
                                  locale=babel_locale(language)), language)


# First strong isolate and pop directional isolate (Unicode Bidirectional Algorithm, UAX #9,
# section 2.4): text between them keeps its own direction and order inside a sentence of the
# other direction.
FSI, PDI = "\u2068", "\u2069"


def isolated(text: str) -> str:
    """`text` (str) between FSI and PDI: set in a sentence of the other direction, it keeps its
    own order and does not join the words beside it. For plain text (a translated sentence, an
    option's label), where a <bdi> cannot be."""
    return f"{FSI}{text}{PDI}"
