"""Maildir specifics: where drafts land, folder creation and refusal, headers-only reading,
broken and moving files, and the promise that existing mail is never touched."""

from __future__ import annotations

import hashlib
import mailbox
import os
import stat
from email.message import EmailMessage
from pathlib import Path

import pytest

from connectors import maildir
from daemon.core.model import OWN_HEADERS, draft_message_id
from connectors.maildir import MaildirMailbox
from daemon.core.errors import MailboxError

HEADERS = b"From: Kim <kim@acme.example>\nTo: robin@example.org\nSubject: Re: hi\nMessage-ID: <big@acme.example>\n"


def draft(key: str = "k1") -> EmailMessage:
    msg = EmailMessage()
    msg["From"] = "Robin Vega <robin.vega@example.org>"
    msg["To"] = "Zoë Okafor <kim@acme.example>"
    msg["Subject"] = "Thank you — Zoë"
    msg["Message-ID"] = draft_message_id(key, "example.org")
    msg.set_content("Merci beaucoup — à bientôt.\n")
    return msg


def folders(root: Path) -> dict[str, Path]:
    return {"drafts": root / "Drafts", "sent": root / "Sent", "inbox": root / "INBOX"}


def open_box(root: Path) -> MaildirMailbox:
    return MaildirMailbox(**{role: str(path) for role, path in folders(root).items()})


def put(folder: Path, sub: str, name: str, data: bytes) -> Path:
    for s in ("cur", "new", "tmp"):
        (folder / s).mkdir(parents=True, exist_ok=True)
    path = folder / sub / name
    path.write_bytes(data)
    return path


def bytes_read() -> int:
    with open("/proc/self/io") as f:
        return next(int(line.split()[1]) for line in f if line.startswith("rchar:"))


def test_a_draft_lands_in_cur_with_the_draft_flag(tmp_path):
    ref = Path(open_box(tmp_path).create_draft(draft(), "k1"))
    drafts = tmp_path / "Drafts"
    assert ref.parent == drafts / "cur" and ref.name.endswith(":2,D")
    assert os.listdir(drafts / "new") == [] and os.listdir(drafts / "tmp") == []
    assert stat.S_IMODE(ref.stat().st_mode) == 0o600
    box = mailbox.Maildir(drafts, create=False)
    [(key, msg)] = box.items()
    assert (msg.get_subdir(), msg.get_flags()) == ("cur", "D")
    assert msg["Message-ID"] == "<k1@example.org>" and not any(h in msg for h in OWN_HEADERS)
    assert ref.read_bytes().split(b"\n\n")[0].isascii()  # non-ASCII names and subject RFC 2047-encoded
    assert "à bientôt" in msg.get_payload(decode=True).decode()


def test_missing_folders_are_created_private(tmp_path):
    box = open_box(tmp_path / "deep" / "Mail")
    box.create_draft(draft(), "k1")
    box.sent({"<x@y>"})
    box.replies(None)
    for path in folders(tmp_path / "deep" / "Mail").values():
        for p in (path, path / "cur", path / "new", path / "tmp"):
            assert stat.S_IMODE(p.stat().st_mode) == 0o700, p


def test_an_empty_directory_becomes_a_maildir(tmp_path):
    for path in folders(tmp_path).values():
        path.mkdir()
    box = open_box(tmp_path)
    assert box.create_draft(draft(), "k1") and box.replies(None)[0] == []


def test_a_home_relative_path_is_expanded(tmp_path, monkeypatch):
    monkeypatch.setenv("HOME", str(tmp_path))
    ref = MaildirMailbox("~/Mail/Drafts", "~/Mail/Sent", "~/Mail/INBOX").create_draft(draft(), "k1")
    assert ref.startswith(str(tmp_path / "Mail" / "Drafts" / "cur"))


@pytest.mark.parametrize("role", ["drafts", "sent", "inbox"])
def test_a_folder_that_is_a_file_is_refused_by_name(tmp_path, role):
    path = folders(tmp_path)[role]
    path.write_text("not a maildir")
    box = open_box(tmp_path)
    with pytest.raises(MailboxError) as err:
        {"drafts": lambda: box.create_draft(draft(), "k1"), "sent": lambda: box.sent({"<a@b>"}),
         "inbox": lambda: box.replies(None)}[role]()
    assert str(path) in str(err.value) and role in str(err.value)
    assert path.read_text() == "not a maildir"


def test_a_directory_holding_something_else_is_refused_and_left_alone(tmp_path):
    drafts = folders(tmp_path)["drafts"]
    drafts.mkdir()
    (drafts / "notes.txt").write_text("mine")
    with pytest.raises(MailboxError, match=str(drafts)):
        open_box(tmp_path).create_draft(draft(), "k1")
    assert os.listdir(drafts) == ["notes.txt"]


def test_a_drafts_folder_that_cannot_be_written_is_a_clear_error(tmp_path):
    drafts = folders(tmp_path)["drafts"]
    for sub in ("cur", "new"):
        (drafts / sub).mkdir(parents=True)
    (drafts / "tmp").write_text("in the way")  # tmp/ is where every draft is written first
    with pytest.raises(MailboxError, match=str(drafts)):
        open_box(tmp_path).create_draft(draft(), "k1")


@pytest.mark.skipif(os.geteuid() == 0, reason="root ignores file permissions")
def test_a_read_only_drafts_folder_is_a_clear_error(tmp_path):
    drafts = folders(tmp_path)["drafts"]
    put(drafts, "cur", "keep", b"")
    (drafts / "tmp").chmod(0o500)
    try:
        with pytest.raises(MailboxError, match=str(drafts)):
            open_box(tmp_path).create_draft(draft(), "k1")
    finally:
        (drafts / "tmp").chmod(0o700)


@pytest.mark.skipif(not Path("/proc/self/io").exists(), reason="needs Linux /proc/self/io to count bytes read")
def test_only_headers_are_read(tmp_path):
    """Bodies of 256 MiB (sparse, and not valid mail) in every folder: a few KiB are read in all."""
    huge = 256 << 20
    for role, path in folders(tmp_path).items():
        big = put(path, "cur", f"big-{role}:2,S", HEADERS + b"\n\xff\xfe\x00 not mail at all \x00")
        os.truncate(big, huge)
        os.truncate(put(path, "new", f"no-blank-line-{role}", b"X-Junk: " + b"x" * 100), huge)
    box = open_box(tmp_path)
    before = bytes_read()
    assert box.sent({"<big@acme.example>"}) == {"<big@acme.example>"}
    assert box.find_draft("k1") is None
    found, _ = box.replies(None)
    assert [h.message_id for h in found] == ["<big@acme.example>"]
    # three header blocks, and at most HEADER_LIMIT (plus buffering) of each file without a blank line
    assert bytes_read() - before < 3 * (maildir.HEADER_LIMIT + (64 << 10)) < huge


def test_broken_files_are_skipped(tmp_path):
    inbox, sent, drafts = folders(tmp_path)["inbox"], folders(tmp_path)["sent"], folders(tmp_path)["drafts"]
    good = HEADERS.replace(b"\n", b"\r\n") + b"\r\nbody\r\n"  # CRLF files are mail too
    put(inbox, "new", "good", good)
    put(inbox, "new", "garbage", bytes(range(256)) * 40)
    put(inbox, "new", "empty", b"")
    put(inbox, "cur", ".hidden:2,S", HEADERS.replace(b"<big@", b"<hidden@") + b"\n")
    (inbox / "cur" / "a-directory:2,S").mkdir()
    put(sent, "cur", "garbage:2,S", b"\x00\x01\x02")
    put(drafts, "cur", "garbage:2,D", b"\n\n\n")
    box = open_box(tmp_path)
    found, _ = box.replies(None)
    assert [h.message_id for h in found] == ["<big@acme.example>"]
    assert box.sent({"<big@acme.example>"}) == set()
    assert box.create_draft(draft(), "k1") and box.find_draft("k1")


def moving(monkeypatch, rename):
    """Make read_headers see each file vanish once, as when a mail client renames it mid-listing."""
    real, moved = maildir.read_headers, set()

    def read(path):
        path = Path(path)
        target = rename(path)
        if target is not None and path.name not in moved:
            moved.add(target.name)
            path.rename(target)
        return real(path)

    monkeypatch.setattr(maildir, "read_headers", read)


def test_a_reply_moving_from_new_to_cur_is_not_lost(tmp_path, monkeypatch):
    put(folders(tmp_path)["inbox"], "new", "m1", HEADERS + b"\nbody\n")
    moving(monkeypatch, lambda p: p.parent.parent / "cur" / (p.name + ":2,S") if p.parent.name == "new" else None)
    box = open_box(tmp_path)
    first, token = box.replies(None)
    second, _ = box.replies(token)
    assert "<big@acme.example>" in {h.message_id for h in first + second}


def test_a_draft_renamed_while_we_look_is_still_found(tmp_path, monkeypatch):
    ref = Path(open_box(tmp_path).create_draft(draft(), "k1"))
    moving(monkeypatch, lambda p: p.with_name(p.name + "S") if p.name.endswith(":2,D") else None)
    box = open_box(tmp_path)  # a restart: nothing cached
    assert box.create_draft(draft(), "k1") == str(ref) + "S"
    assert os.listdir(tmp_path / "Drafts" / "cur") == [ref.name + "S"]


def test_refs_follow_a_client_changing_flags(tmp_path):
    box = open_box(tmp_path)
    ref = Path(box.create_draft(draft(), "k1"))
    ref.rename(ref.with_name(ref.name + "S"))  # the user opened the draft: now seen
    assert box.find_draft("k1") == str(ref) + "S"
    assert box.create_draft(draft(), "k1") == str(ref) + "S"
    assert len(os.listdir(tmp_path / "Drafts" / "cur")) == 1


def test_the_token_spares_reading_old_mail(tmp_path, monkeypatch):
    monkeypatch.setattr(maildir, "TOKEN_MARGIN_NS", 0)
    box = open_box(tmp_path)
    box.create_draft(draft(), "k1")  # the first look starts at the first draft written
    put(folders(tmp_path)["inbox"], "new", "m1", HEADERS + b"\nbody\n")
    found, token = box.replies(None)
    assert len(found) == 1
    reads = []
    real = maildir.read_headers
    monkeypatch.setattr(maildir, "read_headers", lambda p: reads.append(p) or real(p))
    assert box.replies(token) == ([], token) and reads == []
    assert len(box.replies("not-a-token")[0]) == 1  # a token we cannot read means "from the start"


def snapshot(root: Path) -> dict[str, tuple]:
    return {
        str(p.relative_to(root)): (hashlib.sha256(p.read_bytes()).hexdigest(), p.stat().st_mtime_ns, p.stat().st_mode)
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def test_existing_mail_is_never_touched(tmp_path):
    f = folders(tmp_path)
    put(f["drafts"], "cur", "1.user:2,DS", b"From: robin@example.org\nSubject: my own draft\nMessage-ID: <u@x>\n\nhi\n")
    put(f["sent"], "cur", "2.sent:2,S", b"From: robin@example.org\nMessage-ID: <s@x>\n\nsent\n")
    put(f["inbox"], "new", "3.new", HEADERS + b"\nbody\n")
    put(f["inbox"], "cur", "4.old:2,RS", b"From: a@b.c\nMessage-ID: <o@x>\n\nold\n")
    put(f["inbox"], "cur", "5.garbage:2,", b"\xff" * 100)
    before = snapshot(tmp_path)
    box = open_box(tmp_path)
    ref = box.create_draft(draft("k1"), "k1")
    box.create_draft(draft("k1"), "k1")
    box.find_draft("k1")
    box.sent({"<s@x>", "<u@x>"})
    box.replies(box.replies(None)[1])
    open_box(tmp_path).create_draft(draft("k2"), "k2")
    after = snapshot(tmp_path)
    assert {k: after[k] for k in before} == before
    added = set(after) - set(before)
    assert len(added) == 2 and all(k.startswith("Drafts/cur/") for k in added)
    assert str(Path(ref).relative_to(tmp_path)) in added
