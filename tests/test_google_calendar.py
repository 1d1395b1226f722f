"""Google Calendar through the real google-api-python-client against the stateful fake.

Full and incremental sync, 410, cancelled events and instances, people, all-day events, several
calendars, faults (rate limits, 5xx, network down, slow replies) and refused tokens.
"""

from __future__ import annotations

import json
import logging
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from connectors.google.api import Session
from connectors.google.calendar import GoogleCalendar
from daemon.core.errors import AuthRequired, CalendarError

from .fakes.google_fake import CAL, GoogleFake, session_for, settings_for, fake, settings  # noqa: F401 (fixtures)

NY = ZoneInfo("America/New_York")
T0 = datetime(2026, 9, 2, 10, 0, tzinfo=NY)
EVENTS = "/calendar/v3/calendars/.*/events"


def timed(summary: str, start: datetime, hours: float = 1, **extra) -> dict:
    return {"summary": summary, "start": {"dateTime": start.isoformat()},
            "end": {"dateTime": (start + timedelta(hours=hours)).isoformat()}, **extra}


def window(now: datetime = T0):
    return now - timedelta(days=30), now + timedelta(days=180)


@pytest.fixture
def cal(fake, settings):
    return GoogleCalendar(session_for(fake, settings), "primary", NY)


def test_full_sync_pages_then_one_request_per_poll(fake, cal):
    for i in range(5):
        fake.put_event(timed(f"Event {i}", T0 + timedelta(days=i)))
    fake.page_size = 2
    first = cal.fetch(*window())
    assert [e.title for e in first.events] == [f"Event {i}" for i in range(5)]
    listed = fake.requests("GET", EVENTS)
    assert len(listed) == 3 and all(r["query"]["singleEvents"] == "true" and "timeMin" in r["query"] for r in listed)
    fake.clear_log()
    second = cal.fetch(*window(), token=first.token)
    assert second.changed is False and second.events == []
    [only] = fake.log  # the steady state: one request, no token refresh
    assert "syncToken" in only["query"] and "timeMin" not in only["query"]


def test_a_change_brings_the_whole_window_from_the_cache(fake, cal):
    a = fake.put_event(timed("Interview with Acme", T0))
    fake.put_event(timed("Lunch", T0 + timedelta(days=1)))
    first = cal.fetch(*window())
    fake.put_event({**a, "summary": "Interview with Acme (moved)", "start": {"dateTime": (T0 + timedelta(hours=2)).isoformat()},
                    "end": {"dateTime": (T0 + timedelta(hours=3)).isoformat()}})
    fake.clear_log()
    second = cal.fetch(*window(), token=first.token)
    assert len(fake.log) == 1 and second.changed is True
    assert [(e.title, e.start) for e in second.events] == [("Interview with Acme (moved)", T0 + timedelta(hours=2)),
                                                          ("Lunch", T0 + timedelta(days=1))]
    third = cal.fetch(*window(), token=second.token)
    assert third.changed is False


def test_cancelled_events_and_cancelled_instances_leave(fake, cal):
    single = fake.put_event(timed("Phone screen", T0))
    for week in range(3):
        start = T0 + timedelta(days=7 * week, hours=3)
        fake.put_event(timed("Weekly panel", start, id=f"series_{week}", recurringEventId="series", iCalUID="series@google.com",
                             originalStartTime={"dateTime": start.isoformat()}))
    first = cal.fetch(*window())
    panels = [e for e in first.events if e.uid == "series@google.com"]
    assert [e.recurrence_id for e in panels] == ["20260902T170000Z", "20260909T170000Z", "20260916T170000Z"]
    assert next(e for e in first.events if e.title == "Phone screen").recurrence_id is None
    fake.cancel_event("series_1")
    fake.cancel_event(single["id"])
    second = cal.fetch(*window(), token=first.token)
    assert [e.recurrence_id for e in second.events] == ["20260902T170000Z", "20260916T170000Z"]
    fake.put_event({"id": "series", "status": "cancelled"})  # the whole series is cancelled
    third = cal.fetch(*window(), token=second.token)
    assert third.changed is True and third.events == []


def test_an_expired_sync_token_means_a_full_sync(fake, cal):
    fake.put_event(timed("Interview", T0))
    first = cal.fetch(*window())
    fake.put_event(timed("Second round", T0 + timedelta(days=3)))
    fake.expire_sync_tokens()
    fake.clear_log()
    second = cal.fetch(*window(), token=first.token)
    assert [r["status"] for r in fake.log] == [410, 200] and "timeMin" in fake.log[1]["query"]
    assert [e.title for e in second.events] == ["Interview", "Second round"]
    assert cal.fetch(*window(), token=second.token).changed is False


def test_a_window_past_the_synced_one_syncs_again(fake, cal):
    fake.put_event(timed("Interview", T0))
    first = cal.fetch(*window())
    fake.clear_log()
    later = cal.fetch(*window(T0 + timedelta(days=10)), token=first.token)  # still inside the margin
    assert "syncToken" in fake.log[0]["query"] and later.events[0].title == "Interview"
    fake.clear_log()
    cal.fetch(*window(T0 + timedelta(days=40)), token=later.token)
    assert "timeMin" in fake.log[0]["query"]


def test_people_self_organizer_rooms_and_replies(fake, cal):
    fake.put_event(timed("Onsite with Acme", T0, organizer={"email": "Kim.Okafor@acme.example", "displayName": "Kim Okafor"}, attendees=[
        {"email": "kim.okafor@acme.example", "displayName": "Kim Okafor", "organizer": True, "responseStatus": "accepted"},
        {"email": "robin.vega@example.org", "self": True, "responseStatus": "tentative"},
        {"email": "priya@acme.example", "displayName": "Priya Shah", "responseStatus": "declined", "optional": True},
        {"email": "lee@acme.example", "responseStatus": "needsAction"},
        {"email": "c_1888@resource.calendar.google.com", "displayName": "Room 4B", "resource": True, "responseStatus": "accepted"},
    ]))
    [e] = cal.fetch(*window()).events
    people = {p.email: p for p in e.attendees}
    assert (e.organizer.email, e.organizer.name, e.organizer.partstat) == ("kim.okafor@acme.example", "Kim Okafor", "ACCEPTED")
    assert people["robin.vega@example.org"].partstat == "TENTATIVE"
    assert e.partstat_of({"robin.vega@example.org"}) == "TENTATIVE"
    assert (people["priya@acme.example"].partstat, people["priya@acme.example"].role) == ("DECLINED", "OPT-PARTICIPANT")
    assert (people["lee@acme.example"].partstat, people["lee@acme.example"].name) == ("NEEDS-ACTION", "")
    assert people["c_1888@resource.calendar.google.com"].cutype == "ROOM"
    assert people["kim.okafor@acme.example"].cutype == "INDIVIDUAL"


def test_all_day_and_timed_events(fake, cal):
    fake.put_event({"summary": "Assessment day", "start": {"date": "2026-09-03"}, "end": {"date": "2026-09-04"}})
    fake.put_event({"summary": "Call", "start": {"dateTime": "2026-09-02T18:00:00Z"}, "end": {"dateTime": "2026-09-02T18:30:00Z"}})
    fake.put_event({"summary": "Working from home", "eventType": "workingLocation", "start": {"date": "2026-09-02"}, "end": {"date": "2026-09-03"}})
    call, day = cal.fetch(*window()).events
    assert (day.all_day, day.start, day.end) == (True, datetime(2026, 9, 3, tzinfo=NY), datetime(2026, 9, 4, tzinfo=NY))
    assert (call.all_day, call.start) == (False, datetime(2026, 9, 2, 14, 0, tzinfo=NY))
    assert call.start.utcoffset() is not None


def test_several_calendars_of_one_account_share_one_token(fake, settings):
    fake.calendars["team@group.calendar.google.com"] = {}
    fake.put_event(timed("Mine", T0))
    fake.put_event(timed("Team's", T0), calendar="team@group.calendar.google.com")
    session = session_for(fake, settings)
    mine, team = GoogleCalendar(session, "primary", NY), GoogleCalendar(session, "team@group.calendar.google.com", NY)
    assert [e.title for e in mine.fetch(*window()).events] == ["Mine"]
    assert [e.title for e in team.fetch(*window()).events] == ["Team's"]
    assert mine.name != team.name and len(fake.requests("POST", "/token")) == 1


def test_a_refreshed_token_is_saved_for_the_next_process(fake, settings):
    GoogleCalendar(session_for(fake, settings), "primary", NY).fetch(*window())
    path = settings.path(fake.account)
    assert json.loads(path.read_text())["token"].startswith("at-") and oct(path.stat().st_mode)[-3:] == "600"
    fake.clear_log()
    GoogleCalendar(session_for(fake, settings), "primary", NY).fetch(*window())
    assert fake.requests("POST", "/token") == []


# -- faults ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("status,reason", [(503, "backendError"), (500, "backendError"), (429, "rateLimitExceeded"),
                                           (403, "rateLimitExceeded"), (403, "userRateLimitExceeded")])
def test_busy_answers_are_retried_with_backoff(fake, cal, status, reason):
    fake.put_event(timed("Interview", T0))
    fake.fault("GET", EVENTS, status=status, reason=reason, times=3)
    assert [e.title for e in cal.fetch(*window()).events] == ["Interview"]
    slept = cal.session.slept
    assert len(slept) == 3 and 1 <= slept[0] <= 2 and 2 <= slept[1] <= 4 and 4 <= slept[2] <= 8


def test_retries_are_bounded(fake, cal):
    fake.fault("GET", EVENTS, status=503, times=99)
    with pytest.raises(CalendarError, match="503"):
        cal.fetch(*window())
    assert len(fake.requests("GET", EVENTS)) == 5 and len(cal.session.slept) == 4


def test_other_errors_are_not_retried(fake, cal):
    fake.fault("GET", EVENTS, status=403, reason="forbidden")
    with pytest.raises(CalendarError, match="403"):
        cal.fetch(*window())
    assert cal.session.slept == []


def test_network_down_keeps_state_and_is_logged_once(fake, settings, caplog):
    cal = GoogleCalendar(session_for(fake, settings), "primary", NY)
    fake.put_event(timed("Interview", T0))
    first = cal.fetch(*window())
    fake.stop()  # the network is down
    caplog.set_level(logging.INFO, logger="connectors.google.api")
    for _ in range(3):
        with pytest.raises(CalendarError, match="cannot reach Google"):
            cal.fetch(*window(), token=first.token)
    assert len([r for r in caplog.records if "cannot reach Google" in r.getMessage()]) == 1


def test_a_slow_reply_times_out_as_a_calendar_error(fake, settings):
    cal = GoogleCalendar(session_for(fake, settings, timeout=0.3), "primary", NY)
    fake.fault("GET", EVENTS, delay=1.0)
    with pytest.raises(CalendarError, match="cannot reach Google"):
        cal.fetch(*window())
    assert cal.fetch(*window()).events == []  # and the next poll works


# -- refused tokens -------------------------------------------------------------------------------


def test_a_revoked_token_marks_the_account_tells_once_and_resumes_after_sign_in(fake, settings, tmp_path, caplog):
    from daemon.detection import Identity
    from daemon.service.state import open_state
    from daemon.service.sync import sync_calendar

    fake.put_event(timed("Interview with Acme", T0, organizer={"email": "kim@acme.example", "displayName": "Kim Okafor"},
                         attendees=[{"email": "kim@acme.example", "displayName": "Kim Okafor", "responseStatus": "accepted"},
                                    {"email": "robin.vega@example.org", "self": True, "responseStatus": "accepted"}]))
    state = open_state(tmp_path / "state.sqlite")
    me = Identity.of(["robin.vega@example.org"], "Robin Vega")
    cal = GoogleCalendar(session_for(fake, settings), "primary", NY)
    assert len(sync_calendar(state, cal, me, T0 - timedelta(days=1)).new) == 1
    fake.revoke_all()
    caplog.set_level(logging.INFO)
    report = sync_calendar(state, GoogleCalendar(session_for(fake, settings), "primary", NY), me, T0 - timedelta(days=1))
    assert "robin.vega@example.org is not signed in" in report.error
    assert settings.path(fake.account, ".reauth").exists()
    assert [i.stage for i in state.interviews()] == ["scheduled"]  # nothing stored is lost
    fake.clear_log()
    with pytest.raises(AuthRequired):
        cal.fetch(*window())
    assert fake.log == []  # a marked account makes no request
    told = [r for r in caplog.records if "must be signed in again" in r.getMessage()]
    assert len(told) == 1 and "followthrough auth google --account robin.vega@example.org" in told[0].getMessage()
    fake.token_file(settings.path(fake.account))  # `followthrough auth google` wrote a new token
    settings.path(fake.account, ".reauth").unlink()
    assert [e.title for e in cal.fetch(*window()).events] == ["Interview with Acme"]  # the same object resumes


def test_a_missing_scope_asks_for_sign_in(fake, tmp_path):
    settings = settings_for(fake, tmp_path, scopes=["https://www.googleapis.com/auth/gmail.compose"])
    with pytest.raises(AuthRequired, match="permission was not granted"):
        GoogleCalendar(Session(settings, fake.account, sleep=lambda s: None), "primary", NY).fetch(*window())


def test_not_signed_in_is_a_calendar_error_naming_the_command(tmp_path):
    from connectors.google.api import Settings

    cal = GoogleCalendar(Session(Settings(tmp_path / "cs.json", tmp_path / "none"), "x@example.org"), "primary", NY)
    with pytest.raises(CalendarError) as info:
        cal.fetch(*window())
    assert isinstance(info.value, AuthRequired) and "followthrough auth google --account x@example.org" in info.value.render()


def test_scopes_are_minimal():
    assert CAL == "https://www.googleapis.com/auth/calendar.events.readonly"
    from connectors.google import SCOPES, scopes_for

    assert scopes_for(True, False) == [CAL]
    assert set(scopes_for(False, True)) == {s for s in SCOPES if "gmail" in s}
