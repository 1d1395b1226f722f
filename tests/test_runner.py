"""The service, step by step (daemon/service/runner.py): calendars and a mailbox in memory, time as a parameter.

The user's side is played by the test: answering the debrief (``complete_debrief``), pressing send
in their mail client (``MemoryMailbox.send_draft``), mail arriving (``MemoryMailbox.deliver``).
Nothing here reads the clock; every step gets its ``now``.
"""

from __future__ import annotations

import inspect
import json
from dataclasses import replace
from datetime import datetime, timedelta, timezone
from email import message_from_string, policy
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid
from zoneinfo import ZoneInfo

import pytest

from connectors.base import Mailbox, MemoryCalendar
from connectors.memory_mail import MemoryMailbox
from connectors.notify import LogNotifier
from daemon.service import runner
from daemon.service.config import validate
from daemon.core.errors import UsageError
from daemon.core.model import Event, Person
from daemon.service.runner import Service
from daemon.service.state import open_state

NY = ZoneInfo("America/New_York")
BERLIN = ZoneInfo("Europe/Berlin")

ROBIN = Person("robin.vega@example.org", "Robin Vega", partstat="ACCEPTED")
KIM = Person("kim.okafor@acme.example", "Kim Okafor", partstat="ACCEPTED")
LEE = Person("lee.park@acme.example", "Lee Park", partstat="ACCEPTED")
EVIL = "\r\nBcc: evil@example.com"

# The main timeline: a Thursday interview two weeks before the US leaves DST.
START = datetime(2026, 10, 22, 10, 0, tzinfo=NY)  # Thu
END = START + timedelta(hours=1)
DEBRIEFED = datetime(2026, 10, 22, 12, 0, tzinfo=NY)
# "within two weeks" → Thu 5 November (EST, after the change); + 2 business days → Mon 9 November.
FOLLOWUP = datetime(2026, 11, 9, 23, 59, 59, tzinfo=NY)


def answers(**kw) -> dict:
    base = {
        "formal": True,
        "excited": "the telemetry pipeline",
        "problems": "to cut alert noise before the Q3 launch",
        "fit": "In my last role I cut false alerts by 60%",
        "wish_said": "",
        "personal": "I hope the Thai place lives up to its name",
        "next_step": "a final round with the CTO",
        "decision_by": "within two weeks",
        "went_well": "PRIVATE-WELL the system design answer",
        "went_badly": "PRIVATE-BADLY I froze on the SQL question",
        "met": [
            {"name": "Dr. Kim Okafor", "email": "kim.okafor@acme.example", "title": "Engineering Manager", "focus": "on-call load"},
            {"name": "Lee Park", "email": "lee.park@acme.example", "title": "Staff Engineer", "focus": ""},
        ],
    }
    base.update(kw)
    return base


def event(uid="i1@acme", start=START, end=None, title="Interview with Acme - technical round", **kw) -> Event:
    kw.setdefault("organizer", KIM)
    kw.setdefault("attendees", [KIM, LEE, ROBIN])
    return Event("mem", uid, title, start, end or start + timedelta(hours=1), **kw)


class World:
    """A service with a calendar, a mailbox and a notifier in memory, plus the user's hands."""

    def __init__(self, tmp_path, events=(), zone=NY, mailbox=None):
        cfg = validate({})
        cfg.identity.name = "Robin Vega"
        cfg.identity.emails = ["robin.vega@example.org"]
        self.tmp_path = tmp_path
        self.zone = zone
        self.cfg = cfg
        self.cal = MemoryCalendar("mem", list(events))
        self.mb = mailbox or MemoryMailbox()
        self.notifier = LogNotifier()
        self.svc = self.service()

    def service(self) -> Service:
        """A (new) service on the same state file: what a restart gives."""
        return Service(state=open_state(self.tmp_path / "s.sqlite"), calendars=[self.cal], mailbox=self.mb,
                       notifier=self.notifier, identity=self.cfg.identity, schedule=self.cfg.schedule, zone=self.zone)

    def tick(self, now):
        self.svc.tick(now)

    def iv(self, uid="i1@acme"):
        return self.svc.state.interview(uid)

    def notices(self, kind=None):
        return [n["kind"] for n in self.svc.state.notices() if kind in (None, n["kind"])]

    def rows(self, purpose=None, uid="i1@acme"):
        return [r for r in self.svc.state.drafts(self.iv(uid).id) if purpose in (None, r["purpose"])]

    def row(self, purpose, to):
        [r] = [r for r in self.rows(purpose) if r["recipient"] == to]
        return r

    def message(self, purpose, to) -> EmailMessage:
        """The draft as it sits in the mailbox, parsed back from its bytes."""
        ref = self.row(purpose, to)["ref"]
        msg = self.mb.drafts[ref] if ref in self.mb.drafts else self.mb.sent_messages[int(ref.split("-")[1])]
        return message_from_string(msg.as_string(), policy=policy.default)

    def send(self, purpose, to):
        """The user presses send on that draft in their mail client."""
        self.mb.send_draft(self.row(purpose, to)["ref"])

    def debrief(self, now=DEBRIEFED, uid="i1@acme", **kw):
        return self.svc.complete_debrief(self.iv(uid), answers(**kw), now)

    def status(self, uid="i1@acme"):
        return next(s for s in self.svc.status() if s["uid"] == uid)

    def all_raw(self) -> list[str]:
        return [m.as_string() for m in self.mb.drafts.values()] + [m.as_string() for m in self.mb.sent_messages]


def reply(frm: Person, subject: str, date: datetime, in_reply_to: str = "", **headers) -> EmailMessage:
    m = EmailMessage()
    m["From"] = f"{frm.name} <{frm.email}>"
    m["To"] = "Robin Vega <robin.vega@example.org>"
    m["Subject"] = subject
    m["Date"] = format_datetime(date)
    m["Message-ID"] = make_msgid(domain="acme.example")
    if in_reply_to:
        m["In-Reply-To"] = in_reply_to
        m["References"] = in_reply_to
    for name, value in headers.items():
        m[name.replace("_", "-")] = value
    m.set_content("Thanks Robin!\n")
    return m


@pytest.fixture
def w(tmp_path):
    world = World(tmp_path, [event()])
    world.tick(START - timedelta(days=1))
    return world


def thanked(w: World, when=datetime(2026, 10, 22, 14, 0, tzinfo=NY)) -> World:
    """Debriefed, and the thank-you to the primary contact (Kim) sent and noticed."""
    w.tick(END + timedelta(minutes=5))
    w.debrief()
    w.send("thank_you", KIM.email)
    w.tick(when + timedelta(minutes=15))
    assert w.iv().stage == "waiting"
    return w


# -- the prompt --------------------------------------------------------------------------------------


def test_prompt_five_minutes_after_the_end_once(w):
    assert w.iv().stage == "scheduled"
    assert w.svc.next_wakeup() == END + timedelta(minutes=5)
    w.tick(END + timedelta(minutes=4, seconds=59))
    assert w.notices() == [] and w.notifier.sent == []
    w.tick(END + timedelta(minutes=5))
    assert w.notices() == ["prompt"]
    title, body = w.notifier.sent[0]
    assert title == "How did it go? Interview with Acme - technical round"
    assert "followthrough debrief 1" in body
    w.tick(END + timedelta(minutes=5))
    w.tick(END + timedelta(minutes=30))
    assert w.notices() == ["prompt"] and w.iv().stage == "awaiting_debrief"


@pytest.mark.parametrize(
    "start, end, zone, due",
    [
        # US fall back: 00:30 EDT to 01:30 EST lasts two real hours
        (datetime(2026, 11, 1, 0, 30), datetime(2026, 11, 1, 1, 30, fold=1), NY, "2026-11-01T01:35:00-05:00"),
        # US spring forward: 01:30 EST to 03:30 EDT lasts one
        (datetime(2026, 3, 8, 1, 30), datetime(2026, 3, 8, 3, 30), NY, "2026-03-08T03:35:00-04:00"),
        # EU spring forward and fall back
        (datetime(2026, 3, 29, 1, 30), datetime(2026, 3, 29, 3, 30), BERLIN, "2026-03-29T03:35:00+02:00"),
        (datetime(2026, 10, 25, 1, 30), datetime(2026, 10, 25, 2, 30, fold=1), BERLIN, "2026-10-25T02:35:00+01:00"),
    ],
)
def test_interview_ending_across_a_dst_change_prompts_at_the_right_instant(tmp_path, start, end, zone, due):
    start, end = start.replace(tzinfo=zone), end.replace(tzinfo=zone)
    w = World(tmp_path, [event(start=start, end=end)], zone=zone)
    w.tick(start - timedelta(hours=2))
    assert w.status()["next_action_at"] == due
    at = datetime.fromisoformat(due)
    w.tick(at - timedelta(seconds=1))
    assert w.notices() == []
    w.tick(at)
    assert w.notices() == ["prompt"]


@pytest.mark.parametrize(
    "day, days, zone, due",
    [
        (datetime(2026, 9, 10), 1, NY, "2026-09-10T18:00:00-04:00"),
        (datetime(2026, 3, 8), 1, NY, "2026-03-08T18:00:00-04:00"),  # on the US change
        (datetime(2026, 10, 24), 2, BERLIN, "2026-10-25T18:00:00+01:00"),  # over the EU change
        (datetime(2026, 12, 31), 1, NY, "2026-12-31T18:00:00-05:00"),  # New Year's Eve
        (datetime(2026, 12, 31), 2, BERLIN, "2027-01-01T18:00:00+01:00"),  # into the new year
    ],
)
def test_all_day_superday_prompts_at_six_on_its_last_day(tmp_path, day, days, zone, due):
    start = day.replace(tzinfo=zone)
    end = datetime.combine(start.date() + timedelta(days=days), datetime.min.time(), tzinfo=zone)
    w = World(tmp_path, [event(start=start, end=end, all_day=True, title="Acme superday")], zone=zone)
    w.tick(start - timedelta(days=1))
    assert w.iv().kind == "final"
    assert w.status()["next_action_at"] == due
    w.tick(datetime.fromisoformat(due) - timedelta(minutes=1))
    assert w.notices() == []
    w.tick(datetime.fromisoformat(due))
    assert w.notices() == ["prompt"]


def test_cancelled_interview_gets_no_prompt(w):
    w.cal.events = []
    w.cal.put(event("other", title="Dentist", attendees=[]))
    w.tick(START - timedelta(hours=1))
    assert w.iv().stage == "cancelled"
    w.tick(END + timedelta(days=2))
    assert w.notices() == [] and w.svc.next_wakeup() is None


@pytest.mark.parametrize("how", ["cancelled", "declined", "deleted"])
def test_an_interview_cancelled_after_its_prompt_gets_no_more_reminders(w, how):
    w.tick(END + timedelta(minutes=5))
    assert w.notices() == ["prompt"]
    if how == "deleted":
        w.cal.events = []
        w.cal._version += 1
    else:
        me = replace(ROBIN, partstat="DECLINED") if how == "declined" else ROBIN
        w.cal.put(event(status="CANCELLED" if how == "cancelled" else "CONFIRMED", attendees=[KIM, LEE, me]))
    w.tick(END + timedelta(hours=1))
    assert w.iv().stage == "cancelled"
    for later in (timedelta(hours=4), timedelta(days=1), timedelta(days=3)):
        w.tick(END + later)
    assert w.notices() == ["prompt"] and w.svc.next_wakeup() is None
    # back on the calendar: it waits for its debrief again (no second prompt; the reminder it missed, once)
    w.cal.put(event())
    w.tick(END + timedelta(days=3, hours=1))
    assert w.iv().stage == "awaiting_debrief" and w.notices("prompt") == ["prompt"] and len(w.notices("reminder")) <= 1


def test_a_past_interview_that_leaves_the_calendar_after_its_reminders_keeps_its_debrief(w):
    w.tick(END + timedelta(minutes=5))
    w.tick(END + timedelta(hours=4))
    w.tick(datetime(2026, 10, 23, 9, 0, tzinfo=NY))
    assert w.notices() == ["prompt", "reminder", "reminder"]
    w.cal.events = []
    w.cal._version += 1
    w.tick(datetime(2026, 10, 24, 9, 0, tzinfo=NY))
    assert w.iv().stage == "awaiting_debrief"  # nothing more would come anyway; the debrief stays open


# -- reminders ---------------------------------------------------------------------------------------


def test_two_reminders_then_it_waits_quietly(w):
    prompt = END + timedelta(minutes=5)
    w.tick(prompt)
    w.tick(prompt + timedelta(hours=3) - timedelta(seconds=1))
    assert w.notices() == ["prompt"]
    w.tick(prompt + timedelta(hours=3))
    assert w.notices() == ["prompt", "reminder"]
    assert w.notifier.sent[-1][0].startswith("Reminder: ")
    assert w.status()["next_action_at"] == "2026-10-23T09:00:00-04:00"
    w.tick(datetime(2026, 10, 23, 8, 59, tzinfo=NY))
    assert w.notices() == ["prompt", "reminder"]
    w.tick(datetime(2026, 10, 23, 9, 0, tzinfo=NY))
    assert w.notices() == ["prompt", "reminder", "reminder"]
    for days in (1, 2, 7, 30):
        w.tick(datetime(2026, 10, 23, 9, 0, tzinfo=NY) + timedelta(days=days))
    assert w.notices() == ["prompt", "reminder", "reminder"]
    s = w.status()
    assert (s["stage"], s["next_action"], s["next_action_at"]) == ("awaiting_debrief", "debrief", None)
    assert w.svc.next_wakeup() is None


@pytest.mark.parametrize(
    "end, zone, first, morning",
    [
        # the US spring-forward night
        (datetime(2026, 3, 7, 20, 0), NY, "2026-03-07T23:05:00-05:00", "2026-03-08T09:00:00-04:00"),
        (datetime(2026, 3, 7, 23, 25), NY, "2026-03-08T03:30:00-04:00", "2026-03-08T09:00:00-04:00"),
        # the US fall-back night
        (datetime(2026, 10, 31, 23, 25), NY, "2026-11-01T01:30:00-05:00", "2026-11-01T09:00:00-05:00"),
        # the EU nights
        (datetime(2026, 3, 28, 23, 25), BERLIN, "2026-03-29T03:30:00+02:00", "2026-03-29T09:00:00+02:00"),
        (datetime(2026, 10, 24, 20, 0), BERLIN, "2026-10-24T23:05:00+02:00", "2026-10-25T09:00:00+01:00"),
        # month end and year end
        (datetime(2026, 4, 30, 17, 0), NY, "2026-04-30T20:05:00-04:00", "2026-05-01T09:00:00-04:00"),
        (datetime(2026, 12, 31, 17, 0), BERLIN, "2026-12-31T20:05:00+01:00", "2027-01-01T09:00:00+01:00"),
    ],
)
def test_reminders_across_dst_nights_month_and_year_ends(tmp_path, end, zone, first, morning):
    end = end.replace(tzinfo=zone)
    w = World(tmp_path, [event(start=end - timedelta(hours=1), end=end)], zone=zone)
    w.tick(end - timedelta(hours=2))
    w.tick(end + timedelta(minutes=5))
    assert w.status()["next_action_at"] == first
    w.tick(datetime.fromisoformat(first))
    assert w.status()["next_action_at"] == morning
    w.tick(datetime.fromisoformat(morning) - timedelta(seconds=1))
    assert w.notices() == ["prompt", "reminder"]
    w.tick(datetime.fromisoformat(morning))
    assert w.notices() == ["prompt", "reminder", "reminder"]
    assert w.status()["next_action"] == "debrief"


def test_debrief_stops_the_reminders(w):
    w.tick(END + timedelta(minutes=5))
    w.debrief(END + timedelta(hours=1))
    w.tick(END + timedelta(hours=4))
    w.tick(datetime(2026, 10, 23, 9, 0, tzinfo=NY))
    assert w.notices("reminder") == []
    assert w.notices() == ["prompt", "nudge"]  # the drafts are still unsent: a nudge, not a reminder


# -- unsure events: the question ---------------------------------------------------------------------

HARRIET = Person("harriet.okwu@saltmarsh.example", "Harriet Okwu", partstat="ACCEPTED")
UNSURE_UID = "u1@saltmarsh"
MORNING = datetime(2026, 10, 23, 9, 0, tzinfo=NY)


def unsure_event(**kw) -> Event:
    """A call the rules are unsure of: a role in the title, a referral in the description, no word of an interview."""
    return event(UNSURE_UID, title="Zoom meeting: Robin / Harriet - Principal Engineer role", organizer=HARRIET,
                 attendees=[HARRIET, ROBIN],
                 description="Hi Robin - Callum passed along your details. I run the grid-optimisation group and I'd like "
                             "to hear how you think about forecasting systems at scale.", **kw)


@pytest.fixture
def u(tmp_path):
    world = World(tmp_path, [unsure_event()])
    world.tick(START - timedelta(days=1))
    assert world.iv(UNSURE_UID).stage == "unconfirmed"
    return world


def test_an_unsure_event_gets_one_question_when_it_ends_then_one_the_next_morning(u):
    assert u.svc.next_wakeup() == END + timedelta(minutes=5)
    u.tick(END + timedelta(minutes=4))
    assert u.notices() == []
    u.tick(END + timedelta(minutes=5))
    assert u.notices() == ["question"]
    [(subject, body)] = u.notifier.sent
    assert subject == "Was ‘Zoom meeting: Robin / Harriet - Principal Engineer role’ an interview?"
    assert "not enough to be sure" in body and "unsure.band" not in body  # the reason, in words
    assert "followthrough mark 1 interview" in body and "followthrough mark 1 not-interview" in body
    u.svc = u.service()  # a restart: nothing is asked twice
    u.tick(END + timedelta(hours=3))
    assert u.notices() == ["question"] and u.iv(UNSURE_UID).stage == "unconfirmed"
    assert u.svc.next_wakeup() == MORNING
    u.tick(MORNING - timedelta(minutes=1))
    assert u.notices() == ["question"]
    u.tick(MORNING)
    assert u.notices() == ["question", "question"]
    assert u.notifier.sent[-1][0].startswith("Still open: Was ‘Zoom meeting")
    for later in (MORNING + timedelta(hours=1), MORNING + timedelta(days=1), MORNING + timedelta(days=10)):
        u.tick(later)
    assert u.notices() == ["question", "question"]  # then it waits quietly
    assert u.svc.next_wakeup() is None
    s = u.status(UNSURE_UID)
    assert (s["stage"], s["next_action"], s["next_action_at"]) == ("unconfirmed", "answer", None)
    assert "not enough to be sure" in s["unsure"]


@pytest.mark.parametrize(
    "start, zone, again",
    [
        (datetime(2026, 10, 31, 22, 0), NY, datetime(2026, 11, 1, 14, 0, tzinfo=timezone.utc)),  # US fall-back night: 09:00 EST
        (datetime(2026, 3, 28, 22, 0), BERLIN, datetime(2026, 3, 29, 7, 0, tzinfo=timezone.utc)),  # EU spring-forward: 09:00 CEST
        (datetime(2026, 12, 31, 16, 0), NY, datetime(2027, 1, 1, 14, 0, tzinfo=timezone.utc)),  # the year end
        (datetime(2026, 2, 28, 16, 0), BERLIN, datetime(2026, 3, 1, 8, 0, tzinfo=timezone.utc)),  # a month end
    ],
)
def test_the_second_question_comes_at_nine_on_the_next_morning_across_dst_and_year_ends(tmp_path, start, zone, again):
    start = start.replace(tzinfo=zone)
    w = World(tmp_path, [unsure_event(start=start)], zone=zone)
    w.tick(start - timedelta(days=1))
    w.tick(start + timedelta(hours=1, minutes=5))
    assert w.notices() == ["question"] and w.svc.next_wakeup() == again
    w.tick(again - timedelta(seconds=1))
    assert w.notices() == ["question"]
    w.tick(again)
    w.tick(again + timedelta(days=1))
    assert w.notices() == ["question", "question"]


def test_yes_brings_the_debrief_prompt_at_once_and_is_remembered(u):
    u.tick(END + timedelta(minutes=5))
    said = u.svc.answer(u.iv(UNSURE_UID), True, END + timedelta(minutes=30))
    assert "its debrief is open" in said
    assert u.notices() == ["question", "prompt"] and u.iv(UNSURE_UID).stage == "awaiting_debrief"
    assert u.notifier.sent[-1][0] == "How did it go? Zoom meeting: Robin / Harriet - Principal Engineer role"
    assert u.svc.state.marks() == [(UNSURE_UID, HARRIET.email, True)]
    u.tick(END + timedelta(minutes=31))
    assert u.iv(UNSURE_UID).stage == "awaiting_debrief"  # the rescan agrees, through the mark
    u.tick(END + timedelta(hours=3, minutes=30))
    u.tick(MORNING)
    assert u.notices() == ["question", "prompt", "reminder", "reminder"]  # the usual reminders, no more questions


def test_yes_before_it_ends_prompts_when_it_ends(u):
    u.svc.answer(u.iv(UNSURE_UID), True, START)
    assert u.iv(UNSURE_UID).stage == "scheduled" and u.notices() == []
    u.tick(END + timedelta(minutes=5))
    assert u.notices() == ["prompt"]


def test_no_is_remembered_and_nothing_more_comes(u):
    u.tick(END + timedelta(minutes=5))
    u.svc.answer(u.iv(UNSURE_UID), False, END + timedelta(minutes=30))
    assert u.iv(UNSURE_UID).stage == "skipped" and u.svc.state.marks() == [(UNSURE_UID, HARRIET.email, False)]
    u.cal.put(replace(u.cal.events[0], sequence=1))  # the calendar changes: it is judged again
    for later in (END + timedelta(hours=1), MORNING, MORNING + timedelta(days=3)):
        u.tick(later)
    assert u.notices() == ["question"] and u.iv(UNSURE_UID).stage == "skipped"


def test_debriefing_an_unsure_event_answers_yes_without_a_prompt(u):
    u.tick(END + timedelta(minutes=5))
    u.svc.complete_debrief(u.iv(UNSURE_UID), answers(met=[{"name": "Harriet Okwu", "email": HARRIET.email, "focus": "forecasting"}]),
                           DEBRIEFED)
    iv = u.iv(UNSURE_UID)
    assert iv.stage == "drafted" and [r["recipient"] for r in u.rows("thank_you", UNSURE_UID)] == [HARRIET.email]
    assert u.svc.state.marks() == [(UNSURE_UID, HARRIET.email, True)]
    u.tick(MORNING)
    assert u.notices() == ["question", "nudge"]  # no prompt, no reminder, no second question; the unsent thank-you's nudge


def test_a_question_loses_to_an_answer_given_meanwhile(u):
    stale = u.iv(UNSURE_UID)  # read by the service, then the user answers from another process
    u.service().answer(stale, False, END)
    u.svc._do_ask(stale, END + timedelta(minutes=5))
    assert u.notices() == [] and u.notifier.sent == []


def test_an_unsure_event_cancelled_before_it_ends_is_not_asked_about_until_it_comes_back(u):
    [kept] = u.cal.events
    u.cal.events = []
    u.cal.put(event("other", title="Dentist", attendees=[]))
    u.tick(START - timedelta(hours=2))
    assert u.iv(UNSURE_UID).stage == "cancelled"
    u.tick(END + timedelta(minutes=5))
    assert u.notices() == []
    u.cal.put(replace(kept, start=kept.start + timedelta(days=1), end=kept.end + timedelta(days=1)))
    u.tick(END + timedelta(minutes=10))
    assert u.iv(UNSURE_UID).stage == "unconfirmed"  # back on the calendar, a day later: a question again, not an interview
    u.tick(END + timedelta(days=1, minutes=5))
    assert u.notices() == ["question"]


def test_an_unsure_event_first_seen_long_after_it_ended_is_not_asked_about(tmp_path):
    w = World(tmp_path, [unsure_event()])
    w.tick(END + timedelta(days=20))  # a new install reading last month
    w.tick(END + timedelta(days=21))
    assert w.notices() == []
    s = w.status(UNSURE_UID)
    assert (s["stage"], s["next_action"], s["next_action_at"]) == ("unconfirmed", "answer", None)


def test_an_unsure_event_that_ended_while_down_is_asked_about_on_start(tmp_path):
    w = World(tmp_path, [unsure_event()])
    w.tick(END + timedelta(days=3))
    assert w.notices() == ["question"]


# -- downtime and sleep ------------------------------------------------------------------------------


def test_a_week_down_before_the_prompt_gives_one_prompt_not_a_burst(w):
    # down from the morning of the interview for a week: the prompt, both reminder times and
    # a morning all passed; one tick makes one prompt, and the reminders count from it
    late = datetime(2026, 10, 29, 10, 0, tzinfo=NY)
    w.tick(late)
    assert w.notices() == ["prompt"] and len(w.notifier.sent) == 1
    w.tick(late)
    assert w.notices() == ["prompt"]
    assert w.status()["next_action_at"] == "2026-10-29T13:00:00-04:00"
    w.tick(late + timedelta(hours=3))
    w.tick(datetime(2026, 10, 30, 9, 0, tzinfo=NY))
    assert w.notices() == ["prompt", "reminder", "reminder"]


def test_a_week_down_after_the_prompt_gives_one_reminder_not_two(w):
    w.tick(END + timedelta(minutes=5))
    w.tick(datetime(2026, 10, 29, 10, 0, tzinfo=NY))  # both reminders became due while down
    assert w.notices() == ["prompt", "reminder"]
    assert w.status()["next_action"] == "debrief"
    w.tick(datetime(2026, 10, 30, 9, 0, tzinfo=NY))
    assert w.notices() == ["prompt", "reminder"]


def test_asleep_overnight_before_the_first_reminder_keeps_the_morning_one(w):
    w.tick(END + timedelta(minutes=5))
    w.tick(datetime(2026, 10, 22, 23, 0, tzinfo=NY))  # the laptop was closed from 11:05 to 23:00
    assert w.notices() == ["prompt", "reminder"]
    w.tick(datetime(2026, 10, 23, 9, 0, tzinfo=NY))
    assert w.notices() == ["prompt", "reminder", "reminder"]


def test_a_debrief_given_while_the_service_was_down_means_no_prompt(w):
    # the user answered with `followthrough debrief` right after the interview; the service was off
    w.debrief(END + timedelta(minutes=2))
    w.tick(END + timedelta(hours=6))
    assert w.notices("prompt") == [] and w.notices("reminder") == []
    assert w.iv().stage == "drafted"


def test_a_restart_runs_nothing_twice(w):
    w.tick(END + timedelta(minutes=5))
    w.svc = w.service()  # crash and restart: a new process on the same state
    w.tick(END + timedelta(minutes=6))
    assert w.notices() == ["prompt"]


def test_an_interview_first_seen_long_after_it_ended_gets_no_prompt(tmp_path):
    w = World(tmp_path, [event()])
    w.tick(END + timedelta(days=20))  # a new install reading last month
    assert w.notices() == []
    s = w.status()
    assert (s["stage"], s["next_action"], s["next_action_at"]) == ("awaiting_debrief", "debrief", None)
    w.debrief(END + timedelta(days=20, minutes=5))  # it can still be debriefed
    assert len(w.rows("thank_you")) == 2


def test_interview_that_ended_while_down_but_recently_gets_its_prompt_on_start(tmp_path):
    w = World(tmp_path, [event()])
    w.tick(END + timedelta(days=3))  # never seen before; ended 3 days ago
    assert w.notices() == ["prompt"]


def test_down_for_a_month_after_the_thank_you_gives_one_follow_up(w):
    thanked(w)
    # the decision date, the grace and the second follow-up's date all pass while down
    w.tick(datetime(2026, 12, 10, 9, 0, tzinfo=NY))
    assert [r["purpose"] for r in w.rows() if r["purpose"].startswith("followup")] == ["followup1"]
    assert w.iv().stage == "followed_up"
    # the second one counts from the one just written
    assert w.status()["next_action_at"] == "2026-12-21T09:00:00-05:00"


def test_nudge_once_when_the_thank_you_stays_unsent(w):
    w.tick(END + timedelta(minutes=5))
    w.debrief()
    assert w.status()["next_action"] == "nudge"
    w.tick(DEBRIEFED + timedelta(days=5))  # down meanwhile
    w.tick(DEBRIEFED + timedelta(days=6))
    assert w.notices("nudge") == ["nudge"]
    assert "2 thank-you drafts are still" in w.notifier.sent[-1][1]
    assert w.status()["next_action"] == "send" and w.status()["next_action_at"] is None


# -- the debrief and its drafts -----------------------------------------------------------------------


def test_one_thank_you_per_person_met_addressed_to_that_person_only(w):
    w.tick(END + timedelta(minutes=5))
    notes = w.debrief(met=answers()["met"] + [{"name": "Pat the recruiter", "email": ""}])
    assert w.iv().stage == "drafted"
    assert sorted(r["recipient"] for r in w.rows()) == [KIM.email, LEE.email]
    assert {r["purpose"] for r in w.rows()} == {"thank_you"}
    assert any("Pat the recruiter" in n for n in notes)  # no address: said, not drafted
    assert len(w.mb.drafts) == 2
    for person in (KIM, LEE):
        msg = w.message("thank_you", person.email)
        assert [a.addr_spec for a in msg["To"].addresses] == [person.email]
        assert msg["Cc"] is None and msg["Bcc"] is None
        assert msg["From"].addresses[0].addr_spec == "robin.vega@example.org"
        assert msg["Subject"] == "Thank you — Acme interview on October 22"  # the company, for the recruiter's files
        assert msg["In-Reply-To"] is None
        body = " ".join(msg.get_content().split())
        assert "Thursday, October 22" in body and "Acme" in body
    # only the primary contact, who gets the follow-up, is told when it comes
    assert "If I haven't heard by Monday, November 9, I'll check in then." in " ".join(w.message("thank_you", KIM.email).get_content().split())
    assert "check in" not in w.message("thank_you", LEE.email).get_content()
    assert w.message("thank_you", KIM.email).get_content().startswith("Dear Dr. Okafor,")
    assert w.message("thank_you", LEE.email).get_content().startswith("Dear Lee Park,")
    assert "on-call load" in w.message("thank_you", KIM.email).get_content()
    assert "the telemetry pipeline" in w.message("thank_you", LEE.email).get_content()


def test_private_notes_are_never_in_a_draft(w):
    thanked(w)
    w.svc.complete_debrief(w.iv(), answers(referred_by={"name": "Sam Ray", "email": "sam@friend.example"}), DEBRIEFED)
    w.tick(FOLLOWUP)
    w.send("followup1", KIM.email)
    w.tick(FOLLOWUP + timedelta(days=12))
    w.svc.record_outcome(w.iv(), "rejected", FOLLOWUP + timedelta(days=13))
    kinds = {r["purpose"] for r in w.rows()}
    assert kinds == {"thank_you", "referral", "followup1", "followup2", "closing", "referral_update"}
    for raw in w.all_raw():
        text = message_from_string(raw, policy=policy.default).get_content()
        assert "PRIVATE" not in raw and "PRIVATE" not in text
        assert "froze" not in text and "system design answer" not in text


def test_first_names_when_not_formal(w):
    w.tick(END + timedelta(minutes=5))
    w.debrief(formal=False)
    assert w.message("thank_you", KIM.email).get_content().startswith("Hi Kim,")
    assert w.message("thank_you", LEE.email).get_content().startswith("Hi Lee,")


def test_informational_interview_uses_the_informational_template(tmp_path):
    w = World(tmp_path, [event(title="Informational interview with Acme")])
    w.tick(END + timedelta(minutes=5))
    assert w.iv().kind == "informational"
    w.debrief(advice="moving from analytics into platform work", will_do="I've signed up for the SRE course you suggested")
    assert {r["purpose"] for r in w.rows()} == {"informational"}
    msg = w.message("informational", KIM.email)
    assert msg["Subject"] == "Thank you for your time and advice"
    body = " ".join(msg.get_content().split())
    assert "moving from analytics into platform work" in body and "SRE course" in body
    assert "the team needs" not in body  # not the interview template
    assert "check in" not in body  # a career chat decides nothing
    # the informational thank-you counts as the thank-you, and nothing is chased after it
    w.send("informational", KIM.email)
    w.tick(DEBRIEFED + timedelta(hours=1))
    assert w.iv().stage == "closed" and "informational" in w.iv().closed_reason
    w.tick(FOLLOWUP + timedelta(days=30))
    assert {r["purpose"] for r in w.rows()} == {"informational"} and w.iv().stage != "gone_quiet"


def test_referrer_gets_a_referral_draft(w):
    w.tick(END + timedelta(minutes=5))
    w.debrief(referred_by={"name": "Sam Ray", "email": "Sam@Friend.example"})
    msg = w.message("referral", "sam@friend.example")
    assert [a.addr_spec.lower() for a in msg["To"].addresses] == ["sam@friend.example"]
    assert msg["Subject"] == "Thank you for the referral to Acme"
    body = " ".join(msg.get_content().split())
    assert body.startswith("Hi Sam,") and "I met with Dr. Kim Okafor and Lee Park on Thursday, October 22." in body
    # nothing written to the interviewers reaches the referrer
    for said in ("telemetry", "alert noise", "false alerts", "Thai", "final round"):
        assert said not in body


def test_debrief_twice_still_one_draft_per_person_per_purpose(w):
    w.tick(END + timedelta(minutes=5))
    w.debrief(referred_by={"name": "Sam Ray", "email": "sam@friend.example"})
    w.debrief(DEBRIEFED + timedelta(minutes=10), referred_by={"name": "Sam Ray", "email": "sam@friend.example"})
    w.svc = w.service()  # and once more after a restart
    w.debrief(DEBRIEFED + timedelta(minutes=20), referred_by={"name": "Sam Ray", "email": "sam@friend.example"})
    w.tick(DEBRIEFED + timedelta(minutes=30))
    assert sorted((r["purpose"], r["recipient"]) for r in w.rows()) == [
        ("referral", "sam@friend.example"), ("thank_you", KIM.email), ("thank_you", LEE.email)]
    assert len(w.mb.drafts) == 3


class CrashAfterWrite(MemoryMailbox):
    """The process dies right after the mailbox stored a draft, before the state recorded it."""

    crash = True

    def create_draft(self, message, key):
        ref = super().create_draft(message, key)
        if self.crash:
            self.crash = False
            raise KeyboardInterrupt("killed")
        return ref


def test_a_crash_between_mailbox_and_state_leaves_one_draft(tmp_path):
    w = World(tmp_path, [event()], mailbox=CrashAfterWrite())
    w.tick(END + timedelta(minutes=5))
    with pytest.raises(KeyboardInterrupt):
        w.debrief()
    w.svc = w.service()
    w.tick(DEBRIEFED + timedelta(minutes=1))
    assert len(w.mb.drafts) == 2
    assert {r["state"] for r in w.rows()} == {"written"}


def test_a_debrief_on_a_closed_interview_is_refused(w):
    w.svc.skip(w.iv(), START)
    with pytest.raises(UsageError):
        w.debrief()


# -- sending, waiting, following up --------------------------------------------------------------------


def test_sending_the_thank_you_starts_the_wait(w):
    w.tick(END + timedelta(minutes=5))
    w.debrief()
    w.send("thank_you", LEE.email)  # not the primary contact: still waiting for Kim's
    w.tick(DEBRIEFED + timedelta(hours=1))
    assert w.iv().stage == "drafted"
    w.send("thank_you", KIM.email)
    w.tick(DEBRIEFED + timedelta(hours=2))
    assert w.iv().stage == "waiting"
    assert w.row("thank_you", KIM.email)["state"] == "sent"
    s = w.status()
    assert (s["next_action"], s["next_action_at"]) == ("followup", "2026-11-09T23:59:59-05:00")
    assert s["decision_at"] == "2026-11-05T23:59:59-05:00"


def test_one_threaded_follow_up_to_the_primary_after_the_grace(w):
    thanked(w)
    for now in (datetime(2026, 11, 5, 23, 59, 59, tzinfo=NY), datetime(2026, 11, 6, 12, 0, tzinfo=NY),
                FOLLOWUP - timedelta(seconds=1)):
        w.tick(now)
        assert w.rows("followup1") == [], now
    w.tick(FOLLOWUP)
    [row] = w.rows("followup1")
    assert row["recipient"] == KIM.email
    msg = w.message("followup1", KIM.email)
    thank_you = w.row("thank_you", KIM.email)
    assert [a.addr_spec for a in msg["To"].addresses] == [KIM.email]
    assert msg["In-Reply-To"] == thank_you["message_id"]
    assert thank_you["message_id"] in msg["References"].split()
    assert msg["Subject"] == "Re: Thank you — Acme interview on October 22"
    body = msg.get_content()
    assert body.startswith("Dear Dr. Okafor,")
    body = " ".join(body.split())
    # the decision phrase is over by now: the date it meant, not "within two weeks"
    assert "You mentioned you hoped to decide by Thursday, November 5" in body and "within two weeks" not in body
    assert w.iv().stage == "followed_up"
    # a second tick, and a restart, add nothing
    w.tick(FOLLOWUP)
    w.svc = w.service()
    w.tick(FOLLOWUP + timedelta(hours=1))
    assert len(w.rows("followup1")) == 1
    assert [m for m in w.mb.drafts.values() if "Re:" in str(m["Subject"])] == [w.mb.drafts[row["ref"]]]


def test_second_follow_up_only_if_the_first_was_sent(w):
    thanked(w)
    w.tick(FOLLOWUP)
    w.send("followup1", KIM.email)
    w.tick(FOLLOWUP + timedelta(hours=10))
    second = datetime(2026, 11, 18, 23, 59, 59, tzinfo=NY)  # Mon 9 November + 7 business days
    assert w.status()["next_action_at"] == second.isoformat()
    w.tick(second - timedelta(seconds=1))
    assert w.rows("followup2") == []
    w.tick(second)
    msg = w.message("followup2", KIM.email)
    assert [a.addr_spec for a in msg["To"].addresses] == [KIM.email]
    assert msg["In-Reply-To"] == w.row("thank_you", KIM.email)["message_id"]
    assert w.row("followup1", KIM.email)["message_id"] in msg["References"].split()
    assert "If the role has been filled" in msg.get_content()
    assert w.iv().stage == "gone_quiet"
    s = w.status()
    assert (s["next_action"], s["next_action_at"]) == (None, None)
    w.tick(second + timedelta(days=60))
    assert len([r for r in w.rows() if r["purpose"].startswith("followup")]) == 2


def test_no_second_follow_up_when_the_first_stayed_in_drafts(w):
    thanked(w)
    w.tick(FOLLOWUP)
    w.tick(datetime(2026, 11, 18, 23, 59, 59, tzinfo=NY))
    assert w.rows("followup2") == []
    assert w.iv().stage == "gone_quiet"
    w.tick(datetime(2027, 1, 5, 9, 0, tzinfo=NY))
    assert w.rows("followup2") == []


def test_no_usable_decision_date_follows_up_after_the_default_wait(w):
    w.tick(END + timedelta(minutes=5))
    w.debrief(decision_by="when the stars align")
    w.send("thank_you", KIM.email)
    w.tick(DEBRIEFED + timedelta(hours=1))
    at = datetime.fromisoformat(w.status()["next_action_at"])
    # 7 business days after Thu 22 October is Mon 2 November: never sooner than that
    assert at.astimezone(NY).date() >= datetime(2026, 11, 2).date()
    w.tick(at - timedelta(seconds=1))
    assert w.rows("followup1") == []
    w.tick(at)
    assert len(w.rows("followup1")) == 1


def test_a_decision_said_to_come_after_a_date_is_never_quoted_as_by_it(w):
    w.tick(END + timedelta(minutes=5))
    w.debrief(decision_by="after the board meets on the 3rd")  # Tue 3 November; a decision two business days on
    w.send("thank_you", KIM.email)
    w.tick(DEBRIEFED + timedelta(hours=1))
    assert w.status()["decision_at"] == "2026-11-05T23:59:59-05:00"
    at = datetime.fromisoformat(w.status()["next_action_at"])
    w.tick(at)
    body = " ".join(w.message("followup1", KIM.email).get_content().split())
    assert "decide by" not in body and "3rd" not in body and "Tuesday, 3 November" not in body, body


def test_follow_up_across_the_year_end(tmp_path):
    start = datetime(2026, 12, 17, 10, 0, tzinfo=BERLIN)  # Thu; "within two weeks" → Thu 31 December
    w = World(tmp_path, [event(start=start)], zone=BERLIN)
    w.tick(start + timedelta(hours=1, minutes=5))
    w.debrief(start + timedelta(hours=2))
    w.send("thank_you", KIM.email)
    w.tick(start + timedelta(hours=3))
    assert w.status()["next_action_at"] == "2027-01-04T23:59:59+01:00"  # + Fri 1, Mon 4 January
    w.tick(datetime(2027, 1, 4, 23, 59, 59, tzinfo=BERLIN))
    assert len(w.rows("followup1")) == 1


# -- replies -----------------------------------------------------------------------------------------


def test_a_reply_from_the_primary_closes_it(w):
    thanked(w)
    tid = w.row("thank_you", KIM.email)["message_id"]
    w.mb.deliver(reply(KIM, "Re: Thank you for our conversation on Thursday", datetime(2026, 10, 26, 9, tzinfo=NY), tid))
    w.tick(datetime(2026, 10, 26, 9, 15, tzinfo=NY))
    assert w.iv().stage == "closed"
    w.tick(FOLLOWUP + timedelta(days=30))
    assert w.rows("followup1") == []


def test_a_reply_to_the_follow_up_closes_it(w):
    thanked(w)
    w.tick(FOLLOWUP)
    w.send("followup1", KIM.email)
    fid = w.row("followup1", KIM.email)["message_id"]
    w.mb.deliver(reply(KIM, "Re: Thank you for our conversation on Thursday", datetime(2026, 11, 10, 9, tzinfo=NY), fid))
    w.tick(datetime(2026, 11, 10, 9, 15, tzinfo=NY))
    assert w.iv().stage == "closed"
    w.tick(datetime(2026, 12, 1, tzinfo=NY))
    assert w.rows("followup2") == []


def test_a_reply_from_another_interviewer_does_not_stop_the_follow_up_to_the_primary(w):
    thanked(w)
    w.send("thank_you", LEE.email)
    lee = w.row("thank_you", LEE.email)["message_id"]
    w.mb.deliver(reply(LEE, "Re: Thank you for our conversation on Thursday", datetime(2026, 10, 26, 9, tzinfo=NY), lee))
    w.tick(datetime(2026, 10, 26, 9, 15, tzinfo=NY))
    assert w.iv().stage == "waiting"
    w.tick(FOLLOWUP)
    assert [r["recipient"] for r in w.rows("followup1")] == [KIM.email]
    assert w.rows("followup1")[0]["recipient"] != LEE.email


@pytest.mark.parametrize(
    "subject, headers",
    [
        ("Re: Thank you for our conversation on Thursday", {"Auto-Submitted": "auto-replied"}),
        ("Out of Office: Kim Okafor", {}),
        ("Automatic reply: Thank you for our conversation on Thursday", {"X-Autoreply": "yes"}),
    ],
)
def test_an_out_of_office_reply_postpones_the_follow_up_but_it_still_comes(w, subject, headers):
    thanked(w)
    tid = w.row("thank_you", KIM.email)["message_id"]
    received = datetime(2026, 11, 9, 10, 0, tzinfo=NY)  # Mon, the day the follow-up is due
    w.mb.deliver(reply(KIM, subject, received, tid, **headers))
    w.tick(received + timedelta(minutes=10))
    assert w.iv().stage == "waiting"  # not an answer
    back = datetime(2026, 11, 12, 10, 0, tzinfo=NY)  # 3 business days later
    assert w.status()["next_action_at"] == back.isoformat()
    w.tick(FOLLOWUP)
    w.tick(back - timedelta(seconds=1))
    assert w.rows("followup1") == []
    w.tick(back)
    assert [r["recipient"] for r in w.rows("followup1")] == [KIM.email]


def test_an_early_out_of_office_does_not_advance_the_follow_up(w):
    thanked(w)
    tid = w.row("thank_you", KIM.email)["message_id"]
    w.mb.deliver(reply(KIM, "Out of Office", datetime(2026, 10, 22, 14, 30, tzinfo=NY), tid, Auto_Submitted="auto-replied"))
    w.tick(datetime(2026, 10, 22, 15, 0, tzinfo=NY))
    assert w.status()["next_action_at"] == FOLLOWUP.isoformat()
    w.tick(datetime(2026, 10, 28, 9, 0, tzinfo=NY))
    assert w.rows("followup1") == []


def test_an_out_of_office_dated_in_the_future_postpones_from_its_arrival(w):
    thanked(w)
    tid = w.row("thank_you", KIM.email)["message_id"]
    arrived = datetime(2026, 11, 9, 10, 0, tzinfo=NY)
    w.mb.deliver(reply(KIM, "Out of Office", datetime(2099, 1, 1, tzinfo=NY), tid, Auto_Submitted="auto-replied"))
    w.tick(arrived)
    assert w.status()["next_action_at"] == "2026-11-12T10:00:00-05:00"  # 3 business days after it came
    w.tick(datetime(2026, 11, 12, 10, 0, tzinfo=NY))
    assert len(w.rows("followup1")) == 1


def test_mail_from_the_primary_sent_before_the_interview_is_not_a_reply(tmp_path):
    # the user debriefed and sent the thank-you before the service ever ran; its first sync reads
    # the whole inbox, including Kim's logistics mail from before the interview
    w = World(tmp_path, [event()])
    w.mb.deliver(reply(KIM, "See you on Thursday", START - timedelta(days=2)))
    w.svc.sync_calendars(START - timedelta(days=3))
    w.debrief()
    w.send("thank_you", KIM.email)
    w.tick(DEBRIEFED + timedelta(hours=3))
    assert w.iv().stage == "waiting"
    w.tick(FOLLOWUP)
    assert len(w.rows("followup1")) == 1


def test_replies_are_read_once_and_my_own_mail_is_not_a_reply(w):
    thanked(w)
    tid = w.row("thank_you", KIM.email)["message_id"]
    mine = reply(ROBIN, "Re: Thank you for our conversation on Thursday", datetime(2026, 10, 26, 9, tzinfo=NY), tid)
    w.mb.deliver(mine)
    w.tick(datetime(2026, 10, 26, 9, 15, tzinfo=NY))
    assert w.iv().stage == "waiting"
    stranger = reply(Person("x@spam.example", "X"), "Hello", datetime(2026, 10, 26, 9, tzinfo=NY))
    w.mb.deliver(stranger)
    w.mb.deliver(stranger)
    w.tick(datetime(2026, 10, 26, 9, 30, tzinfo=NY))
    assert w.iv().stage == "waiting"


def test_a_reply_without_threading_headers_from_the_primary_still_counts(w):
    thanked(w)
    w.mb.deliver(reply(KIM, "Quick update on your application", datetime(2026, 10, 27, 9, tzinfo=NY)))
    w.tick(datetime(2026, 10, 27, 9, 15, tzinfo=NY))
    assert w.iv().stage == "closed"


# -- outcomes, skip, next round ------------------------------------------------------------------------


def test_rejected_gives_a_closing_note_in_the_thread(w):
    thanked(w)
    text = w.svc.record_outcome(w.iv(), "rejected", datetime(2026, 10, 28, 9, tzinfo=NY))
    assert "closing note" in text
    msg = w.message("closing", KIM.email)
    tid = w.row("thank_you", KIM.email)["message_id"]
    assert [a.addr_spec for a in msg["To"].addresses] == [KIM.email]
    assert msg["In-Reply-To"] == tid and tid in msg["References"].split()
    assert msg["Subject"] == "Re: Thank you — Acme interview on October 22"
    assert "future roles" in " ".join(msg.get_content().split())
    iv = w.iv()
    assert (iv.stage, iv.outcome) == ("closed", "rejected")
    w.tick(FOLLOWUP + timedelta(days=30))
    assert w.rows("followup1") == [] and len(w.rows("closing")) == 1


def test_the_closing_note_answers_the_rejection_mail_under_its_subject(w):
    thanked(w)
    w.mb.deliver(reply(KIM, "Update on your application - Acme", datetime(2026, 10, 27, 9, tzinfo=NY)))
    w.tick(datetime(2026, 10, 27, 9, 15, tzinfo=NY))
    w.svc.record_outcome(w.iv(), "rejected", datetime(2026, 10, 27, 10, tzinfo=NY))
    msg = w.message("closing", KIM.email)
    rejection = [m for m in w.mb.inbox if "Update on your application" in str(m["Subject"])][0]
    assert msg["In-Reply-To"] == rejection["Message-ID"]
    assert msg["Subject"] == "Re: Update on your application - Acme"  # not the thank-you's subject


def test_a_reply_from_the_primary_contact_ends_the_wait_says_so_once_and_wait_undoes_it(w):
    thanked(w)
    kim_says = datetime(2026, 11, 6, 9, tzinfo=NY)  # Fri: "I'll get back to you after the offsite"
    thank_you = w.row("thank_you", KIM.email)["message_id"]
    w.mb.deliver(reply(KIM, "Re: Thank you", kim_says, in_reply_to=thank_you))
    w.tick(kim_says + timedelta(minutes=15))
    w.tick(kim_says + timedelta(hours=2))
    assert w.iv().stage == "closed" and w.notices("replied") == ["replied"]  # told once
    subject, body = w.notifier.sent[-1]
    assert "Kim Okafor replied" in subject and "followthrough wait 1" in body
    assert w.status()["closed_reason"] == f"reply from {KIM.email}"
    said = w.svc.keep_waiting(w.iv(), kim_says + timedelta(hours=3))
    assert "waiting again" in said and w.iv().stage == "waiting"
    back = datetime(2026, 11, 17, 9, tzinfo=NY)  # 7 business days after her reply: later than the decision date's
    assert w.iv().wait_until == back and w.status()["next_action_at"] == back.isoformat()
    w.tick(FOLLOWUP)
    w.tick(back - timedelta(minutes=1))
    assert w.rows("followup1") == []
    w.tick(back)
    assert len(w.rows("followup1")) == 1
    with pytest.raises(UsageError, match="not closed by a reply"):
        w.svc.keep_waiting(w.iv(), back)
    # her real answer later closes it again, and says so again
    w.mb.deliver(reply(KIM, "Re: Thank you", back + timedelta(days=1), in_reply_to=thank_you))
    w.tick(back + timedelta(days=1, minutes=15))
    assert w.iv().stage == "closed" and w.notices("replied") == ["replied", "replied"]


def test_rejected_twice_still_one_closing_note(w):
    thanked(w)
    w.svc.record_outcome(w.iv(), "rejected", datetime(2026, 10, 28, 9, tzinfo=NY))
    w.svc.record_outcome(w.iv(), "rejected", datetime(2026, 10, 28, 10, tzinfo=NY))
    assert len(w.rows("closing")) == 1 and len(w.mb.drafts) == 2  # Lee's thank-you and the closing note


def test_withdrawn_before_the_interview_means_no_prompt(w):
    w.svc.record_outcome(w.iv(), "withdrawn", START - timedelta(hours=5))
    w.tick(END + timedelta(minutes=5))
    w.tick(END + timedelta(days=1))
    assert w.notices() == [] and w.rows() == []


@pytest.mark.parametrize("outcome", ["offer", "withdrawn", "next-round"])
def test_other_outcomes_close_without_drafts(w, outcome):
    thanked(w)
    before = len(w.rows())
    w.svc.record_outcome(w.iv(), outcome, datetime(2026, 10, 28, 9, tzinfo=NY))
    assert w.iv().stage == "closed"
    w.tick(FOLLOWUP + timedelta(days=30))
    assert len(w.rows()) == before
    assert w.status()["next_action"] is None


def test_unknown_outcome_is_refused(w):
    with pytest.raises(UsageError):
        w.svc.record_outcome(w.iv(), "ghosted", START)
    assert w.iv().stage == "scheduled"


def test_skip_means_nothing_more_happens(w):
    w.tick(END + timedelta(minutes=5))
    w.svc.skip(w.iv(), END + timedelta(minutes=10))
    for now in (END + timedelta(hours=3), datetime(2026, 10, 23, 9, tzinfo=NY), FOLLOWUP + timedelta(days=30)):
        w.tick(now)
    assert w.notices() == ["prompt"]
    assert w.rows() == [] and w.mb.drafts == {}
    assert w.svc.next_wakeup() is None
    assert w.status()["stage"] == "skipped"


def test_a_later_round_with_the_same_company_means_no_follow_up(w):
    thanked(w)
    final = datetime(2026, 11, 4, 14, 0, tzinfo=NY)
    w.cal.put(event("i2@acme", start=final, title="Interview with Acme - final round"))
    w.tick(datetime(2026, 10, 30, 9, tzinfo=NY))
    assert w.iv("i2@acme").company == w.iv().company == "Acme"
    w.tick(FOLLOWUP)
    iv = w.iv()
    assert iv.stage == "closed" and "next round" in iv.closed_reason
    assert w.rows("followup1") == []


def test_an_interview_with_another_company_does_not_close_it(w):
    thanked(w)
    other = Person("ana@globex.example", "Ana Diaz", partstat="ACCEPTED")
    w.cal.put(event("g1@globex", start=datetime(2026, 11, 4, 14, tzinfo=NY), title="Interview with Globex",
                    organizer=other, attendees=[other, ROBIN]))
    w.tick(FOLLOWUP)
    assert len(w.rows("followup1")) == 1


# -- header injection ------------------------------------------------------------------------------------


def test_cr_lf_in_titles_names_and_answers_never_makes_a_header(tmp_path):
    kim = Person(KIM.email, "Kim Okafor" + EVIL, partstat="ACCEPTED")
    w = World(tmp_path, [event(title="Interview with Acme" + EVIL, organizer=kim, attendees=[kim, LEE, ROBIN])])
    w.tick(END + timedelta(minutes=5))
    w.svc.complete_debrief(w.iv(), answers(
        excited="the pipeline" + EVIL, problems="alerts" + EVIL, decision_by="within two weeks" + EVIL,
        next_step="a final round" + EVIL,
        met=[{"name": "Dr. Kim Okafor" + EVIL, "email": KIM.email, "focus": "on-call" + EVIL},
             {"name": "Lee" + EVIL, "email": LEE.email}],
        referred_by={"name": "Sam Ray" + EVIL, "email": "sam@friend.example"},
    ), DEBRIEFED)
    w.send("thank_you", KIM.email)
    w.tick(DEBRIEFED + timedelta(hours=1))
    w.tick(FOLLOWUP + timedelta(days=1))
    w.svc.record_outcome(w.iv(), "rejected", FOLLOWUP + timedelta(days=2))
    raws = w.all_raw()
    assert len(raws) == 6  # two thank-yous, the referral, the follow-up, the closing note, the referrer's update
    for raw in raws:
        msg = message_from_string(raw, policy=policy.default)
        assert msg["Bcc"] is None and msg["Cc"] is None
        assert not any(line.lower().startswith("bcc:") for line in raw.split("\n\n", 1)[0].splitlines())
        assert len(msg["To"].addresses) == 1
        assert "evil@example.com" not in [a.addr_spec for a in msg["To"].addresses]
        for name, value in msg.items():
            assert "\r" not in str(value) and "\n" not in str(value), name
    # the title reached the notification as one line too
    assert all("\r" not in t and "\n" not in t for t, _ in w.notifier.sent)


@pytest.mark.parametrize("where", ["met", "referred_by"])
def test_cr_lf_in_an_address_is_refused_naming_it(w, where):
    bad = KIM.email + EVIL
    kw = ({"met": [{"name": "Kim", "email": bad}]} if where == "met"
          else {"referred_by": {"name": "Sam", "email": "sam@friend.example" + EVIL}})
    w.tick(END + timedelta(minutes=5))
    with pytest.raises(UsageError, match="not an e-mail address") as err:
        w.debrief(**kw)
    assert "evil@example.com" in str(err.value)
    assert w.rows() == [] and w.mb.drafts == {} and w.iv().stage == "awaiting_debrief"
    assert w.svc.state.debrief(w.iv().id) == ({}, None)  # nothing half-stored


# -- never sends -----------------------------------------------------------------------------------------


class Spy(MemoryMailbox):
    """Records every call the service makes to its mailbox."""

    def __init__(self):
        super().__init__()
        self.calls: list[str] = []

    def __getattribute__(self, name):
        attr = super().__getattribute__(name)
        if callable(attr) and not name.startswith("_") and name not in ("deliver", "send_draft"):
            super().__getattribute__("calls").append(name)
        return attr


def test_the_service_never_sends_mail(tmp_path):
    spy = Spy()
    w = World(tmp_path, [event()], mailbox=spy)
    w.tick(START - timedelta(days=1))
    thanked(w)
    w.tick(FOLLOWUP)
    w.send("followup1", KIM.email)
    w.tick(datetime(2026, 11, 18, 23, 59, 59, tzinfo=NY))
    w.svc.record_outcome(w.iv(), "rejected", datetime(2026, 11, 20, tzinfo=NY))
    w.tick(datetime(2026, 12, 20, tzinfo=NY))
    assert set(spy.calls) <= {"create_draft", "find_draft", "sent", "replies"}
    # only what the user sent is in Sent; everything else waits in Drafts
    sent = {str(m["Message-ID"]) for m in spy.sent_messages}
    assert sent == {w.row("thank_you", KIM.email)["message_id"], w.row("followup1", KIM.email)["message_id"]}
    assert len(spy.drafts) == 3  # Lee's thank-you, the second follow-up, the closing note
    # nothing of ours would reach the interviewer: no X-Followthrough headers, the key only in the Message-ID
    assert not any(name.lower().startswith("x-followthrough") for m in spy.drafts.values() for name in m.keys())
    assert all(str(m["Message-ID"]).startswith("<ft-") for m in spy.drafts.values())


def test_no_send_path_exists():
    assert not any(name.startswith("send") for name in vars(Mailbox))
    source = inspect.getsource(runner)
    for word in ("smtplib", "send_draft", "sendmail", "send_message"):
        assert word not in source


# -- status ----------------------------------------------------------------------------------------------


KEYS = {"id", "uid", "title", "company", "kind", "start", "end", "stage", "next_action", "next_action_at",
        "interviewers", "drafts"}


def _has_offset(text: str) -> bool:
    return datetime.fromisoformat(text).utcoffset() is not None


def test_status_shape(w):
    [s] = w.svc.status()
    assert KEYS <= set(s)
    assert (s["id"], s["uid"], s["title"], s["company"], s["kind"], s["stage"]) == (
        1, "i1@acme", "Interview with Acme - technical round", "Acme", "technical", "scheduled")
    assert s["start"] == "2026-10-22T10:00:00-04:00" and s["end"] == "2026-10-22T11:00:00-04:00"
    assert (s["next_action"], s["next_action_at"]) == ("prompt", "2026-10-22T11:05:00-04:00")
    assert s["interviewers"] == [{"email": KIM.email, "name": "Kim Okafor"}, {"email": LEE.email, "name": "Lee Park"}]
    assert s["drafts"] == []
    thanked(w)
    w.tick(FOLLOWUP)
    [s] = json.loads(json.dumps(w.svc.status()))
    assert KEYS <= set(s)
    for key in ("start", "end", "next_action_at"):
        assert _has_offset(s[key]), key
    assert s["next_action_at"] == "2026-11-18T23:59:59-05:00"  # shown in the user's zone, after the change
    assert [(d["kind"], d["to"]) for d in s["drafts"]] == [
        ("thank_you", KIM.email), ("thank_you", LEE.email), ("followup1", KIM.email)]
    for d in s["drafts"]:
        assert {"kind", "to", "subject", "ref"} <= set(d)
        assert d["ref"] and d["subject"]


def test_status_times_are_in_the_users_zone_whatever_the_calendar_gave(tmp_path):
    utc = timezone.utc
    w = World(tmp_path, [event(start=START.astimezone(utc), end=END.astimezone(utc))])
    w.tick(START - timedelta(days=1))
    s = w.status()
    assert (s["start"], s["end"], s["next_action_at"]) == (
        "2026-10-22T10:00:00-04:00", "2026-10-22T11:00:00-04:00", "2026-10-22T11:05:00-04:00")


def test_decision_is_read_on_the_users_wall_clock_for_a_utc_calendar(tmp_path):
    # 19:00-20:00 New York on Friday 6 March is Saturday 00:00-01:00 in UTC: "end of day" is Friday's
    utc = timezone.utc
    start = datetime(2026, 3, 6, 19, 0, tzinfo=NY)
    w = World(tmp_path, [event(start=start.astimezone(utc), end=(start + timedelta(hours=1)).astimezone(utc))])
    w.tick(start - timedelta(hours=1))
    w.tick(start + timedelta(hours=1, minutes=5))
    w.debrief(start + timedelta(hours=2), decision_by="by end of day")
    w.send("thank_you", KIM.email)
    w.tick(start + timedelta(hours=3))
    s = w.status()
    assert s["decision_at"] == "2026-03-06T23:59:59-05:00"
    assert s["next_action_at"] == "2026-03-10T23:59:59-04:00"  # Tuesday, after the spring-forward weekend


def test_next_wakeup_is_the_earliest_due_action(w):
    w.cal.put(event("i0@acme", start=START - timedelta(hours=3), title="Interview with Acme - phone screen"))
    w.tick(START - timedelta(hours=4))
    assert w.svc.next_wakeup() == START - timedelta(hours=2) + timedelta(minutes=5)


# -- a mailbox that fails --------------------------------------------------------------------------------


class Unwritable(MemoryMailbox):
    """A mailbox whose Drafts folder cannot be written (full disk, revoked token, ...)."""

    down = False

    def create_draft(self, message, key):
        if self.down:
            from daemon.core.errors import MailboxError

            raise MailboxError(f"mailbox {self.name}: cannot write the drafts folder")
        return super().create_draft(message, key)


def tick_while_down(w: World, now):
    """A step while the Drafts folder is unwritable: the error is reported (the service logs it and
    goes on); everything else in the step is done."""
    from daemon.core.errors import MailboxError

    try:
        w.tick(now)
    except MailboxError:
        pass


def test_drafts_planned_while_the_mailbox_is_down_are_written_once_later(tmp_path):
    from daemon.core.errors import MailboxError

    w = World(tmp_path, [event()], mailbox=Unwritable())
    w.tick(END + timedelta(minutes=5))
    w.mb.down = True
    with pytest.raises(MailboxError):
        w.debrief()
    assert w.iv().stage == "drafted"  # nothing lost: planned in the state
    assert {r["state"] for r in w.rows()} == {"pending"}
    tick_while_down(w, DEBRIEFED + timedelta(minutes=15))
    w.mb.down = False
    w.tick(DEBRIEFED + timedelta(minutes=30))
    w.tick(DEBRIEFED + timedelta(minutes=45))
    assert len(w.mb.drafts) == 2 and {r["state"] for r in w.rows()} == {"written"}


def test_a_draft_the_mailbox_refuses_does_not_hide_a_reply(w):
    # a referral draft is stuck (the mailbox refuses it); Kim's reply must still be seen, or a
    # follow-up would be written to someone who already answered
    mb = Unwritable()
    w.mb = mb
    w.svc = w.service()
    thanked(w)
    tid = w.row("thank_you", KIM.email)["message_id"]
    mb.down = True
    from daemon.core.errors import MailboxError

    with pytest.raises(MailboxError):
        w.svc.complete_debrief(w.iv(), answers(referred_by={"name": "Sam Ray", "email": "sam@friend.example"}),
                               DEBRIEFED + timedelta(hours=5))
    mb.deliver(reply(KIM, "Re: Thank you for our conversation on Thursday", datetime(2026, 10, 26, 9, tzinfo=NY), tid))
    tick_while_down(w, datetime(2026, 10, 26, 9, 15, tzinfo=NY))
    assert w.iv().stage == "closed"
    tick_while_down(w, FOLLOWUP + timedelta(days=1))
    assert w.rows("followup1") == []


def test_a_long_downtime_still_prompts_for_interviews_first_seen_afterwards(tmp_path):
    """Only a calendar's very first sync (a new install) spares old interviews their prompt."""
    w = World(tmp_path, [event(uid="old@acme", start=START - timedelta(days=60))])
    w.tick(START - timedelta(days=59))  # the service knows this calendar
    w.cal.put(event())  # an interview added while the service was down for three weeks
    w.tick(END + timedelta(days=20))
    assert w.iv().prompted_at is not None and "prompt" in w.notices("prompt")


def test_an_interview_moved_after_its_prompt_is_prompted_again_after_the_new_time(w):
    w.tick(END + timedelta(minutes=6))
    assert w.iv().stage == "awaiting_debrief"
    later = START + timedelta(days=2)
    w.cal.put(event(start=later))  # rescheduled (e.g. the interviewer could not make it)
    w.tick(END + timedelta(minutes=30))
    iv = w.iv()
    assert iv.stage == "scheduled" and iv.prompted_at is None and iv.reminders == 0
    w.tick(later + timedelta(hours=1, minutes=6))
    assert w.iv().stage == "awaiting_debrief" and w.notices("prompt") == ["prompt", "prompt"]


def test_whoever_introduced_the_user_for_a_career_chat_is_thanked_for_the_introduction_not_a_referral(tmp_path):
    w = World(tmp_path, [event(title="Coffee chat with Kim Okafor (informational)")])
    w.tick(END + timedelta(minutes=5))
    assert w.iv().kind == "informational"
    given = answers(advice="to talk to people in SRE", will_do="I'm going to book two calls",
                    referred_by={"name": "Sam Lee", "email": "sam.lee@example.org"})
    w.svc.complete_debrief(w.iv(), given, END + timedelta(hours=1))
    msg = w.message("referral", "sam.lee@example.org")
    body = " ".join(msg.get_content().split())
    assert msg["Subject"] == "Thank you for the introduction"
    assert "introducing me to Dr. Kim Okafor and Lee Park" in body and "referr" not in body.lower()


def test_a_run_killed_after_marking_the_thank_yous_sent_still_moves_the_interview_on(w):
    """The state a run leaves when killed between noticing the sends and moving the interview on."""
    w.tick(END + timedelta(minutes=5))
    w.debrief()
    for to in (KIM.email, LEE.email):
        w.send("thank_you", to)
        w.svc.state.mark_draft(w.row("thank_you", to)["id"], "sent", DEBRIEFED + timedelta(hours=1))
    assert w.iv().stage == "drafted"
    w.svc = w.service()  # the next run
    w.tick(DEBRIEFED + timedelta(hours=2))
    assert w.iv().stage == "waiting"
    w.tick(FOLLOWUP)
    assert len(w.rows("followup1")) == 1


class _Killed(BaseException):
    """A process killed mid-step: nothing after this point runs."""


def test_a_run_killed_between_reading_a_reply_and_acting_on_it_acts_on_it_next_time(w, monkeypatch):
    thanked(w)
    thank_you = w.row("thank_you", KIM.email)["message_id"]
    w.mb.deliver(reply(KIM, "Re: Thank you", datetime(2026, 10, 27, 9, tzinfo=NY), in_reply_to=thank_you))
    real = type(w.svc.state).update

    def killed_when_closing(self, *args, **fields):
        if fields.get("stage") == "closed":
            raise _Killed
        return real(self, *args, **fields)

    monkeypatch.setattr(type(w.svc.state), "update", killed_when_closing)
    with pytest.raises(_Killed):
        w.tick(datetime(2026, 10, 27, 9, 15, tzinfo=NY))
    monkeypatch.undo()
    w.svc = w.service()  # the next run
    w.tick(datetime(2026, 10, 27, 9, 30, tzinfo=NY))
    assert w.iv().stage == "closed" and w.notices("replied") == ["replied"]
    w.tick(FOLLOWUP)
    assert w.rows("followup1") == []  # no follow-up to someone who answered
