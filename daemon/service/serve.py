"""`followthrough run`: the long-running service, with timers derived from the stored state.

APScheduler 3.x runs the steps one at a time in one worker thread: the mailbox's sync (an interval
from the configuration) and one date job at the next due action (recomputed after every step).
Each calendar is read in a worker of its own, outside the step lock, so a server that answers
slowly delays neither other calendars' prompts nor the web UI; what it returns is stored as a step. Between them nothing ticks: every thread sleeps until a timer or a connection.
Date jobs use ``misfire_grace_time=None`` (APScheduler's default of 1 s would silently drop a job
missed while the machine slept), and on start everything that became due while the service was
down runs once.

Sleep and clock changes: APScheduler waits on the monotonic clock, which stands still during a
suspend, so after waking it would oversleep by as long as the machine slept. A wall-clock alarm
(:mod:`daemon.service.wallclock`, Linux) armed at the earliest job wakes the scheduler when that instant
comes on the wall clock, at once on resume, and when the clock is set; each step compares the
wall and monotonic clocks, and after a jump does what fell due before anything else (a calendar
sync on a network still waking up may be slow). Without the alarm (not Linux) a heartbeat job
every ``[schedule] heartbeat_seconds`` re-checks due work instead. The main thread feeds the
systemd watchdog while steps make progress. After a state failure (a full disk) the next due step
waits, 10 s and doubling, so a failing write is retried, not repeated in a loop.

With ``[web] enabled``, the debrief form and dashboard run in another thread of this process
(uvicorn, on loopback); they reach the service only under the same lock as the scheduler's jobs.
"""

from __future__ import annotations

import logging
import signal
import threading
import time
from datetime import datetime, timedelta, timezone
from typing import Callable

from daemon.service import sdnotify, wallclock
from daemon.core.errors import FollowthroughError, StateError
from daemon.service.runner import Service

log = logging.getLogger("followthrough")


def serve(service: Service, clock: Callable[[], datetime], *, calendar_minutes: list[int], mail_minutes: int,
          heartbeat_seconds: int, stop: threading.Event | None = None) -> int:
    """Run until SIGTERM/SIGINT (or ``stop`` is set). ``clock`` gives "now" (real time, maybe shifted by --now)."""
    from apscheduler.executors.pool import ThreadPoolExecutor
    from apscheduler.schedulers.background import BackgroundScheduler

    stop = stop or threading.Event()
    lock = Held()
    offset = clock() - datetime.now(timezone.utc)
    drift = wallclock.Drift(time.time(), time.monotonic())
    backoff = Backoff()

    def guarded(fn) -> None:
        """``fn(now)``; a state failure (a full disk, a read-only folder) delays the next due step."""
        try:
            fn(clock())
        except StateError as exc:
            log.error("%s", exc.render())
            backoff.failed(time.monotonic())
            return
        except FollowthroughError as exc:
            log.error("%s", exc.render())
        except Exception:  # the service must keep running; the traceback goes to the log
            log.exception("unexpected error in %s", getattr(fn, "__name__", fn))
        backoff.succeeded()

    def step(fn) -> None:
        with lock:
            if stop.is_set():  # shutting down: start nothing, and add no jobs to a stopping scheduler
                return
            moved = drift.moved(time.time(), time.monotonic())
            if abs(moved) >= JUMP_SECONDS:
                log.info("the wall clock moved %+.0f s against the monotonic clock (the machine slept, or the clock "
                         "was set): doing what fell due first", moved)
                if fn != service.run_due:
                    guarded(service.run_due)
            guarded(fn)
            reschedule()
            service.said.clear()  # logged already; `run --once` is the one that prints it
        release_memory()

    def calendar_job(cal) -> None:
        try:
            read_and_store(cal)
        finally:
            first_pass.discard(cal.name)

    def read_and_store(cal) -> None:
        """Read one calendar outside the lock (a slow server delays nothing else), then store it under it."""
        with lock:
            if stop.is_set():
                return
            try:
                stored, rules = service.state.calendar_token(cal.name), service.rules()
            except FollowthroughError as exc:
                log.error("%s", exc.render())
                return
        try:
            fetched = service.fetch_calendar(cal, clock(), stored, rules)
        except Exception:  # noqa: BLE001 - one calendar must not take the service down
            log.exception("unexpected error reading calendar %s", cal.name)
            return
        def store_and_run(now) -> None:
            service.store_fetched(fetched, now)
            service.run_due(now)

        step(store_and_run)

    def reschedule() -> None:
        at = service.next_wakeup()
        if at is None:
            if sched.get_job("due"):
                sched.remove_job("due")
            arm_alarm()
            return
        run_at = max(at - offset, datetime.now(timezone.utc) + timedelta(seconds=backoff.remaining(time.monotonic())))
        sched.add_job(step, "date", run_date=run_at, args=[service.run_due], id="due", replace_existing=True)
        arm_alarm()

    def arm_alarm() -> None:
        """The wall-clock alarm at the earliest job (the due action or a sync), whichever comes first."""
        if alarm is not None:
            times = [j.next_run_time for j in sched.get_jobs() if j.next_run_time is not None]
            alarm.arm(min(times) if times else None)

    def call(fn, changes: bool = False):
        """For the web UI: ``fn(now)`` under the lock; after a change, the next wake-up is recomputed."""
        with lock:
            result = fn(clock())
            if changes:
                reschedule()
            return result

    def heartbeat() -> None:
        if not backoff.remaining(time.monotonic()):
            step(service.run_due)

    sched = BackgroundScheduler(
        timezone=timezone.utc,
        # steps one at a time; each calendar's read in a worker of its own
        executors={"default": ThreadPoolExecutor(1), "calendars": ThreadPoolExecutor(max(1, len(service.calendars)))},
        job_defaults={"misfire_grace_time": None, "coalesce": True, "max_instances": 1},
    )
    first_pass = {cal.name for cal in service.calendars}  # not yet read since the start
    started = datetime.now(timezone.utc)
    for cal, minutes in zip(service.calendars, calendar_minutes):
        sched.add_job(calendar_job, "interval", minutes=minutes, id=f"calendar:{cal.name}", args=[cal],
                      executor="calendars", next_run_time=started)
    sched.add_job(step, "interval", minutes=mail_minutes, id="mail", args=[service.sync_mail])
    alarm = start_alarm(sched)
    if alarm is None:
        sched.add_job(heartbeat, "interval", seconds=heartbeat_seconds, id="heartbeat")

    def on_signal(signum, frame) -> None:
        log.info("signal %s: stopping", signum)
        stop.set()

    for sig in (signal.SIGTERM, signal.SIGINT):
        try:
            signal.signal(sig, on_signal)
        except ValueError:  # not the main thread (tests): rely on ``stop``
            pass

    # Ready before the catch-up: syncing slow or unreachable calendars may take minutes, and
    # systemd would kill a service that is only waiting on the network (TimeoutStartSec).
    sdnotify.ready()
    sdnotify.status("catching up")
    log.info("catching up on anything due while the service was not running")
    sched.start()  # every calendar is read at once, each in its own worker
    deadline = time.monotonic() + CATCH_UP_WAIT_SECONDS
    while first_pass and time.monotonic() < deadline and not stop.wait(0.05):
        pass  # a short wait, so that a cancellation is seen before its prompt; a slow calendar is not waited for
    with lock:
        guarded(service.sync_mail)
        guarded(service.run_due)
        reschedule()
    release_memory()
    web = start_web(service, call)
    sdnotify.status("watching calendars")
    log.info("running; next action at %s", service.next_wakeup() or "nothing scheduled")
    # The watchdog is fed from this thread while steps make progress: a step that has held the lock
    # for longer than the watchdog's timeout is stuck, and systemd restarts the service.
    ping = sdnotify.watchdog_interval() or 3600
    try:
        while not stop.wait(timeout=ping):
            if lock.held_for(time.monotonic()) < 2 * ping:
                sdnotify.watchdog()
            else:
                log.warning("a step has been running for %.0f s: the watchdog is no longer fed", lock.held_for(time.monotonic()))
    finally:
        sdnotify.stopping()
        if web is not None:
            web.stop()
        # Under the lock, a running step finishes first and no new one starts. Not shutdown(wait=True):
        # a step that reschedules while the scheduler joins its worker deadlocks APScheduler's locks.
        with lock:
            stop.set()
            sched.shutdown(wait=False)
        if alarm is not None:
            alarm.close()
        log.info("stopped")
    return 0


#: How long the start waits for the calendars' first read before doing what is due.
CATCH_UP_WAIT_SECONDS = 10.0


class Held:
    """A lock that knows since when it is held (monotonic seconds), for the watchdog."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._since: float | None = None

    def __enter__(self) -> "Held":
        self._lock.acquire()
        self._since = time.monotonic()
        return self

    def __exit__(self, *exc) -> None:
        self._since = None
        self._lock.release()

    def held_for(self, now: float) -> float:
        since = self._since
        return 0.0 if since is None else now - since


class Backoff:
    """After a state failure, the next due step waits 10 s, then 20 s, ... up to 5 minutes."""

    FIRST, MOST = 10.0, 300.0

    def __init__(self) -> None:
        self.failures = 0
        self.until = 0.0

    def failed(self, now: float) -> None:
        self.failures += 1
        self.until = now + min(self.MOST, self.FIRST * 2 ** (self.failures - 1))

    def succeeded(self) -> None:
        self.failures, self.until = 0, 0.0

    def remaining(self, now: float) -> float:
        return max(0.0, self.until - now)


#: A wall clock that moved this far against the monotonic one between two steps means a suspend or a clock change.
JUMP_SECONDS = 2.0


def start_alarm(sched):
    """A wall-clock alarm that wakes ``sched`` (Linux), or None where there is none (a heartbeat then)."""
    if not wallclock.available():
        log.info("no wall-clock timer here: re-checking due work on a heartbeat")
        return None

    def wake(reason: str) -> None:
        if reason != "due":
            log.info("wall clock: %s; re-checking what is due", reason)
        sched.wakeup()

    return wallclock.WallAlarm(wake)


def release_memory() -> None:
    """Give memory freed after a sync back to the OS: a large calendar is parsed in full, and
    without this the idle service keeps the peak (glibc only; elsewhere a no-op). The classifier's
    weights, when [detection] model uses them, go too: the next calendar change loads them again."""
    import gc
    import sys

    if "daemon.service.classifier" in sys.modules:
        sys.modules["daemon.service.classifier"].release()
    gc.collect()
    try:
        import ctypes

        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except (OSError, AttributeError):
        pass


def start_web(service: Service, call):
    """The web UI beside the scheduler when enabled; if it cannot start, the service runs on without it."""
    web = getattr(service, "web", None)
    if web is None or not web.enabled:
        return None
    try:
        from daemon.web.server import start

        return start(service, call, web)
    except (OSError, ValueError) as exc:
        log.error("web UI: %s; the form and dashboard are off (`followthrough debrief` works)", exc)
        return None
