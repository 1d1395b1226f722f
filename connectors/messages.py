"""What every mailbox kind shares: ``headers_of``, the one place that turns a message's
headers into ``MailHeaders``; ``as_draft``, which strips our own headers; and ``match_sent``, the
rule by which a sent copy is tied to the draft it came from:

1. The copy has the draft's Message-ID, or carries its key: as the Message-ID's left part, or in
   the ``X-Followthrough-Key`` header of older releases (also when the client gave it a new
   Message-ID but kept that header).
2. Otherwise (the client made a new Message-ID and nothing of ours is left) the copy must be
   addressed to the draft's recipient, dated no earlier than the draft (less ``SKEW``), claimed by
   no other draft, and either
   a. answer what the draft answers (a follow-up: the draft's In-Reply-To among the copy's
      In-Reply-To/References), or
   b. start a thread (no In-Reply-To) under the draft's subject (case and spaces folded), or
   c. start a thread at all, when the draft is no longer in Drafts (the user edited the subject
      and sent it).

The Message-ID a copy was sent under is remembered: a later reply draft in that thread quotes it
(``rethread``), and a reply quoting it is linked back to ours (``link_reply``).
"""

from __future__ import annotations

import copy
import hashlib
import re
import time
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from email.message import EmailMessage, Message

from connectors.base import MailHeaders
from daemon.core.model import KEY_HEADER, OWN_HEADERS, key_of

#: How much earlier than its draft a sent copy may be dated (clocks differ between machines).
SKEW = timedelta(minutes=10)

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
    """(display name, lower-cased address) of every address in the headers ``names``; RFC 2047 decoded,
    IDNA domains (``xn--…``) in their Unicode form, as the user types them."""
    found = []
    for name in names:
        for addr in getattr(_header(msg, name), "addresses", ()):
            if addr.addr_spec and "@" in addr.addr_spec:
                found.append((addr.display_name, unicode_address(addr.addr_spec)))
    return found


def unicode_address(address: str) -> str:
    """``address`` lower-cased, with an IDNA-encoded domain decoded: one spelling for comparisons."""
    user, _, domain = address.strip().lower().rpartition("@")
    if "xn--" in domain:
        import idna

        try:
            domain = idna.decode(domain)
        except (idna.IDNAError, UnicodeError):
            pass
    return f"{user}@{domain}"


def message_ids(value: str) -> list[str]:
    """The ``<id>`` tokens of a Message-ID, In-Reply-To or References value, in order, whitespace removed."""
    return ["<" + "".join(m.split()) + ">" for m in _MSGID.findall(value)]


def message_id(msg: Message) -> str:
    """The message's Message-ID with angle brackets, or '' when it has none."""
    return (message_ids(header_text(msg, "Message-ID")) or [""])[0]


def substitute_id(msg: Message) -> str:
    """A stable stand-in for a missing Message-ID, from the headers that tell messages apart.

    A reply without a Message-ID still counts; the same message read twice gets the same stand-in.
    """
    basis = "\x1f".join(header_text(msg, n) for n in ("From", "To", "Date", "Subject", "In-Reply-To", "References"))
    return f"<{hashlib.sha256(basis.encode('utf-8', 'replace')).hexdigest()[:32]}@no-message-id.invalid>"


def headers_of(msg: Message) -> MailHeaders:
    """The ``MailHeaders`` of a message parsed with ``email.policy.default``. Only headers are looked at.

    A message without a Message-ID gets :func:`substitute_id`.
    """
    sender = (_addresses(msg, "From") or [("", "")])[0]
    date = getattr(_header(msg, "Date"), "datetime", None)
    if date is not None and date.tzinfo is None:  # "-0000": UTC, local zone unknown (RFC 5322 3.3)
        date = date.replace(tzinfo=timezone.utc)
    auto = header_text(msg, "Auto-Submitted").split(";")[0].strip().lower()
    return MailHeaders(
        message_id=message_id(msg) or substitute_id(msg),
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


def as_draft(message: EmailMessage) -> EmailMessage:
    """A copy of ``message`` without ``OWN_HEADERS`` (the caller's message is never changed).

    A draft planned by an older release carries them; they must not travel with the mail.
    """
    msg = copy.deepcopy(message)
    for name in OWN_HEADERS:
        del msg[name]
    return msg


def legacy_key(msg: Message) -> str:
    """The ``X-Followthrough-Key`` an older release wrote into its drafts, or ''."""
    return header_text(msg, KEY_HEADER)


def key_in(msg: Message) -> str:
    """The key a draft or sent copy carries: in its Message-ID, else in the old header; '' for none."""
    return legacy_key(msg) or key_of(message_id(msg))


@dataclass
class Written:
    """A draft as it was written: what its sent copy is recognised by (see the module docstring)."""

    key: str
    message_id: str
    to: list[str] = field(default_factory=list)
    subject: str = ""
    in_reply_to: str = ""
    date: datetime | None = None  # the draft's Date: when it was planned
    sent_id: str = ""  # the Message-ID of its sent copy, once seen

    @classmethod
    def of(cls, msg: Message, key: str) -> "Written":
        h = headers_of(msg)
        return cls(key=key, message_id=message_id(msg), to=h.to_addrs, subject=h.subject,
                   in_reply_to=(h.in_reply_to or [""])[0], date=h.date)


@dataclass
class SentCopy:
    """A message in Sent, as far as matching needs it."""

    headers: MailHeaders
    key: str = ""  # the old key header, if any


def _fold(subject: str) -> str:
    return " ".join(subject.split()).casefold()


def match_sent(drafts: list[Written], copies: list[SentCopy], gone: AbstractSet[str] = frozenset(),
               taken: AbstractSet[str] = frozenset()) -> dict[str, SentCopy]:
    """The sent copy of each draft that has one, by our Message-ID; ``gone``: keys no longer in Drafts;
    ``taken``: Message-IDs of copies already tied to other drafts."""
    found: dict[str, SentCopy] = {}
    claimed: set[int] = {i for i, c in enumerate(copies) if c.headers.message_id in taken}
    for d in drafts:  # 1: the Message-ID or the key
        for i, c in enumerate(copies):
            if i not in claimed and (c.headers.message_id == d.message_id
                                       or (d.key and d.key in (c.key, key_of(c.headers.message_id)))):
                found[d.message_id] = c
                claimed.add(i)
                break
    order = sorted((d for d in drafts if d.message_id not in found),
                   key=lambda d: d.date or datetime.min.replace(tzinfo=timezone.utc))
    for rule in ("reply", "subject", "gone"):  # 2: recipient, date and thread
        for d in order:
            if d.message_id in found or not d.to:
                continue
            for i, c in enumerate(copies):
                h = c.headers
                if i in claimed or d.to[0] not in h.to_addrs or (d.date and h.date and h.date < d.date - SKEW):
                    continue
                if rule == "reply":
                    hit = bool(d.in_reply_to) and d.in_reply_to in h.in_reply_to + h.references
                elif rule == "subject":
                    hit = not d.in_reply_to and not h.in_reply_to and _fold(h.subject) == _fold(d.subject)
                else:
                    hit = not d.in_reply_to and not h.in_reply_to and d.key in gone
                if hit:
                    found[d.message_id] = c
                    claimed.add(i)
                    break
    return found


def rethread(msg: EmailMessage, sent_as: dict[str, str]) -> EmailMessage:
    """``msg`` answering the Message-ID its parent was really sent under (``sent_as``: ours -> the copy's)."""
    parents = message_ids(header_text(msg, "In-Reply-To"))
    if not parents or parents[0] not in sent_as:
        return msg
    refs = [sent_as.get(r, r) for r in message_ids(header_text(msg, "References"))] or [sent_as[parents[0]]]
    del msg["In-Reply-To"], msg["References"]
    msg["In-Reply-To"] = sent_as[parents[0]]
    msg["References"] = " ".join(dict.fromkeys(refs))
    return msg


def link_reply(h: MailHeaders, ours_by_sent: dict[str, str]) -> MailHeaders:
    """Add our Message-ID to the References of a reply that quotes the one our draft was sent under."""
    linked = [ours_by_sent[i] for i in h.in_reply_to + h.references if i in ours_by_sent]
    h.references += [i for i in dict.fromkeys(linked) if i not in h.references]
    return h


def written_of(row) -> Written:
    """A draft written, from its row in the mailbox index kept in the state."""
    from datetime import datetime

    return Written(key=row["mkey"], message_id=row["message_id"], to=row["to_addrs"].split(), subject=row["subject"],
                   in_reply_to=row["in_reply_to"], date=datetime.fromisoformat(row["draft_date"]) if row["draft_date"] else None,
                   sent_id=row["sent_id"])


def copy_of(row) -> SentCopy:
    """A sent copy, from its row in the mailbox index kept in the state."""
    from datetime import datetime

    h = MailHeaders(message_id=row["message_id"], to_addrs=row["to_addrs"].split(), subject=row["subject"],
                    in_reply_to=message_ids(row["in_reply_to"]), references=message_ids(row["refs"]),
                    date=datetime.fromisoformat(row["sent_date"]) if row["sent_date"] else None)
    return SentCopy(h, row["mkey"])


def written_row(w: Written, ref: str, state: str) -> dict:
    """The index row of a draft written (the columns ``MaildirIndex.record_written`` takes)."""
    return {"mkey": w.key, "message_id": w.message_id, "to_addrs": " ".join(w.to), "subject": w.subject,
            "in_reply_to": w.in_reply_to, "draft_date": w.date.isoformat() if w.date else None,
            "written_ns": time.time_ns(), "ref": ref, "state": state}
