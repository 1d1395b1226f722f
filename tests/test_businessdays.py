"""Business days on wall-clock time: weekends skipped, the local time kept across DST, month and year ends."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

from daemon.core.businessdays import add_business_days, end_of_day, next_business_morning

NY = ZoneInfo("America/New_York")
BERLIN = ZoneInfo("Europe/Berlin")
CAIRO = ZoneInfo("Africa/Cairo")  # changes clocks at midnight going into a Friday: a business day
H = timedelta(hours=1)


@pytest.mark.parametrize(
    "start,n,expected",
    [
        ("2026-09-09", 0, "2026-09-09"),  # Wed + 0: itself
        ("2026-09-09", 1, "2026-09-10"),
        ("2026-09-09", 2, "2026-09-11"),  # Wed + 2: Fri
        ("2026-09-09", 3, "2026-09-14"),  # Wed + 3: over the weekend
        ("2026-09-09", 7, "2026-09-18"),
        ("2026-09-11", 1, "2026-09-14"),  # Fri + 1: Mon
        ("2026-09-11", 5, "2026-09-18"),  # Fri + 5: Fri
        ("2026-09-12", 0, "2026-09-14"),  # Sat + 0: counts from Monday
        ("2026-09-12", 1, "2026-09-15"),  # Sat + 1: Tue
        ("2026-09-13", 5, "2026-09-21"),  # Sun + 5: Monday + 5
        ("2026-07-31", 1, "2026-08-03"),  # Fri, month end
        ("2026-09-30", 2, "2026-10-02"),  # Wed, month end
        ("2026-12-31", 1, "2027-01-01"),  # Thu, year end (no holidays)
        ("2026-12-31", 2, "2027-01-04"),
        ("2026-12-26", 1, "2026-12-29"),  # Sat at year end
        ("2028-02-28", 1, "2028-02-29"),  # leap day, a Tuesday
        ("2028-02-25", 2, "2028-02-29"),  # Fri + 2 lands on the leap day
        ("2028-02-29", 1, "2028-03-01"),
        ("2027-02-26", 1, "2027-03-01"),  # no leap day in 2027
    ],
)
def test_add_business_days(start, n, expected):
    moment = datetime.fromisoformat(start + "T14:30").replace(tzinfo=NY)
    result = add_business_days(moment, n)
    assert result == datetime.fromisoformat(expected + "T14:30").replace(tzinfo=NY)
    assert (result.hour, result.minute, result.tzinfo) == (14, 30, NY)


@pytest.mark.parametrize(
    "zone,start,n,expected,offset_before,offset_after",
    [
        (NY, "2026-03-06", 1, "2026-03-09", -5, -4),  # US spring forward, Sun 2026-03-08
        (NY, "2026-10-30", 1, "2026-11-02", -4, -5),  # US fall back, Sun 2026-11-01
        (BERLIN, "2026-03-27", 1, "2026-03-30", 1, 2),  # EU spring forward, Sun 2026-03-29
        (BERLIN, "2026-10-23", 2, "2026-10-27", 2, 1),  # EU fall back, Sun 2026-10-25
        (NY, "2026-03-20", 1, "2026-03-23", -4, -4),  # between the US and EU changes: NY already moved
        (BERLIN, "2026-03-20", 1, "2026-03-23", 1, 1),  # ... Berlin not yet
    ],
)
def test_add_business_days_keeps_wall_time_across_dst(zone, start, n, expected, offset_before, offset_after):
    moment = datetime.fromisoformat(start + "T09:00").replace(tzinfo=zone)
    result = add_business_days(moment, n)
    assert result.replace(tzinfo=None) == datetime.fromisoformat(expected + "T09:00")
    assert moment.utcoffset() == offset_before * H
    assert result.utcoffset() == offset_after * H
    # The wall time is kept, so the real time elapsed is whole days minus the hour the clocks moved.
    elapsed = result.astimezone(timezone.utc) - moment.astimezone(timezone.utc)
    assert elapsed == (result.date() - moment.date()) - (offset_after - offset_before) * H


def test_add_business_days_onto_a_skipped_wall_time_moves_on_by_the_gap():
    # Egypt springs forward at 00:00 on Fri 2026-04-24: 00:30 that day does not exist.
    result = add_business_days(datetime(2026, 4, 23, 0, 30, tzinfo=CAIRO), 1)
    assert (result.date(), result.hour, result.minute, result.utcoffset()) == (date(2026, 4, 24), 1, 30, 3 * H)


def test_add_business_days_with_a_fixed_offset_and_a_naive_moment():
    assert add_business_days(datetime(2026, 9, 11, 8, tzinfo=timezone.utc), 1) == datetime(
        2026, 9, 14, 8, tzinfo=timezone.utc
    )
    assert add_business_days(datetime(2026, 9, 11, 8), 1) == datetime(2026, 9, 14, 8)


def test_add_business_days_refuses_negative_counts():
    with pytest.raises(ValueError):
        add_business_days(datetime(2026, 9, 9, tzinfo=NY), -1)


@pytest.mark.parametrize(
    "zone,day,offset",
    [
        (NY, date(2026, 3, 8), -4),  # the spring-forward day itself
        (NY, date(2026, 11, 1), -5),  # the fall-back day itself
        (BERLIN, date(2026, 3, 29), 2),
        (BERLIN, date(2026, 10, 25), 1),
        (NY, date(2028, 2, 29), -5),
        (BERLIN, date(2026, 12, 31), 1),
        (timezone.utc, date(2026, 6, 30), 0),
    ],
)
def test_end_of_day(zone, day, offset):
    result = end_of_day(day, zone)
    assert (result.date(), result.hour, result.minute, result.second) == (day, 23, 59, 59)
    assert result.tzinfo is zone
    assert result.utcoffset() == offset * H


@pytest.mark.parametrize(
    "moment,hour,expected",
    [
        ("2026-09-09T07:00", 9, "2026-09-09T09:00"),  # Wed before nine: the same morning
        ("2026-09-09T09:00", 9, "2026-09-09T09:00"),  # exactly at nine: now
        ("2026-09-09T09:00:01", 9, "2026-09-10T09:00"),  # just after: the next morning
        ("2026-09-09T23:59:59", 9, "2026-09-10T09:00"),
        ("2026-09-11T17:00", 9, "2026-09-14T09:00"),  # Fri evening: Monday
        ("2026-09-12T08:00", 9, "2026-09-14T09:00"),  # Sat: Monday
        ("2026-09-13T10:00", 8, "2026-09-14T08:00"),  # another hour
        ("2026-03-06T18:00", 9, "2026-03-09T09:00"),  # over the US spring change
        ("2026-10-30T18:00", 9, "2026-11-02T09:00"),  # over the US fall change
        ("2026-12-31T10:00", 9, "2027-01-01T09:00"),  # year end (no holidays)
        ("2028-02-28T12:00", 9, "2028-02-29T09:00"),  # leap day
    ],
)
def test_next_business_morning(moment, hour, expected):
    result = next_business_morning(datetime.fromisoformat(moment).replace(tzinfo=NY), hour)
    assert result == datetime.fromisoformat(expected).replace(tzinfo=NY)
    assert result.utcoffset() == NY.utcoffset(result.replace(tzinfo=None))


def test_next_business_morning_keeps_the_zone_across_the_eu_change():
    result = next_business_morning(datetime(2026, 3, 27, 18, tzinfo=BERLIN))
    assert (result, result.utcoffset()) == (datetime(2026, 3, 30, 9, tzinfo=BERLIN), 2 * H)
