"""Working hours across weekends and bank holidays (England and Wales by default)."""

import datetime
import zoneinfo

import pytest

from harbour.referrals.working_time import add_working_hours, is_working_day

LONDON = zoneinfo.ZoneInfo("Europe/London")


def at(*args):
    return datetime.datetime(*args, tzinfo=LONDON)


@pytest.mark.parametrize(("start", "hours", "due"), [
    (at(2026, 11, 30, 10, 0), 16, at(2026, 12, 2, 10, 0)),   # Monday: two working days
    (at(2026, 11, 27, 16, 0), 2, at(2026, 11, 30, 10, 0)),    # Friday afternoon: over the weekend
    (at(2026, 11, 28, 12, 0), 1, at(2026, 11, 30, 10, 0)),    # Saturday: starts Monday morning
    (at(2026, 11, 30, 20, 0), 8, at(2026, 12, 1, 17, 0)),     # after hours: the next day counts
    (at(2026, 12, 24, 15, 0), 4, at(2026, 12, 29, 11, 0)),    # Christmas, Boxing Day (observed)
    (at(2026, 4, 2, 16, 0), 2, at(2026, 4, 7, 10, 0)),        # Good Friday and Easter Monday
    (at(2026, 5, 22, 9, 0), 16, at(2026, 5, 26, 17, 0)),      # Spring bank holiday Monday: Tuesday's end
])
def test_working_hours_skip_nights_weekends_and_bank_holidays(settings, start, hours, due):
    settings.HARBOUR_HOLIDAY_REGION = "GB-ENG"
    assert add_working_hours(start, hours) == due


def test_the_region_is_a_setting(settings):
    # St Andrew's Day (30 November, a Monday in 2026) is a bank holiday in Scotland only.
    assert is_working_day(datetime.date(2026, 11, 30), region="GB-ENG")
    assert not is_working_day(datetime.date(2026, 11, 30), region="GB-SCT")
    settings.HARBOUR_HOLIDAY_REGION = "GB-SCT"
    assert add_working_hours(at(2026, 11, 27, 16, 0), 2) == at(2026, 12, 1, 10, 0)


def test_naive_times_and_negative_hours_are_refused():
    with pytest.raises(ValueError):
        add_working_hours(datetime.datetime(2026, 11, 30, 10, 0), 1)
    with pytest.raises(ValueError):
        add_working_hours(at(2026, 11, 30, 10, 0), -1)
