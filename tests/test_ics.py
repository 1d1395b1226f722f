"""The ICS connector on small, realistic edge-case calendars (tests/ics/*.ics).

Every expected instant below was worked out by hand from the file and the time-zone rules
(US DST 2026: Mar 8 - Nov 1; EU DST 2026: Mar 29 - Oct 25), never by running the code.
"""

from __future__ import annotations

import http.server
import os
import shutil
import threading
from datetime import datetime, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

import icalendar
import pytest
from icalendar.timezone import tzp

from connectors.ics import ICSCalendar
from daemon.core.errors import CalendarError

HERE = Path(__file__).parent / "ics"
UTC = timezone.utc
BERLIN = ZoneInfo("Europe/Berlin")
DENVER = ZoneInfo("America/Denver")


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


def parse(name: str, start: datetime, end: datetime, zone=BERLIN):
    """Parse tests/ics/<name> for [start, end) as a user in ``zone``."""
    path = HERE / name
    return ICSCalendar(str(path), zone).parse(path.read_bytes(), start, end)


def by_uid(events) -> dict:
    found: dict = {}
    for e in events:
        found.setdefault(e.uid, []).append(e)
    return found


def span(e) -> tuple[datetime, datetime]:
    """(start, end) in UTC, for readable failure messages."""
    return (e.start.astimezone(UTC), e.end.astimezone(UTC))


@pytest.fixture(autouse=True)
def fresh_icalendar_cache():
    """Each test starts with icalendar's process-wide time-zone cache empty, and leaves it so."""
    tzp.use_zoneinfo()
    yield
    tzp.use_zoneinfo()


# -- time zones -------------------------------------------------------------------------------


def test_olson_tzids():
    events, warnings = parse("olson.ics", utc(2026, 6, 1), utc(2026, 6, 8))
    assert warnings == []
    got = {e.uid: span(e) for e in events}
    assert got == {
        "olson-ny@example.com": (utc(2026, 6, 3, 14), utc(2026, 6, 3, 15)),  # EDT -4
        "olson-berlin@example.com": (utc(2026, 6, 3, 7, 30), utc(2026, 6, 3, 8, 30)),  # CEST +2
        "olson-kolkata@example.com": (utc(2026, 6, 3, 12, 30), utc(2026, 6, 3, 13, 15)),  # IST +5:30
        "olson-utc@example.com": (utc(2026, 6, 3, 20), utc(2026, 6, 3, 20, 30)),
    }
    for e in events:
        assert e.start.tzinfo is not None and e.end.tzinfo is not None
        assert e.all_day is False and e.recurrence_id is None
    # sorted by start
    assert [e.start for e in events] == sorted(e.start for e in events)


def test_windows_tzids_without_vtimezone_use_cldr_mapping():
    events, warnings = parse("windows_no_vtimezone.ics", utc(2026, 1, 1), utc(2026, 12, 31))
    assert warnings == []
    got = {e.uid: span(e) for e in events}
    assert got == {
        "win-novtz-pst@example.com": (utc(2026, 1, 15, 17), utc(2026, 1, 15, 18)),  # PST -8
        "win-novtz-pdt@example.com": (utc(2026, 7, 15, 16), utc(2026, 7, 15, 17)),  # PDT -7
        "win-novtz-west@example.com": (utc(2026, 7, 15, 12), utc(2026, 7, 15, 13)),  # CEST +2
    }


def test_windows_tzids_with_outlook_vtimezone():
    events, warnings = parse("windows_with_vtimezone.ics", utc(2026, 1, 1), utc(2026, 12, 31))
    assert warnings == []
    got = {e.uid: span(e) for e in events}
    assert got == {
        "win-vtz-pst@example.com": (utc(2026, 1, 15, 17), utc(2026, 1, 15, 18)),  # -8
        "win-vtz-pdt@example.com": (utc(2026, 7, 15, 16), utc(2026, 7, 15, 17)),  # -7
        "win-vtz-west@example.com": (utc(2026, 1, 15, 13), utc(2026, 1, 15, 14)),  # CET +1
    }
    pst = by_uid(events)["win-vtz-pst@example.com"][0]
    assert pst.organizer.email == "dana.kim@contoso.com" and pst.organizer.name == "Dana Kim"
    assert [(a.email, a.partstat, a.role) for a in pst.attendees] == [
        ("robin.vega@example.org", "NEEDS-ACTION", "REQ-PARTICIPANT")
    ]


CUSTOM_EXPECTED = {
    # "Customized Time Zone" with US rules (-08:00 / -07:00)
    "custom_tz_us.ics": {
        "custom-us-summer@contoso.com": utc(2026, 6, 10, 16),  # 09:00 -07:00
        "custom-us-winter@contoso.com": utc(2026, 12, 9, 17),  # 09:00 -08:00
    },
    # "Customized Time Zone" with EU rules (+01:00 / +02:00)
    "custom_tz_eu.ics": {
        "custom-eu-summer@fabrikam.eu": utc(2026, 6, 10, 7),  # 09:00 +02:00
        "custom-eu-winter@fabrikam.eu": utc(2026, 12, 9, 8),  # 09:00 +01:00
    },
}


@pytest.mark.parametrize("order", [("custom_tz_us.ics", "custom_tz_eu.ics"), ("custom_tz_eu.ics", "custom_tz_us.ics")])
def test_same_custom_tzid_in_two_feeds_keeps_each_definition(order):
    for name in order * 2:  # and once more, with both definitions already seen
        events, warnings = parse(name, utc(2026, 1, 1), utc(2027, 1, 1))
        assert warnings == []
        assert {e.uid: e.start.astimezone(UTC) for e in events} == CUSTOM_EXPECTED[name], name
        assert all(e.end - e.start == timedelta(hours=1) for e in events)


@pytest.mark.parametrize("order", [("custom_tz_us.ics", "custom_tz_eu.ics"), ("custom_tz_eu.ics", "custom_tz_us.ics")])
def test_plain_icalendar_shares_the_first_custom_definition(order):
    """Why connectors/ics.py renames custom TZIDs: icalendar 7 alone gets the second feed wrong.

    If this test fails, icalendar keeps definitions apart by itself now: the renaming in
    isolate_custom_timezones() may then be dropped (and this test turned around).
    """
    right = {"custom_tz_us.ics": timedelta(hours=-7), "custom_tz_eu.ics": timedelta(hours=2)}  # on Jun 10
    got = {}
    for name in order:
        cal = icalendar.Calendar.from_ical((HERE / name).read_bytes())
        [summer] = [e for e in cal.walk("VEVENT") if "summer" in str(e["UID"])]
        got[name] = summer["DTSTART"].dt.utcoffset()
    first, second = order
    assert got[first] == right[first]
    assert got[second] == right[first] != right[second]  # wrong: the first definition won


def test_our_renaming_does_not_poison_icalendars_cache_for_others():
    parse("custom_tz_us.ics", utc(2026, 1, 1), utc(2027, 1, 1))
    cal = icalendar.Calendar.from_ical((HERE / "custom_tz_eu.ics").read_bytes())
    summer = [e for e in cal.walk("VEVENT") if str(e["UID"]) == "custom-eu-summer@fabrikam.eu"][0]
    assert summer["DTSTART"].dt.utcoffset() == timedelta(hours=2)


def test_outlook_display_name_tzid_with_colon():
    # Outlook names zones like "(UTC+01:00) Amsterdam, Berlin, ..."; the colon is part of the TZID.
    events, warnings = parse("outlook_display_name_tzid.ics", utc(2026, 6, 1), utc(2026, 7, 1))
    assert warnings == []
    assert [(e.uid, span(e)) for e in events] == [
        ("display-name-tzid@fabrikam.eu", (utc(2026, 6, 10, 13), utc(2026, 6, 10, 14)))
    ]


def test_x_wr_timezone_google_style():
    events, warnings = parse("google_x_wr_timezone.ics", utc(2026, 10, 1), utc(2026, 12, 1))
    assert warnings == []
    found = by_uid(events)
    # UTC times in an X-WR-TIMEZONE calendar are wall times in that zone: the weekly 10:00 New York
    # meeting stays at 10:00 local after DST ends on Nov 1, so it moves from 14:00Z to 15:00Z.
    weekly = found["weekly-coaching@google.com"]
    assert [span(e) for e in weekly] == [
        (utc(2026, 10, 21, 14), utc(2026, 10, 21, 14, 30)),
        (utc(2026, 10, 28, 14), utc(2026, 10, 28, 14, 30)),
        (utc(2026, 11, 4, 15), utc(2026, 11, 4, 15, 30)),
        (utc(2026, 11, 11, 15), utc(2026, 11, 11, 15, 30)),
    ]
    assert [e.recurrence_id for e in weekly] == [
        "20261021T140000Z", "20261028T140000Z", "20261104T150000Z", "20261111T150000Z"
    ]
    assert [span(e) for e in found["single-utc@google.com"]] == [(utc(2026, 10, 27, 18, 30), utc(2026, 10, 27, 19, 15))]
    assert found["single-utc@google.com"][0].recurrence_id is None
    # a floating time in such a calendar belongs to X-WR-TIMEZONE (EDT), not to the user's zone
    assert [span(e) for e in found["floating-in-xwr@google.com"]] == [(utc(2026, 10, 28, 13), utc(2026, 10, 28, 14))]


@pytest.mark.parametrize(
    ("zone", "start", "end"),
    [
        (BERLIN, utc(2026, 3, 16, 8, 30), utc(2026, 3, 16, 9, 30)),  # CET +1 on Mar 16
        (DENVER, utc(2026, 3, 16, 15, 30), utc(2026, 3, 16, 16, 30)),  # MDT -6 (US DST since Mar 8)
    ],
)
def test_floating_times_are_in_the_users_zone(zone, start, end):
    events, warnings = parse("floating.ics", utc(2026, 3, 14), utc(2026, 3, 18), zone=zone)
    assert warnings == []
    assert [span(e) for e in events] == [(start, end)]
    assert events[0].start.tzinfo is not None


def test_folded_lines_and_quoted_tzid():
    events, warnings = parse("folded_quoted.ics", utc(2026, 8, 20), utc(2026, 8, 21))
    assert warnings == []
    [e] = events
    assert span(e) == (utc(2026, 8, 20, 20), utc(2026, 8, 20, 21))  # 13:00 PDT
    # folded inside a UTF-8 sequence: unfolding must restore the characters
    assert e.title == "Entretien technique avec l'équipe plateforme de Société Générale — deuxième tour, salle 4.12"
    assert e.description == (
        "Bring your portfolio. The panel is Ana, Bo and Chidi. Parking is behind building B (tab-folded continuation line)."
    )
    assert (e.organizer.email, e.organizer.name) == ("sam.ortiz@socgen.example", "Ortiz, Sam")
    assert [(a.email, a.name, a.partstat) for a in e.attendees] == [("robin.vega@example.org", "Vega, Robin", "ACCEPTED")]


# -- dates, durations, recurrence ----------------------------------------------------------------


def test_all_day_and_multi_day_events_in_the_users_zone():
    events, warnings = parse("all_day.ics", utc(2026, 6, 1), utc(2026, 6, 30))
    assert warnings == []
    got = {e.uid: (e.start, e.end, e.all_day, e.recurrence_id) for e in events}
    b = lambda d: datetime(2026, 6, d, tzinfo=BERLIN)  # noqa: E731
    assert got == {
        "allday-single@example.org": (b(5), b(6), True, None),
        "allday-multi@example.org": (b(8), b(11), True, None),  # DTEND is exclusive: Jun 8, 9, 10
        "allday-noend@example.org": (b(12), b(13), True, None),  # no DTEND: one day
    }
    for e in events:  # midnight local, i.e. 22:00Z the day before in CEST
        assert e.start.astimezone(UTC).hour == 22


def test_multi_day_event_overlapping_the_window_is_included():
    # the three-day onsite covers Jun 9 although it starts on Jun 8
    events, _ = parse("all_day.ics", datetime(2026, 6, 9, 12, tzinfo=BERLIN), datetime(2026, 6, 9, 13, tzinfo=BERLIN))
    assert [e.uid for e in events] == ["allday-multi@example.org"]


def test_dtstart_with_duration_and_no_dtend():
    events, warnings = parse("duration.ics", utc(2026, 7, 1), utc(2026, 7, 4))
    assert warnings == []
    got = {e.uid: span(e) for e in events}
    assert got == {
        "duration-45m@example.org": (utc(2026, 7, 2, 13), utc(2026, 7, 2, 13, 45)),  # 14:00 BST
        "duration-overnight@example.org": (utc(2026, 7, 2, 22, 30), utc(2026, 7, 3, 0, 0)),
    }


def test_rrule_with_moved_override_exdate_and_cancelled_occurrence():
    events, warnings = parse("recurring_override.ics", utc(2026, 5, 1), utc(2026, 6, 30))
    assert warnings == []
    # CDT -5. May 4 normal; May 11 moved to Tue May 12 15:00-16:00; May 18 EXDATE;
    # May 25 cancelled override; Jun 1 normal.
    assert [(e.recurrence_id, span(e)) for e in events] == [
        ("20260504T160000Z", (utc(2026, 5, 4, 16), utc(2026, 5, 4, 16, 30))),
        ("20260511T160000Z", (utc(2026, 5, 12, 20), utc(2026, 5, 12, 21))),
        ("20260601T160000Z", (utc(2026, 6, 1, 16), utc(2026, 6, 1, 16, 30))),
    ]
    moved = events[1]
    assert moved.title == "Interview loop check-in (moved to Tuesday afternoon)"
    assert moved.sequence == 1
    assert all(e.uid == "series-override@example.org" for e in events)
    assert all(e.organizer.email == "sam.ortiz@initech.example" for e in events)


def test_moved_occurrence_is_found_at_its_new_time_only():
    # a window around the original Monday slot no longer contains the moved occurrence
    events, _ = parse("recurring_override.ics", utc(2026, 5, 11), utc(2026, 5, 12))
    assert events == []
    events, _ = parse("recurring_override.ics", utc(2026, 5, 12, 19), utc(2026, 5, 12, 22))
    assert [e.recurrence_id for e in events] == ["20260511T160000Z"]


def test_weekly_series_across_us_and_eu_dst_changes():
    events, warnings = parse("dst_weekly.ics", utc(2026, 3, 1), utc(2026, 4, 30))
    assert warnings == []
    found = by_uid(events)
    # New York 10:00: EST (-5) until Mar 8, then EDT (-4)
    assert [e.start for e in found["weekly-newyork@example.org"]] == [
        utc(2026, 3, 2, 15), utc(2026, 3, 9, 14), utc(2026, 3, 16, 14),
        utc(2026, 3, 23, 14), utc(2026, 3, 30, 14), utc(2026, 4, 6, 14),  # UNTIL is inclusive
    ]
    # Berlin 10:00: CET (+1) until Mar 29, then CEST (+2)
    assert [e.start for e in found["weekly-berlin@example.org"]] == [
        utc(2026, 3, 2, 9), utc(2026, 3, 9, 9), utc(2026, 3, 16, 9),
        utc(2026, 3, 23, 9), utc(2026, 3, 30, 8), utc(2026, 4, 6, 8),
    ]
    for e in events:
        assert e.end - e.start == timedelta(hours=1)
        assert e.recurrence_id == e.start.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def test_weekly_series_across_the_eu_autumn_change():
    events, _ = parse("dst_weekly.ics", utc(2026, 10, 1), utc(2026, 11, 30))
    assert [e.start for e in events] == [utc(2026, 10, 19, 15), utc(2026, 10, 26, 16), utc(2026, 11, 2, 16)]


def test_series_across_year_end():
    events, warnings = parse("year_end.ics", utc(2026, 12, 1), utc(2027, 2, 1))
    assert warnings == []
    found = by_uid(events)
    # Sydney 09:00 AEDT (+11): the day before in UTC
    assert [e.start for e in found["year-end-weekly@example.org"]] == [
        utc(2026, 12, 14, 22), utc(2026, 12, 21, 22), utc(2026, 12, 28, 22), utc(2027, 1, 4, 22)
    ]
    assert found["year-end-weekly@example.org"][-1].recurrence_id == "20270104T220000Z"
    assert [span(e) for e in found["year-end-midnight@example.org"]] == [
        (utc(2027, 1, 1, 7), utc(2027, 1, 1, 8, 30))  # 23:00 PST on Dec 31
    ]
    # asking for January only still finds the series' last occurrence and the call across midnight
    events, _ = parse("year_end.ics", utc(2027, 1, 1), utc(2027, 2, 1))
    assert sorted(e.start for e in events) == [utc(2027, 1, 1, 7), utc(2027, 1, 4, 22)]


def test_rrule_quirks_that_recurring_ical_events_understands():
    events, warnings = parse("rrule_quirks.ics", utc(2026, 9, 1), utc(2026, 10, 1))
    assert warnings == []
    found = by_uid(events)
    # UNTIL=20260916 (a date, though DTSTART has a time): Tuesdays Sep 1, 8, 15 at 14:00 BST
    assert [e.start for e in found["until-not-utc@example.org"]] == [
        utc(2026, 9, 1, 13), utc(2026, 9, 8, 13), utc(2026, 9, 15, 13)
    ]
    # two RRULEs: Mondays and Thursdays, two of each
    assert [e.start for e in found["two-rrules@example.org"]] == [
        utc(2026, 9, 7, 12), utc(2026, 9, 10, 12), utc(2026, 9, 14, 12), utc(2026, 9, 17, 12)
    ]
    # an empty RRULE is no rule at all: the event itself stays
    assert [e.start for e in found["empty-rrule@example.org"]] == [utc(2026, 9, 8, 16)]


def test_several_vcalendars_in_one_stream():
    # RFC 5545 3.4: an iCalendar stream may hold several VCALENDAR objects
    events, warnings = parse("two_vcalendars.ics", utc(2026, 9, 1), utc(2026, 10, 1))
    assert warnings == []
    assert [(e.uid, e.start) for e in events] == [
        ("stream-part-1@example.org", utc(2026, 9, 10, 15)),
        ("stream-part-2@example.org", utc(2026, 9, 11, 15)),
    ]


# -- status, attendees --------------------------------------------------------------------------


def test_cancelled_event_dropped_declined_event_kept_with_partstat():
    events, warnings = parse("cancelled_declined.ics", utc(2026, 6, 1), utc(2026, 7, 1))
    assert warnings == []
    assert [e.uid for e in events] == ["declined@example.org"]
    [e] = events
    assert e.status == "CONFIRMED"
    assert e.organizer.email == "kim.okafor@umbrella.example"
    assert [(a.email, a.partstat, a.cutype) for a in e.attendees] == [
        ("robin.vega@example.org", "DECLINED", "INDIVIDUAL"),
        ("kim.okafor@umbrella.example", "ACCEPTED", "INDIVIDUAL"),
        ("room412@umbrella.example", "ACCEPTED", "ROOM"),
    ]
    assert e.partstat_of({"robin.vega@example.org"}) == "DECLINED"


# -- broken input ----------------------------------------------------------------------------------


def test_unknown_tzid_without_vtimezone_is_skipped_with_a_warning():
    events, warnings = parse("unknown_tzid.ics", utc(2026, 6, 1), utc(2026, 8, 1))
    assert [(e.uid, e.start) for e in events] == [("known-tz@example.org", utc(2026, 7, 1, 8))]
    assert len(warnings) == 1
    assert "unknown-tz@example.org" in warnings[0] and "Mars/Olympus_Mons" in warnings[0]


def test_broken_dtstart_is_skipped_and_the_other_events_kept():
    events, warnings = parse("broken_dtstart.ics", utc(2026, 6, 1), utc(2026, 8, 1))
    assert [e.uid for e in events] == ["fine-before@example.org", "fine-after@example.org"]
    assert len(warnings) == 1
    assert "broken-start@example.org" in warnings[0] and "DTSTART" in warnings[0]


def test_a_series_that_fails_only_while_expanding_is_skipped_alone():
    events, warnings = parse("bad_series.ics", utc(2026, 8, 1), utc(2026, 10, 1))
    assert [(e.uid, e.start) for e in events] == [("good-neighbour@example.org", utc(2026, 9, 2, 9))]
    assert len(warnings) == 2, warnings
    assert any("rdate-as-time@example.org" in w for w in warnings)
    assert any("rscale@example.org" in w for w in warnings)


@pytest.mark.parametrize(
    "change",
    [(b"CALSCALE:GREGORIAN", b"CALSCALE:CHINESE")],
    ids=["non-Gregorian CALSCALE"],  # an unknown X-WR-TIMEZONE is only a warning (see above)
)
def test_a_calendar_wide_problem_is_a_calendar_error(change):
    raw = (HERE / "google_x_wr_timezone.ics").read_bytes()
    assert change[0] in raw
    source = ICSCalendar("https://calendar.example/feed.ics", BERLIN)
    with pytest.raises(CalendarError) as err:
        source.parse(raw.replace(*change), utc(2026, 10, 1), utc(2026, 12, 1))
    assert "https://calendar.example/feed.ics" in str(err.value)


def test_not_an_icalendar_file():
    path = HERE / "not_ical.ics"
    with pytest.raises(CalendarError) as err:
        ICSCalendar(str(path), BERLIN).fetch(utc(2026, 1, 1), utc(2026, 2, 1))
    assert str(path) in str(err.value)


def test_missing_file(tmp_path):
    path = tmp_path / "nowhere" / "calendar.ics"
    with pytest.raises(CalendarError) as err:
        ICSCalendar(str(path), BERLIN).fetch(utc(2026, 1, 1), utc(2026, 2, 1))
    assert str(path) in str(err.value)


# -- fetch(): change detection -----------------------------------------------------------------------


def test_fetch_file_unchanged_changed_and_moved_window(tmp_path):
    path = tmp_path / "cal.ics"
    shutil.copy(HERE / "dst_weekly.ics", path)
    cal = ICSCalendar(str(path), BERLIN, name="work")
    week1 = (utc(2026, 3, 2), utc(2026, 3, 3))

    first = cal.fetch(*week1)
    assert first.changed is True
    assert sorted(e.uid for e in first.events) == ["weekly-berlin@example.org", "weekly-newyork@example.org"]
    assert all(e.source == "work" for e in first.events)

    second = cal.fetch(*week1, token=first.token)
    assert (second.changed, second.events) == (False, [])

    # same bytes, newer modification time: still unchanged
    st = path.stat()
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns + 5_000_000_000))
    third = cal.fetch(*week1, token=second.token)
    assert (third.changed, third.events) == (False, [])

    # content changed right away, same size (the New York meeting moves from 10:00 to 11:00)
    raw = path.read_bytes()
    edited = raw.replace(b"America/New_York:20260302T100000", b"America/New_York:20260302T110000")
    assert edited != raw and len(edited) == len(raw)
    path.write_bytes(edited)
    fourth = cal.fetch(*week1, token=third.token)
    assert fourth.changed is True
    ny = [e for e in fourth.events if e.uid == "weekly-newyork@example.org"]
    assert [e.start for e in ny] == [utc(2026, 3, 2, 16)]

    # the window moved to another day: parsed again for that day, although the file is the same
    week2 = (utc(2026, 3, 30), utc(2026, 3, 31))
    fifth = cal.fetch(*week2, token=fourth.token)
    assert fifth.changed is True
    assert sorted((e.uid, e.start) for e in fifth.events) == [
        ("weekly-berlin@example.org", utc(2026, 3, 30, 8)),
        ("weekly-newyork@example.org", utc(2026, 3, 30, 15)),  # 11:00 EDT after the edit
    ]
    sixth = cal.fetch(*week2, token=fifth.token)
    assert sixth.changed is False


def test_fetch_sees_a_same_size_edit_with_an_unchanged_mtime(tmp_path):
    # On file systems with coarse timestamps (FAT 2 s, HFS+ 1 s) a quick rewrite keeps the mtime;
    # simulated here by restoring it. Size and mtime are equal, the content is not.
    path = tmp_path / "cal.ics"
    shutil.copy(HERE / "olson.ics", path)
    cal = ICSCalendar(str(path), BERLIN)
    window = (utc(2026, 6, 1), utc(2026, 6, 8))
    first = cal.fetch(*window)
    st = path.stat()
    path.write_bytes(path.read_bytes().replace(b"DTSTART:20260603T200000Z", b"DTSTART:20260603T201500Z"))
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns))
    assert (path.stat().st_size, path.stat().st_mtime_ns) == (st.st_size, st.st_mtime_ns)
    second = cal.fetch(*window, token=first.token)
    assert second.changed is True
    assert [e.start for e in second.events if e.uid == "olson-utc@example.com"] == [utc(2026, 6, 3, 20, 15)]


def test_empty_file_is_not_a_calendar(tmp_path):
    path = tmp_path / "empty.ics"
    path.write_bytes(b"")
    with pytest.raises(CalendarError) as err:
        ICSCalendar(str(path), BERLIN).fetch(utc(2026, 1, 1), utc(2026, 2, 1))
    assert str(path) in str(err.value)


# -- fetch(): http ---------------------------------------------------------------------------------


class _Server:
    """A local http server for one .ics body with an ETag, recording what it was sent."""

    def __init__(self, body: bytes):
        self.body = body
        self.etag = '"v1"'
        self.requests: list[tuple[str, dict]] = []
        outer = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self):  # noqa: N802
                outer.requests.append((self.path, dict(self.headers)))
                if self.path != "/calendar.ics":
                    self.send_error(404, "Not Found")
                    return
                if self.headers.get("If-None-Match") == outer.etag:
                    self.send_response(304)
                    self.send_header("ETag", outer.etag)
                    self.end_headers()
                    return
                self.send_response(200)
                self.send_header("Content-Type", "text/calendar; charset=utf-8")
                self.send_header("ETag", outer.etag)
                self.send_header("Content-Length", str(len(outer.body)))
                self.end_headers()
                self.wfile.write(outer.body)

            def log_message(self, *args):
                pass

        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def close(self):
        self.httpd.shutdown()
        self.httpd.server_close()
        self.thread.join(5)


@pytest.fixture
def server():
    s = _Server((HERE / "olson.ics").read_bytes())
    yield s
    s.close()


def test_http_etag_and_304(server):
    cal = ICSCalendar(server.url + "/calendar.ics", BERLIN)
    window = (utc(2026, 6, 1), utc(2026, 6, 8))
    first = cal.fetch(*window)
    assert first.changed is True and len(first.events) == 4
    assert "If-None-Match" not in server.requests[0][1]

    second = cal.fetch(*window, token=first.token)
    assert (second.changed, second.events) == (False, [])
    assert server.requests[1][1].get("If-None-Match") == '"v1"'

    # new content under a new ETag is fetched and parsed
    server.body = server.body.replace(b"DTSTART:20260603T200000Z", b"DTSTART:20260603T201500Z")
    server.etag = '"v2"'
    third = cal.fetch(*window, token=second.token)
    assert server.requests[2][1].get("If-None-Match") == '"v1"'
    assert third.changed is True
    assert [e.start for e in third.events if e.uid == "olson-utc@example.com"] == [utc(2026, 6, 3, 20, 15)]
    fourth = cal.fetch(*window, token=third.token)
    assert fourth.changed is False
    assert server.requests[3][1].get("If-None-Match") == '"v2"'


def test_http_404_names_the_url(server):
    url = server.url + "/missing.ics"
    with pytest.raises(CalendarError) as err:
        ICSCalendar(url, BERLIN).fetch(utc(2026, 6, 1), utc(2026, 6, 8))
    assert url in str(err.value) and "404" in str(err.value)


def test_http_unreachable_names_the_url():
    # a port nobody listens on: bind, note the port, close
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    url = f"http://127.0.0.1:{port}/calendar.ics"
    with pytest.raises(CalendarError) as err:
        ICSCalendar(url, BERLIN).fetch(utc(2026, 6, 1), utc(2026, 6, 8))
    assert url in str(err.value)


# -- durations across DST (RFC 5545 3.3.6) -------------------------------------------------------


def test_duration_in_days_is_nominal_across_dst():
    # RFC 5545 3.3.6: P1D is a calendar day: 12:00 EDT to 12:00 EST, 25 real hours
    events, _ = parse("duration_dst.ics", utc(2026, 10, 30), utc(2026, 11, 3))
    [day] = [e for e in events if e.uid == "duration-day-over-fall-back@example.org"]
    assert span(day) == (utc(2026, 10, 31, 16), utc(2026, 11, 1, 17))


def test_duration_in_hours_is_exact_across_dst():
    # recurring-ical-events adds PT4H to the wall clock (5 real hours across the fall-back);
    # connectors/ics.py computes the end itself.
    events, _ = parse("duration_dst.ics", utc(2026, 10, 30), utc(2026, 11, 3))
    [hours] = [e for e in events if e.uid == "duration-hours-over-fall-back@example.org"]
    assert span(hours) == (utc(2026, 11, 1, 3), utc(2026, 11, 1, 7))  # 23:00 EDT + 4 h


# -- X-WR-TIMEZONE beside custom VTIMEZONEs -------------------------------------------------------
# Google exports carry X-WR-TIMEZONE; Outlook invitations forwarded into such a calendar carry
# their own VTIMEZONE blocks, often without TZNAME lines. Hand-worked instants: US DST ends Nov 1,
# EU DST Oct 25 (2026).
XWR_EXPECTED = {
    "pst-onsite@contoso.example": [(utc(2026, 10, 29, 17, 30), utc(2026, 10, 29, 18, 30))],  # PDT -7
    "weu-panel@fabrikam.example": [(utc(2026, 11, 4, 13), utc(2026, 11, 4, 14))],  # CET +1
    "weu-weekly@fabrikam.example": [
        (utc(2026, 10, 20, 7), utc(2026, 10, 20, 7, 30)),  # CEST +2
        (utc(2026, 10, 27, 8), utc(2026, 10, 27, 8, 30)),  # CET +1
        (utc(2026, 11, 3, 8), utc(2026, 11, 3, 8, 30)),
    ],
    "utc-call@google.com": [(utc(2026, 10, 30, 15), utc(2026, 10, 30, 15, 30))],
}


@pytest.mark.parametrize(
    ("name", "floating", "warning"),
    [
        ("xwr_custom_vtimezone.ics", utc(2026, 10, 30, 13), None),  # floating 09:00 in New York (EDT)
        ("xwr_windows_name.ics", utc(2026, 10, 30, 13), None),  # "Eastern Standard Time" is New York
        ("xwr_unknown.ics", utc(2026, 10, 30, 8), "'Mars/Olympus_Mons' is not a known time zone"),  # user's zone
        ("xwr_empty.ics", utc(2026, 10, 30, 8), "X-WR-TIMEZONE is empty"),
    ],
)
def test_x_wr_timezone_leaves_custom_vtimezone_times_alone(name, floating, warning):
    events, warnings = parse(name, utc(2026, 10, 1), utc(2026, 12, 1), zone=BERLIN)
    found = by_uid(events)
    for uid, spans in XWR_EXPECTED.items():
        assert [span(e) for e in found[uid]] == spans, uid
    assert [span(e)[0] for e in found["floating@google.com"]] == [floating]
    if warning is None:
        assert warnings == []
    else:
        assert len(warnings) == 1 and warning in warnings[0] and name in warnings[0]


def test_x_wr_timezone_library_takes_an_unnamed_custom_zone_for_floating():
    """What x-wr-timezone itself does with the same file (docs/upstream/x-wr-timezone-unnamed-zone.md).

    It treats ``tzname() is None`` as floating, so 10:30 Pacific becomes 10:30 New York. If this
    starts failing, the library has changed: connectors.ics.apply_x_wr_timezone may no longer be needed.
    """
    import x_wr_timezone

    cal = icalendar.Calendar.from_ical((HERE / "xwr_custom_vtimezone.ics").read_bytes())
    before = next(e for e in cal.walk("VEVENT") if str(e["UID"]) == "pst-onsite@contoso.example")["DTSTART"].dt
    assert before.tzname() is None and before.utcoffset() == timedelta(hours=-7)
    after = x_wr_timezone.to_standard(cal)
    moved = next(e for e in after.walk("VEVENT") if str(e["UID"]) == "pst-onsite@contoso.example")["DTSTART"].dt
    assert moved.astimezone(UTC) == utc(2026, 10, 29, 14, 30)  # 3 h early: the library's reading


def test_a_zone_rule_that_is_not_yearly_is_dropped_with_a_warning_and_costs_nothing():
    """An observance with a daily rule since 1601 made every offset lookup walk millions of days."""
    raw = (
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//EN\r\nX-WR-TIMEZONE:America/New_York\r\n"
        "BEGIN:VTIMEZONE\r\nTZID:Pacific Standard Time\r\n"
        "BEGIN:STANDARD\r\nDTSTART:16010101T020000\r\nTZOFFSETFROM:-0700\r\nTZOFFSETTO:-0800\r\n"
        "RRULE:FREQ=YEARLY;BYDAY=1SU;BYMONTH=11\r\nEND:STANDARD\r\n"
        "BEGIN:DAYLIGHT\r\nDTSTART:16010101T020000\r\nTZOFFSETFROM:-0800\r\nTZOFFSETTO:-0700\r\n"
        "RRULE:FREQ=DAILY;BYMONTH=2;BYMONTHDAY=31\r\nEND:DAYLIGHT\r\nEND:VTIMEZONE\r\n"
        "BEGIN:VEVENT\r\nUID:pst@t\r\nDTSTAMP:20261001T000000Z\r\n"
        "DTSTART;TZID=Pacific Standard Time:20261029T103000\r\nDTEND;TZID=Pacific Standard Time:20261029T113000\r\n"
        "SUMMARY:Onsite interview\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
    ).encode()
    import time

    t = time.perf_counter()
    events, warnings = ICSCalendar("hostile-zone", BERLIN).parse(
        raw, datetime(2026, 10, 1, tzinfo=timezone.utc), datetime(2026, 11, 30, tzinfo=timezone.utc))
    elapsed = time.perf_counter() - t
    assert [e.uid for e in events] == ["pst@t"]
    assert any("'Pacific Standard Time'" in w and "not yearly" in w for w in warnings), warnings
    assert elapsed < 2.0, elapsed  # was over 4 s on this machine, 25 s under tracemalloc
