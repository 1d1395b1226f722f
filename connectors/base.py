"""The contracts the core talks to. A connector implements one of these and nothing more."""

from __future__ import annotations

import abc
from dataclasses import dataclass, field
from datetime import datetime
from email.message import EmailMessage

from daemon.core.model import Event


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
    #: UIDs of events that are in the calendar but could not be read: absent from ``events``,
    #: yet not gone, so what is stored about them must be kept.
    skipped: set[str] = field(default_factory=set)
    #: Names the events are stored under when they are not the source's own ``name`` (a CalDAV
    #: account's calendars): what is stored under them is compared with ``events`` too.
    covered: set[str] = field(default_factory=set)


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
        :raises daemon.core.errors.CalendarError: the calendar as a whole is unreachable or unreadable.
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


# -- mailboxes ----------------------------------------------------------------------------------

@dataclass
class MailHeaders:
    """What the core may know about a message: headers only, never the body."""

    message_id: str
    from_addr: str = ""  # lower-cased address
    from_name: str = ""
    to_addrs: list[str] = field(default_factory=list)
    subject: str = ""
    date: datetime | None = None
    in_reply_to: list[str] = field(default_factory=list)
    references: list[str] = field(default_factory=list)
    auto_submitted: str = ""  # the Auto-Submitted value, '' when absent or "no"
    autoreply: bool = False  # X-Autoreply / X-Autorespond / Precedence: auto_reply present

    def answers(self, message_ids: set[str]) -> bool:
        """Whether this message is in a thread started by one of ``message_ids``."""
        return bool(message_ids & (set(self.in_reply_to) | set(self.references)))


class Mailbox(abc.ABC):
    """Where drafts are written and where sent mail and replies are seen. It never sends mail.

    Implementations read headers only; they never delete or modify existing messages. A draft is
    known by its Message-ID, derived from its idempotency key (:func:`draft_message_id`); no header
    of ours (``OWN_HEADERS``) is ever stored, since mail clients send a draft's headers on.
    """

    name: str

    @abc.abstractmethod
    def create_draft(self, message: "EmailMessage", key: str) -> str:
        """Store ``message`` as a draft and return a reference to it (a path, a draft id).

        ``message``'s Message-ID is normally ``draft_message_id(key, …)``. Idempotent: when a draft
        or a sent message for ``key`` exists already (its Message-ID has ``key`` as left part or
        equals ``message``'s; or, written by an older release, it carries ``KEY_HEADER: key``),
        nothing is written and its reference is returned. ``OWN_HEADERS`` are never stored.

        :raises daemon.core.errors.MailboxError: the drafts folder cannot be written.
        """

    @abc.abstractmethod
    def find_draft(self, key: str) -> str | None:
        """The reference of the draft for ``key`` (by its Message-ID, or an old ``KEY_HEADER``), or None."""

    @abc.abstractmethod
    def sent(self, message_ids: set[str]) -> set[str]:
        """Which of ``message_ids`` (our drafts' Message-IDs, with angle brackets) the user has sent.

        A draft counts as sent when Sent holds a message with its Message-ID or its key; mailboxes
        whose clients may give the sent copy a new Message-ID also recognise it by its threading
        headers and recipient (each implementation documents its rule).
        """

    @abc.abstractmethod
    def replies(self, token: str | None) -> tuple[list[MailHeaders], str | None]:
        """Headers of inbox messages that arrived since ``token``, and a new token.

        With no token: all of them, or (a mailbox whose first look would be costly, Maildir) those
        that arrived since the first draft it wrote; replies only matter after a draft. May return
        a message again; callers de-duplicate by Message-ID. A message without a Message-ID gets a
        stable stand-in (``connectors.messages.substitute_id``), so it is never dropped.
        """
