"""Reading the decision date from the interviewer's words, relative to the interview, with exact expected days."""

from __future__ import annotations

import subprocess
import sys
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from daemon.core.decision import Decision, decision_or_default, default_decision, parse_decision, warm_up

NY = ZoneInfo("America/New_York")
BERLIN = ZoneInfo("Europe/Berlin")
LONDON = ZoneInfo("Europe/London")

WED = datetime(2026, 9, 9, 15, 0, tzinfo=NY)  # a Wednesday
FRI = datetime(2026, 9, 4, 16, 30, tzinfo=NY)  # a Friday
MONTH_END = datetime(2026, 4, 30, 11, 0, tzinfo=BERLIN)  # Thursday, the last day of April
DEC30 = datetime(2026, 12, 30, 10, 0, tzinfo=LONDON)  # Wednesday; most answers are in January 2027
BEFORE_DST = datetime(2026, 10, 30, 14, 0, tzinfo=NY)  # Friday; US clocks go back on Sunday 2026-11-01
INTERVIEWS = {"wed": WED, "fri": FRI, "month_end": MONTH_END, "dec30": DEC30, "before_dst": BEFORE_DST}

TWO_WEEKS = ("2026-09-23", "2026-09-18", "2026-05-14", "2027-01-13", "2026-11-13")
NEXT_WEEK = ("2026-09-18", "2026-09-11", "2026-05-08", "2027-01-08", "2026-11-06")  # Friday of next week
THIS_WEEK = ("2026-09-11", "2026-09-04", "2026-05-01", "2027-01-01", "2026-10-30")  # Friday on or after
MONTH = ("2026-09-30", "2026-09-30", "2026-04-30", "2026-12-31", "2026-10-31")
END_OCT = ("2026-10-31", "2026-10-31", "2026-10-31", "2027-10-31", "2026-10-31")
FRIDAY = ("2026-09-11", "2026-09-11", "2026-05-01", "2027-01-01", "2026-11-06")  # never the interview's own day
SAME_DAY = ("2026-09-09", "2026-09-04", "2026-04-30", "2026-12-30", "2026-10-30")
# A day already past at the interview (October 3 seen on October 30) becomes the interview day.
OCT_3 = ("2026-10-03", "2026-10-03", "2026-10-03", "2027-10-03", "2026-10-30")
OCT_15 = ("2026-10-15", "2026-10-15", "2026-10-15", "2027-10-15", "2026-10-30")
THREE_WEEKS = ("2026-09-30", "2026-09-25", "2026-05-21", "2027-01-20", "2026-11-20")
NONE = (None,) * 5

# phrase: expected day for (wed, fri, month_end, dec30, before_dst)
TABLE = {
    "within two weeks": TWO_WEEKS,
    "in two weeks": TWO_WEEKS,
    "a week or two": TWO_WEEKS,
    "in a fortnight": TWO_WEEKS,
    "within 10 days": ("2026-09-19", "2026-09-14", "2026-05-10", "2027-01-09", "2026-11-09"),
    "in a few days": ("2026-09-14", "2026-09-09", "2026-05-05", "2027-01-04", "2026-11-04"),  # 3 business days
    "a couple of days": ("2026-09-11", "2026-09-08", "2026-05-04", "2027-01-01", "2026-11-03"),  # 2 business days
    "in 5 business days": ("2026-09-16", "2026-09-11", "2026-05-07", "2027-01-06", "2026-11-06"),
    "within a week": ("2026-09-16", "2026-09-11", "2026-05-07", "2027-01-06", "2026-11-06"),
    "in 3 weeks": THREE_WEEKS,
    "2-3 weeks": THREE_WEEKS,
    "within a month": ("2026-10-09", "2026-10-04", "2026-05-30", "2027-01-30", "2026-11-30"),
    "next week": NEXT_WEEK,
    "end of next week": NEXT_WEEK,
    "by next week": NEXT_WEEK,
    "next Friday": NEXT_WEEK,
    "Thursday next week": ("2026-09-17", "2026-09-10", "2026-05-07", "2027-01-07", "2026-11-05"),
    "end of the week": THIS_WEEK,
    "end of this week": THIS_WEEK,
    "this week": THIS_WEEK,
    "end of the month": MONTH,
    "end of month": MONTH,
    "later this month": MONTH,
    "early next month": ("2026-10-10", "2026-10-10", "2026-05-10", "2027-01-10", "2026-11-10"),
    "mid next month": ("2026-10-15", "2026-10-15", "2026-05-15", "2027-01-15", "2026-11-15"),
    "mid-October": OCT_15,
    "end of October": END_OCT,
    "late October": END_OCT,
    "by October": END_OCT,
    "by Friday": FRIDAY,
    "Friday": FRIDAY,
    "COB Friday": FRIDAY,
    "EOD Friday": FRIDAY,
    "Friday EOD.": FRIDAY,
    "EOD": SAME_DAY,
    "end of day today": SAME_DAY,
    "tomorrow": ("2026-09-10", "2026-09-05", "2026-05-01", "2026-12-31", "2026-10-31"),
    "the day after tomorrow": ("2026-09-11", "2026-09-06", "2026-05-02", "2027-01-01", "2026-11-01"),
    "Monday": ("2026-09-14", "2026-09-07", "2026-05-04", "2027-01-04", "2026-11-02"),
    "by the 15th": ("2026-09-15", "2026-09-15", "2026-05-15", "2027-01-15", "2026-11-15"),
    "by the 31st": ("2026-09-30", "2026-09-30", "2026-05-31", "2026-12-31", "2026-10-31"),  # short months clamp
    "October 3": OCT_3,
    "3 October": OCT_3,
    "Oct 3rd": OCT_3,
    "2026-10-03": ("2026-10-03", "2026-10-03", "2026-10-03", "2026-12-30", "2026-10-30"),
    "January 5": ("2027-01-05",) * 5,
    "10/15": OCT_15,
    "15/10": OCT_15,
    "after the holidays": (None, None, None, "2027-01-07", None),  # only read near the year end
    "no idea": NONE,
    "soon": NONE,
    "": NONE,
    "3/4": NONE,  # 3 April or March 4: not guessed
}
CASES = [
    pytest.param(phrase, interview, expected, id=f"{phrase or 'empty'}@{name}")
    for phrase, days in TABLE.items()
    for (name, interview), expected in zip(INTERVIEWS.items(), days, strict=True)
]


@pytest.mark.parametrize("phrase,interview,expected", CASES)
def test_phrase_by_interview_day(phrase, interview, expected):
    decision = parse_decision(phrase, interview)
    assert decision.phrase == phrase
    if expected is None:
        assert decision.at is None, decision.how
        return
    day = date.fromisoformat(expected)
    assert decision.at == datetime(day.year, day.month, day.day, 23, 59, 59, tzinfo=interview.tzinfo), decision.how
    assert decision.at.tzinfo is interview.tzinfo
    assert decision.how.startswith(f"'{phrase}' → ") and decision.how.endswith(expected)


def test_how_says_what_it_read():
    decision = parse_decision("within two weeks", FRI)
    assert decision == Decision(
        datetime(2026, 9, 18, 23, 59, 59, tzinfo=NY),
        "within two weeks",
        "'within two weeks' → two weeks after the interview: Fri 2026-09-18",
    )
    assert parse_decision("in a few days", WED).how == (
        "'in a few days' → a few days (3 business days) after the interview: Mon 2026-09-14"
    )
    assert "already past at the interview" in parse_decision("October 3", BEFORE_DST).how
    assert parse_decision("after the holidays", DEC30).how == (
        "'after the holidays' → the year-end holidays: first working day Mon 2027-01-04 + 3 business days: "
        "Thu 2027-01-07"
    )
    assert parse_decision("after the holidays", WED).how == (
        "could not read 'after the holidays': which holidays? only read from November to early January"
    )


@pytest.mark.parametrize("phrase,day,after", [
    ("after the board meets on the 3rd", date(2026, 10, 7), True),  # Sat 3 October + 2 business days
    ("once the board has met on October 3", date(2026, 10, 7), True),
    ("not before Friday", date(2026, 9, 15), True),
    ("after the call, by the 3rd", date(2026, 10, 3), False),  # the word nearest the date decides
    ("by the 3rd", date(2026, 10, 3), False),
    ("the day after tomorrow", date(2026, 9, 11), False),
    ("after the holidays", None, False),  # its own rule, read only near the year end
])
def test_a_decision_after_a_date_comes_later_and_is_never_called_by_it(phrase, day, after):
    decision = parse_decision(phrase, WED)
    assert decision.after is after, decision.how
    assert (decision.at.date() if decision.at else None) == day, decision.how


def test_the_end_of_day_is_in_the_offset_of_that_day_not_of_the_interview():
    assert BEFORE_DST.utcoffset() == timedelta(hours=-4)
    assert parse_decision("tomorrow", BEFORE_DST).at.utcoffset() == timedelta(hours=-4)
    assert parse_decision("Monday", BEFORE_DST).at.utcoffset() == timedelta(hours=-5)


def test_phrases_count_from_the_interview_not_from_today():
    later = datetime(2031, 6, 4, 10, 0, tzinfo=NY)  # a Wednesday, years away from any real clock
    assert parse_decision("within two weeks", later).at.date() == date(2031, 6, 18)
    assert parse_decision("Friday", later).at.date() == date(2031, 6, 6)


@pytest.mark.parametrize(
    "interview,phrase,expected",
    [
        (datetime(2026, 9, 7, 12, tzinfo=NY), "Monday", date(2026, 9, 14)),  # a Monday: not the same day
        (datetime(2026, 9, 7, 12, tzinfo=NY), "today", date(2026, 9, 7)),  # ...unless it says so
        (datetime(2026, 9, 12, 12, tzinfo=NY), "end of the week", date(2026, 9, 18)),  # a Saturday
        (datetime(2026, 9, 12, 12, tzinfo=NY), "in a few days", date(2026, 9, 17)),  # Monday + 3
        (datetime(2026, 11, 20, 12, tzinfo=NY), "after the holidays", date(2027, 1, 7)),
        (datetime(2027, 1, 2, 12, tzinfo=NY), "after the holidays", date(2027, 1, 7)),
        (datetime(2027, 1, 20, 12, tzinfo=NY), "by the 29th", date(2027, 1, 29)),
        (datetime(2027, 2, 10, 12, tzinfo=NY), "by the 29th", date(2027, 2, 28)),  # no leap day: the month end
        (datetime(2028, 2, 10, 12, tzinfo=NY), "by the 29th", date(2028, 2, 29)),
        (datetime(2026, 9, 9, 12, tzinfo=NY), "29/2", None),  # not in 2027
        (datetime(2026, 9, 9, 12, tzinfo=NY), "4/4", date(2027, 4, 4)),  # unambiguous; April has passed: next year
        (datetime(2026, 9, 9, 12, tzinfo=NY), "by October 2027", date(2027, 10, 31)),
        (datetime(2026, 9, 9, 12, tzinfo=NY), "decision by 10/15/2026", date(2026, 10, 15)),
        (datetime(2026, 9, 9, 12, tzinfo=NY), "May", date(2027, 5, 31)),  # the whole answer is a month
        (datetime(2026, 9, 9, 12, tzinfo=NY), "within 48 hours", date(2026, 9, 11)),
        (datetime(2026, 9, 9, 12, tzinfo=NY), "a few weeks", date(2026, 9, 30)),
        (datetime(2026, 9, 9, 12, tzinfo=NY), "3.5 weeks", date(2026, 10, 4)),  # dateparser; not "5 weeks"
        (datetime(2026, 9, 9, 12, tzinfo=NY), "She said they'd decide within two weeks", date(2026, 9, 23)),
    ],
)
def test_more_phrases(interview, phrase, expected):
    at = parse_decision(phrase, interview).at
    assert (at.date() if at else None) == expected


@pytest.mark.parametrize(
    "phrase",
    [
        "May I follow up?",
        "they may decide soon",
        "second round maybe",
        "I may hear back",
        "maybe after the next round",
        "we will march on",
        "I sat down with the team lead",
        "after the 3rd round",
        "when the stars align",
    ],
)
def test_no_date_is_read_from_words_that_only_look_like_dates(phrase):
    decision = parse_decision(phrase, WED)
    assert decision.at is None, decision.how
    assert decision.how.startswith(f"could not read '{phrase}'")


def test_ambiguous_numeric_dates_are_not_guessed():
    decision = parse_decision("3/4", WED)
    assert decision.at is None
    assert "could be 3 April or March 4" in decision.how


def test_dateparser_reads_what_the_rules_do_not():
    decision = parse_decision("Oct-3", WED)
    assert decision.at.date() == date(2026, 10, 3)
    assert decision.how == "'Oct-3' → read by dateparser: Sat 2026-10-03"


def test_default_is_seven_business_days_after_the_interview():
    decision = default_decision(FRI)
    assert decision.at == datetime(2026, 9, 15, 23, 59, 59, tzinfo=NY)
    assert decision.how == "the default, 7 business days after the interview: Tue 2026-09-15"
    assert default_decision(FRI, business_days=2).at.date() == date(2026, 9, 8)
    assert default_decision(DEC30).at.date() == date(2027, 1, 8)


def test_decision_or_default_says_when_it_fell_back():
    decision = decision_or_default("when the stars align", FRI)
    assert decision.at == datetime(2026, 9, 15, 23, 59, 59, tzinfo=NY)
    assert decision.phrase == "when the stars align"
    assert decision.how == (
        "could not read 'when the stars align'; using the default, 7 business days after the interview: Tue 2026-09-15"
    )
    assert decision_or_default("", FRI, default_business_days=3).how == (
        "no decision date given; using the default, 3 business days after the interview: Wed 2026-09-09"
    )
    assert decision_or_default("3/4", FRI).how.startswith("could not read '3/4': it could be 3 April or March 4")


def test_decision_or_default_keeps_a_reading():
    assert decision_or_default("within two weeks", FRI) == parse_decision("within two weeks", FRI)


def test_warm_up_pays_the_first_dateparser_call():
    warm_up()
    assert parse_decision("Oct-3", WED).at is not None


def test_dateparser_is_imported_only_when_needed():
    code = "import sys, daemon.core.decision; print('dateparser' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "False"
