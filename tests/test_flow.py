"""The scheduling rules of daemon/core/flow.py: pure functions of (interview, settings, zone), no clock.

Every rule is checked on ordinary days and across the DST changes (US: 2026-03-08, 2026-11-01;
EU: 2026-03-29, 2026-10-25), month ends and the year end. Stored times come back from SQLite
with a fixed UTC offset, so the interviews here are built the same way (``stored``).
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

from daemon.core import flow
from daemon.service.config import validate
from daemon.core.model import Interview

NY = ZoneInfo("America/New_York")
BERLIN = ZoneInfo("Europe/Berlin")
UTC = timezone.utc
S = validate({}).schedule


def stored(moment: datetime) -> datetime:
    """``moment`` as the state gives it back: ISO text with a fixed offset."""
    return datetime.fromisoformat(moment.isoformat())


def make(start: datetime, end: datetime | None = None, **kw) -> Interview:
    end = end or start + timedelta(hours=1)
    base = dict(id=1, source="mem", uid="i1@acme", recurrence_id="", title="Interview with Acme", company="Acme",
                kind="technical", start=stored(start), end=stored(end), all_day=False, confidence=0.9)
    base.update(kw)
    return Interview(**base)


def all_day(first: datetime, days: int = 1, zone=NY) -> Interview:
    """An all-day event as the ICS source gives it: local midnight to the (exclusive) midnight after."""
    start = datetime(first.year, first.month, first.day, tzinfo=zone)
    end = datetime.combine(start.date() + timedelta(days=days), datetime.min.time(), tzinfo=zone)
    return make(start, end, all_day=True, kind="onsite", title="Acme superday")


def local(moment: datetime, zone) -> str:
    return moment.astimezone(zone).isoformat()


def test_defaults_are_the_designed_ones():
    assert (S.prompt_delay_minutes, S.all_day_prompt_hour, S.reminder_after_hours, S.morning_hour) == (5, 18, 3, 9)
    assert (S.grace_business_days, S.default_decision_business_days, S.out_of_office_business_days,
            S.second_followup_business_days) == (2, 7, 3, 7)


# -- the prompt ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "start, end, zone, expected",
    [
        # an ordinary afternoon
        (datetime(2026, 9, 2, 10, 0), datetime(2026, 9, 2, 11, 0), NY, "2026-09-02T11:05:00-04:00"),
        # month end: 23:58 on 30 April prompts on 1 May
        (datetime(2026, 4, 30, 23, 0), datetime(2026, 4, 30, 23, 58), NY, "2026-05-01T00:03:00-04:00"),
        # year end: an interview ending 23:57 on New Year's Eve prompts in the new year
        (datetime(2026, 12, 31, 23, 0), datetime(2026, 12, 31, 23, 57), BERLIN, "2027-01-01T00:02:00+01:00"),
        # the evening before each DST change: the offset of the prompt is the one before
        (datetime(2026, 3, 7, 20, 0), datetime(2026, 3, 7, 21, 0), NY, "2026-03-07T21:05:00-05:00"),
        (datetime(2026, 3, 28, 20, 0), datetime(2026, 3, 28, 21, 0), BERLIN, "2026-03-28T21:05:00+01:00"),
        # the day after: the new offset
        (datetime(2026, 11, 2, 10, 0), datetime(2026, 11, 2, 11, 0), NY, "2026-11-02T11:05:00-05:00"),
        (datetime(2026, 10, 26, 10, 0), datetime(2026, 10, 26, 11, 0), BERLIN, "2026-10-26T11:05:00+01:00"),
    ],
)
def test_prompt_five_minutes_after_the_end(start, end, zone, expected):
    iv = make(start.replace(tzinfo=zone), end.replace(tzinfo=zone))
    assert local(flow.prompt_at(iv, S, zone), zone) == expected


@pytest.mark.parametrize(
    "start, end, zone, expected",
    [
        # US spring forward: 01:30 EST to 03:30 EDT is one real hour; the prompt is 5 real minutes later
        (datetime(2026, 3, 8, 1, 30), datetime(2026, 3, 8, 3, 30), NY, "2026-03-08T03:35:00-04:00"),
        # US fall back: 00:30 EDT to 01:30 EST (the second 01:30) is two real hours
        (datetime(2026, 11, 1, 0, 30), datetime(2026, 11, 1, 1, 30, fold=1), NY, "2026-11-01T01:35:00-05:00"),
        # US fall back, ending in the first 01:30 (EDT)
        (datetime(2026, 11, 1, 0, 30), datetime(2026, 11, 1, 1, 30, fold=0), NY, "2026-11-01T01:35:00-04:00"),
        # EU spring forward: 01:30 CET to 03:30 CEST
        (datetime(2026, 3, 29, 1, 30), datetime(2026, 3, 29, 3, 30), BERLIN, "2026-03-29T03:35:00+02:00"),
        # EU fall back: 01:30 CEST to the second 02:30 (CET)
        (datetime(2026, 10, 25, 1, 30), datetime(2026, 10, 25, 2, 30, fold=1), BERLIN, "2026-10-25T02:35:00+01:00"),
    ],
)
def test_prompt_of_an_interview_ending_across_a_dst_change(start, end, zone, expected):
    iv = make(start.replace(tzinfo=zone), end.replace(tzinfo=zone))
    at = flow.prompt_at(iv, S, zone)
    assert local(at, zone) == expected
    assert at - iv.end == timedelta(minutes=5)  # real minutes, whatever the wall clock did


@pytest.mark.parametrize(
    "day, days, zone, expected",
    [
        (datetime(2026, 9, 10), 1, NY, "2026-09-10T18:00:00-04:00"),
        # a two-day assessment centre prompts on its last day
        (datetime(2026, 9, 10), 2, NY, "2026-09-11T18:00:00-04:00"),
        # on each DST day itself
        (datetime(2026, 3, 8), 1, NY, "2026-03-08T18:00:00-04:00"),
        (datetime(2026, 11, 1), 1, NY, "2026-11-01T18:00:00-05:00"),
        (datetime(2026, 3, 29), 1, BERLIN, "2026-03-29T18:00:00+02:00"),
        (datetime(2026, 10, 25), 1, BERLIN, "2026-10-25T18:00:00+01:00"),
        # spanning a DST change: the last day's offset
        (datetime(2026, 3, 7), 2, NY, "2026-03-08T18:00:00-04:00"),
        (datetime(2026, 10, 24), 3, BERLIN, "2026-10-26T18:00:00+01:00"),
        # month end and year end
        (datetime(2026, 2, 27), 2, NY, "2026-02-28T18:00:00-05:00"),
        (datetime(2026, 12, 31), 1, BERLIN, "2026-12-31T18:00:00+01:00"),
        (datetime(2026, 12, 31), 2, NY, "2027-01-01T18:00:00-05:00"),
    ],
)
def test_all_day_event_prompts_at_six_in_the_evening_of_its_last_day(day, days, zone, expected):
    iv = all_day(day, days, zone)
    assert local(flow.prompt_at(iv, S, zone), zone) == expected


def test_all_day_prompt_is_read_in_the_users_zone_even_when_stored_in_utc():
    # a calendar that hands out UTC instants: midnight New York is 04:00/05:00 UTC
    iv = all_day(datetime(2026, 11, 1), 1, NY)
    iv = replace(iv, start=iv.start.astimezone(UTC), end=iv.end.astimezone(UTC))
    assert local(flow.prompt_at(iv, S, NY), NY) == "2026-11-01T18:00:00-05:00"


def test_all_day_event_with_no_length_prompts_on_its_own_day():
    # DTEND = DTSTART (seen in the wild): the prompt must not land on the day before
    start = datetime(2026, 9, 10, tzinfo=NY)
    iv = make(start, start, all_day=True)
    assert local(flow.prompt_at(iv, S, NY), NY) == "2026-09-10T18:00:00-04:00"


def test_prompt_settings_are_honoured():
    s = replace_ns(S, prompt_delay_minutes=0, all_day_prompt_hour=20)
    iv = make(datetime(2026, 9, 2, 10, tzinfo=NY))
    assert flow.prompt_at(iv, s, NY) == iv.end
    assert local(flow.prompt_at(all_day(datetime(2026, 9, 2)), s, NY), NY) == "2026-09-02T20:00:00-04:00"


def replace_ns(ns, **kw):
    from types import SimpleNamespace

    return SimpleNamespace(**{**vars(ns), **kw})


# -- reminders -------------------------------------------------------------------------------------


def prompted(at: datetime, reminders: int = 0, reminded_at: datetime | None = None) -> Interview:
    iv = make(at - timedelta(hours=1, minutes=5), at - timedelta(minutes=5))
    return replace(iv, stage="awaiting_debrief", prompted_at=stored(at), reminders=reminders,
                   reminded_at=stored(reminded_at) if reminded_at else None)


def test_no_reminder_before_the_prompt():
    iv = make(datetime(2026, 9, 2, 10, tzinfo=NY))
    assert flow.reminder_at(iv, S, NY) is None


@pytest.mark.parametrize(
    "prompt, zone, first, morning",
    [
        # an ordinary afternoon
        (datetime(2026, 9, 2, 15, 5), NY, "2026-09-02T18:05:00-04:00", "2026-09-03T09:00:00-04:00"),
        # the US spring-forward night: 3 real hours later, and 09:00 EDT the next morning
        (datetime(2026, 3, 7, 23, 30), NY, "2026-03-08T03:30:00-04:00", "2026-03-08T09:00:00-04:00"),
        (datetime(2026, 3, 7, 15, 5), NY, "2026-03-07T18:05:00-05:00", "2026-03-08T09:00:00-04:00"),
        # the US fall-back night
        (datetime(2026, 10, 31, 23, 30), NY, "2026-11-01T01:30:00-05:00", "2026-11-01T09:00:00-05:00"),
        # the EU nights
        (datetime(2026, 3, 28, 23, 30), BERLIN, "2026-03-29T03:30:00+02:00", "2026-03-29T09:00:00+02:00"),
        (datetime(2026, 10, 24, 23, 30), BERLIN, "2026-10-25T02:30:00+02:00", "2026-10-25T09:00:00+01:00"),
        (datetime(2026, 10, 24, 18, 5), BERLIN, "2026-10-24T21:05:00+02:00", "2026-10-25T09:00:00+01:00"),
        # month end and year end
        (datetime(2026, 1, 31, 16, 5), NY, "2026-01-31T19:05:00-05:00", "2026-02-01T09:00:00-05:00"),
        (datetime(2026, 12, 31, 16, 5), BERLIN, "2026-12-31T19:05:00+01:00", "2027-01-01T09:00:00+01:00"),
        # a late prompt whose first reminder is already past midnight: still the next morning's 09:00
        (datetime(2026, 12, 31, 22, 30), NY, "2027-01-01T01:30:00-05:00", "2027-01-01T09:00:00-05:00"),
    ],
)
def test_two_reminders_then_none(prompt, zone, first, morning):
    p = prompt.replace(tzinfo=zone)
    iv = prompted(p)
    at1 = flow.reminder_at(iv, S, zone)
    assert local(at1, zone) == first
    assert at1 - p == timedelta(hours=3)  # real hours
    iv = replace(iv, reminders=1, reminded_at=at1)
    assert local(flow.reminder_at(iv, S, zone), zone) == morning
    iv = replace(iv, reminders=2, reminded_at=flow.reminder_at(iv, S, zone))
    assert flow.reminder_at(iv, S, zone) is None
    n = flow.next_action(iv, S, zone)
    assert (n.action, n.at) == ("debrief", None)  # waits quietly
    assert "followthrough debrief 1" in n.label


def test_the_morning_reminder_comes_after_the_first_one():
    # a prompt at 07:00 with reminders 12 hours later: the first is at 19:00, the morning one the day after
    s = replace_ns(S, reminder_after_hours=12)
    iv = prompted(datetime(2026, 9, 2, 7, 0, tzinfo=NY), 1, datetime(2026, 9, 2, 19, 0, tzinfo=NY))
    assert local(flow.reminder_at(iv, s, NY), NY) == "2026-09-03T09:00:00-04:00"
    iv = prompted(datetime(2026, 9, 2, 23, 0, tzinfo=NY), 1, datetime(2026, 9, 3, 11, 0, tzinfo=NY))
    assert local(flow.reminder_at(iv, s, NY), NY) == "2026-09-04T09:00:00-04:00"


def test_a_prompt_after_midnight_gets_its_morning_reminder_the_same_morning():
    iv = prompted(datetime(2026, 9, 3, 0, 30, tzinfo=NY), 1, datetime(2026, 9, 3, 3, 30, tzinfo=NY))
    assert local(flow.reminder_at(iv, S, NY), NY) == "2026-09-03T09:00:00-04:00"


def test_a_late_first_reminder_stands_for_the_morning_one_too():
    # prompted at 15:05; the machine slept until 10:00 the day after: the first reminder goes out
    # then, and the morning reminder (09:00, already past) is not sent on top of it
    iv = prompted(datetime(2026, 9, 2, 15, 5, tzinfo=NY), 1, datetime(2026, 9, 3, 10, 0, tzinfo=NY))
    assert flow.reminder_at(iv, S, NY) is None
    assert flow.next_action(iv, S, NY).action == "debrief"


def test_a_first_reminder_late_but_before_the_morning_keeps_the_morning_one():
    iv = prompted(datetime(2026, 9, 2, 15, 5, tzinfo=NY), 1, datetime(2026, 9, 2, 23, 0, tzinfo=NY))
    assert local(flow.reminder_at(iv, S, NY), NY) == "2026-09-03T09:00:00-04:00"


# -- follow-ups ------------------------------------------------------------------------------------


def waiting(decision: datetime | None, **kw) -> Interview:
    iv = make(datetime(2026, 9, 2, 10, tzinfo=NY))
    return replace(iv, **{"stage": "waiting", "decision_at": stored(decision) if decision else None, **kw})


def test_no_follow_up_without_a_decision_date():
    assert flow.followup_at(waiting(None), S, NY) is None


@pytest.mark.parametrize(
    "decision, zone, expected",
    [
        # Friday + 2 business days = Tuesday
        (datetime(2026, 9, 18, 23, 59, 59), NY, "2026-09-22T23:59:59-04:00"),
        # Wednesday + 2 = Friday
        (datetime(2026, 9, 16, 23, 59, 59), NY, "2026-09-18T23:59:59-04:00"),
        # across the US spring forward: same wall time, the new offset, the right day
        (datetime(2026, 3, 6, 23, 59, 59), NY, "2026-03-10T23:59:59-04:00"),
        # across the US fall back
        (datetime(2026, 10, 30, 23, 59, 59), NY, "2026-11-03T23:59:59-05:00"),
        # across the EU changes
        (datetime(2026, 3, 27, 23, 59, 59), BERLIN, "2026-03-31T23:59:59+02:00"),
        (datetime(2026, 10, 23, 23, 59, 59), BERLIN, "2026-10-27T23:59:59+01:00"),
        # month end (Thursday 30 April → Monday 4 May) and year end (Thursday 31 December → Monday 4 January)
        (datetime(2026, 4, 30, 23, 59, 59), NY, "2026-05-04T23:59:59-04:00"),
        (datetime(2026, 12, 31, 23, 59, 59), NY, "2027-01-04T23:59:59-05:00"),
        # a decision date on a weekend counts from the Monday
        (datetime(2026, 9, 19, 23, 59, 59), NY, "2026-09-23T23:59:59-04:00"),
    ],
)
def test_first_follow_up_waits_the_grace_after_the_decision(decision, zone, expected):
    iv = waiting(decision.replace(tzinfo=zone))
    assert local(flow.followup_at(iv, S, zone), zone) == expected
    n = flow.next_action(iv, S, zone)
    assert n.action == "followup" and local(n.at, zone) == expected and "first" in n.label


def test_a_decision_stored_in_another_offset_is_counted_on_the_users_wall_clock():
    # 23:59:59 New York on Friday 6 March is 04:59:59 UTC on Saturday; counted in UTC that would
    # make the follow-up a day late (Wednesday)
    iv = waiting(datetime(2026, 3, 6, 23, 59, 59, tzinfo=NY).astimezone(UTC))
    assert local(flow.followup_at(iv, S, NY), NY) == "2026-03-10T23:59:59-04:00"


def test_an_out_of_office_return_postpones_but_never_advances_the_follow_up():
    decision = datetime(2026, 9, 18, 23, 59, 59, tzinfo=NY)
    later = datetime(2026, 9, 25, 9, 30, tzinfo=NY)
    assert flow.followup_at(waiting(decision, wait_until=stored(later)), S, NY) == later
    earlier = datetime(2026, 9, 21, 9, 30, tzinfo=NY)
    assert local(flow.followup_at(waiting(decision, wait_until=stored(earlier)), S, NY), NY) == "2026-09-22T23:59:59-04:00"


@pytest.mark.parametrize(
    "first, zone, expected",
    [
        (datetime(2026, 9, 22, 23, 59, 59), NY, "2026-10-01T23:59:59-04:00"),
        # across the US fall back and the EU fall back
        (datetime(2026, 10, 27, 9, 0), NY, "2026-11-05T09:00:00-05:00"),
        (datetime(2026, 10, 20, 9, 0), BERLIN, "2026-10-29T09:00:00+01:00"),
        # across the year end
        (datetime(2026, 12, 28, 9, 0), BERLIN, "2027-01-06T09:00:00+01:00"),
    ],
)
def test_second_follow_up_seven_business_days_after_the_first(first, zone, expected):
    iv = waiting(datetime(2026, 9, 18, 23, 59, 59, tzinfo=NY), followups=1, last_followup_at=stored(first.replace(tzinfo=zone)),
                 stage="followed_up")
    assert local(flow.followup_at(iv, S, zone), zone) == expected
    assert flow.next_action(iv, S, zone).label.startswith("second follow-up")


def test_no_third_follow_up():
    iv = waiting(datetime(2026, 9, 18, 23, 59, 59, tzinfo=NY), followups=2,
                 last_followup_at=stored(datetime(2026, 10, 1, tzinfo=NY)), stage="followed_up")
    assert flow.followup_at(iv, S, NY) is None
    assert flow.next_action(iv, S, NY).action == ""


# -- the question about an unsure event ------------------------------------------------------------


def unsure(start: datetime, asks: int = 0, asked_at: datetime | None = None, **kw) -> Interview:
    return make(start, stage="unconfirmed", asks=asks, asked_at=stored(asked_at) if asked_at else None, **kw)


def test_the_question_comes_when_the_prompt_would_have():
    iv = unsure(datetime(2026, 9, 2, 14, tzinfo=NY), end=datetime(2026, 9, 2, 14, 50, tzinfo=NY))
    n = flow.next_action(iv, S, NY)
    assert (n.action, local(n.at, NY)) == ("ask", "2026-09-02T14:55:00-04:00")
    day = replace(all_day(datetime(2026, 9, 2)), stage="unconfirmed")
    assert local(flow.question_at(day, S, NY), NY) == "2026-09-02T18:00:00-04:00"  # the evening of an all-day event


@pytest.mark.parametrize(
    "asked, zone, again",
    [
        (datetime(2026, 9, 2, 15, 0), NY, "2026-09-03T09:00:00-04:00"),
        # the US nights: 09:00 on the wall clock, whatever the offset
        (datetime(2026, 3, 7, 15, 0), NY, "2026-03-08T09:00:00-04:00"),
        (datetime(2026, 10, 31, 23, 30), NY, "2026-11-01T09:00:00-05:00"),
        # the EU nights
        (datetime(2026, 3, 28, 18, 0), BERLIN, "2026-03-29T09:00:00+02:00"),
        (datetime(2026, 10, 24, 18, 0), BERLIN, "2026-10-25T09:00:00+01:00"),
        # month ends (February too) and the year end
        (datetime(2026, 1, 31, 16, 0), NY, "2026-02-01T09:00:00-05:00"),
        (datetime(2026, 2, 28, 16, 0), BERLIN, "2026-03-01T09:00:00+01:00"),
        (datetime(2026, 12, 31, 16, 0), BERLIN, "2027-01-01T09:00:00+01:00"),
        # asked after midnight: the morning of the next day, not a few hours later
        (datetime(2027, 1, 1, 0, 30), NY, "2027-01-02T09:00:00-05:00"),
    ],
)
def test_asked_once_more_the_next_morning_then_never(asked, zone, again):
    a = asked.replace(tzinfo=zone)
    iv = unsure(datetime(2026, 1, 1, 10, tzinfo=zone), asks=1, asked_at=a)
    n = flow.next_action(iv, S, zone)
    assert (n.action, local(n.at, zone)) == ("ask", again)
    n = flow.next_action(replace(iv, asks=2, asked_at=n.at), S, zone)
    assert (n.action, n.at) == ("answer", None)  # then it waits quietly in status
    assert "followthrough mark 1 interview|not-interview" in n.label


def test_the_next_morning_is_read_on_the_users_wall_clock_even_when_stored_in_utc():
    # 23:30 in New York on New Year's Eve is already 1 January in UTC: the morning after is still 1 January's
    asked = datetime(2026, 12, 31, 23, 30, tzinfo=NY).astimezone(UTC)
    iv = unsure(datetime(2026, 12, 31, 10, tzinfo=NY), asks=1, asked_at=asked)
    assert local(flow.question_at(iv, S, NY), NY) == "2027-01-01T09:00:00-05:00"
    assert local(flow.question_at(iv, replace_ns(S, morning_hour=7), NY), NY) == "2027-01-01T07:00:00-05:00"


# -- next_action per stage -------------------------------------------------------------------------


def test_next_action_per_stage():
    base = make(datetime(2026, 9, 2, 10, tzinfo=NY))
    assert flow.next_action(base, S, NY).action == "prompt"
    debriefed = replace(base, stage="drafted", debriefed_at=stored(datetime(2026, 9, 2, 12, tzinfo=NY)))
    n = flow.next_action(debriefed, S, NY)
    assert n.action == "nudge" and local(n.at, NY) == "2026-09-03T08:00:00-04:00"
    n = flow.next_action(replace(debriefed, nudged_at=n.at), S, NY)
    assert (n.action, n.at) == ("send", None)
    assert flow.next_action(replace(base, stage="unconfirmed"), S, NY).action == "ask"
    for stage in flow.FINAL:
        n = flow.next_action(replace(base, stage=stage, decision_at=base.end), S, NY)
        assert (n.action, n.at) == ("", None), stage


def test_nudge_across_the_dst_night_is_in_real_hours():
    iv = replace(make(datetime(2026, 3, 7, 10, tzinfo=NY)), stage="drafted",
                 debriefed_at=stored(datetime(2026, 3, 7, 12, tzinfo=NY)))
    assert local(flow.next_action(iv, S, NY).at, NY) == "2026-03-08T09:00:00-04:00"


# -- automatic replies -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "auto_submitted, autoreply, subject, automatic",
    [
        ("auto-replied", False, "Re: Thank you for our conversation on Friday", True),
        ("auto-generated", False, "", True),
        ("", True, "Re: Thank you", True),
        ("", False, "Out of Office: Kim Okafor", True),
        ("", False, "Automatic reply: Thank you for our conversation", True),
        ("", False, "Abwesenheitsnotiz: Danke", True),
        ("", False, "Réponse automatique : Merci", True),
        ("", False, "Re: Thank you for our conversation on Friday", False),
        ("", False, "", False),
    ],
)
def test_is_automatic(auto_submitted, autoreply, subject, automatic):
    assert flow.is_automatic(auto_submitted, autoreply, subject) is automatic
