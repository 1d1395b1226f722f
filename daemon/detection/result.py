"""What detection answers about one event."""

from __future__ import annotations

from dataclasses import dataclass, field

from daemon.core.model import Person

KINDS = ("screen", "technical", "hiring_manager", "panel", "onsite", "final", "assessment", "informational", "other")

#: The score from which the rules call an event an interview.
THRESHOLD = 2.5
#: From this score up to THRESHOLD, an event with some sign of hiring is unsure: the user is asked.
ASK_FROM = 1.0


@dataclass
class Detection:
    """What detection decided about one event, and why.

    Three answers: an interview (``is_interview``), unsure (``ask``: not taken as an interview, but the user is
    asked whether it was one; ``unsure`` says why), or not. ``reasons`` are written ``"<rule id>: <why>"``;
    ``rules`` lists the ids of the scored rules that fired.
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
    ask: bool = False
    unsure: str = ""  # why the user is asked (when ``ask``)

    @property
    def decision(self) -> str:
        """"interview", "unsure" or "not"."""
        return "interview" if self.is_interview else "unsure" if self.ask else "not"
