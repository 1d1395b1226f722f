"""detect(): the user's rules and marks, then the scored rules, then (when configured) a second opinion."""

from __future__ import annotations

from daemon.core.model import Event

from .identity import Identity
from .judging import Judge
from .kind import _kind
from .lexicon.stages import STAGE
from .match import _fold, _matches
from .overrides import NO_RULES, Rules
from .people import company_of, recipients
from .result import Detection
from .score import _detect, terminal


def detect(event: Event, me: Identity, rules: Rules = NO_RULES) -> Detection:
    """Decide whether ``event`` is an interview where the user is the candidate.

    The user's rules and marks win; then, when one is configured and the scores are unsure, a second opinion
    (``rules.judge``); then the scores."""
    found = _detect(event, me)
    if terminal(event, me):
        return found
    decided = rules.decide(event)
    if decided is None:
        return _second_opinion(event, me, found, rules.judge) if rules.judge is not None else found
    verdict, why = decided
    if verdict == found.is_interview and not found.ask:  # a "no" also answers the question of an unsure event
        found.reasons.append(why)
        return found
    if not verdict:
        return Detection(False, "", 0.0, reasons=found.reasons + [why], score=found.score, rules=found.rules)
    return _taken(event, me, found, [why], 1.0)


def _taken(event: Event, me: Identity, found: Detection, why: list[str], confidence: float, kind: str = "") -> Detection:
    """An interview the scores alone did not take: its people, company and kind (``kind`` if given)."""
    people = recipients(event, me)
    if kind:
        kind_why = "the second opinion says so"
    else:
        title = _fold(event.title)
        kind, kind_why = _kind(title, _fold(event.description), _matches(STAGE, title), event, people)
    return Detection(True, kind, confidence, interviewers=people, reasons=found.reasons + why + [f"kind {kind}: {kind_why}"],
                     company=company_of(event, me), score=found.score, rules=found.rules)


def _second_opinion(event: Event, me: Identity, found: Detection, judge: Judge) -> Detection:
    """Ask ``judge`` when the score lies in its band; its answer decides, and the reasons say so."""
    low, high = judge.band
    if not low <= found.score < high or (found.is_interview and found.kind == "informational"):
        return found  # the rules are sure; and a classifier learns career chats poorly from few examples
    opinion = judge.judge(event, me, found)
    if isinstance(opinion, str):  # the judge could not answer
        found.reasons.append(f"judge.unavailable: {opinion}; the rules decide")
        found.incomplete = True
        return found
    why = opinion.why or f"the {judge.name} model says so"
    if opinion.interview != found.is_interview:
        if not opinion.interview:
            return _doubted(found, opinion.confidence, why)
        return _taken(event, me, found, [f"judge.interview: second opinion: an interview ({why})"],
                      opinion.confidence or 0.5, opinion.kind)
    found.reasons.append(f"judge.agrees: second opinion agrees ({why})")
    if found.is_interview and opinion.kind and opinion.kind != found.kind and found.kind == "other":
        found.kind = opinion.kind
        found.reasons.append(f"kind {opinion.kind}: the second opinion says so")
    return found


def _doubted(found: Detection, confidence: float | None, why: str) -> Detection:
    """The second opinion says no to an event the rules took (or were unsure of): it becomes unsure, never "not"."""
    said = f"judge.doubts: second opinion: not an interview ({why})"
    if not found.is_interview and found.ask:
        found.reasons.append(said)
        return found
    unsure = f"{said}; the rules said it was one, so you are asked"
    return Detection(False, "", confidence or 0.5, score=found.score, rules=found.rules,
                     reasons=found.reasons + [unsure], ask=True, unsure=unsure)
