"""The parsing and printing of times given on the command line.

The core never reads the clock: ``now`` is always a parameter. Only the CLI edge calls
:func:`daemon.service.clock.real_now`, and ``--now`` replaces it.
"""

from __future__ import annotations

from datetime import date, datetime, time, tzinfo

from daemon.core.errors import UsageError


def parse_instant(text: str, zone: tzinfo, *, what: str = "--now") -> datetime:
    """An ISO 8601 date or date-time; without an offset it is in ``zone``."""
    try:
        value = datetime.fromisoformat(text.strip().replace("Z", "+00:00").replace("z", "+00:00"))
    except ValueError:
        raise UsageError(
            f"{what}: {text!r} is not an ISO 8601 time", hint="for example 2026-09-03T11:05:00-04:00 or 2026-09-03"
        ) from None
    if value.tzinfo is None:
        value = value.replace(tzinfo=zone)
    return value


def parse_day(text: str, zone: tzinfo, *, what: str) -> datetime:
    """A date (midnight in ``zone``) or a date-time, for window bounds such as ``--since``."""
    text = text.strip()
    try:
        day = date.fromisoformat(text)
    except ValueError:
        return parse_instant(text, zone, what=what)
    return datetime.combine(day, time(0), tzinfo=zone)


def iso(value: datetime) -> str:
    """ISO 8601 with seconds and a UTC offset, the form of every time in JSON output."""
    return value.isoformat(timespec="seconds")
