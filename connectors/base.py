"""The contracts the core talks to. A connector implements one of these and nothing more."""

from __future__ import annotations

import abc
from dataclasses import dataclass, field
from datetime import datetime

from daemon.model import Event


@dataclass
class Fetch:
    """The result of asking a calendar for the events in a window.

    ``changed`` is False when the calendar is known to be unchanged since ``token`` was handed
    out (then ``events`` is empty and the caller keeps what it stored). ``token`` is opaque:
    store it and pass it back next time. ``warnings`` name events that were skipped and why.
    """

    events: list[Event] = field(default_factory=list)
    changed: bool = True
    token: str | None = None
    warnings: list[str] = field(default_factory=list)


class CalendarSource(abc.ABC):
    """A calendar that lists event occurrences in a window and says whether it changed.

    Implementations expand recurrences, drop cancelled occurrences and return aware datetimes.
    They must not modify the calendar.
    """

    #: Stable name of the source; part of every event's key in the state.
    name: str

    @abc.abstractmethod
    def fetch(self, start: datetime, end: datetime, token: str | None = None) -> Fetch:
        """Events overlapping [start, end).

        :param token: what the previous ``fetch`` returned; lets the source answer "unchanged"
            cheaply (ETag, file fingerprint, sync token).
        :raises daemon.errors.CalendarError: the calendar as a whole is unreachable or unreadable.
        """


class MemoryCalendar(CalendarSource):
    """An in-memory calendar: the reference implementation of the contract, used in tests."""

    def __init__(self, name: str = "memory", events: list[Event] | None = None):
        self.name = name
        self.events: list[Event] = list(events or [])
        self._version = 0

    def put(self, event: Event) -> None:
        self.events = [e for e in self.events if e.key != event.key] + [event]
        self._version += 1

    def fetch(self, start: datetime, end: datetime, token: str | None = None) -> Fetch:
        mine = str(self._version)
        if token is not None and token == mine:
            return Fetch(changed=False, token=mine)
        found = [e for e in self.events if e.end > start and e.start < end and e.status != "CANCELLED"]
        return Fetch(events=sorted(found, key=lambda e: e.start), token=mine)
