"""Plain data shared by the core and the connectors: calendar events, the people on them, a draft's
Message-ID (written by compose, found by every mailbox) and the stored interview the flow works on."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Protocol


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


#: The header that carried a draft's idempotency key in older releases. It is never written any more
#: (mail clients send a draft's headers on, and the interviewer would receive it), but a draft or a
#: sent copy that still carries it is recognised by it.
KEY_HEADER = "X-Followthrough-Key"
#: Headers of ours that must never reach the interviewer: removed from every draft before it is stored.
OWN_HEADERS = (KEY_HEADER, "X-Followthrough")


def draft_message_id(key: str, domain: str) -> str:
    """The Message-ID of the draft with idempotency ``key``: ``<key@domain>``.

    The key is the Message-ID's left part, so a draft is found by its Message-ID alone, by every
    mailbox and every mail client, with nothing of ours in a header that travels.
    """
    return f"<{key}@{domain or 'localhost'}>"


def key_of(message_id: str) -> str:
    """The left part of ``<left@right>``: the key when the Message-ID is one of ours (see :func:`draft_message_id`)."""
    return message_id.strip().removeprefix("<").rpartition("@")[0]


class Row(Protocol):
    """A stored row read by column name (``sqlite3.Row`` is one), so the model needs no database."""

    def __getitem__(self, key: str, /) -> Any: ...


#: The interview's instants, stored as ISO text or NULL.
_TIMES = ("prompted_at", "reminded_at", "debriefed_at", "decision_at", "thanked_at", "nudged_at", "wait_until", "last_followup_at",
          "asked_at")


@dataclass
class Interview:
    """One stored interview (a row of ``interviews``)."""

    id: int
    source: str
    uid: str
    recurrence_id: str
    title: str
    company: str
    kind: str
    start: datetime
    end: datetime
    all_day: bool
    confidence: float
    interviewers: list[dict] = field(default_factory=list)
    organizer: dict = field(default_factory=dict)
    stage: str = "scheduled"
    first_seen_at: str = ""
    updated_at: str = ""
    prompted_at: datetime | None = None
    reminders: int = 0
    reminded_at: datetime | None = None
    debriefed_at: datetime | None = None
    decision_text: str = ""
    decision_at: datetime | None = None
    decision_how: str = ""
    decision_default: bool = False  # no usable date was given: the default wait, without the grace
    primary_email: str = ""
    thanked_at: datetime | None = None
    nudged_at: datetime | None = None
    wait_until: datetime | None = None
    followups: int = 0
    last_followup_at: datetime | None = None
    outcome: str = ""
    closed_reason: str = ""
    unsure: str = ""  # why detection was unsure (an ``unconfirmed`` event's question says it)
    asks: int = 0  # how often the user was asked whether it was an interview
    asked_at: datetime | None = None

    @property
    def primary(self) -> str:
        """The primary contact: chosen in the debrief, else :func:`primary_contact` of the invitation."""
        return self.primary_email or primary_contact((self.organizer or {}).get("email", ""), self.interviewers)

    @property
    def unsure_reason(self) -> str:
        """Why detection was unsure, for the user: without its rule id ("unsure.band: …" → "…")."""
        head, sep, rest = self.unsure.partition(": ")
        return rest if sep and " " not in head else self.unsure

    @classmethod
    def from_row(cls, row: Row) -> "Interview":
        return cls(
            id=row["id"],
            source=row["source"],
            uid=row["uid"],
            recurrence_id=row["recurrence_id"],
            title=row["title"],
            company=row["company"],
            kind=row["kind"],
            start=datetime.fromisoformat(row["start_at"]),
            end=datetime.fromisoformat(row["end_at"]),
            all_day=bool(row["all_day"]),
            confidence=row["confidence"],
            interviewers=json.loads(row["interviewers"]),
            organizer=json.loads(row["organizer"]),
            stage=row["stage"],
            first_seen_at=row["first_seen_at"],
            updated_at=row["updated_at"],
            reminders=row["reminders"],
            decision_text=row["decision_text"],
            decision_how=row["decision_how"],
            decision_default=bool(row["decision_default"]),
            primary_email=row["primary_email"],
            followups=row["followups"],
            outcome=row["outcome"],
            closed_reason=row["closed_reason"],
            unsure=row["unsure"],
            asks=row["asks"],
            **{k: datetime.fromisoformat(row[k]) if row[k] else None for k in _TIMES},
        )


def primary_contact(organizer: str, people: list[dict]) -> str:
    """The human organizer if they are among ``people`` (the ones met), else the first of them with an address."""
    emails = [p.get("email", "").lower() for p in people if p.get("email")]
    organizer = organizer.lower()
    if organizer and organizer in emails:
        return organizer
    return emails[0] if emails else ""
