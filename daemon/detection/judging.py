"""The second opinion's protocol: what detection asks a judge (daemon/service/judge.py builds the real ones) and what it
hears back. Detection never builds a judge itself: the service passes one in ``Rules.judge``."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from daemon.core.model import Event

from .identity import Identity
from .result import Detection


@dataclass(frozen=True)
class Opinion:
    """A judge's answer: is it an interview, optionally of which kind, and why."""

    interview: bool
    confidence: float | None = None
    kind: str = ""
    why: str = ""


class Judge(Protocol):
    """A second opinion, asked only when the rules' score lies in ``band`` (low <= score < high)."""

    name: str
    band: tuple[float, float]
    fingerprint: str

    def judge(self, event: Event, me: Identity, rules_verdict: Detection) -> Opinion | str:
        """An Opinion, or a sentence saying why there is none."""
        ...
