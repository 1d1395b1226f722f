"""The whole flow through the CLI on a Fastmail-like account: CalDAV (Radicale) and IMAP (Dovecot).

The interview is on a CalDAV calendar; the drafts go into the IMAP account's \\Drafts folder
(named "Entwürfe (Robin)"; a decoy "Drafts" exists). The connection is cut right after the first
APPEND is carried out, before its answer arrives: the next run still ends with one draft per person.
The user sends from their mail client, one person replies, and after the decision date exactly one
follow-up lands in the primary contact's thread. Every IMAP command and HTTP request is recorded:
nothing forbidden is ever sent, bodies are never fetched, and an idle poll costs a few commands.
"""

from __future__ import annotations

import email
import re
import sqlite3
import subprocess
from email.policy import default as POLICY

import pytest

from .conftest import ROOT, followthrough
from .servers import DRAFTS, PASSWORD, SENT, Radicale, Recorder
from .test_e2e import AFTER_DECISION, AFTER_END, ANSWERS, BEFORE_DECISION, DEBRIEF_AT, ICS, LATER

FORBIDDEN_IMAP = {"STORE", "EXPUNGE", "MOVE", "COPY", "DELETE", "RENAME", "CREATE", "SUBSCRIBE", "SELECT"}
READ_ONLY_HTTP = {"PROPFIND", "REPORT", "OPTIONS", "GET", "HEAD"}


def forbidden_imap(commands: list[str]) -> list[str]:
    """Command lines that break the read-only promise: a forbidden verb, a body fetch, a body search."""
    bad = []
    for line in commands:
        parts = line.split()
        if len(parts) < 2 or not parts[0].isalnum():
            continue
        verb = parts[2].upper() if parts[1].upper() == "UID" and len(parts) > 2 else parts[1].upper()
        upper = line.upper()
        if verb in FORBIDDEN_IMAP:
            bad.append(line)
        elif verb == "FETCH" and (re.search(r"BODY\[|RFC822|BINARY|BODY\.PEEK\[\]|BODY\.PEEK\[TEXT|BODY\.PEEK\[\d", upper)):
            bad.append(line)
        elif verb == "SEARCH" and re.search(r"\b(BODY|TEXT)\b", upper):
            bad.append(line)
    return bad


def test_the_read_only_check_catches_what_it_must():
    lines = ["A1 UID STORE 1 +FLAGS (\\Seen)", "A2 UID FETCH 1 (BODY[])", "A3 UID FETCH 1 (BODY.PEEK[])",
             "A4 SEARCH TEXT hello", "A5 UID MOVE 1 Trash", "A6 EXPUNGE", "A7 SELECT INBOX",
             "A8 UID FETCH 1 (BODY.PEEK[HEADER.FIELDS (FROM)])", "A9 UID SEARCH HEADER Message-ID <x@y>", "A10 EXAMINE INBOX"]
    assert forbidden_imap(lines) == lines[:7]


class Account:
    """Robin's Fastmail-like account: a CalDAV calendar and an IMAP mailbox, and the CLI using them."""

    def __init__(self, root, dovecot, user: str):
        self.root, self.user = root, user
        self.dav = Radicale().__enter__()
        self.cal = self.dav.make_calendar("jobs", "Job search")
        self.dav.make_calendar("todo", "To do", ("VTODO",))
        self.dav.put(self.cal, "e2e-interview@acme.example", ICS)
        self.recorder = Recorder(dovecot.port)
        self.world = dovecot.client(user)
        (root / "answers.toml").write_text(ANSWERS)
        (root / "config.toml").write_text(
            '[identity]\nname = "Robin Vega"\nemails = ["robin.vega@example.org"]\ntimezone = "America/New_York"\n'
            f'[[calendars]]\nkind = "caldav"\nurl = "{self.dav.url}"\nusername = "{self.dav.USER}"\n'
            f"password_command = \"printf '%s\\\\n' '{self.dav.PASSWORD}'\"\n"
            f'[mail]\nkind = "imap"\nhost = "127.0.0.1"\nport = {self.recorder.port}\ntls = "none"\nusername = "{user}"\n'
            f"password_command = \"printf '%s\\\\n' '{PASSWORD}'\"\n"
            '[state]\npath = "state.sqlite"\n[web]\nenabled = false\n'
        )
        self.env = {"HOME": str(root), "XDG_DATA_HOME": str(root / "data"), "XDG_CONFIG_HOME": str(root / "cfg"),
                    "TZ": "America/New_York", "PATH": "/usr/bin:/bin"}
        self.outputs: list[str] = []

    def run(self, now: str, *args: str) -> subprocess.CompletedProcess:
        argv = followthrough("--config", str(self.root / "config.toml"), "--now", now, *args)
        proc = subprocess.run(argv, capture_output=True, text=True, env=self.env, cwd=ROOT, timeout=120)
        self.outputs += [proc.stdout, proc.stderr]
        return proc

    def cli(self, now: str, *args: str) -> str:
        proc = self.run(now, *args)
        assert proc.returncode == 0, f"{args}: exit {proc.returncode}\n{proc.stdout}\n{proc.stderr}"
        return proc.stdout

    def folder(self, name: str) -> dict[int, email.message.EmailMessage]:
        self.world.select_folder(name)
        got = self.world.fetch(self.world.search(["NOT", "DELETED"]), ["BODY.PEEK[]"])
        return {uid: email.message_from_bytes(v[b"BODY[]"], policy=POLICY) for uid, v in sorted(got.items())}

    def send_all_drafts(self) -> None:
        """The user's mail client sends each draft: a copy in Sent, the draft deleted."""
        for uid, msg in self.folder(DRAFTS).items():
            self.world.append(SENT, msg.as_bytes(policy=POLICY.clone(linesep="\r\n")), flags=[b"\\Seen"])
            self.world.select_folder(DRAFTS)
            self.world.delete_messages([uid])
        self.world.expunge()

    def deliver(self, raw: str) -> None:
        self.world.append("INBOX", raw.replace("\n", "\r\n").encode())

    def close(self) -> None:
        self.recorder.close()
        self.dav.__exit__(None, None, None)


@pytest.fixture
def account(tmp_path, dovecot, imap_user):
    acc = Account(tmp_path, dovecot, imap_user)
    yield acc
    acc.close()


def test_the_whole_flow_on_imap_and_caldav_with_a_cut_after_append(account):
    out = account.cli(AFTER_END, "run", "--once")
    assert "How did it go? Interview with Acme - Backend Engineer" in out

    account.recorder.cut_after_append = True  # the first APPEND is stored, its answer never arrives
    cut = account.run(DEBRIEF_AT, "debrief", "1", "--answers", str(account.root / "answers.toml"))
    assert account.recorder.cuts == 1
    assert cut.returncode == 5 and "connection was lost while writing a draft" in cut.stderr, cut.stderr
    assert "Traceback" not in cut.stderr
    account.cli(DEBRIEF_AT, "run", "--once")  # looks in Drafts first, finds the one that was stored
    drafts = account.folder(DRAFTS)
    assert sorted(m["To"].addresses[0].addr_spec for m in drafts.values()) == ["kim.okafor@acme.example", "priya.shah@acme.example"]
    assert account.folder("Drafts") == {}  # the decoy folder merely named Drafts stays empty
    for m in drafts.values():
        assert "SECRET-PRIVATE-NOTE" not in m.as_string()
    status = account.cli(DEBRIEF_AT, "status", "--json")
    assert "imap://" in status and "UIDVALIDITY=" in status

    account.send_all_drafts()
    assert "sent by you" in account.cli(DEBRIEF_AT, "run", "--once")
    sent = account.folder(SENT)
    priya = next(m for m in sent.values() if "priya.shah" in m["To"])
    kim = next(m for m in sent.values() if "kim.okafor" in m["To"])
    account.deliver(f"From: Priya Shah <priya.shah@acme.example>\nTo: robin.vega@example.org\nSubject: Re: {priya['Subject']}\n"
                    f"Date: Thu, 03 Sep 2026 10:00:00 -0400\nMessage-ID: <p1@acme.example>\nIn-Reply-To: {priya['Message-ID']}\n"
                    f"References: {priya['Message-ID']}\n\nThanks Robin!\n")
    account.cli(BEFORE_DECISION, "run", "--once")
    assert account.folder(DRAFTS) == {}

    account.cli(AFTER_DECISION, "run", "--once")
    [follow] = account.folder(DRAFTS).values()
    assert follow["To"].addresses[0].addr_spec == "kim.okafor@acme.example"
    assert follow["In-Reply-To"] == kim["Message-ID"] and kim["Message-ID"] in follow["References"]
    assert follow["Subject"] == "Re: " + kim["Subject"]

    mark, http = len(account.recorder.commands), len(account.dav.ours())
    account.cli(LATER, "run", "--once")
    assert len(account.folder(DRAFTS)) == 1
    assert '"stage": "followed_up"' in account.cli(LATER, "status", "--json")
    idle = account.recorder.verbs(mark)
    # a fresh process: log in, find the folders, STATUS of the inbox (nothing new) and of Sent, where the
    # follow-up waits to be sent: Sent's UIDNEXT is kept in the state, so nothing is searched or fetched
    assert idle.count("LOGIN") == 1 and "FETCH" not in idle and "SEARCH" not in idle, idle
    assert len(idle) <= 5, idle
    requests = account.dav.ours()[http:]
    # the one calendar's sync-collection REPORT (a fresh process is first answered 401, then sends it with auth)
    assert requests in ([("REPORT", "/robin/jobs/")], [("REPORT", "/robin/jobs/")] * 2), requests

    assert forbidden_imap(account.recorder.commands) == []
    assert {m for m, _ in account.dav.ours()} <= READ_ONLY_HTTP
    assert not [c for c in account.recorder.commands if PASSWORD in c and " LOGIN " not in c.upper()]
    everything = "".join(account.outputs)
    assert PASSWORD not in everything and account.dav.PASSWORD not in everything
    db = (account.root / "state.sqlite").read_bytes()
    assert PASSWORD.encode() not in db and account.dav.PASSWORD.encode() not in db
    assert sqlite3.connect(account.root / "state.sqlite").execute("SELECT count(*) FROM drafts").fetchone()[0] == 3


def test_doctor_logs_in_finds_the_folders_and_lists_the_calendars(account):
    out = account.cli(AFTER_END, "doctor")
    assert f"logged in to 127.0.0.1:{account.recorder.port} (none) as {account.user}" in out
    assert f"drafts = '{DRAFTS}', sent = '{SENT}', inbox = 'INBOX'" in out
    assert "calendars: Job search (robin)" in out and "To do" not in out
    assert "0 problems found." in out
    assert PASSWORD not in out and account.dav.PASSWORD not in out


def test_wrong_passwords_and_servers_down_are_told_without_a_traceback_and_keep_the_state(account, tmp_path):
    account.cli(AFTER_END, "run", "--once")
    before = account.cli(AFTER_END, "status", "--json")
    cfg = tmp_path / "config.toml"
    good = cfg.read_text()
    cfg.write_text(good.replace(f"'{PASSWORD}'", "'wrong-password'").replace(f"'{account.dav.PASSWORD}'", "'wrong-too'"))
    proc = account.run(AFTER_END, "run", "--once")
    assert proc.returncode == 0 and "Traceback" not in proc.stderr
    assert "the server refused the login" in proc.stderr and "refused the login for robin" in proc.stderr
    assert "wrong-password" not in proc.stderr + proc.stdout and "wrong-too" not in proc.stderr + proc.stdout
    doctor = account.run(AFTER_END, "doctor")
    assert doctor.returncode == 1 and "refused the login" in doctor.stdout and "Traceback" not in doctor.stderr
    account.recorder.close()  # the IMAP server is gone; the calendar server too
    account.dav.__exit__(None, None, None)
    cfg.write_text(good)
    down = account.run(AFTER_END, "run", "--once")
    assert down.returncode == 0 and "Traceback" not in down.stderr
    assert "cannot reach the server (Connection refused)" in down.stderr
    assert "cannot reach 127.0.0.1" in down.stderr and "(Connection refused)" in down.stderr
    again = account.run(AFTER_END, "run", "--once")  # told once: the same trouble again is not repeated
    assert again.returncode == 0 and "cannot reach" not in again.stderr, again.stderr
    assert account.cli(AFTER_END, "status", "--json") == before
