"""The IMAP mailbox against a real Dovecot: TLS with certificate checks, passwords, folders, the inbox
token, timeouts. (The Mailbox contract itself is in test_contract_mailbox.py.)"""

from __future__ import annotations

import json
import logging
import socket
import threading
from datetime import datetime, timezone

import pytest

from connectors import imap as imap_mod
from connectors.imap import ImapMailbox
from connectors.secret import Password, is_loopback, keyring_service
from daemon.core.errors import MailboxError
from daemon.service.state import open_state

from .servers import DRAFTS, PASSWORD, SENT, Dovecot, Recorder
from .test_contract_mailbox import AUTO, ENCODED, REPLY, draft


def password(command: str = f"printf '%s\\n' '{PASSWORD}'", user: str = "robin") -> Password:
    return Password(command, "127.0.0.1", user, MailboxError, "IMAP test")


def plain(dovecot, user: str, **kw) -> ImapMailbox:
    return ImapMailbox("127.0.0.1", user, kw.pop("pw", None) or password(user=user), port=kw.pop("port", dovecot.port),
                       tls="none", **kw)


@pytest.fixture(scope="module")
def tls_dovecot():
    with Dovecot(tls=True) as server:
        yield server


def test_loopback_is_told_apart_without_dns():
    assert all(is_loopback(h) for h in ("127.0.0.1", "127.1.2.3", "::1", "[::1]", "localhost", "LOCALHOST."))
    assert not any(is_loopback(h) for h in ("imap.fastmail.com", "10.0.0.1", "192.168.1.2", "localhost.example.com", ""))


def test_plain_text_is_refused_off_this_machine():
    with pytest.raises(MailboxError, match="tls = 'none' is refused"):
        ImapMailbox("imap.example.com", "robin", password(), tls="none")
    assert ImapMailbox("imap.example.com", "robin", password()).port == 993
    assert ImapMailbox("imap.example.com", "robin", password(), tls="starttls").port == 143


def test_an_untrusted_certificate_is_refused_and_a_trusted_one_works(tls_dovecot, imap_user, monkeypatch):
    ssl_box = ImapMailbox("127.0.0.1", imap_user, password(user=imap_user), port=tls_dovecot.tls_port, tls="ssl")
    with pytest.raises(MailboxError, match="certificate is not trusted"):
        ssl_box.replies(None)
    starttls = ImapMailbox("127.0.0.1", imap_user, password(user=imap_user), port=tls_dovecot.port, tls="starttls")
    with pytest.raises(MailboxError, match="certificate is not trusted"):
        starttls.replies(None)
    monkeypatch.setenv("SSL_CERT_FILE", str(tls_dovecot.ca_file))  # as if the CA were in the system store
    assert ssl_box.replies(None)[0] == []
    assert starttls.replies(None)[0] == []
    assert ssl_box.check()[0].startswith(f"mail imap: logged in to 127.0.0.1:{tls_dovecot.tls_port} (ssl)")


def test_starttls_is_never_skipped_when_the_server_does_not_offer_it(dovecot, imap_user):
    box = ImapMailbox("127.0.0.1", imap_user, password(user=imap_user), port=dovecot.port, tls="starttls")
    with pytest.raises(MailboxError, match="does not offer STARTTLS; nothing was sent in the clear"):
        box.replies(None)


def test_password_command_first_line_and_failures_name_no_secret(dovecot, imap_user, caplog):
    caplog.set_level(logging.DEBUG)
    box = plain(dovecot, imap_user, pw=password(f"printf '%s\\nsecond line\\n' '{PASSWORD}'", imap_user))
    assert box.replies(None)[0] == []
    failing = plain(dovecot, imap_user, pw=password("echo not-shown-stdout; echo 'gpg: decryption failed' >&2; exit 2", imap_user))
    with pytest.raises(MailboxError) as err:
        failing.replies(None)
    assert "exited with status 2: gpg: decryption failed" in err.value.message and "not-shown-stdout" not in err.value.render()
    with pytest.raises(MailboxError, match="printed no password"):
        plain(dovecot, imap_user, pw=password("true", imap_user)).replies(None)
    wrong = plain(dovecot, imap_user, pw=password("echo wrong-password-xyz", imap_user))
    with pytest.raises(MailboxError, match="the server refused the login") as err:
        wrong.replies(None)
    assert "wrong-password-xyz" not in err.value.render()
    assert PASSWORD not in caplog.text and "wrong-password-xyz" not in caplog.text


def test_the_password_from_the_keyring(dovecot, imap_user):
    import keyring

    from .fakes.keyring_fake import MemoryKeyring

    before = keyring.get_keyring()
    ring = MemoryKeyring()
    keyring.set_keyring(ring)
    try:
        box = plain(dovecot, imap_user, pw=password("", imap_user))
        with pytest.raises(MailboxError, match=f"no password in the system keyring .*{keyring_service('127.0.0.1')}") as err:
            box.replies(None)
        assert f"keyring set followthrough:127.0.0.1 {imap_user}" in err.value.hint
        ring.set_password("followthrough:127.0.0.1", imap_user, PASSWORD)
        assert box.replies(None)[0] == []
    finally:
        keyring.set_keyring(before)


def test_a_server_that_does_not_answer_times_out_and_the_next_poll_works(dovecot, imap_user):
    silent = socket.create_server(("127.0.0.1", 0))
    held = []
    threading.Thread(target=lambda: held.append(silent.accept()), daemon=True).start()
    box = ImapMailbox("127.0.0.1", imap_user, password(user=imap_user), port=silent.getsockname()[1], tls="none", timeout=0.5)
    with pytest.raises(MailboxError, match=r"cannot reach the server \(timed out\); will try again"):
        box.replies(None)
    silent.close()
    box.port = dovecot.port
    assert box.replies(None)[0] == []


def test_folders_configured_by_name_and_a_missing_one_names_what_was_found(dovecot, imap_user):
    box = plain(dovecot, imap_user, drafts="Drafts", sent="Sent")
    ref = box.create_draft(draft("k1"), "k1")
    assert "/Drafts;UIDVALIDITY=" in ref
    missing = plain(dovecot, imap_user, drafts="Brouillons")
    with pytest.raises(MailboxError) as err:
        missing.create_draft(draft("k2"), "k2")
    assert "there is no folder 'Brouillons' ([mail] drafts); found: " in err.value.message
    assert repr(DRAFTS) in err.value.message and repr(SENT) in err.value.message
    world = dovecot.client(imap_user)
    assert "Brouillons" not in [name for _, _, name in world.list_folders()]  # never created


def test_common_names_when_the_server_has_no_special_use():
    box = ImapMailbox("127.0.0.1", "robin", password(), tls="none")
    box._listed = [((b"\\HasNoChildren",), b".", "INBOX"), ((), b".", "INBOX.Drafts (old)"), ((), b".", "INBOX.Entwürfe"),
                   ((), b".", "INBOX.Sent Items"), ((), b".", "INBOX.Gesendet")]
    assert box._folder(None, "drafts") == "INBOX.Entwürfe"
    assert box._folder(None, "sent") == "INBOX.Sent Items"  # the first common name in the list wins
    nothing = ImapMailbox("127.0.0.1", "robin", password(), tls="none")
    nothing._listed = [((), b"/", "INBOX"), ((), b"/", "Archive")]
    with pytest.raises(MailboxError, match=r"no drafts folder found .*found: 'INBOX', 'Archive'"):
        nothing._folder(None, "drafts")


def test_a_new_uidvalidity_means_one_fresh_read_and_the_first_read_is_capped(dovecot, imap_user, monkeypatch):
    world = dovecot.client(imap_user)
    for raw in (REPLY, AUTO, ENCODED):
        world.append("INBOX", raw.replace(b"\n", b"\r\n"))
    monkeypatch.setattr(imap_mod, "FIRST_READ", 2)
    box = plain(dovecot, imap_user)
    found, token = box.replies(None)
    assert [h.message_id for h in found] == ["<auto-1@acme.example>", "<enc-1@example.com>"]  # the newest two
    assert box.replies(token)[0] == []
    moved = json.dumps({**json.loads(token), "uidvalidity": json.loads(token)["uidvalidity"] + 1})
    again, new = box.replies(moved)
    assert len(again) == 2 and json.loads(new)["uidvalidity"] == json.loads(token)["uidvalidity"]


def test_an_idle_poll_costs_the_same_whatever_the_inbox_holds(dovecot, imap_user):
    world = dovecot.client(imap_user)
    recorder = Recorder(dovecot.port)
    try:
        box = plain(dovecot, imap_user, port=recorder.port)
        _, token = box.replies(None)
        costs = []
        for n in (1, 60):
            for i in range(n):
                world.append("INBOX", REPLY.replace(b"reply-1", f"r{n}-{i}".encode()).replace(b"\n", b"\r\n"))
            found, token = box.replies(token)
            assert len(found) == n
            mark = len(recorder.commands)
            assert box.replies(token)[0] == []
            costs.append(recorder.verbs(mark))
        # the connection is reused within minutes: the inbox read just before is closed first
        assert costs[0] == costs[1] == ["UNSELECT", "STATUS"], costs
    finally:
        recorder.close()


def test_sent_is_searched_once_then_only_above_the_uidnext_seen(dovecot, imap_user, tmp_path):
    world = dovecot.client(imap_user)
    recorder = Recorder(dovecot.port)
    index = open_state(tmp_path / "state.sqlite").maildir_index()
    try:
        box = plain(dovecot, imap_user, port=recorder.port, index=index)
        box.create_draft(draft("k1"), "k1")
        box.create_draft(draft("k2", to="lee@acme.example"), "k2")
        ids = {"<k1@example.org>", "<k2@example.org>"}
        for n in range(3):  # mail sent before the drafts were planned is never read
            old = draft(f"old{n}", date="Sat, 01 Feb 2025 09:00:00 +0000").as_bytes().replace(b"\n", b"\r\n")
            world.append(SENT, old, msg_time=datetime(2025, 2, 1, 9, tzinfo=timezone.utc))
        mark = len(recorder.commands)
        assert box.sent(ids) == set()
        first = recorder.commands[mark:]
        assert [c for c in first if " SEARCH " in c.upper()] and all("SENTSINCE 01-Mar-2026" in c for c in first if " SEARCH " in c.upper())
        assert not any(" FETCH " in c.upper() for c in first), first  # nothing since the drafts' date
        mark = len(recorder.commands)
        assert box.sent(ids) == set()
        assert recorder.verbs(mark) == ["UNSELECT", "STATUS"]  # Sent unchanged: nothing searched again
        world.append(SENT, draft("k1").as_bytes().replace(b"\n", b"\r\n"))  # the user sends k1
        mark = len(recorder.commands)
        assert box.sent(ids) == {"<k1@example.org>"}
        searches = [c for c in recorder.commands[mark:] if " SEARCH " in c.upper()]
        assert len(searches) == 1 and "UID 4:*" in searches[0], searches  # above the UIDNEXT seen, not the whole folder
        fetches = [c for c in recorder.commands[mark:] if " FETCH " in c.upper()]
        assert len(fetches) == 1 and "BODY.PEEK[HEADER.FIELDS (" in fetches[0] and " 4 " in fetches[0] + " ", fetches
        restarted = plain(dovecot, imap_user, port=recorder.port, index=open_state(tmp_path / "state.sqlite").maildir_index())
        mark = len(recorder.commands)
        assert restarted.sent(ids) == {"<k1@example.org>"}
        # a new process finds its folders (LIST), then nothing old is read again
        assert [v for v in recorder.verbs(mark) if v not in ("CAPABILITY", "LOGIN")] == ["LIST", "STATUS"]
    finally:
        recorder.close()


def test_a_message_id_the_state_does_not_know_is_searched_for_once(dovecot, imap_user):
    """A draft of an older release, sent before it was ever seen in Drafts: known by its Message-ID alone."""
    world = dovecot.client(imap_user)
    recorder = Recorder(dovecot.port)
    try:
        box = plain(dovecot, imap_user, port=recorder.port)
        old = draft("k1")
        old.replace_header("Message-ID", "<177.ft.4242@example.org>")
        world.append(SENT, old.as_bytes().replace(b"\n", b"\r\n"))
        mark = len(recorder.commands)
        assert box.sent({"<177.ft.4242@example.org>", "<never@example.org>"}) == {"<177.ft.4242@example.org>"}
        assert any("HEADER MESSAGE-ID" in c.upper() for c in recorder.commands[mark:])
        mark = len(recorder.commands)
        assert box.sent({"<177.ft.4242@example.org>", "<never@example.org>"}) == {"<177.ft.4242@example.org>"}
        assert recorder.verbs(mark) == ["UNSELECT", "STATUS"]
    finally:
        recorder.close()
