"""Unsure events through the CLI, in subprocesses: stored as `unconfirmed`, asked about, answered.

An event the detector is unsure about gets no debrief prompt: when it ends the service asks one
question instead ("Was ‘…’ an interview?", with the reason and how to answer), once more the next
morning at 09:00, then it waits in `status` as `unconfirmed`. `mark ... interview` (or starting its
debrief) turns it into an interview and its debrief prompt comes at once; `mark ... not-interview`
skips it, and it stays skipped after a rescan.
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


TITLE = "Zoom meeting: Robin / Harriet - Principal Engineer role"
QUESTION = f"Was ‘{TITLE}’ an interview?"
PROMPT = f"How did it go? {TITLE}"
BEFORE_MORNING = "2026-09-03T08:59:00-04:00"
MORNING = "2026-09-03T09:00:00-04:00"
DAY_AFTER = "2026-09-04T09:00:00-04:00"


def asked(world: World) -> tuple[str, int]:
    """The first run after the event ended: its output and the event's number, after checking the question."""
    out = world.cli(ENDED, "run", "--once").stdout
    assert f"question: {QUESTION}" in out, out
    row = harriet(world, ENDED)
    assert row["stage"] == "unconfirmed"
    return out, row["id"]


def test_an_unsure_event_is_not_asked_about_before_it_ends(tmp_path):
    world = world_with_unsure_event(tmp_path)
    out = world.cli(AFTER_END, "run", "--once").stdout  # 11:10: Acme's interview is over, Harriet's call is at 14:00
    assert "How did it go? Interview with Acme" in out and QUESTION not in out
    row = harriet(world, AFTER_END)
    assert (row["stage"], row["next_action"], row["next_action_at"]) == ("unconfirmed", "ask", "2026-09-02T14:55:00-04:00")


def test_when_it_ends_one_question_then_once_more_next_morning_then_quiet(tmp_path):
    world = world_with_unsure_event(tmp_path)
    out, number = asked(world)
    assert PROMPT not in out  # a question, not a debrief prompt
    assert "some signs of hiring, not enough to be sure" in out  # why it is asked
    assert f"followthrough mark {number} interview" in out and f"followthrough mark {number} not-interview" in out
    assert f"followthrough debrief {number}" in out
    assert QUESTION not in world.cli(ENDED, "run", "--once").stdout  # asked once, across processes
    row = harriet(world, ENDED)
    assert (row["next_action"], row["next_action_at"]) == ("ask", MORNING)
    assert "unsure" in row and "some signs of hiring" in row["unsure"]
    text = world.cli(ENDED, "status").stdout
    assert "unconfirmed" in text and TITLE in text and f"followthrough mark {number} interview|not-interview" in text
    assert QUESTION not in world.cli(BEFORE_MORNING, "run", "--once").stdout
    again = world.cli(MORNING, "run", "--once").stdout
    assert f"question: Still open: {QUESTION}" in again
    for now in (MORNING, DAY_AFTER, "2026-09-10T09:00:00-04:00"):
        assert QUESTION not in world.cli(now, "run", "--once").stdout  # then it waits quietly
    row = harriet(world, DAY_AFTER)
    assert (row["stage"], row["next_action"], row["next_action_at"]) == ("unconfirmed", "answer", None)


def test_yes_by_mark_brings_the_debrief_prompt_at_once(tmp_path):
    world = world_with_unsure_event(tmp_path)
    _, number = asked(world)
    out = world.cli(ENDED, "mark", UID, "interview").stdout
    assert "an interview" in out and f"prompt: {PROMPT}" in out and f"followthrough debrief {number}" in out
    assert harriet(world, ENDED)["stage"] == "awaiting_debrief"
    later = world.cli(ENDED, "run", "--once").stdout
    assert PROMPT not in later and QUESTION not in later  # the prompt came once; no more questions
    assert harriet(world, ENDED)["stage"] == "awaiting_debrief"
    assert "Reminder: " + PROMPT in world.cli(MORNING, "run", "--once").stdout  # the usual reminders follow


def test_yes_by_starting_its_debrief(tmp_path):
    world = world_with_unsure_event(tmp_path)
    _, number = asked(world)
    (tmp_path / "harriet.toml").write_text(
        'formal = false\nexcited = "forecasting at grid scale"\nproblems = "to plan storage for the winter peak"\n'
        'fit = "I built the demand model at my last job"\n'
        '[[met]]\nname = "Harriet Okwu"\nemail = "harriet.okwu@saltmarsh.example"\nfocus = "forecasting"\n')
    world.cli(ENDED, "debrief", str(number), "--answers", str(tmp_path / "harriet.toml"))
    row = harriet(world, ENDED)
    assert row["stage"] == "drafted"
    assert [d["to"] for d in row["drafts"]] == ["harriet.okwu@saltmarsh.example"]
    later = world.cli(MORNING, "run", "--once").stdout
    assert QUESTION not in later and PROMPT not in later  # answered: no question, no prompt, no reminder
    rows = json.loads(world.cli(ENDED, "scan", "--json", "--since", "2026-09-01", "--until", "2026-09-05").stdout)
    assert next(r for r in rows if r["uid"] == UID).get("ask") is not True  # remembered like a mark


def test_no_by_mark_is_remembered_after_a_rescan(tmp_path):
    world = world_with_unsure_event(tmp_path)
    _, number = asked(world)
    out = world.cli(ENDED, "mark", str(number), "not-interview").stdout
    assert "not an interview" in out and PROMPT not in out
    assert harriet(world, ENDED)["stage"] == "skipped"
    (tmp_path / "calendar.ics").write_text((tmp_path / "calendar.ics").read_text().replace("DTSTAMP:20260901T000000Z", "DTSTAMP:20260901T000100Z"))
    for now in (ENDED, MORNING, DAY_AFTER):
        out = world.cli(now, "run", "--once").stdout
        assert QUESTION not in out and PROMPT not in out  # nothing more: no question next morning, no prompt
    assert harriet(world, MORNING)["stage"] == "skipped"
    rows = json.loads(world.cli(ENDED, "scan", "--json", "--since", "2026-09-01", "--until", "2026-09-05").stdout)
    assert UID not in [r["uid"] for r in rows]  # the user's no: neither an interview nor a question any more
