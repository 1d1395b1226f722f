"""`followthrough run` as the long-running service: readiness, timers, single instance, SIGTERM."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import threading
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from .conftest import ROOT
from .test_e2e import World
from .test_web import free_port, web_world


def start(world: World, now: str, notify: Path | None = None, **extra: str) -> subprocess.Popen:
    env = dict(world.env, **extra)
    if notify:
        env["NOTIFY_SOCKET"] = str(notify)
    return subprocess.Popen(world.argv(now, "run"), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env, cwd=ROOT)


def notify_socket(tmp_path: Path) -> tuple[socket.socket, Path]:
    path = tmp_path / "notify.sock"
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    sock.bind(str(path))
    sock.settimeout(20)
    return sock, path


def receive_until(sock: socket.socket, wanted: str) -> list[str]:
    seen = []
    while wanted not in seen:
        seen.extend(sock.recv(4096).decode().splitlines())
    return seen


def test_service_catches_up_says_ready_and_stops_on_sigterm(tmp_path):
    world = World(tmp_path)
    sock, path = notify_socket(tmp_path)
    # the interview ended 70 minutes ago; systemd's watchdog wants a ping every second
    proc = start(world, "2026-09-02T11:10:00-04:00", path, WATCHDOG_USEC="2000000")
    try:
        assert "READY=1" in receive_until(sock, "READY=1")
        assert "WATCHDOG=1" in receive_until(sock, "WATCHDOG=1")
        # a second service on the same state is refused
        second = subprocess.run(world.argv("2026-09-02T11:10:00-04:00", "run"), capture_output=True, text=True,
                                env=world.env, cwd=ROOT, timeout=60)
        assert second.returncode == 7 and "another followthrough service is running" in second.stderr
        proc.send_signal(signal.SIGTERM)
        out, err = proc.communicate(timeout=30)
    finally:
        proc.kill()
    assert proc.returncode == 0, err
    assert "How did it go? Interview with Acme - Backend Engineer" in err  # the catch-up prompt, logged
    assert "STOPPING=1" in receive_until(sock, "STOPPING=1")


def test_prompt_comes_on_time_while_running(tmp_path):
    """The interview ends while the service runs: the date job fires at end + delay (here 0 min)."""
    world = World(tmp_path)
    cfg = tmp_path / "config.toml"
    cfg.write_text(cfg.read_text() + "[schedule]\nprompt_delay_minutes = 0\nheartbeat_seconds = 3600\n")
    sock, path = notify_socket(tmp_path)
    started = time.monotonic()
    proc = start(world, "2026-09-02T10:59:57-04:00", path)  # three seconds before the end
    lines: list[tuple[float, str]] = []
    reader = threading.Thread(target=lambda: [lines.append((time.monotonic(), line)) for line in proc.stderr], daemon=True)
    reader.start()
    try:
        receive_until(sock, "READY=1")
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and not any("How did it go?" in line for _, line in lines):
            time.sleep(0.05)
        hits = [t for t, line in lines if "How did it go?" in line]
        assert hits, "".join(line for _, line in lines)
        late = hits[0] - started - 3
        print(f"prompt {late:.2f} s after the interview's end (process start included)")
        assert late < 15
    finally:
        proc.send_signal(signal.SIGTERM)
        proc.wait(timeout=30)


def switches(pid: int) -> int:
    """Context switches of every thread of ``pid`` so far: each wake-up of a sleeping thread is one."""
    total = 0
    for task in Path(f"/proc/{pid}/task").iterdir():
        try:
            lines = (task / "status").read_text().splitlines()
        except FileNotFoundError:
            continue
        total += sum(int(line.split()[1]) for line in lines if "ctxt_switches" in line)
    return total


def log_reader(proc: subprocess.Popen) -> list[tuple[float, str]]:
    lines: list[tuple[float, str]] = []
    threading.Thread(target=lambda: [lines.append((time.monotonic(), line)) for line in proc.stderr], daemon=True).start()
    return lines


@pytest.mark.skipif(not Path("/proc/self/task").exists(), reason="reads /proc (Linux)")
def test_the_idle_service_with_the_web_ui_sleeps_instead_of_ticking(tmp_path):
    """Nothing is due for hours and nobody connects: no thread wakes (uvicorn ticked 10x a second, a heartbeat 1x a minute)."""
    world = web_world(tmp_path, free_port())
    cfg = tmp_path / "config.toml"
    cfg.write_text(cfg.read_text() + "[schedule]\nheartbeat_seconds = 5\n")  # not used where the wall clock wakes us
    sock, path = notify_socket(tmp_path)
    proc = start(world, "2026-09-02T11:10:00-04:00", path)
    lines = log_reader(proc)
    try:
        receive_until(sock, "READY=1")
        deadline = time.monotonic() + 30
        while not any("running; next action" in line for _, line in lines) and time.monotonic() < deadline:
            time.sleep(0.05)
        time.sleep(1)  # the catch-up's last writes and the web thread's start-up
        before = switches(proc.pid)
        time.sleep(6)
        woke = switches(proc.pid) - before
        # re-executed once, same process, on the C library's malloc (large calendars' memory is given back)
        assert b"PYTHONMALLOC=malloc" in Path(f"/proc/{proc.pid}/environ").read_bytes().split(b"\0")
    finally:
        proc.send_signal(signal.SIGTERM)
        proc.wait(timeout=30)
    assert woke <= 3, f"{woke} wake-ups in 6 s of idling"
    assert proc.returncode == 0


def test_a_prompt_due_while_the_process_was_stopped_comes_at_once_on_resume(tmp_path):
    """SIGSTOP before the interview's end, SIGCONT after it: the date job that fell due meanwhile fires on resume.

    (A real suspend stops the monotonic clock as well; the wall-clock alarm covers that, tests/test_wallclock.py.)
    """
    world = World(tmp_path)
    cfg = tmp_path / "config.toml"
    cfg.write_text(cfg.read_text() + "[schedule]\nprompt_delay_minutes = 0\nheartbeat_seconds = 3600\n")
    sock, path = notify_socket(tmp_path)
    lead = 12  # seconds of service time before the interview ends: start-up must fit in them
    spawned = time.monotonic()
    proc = start(world, (datetime(2026, 9, 2, 15, 0, tzinfo=timezone.utc) - timedelta(seconds=lead)).isoformat(), path)
    lines = log_reader(proc)
    try:
        receive_until(sock, "READY=1")
        deadline = time.monotonic() + lead
        while not any("running; next action" in line for _, line in lines) and time.monotonic() < deadline:
            time.sleep(0.05)
        os.kill(proc.pid, signal.SIGSTOP)
        stopped = time.monotonic()
        time.sleep(0.2)
        assert not any("How did it go?" in line for _, line in lines), "prompted before the stop: start-up took too long"
        # The service's clock started at --now after the process was spawned: the end is at most `lead` s after that.
        time.sleep(max(0.0, spawned + lead + 3 - time.monotonic()))
        resumed = time.monotonic()
        os.kill(proc.pid, signal.SIGCONT)
        deadline = resumed + 30
        while not any("How did it go?" in line for _, line in lines) and time.monotonic() < deadline:
            time.sleep(0.02)
        hits = [t for t, line in lines if "How did it go?" in line]
    finally:
        os.kill(proc.pid, signal.SIGCONT)
        proc.send_signal(signal.SIGTERM)
        proc.wait(timeout=30)
    assert hits, "".join(line for _, line in lines)
    assert resumed - stopped > 3
    print(f"prompt {hits[0] - resumed:.2f} s after SIGCONT")
    assert hits[0] - resumed < 5
