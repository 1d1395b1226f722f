"""An in-memory mailbox: the reference implementation of the ``Mailbox`` contract, used in tests.

What every mailbox shares (headers, keys, the rule tying a sent copy to its draft) is in
``connectors.messages``.
"""

from __future__ import annotations

import copy
from email.message import EmailMessage

from connectors.base import Mailbox, MailHeaders
from daemon.core.model import key_of
from connectors.messages import (SentCopy, Written, as_draft, headers_of, key_in, legacy_key, link_reply, match_sent,
                                 message_id, rethread)


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
        self.written: dict[str, Written] = {}  # key -> the draft as written
        self.refs: dict[str, str] = {}  # key -> the draft's reference
        self._count = 0

    # -- the contract

    def create_draft(self, message: EmailMessage, key: str) -> str:
        mid = message_id(message)
        found = self._find_draft(key, mid) or self._find_sent(key, mid)
        if found:
            return found
        if key in self.refs:  # written once, then sent under a new Message-ID or deleted: never twice
            return self.refs[key]
        msg = rethread(as_draft(message), {w.message_id: w.sent_id for w in self.written.values() if w.sent_id})
        self._count += 1
        ref = f"draft-{self._count}"
        self.drafts[ref] = msg
        self.written[key] = Written.of(msg, key)
        self.refs[key] = ref
        return ref

    def find_draft(self, key: str) -> str | None:
        return self._find_draft(key, "")

    def sent(self, message_ids: set[str]) -> set[str]:
        known = {w.message_id: w for w in self.written.values()}
        wanted = [known.get(m) or Written(key=key_of(m), message_id=m) for m in message_ids]
        live = {key_in(m) for m in self.drafts.values()}
        copies = [SentCopy(headers_of(m), legacy_key(m)) for m in self.sent_messages]
        taken = {w.sent_id for w in self.written.values() if w.sent_id and w.message_id not in message_ids}
        found = match_sent(wanted, copies, gone={w.key for w in wanted if w.key not in live}, taken=taken)
        for mid, c in found.items():
            if mid in known:
                known[mid].sent_id = c.headers.message_id
        return set(found)

    def replies(self, token: str | None) -> tuple[list[MailHeaders], str | None]:
        """Token: how many inbox messages were already returned."""
        start = int(token) if token and token.isdigit() else 0
        ours = {w.sent_id: w.message_id for w in self.written.values() if w.sent_id and w.sent_id != w.message_id}
        return [link_reply(headers_of(m), ours) for m in self.inbox[start:]], str(len(self.inbox))

    # -- the outside world, for tests

    def deliver(self, message: EmailMessage) -> None:
        """A message arrives in the inbox."""
        self.inbox.append(copy.deepcopy(message))

    def send_draft(self, ref: str) -> str:
        """The user sends the draft ``ref`` from their mail client: it leaves Drafts and lands in Sent."""
        self.sent_messages.append(self.drafts.pop(ref))
        return f"sent-{len(self.sent_messages) - 1}"

    def _find_draft(self, key: str, mid: str) -> str | None:
        """A draft for this key (its Message-ID or an old key header), or with the Message-ID ``mid``."""
        for ref, msg in self.drafts.items():
            if key_in(msg) == key or (mid and message_id(msg) == mid):
                if key not in self.written:  # a draft of an older release: learn what its sent copy looks like
                    self.written[key], self.refs[key] = Written.of(msg, key), ref
                return ref
        return None

    def _find_sent(self, key: str, mid: str) -> str | None:
        """A sent message with this key, or with this Message-ID."""
        for i, msg in enumerate(self.sent_messages):
            if key_in(msg) == key or (mid and message_id(msg) == mid):
                return f"sent-{i}"
        return None
