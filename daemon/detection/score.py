"""The rules' verdict on one event: its facts, the signals' score, and for an interview its kind and people."""

from __future__ import annotations

import math

from daemon.core.model import Event

from .facts import extract
from .identity import Identity
from .kind import _kind
from .people import company_of, recipients
from .result import THRESHOLD, Detection
from .signals import run
from .unsure import unsure


def terminal(event: Event, me: Identity) -> str | None:
    """The reason no rule applies (a cancelled or declined event), or None."""
    if event.status == "CANCELLED":
        return "event.cancelled: cancelled"
    if event.partstat_of(set(me.emails)) == "DECLINED":
        return "event.declined: you declined it"
    return None


def _detect(event: Event, me: Identity) -> Detection:
    """The scored rules alone."""
    if why := terminal(event, me):
        return Detection(False, "", 0.0, reasons=[why])
    f = extract(event, me)
    score, reasons, fired = run(f)
    confidence = round(1 / (1 + math.exp(-(score - THRESHOLD))), 2)
    if score < THRESHOLD:
        why = unsure(f, score, fired)
        return Detection(False, "", confidence, reasons=reasons + ([why] if why else []), score=score, rules=fired,
                         ask=bool(why), unsure=why)
    people = recipients(event, me)
    kind, why = _kind(f.title, f.desc, f.kinds_title, event, people)
    return Detection(True, kind, confidence, interviewers=people, reasons=reasons + [f"kind {kind}: {why}"],
                     company=company_of(event, me), score=score, rules=fired)
