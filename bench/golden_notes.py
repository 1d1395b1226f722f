"""Every kind of note the service writes, for five debriefs, rendered as golden files a reviewer reads.

Each folder of tests/data/golden/notes/ holds one interview as the user's side gives it: the calendar
invitation (invitation.ics), the debrief answers (debrief.toml, loaded as ``followthrough debrief
--answers`` loads them) and the timeline (scenario.toml: when the service first runs, when the debrief is
answered, when the thank-yous are sent, then branches of what happens next: mail arriving, an outcome
recorded). The shared config.toml is copied beside them into a temporary folder, and the service is
built from it as ``followthrough`` builds it (ICS calendar, Maildir mailbox, SQLite state, the bundled
templates). The service runs through every timer due (``tick`` at each wake-up), and the user sends
every draft the moment it appears (a copy in Sent, the draft gone, as a mail client does).

Each draft is written to ``<branch.>purpose-<recipient>.txt`` as a mail client shows it: its headers
(Message-ID left out; In-Reply-To and References name the golden file, or the mail from scenario.toml,
they point at) and its body. ``timeline.txt`` lists what was written when, and where each branch ended.
tests/test_golden_notes.py fails with the diff when a rendering changes.

Usage: python bench/golden_notes.py [--write] [FOLDER ...]   (without --write: print the differences)
"""

from __future__ import annotations

import argparse
import difflib
import shutil
import sys
import tempfile
import tomllib
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from email import message_from_bytes, policy
from email.message import EmailMessage
from email.utils import format_datetime, parseaddr
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from daemon.service import app, config  # noqa: E402
from daemon.cli.answers import load_answers  # noqa: E402
from daemon.service.runner import Service  # noqa: E402
from daemon.service.clock import local_zone  # noqa: E402

NOTES = ROOT / "tests" / "data" / "golden" / "notes"
#: The files a folder holds as input; every other *.txt there is written by this script.
INPUTS = ("invitation.ics", "debrief.toml", "scenario.toml")
#: Headers a mail client does not show (transport), or that name nothing a reader can follow.
HIDDEN = {"message-id", "mime-version", "content-type", "content-transfer-encoding"}
#: How long the service is followed after the last event of a branch (follow-ups come within weeks).
AFTER = timedelta(days=60)


def folders() -> list[Path]:
    return sorted(p.parent for p in NOTES.glob("*/debrief.toml"))


@dataclass
class Run:
    """One branch of one interview: the service, its Maildir, and the golden files its drafts become.

    ``files`` is shared by the branches of one folder: a draft rendered exactly as an earlier branch
    rendered it (the same purpose, recipient and text) keeps that branch's file instead of a copy.
    """

    folder: Path
    tmp: Path
    files: dict[str, str]
    branch: str = ""
    labels: dict[str, str] = field(default_factory=dict)  # Message-ID -> golden file, or the incoming mail
    log: list[str] = field(default_factory=list)
    thanks: dict[str, EmailMessage] = field(default_factory=dict)  # recipient -> their thank-you
    _seen: set[str] = field(default_factory=set)

    def __post_init__(self) -> None:
        shutil.copyfile(NOTES / "config.toml", self.tmp / "config.toml")
        shutil.copyfile(self.folder / "invitation.ics", self.tmp / "invitation.ics")
        cfg = config.load(self.tmp / "config.toml")
        self.zone = local_zone(cfg.identity.timezone)
        self.svc: Service = app.build_service(cfg, self.zone)
        self.mail = self.tmp / "Mail"

    @property
    def iv(self):
        [iv] = self.svc.state.interviews()
        return iv

    def tick(self, now: datetime) -> None:
        self.svc.tick(now)
        self.collect(now)

    def advance(self, until: datetime, send: bool = True) -> None:
        """The service running until ``until``: every wake-up due by then, each new draft sent at once."""
        for _ in range(50):
            due = self.svc.next_wakeup()
            if due is None or due > until:
                return
            self.tick(due)
            if send:
                self.send_all(due)

    def collect(self, now: datetime) -> None:
        """Every draft new in the Drafts folder, as a golden file named by its purpose and recipient."""
        rows = {r["message_id"]: r for r in self.svc.state.drafts(self.iv.id)}
        for path, msg in self._drafts():
            if path.name in self._seen:
                continue
            self._seen.add(path.name)
            row = rows[msg["Message-ID"]]
            base = f"{row['purpose']}-{row['recipient'].split('@')[0]}.txt"
            text = show(msg, self.labels)
            name = next((n for n, t in self.files.items() if n.endswith("." + base) and t == text), "")
            if not name:
                name = f"{self.branch}.{base}" if self.branch else base
                if self.files.get(name, text) != text:
                    raise AssertionError(f"{self.folder.name}: {name} is rendered differently in branch {self.branch or '(shared)'}")
                self.files[name] = text
            self.labels[msg["Message-ID"]] = name
            if row["purpose"] in ("thank_you", "informational"):
                self.thanks[row["recipient"]] = msg
            self.log.append(f"{self._at(now)}  draft  {name}")

    def _drafts(self) -> list[tuple[Path, EmailMessage]]:
        """The Drafts folder's messages in the order the service planned them (file names are random)."""
        order = {r["message_id"]: r["id"] for r in self.svc.state.drafts(self.iv.id)}
        found = [(p, message_from_bytes(p.read_bytes(), policy=policy.default)) for p in (self.mail / "Drafts").glob("*/*")]
        return sorted(found, key=lambda f: order.get(f[1]["Message-ID"], 0))

    def send_all(self, now: datetime) -> None:
        """What the user's mail client does on 'send': a copy in Sent, the draft gone."""
        sent = self.mail / "Sent" / "cur"
        sent.mkdir(parents=True, exist_ok=True)
        for path, msg in self._drafts():
            mid = msg["Message-ID"]
            shutil.copyfile(path, sent / path.name.replace(":2,D", ":2,S"))
            path.unlink()
            self.log.append(f"{self._at(now)}  sent   {self.labels.get(mid, mid)}")

    def deliver(self, n: int, mail: dict) -> None:
        """Mail arriving in the inbox (the service reads its headers only; the body is there for the reader)."""
        msg = EmailMessage()
        name, addr = parseaddr(mail["from"])
        msg["From"] = mail["from"]
        msg["To"] = "Noor Haddad <noor.haddad@example.net>"
        subject = mail.get("subject", "")
        if mail.get("reply_to"):  # a reply in the thread of the thank-you that person received
            parent = self.thanks[mail["reply_to"]]
            subject = subject or mail.get("subject_prefix", "Re: ") + str(parent["Subject"])
            msg["In-Reply-To"] = msg["References"] = parent["Message-ID"]
        msg["Subject"] = subject
        msg["Date"] = format_datetime(mail["at"])
        mid = f"<{self.branch}-{n}@{addr.split('@')[1]}>"
        msg["Message-ID"] = mid
        msg.set_content(mail.get("body", "") + "\n")
        inbox = self.mail / "INBOX" / "new"
        inbox.mkdir(parents=True, exist_ok=True)
        (inbox / f"{self.branch}-{n}").write_bytes(msg.as_bytes())
        self.labels[mid] = f"the mail from {name or addr} (scenario.toml)"
        self.log.append(f"{self._at(mail['at'])}  mail   from {name or addr}: {subject}")

    def _at(self, moment: datetime) -> str:
        return moment.astimezone(self.zone).strftime("%a %Y-%m-%d %H:%M")


def run_branch(folder: Path, scenario: dict, branch: dict, tmp: Path, files: dict[str, str]) -> tuple[list[str], list[str]]:
    """The timeline of one branch: first sync, prompt, debrief, thank-yous sent, then the branch's events.

    Returns what happened before the branch (the same in every branch) and in it.
    """
    run = Run(folder, tmp, files)
    run.tick(scenario["seen"])
    run.advance(scenario["debriefed"], send=False)  # the prompt (and any reminder)
    answers = load_answers(str(folder / "debrief.toml"))
    run.svc.complete_debrief(run.iv, answers, scenario["debriefed"])
    run.collect(scenario["debriefed"])
    run.advance(scenario["sent"], send=False)
    run.send_all(scenario["sent"])
    run.tick(scenario["sent"])
    shared, run.log = run.log, []
    run.branch = branch["name"]
    events = sorted([(m["at"], "mail", m) for m in branch.get("mail", [])]
                    + [(o["at"], "outcome", o) for o in branch.get("outcome", [])], key=lambda e: e[0])
    last = scenario["sent"]
    for n, (at, what, item) in enumerate(events, 1):
        run.advance(at - timedelta(seconds=1))
        if what == "mail":
            run.deliver(n, item)
            run.tick(at)
        else:
            said = run.svc.record_outcome(run.iv, item["outcome"], at)
            run.log.append(f"{run._at(at)}  outcome {item['outcome']}: {said.split('; ', 1)[-1]}")
            run.collect(at)
        last = at
    run.advance(last + AFTER)
    iv = run.iv
    run.log.append(f"end: {iv.stage}" + (f" ({iv.closed_reason})" if iv.closed_reason else ""))
    run.svc.state.close()
    return shared, run.log


def show(msg: EmailMessage, labels: dict[str, str]) -> str:
    """A draft as a mail client shows it: headers (threading by golden file name), blank line, body."""
    lines = []
    for name, value in msg.items():
        if name.lower() in HIDDEN:
            continue
        value = str(value)
        if name.lower() in ("in-reply-to", "references"):
            value = " ".join(labels.get(m, m) for m in value.split())
        lines.append(f"{name}: {value}")
    return "\n".join(lines) + "\n\n" + msg.get_content()


def render(folder: Path) -> dict[str, str]:
    """File name -> text, for every note the debrief in ``folder`` leads to, and its timeline."""
    scenario = tomllib.loads((folder / "scenario.toml").read_text(encoding="utf-8"))
    files: dict[str, str] = {}
    timeline: list[str] = []
    for branch in scenario["branch"]:
        with tempfile.TemporaryDirectory() as tmp:
            shared, log = run_branch(folder, scenario, branch, Path(tmp), files)
        if not timeline:
            timeline = ["## the debrief and the thank-yous (every branch starts here)", *shared, ""]
        timeline += [f"## {branch['name']}", *log, ""]
    files["timeline.txt"] = "\n".join(timeline)
    return files


def stored(folder: Path) -> dict[str, str]:
    return {p.name: p.read_text(encoding="utf-8") for p in sorted(folder.glob("*.txt"))}


def differences(folder: Path, current: dict[str, str]) -> list[str]:
    """A unified diff per golden file that changed, appeared or went away."""
    old = stored(folder)
    out = []
    for name in sorted(set(old) | set(current)):
        a, b = old.get(name), current.get(name)
        if a != b:
            rel = f"tests/data/golden/notes/{folder.name}/{name}"
            out.append("".join(difflib.unified_diff((a or "").splitlines(True), (b or "").splitlines(True),
                                                    rel + (" (stored)" if a is not None else " (missing)"),
                                                    rel + (" (rendered)" if b is not None else " (no longer written)"))))
    return out


def write(folder: Path, current: dict[str, str]) -> None:
    for name in stored(folder):
        if name not in current:
            (folder / name).unlink()
    for name, text in current.items():
        (folder / name).write_text(text, encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--write", action="store_true", help="rewrite the golden files")
    parser.add_argument("folders", nargs="*", help="folder names under tests/data/golden/notes (default: all)")
    args = parser.parse_args(argv)
    chosen = [NOTES / f for f in args.folders] if args.folders else folders()
    changed = 0
    for folder in chosen:
        current = render(folder)
        diff = differences(folder, current)
        changed += len(diff)
        if args.write:
            write(folder, current)
        else:
            sys.stdout.write("".join(d if d.endswith("\n") else d + "\n" for d in diff))
    print(f"{changed} golden file(s) {'rewritten' if args.write else 'differ'}", file=sys.stderr)
    return 0 if args.write or not changed else 1


if __name__ == "__main__":
    sys.exit(main())
