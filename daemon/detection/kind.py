"""The kind of an interview (screen, technical, panel, ...), and why."""

from __future__ import annotations

from daemon.core.model import Event
from daemon.core.model import Person
from .lexicon.stages import INTERVIEW_WORDS, MEAL, OTHER_DESC, OTHER_KIND, STAGE, _DAY_BLOCK, _DESC_KIND_ORDER, _KIND_ORDER, _LINE_MANAGER_OR_CHIEF, _LONG_BLOCK, _MANAGER_DESC, _ORDINAL_ONLY, _RECRUITER_DESC, _SESSION_KINDS
from .match import _any, _first_here
from .phrases import _without_posts


def _kind(title: str, desc: str, kinds_title: dict, event: Event, people: list[Person]) -> tuple[str, str]:
    """The kind of session, and why. Precedence, first that applies:

    1. the title: informational; assessment or final; a group event, an HR round or a meal; onsite
       (or the one session of an onsite it names); when the title's only stage is an ordinal ("first
       round"), the session the description names (panel, hiring manager, technical, assessment);
       another stage it names (panel, hiring manager, technical, screen); then a manager it names
       by role ("with Dean Patel", "department chair"), which yields to any stage named, so "Phone
       interview with department chair" is a screen;
    2. the stage the description names first about this session; when that is only an ordinal
       ("first round", "eerste gesprek") and the description names a manager, hiring_manager;
    3. a timed block of three hours or more: onsite (an interview day);
    4. several interviewers at once: panel; an interviewer who manages (or is hiring):
       hiring_manager; one recruiter: screen;
    5. a whole day: onsite; else other.
    """
    if "informational" in kinds_title:
        m = kinds_title["informational"]
        return "informational", f"title says {m!r}" if m in title else f"a social meeting about {m!r}"
    for k in ("assessment", "final"):
        if k in kinds_title:
            return k, f"title says {kinds_title[k]!r}"
    if m := _any(OTHER_KIND, title):
        return "other", f"title says {m!r}"
    if (m := _any(MEAL, title)) and not _any(INTERVIEW_WORDS, title) and "onsite" not in kinds_title:
        return "other", f"a meal: {m!r}"
    # A manager named by role in the title (not the stage "hiring manager") yields to a stage named.
    if "hiring_manager" in kinds_title and not _any(STAGE["hiring_manager"], title):
        role = kinds_title["hiring_manager"]
        kinds_title = {k: v for k, v in kinds_title.items() if k != "hiring_manager"}
    else:
        role = None
    if "onsite" in kinds_title:
        sessions = [k for k in _SESSION_KINDS if k in kinds_title]
        if len(sessions) == 1:
            return sessions[0], f"one session of an onsite: {kinds_title[sessions[0]]!r}"
        if role and not sessions:
            return "hiring_manager", f"one session of an onsite, with a manager: {role!r}"
        return "onsite", f"title says {kinds_title['onsite']!r}"
    if set(kinds_title) == {"screen"} and _ORDINAL_ONLY.fullmatch(kinds_title["screen"]):
        # "First-round interview" says when, not what: a session the description names wins.
        first = None
        for k in _SESSION_KINDS + ("assessment",):
            if k != "screen" and (hit := _first_here(STAGE[k], desc)) and (first is None or hit[0] < first[0]):
                first = (hit[0], k, hit[1])
        if first:
            why = f"title says {kinds_title['screen']!r}, and the description names the session: {first[2]!r}"
            return first[1], why
    for k in _KIND_ORDER:
        if k in kinds_title:
            return k, f"title says {kinds_title[k]!r}"
    if role:
        day = not event.all_day and event.end and event.start and event.end - event.start >= _DAY_BLOCK
        if day or _first_here(STAGE["onsite"], desc):
            return "onsite", f"the title names a manager ({role!r}), but it is a visit or a whole loop"
        return "hiring_manager", f"the title names a manager: {role!r}"
    return _kind_from_event(desc, event, people, title)


def _kind_from_event(desc: str, event: Event, people: list[Person], title: str) -> tuple[str, str]:
    """Steps 2 to 5 of :func:`_kind`: when the title names no stage, the description and the shape of the event."""
    first = None
    for k in _DESC_KIND_ORDER:
        if (hit := _first_here(STAGE[k], desc)) and (first is None or hit[0] < first[0]):
            first = (hit[0], k, hit[1])
    day = not event.all_day and event.end and event.start and event.end - event.start >= _DAY_BLOCK
    if first and day and first[1] in _SESSION_KINDS:
        hours = (event.end - event.start).total_seconds() / 3600
        return "onsite", f"a {hours:g}-hour block: an interview day (the description names {first[2]!r})"
    if first:
        if first[1] == "screen" and _ORDINAL_ONLY.fullmatch(first[2]) and (m := _any(_LINE_MANAGER_OR_CHIEF, desc)):
            return "hiring_manager", f"description says {first[2]!r}, with a manager: {m!r}"
        return first[1], f"description says {first[2]!r}"
    if m := _any(OTHER_DESC, desc):
        return "other", f"description says {m!r}"
    if not event.all_day and event.end and event.start and event.end - event.start >= _LONG_BLOCK:
        return "onsite", f"a {(event.end - event.start).total_seconds() / 3600:g}-hour block: an interview day"
    invited = {a.email for a in event.attendees if a.email}
    met = [p for p in people if p.email in invited]
    if len(met) >= 2 and not event.all_day:
        return "panel", f"{len(met)} interviewers at once"
    if m := _any(_MANAGER_DESC, title + "\n" + _without_posts(desc)):
        return "hiring_manager", f"you meet a manager: {m!r}"
    if len(met) <= 1 and (m := _any(_RECRUITER_DESC, desc)):
        return "screen", f"you meet a recruiter: {m!r}"
    if event.all_day:
        return "onsite", "a whole day"
    return "other", "no stage named"
