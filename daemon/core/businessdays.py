"""Business-day arithmetic on wall-clock time: Monday to Friday, no public holidays.

A follow-up "2 business days after the decision date" must land at the same local time whatever DST does in
between, so the arithmetic is done on the wall time in the moment's own zone and the result is re-localised.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta, timezone, tzinfo


def _relocalise(moment: datetime) -> datetime:
    """Give a wall time its real offset; a time a DST change skipped (02:30 on spring-forward day) moves on by
    the gap, as the clock on the wall would (03:30). Naive and fixed-offset times are unchanged."""
    if moment.tzinfo is None:
        return moment
    return moment.astimezone(timezone.utc).astimezone(moment.tzinfo)


def _on_day(moment: datetime, day: date) -> datetime:
    """``moment``'s wall time on another ``day``."""
    return _relocalise(moment.replace(year=day.year, month=day.month, day=day.day))


def is_business_day(day: date) -> bool:
    """Monday to Friday."""
    return day.weekday() < 5


def add_business_days(moment: datetime, n: int) -> datetime:
    """``n`` business days after ``moment``, at the same wall-clock time in its zone.

    A start on a weekend counts from the next Monday (Saturday + 0 is Monday, Saturday + 1 is Tuesday).
    """
    if n < 0:
        raise ValueError(f"n must be 0 or more, not {n}")
    day = moment.date()
    while not is_business_day(day):
        day += timedelta(days=1)
    while n:
        day += timedelta(days=1)
        if is_business_day(day):
            n -= 1
    return _on_day(moment, day)


def end_of_day(d: date, zone: tzinfo | None) -> datetime:
    """23:59:59 local on ``d``: the last moment a deadline given as a day is still met."""
    return _relocalise(datetime.combine(d, time(23, 59, 59), tzinfo=zone))


def next_business_morning(moment: datetime, hour: int = 9) -> datetime:
    """The first ``hour``:00 on a business day at or after ``moment``, in its zone: when a draft should be
    waiting, so it is seen at the start of a working day rather than at 23:59 or on a Sunday."""
    day = moment.date()
    while True:
        candidate = _on_day(moment.replace(hour=hour, minute=0, second=0, microsecond=0, fold=0), day)
        if is_business_day(day) and candidate >= moment:
            return candidate
        day += timedelta(days=1)
