"""What detection answers about one event."""

from __future__ import annotations

from dataclasses import dataclass, field

from daemon.model import Person

KINDS = ("screen", "technical", "hiring_manager", "panel", "onsite", "final", "assessment", "informational", "other")

#: The score from which the rules call an event an interview.
THRESHOLD = 2.5


@dataclass
class Detection:
    """What detection decided about one event, and why.

    ``reasons`` are written ``"<rule id>: <why>"``; ``rules`` lists the ids of the scored rules that fired.
    """

    is_interview: bool
    kind: str
    confidence: float
    interviewers: list[Person] = field(default_factory=list)
    reasons: list[str] = field(default_factory=list)
    company: str = ""
    score: float = 0.0
    incomplete: bool = False  # a second opinion was due but could not be had: judge again later
    rules: list[str] = field(default_factory=list)
