"""One contract suite for every mailbox: the in-memory reference, Maildir, Gmail (the fake) and IMAP (Dovecot).

A new mailbox joins by adding a factory to MAILBOXES: a class built from ``tmp_path`` with
``mailbox`` (the Mailbox), ``reopen()`` (a new Mailbox on the same storage: a restart),
``drafts()`` (the stored drafts, parsed), ``user_sends(ref, keep_key)`` (the user presses send in
their mail client; the draft moves to Sent with its Message-ID, with or without our key header)
and ``deliver(raw)`` (mail arrives in the inbox).
"""

from __future__ import annotations

import email
import mailbox
from datetime import datetime, timezone
from email.message import EmailMessage
from email.policy import default as POLICY
from pathlib import Path

import pytest

from connectors.base import KEY_HEADER, Mailbox
from connectors.maildir import MaildirMailbox
from connectors.memory_mail import MemoryMailbox

ROOT = Path(__file__).resolve().parent.parent


class MemoryFactory:
    def __init__(self, tmp_path: Path):
        self.mailbox = MemoryMailbox()

    def reopen(self) -> Mailbox:
        return self.mailbox

    def drafts(self) -> list[EmailMessage]:
        return list(self.mailbox.drafts.values())

    def user_sends(self, ref: str, keep_key: bool = True) -> None:
        if not keep_key:
            del self.mailbox.drafts[ref][KEY_HEADER]
        self.mailbox.send_draft(ref)

    def deliver(self, raw: bytes) -> None:
        self.mailbox.deliver(email.message_from_bytes(raw, policy=POLICY))


class MaildirFactory:
    def __init__(self, tmp_path: Path):
        self.root = tmp_path / "Mail"
        self.root.mkdir()
        self.mailbox = self.reopen()

    def reopen(self) -> Mailbox:
        return MaildirMailbox(str(self.root / "Drafts"), str(self.root / "Sent"), str(self.root / "INBOX"))

    def drafts(self) -> list[EmailMessage]:
        folder = self.root / "Drafts"
        files = sorted(p for sub in ("new", "cur") if (folder / sub).is_dir() for p in (folder / sub).iterdir())
        return [email.message_from_bytes(p.read_bytes(), policy=POLICY) for p in files]

    def user_sends(self, ref: str, keep_key: bool = True) -> None:
        """What mutt does on send: the message goes to Sent (flag S), the draft file is removed."""
        msg = email.message_from_bytes(Path(ref).read_bytes(), policy=POLICY)
        if not keep_key:
            del msg[KEY_HEADER]
        sent = mailbox.MaildirMessage(msg)
        sent.set_subdir("cur")
        sent.set_flags("S")
        mailbox.Maildir(self.root / "Sent", create=True).add(sent)
        Path(ref).unlink()

    def deliver(self, raw: bytes) -> None:
        mailbox.Maildir(self.root / "INBOX", create=True).add(raw)


class GmailFactory:
    """Gmail through the real google-api-python-client, against the local fake."""

    def __init__(self, tmp_path: Path):
        from .fakes.google_fake import GoogleFake, settings_for

        self.fake = GoogleFake().__enter__()
        self.server = self.fake.server
        self.settings = settings_for(self.fake, tmp_path)
        self.mailbox = self.reopen()

    def reopen(self) -> Mailbox:
        from connectors.google.gmail import GmailMailbox

        from .fakes.google_fake import session_for

        return GmailMailbox(session_for(self.fake, self.settings), self.settings.path(self.fake.account, ".gmail.json"))

    def drafts(self) -> list[EmailMessage]:
        return self.fake.draft_messages()

    def user_sends(self, ref: str, keep_key: bool = True) -> None:
        self.fake.user_sends(ref, keep_key=keep_key)

    def deliver(self, raw: bytes) -> None:
        self.fake.deliver(raw)


class ImapFactory:
    """A real Dovecot account (its own user), reached through a proxy that records every command."""

    def __init__(self, tmp_path: Path, dovecot, user: str):
        from .servers import PASSWORD, Recorder

        self.dovecot, self.user = dovecot, user
        self.recorder = Recorder(dovecot.port)
        self.command = f"printf '%s\\n' '{PASSWORD}'"
        self.world = dovecot.client(user)
        self.mailbox = self.reopen()

    def reopen(self) -> Mailbox:
        from connectors.imap import ImapMailbox
        from connectors.secret import Password
        from daemon.errors import MailboxError

        password = Password(self.command, "127.0.0.1", self.user, MailboxError, "IMAP test")
        return ImapMailbox("127.0.0.1", self.user, password, port=self.recorder.port, tls="none")

    def messages(self, folder: str) -> dict[int, EmailMessage]:
        self.world.select_folder(folder)
        fetched = self.world.fetch(self.world.search(["NOT", "DELETED"]), ["BODY.PEEK[]"])
        return {uid: email.message_from_bytes(v[b"BODY[]"], policy=POLICY) for uid, v in sorted(fetched.items())}

    def drafts(self) -> list[EmailMessage]:
        from .servers import DRAFTS

        return list(self.messages(DRAFTS).values())

    def user_sends(self, ref: str, keep_key: bool = True) -> None:
        """What a mail client does on send: a copy lands in Sent, the draft is deleted from Drafts."""
        from .servers import DRAFTS, SENT

        uid = int(ref.rsplit("UID=", 1)[1])
        msg = self.messages(DRAFTS)[uid]
        if not keep_key:
            del msg[KEY_HEADER]
        self.world.append(SENT, msg.as_bytes(policy=POLICY.clone(linesep="\r\n")), flags=[b"\\Seen"])
        self.world.select_folder(DRAFTS)
        self.world.delete_messages([uid])
        self.world.expunge()

    def deliver(self, raw: bytes) -> None:
        self.world.append("INBOX", raw.replace(b"\r\n", b"\n").replace(b"\n", b"\r\n"))

    def close(self) -> None:
        self.recorder.close()
        self.world.logout()


@pytest.fixture(params=[MemoryFactory, MaildirFactory, GmailFactory, ImapFactory], ids=["memory", "maildir", "gmail", "imap"])
def mail(request, tmp_path):
    if request.param is ImapFactory:
        factory = ImapFactory(tmp_path, request.getfixturevalue("dovecot"), request.getfixturevalue("imap_user"))
    else:
        factory = request.param(tmp_path)
    yield factory
    if hasattr(factory, "server"):
        factory.server.shutdown()
    if hasattr(factory, "close"):
        factory.close()


def draft(key: str, n: int = 1, subject: str = "Thank you — our conversation about the data platform") -> EmailMessage:
    msg = EmailMessage()
    msg["From"] = "Robin Vega <robin.vega@example.org>"
    msg["To"] = "Zoë Okafor <kim@acme.example>"
    msg["Subject"] = subject
    msg["Message-ID"] = f"<draft-{n}.{key}@followthrough.invalid>"
    msg[KEY_HEADER] = key
    msg.set_content("Dear Dr. Okafor,\n\nThank you for the conversation — café included.\n")
    return msg


REPLY = b"""\
From: Kim Okafor <Kim.Okafor@ACME.example>
To: Robin Vega <robin.vega@example.org>
Cc: hr@acme.example
Subject: Re: Thank you
Date: Tue, 03 Mar 2026 10:15:00 -0500
Message-ID: <reply-1@acme.example>
In-Reply-To: <draft-1.k1@followthrough.invalid>
References: <first@acme.example>
 <draft-1.k1@followthrough.invalid>

Thanks Robin, we will be in touch.
"""

AUTO = b"""\
From: Lee Park <lee@acme.example>
To: robin.vega@example.org
Subject: Out of office
Date: Tue, 03 Mar 2026 10:16:00 -0500
Message-ID: <auto-1@acme.example>
In-Reply-To: <draft-1.k1@followthrough.invalid>
Auto-Submitted: auto-replied; owner-email=lee@acme.example
X-Autoreply: yes

I am away until Monday.
"""

ENCODED = b"""\
From: =?utf-8?q?Zo=C3=AB_M=C3=BCller?= <Zoe@Example.COM>
To: robin.vega@example.org
Subject: =?utf-8?b?UmU6IERhbmtlIHNjaMO2biDigJQgbsOkY2hzdGUgUnVuZGU=?=
Date: Wed, 04 Mar 2026 09:00:00 -0000
Message-ID: <enc-1@example.com>
Auto-Submitted: no
Precedence: auto_reply

Hallo
"""


def test_create_draft_stores_the_message_and_returns_a_ref(mail):
    ref = mail.mailbox.create_draft(draft("k1"), "k1")
    assert isinstance(mail.mailbox, Mailbox) and isinstance(ref, str) and ref
    [stored] = mail.drafts()
    assert stored[KEY_HEADER] == "k1"
    assert stored["Message-ID"] == "<draft-1.k1@followthrough.invalid>"
    assert stored["Subject"] == "Thank you — our conversation about the data platform"
    assert stored["To"].addresses[0].display_name == "Zoë Okafor"
    assert "café included" in stored.get_content()


def test_the_same_key_twice_makes_one_draft(mail):
    ref = mail.mailbox.create_draft(draft("k1"), "k1")
    again = mail.mailbox.create_draft(draft("k1", n=2, subject="A second attempt"), "k1")
    after_restart = mail.reopen().create_draft(draft("k1", n=3), "k1")
    assert again == ref and after_restart == ref
    assert len(mail.drafts()) == 1
    mail.mailbox.create_draft(draft("k2"), "k2")
    assert len(mail.drafts()) == 2


def test_the_caller_message_is_not_changed(mail):
    msg = draft("k1")
    mail.mailbox.create_draft(msg, "k1")
    msg.replace_header("Subject", "changed afterwards")
    assert mail.drafts()[0]["Subject"].startswith("Thank you")


def test_find_draft(mail):
    assert mail.mailbox.find_draft("k1") is None
    ref = mail.mailbox.create_draft(draft("k1"), "k1")
    assert mail.mailbox.find_draft("k1") == ref
    assert mail.reopen().find_draft("k1") == ref
    assert mail.mailbox.find_draft("k2") is None


def test_a_sent_draft_is_seen_and_not_drafted_again(mail):
    ref = mail.mailbox.create_draft(draft("k1"), "k1")
    mid = "<draft-1.k1@followthrough.invalid>"
    assert mail.mailbox.sent({mid}) == set()
    mail.user_sends(ref)
    assert mail.mailbox.sent({mid, "<never@example.com>"}) == {mid}
    assert mail.mailbox.find_draft("k1") is None
    assert mail.mailbox.create_draft(draft("k1"), "k1")
    assert mail.reopen().create_draft(draft("k1"), "k1")
    assert mail.drafts() == []


def test_a_sent_draft_whose_client_dropped_our_header_is_known_by_message_id(mail):
    ref = mail.mailbox.create_draft(draft("k1"), "k1")
    mail.user_sends(ref, keep_key=False)
    assert mail.mailbox.create_draft(draft("k1"), "k1")
    assert mail.drafts() == []


def test_sent_with_nothing_asked_or_nothing_sent(mail):
    assert mail.mailbox.sent(set()) == set()
    assert mail.mailbox.sent({"<x@example.com>"}) == set()


def test_replies_carry_threading_and_auto_reply_headers(mail):
    mail.deliver(REPLY)
    mail.deliver(AUTO)
    found, token = mail.mailbox.replies(None)
    assert token is None or isinstance(token, str)
    by_id = {h.message_id: h for h in found}
    assert set(by_id) == {"<reply-1@acme.example>", "<auto-1@acme.example>"}
    human, auto = by_id["<reply-1@acme.example>"], by_id["<auto-1@acme.example>"]
    assert (human.from_addr, human.from_name) == ("kim.okafor@acme.example", "Kim Okafor")
    assert human.to_addrs == ["robin.vega@example.org", "hr@acme.example"]
    assert human.subject == "Re: Thank you"
    assert human.date == datetime(2026, 3, 3, 15, 15, tzinfo=timezone.utc)
    assert human.in_reply_to == ["<draft-1.k1@followthrough.invalid>"]
    assert human.references == ["<first@acme.example>", "<draft-1.k1@followthrough.invalid>"]
    assert (human.auto_submitted, human.autoreply) == ("", False)
    assert human.answers({"<draft-1.k1@followthrough.invalid>"})
    assert (auto.auto_submitted, auto.autoreply) == ("auto-replied", True)
    assert auto.answers({"<draft-1.k1@followthrough.invalid>"}) and not auto.answers({"<other@x>"})


def test_the_token_skips_what_was_seen(mail):
    mail.deliver(REPLY)
    first, token = mail.mailbox.replies(None)
    assert [h.message_id for h in first] == ["<reply-1@acme.example>"]
    again, token = mail.mailbox.replies(token)
    assert {h.message_id for h in again} <= {"<reply-1@acme.example>"}
    mail.deliver(AUTO)
    later, _ = mail.mailbox.replies(token)
    assert "<auto-1@acme.example>" in {h.message_id for h in later}
    assert {h.message_id for h in later} <= {"<reply-1@acme.example>", "<auto-1@acme.example>"}


def test_encoded_names_and_subjects_are_decoded(mail):
    mail.deliver(ENCODED)
    [h], _ = mail.mailbox.replies(None)
    assert (h.from_name, h.from_addr) == ("Zoë Müller", "zoe@example.com")
    assert h.subject == "Re: Danke schön — nächste Runde"
    assert h.date == datetime(2026, 3, 4, 9, 0, tzinfo=timezone.utc)
    assert h.auto_submitted == "" and h.autoreply is True  # "Auto-Submitted: no"; Precedence: auto_reply


def test_no_connector_can_send_mail():
    for path in sorted((ROOT / "connectors").rglob("*.py")):
        source = path.read_text(encoding="utf-8")
        for word in ("smtplib", "send_message", "sendmail"):
            assert word not in source, f"{path.name} mentions {word}"
