"""The state file when it fails: damaged past its header, undecodable text, a full disk, a read-only folder.

Through the real CLI in subprocesses, on real files: each failure is a clear message naming the
file and what is really wrong, with a non-zero exit, and nothing stored is lost (a damaged file is
recovered by `doctor --recover`, which keeps the damaged one).
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from daemon.state import open_state

from .conftest import ROOT
from .test_e2e import AFTER_END, DEBRIEF_AT, World

FILLERS = 200


def cli(world: World, now: str, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(world.argv(now, *args), capture_output=True, text=True, env=world.env, cwd=ROOT, timeout=120)


def debriefed(tmp_path: Path) -> World:
    """A state with interview #1 debriefed (private notes included) and many more interviews after it."""
    world = World(tmp_path)
    assert cli(world, AFTER_END, "run", "--once").returncode == 0
    assert cli(world, DEBRIEF_AT, "debrief", "1", "--answers", str(tmp_path / "answers.toml")).returncode == 0
    st = open_state(tmp_path / "state.sqlite")
    start = datetime(2026, 10, 1, 14, tzinfo=timezone.utc)
    for i in range(FILLERS):
        st.upsert_interview({"source": "other", "uid": f"filler-{i}", "title": f"FILLER-{i:04d} " + "x" * 300,
                             "start": start + timedelta(days=i), "end": start + timedelta(days=i, hours=1)}, start)
    st.close()  # the last connection: the WAL is checkpointed into the file
    assert not Path(f"{tmp_path / 'state.sqlite'}-wal").exists()
    return world


def damage_page_with(path: Path, marker: bytes) -> None:
    """Overwrite the database page that holds ``marker`` with garbage (its header stays intact)."""
    data = bytearray(path.read_bytes())
    size = int.from_bytes(data[16:18], "big")
    at = data.index(marker)
    page = at // size
    assert page > 0
    data[page * size:(page + 1) * size] = bytes((i * 37 + 11) % 256 for i in range(size))
    path.write_bytes(bytes(data))


def test_a_state_damaged_past_its_header_is_a_clear_error_and_doctor_recovers_what_can_be_read(tmp_path):
    world = debriefed(tmp_path)
    state = tmp_path / "state.sqlite"
    damage_page_with(state, b"FILLER-0100")
    for args in (("status",), ("status", "--json"), ("run", "--once")):
        proc = cli(world, DEBRIEF_AT, *args)
        assert proc.returncode == 6, (args, proc.returncode, proc.stderr)  # `run --once` exited 0
        assert "Traceback" not in proc.stderr and f"state {state} is damaged" in proc.stderr, proc.stderr
        assert "doctor --recover" in proc.stderr and "move the file aside" not in proc.stderr
    doctor = cli(world, DEBRIEF_AT, "doctor")
    assert doctor.returncode == 1 and f"state {state} is damaged" in doctor.stdout and "--recover" in doctor.stdout, doctor.stdout
    before = state.read_bytes()
    rec = cli(world, DEBRIEF_AT, "doctor", "--recover")
    assert rec.returncode == 0, rec.stdout + rec.stderr
    [kept] = [p for p in tmp_path.glob("state.sqlite.damaged-*") if not p.name.endswith(("-wal", "-shm"))]
    assert kept.read_bytes() == before  # the damaged file, untouched, beside the new one
    assert "interviews:" in rec.stdout and "unreadable" in rec.stdout, rec.stdout
    status = cli(world, DEBRIEF_AT, "status", "--json")
    assert status.returncode == 0, status.stderr
    rows = __import__("json").loads(status.stdout)
    assert rows[0]["id"] == 1 and rows[0]["stage"] == "drafted" and len(rows[0]["drafts"]) == 2
    assert FILLERS - 20 < len(rows) - 1 < FILLERS  # only the rows on the damaged page are lost
    st = open_state(state)
    answers, completed = st.debrief(1)
    assert answers["went_badly"] == "SECRET-PRIVATE-NOTE" and completed is not None  # private notes kept
    assert cli(world, DEBRIEF_AT, "doctor").returncode == 0


def test_undecodable_text_in_the_state_is_a_clear_error_and_recovered_with_replacement_characters(tmp_path):
    world = World(tmp_path)
    assert cli(world, AFTER_END, "run", "--once").returncode == 0
    db = sqlite3.connect(tmp_path / "state.sqlite")
    db.execute("UPDATE interviews SET title = CAST(x'41cc6d65ff' AS TEXT) WHERE id = 1")
    db.commit()
    db.close()
    proc = cli(world, AFTER_END, "status")
    assert proc.returncode == 6 and "Traceback" not in proc.stderr and "is damaged" in proc.stderr, proc.stderr
    doctor = cli(world, AFTER_END, "doctor")
    assert doctor.returncode == 1 and "is damaged" in doctor.stdout and "decode" in doctor.stdout
    rec = cli(world, AFTER_END, "doctor", "--recover")
    assert rec.returncode == 0 and "replacement characters" in rec.stdout, rec.stdout + rec.stderr
    assert "A\ufffdme\ufffd" in cli(world, AFTER_END, "status").stdout


def test_doctor_recover_refuses_while_the_service_runs(tmp_path):
    from daemon.state import ServiceLock

    world = debriefed(tmp_path)
    damage_page_with(tmp_path / "state.sqlite", b"FILLER-0100")
    with ServiceLock(tmp_path / "state.sqlite"):
        proc = cli(world, DEBRIEF_AT, "doctor", "--recover")
    assert proc.returncode == 7 and "another followthrough service is running" in proc.stderr
    assert list(tmp_path.glob("state.sqlite.damaged-*")) == []
