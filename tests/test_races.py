"""Races between processes on one interview: a command (or the web form) against a step of the service.

Each race is made deterministic: the service's step has read the interview and decided what to do;
just before its first write, the other process runs to its end (a real `followthrough` subprocess
on the same state file). Without compare-and-set the step then overwrites what that process did.
"""

from __future__ import annotations

import subprocess
from contextlib import contextmanager
from zoneinfo import ZoneInfo

import pytest

from daemon.service import config
from daemon.service.app import build_service
from daemon.core.timeutil import parse_instant

from .conftest import ROOT
from .test_e2e import AFTER_DECISION, AFTER_END, DEBRIEF_AT, World, through_sending

NY = ZoneInfo("America/New_York")


def service(world: World):
    return build_service(config.load(world.root / "config.toml"), NY)


def before_first_write(svc, other) -> list:
    """Run ``other()`` once, when ``svc`` is about to open its next write transaction."""
    real = svc.state.transaction
    fired: list = []

    @contextmanager
    def hooked():
        if not fired and not svc.state.db.in_transaction:
            fired.append(other())
        with real() as db:
            yield db

    svc.state.transaction = hooked
    return fired


def cli(world: World, now: str, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(world.argv(now, *args), capture_output=True, text=True, env=world.env, cwd=ROOT, timeout=120)


def test_a_debrief_while_the_service_delivers_the_prompt_is_not_undone(tmp_path):
    world = World(tmp_path)
    svc = service(world)
    now = parse_instant(AFTER_END, NY)
    svc.sync_calendars(now)  # stored, scheduled; its prompt is due
    fired = before_first_write(svc, lambda: cli(world, AFTER_END, "debrief", "1", "--answers", str(world.root / "answers.toml")))
    svc.run_due(now)
    [debrief] = fired
    assert debrief.returncode == 0, debrief.stderr
    iv = svc.state.interview(1)
    assert iv.stage == "drafted" and iv.debriefed_at is not None  # was: back to awaiting_debrief
    assert svc.notifier.sent == []  # debriefed already: no prompt, and no reminders to come
    assert [n["kind"] for n in svc.state.notices(1)] == []
    # later steps see the thank-yous sent, as they would once the stage is right
    world.send_all_drafts()
    svc.sync_mail(parse_instant(DEBRIEF_AT, NY))
    assert svc.state.interview(1).stage == "waiting"


def test_an_outcome_while_the_service_writes_a_follow_up_stays_closed_without_a_follow_up(tmp_path):
    world = World(tmp_path)
    through_sending(world)
    svc = service(world)
    now = parse_instant(AFTER_DECISION, NY)
    fired = before_first_write(svc, lambda: cli(world, AFTER_DECISION, "outcome", "1", "offer"))
    svc.run_due(now)
    [outcome] = fired
    assert outcome.returncode == 0, outcome.stderr
    iv = svc.state.interview(1)
    assert (iv.stage, iv.outcome, iv.followups) == ("closed", "offer", 0)  # was: followed_up, with a follow-up
    assert [r["purpose"] for r in svc.state.drafts(1) if r["purpose"].startswith("followup")] == []
    assert world.drafts() == []


def test_an_outcome_that_loses_to_the_follow_up_re_reads_and_still_closes(tmp_path):
    """The other order: the follow-up commits first; the outcome's compare-and-set fails, it reads again and closes."""
    world = World(tmp_path)
    through_sending(world)
    svc = service(world)
    cmd = service(world)  # the `outcome` command, with its own connection
    now = parse_instant(AFTER_DECISION, NY)
    before_first_write(cmd, lambda: svc.run_due(now))
    said = cmd.record_outcome(cmd.state.interview(1), "offer", now)
    assert "outcome offer" in said
    iv = cmd.state.interview(1)
    assert (iv.stage, iv.outcome, iv.followups) == ("closed", "offer", 1)
    svc.run_due(parse_instant("2026-10-30T09:00:00-04:00", NY))
    assert svc.state.interview(1).stage == "closed" and len(world.drafts()) == 1  # no second follow-up


def test_a_skip_while_the_web_form_creates_the_drafts_refuses_them_keeping_the_answers(tmp_path):
    from .test_web import Running, form, free_port, web_world

    port = free_port()
    running = Running(web_world(tmp_path, port), port)
    try:
        c = running.client()
        token = c.csrf("/debrief/1")
        assert c.post("/debrief/1/preview", form(token))[0] == 200  # the answers are stored as typed
        fired = before_first_write(running.svc, lambda: cli(running.world, AFTER_END, "skip", "1"))
        status, _, html = c.post("/debrief/1/create", {"csrf": token})
        assert fired and fired[0].returncode == 0, fired
        assert status == 400 and "skipped" in html and "nothing to debrief" in html
        assert running.iv().stage == "skipped"
        assert running.svc.state.drafts(1) == [] and running.world.drafts() == []  # was: thank-yous for a skipped interview
        answers, _ = running.svc.state.debrief(1)
        assert answers["went_badly"] == "PRIVATE-BADLY froze on SQL"
    finally:
        running.web.stop()


def test_a_cli_debrief_that_loses_to_a_skip_says_so(tmp_path):
    world = World(tmp_path)
    svc = service(world)
    now = parse_instant(AFTER_END, NY)
    svc.tick(now)
    cmd = service(world)
    before_first_write(cmd, lambda: svc.skip(svc.state.interview(1), now))
    from daemon.cli.answers import load_answers
    from daemon.core.debrief import prefill
    from daemon.core.errors import UsageError

    iv = cmd.state.interview(1)
    with pytest.raises(UsageError, match="interview #1 is skipped; nothing to debrief"):
        cmd.complete_debrief(iv, {**prefill(iv), **load_answers(str(world.root / "answers.toml"))}, now)
    assert cmd.state.drafts(1) == [] and cmd.state.interview(1).stage == "skipped"
