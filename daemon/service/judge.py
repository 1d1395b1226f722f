"""Second opinions on events the rules are unsure of: the plug point for a local model (off by default).

``[detection] model`` picks one: ``"builtin"`` (the small classifier shipped in daemon/service/classifier.py) or
``"command"`` (a program of the user's, for example a script around a local language model). Either is asked
only when the rules' score lies in the judge's band, never for cancelled or declined events, and never when
one of the user's own rules or marks decides. Nothing leaves the machine unless the user's command sends it.

The command contract: followthrough runs ``model_command`` once per distinct event, writes one JSON object to
its standard input and reads one JSON object from its standard output::

    in:  {"title", "description", "location", "start", "end", "all_day", "organizer": {"email", "name"} | null,
          "attendees": [{"email", "name", "partstat", "role", "cutype"}], "me": [addresses],
          "rules": {"interview": bool, "score": float, "reasons": [str]}}
    out: {"interview": true|false, "kind": "screen"|... (optional), "confidence": 0..1 (optional),
          "why": "a short reason" (optional)}

A command that fails, times out or answers something else leaves the rules' verdict in place, with a reason
saying what went wrong.
"""

from __future__ import annotations

import hashlib
import json
import subprocess
from collections.abc import Sequence
from functools import lru_cache

from daemon.core.model import Event
from daemon.detection import KINDS, Opinion


class BuiltinJudge:
    """The shipped classifier: asked whenever the rules are not firm (score from -1 up to two above the threshold)."""

    name = "builtin"
    band = (-1.0, 4.5)

    def __init__(self, classifier=None):
        from daemon.service import classifier as _classifier

        self._given = classifier
        # The digest of the weight file, not the weights: a sync of an unchanged calendar never loads them.
        self.fingerprint = "builtin:" + (classifier.digest if classifier is not None else _classifier.shipped_digest())

    @property
    def _model(self):
        """The weights, loaded on first use and shared (:func:`daemon.service.classifier.release` lets them go)."""
        from daemon.service import classifier as _classifier

        return self._given if self._given is not None else _classifier.shipped()

    @property
    def trained_on(self) -> dict:
        """What the classifier learnt from (splits, events, interviews)."""
        return self._model.trained_on

    def judge(self, event: Event, me, rules_verdict) -> Opinion | str:
        try:
            model = self._model
        except (OSError, ValueError) as exc:  # damaged or foreign weights: the rules decide, asked again next sync
            return f"the built-in classifier cannot be read ({exc})"
        scores = model.scores(event, me)
        p = scores.get("interview", 0.0)
        kind = "informational" if p >= 0.5 and scores.get("informational", 0.0) >= 0.5 else ""
        return Opinion(p >= 0.5, round(p, 2), kind, f"the local classifier gives it {p:.0%}")


class CommandJudge:
    """A program of the user's; asked only where the rules found some hiring signal but not enough.

    Its answers are remembered by the event's content (not its dates), so the occurrences of a recurring event
    and later rescans ask once. A slow program cannot stall the service: each answer has ``timeout`` seconds,
    at most ``BUDGET`` seconds are spent asking in any ``WINDOW``, and after two failures in a row it rests for
    ``WINDOW``. An event it could not judge is kept as it was stored and judged again at the next sync.
    """

    name = "command"
    band = (0.5, 4.5)
    BUDGET = 40.0  # seconds of asking per window: below the service watchdog's two minutes
    WINDOW = 120.0
    MAX_OUTPUT = 64 * 1024

    def __init__(self, argv: list[str], timeout: float = 10.0, clock=None):
        import time

        self.argv = list(argv)
        self.timeout = timeout
        self.fingerprint = "command:" + json.dumps(self.argv)
        self._cache: dict[str, Opinion] = {}
        self._clock = clock or time.monotonic
        self._window_start = self._clock()
        self._spent = 0.0
        self._failures = 0
        self._resting_until = 0.0

    def judge(self, event: Event, me, rules_verdict) -> Opinion | str:
        """An Opinion, or a sentence saying why there is none."""
        request = _request(event, me, rules_verdict)
        content = {k: v for k, v in request.items() if k not in ("start", "end")}
        key = hashlib.sha256(json.dumps(content, sort_keys=True).encode()).hexdigest()
        if key in self._cache:
            return self._cache[key]
        prog = self.argv[0]
        now = self._clock()
        if now < self._resting_until:
            return f"the model command {prog!r} failed twice in a row and rests until the next sync"
        if now - self._window_start > self.WINDOW:
            self._window_start, self._spent = now, 0.0
        if self._spent >= self.BUDGET:
            return f"the model command {prog!r} used its {self.BUDGET:g} s for now; asked again at the next sync"
        try:
            answer = self._ask(json.dumps(request, sort_keys=True))
        finally:
            self._spent += self._clock() - now
        if isinstance(answer, str):
            self._failures += 1
            if self._failures >= 2:
                self._resting_until = self._clock() + self.WINDOW
            return f"the model command {prog!r} {answer}"
        self._failures = 0
        if len(self._cache) > 4096:
            self._cache.clear()
        self._cache[key] = answer
        return answer

    def _ask(self, request: str) -> Opinion | str:
        try:
            returncode, out, err = _run(self.argv, request, self.timeout, self.MAX_OUTPUT)
        except FileNotFoundError:
            return "was not found"
        except PermissionError:
            return "is not executable"
        except OSError as exc:
            return f"could not be started ({exc.strerror or exc})"
        except subprocess.TimeoutExpired:
            return f"gave no answer within {self.timeout:g} s"
        except OverflowError:
            return f"printed more than {self.MAX_OUTPUT // 1024} KiB"
        if returncode not in (0, None):
            tail = (err.strip().splitlines() or [""])[-1][:200]
            return f"failed with exit status {returncode}" + (f": {tail}" if tail else "")
        return _parse(out)


def _run(argv: list[str], request: str, timeout: float, limit: int) -> tuple[int | None, str, str]:
    """Run ``argv`` in its own process group with ``request`` on stdin and read at most ``limit`` bytes of output.

    Reading stops when the program has exited (a helper it left running may hold the pipes open); on timeout
    or too much output the whole group is killed. Returns (exit status, stdout, stderr)."""
    import os
    import selectors
    import signal
    import time

    proc = subprocess.Popen(argv, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            start_new_session=True)
    assert proc.stdin is not None and proc.stdout is not None and proc.stderr is not None  # all three are pipes
    deadline = time.monotonic() + timeout
    pending = memoryview(request.encode("utf-8"))
    out_fd, err_fd = proc.stdout.fileno(), proc.stderr.fileno()
    chunks: dict[int, list[bytes]] = {out_fd: [], err_fd: []}
    size = 0
    sel = selectors.DefaultSelector()
    for f in (proc.stdout, proc.stderr):
        os.set_blocking(f.fileno(), False)
        sel.register(f, selectors.EVENT_READ)
    os.set_blocking(proc.stdin.fileno(), False)
    sel.register(proc.stdin, selectors.EVENT_WRITE)

    def kill() -> None:
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass

    try:
        while sel.get_map():
            left = deadline - time.monotonic()
            if left <= 0:
                kill()
                raise subprocess.TimeoutExpired(argv, timeout)
            exited = proc.poll() is not None
            ready = sel.select(timeout=0 if exited else min(left, 0.5))
            if not ready and exited:
                break  # it answered and left; whatever still holds the pipes is not the answer
            for key, _ in ready:
                if key.fileobj is proc.stdin:
                    try:
                        written = os.write(proc.stdin.fileno(), pending[:65536])
                    except BrokenPipeError:
                        written = len(pending)
                    pending = pending[written:]
                    if not pending:
                        sel.unregister(proc.stdin)
                        proc.stdin.close()
                    continue
                data = os.read(key.fd, 65536)
                if not data:
                    sel.unregister(key.fileobj)
                    continue
                chunks[key.fd].append(data)
                size += len(data)
                if size > limit:
                    kill()
                    raise OverflowError(limit)
    finally:
        sel.close()
        for f in (proc.stdin, proc.stdout, proc.stderr):
            if not f.closed:
                f.close()
        try:
            proc.wait(timeout=1)
        except subprocess.TimeoutExpired:
            kill()
            proc.wait(timeout=1)
    text = lambda fd: b"".join(chunks[fd]).decode("utf-8", "replace")  # noqa: E731
    return proc.returncode, text(out_fd), text(err_fd)


def _request(event: Event, me, rules_verdict) -> dict:
    person = lambda p: {"email": p.email, "name": p.name}  # noqa: E731
    return {
        "title": event.title, "description": event.description, "location": event.location,
        "start": event.start.isoformat(), "end": event.end.isoformat(), "all_day": event.all_day,
        "organizer": person(event.organizer) if event.organizer else None,
        "attendees": [person(a) | {"partstat": a.partstat, "role": a.role, "cutype": a.cutype} for a in event.attendees],
        "me": sorted(me.emails),
        "rules": {"interview": rules_verdict.is_interview, "score": rules_verdict.score, "reasons": rules_verdict.reasons},
    }


def _parse(out: str) -> Opinion | str:
    """The command's answer, or what is wrong with it."""
    try:
        doc = json.loads(out)
    except (ValueError, RecursionError):
        return f"did not answer with JSON (it printed {out.strip()[:80]!r})"
    if not isinstance(doc, dict) or not isinstance(doc.get("interview"), bool):
        return 'answered without "interview": true or false'
    kind = doc.get("kind") or ""
    confidence = doc.get("confidence")
    if kind not in KINDS:
        kind = ""
    if not isinstance(confidence, (int, float)) or isinstance(confidence, bool) or not 0 <= confidence <= 1:
        confidence = None
    why = said if isinstance(said := doc.get("why"), str) else ""
    return Opinion(doc["interview"], confidence, kind, why[:200])


def rules_from_config(detection, marks: Sequence[tuple[str, str, bool]] = ()):
    """The user's detection rules (daemon.detection.Rules) with the marks and the judge ``[detection]`` names."""
    from daemon.detection import Rules

    return Rules.from_config(detection, list(marks), from_config(detection))


def from_config(detection) -> BuiltinJudge | CommandJudge | None:
    """The judge ``[detection] model`` names, or None when it is off."""
    model = getattr(detection, "model", "off")
    if model == "builtin":
        try:
            return BuiltinJudge()
        except (OSError, ValueError) as exc:
            from daemon.core.errors import ConfigError

            raise ConfigError(f"[detection] model = 'builtin': the classifier's weights cannot be read ({exc})",
                              hint="reinstall followthrough, or set model = 'off'") from exc
    if model == "command":
        return _command_judge(tuple(detection.model_command), detection.model_timeout_seconds)
    return None


@lru_cache(maxsize=4)
def _command_judge(argv: tuple[str, ...], timeout: float) -> CommandJudge:
    """One judge per command, so its answers are remembered across syncs of a long-running service."""
    return CommandJudge(list(argv), timeout)
