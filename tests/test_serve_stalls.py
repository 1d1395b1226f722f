"""The running service (daemon/service/serve.py) when a part stalls: a calendar that never answers, a step that hangs.

The service runs in a thread of the test with in-memory connectors; the watchdog's pings go to a
real datagram socket standing in for systemd, and the web UI answers on real loopback sockets.
"""

from __future__ import annotations

import socket
import threading
import time
from datetime import datetime, timedelta, timezone

from connectors.base import MemoryCalendar
from connectors.notify import LogNotifier
from daemon.service import serve as serve_mod
from daemon.web import settings

from .test_runner import END, World, event
from .test_web import Client, free_port


class Hanging(MemoryCalendar):
    """A calendar whose server never finishes answering, until ``release`` is set."""

    def __init__(self, name: str):
        super().__init__(name)
        self.release = threading.Event()
        self.waiting = threading.Event()

    def fetch(self, *args, **kwargs):
        self.waiting.set()
        self.release.wait(60)
        return super().fetch(*args, **kwargs)


class HangingNotifier(LogNotifier):
    """A notifier whose push hangs (a step holding the lock) until ``release`` is set."""

    def __init__(self):
        super().__init__()
        self.inside = threading.Event()
        self.release = threading.Event()

    def notify(self, title, body):
        self.inside.set()
        self.release.wait(60)
        return super().notify(title, body)


def run_service(w: World, now: datetime, **kw) -> tuple[threading.Thread, threading.Event]:
    stop = threading.Event()
    offset = now - datetime.now(timezone.utc)
    args = dict(calendar_minutes=[60] * len(w.svc.calendars), mail_minutes=kw.pop("mail_minutes", 60), heartbeat_seconds=3600, stop=stop)
    thread = threading.Thread(target=serve_mod.serve, args=(w.svc, lambda: datetime.now(timezone.utc) + offset), kwargs=args, daemon=True)
    thread.start()
    return thread, stop


def wait_for(condition, timeout: float = 20) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return False


def test_a_calendar_that_never_answers_delays_neither_other_prompts_nor_the_web_ui(tmp_path):
    w = World(tmp_path, [event()])
    slow = Hanging("slow")
    w.svc.calendars = [slow, w.cal]  # the slow one first: before, the catch-up waited on it with the lock held
    port = free_port()
    w.svc.web = settings(type("Web", (), {"enabled": True, "port": port})(), tmp_path / "s.sqlite")
    thread, stop = run_service(w, END + timedelta(minutes=10))
    try:
        assert slow.waiting.wait(20)
        assert wait_for(lambda: any("How did it go?" in t for t, _ in w.notifier.sent)), "the other calendar's prompt never came"
        from daemon.web import debrief_link

        assert wait_for(lambda: _listening(port))
        client = Client(port)
        started = time.monotonic()
        client.sign_in(debrief_link(w.svc.web, 1))
        status, _, html = client.get("/")
        took = time.monotonic() - started
        assert status == 200 and "Interview with Acme" in html
        print(f"dashboard answered in {took:.2f} s while a calendar hangs")
        assert took < 5
        assert not slow.release.is_set()  # all of this while the slow calendar still hangs
    finally:
        slow.release.set()
        stop.set()
        thread.join(30)


def _listening(port: int) -> bool:
    try:
        socket.create_connection(("127.0.0.1", port), timeout=1).close()
        return True
    except OSError:
        return False


def test_the_watchdog_is_not_fed_while_a_step_hangs(tmp_path, monkeypatch):
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    path = tmp_path / "notify.sock"
    sock.bind(str(path))
    sock.settimeout(0.2)
    monkeypatch.setenv("NOTIFY_SOCKET", str(path))
    monkeypatch.setenv("WATCHDOG_USEC", "1000000")  # a ping every half second
    monkeypatch.delenv("WATCHDOG_PID", raising=False)
    w = World(tmp_path, [event()])
    w.svc.notifier = hanging = HangingNotifier()

    def pings(seconds: float) -> int:
        count, deadline = 0, time.monotonic() + seconds
        while time.monotonic() < deadline:
            try:
                count += sock.recv(4096).decode().splitlines().count("WATCHDOG=1")
            except socket.timeout:
                pass
        return count

    # the prompt is due three seconds after the start; pushing it hangs with the step lock held
    thread, stop = run_service(w, END + timedelta(minutes=5) - timedelta(seconds=3))
    try:
        assert pings(2) >= 2  # all is well: fed
        assert hanging.inside.wait(20)
        pings(1.5)  # a ping already on its way
        assert pings(3) == 0  # stalled: systemd would restart the service (before: fed by a timer, always)
        hanging.release.set()
        assert pings(3) >= 2  # progress again: fed again
        assert w.notices() == ["prompt"]
    finally:
        hanging.release.set()
        stop.set()
        thread.join(30)
