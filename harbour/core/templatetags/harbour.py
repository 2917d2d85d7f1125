import datetime as dt

from django import template
from django.urls import translate_url

register = template.Library()


@register.simple_tag(takes_context=True)
def other_language_url(context, code: str) -> str:
    """This page's address in another language (a plain link: no cookie, no JavaScript)."""
    request = context.get("request")
    # Error pages do not echo the address that was asked for: their links go home.
    if request is None or context.get("is_error_page"):
        return f"/{code}/"
    return translate_url(request.path, code)


# Harbour's English is British and its Portuguese European; CLDR's plain "en" and "pt" are not.
BABEL_LOCALES = {"en": "en_GB", "pt": "pt_PT"}


def _babel_locale() -> str:
    from django.utils.translation import get_language, to_locale

    language = get_language() or "en"
    return BABEL_LOCALES.get(language, to_locale(language))


@register.filter
def herdate(value, length: str = "long") -> str:
    """A date (or the date of a datetime) as her language writes it, from CLDR through Babel:
    `length` is "short", "medium", "long" or "full" ("1 December 2026", "١ ديسمبر ٢٠٢٦" as CLDR
    gives it, "1 Tachwedd 2026"). Empty for no date. Django's own month names cover only the
    languages Django ships; Babel covers all fifteen (Tigrinya, Somali, Pashto too)."""
    from babel.dates import format_date

    if not value:
        return ""
    day = value.date() if hasattr(value, "date") and callable(value.date) else value
    return format_date(day, format=length, locale=_babel_locale())


@register.filter
def herdatetime(value, date_skeleton: str = "yMMMEd") -> str:
    """A datetime as her language writes it: the date by CLDR skeleton (default: weekday, day,
    month, year), a 24-hour time, joined as the language joins them ("Tue, 1 Dec 2026, 18:00"). A datetime in a place's own time zone (a
    workshop's local start) stays in it; one stored in UTC is shown in the site's time zone, as
    Django's date filter does. Empty for none."""
    from babel import Locale
    from babel.dates import format_skeleton
    from django.utils import timezone

    if not value:
        return ""
    if timezone.is_aware(value) and value.utcoffset() == dt.timedelta(0) and str(value.tzinfo) in {"UTC", "utc"}:
        value = timezone.localtime(value)
    locale = Locale.parse(_babel_locale())
    day = format_skeleton(date_skeleton, value, tzinfo=value.tzinfo, locale=locale)
    time = format_skeleton("Hm", value, tzinfo=value.tzinfo, locale=locale)
    return str(locale.datetime_formats["medium"]).replace("{1}", day).replace("{0}", time).replace("'", "")
