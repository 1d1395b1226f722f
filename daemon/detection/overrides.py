"""The user's word on events: the [detection] rules of the config and the marks made with `followthrough mark`."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field

from daemon.core.model import Event

from .judging import Judge
from .match import _domain


@dataclass(frozen=True)
class Rules:
    """What the user decided: config rules ([detection]) and events marked with `followthrough mark`.

    A rule overrides the scores, and says so in the reasons. Most specific first: a mark on the
    event's series, then title patterns, organizer domains, calendars, and last a mark remembered
    for the organizer. Within a level an exclusion wins.
    """

    include_titles: tuple[re.Pattern[str], ...] = ()
    exclude_titles: tuple[re.Pattern[str], ...] = ()
    include_domains: frozenset[str] = frozenset()
    exclude_domains: frozenset[str] = frozenset()
    include_calendars: frozenset[str] = frozenset()
    exclude_calendars: frozenset[str] = frozenset()
    marks: dict[str, bool] = field(default_factory=dict)  # event UID -> interview?
    organizer_marks: dict[str, bool] = field(default_factory=dict)  # organizer address -> interview?
    judge: Judge | None = None  # a second opinion where the scores are unsure ([detection] model; daemon/service/judge.py)

    @classmethod
    def from_config(cls, detection, marks: list[tuple[str, str, bool]], judge) -> "Rules":
        """From the ``[detection]`` table, stored marks (uid, organizer, verdict) and the second opinion ``judge``
        (None when off; the service builds it: daemon.service.judge.from_config)."""
        compile_ = lambda pats: tuple(re.compile(p, re.I) for p in pats)  # noqa: E731
        lower = lambda xs: frozenset(x.strip().lower().lstrip("@") for x in xs)  # noqa: E731
        return cls(
            include_titles=compile_(detection.include_titles),
            exclude_titles=compile_(detection.exclude_titles),
            include_domains=lower(detection.include_organizer_domains),
            exclude_domains=lower(detection.exclude_organizer_domains),
            include_calendars=frozenset(detection.include_calendars),
            exclude_calendars=frozenset(detection.exclude_calendars),
            marks={uid: verdict for uid, _, verdict in marks},
            organizer_marks={org.lower(): verdict for _, org, verdict in marks if org},
            judge=judge,
        )

    def fingerprint(self) -> str:
        """Changes whenever a rule or mark changes: a calendar must then be looked at afresh."""
        parts = (
            [p.pattern for p in self.include_titles], [p.pattern for p in self.exclude_titles],
            sorted(self.include_domains), sorted(self.exclude_domains), sorted(self.include_calendars),
            sorted(self.exclude_calendars), sorted(self.marks.items()), sorted(self.organizer_marks.items()),
            getattr(self.judge, "fingerprint", None),
        )
        return hashlib.sha256(repr(parts).encode()).hexdigest()[:16]

    def decide(self, event: Event) -> tuple[bool, str] | None:
        """(is it an interview, why) when a rule applies, else None."""
        word = {True: "an interview", False: "not an interview"}
        if event.uid in self.marks:
            v = self.marks[event.uid]
            return v, f"user.mark: you marked this event {word[v]} (followthrough mark)"
        for pats, verdict in ((self.exclude_titles, False), (self.include_titles, True)):
            for p in pats:
                if p.search(event.title or ""):
                    return verdict, f"user.titles: your rule {'exclude' if not verdict else 'include'}_titles {p.pattern!r} matches the title"
        domain = _domain(event.organizer.email) if event.organizer else ""
        for domains, verdict in ((self.exclude_domains, False), (self.include_domains, True)):
            if domain and any(domain == d or domain.endswith("." + d) for d in domains):
                return verdict, f"user.domains: your rule {'exclude' if not verdict else 'include'}_organizer_domains matches {domain}"
        cal = {event.calendar, event.source}
        if cal & self.exclude_calendars:
            return False, f"user.calendars: your rule exclude_calendars names calendar {(cal & self.exclude_calendars).pop()!r}"
        if cal & self.include_calendars:
            return True, f"user.calendars: your rule include_calendars names calendar {(cal & self.include_calendars).pop()!r}"
        org = event.organizer.email.lower() if event.organizer and event.organizer.email else ""
        if org in self.organizer_marks:
            v = self.organizer_marks[org]
            return v, f"user.organizer_mark: you marked an event from {org} {word[v]} before"
        return None


NO_RULES = Rules()
