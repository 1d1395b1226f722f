"""Bring the stored interviews in line with a calendar: a pure step given (state, source, now).

New interviews are stored; moved ones are updated; an interview that disappeared, was cancelled
or declined before it took place is marked cancelled. Nothing is deleted, and a calendar that
cannot be read changes nothing stored.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from connectors.base import CalendarSource
from daemon.detect import NO_RULES, Identity, Rules, detect
from daemon.errors import CalendarError
from daemon.state import State

log = logging.getLogger(__name__)

LOOK_BACK = timedelta(days=30)
LOOK_AHEAD = timedelta(days=180)


@dataclass
class SyncReport:
    source: str
    changed: bool = True
    new: list[int] = field(default_factory=list)
    moved: list[int] = field(default_factory=list)
    cancelled: list[int] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    error: str | None = None
    repeated: bool = False  # the same error as the last sync's: the user was told already
    first: bool = False  # the first sync of this calendar (a new install)


def sync_calendar(state: State, source: CalendarSource, me: Identity, now: datetime, rules: Rules = NO_RULES) -> SyncReport:
    report = SyncReport(source.name)
    start, end = now - LOOK_BACK, now + LOOK_AHEAD
    # The stored token is the source's own, tagged with the rules it was read under: new rules
    # or marks mean every event must be judged again, even if the calendar did not change.
    stored = state.calendar_token(source.name) or ""
    report.first = not stored
    tag, _, token = stored.partition("|")
    rules_tag = rules.fingerprint()
    try:
        fetch = source.fetch(start, end, token if token and tag == rules_tag else None)
    except CalendarError as exc:
        report.repeated = state.calendar_error(source.name) == exc.message
        state.record_sync(source.name, now, error=exc.message)
        report.error = exc.message
        return report
    report.warnings = fetch.warnings
    new_token = f"{rules_tag}|{fetch.token}" if fetch.token else None
    if not fetch.changed:
        state.record_sync(source.name, now, token=new_token)
        report.changed = False
        return report
    seen: set[int] = set()
    unsure = False  # a second opinion could not be had: keep what is stored and read the calendar afresh next time
    for event in fetch.events:
        try:
            d = detect(event, me, rules)
        except Exception as exc:  # one odd event must not stop the calendar, nor the other steps
            log.exception("detection failed on event %s", event.uid)
            report.warnings.append(f"calendar {source.name}: skipped event {event.uid}: detection failed ({exc})")
            fetch.skipped.add(event.uid)
            continue
        if d.incomplete:
            unsure = True
            fetch.skipped.add(event.uid)
        if not d.is_interview:
            continue
        org = event.organizer
        interview_id, what = state.upsert_interview(
            {
                "source": event.source,
                "uid": event.uid,
                "recurrence_id": event.recurrence_id,
                "title": event.title,
                "company": d.company,
                "kind": d.kind,
                "start": event.start,
                "end": event.end,
                "all_day": event.all_day,
                "confidence": d.confidence,
                "interviewers": [{"name": p.name, "email": p.email} for p in d.interviewers],
                "organizer": {"name": org.name, "email": org.email} if org else {},
            },
            now,
        )
        seen.add(interview_id)
        if what == "new":
            report.new.append(interview_id)
        elif what == "moved":
            report.moved.append(interview_id)
    for stored in [iv for name in sorted({source.name} | fetch.covered) for iv in state.interviews(source=name)]:
        if stored.id in seen or stored.stage != "scheduled" or stored.uid in fetch.skipped:
            continue  # a broken event is not a cancelled one: keep what is stored
        if stored.end > now and start <= stored.start < end:
            state.set_stage(stored.id, "cancelled", now)
            report.cancelled.append(stored.id)
    state.record_sync(source.name, now, token=None if unsure else new_token)
    return report
