"""Second opinions on events the rules are unsure of: the plug point for a local model (off by default).

``[detection] model`` picks one: ``"builtin"`` (the small classifier shipped in daemon/classifier.py) or
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
from dataclasses import dataclass
from functools import lru_cache

from .detect import KINDS
from .model import Event


@dataclass(frozen=True)
class Opinion:
    """A judge's answer: is it an interview, optionally of which kind, and why."""

    interview: bool
    confidence: float | None = None
    kind: str = ""
    why: str = ""


class BuiltinJudge:
    """The shipped classifier: asked whenever the rules are not firm (score from -1 up to two above the threshold)."""

    name = "builtin"
    band = (-1.0, 4.5)

    def __init__(self, classifier=None):
        from . import classifier as _classifier

        self._model = classifier or _classifier.shipped()
        self.fingerprint = "builtin:" + self._model.digest

    def judge(self, event: Event, me, rules_verdict) -> Opinion:
        p = self._model.probability(event, me)
        kind = "informational" if p >= 0.5 and self._model.informational(event, me) >= 0.5 else ""
        return Opinion(p >= 0.5, round(p, 2), kind, f"the local classifier gives it {p:.0%}")


class CommandJudge:
    """A program of the user's; asked only where the rules found some hiring signal but not enough."""

    name = "command"
    band = (0.5, 4.5)

    def __init__(self, argv: list[str], timeout: float = 10.0):
        self.argv = list(argv)
        self.timeout = timeout
        self.fingerprint = "command:" + json.dumps(self.argv)
        self._cache: dict[str, Opinion] = {}  # recurring events and rescans ask once

    def judge(self, event: Event, me, rules_verdict) -> Opinion | str:
        """An Opinion, or a sentence saying why there is none."""
        request = json.dumps(_request(event, me, rules_verdict), sort_keys=True)
        key = hashlib.sha256(request.encode()).hexdigest()
        if key in self._cache:
            return self._cache[key]
        prog = self.argv[0]
        try:
            returncode, out, err = _run(self.argv, request, self.timeout)
        except FileNotFoundError:
            return f"the model command {prog!r} was not found"
        except PermissionError:
            return f"the model command {prog!r} is not executable"
        except OSError as exc:
            return f"the model command {prog!r} could not be started ({exc.strerror or exc})"
        except subprocess.TimeoutExpired:
            return f"the model command {prog!r} gave no answer within {self.timeout:g} s"
        if returncode != 0:
            tail = (err.strip().splitlines() or [""])[-1][:200]
            return f"the model command {prog!r} failed with exit status {returncode}" + (f": {tail}" if tail else "")
        answer = _parse(out)
        if isinstance(answer, str):
            return f"the model command {prog!r} {answer}"
        if len(self._cache) > 4096:
            self._cache.clear()
        self._cache[key] = answer
        return answer


def _run(argv: list[str], request: str, timeout: float) -> tuple[int, str, str]:
    """Run ``argv`` in its own process group with ``request`` on stdin; on timeout the whole group is killed,
    so a helper process the command started cannot keep the pipes (and detection) waiting."""
    import os
    import signal

    proc = subprocess.Popen(argv, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            start_new_session=True)
    try:
        out, err = proc.communicate(request.encode("utf-8"), timeout=timeout)
    except subprocess.TimeoutExpired:
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        proc.communicate()
        raise
    return proc.returncode, out.decode("utf-8", "replace"), err.decode("utf-8", "replace")


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
    except ValueError:
        return f"did not answer with JSON (it printed {out.strip()[:80]!r})"
    if not isinstance(doc, dict) or not isinstance(doc.get("interview"), bool):
        return 'answered without "interview": true or false'
    kind = doc.get("kind") or ""
    confidence = doc.get("confidence")
    if kind not in KINDS:
        kind = ""
    if not isinstance(confidence, (int, float)) or isinstance(confidence, bool) or not 0 <= confidence <= 1:
        confidence = None
    why = doc.get("why") if isinstance(doc.get("why"), str) else ""
    return Opinion(doc["interview"], confidence, kind, why[:200])


def from_config(detection) -> BuiltinJudge | CommandJudge | None:
    """The judge ``[detection] model`` names, or None when it is off."""
    model = getattr(detection, "model", "off")
    if model == "builtin":
        try:
            return BuiltinJudge()
        except (OSError, ValueError) as exc:
            from .errors import ConfigError

            raise ConfigError(f"[detection] model = 'builtin': the classifier's weights cannot be read ({exc})",
                              hint="reinstall followthrough, or set model = 'off'") from exc
    if model == "command":
        return _command_judge(tuple(detection.model_command), detection.model_timeout_seconds)
    return None


@lru_cache(maxsize=4)
def _command_judge(argv: tuple[str, ...], timeout: float) -> CommandJudge:
    """One judge per command, so its answers are remembered across syncs of a long-running service."""
    return CommandJudge(list(argv), timeout)
