"""HSDS schedules read as the RFC 5545 recurrence rules they are (HSDS 3.0, schedule.json:
`freq`, `interval`, `byday`, `bymonthday`, `byweekno`, `byyearday`, `dtstart`, `until`,
`count`, `wkst`, `valid_from`/`valid_to`, `opens_at`/`closes_at` and the `timezone` offset).

The open-now index holds opening slots in minutes of a service's local day, per weekday, each
valid over a range of local dates (harbour.directory.models.OpeningSlot):

- a plain weekly rule (every week, on whole weekdays, wall-clock times) becomes one slot per
  weekday, valid from its first to its last day (`valid_from`/`dtstart` .. `valid_to`/`until`);
- any other rule (an interval, an ordinal day such as `1SA`, a day of the month, a count, or
  times with a `Z` or an offset) is expanded by python-dateutil's `rrule` into its dates over
  HORIZON_DAYS, each date a slot valid on that date only, its times converted to the
  service's zone on that date (so "09:00Z" is 10:00 in London in summer, 09:00 in winter).
  `manage.py directory_reindex` run monthly keeps the horizon ahead.

What cannot be evaluated (an unknown `freq`, a `byday` that is not RFC 5545 or has a week
number outside a monthly or yearly rule, an interval or count that is not a positive whole
number, an interval, count or monthly/yearly rule with no `dtstart` to count or take its day
from, a `timezone` that is no UTC offset, no opening time) gives no slot: such a service is never
shown as open, and its page says to ask for its hours.
"""

import math
import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from datetime import timezone as fixed_zone
from zoneinfo import ZoneInfo

from dateutil import rrule

HORIZON_DAYS = 400
MAX_OFFSET_HOURS = 14  # the widest UTC offset in use (UTC+14, Line Islands)
DAY = 24 * 60
WEEKDAYS = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]
_BYDAY = re.compile(r"^([+-]?[0-9]{1,2})?(MO|TU|WE|TH|FR|SA|SU)$", re.ASCII)
_FREQS = {"YEARLY": rrule.YEARLY, "MONTHLY": rrule.MONTHLY, "WEEKLY": rrule.WEEKLY, "DAILY": rrule.DAILY}
_LOOSE_TIME = re.compile(r"^(\d{1,2}):(\d{2})(?::(\d{2}))?$")


class Unevaluable(ValueError):
    """A schedule Harbour cannot evaluate; the message says why (shown to staff, not stored)."""


@dataclass(frozen=True)
class Slot:
    """An opening in a service's local time: `weekday` (Monday 0), minutes after local
    midnight [opens, closes), valid on local dates valid_from..valid_to ("" = unbounded)."""

    weekday: int
    opens: int
    closes: int
    valid_from: str = ""
    valid_to: str = ""


def _time(value: str) -> time | None:
    """An HSDS time ("09:00", "09:00:00", "09:00:00Z", "17:00+01:00"); None if empty.
    Raises Unevaluable if it is not a time."""
    value = (value or "").strip()
    if not value:
        return None
    try:
        return time.fromisoformat(value)
    except ValueError:
        loose = _LOOSE_TIME.match(value)  # "9:00", which ISO 8601 does not allow
        if loose and int(loose.group(1)) < 24 and int(loose.group(2)) < 60:
            return time(int(loose.group(1)), int(loose.group(2)))
        raise Unevaluable(f"{value!r} is not a time") from None


def _date(value: str, name: str) -> date | None:
    value = (value or "").strip()
    if not value:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        raise Unevaluable(f"{name} {value!r} is not a date") from None


# RFC 5545 3.3.10: the values each BY rule part may take (a sign, then ASCII digits), by name.
_RANGES = {"bymonthday": 31, "byyearday": 366, "byweekno": 53}
_SIGNED = re.compile(r"[+-]?[0-9]{1,3}", re.ASCII)


def _ints(value: str, name: str) -> list[int]:
    """The numbers of an RFC 5545 BY rule part ("1,15", "-1"): each 1..N or -N..-1 (_RANGES);
    anything else (0, 32, "1_5", another script's digits) raises Unevaluable."""
    out = []
    for part in (value or "").replace(" ", "").split(","):
        if not part:
            continue
        if not _SIGNED.fullmatch(part) or not 1 <= abs(int(part)) <= _RANGES[name]:
            raise Unevaluable(f"{name} {value!r} is not a list of RFC 5545 {name} values")
        out.append(int(part))
    return out


def _byday(value: str) -> list[tuple[int | None, int]]:
    """[(ordinal or None, weekday)] of an RFC 5545 BYDAY list ("MO,WE", "1SA", "-1FR")."""
    out = []
    for part in (value or "").upper().replace(" ", "").split(","):
        if not part:
            continue
        match = _BYDAY.match(part)
        if not match:
            raise Unevaluable(f"byday {part!r} is not an RFC 5545 day")
        ordinal = int(match.group(1)) if match.group(1) else None
        if ordinal is not None and not 1 <= abs(ordinal) <= 53:  # RFC 5545: +/-1 to 53
            raise Unevaluable(f"byday {part!r} has a week number outside 1 to 53")
        out.append((ordinal, WEEKDAYS.index(match.group(2))))
    return out


def _positive_whole(name: str, value) -> None:
    """RFC 5545 3.3.10: INTERVAL and COUNT are positive integers (HSDS stores them as numbers)."""
    if value is None:
        return
    if not (isinstance(value, int | float) and math.isfinite(value) and value == int(value) and value >= 1):
        raise Unevaluable(f"{name} {value!r} is not a positive whole number")


def _minutes(value: time) -> int:
    return value.hour * 60 + value.minute


def _is_plain_weekly(schedule, days, opens: time, closes: time) -> bool:
    return ((schedule.freq or "WEEKLY").upper() == "WEEKLY" and (schedule.interval or 1) == 1
            and not schedule.count and all(ordinal is None for ordinal, _ in days)
            and not (schedule.bymonthday or schedule.byweekno or schedule.byyearday)
            and opens.tzinfo is None and closes.tzinfo is None and schedule.timezone is None)


def _split(weekday: int, opens: int, closes: int, on: date | None) -> list[tuple[int, int, int, date | None]]:
    """An opening as (weekday, opens, closes, local date) pieces within local days: an
    overnight opening is split at midnight; HSDS's 23:59 means until midnight."""
    if closes == DAY - 1:
        closes = DAY
    if closes > opens:
        return [(weekday, opens, closes, on)]
    if closes == opens:
        return []
    tomorrow = on + timedelta(days=1) if on else None
    return [(weekday, opens, DAY, on), ((weekday + 1) % 7, 0, closes, tomorrow)]


def slots(schedule, zone: str, *, today: date) -> list[Slot]:
    """The opening slots of one HSDS schedule (an object with the HSDS schedule fields) for a
    service in IANA zone `zone`, from `today` - 1 day to `today` + HORIZON_DAYS for rules that
    are expanded. Raises Unevaluable, with the reason, for what cannot be evaluated."""
    opens, closes = _time(schedule.opens_at), _time(schedule.closes_at)
    if opens is None or closes is None:
        raise Unevaluable("no opening or closing time")
    freq = (schedule.freq or "").upper()
    if freq and freq not in _FREQS:
        raise Unevaluable(f"freq {schedule.freq!r} is not an RFC 5545 frequency")
    days = _byday(schedule.byday)
    if any(ordinal is not None for ordinal, _ in days) and freq not in ("MONTHLY", "YEARLY"):
        # RFC 5545 3.3.10: a BYDAY with a number only under FREQ=MONTHLY or YEARLY ("1SA" in a
        # weekly rule names no week of the month; dateutil would drop the number).
        raise Unevaluable(f"byday {schedule.byday!r} has a week number, which needs freq MONTHLY or YEARLY")
    if freq == "MONTHLY" and any(ordinal is not None and abs(ordinal) > 5 for ordinal, _ in days):
        raise Unevaluable(f"byday {schedule.byday!r}: a month has at most five of a weekday")
    # RFC 5545 3.3.10: BYMONTHDAY not with WEEKLY, BYYEARDAY not with DAILY, WEEKLY or MONTHLY,
    # BYWEEKNO only with YEARLY.
    effective = freq or "WEEKLY"
    if (schedule.bymonthday and effective == "WEEKLY") or (
            schedule.byyearday and effective in ("DAILY", "WEEKLY", "MONTHLY")) or (
            schedule.byweekno and effective != "YEARLY"):
        raise Unevaluable(f"a rule part that RFC 5545 does not allow with freq {effective}")
    _positive_whole("interval", schedule.interval)
    _positive_whole("count", schedule.count)
    if schedule.timezone is not None and not (
            isinstance(schedule.timezone, int | float) and math.isfinite(schedule.timezone)
            and abs(schedule.timezone) <= MAX_OFFSET_HOURS):
        raise Unevaluable(f"timezone {schedule.timezone!r} is not a UTC offset in hours")
    valid_from = _date(schedule.valid_from, "valid_from")
    valid_to = _date(schedule.valid_to, "valid_to")
    dtstart = _date(schedule.dtstart, "dtstart")
    until = _date(schedule.until, "until")
    if dtstart is None and (
            (freq == "MONTHLY" and not (days or schedule.bymonthday))
            or (freq == "YEARLY" and not (schedule.byyearday or schedule.byweekno))):
        # What the rule leaves out is taken from DTSTART (RFC 5545 3.3.10): without one, the
        # day of the month (or of the year) is unknown.
        raise Unevaluable(f"a {freq.lower()} rule without a day needs a dtstart to take its day from")
    if freq in ("", "WEEKLY") and not days and dtstart is not None:
        days = [(None, dtstart.weekday())]  # RFC 5545: BYDAY defaults to DTSTART's weekday
    first = max(d for d in (valid_from, dtstart, date.min) if d is not None)
    last = min(d for d in (valid_to, until, date.max) if d is not None)
    if first > last:
        # Ends before it begins (until before dtstart, valid_to before valid_from): no date
        # is meant, so the page says to ask rather than showing no hours without a word.
        raise Unevaluable("the schedule ends before it begins")
    if _is_plain_weekly(schedule, days, opens, closes):
        # A weekly rule with neither a day nor a dtstart to take one from: every day.
        weekdays = [day for _, day in days] or list(range(7))
        out = []
        for weekday in dict.fromkeys(weekdays):
            for day, start, end, _on in _split(weekday, _minutes(opens), _minutes(closes), None):
                # An overnight piece after midnight is valid one day later than its evening.
                shift = timedelta(days=1) if day != weekday else timedelta(0)
                out.append(Slot(day, start, end,
                                (first + shift).isoformat() if first != date.min else "",
                                (last + shift).isoformat() if last != date.max else ""))
        return out
    return _expanded(schedule, zone, today, freq or "WEEKLY", days, opens, closes, dtstart, first, last)


def _expanded(schedule, zone, today, freq, days, opens, closes, dtstart, first, last) -> list[Slot]:
    interval = int(schedule.interval or 1)  # a positive whole number (slots())
    if (interval > 1 or schedule.count) and dtstart is None:
        raise Unevaluable("an interval or a count needs a dtstart to count from")
    window_start = max(first, today - timedelta(days=1))
    window_end = min(last, today + timedelta(days=HORIZON_DAYS))
    if window_start > window_end:
        return []
    try:
        rule = _rule(schedule, freq, days, dtstart, window_start, interval, last)
    except Unevaluable:
        raise
    except ValueError as error:  # anything else dateutil refuses: not evaluable, never a crash
        raise Unevaluable(f"not an RFC 5545 rule dateutil can evaluate ({error})") from None
    return _openings(rule, schedule, zone, opens, closes, window_start, window_end)


def _rule(schedule, freq, days, dtstart, window_start, interval, last) -> rrule.rrule:
    return rrule.rrule(
        _FREQS[freq],
        dtstart=datetime.combine(dtstart or window_start, time()),
        interval=interval,
        count=int(schedule.count) if schedule.count else None,
        # RFC 5545 forbids COUNT with UNTIL; a feed that gives both is bounded by each (the
        # window below never passes `last`).
        until=datetime.combine(last, time()) if last != date.max and not schedule.count else None,
        byweekday=([rrule.weekday(day, ordinal) for ordinal, day in days]
                   # As the plain weekly rule: no day and no dtstart is every day, not the
                   # weekday of the window's first day.
                   or (list(range(7)) if freq == "WEEKLY" and dtstart is None else None)),
        bymonthday=_ints(schedule.bymonthday, "bymonthday") or None,
        byweekno=_ints(schedule.byweekno, "byweekno") or None,
        byyearday=_ints(schedule.byyearday, "byyearday") or None,
        wkst=WEEKDAYS.index(schedule.wkst.upper()) if (schedule.wkst or "").upper() in WEEKDAYS else None,
    )


def _openings(rule, schedule, zone, opens, closes, window_start, window_end) -> list[Slot]:
    local_zone = ZoneInfo(zone)
    offset = fixed_zone(timedelta(hours=schedule.timezone)) if schedule.timezone is not None else None
    out: dict[Slot, None] = {}
    for start in rule.between(datetime.combine(window_start, time()), datetime.combine(window_end, time()),
                              inc=True):
        on = start.date()
        if opens.tzinfo is None and closes.tzinfo is None and offset is None:
            pieces = _split(on.weekday(), _minutes(opens), _minutes(closes), on)
        else:
            # Times with an offset (or the schedule's `timezone`): the instants they name, in
            # the service's zone on that date.
            begin = datetime.combine(on, opens.replace(tzinfo=opens.tzinfo or offset or local_zone))
            end = datetime.combine(on, closes.replace(tzinfo=closes.tzinfo or offset or local_zone))
            if end <= begin:
                end += timedelta(days=1)
            begin, end = begin.astimezone(local_zone), end.astimezone(local_zone)
            pieces = []
            while begin < end:
                midnight = datetime.combine(begin.date() + timedelta(days=1), time(), tzinfo=local_zone)
                stop = min(end, midnight)
                stop_minute = DAY if stop == midnight else _minutes(stop.timetz())
                pieces.append((begin.weekday(), _minutes(begin.timetz()), stop_minute, begin.date()))
                begin = stop
        for weekday, start_minute, end_minute, local_date in pieces:
            out[Slot(weekday, start_minute, end_minute, local_date.isoformat(), local_date.isoformat())] = None
    return list(out)
