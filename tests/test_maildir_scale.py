"""A Maildir the size of a real one: 100,000 messages in INBOX and 30,000 in Sent.

Replies and sends among them are still seen, across restarts (the index is in the state), while a
first look reads no old header and a poll with no new mail lists no directory and reads no file.
Counts, not timings: bench/maildir_scale.py measures the time.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from connectors import maildir
from connectors.maildir import MaildirMailbox
from daemon.core import compose
from daemon.service.state import open_state

INBOX, SENT = 100_000, 30_000


def generate(folder: Path, count: int, kind: str) -> None:
    for sub in ("cur", "new", "tmp"):
        (folder / sub).mkdir(parents=True, exist_ok=True)
    for i in range(count):
        path = folder / ("new" if i % 50 == 0 else "cur") / (f"{1_700_000_000 + i}.M{i}P1.old" + ("" if i % 50 == 0 else ":2,S"))
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        os.write(fd, f"From: a{i % 991}@example.com\nTo: kim.okafor@acme.example\nSubject: {kind} {i}\n"
                     f"Message-ID: <{kind}-{i}@example.com>\n\nx\n".encode())
        os.close(fd)


class Counter:
    """Counts header reads and directory listings, the two costs that grow with the Maildir."""

    def __init__(self, monkeypatch):
        self.reads, self.listings = [], 0
        real_read, real_scandir = maildir.read_headers, os.scandir

        def read(path):
            self.reads.append(Path(path).name)
            return real_read(path)

        def scandir(path="."):
            self.listings += 1
            return real_scandir(path)

        monkeypatch.setattr(maildir, "read_headers", read)
        monkeypatch.setattr(maildir.os, "scandir", scandir)

    def reset(self):
        self.reads, self.listings = [], 0


@pytest.fixture(scope="module")
def big(tmp_path_factory):
    root = tmp_path_factory.mktemp("big")
    generate(root / "INBOX", INBOX, "inbox")
    generate(root / "Sent", SENT, "sent")
    (root / "Drafts").mkdir()
    return root


def settle():
    time.sleep(0.05)  # file times are coarse: let the clock move past what was just written


def test_replies_and_sends_among_100000_old_messages_are_seen(big, tmp_path, monkeypatch):
    monkeypatch.setattr(maildir, "TOKEN_MARGIN_NS", 0)
    count = Counter(monkeypatch)
    state = tmp_path / "state.sqlite"

    def box() -> MaildirMailbox:  # every call a restart (or a `run --once`): only the state remembers
        return MaildirMailbox(str(big / "Drafts"), str(big / "Sent"), str(big / "INBOX"), index=open_state(state).maildir_index())

    settle()
    found, token = box().replies(None)
    assert found == [] and count.reads == []  # a fresh install: nothing old is read
    draft = compose.build_message(sender_name="Robin Vega", sender_email="robin.vega@example.org", to_name="Kim Okafor",
                                  to_email="kim.okafor@acme.example", subject="Thank you — Backend Engineer interview",
                                  body="Dear Kim,\n\nThank you.\n", now=__import__("datetime").datetime.now().astimezone(),
                                  key="ft-big")
    ref = Path(box().create_draft(draft, "ft-big"))
    assert count.reads == []
    count.reset()
    assert box().sent({"<ft-big@example.org>"}) == set() and count.reads == []

    settle()
    # the user sends it from neomutt (a new Message-ID), then Kim replies to that one
    sent_copy = draft.as_string().replace("<ft-big@example.org>", "<20261022.neo@example.org>")
    (big / "Sent" / "cur" / "1800000000.neomutt:2,S").write_text(sent_copy)
    ref.unlink()
    (big / "INBOX" / "new" / "1800000001.reply").write_text(
        "From: Kim Okafor <kim.okafor@acme.example>\nTo: robin.vega@example.org\nSubject: Re: Thank you\n"
        "Message-ID: <reply@acme.example>\nIn-Reply-To: <20261022.neo@example.org>\n\nThanks!\n")
    settle()
    count.reset()
    assert box().sent({"<ft-big@example.org>"}) == {"<ft-big@example.org>"}
    found, token = box().replies(token)
    assert [h.message_id for h in found] == ["<reply@acme.example>"]
    assert "<ft-big@example.org>" in found[0].references  # linked to ours through the new Message-ID
    assert len(count.reads) <= 3, count.reads  # the new files, not the 130,000 old ones

    settle()
    count.reset()
    again, token2 = box().replies(token)
    assert box().sent({"<ft-big@example.org>"}) == {"<ft-big@example.org>"}
    assert again == [] and token2 == token
    assert count.reads == [] and count.listings == 0  # no new mail: no directory listed, no file read
