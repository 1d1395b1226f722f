"""`followthrough run` as the long-running service: readiness, timers, single instance, SIGTERM."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import threading
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

from .conftest import ROOT
from .test_e2e import World


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
