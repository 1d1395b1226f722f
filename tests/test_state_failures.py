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

from daemon.service.state import open_state

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
    from daemon.service.state import ServiceLock

    world = debriefed(tmp_path)
    damage_page_with(tmp_path / "state.sqlite", b"FILLER-0100")
    with ServiceLock(tmp_path / "state.sqlite"):
        proc = cli(world, DEBRIEF_AT, "doctor", "--recover")
    assert proc.returncode == 7 and "another followthrough service is running" in proc.stderr
    assert list(tmp_path.glob("state.sqlite.damaged-*")) == []


# -- a full disk and a read-only folder (a small tmpfs of their own; needs the right to mount) ------


@pytest.fixture
def small_disk(tmp_path):
    """A 1 MB filesystem mounted for the test, or a skip where mounting is not allowed."""
    where = tmp_path / "disk"
    where.mkdir()
    proc = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", str(where)], capture_output=True, text=True)
    if proc.returncode != 0:
        pytest.skip(f"cannot mount a small filesystem here ({proc.stderr.strip()})")
    yield where
    subprocess.run(["umount", "-l", str(where)], capture_output=True)


def on_disk(tmp_path: Path, disk: Path) -> World:
    world = World(tmp_path)
    cfg = tmp_path / "config.toml"
    cfg.write_text(cfg.read_text().replace('path = "state.sqlite"', f'path = "{disk / "state.sqlite"}"'))
    return world


def fill(disk: Path) -> Path:
    filler = disk / "filler"
    fd = os.open(filler, os.O_WRONLY | os.O_CREAT, 0o600)
    try:
        while True:
            os.write(fd, b"\0" * 4096)
    except OSError:
        pass
    finally:
        os.close(fd)
    return filler


def pushes(log: str) -> int:
    """Prompts pushed (the notifier's own log line, not the service's account of it)."""
    return sum(1 for line in log.splitlines() if line.startswith("INFO: How did it go?"))


def test_run_once_on_a_full_disk_says_so_exits_non_zero_and_pushes_nothing(tmp_path, small_disk):
    world = on_disk(tmp_path, small_disk)
    assert cli(world, "2026-09-02T09:00:00-04:00", "run", "--once").returncode == 0  # stored, before the end
    filler = fill(small_disk)
    proc = cli(world, AFTER_END, "-v", "run", "--once")
    assert proc.returncode == 6, (proc.returncode, proc.stdout, proc.stderr)
    assert "Traceback" not in proc.stderr and "the disk is full" in proc.stderr and str(small_disk) in proc.stderr, proc.stderr
    assert pushes(proc.stderr) == 0 and "How did it go?" not in proc.stdout
    filler.unlink()
    again = cli(world, AFTER_END, "run", "--once")
    assert again.returncode == 0 and again.stdout.count("How did it go?") == 1, again.stderr
    assert "How did it go?" not in cli(world, AFTER_END, "run", "--once").stdout


def test_the_service_on_a_full_disk_pushes_the_prompt_once_and_backs_off(tmp_path, small_disk):
    import signal
    import time

    world = on_disk(tmp_path, small_disk)
    cfg = tmp_path / "config.toml"
    cfg.write_text(cfg.read_text() + "[schedule]\nprompt_delay_minutes = 0\nheartbeat_seconds = 5\n")
    proc = subprocess.Popen(world.argv("2026-09-02T10:59:56-04:00", "run"), stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True, env=world.env, cwd=ROOT)
    lines: list[str] = []
    import threading

    reader = threading.Thread(target=lambda: [lines.append(line) for line in proc.stderr], daemon=True)
    reader.start()
    try:
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline and not any(line.startswith("INFO: running") for line in lines):
            time.sleep(0.05)
        filler = fill(small_disk)  # the prompt is due four seconds after the start
        time.sleep(16)
        log = "".join(lines)
        assert pushes(log) == 0, log  # was: the same prompt pushed on every heartbeat
        failures = log.count("the disk is full")
        assert 1 <= failures <= 2, log  # backed off: 10 s, then 20 s
        assert "Traceback" not in log
        filler.unlink()
        deadline = time.monotonic() + 40
        while time.monotonic() < deadline and pushes("".join(lines)) == 0:
            time.sleep(0.1)
        time.sleep(6)  # a heartbeat more
        assert pushes("".join(lines)) == 1, "".join(lines)
    finally:
        proc.send_signal(signal.SIGTERM)
        proc.wait(timeout=30)


def test_a_read_only_state_folder_is_named_as_such_not_as_damage(tmp_path, small_disk):
    world = on_disk(tmp_path, small_disk)
    assert cli(world, AFTER_END, "run", "--once").returncode == 0
    subprocess.run(["mount", "-o", "remount,ro", str(small_disk)], check=True)
    for args in (("status",), ("run", "--once")):
        proc = cli(world, AFTER_END, *args)
        assert proc.returncode == 6, (args, proc.stderr)
        assert "Traceback" not in proc.stderr and "damaged" not in proc.stderr and "move the file aside" not in proc.stderr, proc.stderr
        assert f"the filesystem holding {small_disk} is mounted read-only" in proc.stderr, proc.stderr
    doctor = cli(world, AFTER_END, "doctor")
    assert "mounted read-only" in doctor.stdout and doctor.returncode == 1


def test_a_state_folder_without_write_permission_says_so(tmp_path):
    if os.geteuid() == 0:
        pytest.skip("root may write anywhere: permissions cannot be tested as root")
    world = World(tmp_path)
    assert cli(world, AFTER_END, "run", "--once").returncode == 0
    data = tmp_path / "data"
    data.mkdir()
    cfg = tmp_path / "config.toml"
    (tmp_path / "state.sqlite").rename(data / "state.sqlite")
    cfg.write_text(cfg.read_text().replace('path = "state.sqlite"', f'path = "{data / "state.sqlite"}"'))
    data.chmod(0o500)
    try:
        proc = cli(world, AFTER_END, "status")
    finally:
        data.chmod(0o700)
    assert proc.returncode == 6 and f"the folder {data} is not writable by you" in proc.stderr, proc.stderr
    assert "damaged" not in proc.stderr
