"""Hostile and odd calendars: bounded expansion and fetches, RFC 5545 readings (tests/ics/*.ics).

Expected instants are worked out by hand (US DST 2026: Mar 8 - Nov 1).
"""

from __future__ import annotations

import http.server
import logging
import threading
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from icalendar.timezone import tzp

from connectors.ics import ICSCalendar
from daemon.core.errors import CalendarError

HERE = Path(__file__).parent / "ics"
UTC = timezone.utc
BERLIN = ZoneInfo("Europe/Berlin")


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


def parse(name: str, start: datetime, end: datetime, zone=BERLIN, **kw):
    path = HERE / name
    return ICSCalendar(str(path), zone).parse(path.read_bytes(), start, end, **kw)


@pytest.fixture(autouse=True)
def fresh_icalendar_cache():
    tzp.use_zoneinfo()
    yield
    tzp.use_zoneinfo()


@pytest.mark.parametrize("name, uid", [
    ("hostile_minutely.ics", "minutely-million@hostile.example"),  # RRULE:FREQ=MINUTELY;COUNT=1000000
    ("hostile_impossible_rule.ics", "february-30@hostile.example"),  # FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30
])
def test_a_runaway_series_is_skipped_by_name_and_the_rest_kept(name, uid):
    cal = ICSCalendar(str(HERE / name), BERLIN)
    t = time.perf_counter()
    events, warnings = cal.parse((HERE / name).read_bytes(), utc(2026, 8, 1), utc(2027, 2, 1))
    elapsed = time.perf_counter() - t
    assert [e.uid for e in events] == ["good-neighbour@hostile.example"]
    assert len(warnings) == 1 and uid in warnings[0], warnings
    assert uid in cal.skipped  # what is stored about it is kept
    assert elapsed < 10, elapsed  # minutes and gigabytes before; the budget is about 1 s


def test_until_before_dtstart_keeps_dtstart_with_a_warning():
    events, warnings = parse("until_before_start.ics", utc(2026, 9, 1), utc(2026, 10, 1))
    assert [(e.uid, e.start, e.end) for e in events] == [
        ("until-before-start@hostile.example", utc(2026, 9, 10, 14), utc(2026, 9, 10, 15))
    ]
    assert len(warnings) == 1 and "until-before-start@hostile.example" in warnings[0] and "UNTIL" in warnings[0]


@pytest.mark.parametrize("value", [b"gregorian", b"Gregorian", b"GREGORIAN"])
def test_calscale_is_case_insensitive(value):
    raw = (HERE / "until_before_start.ics").read_bytes().replace(b"CALSCALE:gregorian", b"CALSCALE:" + value)
    events, _ = ICSCalendar("feed", BERLIN).parse(raw, utc(2026, 9, 1), utc(2026, 10, 1))
    assert len(events) == 1


def test_latin1_calendar_is_read_with_a_warning():
    events, warnings = parse("latin1.ics", utc(2026, 9, 1), utc(2026, 10, 1))
    [e] = events
    assert e.title == "Entretien avec Renée Müller"
    assert e.organizer.name == "Renée Müller"
    assert warnings == [f"calendar {HERE / 'latin1.ics'}: not UTF-8; read as Windows-1252"]


def test_a_utf8_calendar_with_one_latin1_line_keeps_its_utf8():
    raw = (HERE / "latin1.ics").read_bytes().replace(b"SUMMARY:Entretien", "SUMMARY:Ça va — Entretien".encode())
    raw = raw.replace(b"Ren\xe9e M\xfcller\r\nORG", "Renée Müller\r\nORG".encode())
    events, _ = ICSCalendar("feed", BERLIN).parse(raw, utc(2026, 9, 1), utc(2026, 10, 1))
    assert events[0].title == "Ça va — Entretien avec Renée Müller"
    assert events[0].organizer.name == "Renée Müller"  # this line alone was Latin-1


def test_icalendar_warnings_go_to_the_log_naming_the_calendar(caplog, recwarn):
    # a TZID icalendar guesses from a globally unique name makes it warn (GloballyUniqueTZIDGuessed)
    raw = (HERE / "olson.ics").read_bytes().replace(b"TZID=Europe/Berlin", b"TZID=/freeassociation.sourceforge.net/Europe/Berlin")
    assert raw != (HERE / "olson.ics").read_bytes()
    with caplog.at_level(logging.WARNING, logger="connectors.ics"):
        ICSCalendar("my-feed", BERLIN).parse(raw, utc(2026, 6, 1), utc(2026, 6, 8))
    assert len(recwarn) == 0  # nothing printed raw
    assert any(r.getMessage().startswith("calendar my-feed: ") for r in caplog.records), caplog.records


# -- durations and DST (RFC 5545 3.3.5, 3.3.6) ------------------------------------------------------


def test_start_in_the_spring_gap_moves_forward_and_keeps_its_length():
    events, warnings = parse("dst_gap_and_minutes.ics", utc(2026, 3, 7), utc(2026, 3, 9))
    assert warnings == []
    [e] = events
    # 02:30 does not exist on Mar 8 in New York: read with the offset before the gap (-05:00),
    # i.e. 03:30 EDT; it lasts its 45 minutes (before: ended 03:15, before it started)
    assert (e.start.astimezone(UTC), e.end.astimezone(UTC)) == (utc(2026, 3, 8, 7, 30), utc(2026, 3, 8, 8, 15))
    assert e.start.utcoffset() == timedelta(hours=-4)  # a real wall time, 03:30 EDT


def test_minutes_over_the_fall_back_are_exact():
    events, _ = parse("dst_gap_and_minutes.ics", utc(2026, 10, 31), utc(2026, 11, 3))
    [e] = events
    # 00:00 EDT + 180 real minutes = 02:00 EST (an hour late before)
    assert (e.start.astimezone(UTC), e.end.astimezone(UTC)) == (utc(2026, 11, 1, 4), utc(2026, 11, 1, 7))


# -- occurrence identity does not depend on the user's zone ----------------------------------------------


def test_floating_series_keeps_its_recurrence_ids_when_the_user_moves():
    window = (utc(2026, 9, 1), utc(2026, 10, 15))
    berlin, _ = parse("floating_weekly.ics", *window, zone=BERLIN)
    tokyo, _ = parse("floating_weekly.ics", *window, zone=ZoneInfo("Asia/Tokyo"))
    assert [e.recurrence_id for e in berlin] == ["20260907T093000", "20260914T093000", "20260921T093000", "20260928T093000"]
    assert [e.recurrence_id for e in tokyo] == [e.recurrence_id for e in berlin]
    assert berlin[0].start.astimezone(UTC) == utc(2026, 9, 7, 7, 30)  # 09:30 CEST
    assert tokyo[0].start.astimezone(UTC) == utc(2026, 9, 7, 0, 30)  # 09:30 JST


# -- a total deadline per fetch ------------------------------------------------------------------------


class _Drip:
    """A local HTTP server that sends its calendar one byte at a time, forever slow."""

    def __init__(self, pause: float, headers_too: bool = False):
        body = (HERE / "olson.ics").read_bytes()
        self.stop = threading.Event()
        outer = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self):  # noqa: N802
                try:
                    head = (b"HTTP/1.1 200 OK\r\nContent-Type: text/calendar\r\n"
                            b"Content-Length: " + str(len(body)).encode() + b"\r\n\r\n")
                    for chunk in ([head[i:i + 1] for i in range(len(head))] if headers_too else [head]):
                        self.wfile.write(chunk)
                        self.wfile.flush()
                        if headers_too and outer.stop.wait(pause):
                            return
                    for i in range(len(body)):
                        self.wfile.write(body[i:i + 1])
                        self.wfile.flush()
                        if outer.stop.wait(pause):
                            return
                except OSError:
                    return

            def log_message(self, *args):
                pass

        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/calendar.ics"
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def close(self):
        self.stop.set()
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.mark.parametrize("headers_too", [False, True], ids=["body drips", "headers drip"])
def test_a_dripping_server_cannot_hold_a_fetch(headers_too):
    server = _Drip(pause=0.2, headers_too=headers_too)  # each read comes well within the socket timeout
    try:
        cal = ICSCalendar(server.url, BERLIN)
        cal.deadline = 1.5
        t = time.perf_counter()
        with pytest.raises(CalendarError) as err:
            cal.fetch(utc(2026, 6, 1), utc(2026, 6, 8))
        elapsed = time.perf_counter() - t
    finally:
        server.close()
    assert server.url in str(err.value) and "1.5 s" in str(err.value)
    assert elapsed < 5, elapsed
