import datetime

import pytest

from withus.core.formatting import date_long, datetime_long, plural, time_short

LONDON = datetime.timezone(datetime.timedelta(0))


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (datetime.date(2026, 11, 26), "26 November 2026"),
        (datetime.date(2027, 1, 1), "1 January 2027"),
        (None, ""),
    ],
)
def test_dates_read_like_nhs_uk_content(value, expected):
    assert date_long(value) == expected


@pytest.mark.parametrize(
    ("hour", "minute", "expected"),
    [(14, 30, "2:30pm"), (9, 0, "9am"), (12, 0, "midday"), (0, 0, "midnight"), (0, 5, "12:05am"), (23, 59, "11:59pm")],
)
def test_times_use_am_pm_without_leading_zeros(hour, minute, expected):
    assert time_short(datetime.datetime(2026, 11, 26, hour, minute)) == expected  # noqa: DTZ001 - naive on purpose


def test_aware_times_are_shown_in_uk_time(settings):
    summer_afternoon_utc = datetime.datetime(2026, 7, 1, 13, 30, tzinfo=datetime.UTC)
    assert datetime_long(summer_afternoon_utc) == "1 July 2026 at 2:30pm"


def test_plural():
    assert plural(1, "person", "people") == "1 person"
    assert plural(2_500, "person", "people") == "2,500 people"
    assert plural(0, "entry", "entries") == "0 entries"
