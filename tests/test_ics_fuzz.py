"""Property tests over ICS input (hypothesis), bounded in time for CI.

1. An exact-duration oracle over zones with unusual DST (New York, Berlin, Sydney, Santiago,
   Lord Howe's half hour, Dublin's negative DST, Havana's midnight changes): start times generated
   around each zone's transitions, durations as DTEND or DURATION, single and weekly. The oracle is
   RFC 5545 computed with zoneinfo alone: a wall time in a gap takes the offset before the gap
   (fold=0), an ambiguous one the first; DTEND - DTSTART is elapsed time (the wall-clock length if
   the gap made it negative); in DURATION weeks and days are nominal, the rest is exact.
2. A fuzz target: mutated calendars from tests/ics; nothing but CalendarError may escape, and each
   file stays within a time and memory budget.
"""

from __future__ import annotations

import random
import time
import tracemalloc
from datetime import datetime, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from icalendar.timezone import tzp

from connectors.ics import ICSCalendar
from daemon.core.errors import CalendarError

HERE = Path(__file__).parent / "ics"
UTC = timezone.utc
ZONES = ["America/New_York", "Europe/Berlin", "Australia/Sydney", "America/Santiago", "Australia/Lord_Howe",
         "Europe/Dublin", "America/Havana"]
USER = ZoneInfo("Europe/Berlin")
FILE_SECONDS = 3.0  # budget per fuzzed file (the expansion budget is 1 s per series)
FILE_MEGABYTES = 64  # budget per fuzzed file, Python allocations at peak


def _transitions(name: str) -> list[datetime]:
    """The wall times just before each offset change of ``name`` in 2026-2027 (hourly scan)."""
    zone = ZoneInfo(name)
    found = []
    t = datetime(2026, 1, 1, tzinfo=UTC)
    while t.year < 2028:
        if (t + timedelta(hours=1)).astimezone(zone).utcoffset() != t.astimezone(zone).utcoffset():
            found.append(t.astimezone(zone).replace(tzinfo=None))
        t += timedelta(hours=1)
    return found


TRANSITIONS = {z: _transitions(z) for z in ZONES}


def _inst(wall: datetime, zone: ZoneInfo) -> datetime:
    return wall.replace(tzinfo=zone, fold=0).astimezone(UTC)


def oracle(zone, wall, kind, minutes, days, count):
    """[(start, end)] in UTC, by RFC 5545 (see the module docstring)."""
    out = []
    for k in range(count):
        w = wall + timedelta(days=7 * k)
        start = _inst(w, zone)
        if kind == "dtend":
            end_wall0 = wall + timedelta(minutes=minutes)
            exact = _inst(end_wall0, zone) - _inst(wall, zone)
            if exact < timedelta(0):
                exact = end_wall0 - wall
            end = start + exact
        else:
            end = _inst(w + timedelta(days=days), zone) + timedelta(minutes=minutes)
        out.append((start, max(start, end)))
    return out


def calendar(zone_name, wall, kind, minutes, days, count) -> bytes:
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//oracle//EN", "BEGIN:VEVENT", "UID:oracle@test",
             "DTSTAMP:20260101T000000Z", f"DTSTART;TZID={zone_name}:{wall:%Y%m%dT%H%M%S}"]
    if kind == "dtend":
        lines.append(f"DTEND;TZID={zone_name}:{wall + timedelta(minutes=minutes):%Y%m%dT%H%M%S}")
    else:
        lines.append(f"DURATION:P{days}DT{minutes}M" if days else f"DURATION:PT{minutes}M")
    if count > 1:
        lines.append(f"RRULE:FREQ=WEEKLY;COUNT={count}")
    lines += ["SUMMARY:Interview", "END:VEVENT", "END:VCALENDAR"]
    return ("\r\n".join(lines) + "\r\n").encode()


@st.composite
def cases(draw):
    zone = draw(st.sampled_from(ZONES))
    near = draw(st.sampled_from(TRANSITIONS[zone]))
    count = draw(st.sampled_from([1, 1, 3]))
    shift = timedelta(minutes=draw(st.integers(-240, 240)))
    wall = near + shift - (timedelta(days=7) if count > 1 else timedelta(0))  # the 2nd occurrence meets it
    wall = wall.replace(second=0, microsecond=0)
    kind = draw(st.sampled_from(["dtend", "duration"]))
    minutes = draw(st.integers(0, 30 * 60))
    days = draw(st.integers(0, 2)) if kind == "duration" else 0
    return zone, wall, kind, minutes, days, count


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(cases())
# an end in the repeated hour of a fall-back night: equal to its start by wall clock, an hour later in fact
@example(("America/New_York", datetime(2026, 11, 1, 1, 0), "duration", 60, 0, 1))
@example(("America/New_York", datetime(2026, 10, 25, 1, 1), "dtend", 59, 0, 3))
def test_durations_match_the_rfc5545_oracle(case):
    zone_name, wall, kind, minutes, days, count = case
    zone = ZoneInfo(zone_name)
    tzp.use_zoneinfo()
    raw = calendar(zone_name, wall, kind, minutes, days, count)
    first = _inst(wall, zone)
    events, warnings = ICSCalendar("oracle", USER).parse(raw, first - timedelta(days=2), first + timedelta(days=7 * count + 5))
    assert warnings == []
    got = [(e.start.astimezone(UTC), e.end.astimezone(UTC)) for e in events]
    assert got == oracle(zone, wall, kind, minutes, days, count), raw.decode()
    for e in events:  # in UTC: Python compares two times of one zone by wall clock, ignoring fold
        assert e.end.astimezone(UTC) >= e.start.astimezone(UTC)


# -- the fuzz target -----------------------------------------------------------------------------------

SEEDS = sorted(HERE.glob("*.ics"))
_TOKENS = [b"RRULE:FREQ=MINUTELY;COUNT=100000", b"RRULE:FREQ=SECONDLY", b"RRULE:FREQ=DAILY;BYMONTH=2;BYMONTHDAY=31",
           b"RRULE:FREQ=YEARLY;BYWEEKNO=1;BYMONTH=7", b"RRULE:FREQ=WEEKLY;UNTIL=19990101T000000Z",
           b"RDATE;VALUE=PERIOD:20260910T100000Z/PT1H", b"EXDATE:20260910T100000Z", b"DURATION:-PT1H",
           b"DURATION:P9999W", b"DTSTART:99991231T235959", b"DTSTART;VALUE=DATE:20260230", b"X-WR-TIMEZONE:",
           b"X-WR-TIMEZONE:Pacific Standard Time", b"CALSCALE:gregorian", b"TZID:", b"BEGIN:VEVENT", b"END:VEVENT",
           b"BEGIN:VTIMEZONE", b"RECURRENCE-ID;RANGE=THISANDFUTURE:20260910T100000Z", b"STATUS:CANCELLED",
           b"\xff\xfe", b"\xe9", b";TZID=Mars/Olympus", b"\r\n ", b"SUMMARY:" + b"x" * 5000]


@st.composite
def mutated(draw):
    seed = draw(st.sampled_from(SEEDS)).read_bytes()
    lines = seed.split(b"\n")
    rnd = random.Random(draw(st.integers(0, 2**32)))
    for _ in range(draw(st.integers(1, 8))):
        op = rnd.randrange(5)
        i = rnd.randrange(len(lines))
        if op == 0:
            lines.insert(i, rnd.choice(_TOKENS) + b"\r")
        elif op == 1 and len(lines) > 1:
            del lines[i]
        elif op == 2:
            lines[i] = lines[i][: rnd.randrange(len(lines[i]) + 1)]
        elif op == 3:
            j = rnd.randrange(len(lines))
            lines[i], lines[j] = lines[j], lines[i]
        else:
            b = bytearray(lines[i] or b"x")
            b[rnd.randrange(len(b))] = rnd.randrange(256)
            lines[i] = bytes(b)
    return b"\n".join(lines)


STATS = {"examples": 0, "max_seconds": 0.0, "max_mb": 0.0}


@settings(max_examples=250, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(mutated())
def test_fuzzed_calendars_raise_nothing_but_calendar_error(raw):
    tzp.use_zoneinfo()
    source = ICSCalendar("fuzz", USER)
    tracemalloc.start()
    t = time.perf_counter()
    try:
        events, _ = source.parse(raw, datetime(2026, 1, 1, tzinfo=UTC), datetime(2027, 1, 1, tzinfo=UTC))
    except CalendarError:
        events = []
    finally:
        elapsed = time.perf_counter() - t
        peak = tracemalloc.get_traced_memory()[1] / 1e6
        tracemalloc.stop()
    STATS["examples"] += 1
    STATS["max_seconds"] = max(STATS["max_seconds"], elapsed)
    STATS["max_mb"] = max(STATS["max_mb"], peak)
    assert elapsed < FILE_SECONDS
    assert peak < FILE_MEGABYTES
    for e in events:
        assert e.start.tzinfo is not None and e.end >= e.start


def test_fuzz_figures(capsys):
    """Prints what the fuzz target saw (run after it: pytest keeps file order)."""
    with capsys.disabled():
        print(f"\nICS fuzz: {STATS['examples']} calendars, max {STATS['max_seconds']:.2f} s "
              f"and {STATS['max_mb']:.1f} MB per file (budgets {FILE_SECONDS} s, {FILE_MEGABYTES} MB)")
