"""Syncing a calendar into the state: new, moved, cancelled, declined, and broken calendars."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from connectors.base import MemoryCalendar
from connectors.ics import ICSCalendar
from daemon.detection import Identity
from daemon.core.model import Event, Person
from daemon.service.state import open_state
from daemon.service.sync import sync_calendar

NY = ZoneInfo("America/New_York")
NOW = datetime(2026, 10, 30, 9, 0, tzinfo=NY)  # the Friday before the US leaves DST
ME = Identity.of(["robin.vega@example.org"], "Robin Vega")
ROBIN = Person("robin.vega@example.org", "Robin Vega", partstat="ACCEPTED")
KIM = Person("kim@acme.example", "Kim Okafor", partstat="ACCEPTED")


def interview(uid="i1@acme", start=datetime(2026, 11, 2, 10, 0, tzinfo=NY), **kw):
    return Event("mem", uid, "Interview with Acme - technical round", start, start + timedelta(hours=1),
                 organizer=KIM, attendees=[KIM, ROBIN], **kw)


def test_new_interview_is_stored_once(tmp_path):
    st = open_state(tmp_path / "s.sqlite")
    cal = MemoryCalendar("mem", [interview(), Event("mem", "x", "Dentist", NOW, NOW + timedelta(hours=1))])
    r1 = sync_calendar(st, cal, ME, NOW)
    r2 = sync_calendar(st, cal, ME, NOW + timedelta(minutes=15))
    assert len(r1.new) == 1 and r2.changed is False
    [stored] = st.interviews()
    assert stored.kind == "technical" and stored.interviewers == [{"name": "Kim Okafor", "email": "kim@acme.example"}]
    # across the DST change the instant is kept exactly
    assert stored.start.astimezone(ZoneInfo("UTC")) == datetime(2026, 11, 2, 15, 0, tzinfo=ZoneInfo("UTC"))


def test_moved_interview_is_updated(tmp_path):
    st = open_state(tmp_path / "s.sqlite")
    cal = MemoryCalendar("mem", [interview()])
    sync_calendar(st, cal, ME, NOW)
    cal.put(interview(start=datetime(2026, 11, 3, 14, 0, tzinfo=NY)))
    r = sync_calendar(st, cal, ME, NOW)
    assert len(r.moved) == 1
    assert st.interviews()[0].start == datetime(2026, 11, 3, 14, 0, tzinfo=NY)


def test_removed_or_declined_interview_is_cancelled_not_deleted(tmp_path):
    st = open_state(tmp_path / "s.sqlite")
    cal = MemoryCalendar("mem", [interview(), interview("i2@acme")])
    sync_calendar(st, cal, ME, NOW)
    cal.events = [e for e in cal.events if e.uid != "i1@acme"]
    cal.put(replace(interview("i2@acme"), attendees=[KIM, replace(ROBIN, partstat="DECLINED")]))
    r = sync_calendar(st, cal, ME, NOW)
    assert len(r.cancelled) == 2
    assert {i.stage for i in st.interviews()} == {"cancelled"}
    cal.put(interview())  # it comes back
    sync_calendar(st, cal, ME, NOW)
    assert st.interview("i1@acme").stage == "scheduled"


def test_past_interviews_are_kept_when_they_leave_the_calendar(tmp_path):
    st = open_state(tmp_path / "s.sqlite")
    cal = MemoryCalendar("mem", [interview()])
    sync_calendar(st, cal, ME, NOW)
    cal.events = []
    cal.put(Event("mem", "other", "Lunch", NOW, NOW + timedelta(hours=1)))
    sync_calendar(st, cal, ME, datetime(2026, 11, 5, 9, 0, tzinfo=NY))
    assert st.interviews()[0].stage == "scheduled"


def test_broken_calendar_changes_nothing_stored(tmp_path):
    st = open_state(tmp_path / "s.sqlite")
    path = tmp_path / "cal.ics"
    path.write_text(
        "BEGIN:VCALENDAR\nVERSION:2.0\nPRODID:x\nBEGIN:VEVENT\nUID:i1@acme\nDTSTART:20261102T150000Z\n"
        "DTEND:20261102T160000Z\nSUMMARY:Interview with Acme\nORGANIZER;CN=Kim:mailto:kim@acme.example\n"
        "ATTENDEE;CN=Kim:mailto:kim@acme.example\nATTENDEE:mailto:robin.vega@example.org\nEND:VEVENT\nEND:VCALENDAR\n"
    )
    cal = ICSCalendar(str(path), NY, name="file")
    assert len(sync_calendar(st, cal, ME, NOW).new) == 1
    path.write_text("<html>502 Bad Gateway</html>")
    r = sync_calendar(st, cal, ME, NOW)
    assert r.error and "not a valid iCalendar file" in r.error and str(path) in r.error
    assert [i.stage for i in st.interviews()] == ["scheduled"]
    path.unlink()
    assert "file not found" in sync_calendar(st, cal, ME, NOW).error
    assert len(st.interviews()) == 1


def test_an_event_that_became_unreadable_is_not_cancelled(tmp_path):
    st = open_state(tmp_path / "s.sqlite")
    path = tmp_path / "cal.ics"
    good = (
        "BEGIN:VCALENDAR\nVERSION:2.0\nPRODID:x\nBEGIN:VEVENT\nUID:i1@acme\nDTSTART:20261102T150000Z\n"
        "DTEND:20261102T160000Z\nSUMMARY:Interview with Acme\nORGANIZER;CN=Kim:mailto:kim@acme.example\n"
        "ATTENDEE;CN=Kim:mailto:kim@acme.example\nATTENDEE:mailto:robin.vega@example.org\nEND:VEVENT\nEND:VCALENDAR\n"
    )
    path.write_text(good)
    cal = ICSCalendar(str(path), NY, name="file")
    sync_calendar(st, cal, ME, NOW)
    path.write_text(good.replace("DTEND:20261102T160000Z", "DTEND:2026-11-02 sixteen o'clock"))
    r = sync_calendar(st, cal, ME, NOW)
    assert any("i1@acme" in w for w in r.warnings) and r.cancelled == []
    assert st.interviews()[0].stage == "scheduled"
