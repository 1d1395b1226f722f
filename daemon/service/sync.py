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
from daemon.detection import NO_RULES, Detection, Identity, Rules, detect
from daemon.core.model import Event
from daemon.core.errors import CalendarError
from daemon.service.state import State

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


@dataclass
class Fetched:
    """A calendar read and judged, not yet stored: what :func:`store_calendar` writes."""

    source: CalendarSource
    start: datetime
    end: datetime
    first: bool
    new_token: str | None = None
    changed: bool = True
    error: str | None = None
    warnings: list[str] = field(default_factory=list)
    judged: list[tuple[Event, Detection]] = field(default_factory=list)
    skipped: set[str] = field(default_factory=set)
    covered: set[str] = field(default_factory=set)  # the other names this source stores events under (CalDAV)
    unsure: bool = False  # a second opinion could not be had: keep what is stored, read afresh next time


def fetch_calendar(source: CalendarSource, stored_token: str | None, me: Identity, now: datetime,
                   rules: Rules = NO_RULES) -> Fetched:
    """Read ``source`` and judge its events; touches no state, so it may run while others write.

    ``stored_token`` is what :meth:`State.calendar_token` holds for the source: the source's own
    token, tagged with the rules it was read under (new rules or marks mean every event must be
    judged again, even if the calendar did not change).
    """
    start, end = now - LOOK_BACK, now + LOOK_AHEAD
    stored = stored_token or ""
    out = Fetched(source, start, end, first=not stored)
    tag, _, token = stored.partition("|")
    rules_tag = rules.fingerprint()
    try:
        fetch = source.fetch(start, end, token if token and tag == rules_tag else None)
    except CalendarError as exc:
        out.error = exc.message
        return out
    out.warnings = fetch.warnings
    out.new_token = f"{rules_tag}|{fetch.token}" if fetch.token else None
    out.changed = fetch.changed
    out.skipped = set(fetch.skipped)
    out.covered = set(fetch.covered)
    if not fetch.changed:
        return out
    for event in fetch.events:
        try:
            d = detect(event, me, rules)
        except Exception as exc:  # one odd event must not stop the calendar, nor the other steps
            log.exception("detection failed on event %s", event.uid)
            out.warnings.append(f"calendar {source.name}: skipped event {event.uid}: detection failed ({exc})")
            out.skipped.add(event.uid)
            continue
        if d.incomplete:
            out.unsure = True
            out.skipped.add(event.uid)
        if d.is_interview or d.ask:
            out.judged.append((event, d))
    return out


def store_calendar(state: State, fetched: Fetched, now: datetime) -> SyncReport:
    """Write what :func:`fetch_calendar` found: new, moved and cancelled interviews, and the token."""
    source = fetched.source
    report = SyncReport(source.name, first=fetched.first, warnings=fetched.warnings)
    if fetched.error:
        report.repeated = state.calendar_error(source.name) == fetched.error
        state.record_sync(source.name, now, error=fetched.error)
        report.error = fetched.error
        return report
    if not fetched.changed:
        state.record_sync(source.name, now, token=fetched.new_token)
        report.changed = False
        return report
    seen: set[int] = set()
    for event, d in fetched.judged:
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
                "stage": "scheduled" if d.is_interview else "unconfirmed",
                "unsure": "" if d.is_interview else d.unsure,
            },
            now,
        )
        if d.is_interview and what != "new":
            # The user said yes (a mark), or the rules now call it an interview: no longer a question.
            state.set_stage(interview_id, "scheduled", now, expect="unconfirmed")
        elif d.ask and not d.incomplete and what != "new":
            # No longer sure (a second opinion turned off or changed its mind) and not prompted yet: asked again.
            state.set_stage(interview_id, "unconfirmed", now, expect="scheduled")
        seen.add(interview_id)
        if what == "new":
            report.new.append(interview_id)
        elif what == "moved":
            report.moved.append(interview_id)
    for stored in [iv for name in sorted({source.name} | fetched.covered) for iv in state.interviews(source=name)]:
        if stored.id in seen or stored.uid in fetched.skipped or not fetched.start <= stored.start < fetched.end:
            continue  # a broken event is not a cancelled one: keep what is stored
        # Before it took place; or prompted but not debriefed while reminders are still to come
        # (cancelled at the last minute, or declined afterwards): no more reminders.
        if (stored.stage in ("scheduled", "unconfirmed") and stored.end > now) or (
                stored.stage == "awaiting_debrief" and stored.debriefed_at is None and stored.reminders < 2):
            if state.set_stage(stored.id, "cancelled", now, expect=stored.stage):
                report.cancelled.append(stored.id)
    state.record_sync(source.name, now, token=None if fetched.unsure else fetched.new_token)
    return report


def sync_calendar(state: State, source: CalendarSource, me: Identity, now: datetime, rules: Rules = NO_RULES) -> SyncReport:
    """Fetch, judge and store one calendar in one go (`run --once`, tests)."""
    return store_calendar(state, fetch_calendar(source, state.calendar_token(source.name), me, now, rules), now)
