"""One contract suite for every mailbox: the in-memory reference, Maildir, Gmail (the fake) and IMAP (Dovecot).

A new mailbox joins by adding a factory to MAILBOXES: a class built from ``tmp_path`` with
``mailbox`` (the Mailbox), ``reopen()`` (a new Mailbox on the same storage: a restart),
``drafts()`` (the stored drafts, parsed), ``user_sends(ref, keep_key, new_message_id)`` (the user
presses send in their mail client; the draft moves to Sent, with or without an old key header, under
its Message-ID or a new one), ``deliver(raw)`` (mail arrives in the inbox) and ``put_old_draft(msg)``
(a draft an older release wrote, carrying ``X-Followthrough-Key``).
"""

from __future__ import annotations

import email
import mailbox
from datetime import datetime, timezone
from email.message import EmailMessage
from email.policy import default as POLICY
from email.utils import make_msgid
from pathlib import Path

import pytest

from connectors.base import Mailbox
from daemon.core.model import KEY_HEADER, OWN_HEADERS, draft_message_id
from connectors.maildir import MaildirMailbox
from connectors.memory_mail import MemoryMailbox
from daemon.service.state import open_state

ROOT = Path(__file__).resolve().parent.parent


class MemoryFactory:
    def __init__(self, tmp_path: Path):
        self.mailbox = MemoryMailbox()

    def reopen(self) -> Mailbox:
        return self.mailbox

    def drafts(self) -> list[EmailMessage]:
        return list(self.mailbox.drafts.values())

    def user_sends(self, ref: str, keep_key: bool = True, new_message_id: bool = False) -> None:
        msg = self.mailbox.drafts[ref]
        if not keep_key:
            del msg[KEY_HEADER]
        if new_message_id:
            msg.replace_header("Message-ID", make_msgid(domain="client.example"))
        self.mailbox.send_draft(ref)

    def deliver(self, raw: bytes) -> None:
        self.mailbox.deliver(email.message_from_bytes(raw, policy=POLICY))

    def put_old_draft(self, msg: EmailMessage) -> str:
        self.mailbox.drafts["old-1"] = msg
        return "old-1"


class MaildirFactory:
    """A Maildir whose index is kept in a state file, as the service has it: ``reopen`` is a restart."""

    def __init__(self, tmp_path: Path):
        self.root = tmp_path / "Mail"
        self.root.mkdir()
        self.state_path = tmp_path / "state.sqlite"
        self.mailbox = self.reopen()

    def reopen(self) -> Mailbox:
        index = open_state(self.state_path).maildir_index()
        return MaildirMailbox(str(self.root / "Drafts"), str(self.root / "Sent"), str(self.root / "INBOX"), index=index)

    def drafts(self) -> list[EmailMessage]:
        folder = self.root / "Drafts"
        files = sorted(p for sub in ("new", "cur") if (folder / sub).is_dir() for p in (folder / sub).iterdir())
        return [email.message_from_bytes(p.read_bytes(), policy=POLICY) for p in files]

    def user_sends(self, ref: str, keep_key: bool = True, new_message_id: bool = False) -> None:
        """What mutt does on send: the message goes to Sent (flag S), the draft file is removed.

        Some clients give the sent copy a new Message-ID (``new_message_id``).
        """
        msg = email.message_from_bytes(Path(ref).read_bytes(), policy=POLICY)
        if not keep_key:
            del msg[KEY_HEADER]
        if new_message_id:
            msg.replace_header("Message-ID", make_msgid(domain="client.example"))
        sent = mailbox.MaildirMessage(msg)
        sent.set_subdir("cur")
        sent.set_flags("S")
        mailbox.Maildir(self.root / "Sent", create=True).add(sent)
        Path(ref).unlink()

    def deliver(self, raw: bytes) -> None:
        mailbox.Maildir(self.root / "INBOX", create=True).add(raw)

    def put_old_draft(self, msg: EmailMessage) -> str:
        draft = mailbox.MaildirMessage(msg)
        draft.set_subdir("cur")
        draft.set_flags("D")
        uniq = mailbox.Maildir(self.root / "Drafts", create=True).add(draft)
        return str(self.root / "Drafts" / "cur" / f"{uniq}:2,D")


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

    def user_sends(self, ref: str, keep_key: bool = True, new_message_id: bool = False) -> None:
        self.fake.user_sends(ref, keep_key=keep_key, new_message_id=new_message_id)

    def deliver(self, raw: bytes) -> None:
        self.fake.deliver(raw)

    def put_old_draft(self, msg: EmailMessage) -> str:
        return self.fake.put_draft(msg.as_bytes())


class ImapFactory:
    """A real Dovecot account (its own user), reached through a proxy that records every command; what
    the mailbox has seen is kept in a state file, as the service has it: ``reopen`` is a restart."""

    def __init__(self, tmp_path: Path, dovecot, user: str):
        from .servers import PASSWORD, Recorder

        self.dovecot, self.user = dovecot, user
        self.recorder = Recorder(dovecot.port)
        self.command = f"printf '%s\\n' '{PASSWORD}'"
        self.world = dovecot.client(user)
        self.state_path = tmp_path / "state.sqlite"
        self.mailbox = self.reopen()

    def reopen(self) -> Mailbox:
        from connectors.imap import ImapMailbox
        from connectors.secret import Password
        from daemon.core.errors import MailboxError

        password = Password(self.command, "127.0.0.1", self.user, MailboxError, "IMAP test")
        return ImapMailbox("127.0.0.1", self.user, password, port=self.recorder.port, tls="none",
                           index=open_state(self.state_path).maildir_index())

    def messages(self, folder: str) -> dict[int, EmailMessage]:
        self.world.select_folder(folder)
        fetched = self.world.fetch(self.world.search(["NOT", "DELETED"]), ["BODY.PEEK[]"])
        return {uid: email.message_from_bytes(v[b"BODY[]"], policy=POLICY) for uid, v in sorted(fetched.items())}

    def drafts(self) -> list[EmailMessage]:
        from .servers import DRAFTS

        return list(self.messages(DRAFTS).values())

    def sent_messages(self) -> list[EmailMessage]:
        from .servers import SENT

        return list(self.messages(SENT).values())

    def user_sends(self, ref: str, keep_key: bool = True, new_message_id: bool = False) -> None:
        """What a mail client does on send: a copy lands in Sent, the draft is deleted from Drafts.

        Some clients give the sent copy a new Message-ID (``new_message_id``).
        """
        from .servers import DRAFTS, SENT

        uid = int(ref.rsplit("UID=", 1)[1])
        msg = self.messages(DRAFTS)[uid]
        if not keep_key:
            del msg[KEY_HEADER]
        if new_message_id:
            msg.replace_header("Message-ID", make_msgid(domain="client.example"))
        self.world.append(SENT, msg.as_bytes(policy=POLICY.clone(linesep="\r\n")), flags=[b"\\Seen"])
        self.world.select_folder(DRAFTS)
        self.world.delete_messages([uid])
        self.world.expunge()

    def deliver(self, raw: bytes) -> None:
        self.world.append("INBOX", raw.replace(b"\r\n", b"\n").replace(b"\n", b"\r\n"))

    def put_old_draft(self, msg: EmailMessage) -> str:
        """A draft an older release appended; its ref as the mailbox names it (an RFC 5092 IMAP URL)."""
        from urllib.parse import quote

        from .servers import DRAFTS

        answer = self.world.append(DRAFTS, msg.as_bytes(policy=POLICY.clone(linesep="\r\n")), flags=[b"\\Draft", b"\\Seen"])
        uidvalidity, uid = (int(n) for n in answer.split(b"APPENDUID ", 1)[1].split(b"]", 1)[0].split())
        return f"imap://{self.user}@127.0.0.1/{quote(DRAFTS)};UIDVALIDITY={uidvalidity}/;UID={uid}"

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


def draft(key: str, n: int = 1, subject: str = "Thank you — our conversation about the data platform",
          to: str = "Zoë Okafor <kim@acme.example>", in_reply_to: str = "", date: str = "Mon, 02 Mar 2026 12:00:00 -0500") -> EmailMessage:
    """A draft as the core builds it: the Message-ID carries the key, no header of ours."""
    msg = EmailMessage()
    msg["From"] = "Robin Vega <robin.vega@example.org>"
    msg["To"] = to
    msg["Subject"] = subject
    msg["Date"] = date
    msg["Message-ID"] = draft_message_id(key, "example.org")
    if in_reply_to:
        msg["In-Reply-To"] = in_reply_to
        msg["References"] = in_reply_to
    msg.set_content("Dear Dr. Okafor,\n\nThank you for the conversation — café included.\n")
    return msg


def old_draft(key: str) -> EmailMessage:
    """A draft as older releases built it: a random Message-ID and our headers."""
    msg = draft(key)
    msg.replace_header("Message-ID", "<177.ft.4242@example.org>")
    msg[KEY_HEADER] = key
    msg["X-Followthrough"] = "draft; review it and send it yourself"
    return msg


REPLY = b"""\
From: Kim Okafor <Kim.Okafor@ACME.example>
To: Robin Vega <robin.vega@example.org>
Cc: hr@acme.example
Subject: Re: Thank you
Date: Tue, 03 Mar 2026 10:15:00 -0500
Message-ID: <reply-1@acme.example>
In-Reply-To: <k1@example.org>
References: <first@acme.example>
 <k1@example.org>

Thanks Robin, we will be in touch.
"""

AUTO = b"""\
From: Lee Park <lee@acme.example>
To: robin.vega@example.org
Subject: Out of office
Date: Tue, 03 Mar 2026 10:16:00 -0500
Message-ID: <auto-1@acme.example>
In-Reply-To: <k1@example.org>
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
    assert not any(h in stored for h in OWN_HEADERS)  # nothing of ours travels when the user sends it
    assert stored["Message-ID"] == "<k1@example.org>"
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
    mid = "<k1@example.org>"
    assert mail.mailbox.sent({mid}) == set()
    mail.user_sends(ref)
    assert mail.mailbox.sent({mid, "<never@example.com>"}) == {mid}
    assert mail.mailbox.find_draft("k1") is None
    assert mail.mailbox.create_draft(draft("k1"), "k1")
    assert mail.reopen().create_draft(draft("k1"), "k1")
    assert mail.drafts() == []


def test_a_sent_draft_whose_client_dropped_our_header_is_known_by_message_id(mail):
    ref = mail.put_old_draft(old_draft("k1"))
    mail.mailbox.find_draft("k1")  # seen once before the user sends it (the older release wrote it)
    mail.user_sends(ref, keep_key=False)
    assert mail.mailbox.sent({"<177.ft.4242@example.org>"}) == {"<177.ft.4242@example.org>"}
    assert mail.mailbox.create_draft(old_draft("k1"), "k1")
    assert mail.drafts() == []


# -- drafts of older releases: the X-Followthrough-Key header ----------------------------------------


def test_an_old_draft_carrying_the_key_header_is_recognised(mail):
    """After an upgrade the same key finds the draft an older release wrote: no second draft."""
    ref = mail.put_old_draft(old_draft("k1"))
    assert mail.reopen().find_draft("k1") == ref
    assert mail.reopen().create_draft(draft("k1"), "k1") == ref
    assert len(mail.drafts()) == 1


def test_a_draft_planned_by_an_older_release_is_written_without_our_headers(mail):
    ref = mail.mailbox.create_draft(old_draft("k1"), "k1")
    [stored] = mail.drafts()
    assert stored["Message-ID"] == "<177.ft.4242@example.org>" and not any(h in stored for h in OWN_HEADERS)
    assert mail.reopen().create_draft(old_draft("k1"), "k1") == ref and len(mail.drafts()) == 1


def test_an_old_draft_sent_with_a_new_message_id_but_the_key_header_counts_as_sent(mail):
    ref = mail.put_old_draft(old_draft("k1"))
    mail.mailbox.find_draft("k1")  # seen once before the user sends it, as the service polls
    mail.user_sends(ref, keep_key=True, new_message_id=True)
    assert mail.reopen().sent({"<177.ft.4242@example.org>"}) == {"<177.ft.4242@example.org>"}
    assert mail.reopen().create_draft(old_draft("k1"), "k1") and mail.drafts() == []


# -- clients that give the sent copy a new Message-ID (mutt, neomutt, Gmail) --------------------------


def test_a_thank_you_sent_under_a_new_message_id_counts_as_sent(mail):
    ref = mail.mailbox.create_draft(draft("k1"), "k1")
    other = mail.mailbox.create_draft(draft("k2", to="lee@acme.example"), "k2")
    mail.user_sends(ref, keep_key=False, new_message_id=True)
    box = mail.reopen()
    assert box.sent({"<k1@example.org>", "<k2@example.org>"}) == {"<k1@example.org>"}
    assert box.create_draft(draft("k1"), "k1") and len(mail.drafts()) == 1  # never drafted again
    mail.user_sends(other, keep_key=False, new_message_id=True)
    assert mail.reopen().sent({"<k1@example.org>", "<k2@example.org>"}) == {"<k1@example.org>", "<k2@example.org>"}


def test_a_follow_up_answers_the_message_id_the_thank_you_was_sent_under(mail):
    """So the interviewer's client (and notmuch, neomutt) threads it under the note they received."""
    ref = mail.mailbox.create_draft(draft("k1"), "k1")
    mail.user_sends(ref, keep_key=False, new_message_id=True)
    box = mail.reopen()
    assert box.sent({"<k1@example.org>"}) == {"<k1@example.org>"}
    [sent_copy] = _sent(mail)
    real = sent_copy["Message-ID"]
    assert real != "<k1@example.org>"
    follow = box.create_draft(draft("k1-f", subject="Re: Thank you", in_reply_to="<k1@example.org>",
                                    date="Mon, 16 Mar 2026 09:00:00 -0400"), "k1-f")
    [stored] = mail.drafts()
    assert stored["In-Reply-To"] == real and real in stored["References"]
    # and the follow-up sent under a new Message-ID too is seen by its thread
    mail.user_sends(follow, keep_key=False, new_message_id=True)
    assert mail.reopen().sent({"<k1-f@example.org>"}) == {"<k1-f@example.org>"}


def test_a_reply_quoting_the_new_message_id_is_linked_to_ours(mail):
    ref = mail.mailbox.create_draft(draft("k1"), "k1")
    mail.user_sends(ref, keep_key=False, new_message_id=True)
    box = mail.reopen()
    box.sent({"<k1@example.org>"})
    real = [m for m in _sent(mail)][0]["Message-ID"] if not isinstance(mail, MemoryFactory) else str(mail.mailbox.sent_messages[0]["Message-ID"])
    mail.deliver(REPLY.replace(b"<k1@example.org>", real.encode()))
    found, _ = box.replies(None)
    [h] = [h for h in found if h.message_id == "<reply-1@acme.example>"]
    assert h.answers({"<k1@example.org>"})


def test_other_mail_is_not_taken_for_a_sent_draft(mail):
    """A new Message-ID: the copy must go to the draft's recipient, be no older than it, and match its thread or subject."""
    ref = mail.mailbox.create_draft(draft("k1"), "k1")
    mail.mailbox.create_draft(draft("k2", to="lee@acme.example", subject="Thank you, Lee"), "k2")
    mail.user_sends(ref, keep_key=False, new_message_id=True)
    assert mail.reopen().sent({"<k2@example.org>"}) == set()
    assert mail.reopen().sent({"<k1@example.org>", "<k2@example.org>"}) == {"<k1@example.org>"}


def _sent(mail) -> list[EmailMessage]:
    if isinstance(mail, MaildirFactory):
        folder = mail.root / "Sent"
        return [email.message_from_bytes(p.read_bytes(), policy=POLICY) for sub in ("cur", "new") for p in sorted((folder / sub).iterdir())]
    if isinstance(mail, MemoryFactory):
        return list(mail.mailbox.sent_messages)
    if isinstance(mail, ImapFactory):
        return mail.sent_messages()
    return mail.fake.sent_messages()


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
    assert human.in_reply_to == ["<k1@example.org>"]
    assert human.references == ["<first@acme.example>", "<k1@example.org>"]
    assert (human.auto_submitted, human.autoreply) == ("", False)
    assert human.answers({"<k1@example.org>"})
    assert (auto.auto_submitted, auto.autoreply) == ("auto-replied", True)
    assert auto.answers({"<k1@example.org>"}) and not auto.answers({"<other@x>"})


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


def test_a_sent_copy_counts_for_one_draft_only(mail):
    """A second thank-you to the same person (a later round) is not sent by the first one's copy."""
    ref = mail.mailbox.create_draft(draft("k1"), "k1")
    mail.user_sends(ref, keep_key=False, new_message_id=True)
    assert mail.reopen().sent({"<k1@example.org>"}) == {"<k1@example.org>"}
    mail.mailbox.create_draft(draft("k2"), "k2")  # same person, same subject, planned the same day
    assert mail.reopen().sent({"<k2@example.org>"}) == set()
