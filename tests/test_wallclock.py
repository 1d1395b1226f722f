"""The wall-clock alarm (a real CLOCK_REALTIME timerfd and its thread) and the drift between the clocks."""

from __future__ import annotations

import threading
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from daemon.service import wallclock
from daemon.service.wallclock import Drift, WallAlarm

linux = pytest.mark.skipif(not wallclock.available(), reason="needs a Linux timerfd")


def test_drift_is_zero_while_both_clocks_run_and_a_stopped_process_changes_nothing():
    d = Drift(wall=1_000_000.0, monotonic=50.0)
    assert d.moved(1_000_600.0, 650.0) == 0  # ten minutes of running (or of SIGSTOP: monotonic counts on)


def test_drift_after_a_suspend_is_the_time_asleep_and_a_clock_set_back_is_negative():
    d = Drift(wall=1_000_000.0, monotonic=50.0)
    assert d.moved(1_003_610.0, 60.0) == 3600  # an hour with the lid closed: the monotonic clock stood still
    assert d.moved(1_003_620.0, 70.0) == 0  # measured from the last look, not from the start
    assert d.moved(1_000_020.0, 80.0) == -3610  # the clock set back an hour


class Fired:
    def __init__(self):
        self.calls: list[tuple[float, str]] = []
        self.event = threading.Event()

    def __call__(self, reason: str) -> None:
        self.calls.append((time.time(), reason))
        self.event.set()


@linux
def test_the_alarm_fires_when_the_wall_clock_reaches_the_instant_not_before():
    fired = Fired()
    alarm = WallAlarm(fired)
    try:
        at = datetime.now(timezone.utc) + timedelta(seconds=0.3)
        alarm.arm(at)
        assert fired.event.wait(10)
        [(when, reason)] = fired.calls
        assert reason == "due" and when >= at.timestamp()
    finally:
        alarm.close()


@linux
def test_an_instant_already_past_fires_at_once_as_after_a_suspend():
    fired = Fired()
    alarm = WallAlarm(fired)
    try:
        alarm.arm(datetime.now(timezone.utc) - timedelta(hours=2))
        assert fired.event.wait(5) and fired.calls[0][1] == "due"
    finally:
        alarm.close()


@linux
def test_rearming_moves_the_alarm_and_none_disarms_it():
    fired = Fired()
    alarm = WallAlarm(fired)
    try:
        now = datetime.now(timezone.utc)
        alarm.arm(now + timedelta(hours=1))
        alarm.arm(now + timedelta(seconds=0.2))  # earlier: the blocked thread picks up the new instant
        assert fired.event.wait(10)
        fired.event.clear()
        alarm.arm(datetime.now(timezone.utc) + timedelta(seconds=0.2))
        alarm.arm(None)
        assert not fired.event.wait(0.8) and len(fired.calls) == 1
    finally:
        alarm.close()
    assert not alarm._thread.is_alive()


@linux
def test_an_armed_alarm_sleeps_without_waking_and_survives_a_failing_callback():
    calls = []

    def boom(reason: str) -> None:
        calls.append(reason)
        raise RuntimeError("callback failed")

    alarm = WallAlarm(boom)
    try:
        alarm.arm(datetime.now(timezone.utc) + timedelta(hours=1))
        status = Path(f"/proc/self/task/{alarm._thread.native_id}/status")
        count = lambda: sum(int(line.split()[1]) for line in status.read_text().splitlines() if "ctxt_switches" in line)  # noqa: E731
        time.sleep(0.2)
        before = count()
        time.sleep(2)
        assert count() - before <= 1
        for n in (1, 2):  # the callback raised the first time: the alarm still fires the second
            alarm.arm(datetime.now(timezone.utc))
            deadline = time.monotonic() + 10
            while len(calls) < n and time.monotonic() < deadline:
                time.sleep(0.05)
        assert calls == ["due", "due"]
    finally:
        alarm.close()
