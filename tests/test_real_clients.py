"""The drafts as the user's own mail clients see them: notmuch threads them, neomutt lists, shows and sends them.

The service runs end to end through the CLI (tests/test_e2e.py's World) on a real Maildir; Debian's
notmuch indexes that Maildir with a private config, and Debian's neomutt is driven in a private
tmux server, the screen read back as text. The interviewers' mail (replies, a rejection) is
delivered by hand; every draft looked at is one the service wrote.

The clients come from Debian (.ci/run installs notmuch, neomutt and tmux). Without them these tests
skip, except where CI_REQUIRE_CLIENTS=1 (set by .ci/run): there a missing client fails.
"""

from __future__ import annotations

import email
import json
import os
import shlex
import shutil
import subprocess
import time
import uuid
from email import policy
from email.message import EmailMessage
from pathlib import Path

import pytest

from .test_e2e import AFTER_DECISION, BEFORE_DECISION, DEBRIEF_AT, AFTER_END, World, thank_you_to, through_sending

SUBJECT = "Thank you — Backend Engineer interview at Acme"  # as a client shows it, decoded
ROBIN = "Robin Vega <robin.vega@example.org>"
KIM = "Kim Okafor <kim.okafor@acme.example>"


def need(tool: str) -> str:
    """The client's path; a skip without it, or a failure where CI_REQUIRE_CLIENTS=1 says it must be there."""
    path = shutil.which(tool)
    if path is None:
        if os.environ.get("CI_REQUIRE_CLIENTS") == "1":
            pytest.fail(f"{tool} is missing but CI_REQUIRE_CLIENTS=1: .ci/run installs notmuch, neomutt and tmux")
        pytest.skip(f"{tool} is not installed (apt-get install notmuch neomutt tmux)")
    return path


def bare(message_id: str) -> str:
    return message_id.strip().strip("<>")


def deliver(world: World, *, sender: str, in_reply_to: str, subject: str, body: str, number: int) -> str:
    """Mail from an interviewer into INBOX/new, answering ``in_reply_to`` as any client does; its Message-ID."""
    msg = EmailMessage()
    msg["From"] = sender
    msg["To"] = ROBIN
    msg["Subject"] = subject
    msg["Date"] = f"Thu, {number:02d} Sep 2026 10:00:00 -0400"
    msg["Message-ID"] = f"<reply-{number}.{uuid.uuid4().hex[:8]}@acme.example>"
    msg["In-Reply-To"] = in_reply_to
    msg["References"] = in_reply_to
    msg.set_content(body)
    (world.mail / "INBOX" / "new" / f"{int(time.time())}.{number}.acme").write_bytes(msg.as_bytes())
    return msg["Message-ID"]


class Notmuch:
    """Debian's notmuch on the World's Maildir, with its own config and database (nothing of the user's)."""

    def __init__(self, world: World):
        self.bin = need("notmuch")
        config = world.root / "notmuch-config"
        config.write_text(f"[database]\npath={world.mail}\n[user]\nname=Robin Vega\nprimary_email=robin.vega@example.org\n"
                          "[new]\ntags=new\nignore=\n[maildir]\nsynchronize_flags=true\n")
        self.env = {**os.environ, "NOTMUCH_CONFIG": str(config), "HOME": str(world.root)}

    def __call__(self, *args: str) -> str:
        proc = subprocess.run([self.bin, *args], capture_output=True, text=True, env=self.env, timeout=30)
        assert proc.returncode == 0, f"notmuch {args}: exit {proc.returncode}\n{proc.stderr}"
        return proc.stdout

    def new(self) -> None:
        self("new", "--quiet")

    def thread(self, message_id: str) -> str:
        """The thread notmuch put the message in, as a ``thread:…`` query."""
        [found] = self("search", "--output=threads", f"id:{bare(message_id)}").split()
        return found

    def summary(self, thread: str) -> dict:
        [found] = json.loads(self("search", "--format=json", thread))
        return found

    def messages(self, thread: str) -> dict[str, dict]:
        """Every message of the thread by Message-ID, each with its ``parent`` in notmuch's tree (None: the root)."""
        found: dict[str, dict] = {}

        def walk(nodes: list, parent: str | None) -> None:
            for msg, replies in nodes:
                found[msg["id"]] = {**msg, "parent": parent}
                walk(replies, msg["id"])

        for tree in json.loads(self("show", "--format=json", "--body=false", "--entire-thread=true", thread)):
            walk(tree, None)
        return found

    def raw(self, message_id: str) -> EmailMessage:
        proc = subprocess.run([self.bin, "show", "--format=raw", f"id:{bare(message_id)}"], capture_output=True,
                              env=self.env, timeout=30, check=True)
        return email.message_from_bytes(proc.stdout, policy=policy.default)  # type: ignore[return-value]


def no_header_of_ours(msg: EmailMessage) -> None:
    assert not [k for k in msg.keys() if k.lower().startswith("x-followthrough")], msg.keys()


def test_the_follow_up_and_a_late_reply_thread_with_the_sent_thank_you_in_notmuch(tmp_path):
    world = World(tmp_path)
    nm = Notmuch(world)
    through_sending(world)  # drafts written, "sent" (copied to Sent/cur, the drafts gone), seen as sent
    kim, priya = thank_you_to(world, "kim.okafor"), thank_you_to(world, "priya.shah")
    priya_reply = deliver(world, sender="Priya Shah <priya.shah@acme.example>", in_reply_to=priya["Message-ID"],
                          subject="Re: " + priya["Subject"], body="Thanks Robin, great talking to you!", number=3)
    world.cli(BEFORE_DECISION, "run", "--once")
    assert world.drafts() == []
    world.cli(AFTER_DECISION, "run", "--once")  # Kim stayed silent past the decision date and its grace
    [follow] = world.drafts()
    kim_reply = deliver(world, sender=KIM, in_reply_to=kim["Message-ID"], subject="Re: " + kim["Subject"],
                        body="Sorry for the delay, Robin: we will decide next week.", number=22)

    nm.new()
    thread = nm.thread(kim["Message-ID"])
    assert nm.thread(follow["Message-ID"]) == thread and nm.thread(kim_reply) == thread
    summary = nm.summary(thread)
    assert summary["total"] == 3 and summary["subject"] == SUBJECT, summary
    tree = nm.messages(thread)
    assert set(tree) == {bare(kim["Message-ID"]), bare(follow["Message-ID"]), bare(kim_reply)}  # Priya's are not here
    draft = tree[bare(follow["Message-ID"])]
    assert draft["parent"] == bare(kim["Message-ID"]) and tree[bare(kim_reply)]["parent"] == bare(kim["Message-ID"])
    assert tree[bare(kim["Message-ID"])]["parent"] is None
    assert draft["headers"]["From"] == ROBIN and draft["headers"]["To"] == KIM
    assert draft["headers"]["Subject"] == "Re: " + SUBJECT
    assert "draft" in draft["tags"] and "draft" not in tree[bare(kim["Message-ID"])]["tags"]  # the Maildir D flag
    assert [str(Path(f).parent.parent.name) for f in draft["filename"]] == ["Drafts"]
    no_header_of_ours(nm.raw(follow["Message-ID"]))
    no_header_of_ours(nm.raw(kim["Message-ID"]))
    other = nm.thread(priya["Message-ID"])
    assert other != thread and nm.thread(priya_reply) == other and nm.summary(other)["total"] == 2
    assert nm("count", "tag:draft") == "1\n"


def test_the_closing_note_threads_under_the_rejection_in_notmuch(tmp_path):
    world = World(tmp_path)
    nm = Notmuch(world)
    through_sending(world)
    kim = thank_you_to(world, "kim.okafor")
    rejection = deliver(world, sender=KIM, in_reply_to=kim["Message-ID"], subject="Re: " + kim["Subject"],
                        body="Thank you, Robin. We have decided to move forward with another candidate.", number=10)
    world.cli(BEFORE_DECISION, "run", "--once")  # the reply is seen: no follow-up
    world.cli(BEFORE_DECISION, "outcome", "1", "rejected")
    [note] = world.drafts()

    nm.new()
    thread = nm.thread(rejection)
    assert nm.thread(note["Message-ID"]) == thread == nm.thread(kim["Message-ID"])
    tree = nm.messages(thread)
    assert len(tree) == 3
    closing = tree[bare(note["Message-ID"])]
    assert closing["parent"] == bare(rejection), "the closing note answers the rejection itself"
    assert tree[bare(rejection)]["parent"] == bare(kim["Message-ID"])
    assert closing["headers"]["From"] == ROBIN and closing["headers"]["To"] == KIM
    assert closing["headers"]["Subject"] == "Re: " + SUBJECT and "draft" in closing["tags"]
    raw = nm.raw(note["Message-ID"])
    no_header_of_ours(raw)
    assert raw["In-Reply-To"] == rejection and raw["References"].split() == [kim["Message-ID"], rejection]
    assert "future roles" in " ".join(raw.get_content().split())


# -- neomutt ---------------------------------------------------------------------------------------


class Terminal:
    """A program in a private tmux server: keys go in, the screen comes back as text, as a person sees it."""

    def __init__(self, env: dict[str, str]):
        self.tmux = need("tmux")
        self.server = f"ft-test-{uuid.uuid4().hex[:10]}"
        self.env = env

    def _tmux(self, *args: str) -> str:
        proc = subprocess.run([self.tmux, "-L", self.server, "-f", "/dev/null", *args], capture_output=True, text=True,
                              env=self.env, timeout=30)
        assert proc.returncode == 0, f"tmux {args}: {proc.stderr}"
        return proc.stdout

    def run(self, argv: list[str], done: Path) -> None:
        """Start ``argv`` on an 150×40 screen; its exit status is written to ``done`` when it ends."""
        done.unlink(missing_ok=True)
        line = f"{shlex.join(argv)}; echo $? > {shlex.quote(str(done))}"
        self._tmux("new-session", "-d", "-x", "150", "-y", "40", line)

    def screen(self) -> str:
        return self._tmux("capture-pane", "-p")

    def wait_for(self, *texts: str, timeout: float = 15) -> str:
        deadline, seen = time.monotonic() + timeout, ""
        while time.monotonic() < deadline:
            seen = self.screen()
            if all(t in seen for t in texts):
                return seen
            time.sleep(0.05)
        raise AssertionError(f"not on the screen after {timeout} s: {texts}\n{seen}")

    def keys(self, *keys: str) -> None:
        self._tmux("send-keys", *keys)

    def close(self) -> None:
        subprocess.run([self.tmux, "-L", self.server, "kill-server"], capture_output=True, env=self.env, timeout=30)


class NeoMutt:
    """Debian's neomutt (``-n -F`` our muttrc only) on the World's Maildir, in a terminal.

    Sending goes to a sendmail stand-in that keeps each message (and its arguments) in ``outbox``;
    the copy neomutt keeps of what it sent goes to Sent (its Fcc), and a recalled draft leaves Drafts.
    """

    def __init__(self, root: Path):
        self.bin = need("neomutt")
        mail, self.outbox = root / "Mail", root / "outbox"
        self.outbox.mkdir()
        sendmail = root / "sendmail"
        sendmail.write_text(f'#!/bin/sh\nn=$(date +%s%N)\nprintf "%s\\n" "$*" > {self.outbox}/$n.args\n'
                            f"cat > {self.outbox}/$n.eml\n")
        sendmail.chmod(0o755)
        self.rc = root / "muttrc"
        self.rc.write_text("\n".join([
            f"set folder={mail}", "set spoolfile=+INBOX", "set postponed=+Drafts", "set record=+Sent",
            "set mbox_type=Maildir", f'set from="{ROBIN}"', f"set sendmail={sendmail}", "set sort=threads",
            'set index_format="%Z | %-28.28L | %s"', "set help=no", "set wait_key=no", "set confirmappend=no",
            "set mail_check_stats=no", "set charset=utf-8", "set editor=/bin/true", "",
        ]))
        env = {**os.environ, "HOME": str(root), "TERM": "xterm-256color", "LANG": "C.UTF-8", "LC_ALL": "C.UTF-8",
               "TZ": "America/New_York"}
        self.term = Terminal(env)
        self.done = root / "neomutt.exit"

    def open(self, *args: str) -> Terminal:
        self.term.run([self.bin, "-n", "-F", str(self.rc), *args], self.done)
        return self.term

    def finished(self, timeout: float = 15) -> int:
        """neomutt's exit status, once it has quit."""
        deadline = time.monotonic() + timeout
        while not self.done.exists() or not self.done.read_text().strip():
            assert time.monotonic() < deadline, f"neomutt did not quit:\n{self.term.screen()}"
            time.sleep(0.05)
        return int(self.done.read_text())


@pytest.fixture
def neomutt(tmp_path):
    client = NeoMutt(tmp_path)
    try:
        yield client
    finally:
        client.term.close()


def test_neomutt_lists_shows_and_sends_the_drafts_and_the_follow_up_threads_with_what_it_sent(tmp_path, neomutt):
    world = World(tmp_path)
    nm = Notmuch(world)
    world.cli(AFTER_END, "run", "--once")
    world.cli(DEBRIEF_AT, "debrief", "1", "--answers", str(tmp_path / "answers.toml"))
    assert len(world.drafts()) == 2

    term = neomutt.open("-f", str(world.mail / "Drafts"))
    index = term.wait_for("To Kim Okafor", "To Priya Shah")
    rows = [line for line in index.splitlines() if "| To " in line]
    assert len(rows) == 2 and all(line.rstrip().endswith("| " + SUBJECT) for line in rows), index
    term.keys("Enter")  # the first draft, as neomutt shows it
    shown = term.wait_for("Subject: " + SUBJECT, "Hi ")
    assert f"From: {ROBIN}" in shown and ("To: " + KIM in shown or "To: Priya Shah <priya.shah@acme.example>" in shown)
    assert "X-Followthrough" not in shown and "=?utf-8?" not in shown
    term.keys("q")
    term.wait_for("To Kim Okafor")
    term.keys("q")
    assert neomutt.finished() == 0

    for left in (2, 1):  # recall each postponed draft (-p) and press y to send it
        term = neomutt.open("-p")
        if left == 2:
            term.wait_for("To Kim Okafor", "To Priya Shah")  # which one? neomutt asks
            term.keys("Enter")
        term.wait_for("Subject: " + SUBJECT, "Fcc: =Sent")
        term.keys("y")
        assert neomutt.finished() == 0
    sent_by_neomutt = sorted(neomutt.outbox.glob("*.args"))
    assert sorted(p.read_text().split()[-1] for p in sent_by_neomutt) == ["kim.okafor@acme.example", "priya.shah@acme.example"]
    assert world.drafts() == [] and len(world.sent()) == 2  # neomutt's Fcc copies

    out = world.cli(DEBRIEF_AT, "run", "--once").stdout
    assert "sent by you: thank_you to Kim Okafor" in out and "sent by you: thank_you to Priya Shah" in out
    world.cli(AFTER_DECISION, "run", "--once")
    [follow] = world.drafts()
    kim = thank_you_to(world, "kim.okafor")  # the copy neomutt kept
    assert follow["In-Reply-To"] == kim["Message-ID"]

    term = neomutt.open("-f", str(world.mail / "Drafts"))
    index = term.wait_for("To Kim Okafor")
    assert "| Re: " + SUBJECT in index and "Priya" not in index
    term.keys("q")
    assert neomutt.finished() == 0

    term = neomutt.open("-p")  # the one postponed message: straight to the compose menu
    term.wait_for("Subject: Re: " + SUBJECT, "To: " + KIM)
    term.keys("y")
    assert neomutt.finished() == 0
    [sent] = [p for p in neomutt.outbox.glob("*.eml") if b"In-Reply-To" in p.read_bytes()]
    mail = email.message_from_bytes(sent.read_bytes(), policy=policy.default)
    assert mail["In-Reply-To"] == kim["Message-ID"] and mail["References"].split() == [kim["Message-ID"]]  # kept on send
    no_header_of_ours(mail)
    sent_as = mail["Message-ID"]  # NeoMutt 20220429 keeps the draft's; one that makes a new one is followed too
    assert "sent by you: followup1 to Kim Okafor" in world.cli(AFTER_DECISION, "run", "--once").stdout

    nm.new()
    tree = nm.messages(nm.thread(sent_as))
    assert tree[bare(sent_as)]["parent"] == bare(kim["Message-ID"]) and len(tree) == 2
    assert all([Path(f).parent.parent.name for f in m["filename"]] == ["Sent"] for m in tree.values())
