"""An in-memory mailbox: the reference implementation of the ``Mailbox`` contract, used in tests.

It also holds ``headers_of``, the one place that turns a message's headers into ``MailHeaders``,
so every mailbox fills the fields the same way.
"""

from __future__ import annotations

import copy
import re
from datetime import timezone
from email.message import EmailMessage, Message

from connectors.base import KEY_HEADER, Mailbox, MailHeaders

_MSGID = re.compile(r"<([^<>]+)>")


def _header(msg: Message, name: str):
    """The parsed header ``name`` or None; a header the email package cannot parse counts as absent."""
    try:
        return msg[name]
    except Exception:  # malformed header values can raise from the header registry
        return None


def header_text(msg: Message, name: str) -> str:
    value = _header(msg, name)
    return "" if value is None else " ".join(str(value).split())


def _addresses(msg: Message, *names: str) -> list[tuple[str, str]]:
    """(display name, lower-cased address) of every address in the headers ``names``; RFC 2047 decoded."""
    found = []
    for name in names:
        for addr in getattr(_header(msg, name), "addresses", ()):
            if addr.addr_spec and "@" in addr.addr_spec:
                found.append((addr.display_name, addr.addr_spec.lower()))
    return found


def message_ids(value: str) -> list[str]:
    """The ``<id>`` tokens of a Message-ID, In-Reply-To or References value, in order, whitespace removed."""
    return ["<" + "".join(m.split()) + ">" for m in _MSGID.findall(value)]


def message_id(msg: Message) -> str:
    """The message's Message-ID with angle brackets, or '' when it has none."""
    return (message_ids(header_text(msg, "Message-ID")) or [""])[0]


def headers_of(msg: Message) -> MailHeaders:
    """The ``MailHeaders`` of a message parsed with ``email.policy.default``. Only headers are looked at."""
    sender = (_addresses(msg, "From") or [("", "")])[0]
    date = getattr(_header(msg, "Date"), "datetime", None)
    if date is not None and date.tzinfo is None:  # "-0000": UTC, local zone unknown (RFC 5322 3.3)
        date = date.replace(tzinfo=timezone.utc)
    auto = header_text(msg, "Auto-Submitted").split(";")[0].strip().lower()
    return MailHeaders(
        message_id=message_id(msg),
        from_addr=sender[1],
        from_name=sender[0],
        to_addrs=[a for _, a in _addresses(msg, "To", "Cc")],
        subject=header_text(msg, "Subject"),
        date=date,
        in_reply_to=message_ids(header_text(msg, "In-Reply-To")),
        references=message_ids(header_text(msg, "References")),
        auto_submitted="" if auto == "no" else auto,
        autoreply=_header(msg, "X-Autoreply") is not None
        or _header(msg, "X-Autorespond") is not None
        or header_text(msg, "Precedence").lower() == "auto_reply",
    )


def with_key(message: EmailMessage, key: str) -> EmailMessage:
    """A copy of ``message`` carrying ``KEY_HEADER: key`` (the caller's message is never changed)."""
    msg = copy.deepcopy(message)
    if msg.get(KEY_HEADER, "").strip() != key:
        del msg[KEY_HEADER]
        msg[KEY_HEADER] = key
    return msg


class MemoryMailbox(Mailbox):
    """Drafts in a dict, Sent and the inbox in lists.

    ``deliver`` and ``send_draft`` play the outside world in tests: mail arriving, and the user
    pressing send in their mail client (the draft moves to Sent with its Message-ID).
    """

    def __init__(self, name: str = "memory"):
        self.name = name
        self.drafts: dict[str, EmailMessage] = {}
        self.sent_messages: list[EmailMessage] = []
        self.inbox: list[EmailMessage] = []
        self._count = 0

    # -- the contract

    def create_draft(self, message: EmailMessage, key: str) -> str:
        found = self.find_draft(key) or self._find_sent(key, message_id(message))
        if found:
            return found
        self._count += 1
        ref = f"draft-{self._count}"
        self.drafts[ref] = with_key(message, key)
        return ref

    def find_draft(self, key: str) -> str | None:
        return next((ref for ref, msg in self.drafts.items() if header_text(msg, KEY_HEADER) == key), None)

    def sent(self, message_ids: set[str]) -> set[str]:
        return message_ids & {message_id(m) for m in self.sent_messages}

    def replies(self, token: str | None) -> tuple[list[MailHeaders], str | None]:
        """Token: how many inbox messages were already returned."""
        start = int(token) if token and token.isdigit() else 0
        return [headers_of(m) for m in self.inbox[start:]], str(len(self.inbox))

    # -- the outside world, for tests

    def deliver(self, message: EmailMessage) -> None:
        """A message arrives in the inbox."""
        self.inbox.append(copy.deepcopy(message))

    def send_draft(self, ref: str) -> str:
        """The user sends the draft ``ref`` from their mail client: it leaves Drafts and lands in Sent."""
        self.sent_messages.append(self.drafts.pop(ref))
        return f"sent-{len(self.sent_messages) - 1}"

    def _find_sent(self, key: str, mid: str) -> str | None:
        """A sent message with this key, or with this Message-ID (clients may drop unknown headers)."""
        for i, msg in enumerate(self.sent_messages):
            if header_text(msg, KEY_HEADER) == key or (mid and message_id(msg) == mid):
                return f"sent-{i}"
        return None
