"""Render whole debriefs into the notes the service would write, for a reader to review.

    python bench/debrief_notes.py [DIR] [OUT]   # DIR/debrief*.toml (default: tests/data/blind_debriefs)

Each debrief goes through the service's own preview path (decision date, primary contact, one note per
person met and the referrer, templates, wrapping), with an invitation from the first person met (titled as in TITLES); a
debrief that says so in its first comment line ("informational interview") is rendered as one. The notes
are printed, or written to OUT.
"""

from __future__ import annotations

import dataclasses
import sys
import tempfile
import tomllib
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from connectors.base import MemoryCalendar
from connectors.memory_mail import MemoryMailbox
from connectors.notify import LogNotifier
from daemon.service.config import validate
from daemon.core.model import Event, Person
from daemon.service.runner import Service
from daemon.service.state import open_state

ZONE = ZoneInfo("America/New_York")
START = datetime(2026, 9, 17, 10, 0, tzinfo=ZONE)
ME = Person("robin.vega@example.org", "Robin Vega", partstat="ACCEPTED")
#: Invitation titles for the blind debriefs (the debriefs themselves hold none); any other file: "Interview".
TITLES = {"debrief1": "Interview: Software Engineer (New Grad) - Quillon", "debrief2": "Final interview: VP Finance",
          "debrief3": "Interview - Registered Nurse, Med-Surg", "debrief4": "store manager interview",
          "debrief5": "Coffee chat: UX research"}


def notes(source: Path) -> list[str]:
    """The drafts one debrief file gives, as 'purpose to name <address>', subject and body."""
    text = source.read_text(encoding="utf-8")
    answers = tomllib.loads(text)
    people = [Person(p["email"], p.get("name", ""), partstat="ACCEPTED") for p in answers["met"]]
    title = TITLES.get(source.stem, "Interview")
    event = Event("mem", source.stem, title, START, START + timedelta(hours=1), organizer=people[0],
                  attendees=[*people, ME])
    cfg = validate({})
    cfg.identity.name, cfg.identity.emails = ME.name, [ME.email]
    with tempfile.TemporaryDirectory() as tmp:
        svc = Service(state=open_state(Path(tmp) / "s.sqlite"), calendars=[MemoryCalendar("mem", [event])],
                      mailbox=MemoryMailbox(), notifier=LogNotifier(), identity=cfg.identity, schedule=cfg.schedule,
                      zone=ZONE)
        svc.tick(START - timedelta(days=1))
        iv = svc.state.interview(source.stem)
        if "informational" in text.splitlines()[0].lower():
            iv = dataclasses.replace(iv, kind="informational")
        drafts = svc.preview(iv, answers)
        svc.state.close()
    return [f"=== {d['purpose']} to {d['name']} <{d['to']}>\nSubject: {d['subject']}\n\n{d['body']}" for d in drafts]


def main(folder: str = "tests/data/blind_debriefs", out: str = "") -> None:
    lines = []
    for source in sorted(Path(folder).glob("debrief*.toml")):
        lines += [f"######## {source.name}", *notes(source)]
    text = "\n".join(lines)
    if out:
        Path(out).write_text(text, encoding="utf-8")
    else:
        print(text)


if __name__ == "__main__":
    main(*sys.argv[1:])
