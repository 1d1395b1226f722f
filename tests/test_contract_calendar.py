"""One contract suite for every calendar source: the in-memory reference, ICS (file and http), Google
(the fake) and CalDAV (Radicale).

A new source joins by adding a factory to SOURCES: a function (tmp_path, events) returning an
object with ``source`` (the CalendarSource) and ``add(event)`` (changes the calendar).
"""

from __future__ import annotations

import http.server
import threading
from datetime import datetime, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

import icalendar
import pytest

from connectors.base import CalendarSource, MemoryCalendar
from connectors.ics import ICSCalendar
from daemon.core.model import Event, Person

NY = ZoneInfo("America/New_York")
T0 = datetime(2026, 3, 2, 9, 0, tzinfo=NY)


def sample_events() -> list[Event]:
    me = Person("robin.vega@example.org", "Robin Vega", partstat="ACCEPTED")
    kim = Person("kim@acme.example", "Kim Okafor", partstat="ACCEPTED")
    return [
        Event("x", "a@test", "Interview with Acme", T0, T0 + timedelta(hours=1), organizer=kim, attendees=[kim, me]),
        Event("x", "b@test", "Lunch", T0 + timedelta(days=1), T0 + timedelta(days=1, hours=1)),
        Event("x", "c@test", "Cancelled screen", T0 + timedelta(days=2), T0 + timedelta(days=2, hours=1), status="CANCELLED"),
        Event("x", "d@test", "Far away", T0 + timedelta(days=90), T0 + timedelta(days=90, hours=1)),
    ]


def to_ics(events: list[Event]) -> bytes:
    cal = icalendar.Calendar()
    cal.add("prodid", "-//followthrough tests//EN")
    cal.add("version", "2.0")
    for e in events:
        v = icalendar.Event()
        v.add("uid", e.uid)
        v.add("summary", e.title)
        v.add("dtstart", e.start)
        v.add("dtend", e.end)
        v.add("dtstamp", datetime(2026, 1, 1, tzinfo=timezone.utc))
        v.add("status", e.status)
        if e.organizer:
            v.add("organizer", icalendar.vCalAddress("mailto:" + e.organizer.email), parameters={"CN": e.organizer.name})
        for a in e.attendees:
            v.add("attendee", icalendar.vCalAddress("mailto:" + a.email), parameters={"CN": a.name, "PARTSTAT": a.partstat})
        cal.add_component(v)
    return cal.to_ical()


class MemoryFactory:
    def __init__(self, tmp_path: Path, events: list[Event]):
        self.source = MemoryCalendar("mem", events)

    def add(self, event: Event) -> None:
        self.source.put(event)


class FileFactory:
    def __init__(self, tmp_path: Path, events: list[Event]):
        self.events = list(events)
        self.path = tmp_path / "cal.ics"
        self.path.write_bytes(to_ics(self.events))
        self.source = ICSCalendar(str(self.path), NY)

    def add(self, event: Event) -> None:
        self.events.append(event)
        self.path.write_bytes(to_ics(self.events))


class HTTPFactory(FileFactory):
    """The same file served over HTTP with ETags (SimpleHTTPRequestHandler sends Last-Modified)."""

    def __init__(self, tmp_path: Path, events: list[Event]):
        super().__init__(tmp_path, events)
        handler = lambda *a, **k: http.server.SimpleHTTPRequestHandler(*a, directory=str(tmp_path), **k)  # noqa: E731
        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        self.source = ICSCalendar(f"http://127.0.0.1:{self.server.server_address[1]}/cal.ics", NY)

    def add(self, event: Event) -> None:
        super().add(event)
        # Last-Modified has one-second resolution: make the change visible to a conditional GET.
        import os

        st = self.path.stat()
        os.utime(self.path, ns=(st.st_atime_ns, st.st_mtime_ns + 2_000_000_000))


class GoogleFactory:
    """Google Calendar through the real google-api-python-client, against the local fake."""

    def __init__(self, tmp_path: Path, events: list[Event]):
        from connectors.google.calendar import GoogleCalendar

        from .fakes.google_fake import GoogleFake, event_resource, session_for, settings_for

        self.fake, self.resource = GoogleFake().__enter__(), event_resource
        self.server = self.fake.server
        for e in events:
            self.fake.put_event(event_resource(e))
        self.source = GoogleCalendar(session_for(self.fake, settings_for(self.fake, tmp_path)), "primary", NY)

    def add(self, event: Event) -> None:
        self.fake.put_event(self.resource(event))


class CalDAVFactory:
    """A real Radicale account with two calendars and a task list; each event is its own object."""

    def __init__(self, tmp_path: Path, events: list[Event]):
        from connectors.dav import CalDAVCalendar
        from connectors.secret import Password
        from daemon.core.errors import CalendarError

        from .servers import Radicale

        self.dav = self.server = Radicale().__enter__()
        self.work = self.dav.make_calendar("work", "Work")
        self.dav.make_calendar("home", "Home")
        self.dav.make_calendar("tasks", "Tasks", ("VTODO",))
        for e in events:
            self.add(e)
        password = Password(f"printf '%s\\n' '{self.dav.PASSWORD}'", "127.0.0.1", self.dav.USER, CalendarError, "test")
        self.source = CalDAVCalendar(self.dav.url, self.dav.USER, password, NY)

    def add(self, event: Event) -> None:
        self.dav.put(self.work, event.uid, to_ics([event]))


@pytest.fixture(params=[MemoryFactory, FileFactory, HTTPFactory, GoogleFactory, CalDAVFactory],
                ids=["memory", "ics-file", "ics-http", "google", "caldav"])
def calendar(request, tmp_path):
    factory = request.param(tmp_path, sample_events())
    yield factory
    if hasattr(factory, "dav"):
        factory.dav.__exit__(None, None, None)
    elif hasattr(factory, "server"):
        factory.server.shutdown()


def window():
    return T0 - timedelta(days=1), T0 + timedelta(days=30)


def test_lists_events_in_window_without_cancelled(calendar):
    fetch = calendar.source.fetch(*window())
    assert isinstance(calendar.source, CalendarSource)
    assert [e.uid for e in fetch.events] == ["a@test", "b@test"]
    assert fetch.changed is True


def test_instants_are_aware_and_exact(calendar):
    event = calendar.source.fetch(*window()).events[0]
    assert event.start.tzinfo is not None and event.end.tzinfo is not None
    assert event.start == T0 and event.end - event.start == timedelta(hours=1)
    assert event.start.astimezone(timezone.utc) == datetime(2026, 3, 2, 14, 0, tzinfo=timezone.utc)


def test_people_come_through(calendar):
    event = calendar.source.fetch(*window()).events[0]
    assert event.organizer.email == "kim@acme.example" and event.organizer.name == "Kim Okafor"
    assert {a.email for a in event.attendees} == {"kim@acme.example", "robin.vega@example.org"}


def test_unchanged_calendar_says_so(calendar):
    first = calendar.source.fetch(*window())
    second = calendar.source.fetch(*window(), token=first.token)
    assert second.changed is False and second.events == []


def test_a_change_is_seen(calendar):
    first = calendar.source.fetch(*window())
    calendar.add(Event("x", "e@test", "New round", T0 + timedelta(days=3), T0 + timedelta(days=3, hours=1)))
    second = calendar.source.fetch(*window(), token=first.token)
    assert second.changed is True
    assert "e@test" in [e.uid for e in second.events]
