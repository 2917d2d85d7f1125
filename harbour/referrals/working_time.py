"""Working hours for the referral time limits (issue 15 item 5).

A working day is HARBOUR_WORKING_DAY_START to HARBOUR_WORKING_DAY_END (default 09:00 to
17:00, eight hours, so the default 16 hours are two working days) in the project's time
zone, Monday to Friday, skipping the public holidays of HARBOUR_HOLIDAY_REGION (default
"GB-ENG": the bank holidays of England and Wales, which are the same days). Holidays come
from the maintained `holidays` library (docs/architecture.md) rather than a hand list that
would need editing every year.
"""

import datetime
from functools import lru_cache

import holidays
from django.conf import settings
from django.utils import timezone


@lru_cache(maxsize=8)
def _holiday_calendar(region: str):
    country, _, subdivision = region.partition("-")
    return holidays.country_holidays(country, subdiv=subdivision or None)


def is_working_day(day: datetime.date, *, region: str | None = None) -> bool:
    """Monday to Friday and not a public holiday of `region` ("GB-ENG", "ES-MD", ...)."""
    calendar = _holiday_calendar(region or settings.HARBOUR_HOLIDAY_REGION)
    return day.weekday() < 5 and day not in calendar


def add_working_hours(start: datetime.datetime, hours: int, *, region: str | None = None) -> datetime.datetime:
    """The aware datetime `hours` working hours after the aware datetime `start`.

    Time outside the working day, weekends and holidays does not count: a referral sent on
    Friday at 16:00 with 2 hours allowed is due on Monday at 10:00 (Tuesday after a bank
    holiday Monday). Raises ValueError for a naive `start` or negative `hours`.
    """
    if timezone.is_naive(start):
        raise ValueError("start must be timezone-aware")
    if hours < 0:
        raise ValueError("hours must not be negative")
    zone = timezone.get_default_timezone()
    begin = datetime.time(settings.HARBOUR_WORKING_DAY_START)
    end = datetime.time(settings.HARBOUR_WORKING_DAY_END)
    local = timezone.localtime(start, zone)
    day, moment = local.date(), local.time().replace(tzinfo=None)
    remaining = datetime.timedelta(hours=hours)
    if moment < begin or not is_working_day(day, region=region):
        moment = begin
    while True:
        if is_working_day(day, region=region) and moment < end:
            available = datetime.datetime.combine(day, end) - datetime.datetime.combine(day, max(moment, begin))
            if remaining <= available:
                naive = datetime.datetime.combine(day, max(moment, begin)) + remaining
                return timezone.make_aware(naive, zone)
            remaining -= available
        day += datetime.timedelta(days=1)
        moment = begin
