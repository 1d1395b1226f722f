"""Waking at a wall-clock instant across suspend and clock changes, with nothing ticking meanwhile.

Python's waits (``threading.Event.wait``, ``select``, ``time.sleep``) count on CLOCK_MONOTONIC,
which stands still while the machine is suspended: a scheduler that decided to "sleep 3600 s"
before the lid closed wakes an hour after it opens, not when the action fell due. A Linux timerfd
on CLOCK_REALTIME with an absolute expiry fires when the wall clock reaches the instant (at once on
resume if the instant passed during suspend) and, with TFD_TIMER_CANCEL_ON_SET, whenever the clock
is set (an NTP step, a manual change). :class:`WallAlarm` keeps one such timer and one thread
blocked on it; :class:`Drift` tells, when a timer fires, how far the wall clock moved against the
monotonic one (a suspend, or a clock change) since the last look.
"""

from __future__ import annotations

import ctypes
import errno
import logging
import os
import select
import sys
import threading
import time
from datetime import datetime
from typing import Callable

log = logging.getLogger("followthrough")

TFD_CLOEXEC = 0o2000000
TFD_NONBLOCK = 0o4000
TFD_TIMER_ABSTIME = 1
TFD_TIMER_CANCEL_ON_SET = 2


class _Timespec(ctypes.Structure):
    _fields_ = [("tv_sec", ctypes.c_long), ("tv_nsec", ctypes.c_long)]


class _Itimerspec(ctypes.Structure):
    _fields_ = [("it_interval", _Timespec), ("it_value", _Timespec)]


def _libc():
    """glibc/musl's timerfd calls on Linux (Python < 3.13 has no os.timerfd_*), else None."""
    if not sys.platform.startswith("linux"):
        return None
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.timerfd_create.argtypes = [ctypes.c_int, ctypes.c_int]
        libc.timerfd_settime.argtypes = [ctypes.c_int, ctypes.c_int, ctypes.POINTER(_Itimerspec), ctypes.c_void_p]
    except (OSError, AttributeError):
        return None
    return libc


class _TimerFD:
    """A CLOCK_REALTIME timerfd armed at absolute instants (nanoseconds since the epoch; 0 disarms)."""

    def __init__(self):
        flags = TFD_CLOEXEC | TFD_NONBLOCK
        if hasattr(os, "timerfd_create"):
            self._libc = None
            self.fd = os.timerfd_create(time.CLOCK_REALTIME, flags=flags)
            return
        self._libc = _libc()
        if self._libc is None:
            raise OSError(errno.ENOSYS, "no timerfd on this system")
        fd = self._libc.timerfd_create(time.CLOCK_REALTIME, flags)
        if fd < 0:
            raise OSError(ctypes.get_errno(), "timerfd_create failed")
        self.fd = fd

    def set(self, ns: int) -> None:
        flags = TFD_TIMER_ABSTIME | TFD_TIMER_CANCEL_ON_SET
        if self._libc is None:
            os.timerfd_settime_ns(self.fd, flags=flags, initial=ns)  # type: ignore[attr-defined]  # Python 3.13+; _libc is None only there
            return
        spec = _Itimerspec(_Timespec(0, 0), _Timespec(ns // 1_000_000_000, ns % 1_000_000_000))
        if self._libc.timerfd_settime(self.fd, flags, ctypes.byref(spec), None) != 0:
            raise OSError(ctypes.get_errno(), "timerfd_settime failed")


class WallAlarm:
    """Calls ``on_wake(reason)`` from its own thread when the wall clock reaches the armed instant
    ("due"), or when the wall clock is set ("clock set"). ``on_wake`` must be quick (it should only
    wake the scheduler). :raises OSError: no timerfd here (not Linux): see :func:`available`."""

    def __init__(self, on_wake: Callable[[str], None]):
        self.on_wake = on_wake
        self._timer = _TimerFD()
        self._stop_r, self._stop_w = os.pipe()
        self._closed = False
        self._thread = threading.Thread(target=self._run, name="followthrough-wallclock", daemon=True)
        self._thread.start()

    def arm(self, at: datetime | None) -> None:
        """Fire when the wall clock reaches ``at`` (aware); at once if it has passed; None disarms."""
        if self._closed:
            return
        ns = 0 if at is None else max(1, round(at.timestamp() * 1_000_000_000))
        self._timer.set(ns)

    def close(self) -> None:
        if self._closed:
            return
        self._closed = True
        os.write(self._stop_w, b"x")
        self._thread.join(5)
        for fd in (self._timer.fd, self._stop_r, self._stop_w):
            os.close(fd)

    def _run(self) -> None:
        while True:
            ready, _, _ = select.select([self._timer.fd, self._stop_r], [], [])
            if self._closed or self._stop_r in ready:
                return
            try:
                os.read(self._timer.fd, 8)
                reason = "due"
            except BlockingIOError:  # re-armed between select and read
                continue
            except OSError as exc:
                if exc.errno != errno.ECANCELED:
                    log.error("wall-clock timer: %s; relying on the scheduler's own timer", exc)
                    return
                reason = "clock set"
            try:
                self.on_wake(reason)
            except Exception:  # the alarm must outlive a failing callback
                log.exception("wall-clock timer callback failed")


def available() -> bool:
    """Whether :class:`WallAlarm` works here (Linux)."""
    try:
        timer = _TimerFD()
    except OSError:
        return False
    os.close(timer.fd)
    return True


class Drift:
    """How far the wall clock moved against the monotonic clock between two looks.

    Both clocks advance together while the machine runs (and while the process is merely stopped);
    a suspend stops the monotonic clock while the wall clock goes on, and setting the clock moves
    the wall clock alone. Readings are parameters, so this is tested without touching any clock.
    """

    def __init__(self, wall: float, monotonic: float):
        self.offset = wall - monotonic

    def moved(self, wall: float, monotonic: float) -> float:
        """Seconds the wall clock moved beyond the monotonic one since the last look (negative: set back)."""
        offset = wall - monotonic
        moved, self.offset = offset - self.offset, offset
        return moved
