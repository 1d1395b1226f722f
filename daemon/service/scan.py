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


def print_table(found: list[Found], zone: tzinfo, *, total: int) -> None:
    """The table `followthrough scan` and the demo print: one line per event, the people to thank under it."""
    if not found:
        print(f"No interviews found among {total} events.")
        return
    for f in found:
        e, d = f.event, f.detection
        when = e.start.astimezone(zone).strftime("%a %Y-%m-%d %H:%M") if not e.all_day else e.start.strftime("%a %Y-%m-%d all day")
        mark = (d.kind or "-") if d.is_interview else "not"
        print(f"{when}  {mark:<14} {d.confidence:>4.2f}  {e.title}")
        who = ", ".join(p.label() for p in d.interviewers)
        if who:
            print(f"{'':22}thank: {who}")
    interviews = sum(1 for f in found if f.detection.is_interview)
    print(f"\n{interviews} interview{'s' if interviews != 1 else ''} among {total} events.")
