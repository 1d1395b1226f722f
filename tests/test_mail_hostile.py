"""Mail that stalled the service or went unseen: a FIFO in a Maildir, a reply without a Message-ID,
a sent copy under a new Message-ID, failed draft writes, non-ASCII addresses.

The messages are fixtures in tests/data/mail/ (see its README); FIFOs are made here.
"""

from __future__ import annotations

import email
import os
import subprocess
import sys
import textwrap
import time
from datetime import datetime, timedelta
from email.policy import default as POLICY
from pathlib import Path

import pytest

from connectors.base import OWN_HEADERS
from connectors.maildir import MaildirMailbox
from connectors.messages import headers_of
from daemon import compose
from daemon.errors import UsageError
from daemon.state import open_state

from .conftest import ROOT
from .test_runner import FOLLOWUP, KIM, NY, World, event, thanked

DATA = Path(__file__).parent / "data" / "mail"
OLD_KEY = "ft-0123456789abcdef0123456789abcdef"
OLD_MID = "<178330040221.4242.5155225393841117@example.org>"


def fixture(name: str, **replace: str) -> bytes:
    data = (DATA / name).read_bytes()
    for k, v in replace.items():
        data = data.replace(f"@{k}@".encode(), v.encode())
    return data


def maildir(root: Path) -> dict[str, Path]:
    found = {}
    for box in ("Drafts", "Sent", "INBOX"):
        for sub in ("cur", "new", "tmp"):
            (root / box / sub).mkdir(parents=True, exist_ok=True)
        found[box] = root / box
    return found


def open_box(root: Path, state: Path | None = None) -> MaildirMailbox:
    index = open_state(state).maildir_index() if state else None
    return MaildirMailbox(str(root / "Drafts"), str(root / "Sent"), str(root / "INBOX"), index=index)


def thank_you(key: str = "ft-aaaa", to: str = "kim.okafor@acme.example") -> email.message.EmailMessage:
    return compose.build_message(sender_name="Robin Vega", sender_email="robin.vega@example.org", to_name="Kim Okafor",
                                 to_email=to, subject="Thank you for our conversation on Thursday",
                                 body="Dear Dr. Okafor,\n\nThank you.\n", now=datetime(2026, 10, 22, 12, tzinfo=NY), key=key)


# -- a FIFO (or any file that is not a regular one) never blocks ---------------------------------------


def test_a_fifo_in_inbox_or_sent_never_blocks(tmp_path):
    """Run in a child process with a timeout: opening a FIFO for reading blocks until a writer comes."""
    script = textwrap.dedent(f"""
        import os, sys
        sys.path.insert(0, {str(ROOT)!r})
        from pathlib import Path
        from tests.test_mail_hostile import open_box, thank_you, maildir, fixture
        from connectors.maildir import read_headers
        root = Path({str(tmp_path)!r})
        boxes = maildir(root)
        box = open_box(root, root / "state.sqlite")
        box.create_draft(thank_you(), "ft-aaaa")
        for folder in (boxes["INBOX"], boxes["Sent"]):
            for sub in ("cur", "new"):
                os.mkfifo(folder / sub / f"fifo-{{sub}}:2,S" if sub == "cur" else folder / sub / "fifo")
        (boxes["Sent"] / "cur" / "1.neomutt:2,S").write_bytes(fixture("sent-by-neomutt.eml"))
        (boxes["INBOX"] / "new" / "2.reply").write_bytes(fixture("reply-without-message-id.eml", THANK_YOU="<ft-aaaa@example.org>"))
        try:
            read_headers(boxes["INBOX"] / "new" / "fifo")
        except OSError as exc:
            print("refused:", exc)
        print("sent", sorted(box.sent({{"<ft-aaaa@example.org>"}})))
        print("replies", len(box.replies(None)[0]))
        again = open_box(root)  # no index: everything is looked at again
        print("again", len(again.replies("0")[0]))
    """)
    proc = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60, cwd=ROOT)
    assert proc.returncode == 0, proc.stderr
    assert "refused:" in proc.stdout and "not a regular file" in proc.stdout
    assert "sent ['<ft-aaaa@example.org>']" in proc.stdout
    assert "replies 1" in proc.stdout and "again 1" in proc.stdout


def test_run_once_with_fifos_in_the_maildir_finishes(tmp_path):
    from .test_e2e import AFTER_END, DEBRIEF_AT, World as CliWorld

    world = CliWorld(tmp_path)
    world.cli(AFTER_END, "run", "--once")
    world.cli(DEBRIEF_AT, "debrief", "1", "--answers", str(tmp_path / "answers.toml"))
    for box in ("INBOX", "Sent"):
        os.mkfifo(world.mail / box / "cur" / "fifo:2,S")
        os.mkfifo(world.mail / box / "new" / "fifo")
    world.send_all_drafts()
    out = world.cli("2026-09-02T13:00:00-04:00", "run", "--once").stdout  # timeout 120 s: a hang fails
    assert "sent by you: thank_you to Kim Okafor" in out


# -- a reply without a Message-ID ----------------------------------------------------------------------


def test_a_reply_without_a_message_id_counts(tmp_path):
    """Before: ignored, and a follow-up went to someone who had already answered."""
    w = World(tmp_path, [event()])
    w.tick(datetime(2026, 10, 21, tzinfo=NY))
    thanked(w)
    tid = w.row("thank_you", KIM.email)["message_id"]
    w.mb.deliver(email.message_from_bytes(fixture("reply-without-message-id.eml", THANK_YOU=tid), policy=POLICY))
    w.tick(datetime(2026, 10, 26, 9, 15, tzinfo=NY))
    assert w.iv().stage == "closed"
    w.tick(FOLLOWUP + timedelta(days=1))
    assert w.rows("followup1") == []


def test_a_message_without_a_message_id_keeps_one_stand_in(tmp_path):
    boxes = maildir(tmp_path)
    (boxes["INBOX"] / "new" / "1.reply").write_bytes(fixture("reply-without-message-id.eml", THANK_YOU="<t@example.org>"))
    first = open_box(tmp_path).replies("0")[0]
    second = open_box(tmp_path).replies("0")[0]
    assert len(first) == 1 and first[0].message_id == second[0].message_id
    assert first[0].message_id.endswith("@no-message-id.invalid>") and first[0].in_reply_to == ["<t@example.org>"]


# -- sent copies under a new Message-ID ----------------------------------------------------------------


def test_a_sent_copy_keeping_the_old_key_under_a_new_message_id_counts_as_sent(tmp_path):
    boxes = maildir(tmp_path)
    draft = boxes["Drafts"] / "cur" / "1.old:2,D"
    draft.write_bytes(fixture("old-release-draft.eml"))
    box = open_box(tmp_path, tmp_path / "state.sqlite")
    assert box.find_draft(OLD_KEY) == str(draft)  # the older release's draft is known by its header
    draft.unlink()  # neomutt recalled and sent it
    (boxes["Sent"] / "cur" / "2.sent:2,S").write_bytes(fixture("sent-new-id-old-key.eml"))
    restarted = open_box(tmp_path, tmp_path / "state.sqlite")
    assert restarted.sent({OLD_MID}) == {OLD_MID}
    planned = email.message_from_bytes(fixture("old-release-draft.eml"), policy=POLICY)
    restarted.create_draft(planned, OLD_KEY)  # a retry after a crash writes nothing
    assert os.listdir(boxes["Drafts"] / "cur") == []


def test_a_thank_you_neomutt_sent_under_a_new_message_id_counts_as_sent(tmp_path):
    boxes = maildir(tmp_path)
    box = open_box(tmp_path, tmp_path / "state.sqlite")
    ref = Path(box.create_draft(thank_you(), "ft-aaaa"))
    ref.unlink()
    (boxes["Sent"] / "cur" / "2.sent:2,S").write_bytes(fixture("sent-by-neomutt.eml"))
    assert open_box(tmp_path, tmp_path / "state.sqlite").sent({"<ft-aaaa@example.org>"}) == {"<ft-aaaa@example.org>"}


# -- failed draft writes leave nothing behind ---------------------------------------------------------


def test_a_failed_draft_write_leaves_no_file_in_tmp(tmp_path):
    """A full disk, played by a file-size limit in a child process: the write fails, tmp/ stays empty."""
    boxes = maildir(tmp_path)
    script = textwrap.dedent(f"""
        import resource, signal, sys
        sys.path.insert(0, {str(ROOT)!r})
        from pathlib import Path
        from tests.test_mail_hostile import open_box, thank_you
        from daemon.errors import MailboxError
        box = open_box(Path({str(tmp_path)!r}))
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (64, resource.getrlimit(resource.RLIMIT_FSIZE)[1]))
        try:
            box.create_draft(thank_you(), "ft-aaaa")
        except MailboxError as exc:
            print("refused:", exc.message)
    """)
    proc = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60, cwd=ROOT)
    assert proc.returncode == 0, proc.stderr
    assert "refused: cannot write a draft into the drafts folder" in proc.stdout
    assert os.listdir(boxes["Drafts"] / "tmp") == [] and os.listdir(boxes["Drafts"] / "cur") == []


def test_empty_files_left_in_tmp_are_removed_after_36_hours(tmp_path):
    boxes = maildir(tmp_path)
    tmp = boxes["Drafts"] / "tmp"
    old = time.time() - 37 * 3600
    for name, data, when in (("stale-empty", b"", old), ("fresh-empty", b"", time.time()), ("stale-mail", b"From: a@b\n\nhi\n", old)):
        (tmp / name).write_bytes(data)
        os.utime(tmp / name, (when, when))
    open_box(tmp_path).create_draft(thank_you(), "ft-aaaa")
    assert sorted(os.listdir(tmp)) == ["fresh-empty", "stale-mail"]


# -- non-ASCII addresses -------------------------------------------------------------------------------


def test_a_non_ascii_domain_is_idna_encoded_and_read_back_as_typed():
    msg = thank_you(to="kim@bücher.example")
    raw = msg.as_bytes()
    assert b"kim@xn--bcher-kva.example" in raw and raw.split(b"\n\n")[0].isascii()
    assert headers_of(email.message_from_bytes(raw, policy=POLICY)).to_addrs == ["kim@bücher.example"]
    assert not any(h in msg for h in OWN_HEADERS)


def test_a_non_ascii_local_part_is_refused_naming_the_address(tmp_path):
    with pytest.raises(ValueError, match="ким@пример.рф"):
        thank_you(to="ким@пример.рф")
    w = World(tmp_path, [event()])
    w.tick(datetime(2026, 10, 21, tzinfo=NY))
    w.tick(datetime(2026, 10, 22, 11, 5, tzinfo=NY))
    met = [{"name": "Ким", "email": "ким@пример.рф"}, {"name": "Kim", "email": "kim@bücher.example"}]
    with pytest.raises(UsageError) as err:
        w.debrief(met=met)
    assert "ким@пример.рф" in err.value.message and "bücher" not in err.value.message
    assert w.rows() == [] and w.svc.state.debrief(w.iv().id) == ({}, None)  # nothing stored
    w.debrief(met=met[1:])
    [row] = w.rows("thank_you")
    assert row["recipient"] == "kim@bücher.example" and "kim@xn--bcher-kva.example" in row["to_header"] + row["raw"]


# -- upgrading from a release that wrote X-Followthrough-Key -------------------------------------------


def test_an_upgrade_keeps_one_draft_per_person_and_sees_what_was_sent(tmp_path):
    """Drafts written by an older release (a random Message-ID, the key in a header, no Maildir index)
    are recognised after the upgrade: no second draft; a copy neomutt sent under a new Message-ID counts."""
    import sqlite3

    from daemon import state as state_mod

    mail = tmp_path / "Mail"

    def world() -> World:
        index = open_state(tmp_path / "s.sqlite").maildir_index()
        return World(tmp_path, [event()], mailbox=MaildirMailbox(str(mail / "Drafts"), str(mail / "Sent"), str(mail / "INBOX"), index=index))

    w = world()
    w.tick(datetime(2026, 10, 21, tzinfo=NY))
    w.tick(datetime(2026, 10, 22, 11, 5, tzinfo=NY))
    w.debrief()
    rows = w.rows()
    assert len(rows) == 2
    # what the older release left on disk: its drafts and its state, before the Maildir index existed
    db = sqlite3.connect(tmp_path / "s.sqlite")
    for n, row in enumerate(rows):
        old_mid = f"<17833004022{n}.4242.515522539384111{n}@example.org>"
        path = Path(row["ref"])
        text = path.read_text().replace(row["message_id"], old_mid)
        text = text.replace("\nMessage-ID:", f"\nX-Followthrough-Key: {row['idem_key']}\n"
                            "X-Followthrough: draft; review it and send it yourself\nMessage-ID:", 1)
        path.write_text(text)
        db.execute("UPDATE drafts SET message_id = ?, raw = ? WHERE id = ?", (old_mid, text, row["id"]))
    for table in ("maildir_folders", "maildir_files", "maildir_written"):
        db.execute(f"DROP TABLE {table}")
    for column in ("unsure", "asks", "asked_at"):  # added by the migrations after the Maildir index's
        db.execute(f"ALTER TABLE interviews DROP COLUMN {column}")
    db.execute("ALTER TABLE replies DROP COLUMN subject")
    db.execute(f"PRAGMA user_version = {state_mod.MIGRATIONS.index(state_mod.MAILDIR_SCHEMA)}")
    db.commit()
    db.close()

    w = world()  # the upgrade: the migration runs
    assert w.svc.state.version == state_mod.SCHEMA_VERSION
    w.tick(datetime(2026, 10, 22, 13, tzinfo=NY))
    assert len(os.listdir(mail / "Drafts" / "cur")) == 2  # no second draft for anyone
    kim = Path(w.row("thank_you", KIM.email)["ref"])
    text = kim.read_text()
    assert "X-Followthrough-Key" in text
    kim.unlink()  # neomutt recalls it and sends it under a new Message-ID, keeping the old header
    (mail / "Sent" / "cur" / "1.neomutt:2,S").write_text(text.replace(w.row("thank_you", KIM.email)["message_id"], "<neo-1@example.org>"))
    w.tick(datetime(2026, 10, 22, 14, tzinfo=NY))
    assert w.row("thank_you", KIM.email)["state"] == "sent" and w.iv().stage == "waiting"
    assert len(os.listdir(mail / "Drafts" / "cur")) == 1
    w.tick(FOLLOWUP)
    [follow] = [p for p in (mail / "Drafts" / "cur").iterdir() if "Re:" in p.read_text()]
    msg = email.message_from_bytes(follow.read_bytes(), policy=POLICY)
    assert msg["In-Reply-To"] == "<neo-1@example.org>" and not any(h in msg for h in OWN_HEADERS)
