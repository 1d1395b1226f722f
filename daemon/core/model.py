"""Plain data shared by the core and the connectors: calendar events and the people on them."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime


@dataclass(frozen=True)
class Person:
    """Someone on an invitation: an organizer or an attendee.

    ``cutype`` follows RFC 5545 (INDIVIDUAL, GROUP, RESOURCE, ROOM, UNKNOWN); ``partstat`` is the
    reply (ACCEPTED, DECLINED, TENTATIVE, NEEDS-ACTION, ...); ``role`` is REQ-PARTICIPANT etc.
    """

    email: str = ""
    name: str = ""
    cutype: str = "INDIVIDUAL"
    partstat: str = ""
    role: str = ""

    def label(self) -> str:
        if self.name and self.email:
            return f"{self.name} <{self.email}>"
        return self.name or self.email


@dataclass
class Event:
    """One occurrence of a calendar event, with aware start and end instants.

    ``recurrence_id`` is the ISO form of the occurrence's original start for recurring events
    and ``None`` for single events, so (source, uid, recurrence_id) names an occurrence.
    """

    source: str
    uid: str
    title: str
    start: datetime
    end: datetime
    recurrence_id: str | None = None
    all_day: bool = False
    description: str = ""
    location: str = ""
    status: str = "CONFIRMED"
    organizer: Person | None = None
    attendees: list[Person] = field(default_factory=list)
    sequence: int = 0
    calendar: str = ""

    @property
    def key(self) -> tuple[str, str, str]:
        return (self.source, self.uid, self.recurrence_id or "")

    def partstat_of(self, emails: set[str]) -> str:
        """The reply of the first attendee whose address is one of ``emails`` ('' if none)."""
        for a in self.attendees:
            if a.email.lower() in emails:
                return a.partstat.upper()
        return ""
