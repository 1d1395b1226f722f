"""`followthrough scan`: read calendars and detect interviews, without touching any state."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, tzinfo

from connectors.base import CalendarSource
from daemon.detection import NO_RULES, Detection, Identity, Rules, detect
from daemon.core.model import Event
from daemon.core.timeutil import iso


@dataclass
class Found:
    event: Event
    detection: Detection


def scan(sources: list[CalendarSource], me: Identity, start: datetime, end: datetime,
         rules: Rules = NO_RULES) -> tuple[list[Found], list[str]]:
    """Every event in [start, end) of every source, with its detection, and the warnings met.

    A calendar that cannot be read raises CalendarError; a broken event is only a warning.
    """
    found: list[Found] = []
    warnings: list[str] = []
    for source in sources:
        fetch = source.fetch(start, end)
        warnings.extend(fetch.warnings)
        found.extend(Found(e, detect(e, me, rules)) for e in fetch.events)
    found.sort(key=lambda f: (f.event.start, f.event.uid))
    return found, warnings


def as_json(f: Found, zone: tzinfo, *, reasons: bool = True) -> dict:
    """The public JSON shape of a detected interview (see the command-line contract)."""
    e, d = f.event, f.detection
    out: dict[str, object] = {
        "uid": e.uid,
        "recurrence_id": e.recurrence_id,
        "title": e.title,
        "start": iso(e.start.astimezone(zone)),
        "end": iso(e.end.astimezone(zone)),
        "kind": d.kind,
        "confidence": d.confidence,
        "interviewers": [{"name": p.name, "email": p.email} for p in d.interviewers],
        "source": e.source,
        "all_day": e.all_day,
        "company": d.company,
    }
    if d.ask:
        out["ask"] = True  # unsure: the user is asked whether it was an interview (DESIGN.md "Unsure events")
    if reasons:
        out["reasons"] = d.reasons
    return out
