"""Unsure events through the CLI, in subprocesses: stored as `unconfirmed`, answered by `mark`.

An event the detector is unsure about is not prompted for; `status` lists it as `unconfirmed`.
`mark ... interview` turns it into an interview and its debrief prompt comes on the next run;
`mark ... not-interview` skips it, and it stays skipped after a rescan.
"""

from __future__ import annotations

import json

from .test_e2e import AFTER_END, ICS, World

UNSURE = """\
BEGIN:VEVENT
UID:unsure-harriet@saltmarsh.example
DTSTAMP:20260901T000000Z
DTSTART;TZID=America/New_York:20260902T140000
DTEND;TZID=America/New_York:20260902T145000
SUMMARY:Zoom meeting: Robin / Harriet - Principal Engineer role
DESCRIPTION:Hi Robin - Callum passed along your details. I run the grid-optimisation group and I'd like
 to hear how you think about forecasting systems at scale.
ORGANIZER;CN=Harriet Okwu:mailto:harriet.okwu@saltmarsh.example
ATTENDEE;CN=Harriet Okwu;PARTSTAT=ACCEPTED:mailto:harriet.okwu@saltmarsh.example
ATTENDEE;CN=Robin Vega;PARTSTAT=ACCEPTED:mailto:robin.vega@example.org
END:VEVENT
END:VCALENDAR"""
UID = "unsure-harriet@saltmarsh.example"
ENDED = "2026-09-02T15:00:00-04:00"


def world_with_unsure_event(tmp_path) -> World:
    world = World(tmp_path)
    (tmp_path / "calendar.ics").write_text(ICS.replace("END:VCALENDAR", UNSURE))
    rows = json.loads(world.cli(AFTER_END, "scan", "--json", "--since", "2026-09-01", "--until", "2026-09-05").stdout)
    row = next(r for r in rows if r["uid"] == UID)
    assert row["ask"] is True, row
    return world


def harriet(world: World, now: str) -> dict:
    rows = json.loads(world.cli(now, "status", "--all", "--json").stdout)
    return next(r for r in rows if r["title"].startswith("Zoom meeting: Robin / Harriet"))


def test_an_unsure_event_is_unconfirmed_and_not_prompted(tmp_path):
    world = world_with_unsure_event(tmp_path)
    world.cli(ENDED, "run", "--once")
    assert harriet(world, ENDED)["stage"] == "unconfirmed"
    text = world.cli(ENDED, "status").stdout
    assert "unconfirmed" in text and "Zoom meeting: Robin / Harriet" in text
    world.cli(ENDED, "run", "--once")  # a second run, after it ended, prompts nothing for it
    assert harriet(world, ENDED)["stage"] == "unconfirmed"


def test_yes_by_mark_brings_the_debrief_prompt(tmp_path):
    world = world_with_unsure_event(tmp_path)
    world.cli(ENDED, "run", "--once")
    out = world.cli(ENDED, "mark", UID, "interview").stdout
    assert "an interview" in out
    assert harriet(world, ENDED)["stage"] == "scheduled"
    world.cli(ENDED, "run", "--once")
    assert harriet(world, ENDED)["stage"] == "awaiting_debrief"


def test_no_by_mark_is_remembered_after_a_rescan(tmp_path):
    world = world_with_unsure_event(tmp_path)
    world.cli(ENDED, "run", "--once")
    number = str(harriet(world, ENDED)["id"])
    world.cli(ENDED, "mark", number, "not-interview")
    assert harriet(world, ENDED)["stage"] == "skipped"
    (tmp_path / "calendar.ics").write_text((tmp_path / "calendar.ics").read_text().replace("DTSTAMP:20260901T000000Z", "DTSTAMP:20260901T000100Z"))
    world.cli(ENDED, "run", "--once")
    world.cli("2026-09-03T09:00:00-04:00", "run", "--once")
    assert harriet(world, "2026-09-03T09:00:00-04:00")["stage"] == "skipped"
    rows = json.loads(world.cli(ENDED, "scan", "--json", "--since", "2026-09-01", "--until", "2026-09-05").stdout)
    assert UID not in [r["uid"] for r in rows]  # the user's no: neither an interview nor a question any more
