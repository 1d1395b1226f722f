"""The CalDAV calendar against a real Radicale: discovery, picking a calendar, the names events are
stored under, deletions reaching the state, servers without sync tokens, and the instant rules of the
ICS path. (The CalendarSource contract itself is in test_contract_calendar.py.)"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

from connectors.dav import CalDAVCalendar
from connectors.secret import Password
from daemon.detection import Identity
from daemon.core.errors import CalendarError
from daemon.core.model import Event, Person
from daemon.service.state import open_state
from daemon.service.sync import sync_calendar

from .servers import Radicale
from .test_contract_calendar import NY, T0, to_ics

READ_ONLY = {"PROPFIND", "REPORT", "OPTIONS"}
ME = Person("robin.vega@example.org", "Robin Vega", partstat="ACCEPTED")
KIM = Person("kim@acme.example", "Kim Okafor", partstat="ACCEPTED")


def interview(uid: str, days: int = 0, title: str = "Interview with Acme") -> Event:
    start = T0 + timedelta(days=days)
    return Event("x", uid, title, start, start + timedelta(hours=1), organizer=KIM, attendees=[KIM, ME])


@pytest.fixture
def dav():
    with Radicale() as server:
        server.work = server.make_calendar("work", "Work")
        server.home = server.make_calendar("home", "Home")
        server.make_calendar("tasks", "Chores", ("VTODO",))
        yield server


def source(dav, url: str | None = None, **kw) -> CalDAVCalendar:
    pw = Password(f"printf '%s\\n' '{dav.PASSWORD}'", "127.0.0.1", dav.USER, CalendarError, "test")
    return CalDAVCalendar(url or dav.url, dav.USER, pw, NY, **kw)


def window():
    return T0 - timedelta(days=1), T0 + timedelta(days=30)


def test_every_calendar_of_the_account_each_under_its_own_name(dav):
    dav.put(dav.work, "a@test", to_ics([interview("a@test")]))
    dav.put(dav.home, "b@test", to_ics([interview("b@test", 1, "Dentist")]))
    fetch = source(dav).fetch(*window())
    assert {(e.uid, e.source, e.calendar) for e in fetch.events} == {("a@test", "Work (robin)", "Work (robin)"),
                                                                     ("b@test", "Home (robin)", "Home (robin)")}
    assert fetch.covered == {"Work (robin)", "Home (robin)"}  # the task list is not a calendar
    named = source(dav, name="mine").fetch(*window())
    assert {e.source for e in named.events} == {"mine"}
    assert {m for m, _ in dav.ours()} <= READ_ONLY


def test_one_calendar_by_display_name_or_by_its_url(dav):
    dav.put(dav.work, "a@test", to_ics([interview("a@test")]))
    dav.put(dav.home, "b@test", to_ics([interview("b@test", 1)]))
    assert [e.uid for e in source(dav, calendar="Home").fetch(*window()).events] == ["b@test"]
    assert [e.uid for e in source(dav, dav.url.rstrip("/") + dav.work).fetch(*window()).events] == ["a@test"]
    with pytest.raises(CalendarError) as err:
        source(dav, calendar="Travail").fetch(*window())
    assert "no calendar named 'Travail'; found: " in err.value.message and "'Work'" in err.value.message
    assert "'Chores'" not in err.value.message  # a task list is not a calendar


def test_a_deleted_event_cancels_the_stored_interview(dav, tmp_path):
    dav.put(dav.work, "a@test", to_ics([interview("a@test", 3)]))
    state = open_state(tmp_path / "state.sqlite")
    cal = source(dav)
    now = T0
    me = Identity.of(["robin.vega@example.org"], "Robin Vega")
    first = sync_calendar(state, cal, me, now)
    assert first.error is None and len(first.new) == 1
    assert state.interviews()[0].source == "Work (robin)"
    mark = len(dav.ours())
    assert sync_calendar(state, cal, me, now).changed is False
    assert [m for m, _ in dav.ours()[mark:]] == ["REPORT", "REPORT"]  # one sync-collection per calendar
    dav.delete(dav.work, "a@test")
    gone = sync_calendar(state, cal, me, now)
    assert gone.cancelled == first.new and state.interviews()[0].stage == "cancelled"


def test_a_server_without_sync_tokens_is_compared_by_ctag_and_etags(dav):
    dav.no_sync = True
    dav.put(dav.work, "a@test", to_ics([interview("a@test")]))
    cal = source(dav)
    first = cal.fetch(*window())
    assert [e.uid for e in first.events] == ["a@test"]
    mark = len(dav.ours())
    same = cal.fetch(*window(), token=first.token)
    assert same.changed is False and [m for m, _ in dav.ours()[mark:]] == ["PROPFIND", "PROPFIND"]  # a CTag each
    dav.put(dav.work, "b@test", to_ics([interview("b@test", 2)]))
    mark = len(dav.ours())
    later = cal.fetch(*window(), token=same.token)
    assert [e.uid for e in later.events] == ["a@test", "b@test"]
    # Work: CTag, ETags, one multiget of the new object; Home: its CTag
    assert sorted(m for m, _ in dav.ours()[mark:]) == ["PROPFIND", "PROPFIND", "PROPFIND", "REPORT"]


CUSTOM = """BEGIN:VCALENDAR\r
VERSION:2.0\r
PRODID:-//Microsoft Corporation//Outlook 16.0//EN\r
BEGIN:VTIMEZONE\r
TZID:Customized Time Zone\r
BEGIN:STANDARD\r
DTSTART:16010101T000000\r
TZOFFSETFROM:{off}\r
TZOFFSETTO:{off}\r
END:STANDARD\r
END:VTIMEZONE\r
BEGIN:VEVENT\r
UID:{uid}\r
DTSTAMP:20260101T000000Z\r
DTSTART;TZID="Customized Time Zone":20260302T090000\r
DTEND;TZID="Customized Time Zone":20260302T100000\r
SUMMARY:Interview {uid}\r
END:VEVENT\r
END:VCALENDAR\r
"""


def test_two_objects_defining_the_same_custom_zone_differently_keep_their_own_offsets(dav):
    dav.put(dav.work, "tokyo@test", CUSTOM.format(uid="tokyo@test", off="+0900"))
    dav.put(dav.work, "berlin@test", CUSTOM.format(uid="berlin@test", off="+0100"))
    events = {e.uid: e for e in source(dav).fetch(*window()).events}
    assert events["tokyo@test"].start.astimezone(timezone.utc) == datetime(2026, 3, 2, 0, 0, tzinfo=timezone.utc)
    assert events["berlin@test"].start.astimezone(timezone.utc) == datetime(2026, 3, 2, 8, 0, tzinfo=timezone.utc)


def test_a_broken_object_is_skipped_with_a_warning_and_the_others_kept(dav):
    dav.put(dav.work, "a@test", to_ics([interview("a@test")]))
    dav.put(dav.work, "rrule@test", "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//EN\r\nBEGIN:VEVENT\r\nUID:rrule@test\r\n"
            "DTSTAMP:20260101T000000Z\r\nDTSTART;TZID=Nowhere/Special:20260303T090000\r\nSUMMARY:Odd\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n")
    fetch = source(dav).fetch(*window())
    assert [e.uid for e in fetch.events] == ["a@test"]
    assert "rrule@test" in fetch.skipped and any("rrule@test" in w for w in fetch.warnings)


def test_plain_http_is_refused_off_this_machine():
    pw = Password("echo x", "dav.example.com", "robin", CalendarError, "test")
    with pytest.raises(CalendarError, match="http:// is refused"):
        CalDAVCalendar("http://dav.example.com/", "robin", pw, ZoneInfo("UTC"))
