"""The whole flow through the CLI, in subprocesses, with a real calendar file and a real Maildir.

interview ends → `run --once` → prompt; `debrief --answers` → one draft per person; the user sends
them; one person replies; nothing before the decision date; after it exactly one threaded
follow-up to the primary contact, and a second run adds nothing. Variants: a reply from the
primary contact (no follow-up), only an out-of-office reply (the follow-up still comes), and the
same scenario with the process SIGKILLed at random moments.
"""

from __future__ import annotations

import email
import os
import random
import shutil
import signal
import subprocess
import time
from email import policy
from email.message import EmailMessage
from pathlib import Path

import pytest

from .conftest import ROOT, followthrough, product_python

ICS = """\
BEGIN:VCALENDAR
VERSION:2.0
PRODID:-//e2e//EN
BEGIN:VEVENT
UID:e2e-interview@acme.example
DTSTAMP:20260901T000000Z
DTSTART;TZID=America/New_York:20260902T100000
DTEND;TZID=America/New_York:20260902T110000
SUMMARY:Interview with Acme - Backend Engineer
ORGANIZER;CN=Kim Okafor:mailto:kim.okafor@acme.example
ATTENDEE;CN=Kim Okafor;PARTSTAT=ACCEPTED:mailto:kim.okafor@acme.example
ATTENDEE;CN=Priya Shah;PARTSTAT=ACCEPTED:mailto:priya.shah@acme.example
ATTENDEE;CN=Robin Vega;PARTSTAT=ACCEPTED:mailto:robin.vega@example.org
ATTENDEE;CN=Room 4B;CUTYPE=ROOM:mailto:room4b@resource.calendar.google.com
END:VEVENT
END:VCALENDAR
"""

ANSWERS = """\
formal = false
excited = "the streaming migration"
problems = "to cut alert noise before launch"
fit = "I rebuilt alerting at my last job"
decision_by = "within two weeks"
went_badly = "SECRET-PRIVATE-NOTE"

[[met]]
name = "Kim Okafor"
email = "kim.okafor@acme.example"
focus = "on-call load"

[[met]]
name = "Priya Shah"
email = "priya.shah@acme.example"
focus = "batch to streams"
"""

AFTER_END = "2026-09-02T11:10:00-04:00"
DEBRIEF_AT = "2026-09-02T12:00:00-04:00"
BEFORE_DECISION = "2026-09-15T09:00:00-04:00"
AFTER_DECISION = "2026-09-21T09:00:00-04:00"  # Wed 16 Sep + 2 business days = Fri 18; Monday is after
LATER = "2026-09-22T09:00:00-04:00"


class World:
    """A user's machine: config, calendar, Maildir, and the followthrough CLI."""

    def __init__(self, root: Path):
        self.root = root
        (root / "calendar.ics").write_text(ICS)
        (root / "answers.toml").write_text(ANSWERS)
        self.mail = root / "Mail"
        for box in ("Drafts", "Sent", "INBOX"):
            for sub in ("cur", "new", "tmp"):
                (self.mail / box / sub).mkdir(parents=True)
        (root / "config.toml").write_text(
            '[identity]\nname = "Robin Vega"\nemails = ["robin.vega@example.org"]\ntimezone = "America/New_York"\n'
            '[[calendars]]\nkind = "ics"\nsource = "calendar.ics"\n'
            '[mail]\ndrafts = "Mail/Drafts"\nsent = "Mail/Sent"\ninbox = "Mail/INBOX"\n'
            '[state]\npath = "state.sqlite"\n[web]\nenabled = false\n'
        )
        self.env = {**os.environ, "HOME": str(root), "XDG_DATA_HOME": str(root / "data"), "TZ": "America/New_York"}
        self.env.pop("FOLLOWTHROUGH_CONFIG", None)
        self.log: list = []  # what each step printed, for a failure to show

    def argv(self, now: str, *args: str) -> list[str]:
        return followthrough("--config", str(self.root / "config.toml"), "--now", now, *args)

    def cli(self, now: str, *args: str) -> subprocess.CompletedProcess:
        proc = subprocess.run(self.argv(now, *args), capture_output=True, text=True, env=self.env, cwd=ROOT, timeout=120)
        assert proc.returncode == 0, f"{args}: exit {proc.returncode}\n{proc.stdout}\n{proc.stderr}"
        return proc

    def drafts(self) -> list[EmailMessage]:
        return [self._read(p) for p in sorted((self.mail / "Drafts" / "cur").iterdir())]

    def sent(self) -> list[EmailMessage]:
        return [self._read(p) for p in sorted((self.mail / "Sent" / "cur").iterdir())]

    @staticmethod
    def _read(path: Path) -> EmailMessage:
        return email.message_from_bytes(path.read_bytes(), policy=policy.default)

    def send_all_drafts(self) -> None:
        """What the user's mail client does on 'send': a copy in Sent, the draft gone."""
        for path in sorted((self.mail / "Drafts" / "cur").iterdir()):
            shutil.copyfile(path, self.mail / "Sent" / "cur" / path.name.replace(":2,D", ":2,S"))
            path.unlink()

    def deliver(self, *, sender: str, name: str, in_reply_to: str, subject: str, auto: bool = False) -> None:
        msg = EmailMessage()
        msg["From"] = f"{name} <{sender}>"
        msg["To"] = "Robin Vega <robin.vega@example.org>"
        msg["Subject"] = subject
        msg["Date"] = "Thu, 03 Sep 2026 10:00:00 -0400"
        msg["Message-ID"] = f"<{random.randrange(10**12)}@acme.example>"
        msg["In-Reply-To"] = in_reply_to
        msg["References"] = in_reply_to
        if auto:
            msg["Auto-Submitted"] = "auto-replied"
        msg.set_content("I am out of the office." if auto else "Thanks Robin, great talking to you!")
        (self.mail / "INBOX" / "new" / f"{msg['Message-ID'].strip('<>')}").write_bytes(msg.as_bytes())


def thank_you_to(world: World, address: str) -> EmailMessage:
    [msg] = [m for m in world.sent() if address in m["To"]]
    return msg


def through_sending(world: World) -> None:
    out = world.cli(AFTER_END, "run", "--once").stdout
    assert "How did it go? Interview with Acme - Backend Engineer" in out
    assert "followthrough debrief 1" in out
    again = world.cli(AFTER_END, "run", "--once").stdout
    assert "How did it go?" not in again  # the prompt comes once
    world.cli(DEBRIEF_AT, "debrief", "1", "--answers", str(world.root / "answers.toml"))
    drafts = world.drafts()
    assert sorted(m["To"].addresses[0].addr_spec for m in drafts) == ["kim.okafor@acme.example", "priya.shah@acme.example"]
    for m in drafts:
        assert len(m["To"].addresses) == 1 and m["From"].addresses[0].addr_spec == "robin.vega@example.org"
        assert "SECRET-PRIVATE-NOTE" not in m.as_string()
        assert m["Message-ID"] and m["Date"]
    world.send_all_drafts()
    world.cli(DEBRIEF_AT, "run", "--once")


def test_the_whole_flow_with_a_reply_from_someone_else(tmp_path):
    world = World(tmp_path)
    through_sending(world)
    priya = thank_you_to(world, "priya.shah")
    world.deliver(sender="priya.shah@acme.example", name="Priya Shah", in_reply_to=priya["Message-ID"], subject="Re: " + priya["Subject"])
    world.cli(BEFORE_DECISION, "run", "--once")
    assert world.drafts() == []
    world.cli(AFTER_DECISION, "run", "--once")
    [follow] = world.drafts()
    kim = thank_you_to(world, "kim.okafor")
    assert follow["To"].addresses[0].addr_spec == "kim.okafor@acme.example"  # the organizer is the primary contact
    assert follow["In-Reply-To"] == kim["Message-ID"]
    assert kim["Message-ID"] in follow["References"]
    assert follow["Subject"] == "Re: " + kim["Subject"]
    world.cli(LATER, "run", "--once")
    assert len(world.drafts()) == 1
    status = world.cli(LATER, "status", "--json").stdout
    assert '"stage": "followed_up"' in status


def test_a_reply_from_the_primary_contact_means_no_follow_up(tmp_path):
    world = World(tmp_path)
    through_sending(world)
    kim = thank_you_to(world, "kim.okafor")
    world.deliver(sender="kim.okafor@acme.example", name="Kim Okafor", in_reply_to=kim["Message-ID"], subject="Re: " + kim["Subject"])
    world.cli(AFTER_DECISION, "run", "--once")
    world.cli(LATER, "run", "--once")
    assert world.drafts() == []
    assert '"stage": "closed"' in world.cli(LATER, "status", "--json").stdout


def test_a_holding_reply_is_said_and_wait_brings_the_follow_up_back(tmp_path):
    world = World(tmp_path)
    through_sending(world)
    kim = thank_you_to(world, "kim.okafor")
    world.deliver(sender="kim.okafor@acme.example", name="Kim Okafor", in_reply_to=kim["Message-ID"], subject="Re: " + kim["Subject"])
    out = world.cli(BEFORE_DECISION, "run", "--once").stdout
    assert "Kim Okafor replied" in out and "followthrough wait 1" in out  # said once, with the way back
    assert "Kim Okafor replied" not in world.cli(BEFORE_DECISION, "run", "--once").stdout
    shown = world.cli(BEFORE_DECISION, "status").stdout  # closed, but shown: the wait ended because of the reply
    assert "kim.okafor@acme.example replied, so no follow-up" in shown and "followthrough wait 1" in shown
    said = world.cli(BEFORE_DECISION, "wait", "1").stdout
    assert "waiting again" in said
    world.cli(LATER, "run", "--once")
    [follow] = world.drafts()
    assert follow["In-Reply-To"] == kim["Message-ID"] and follow["To"].addresses[0].addr_spec == "kim.okafor@acme.example"
    proc = subprocess.run(world.argv(LATER, "wait", "1"), capture_output=True, text=True, env=world.env, cwd=ROOT, timeout=120)
    assert proc.returncode != 0 and "not closed by a reply" in proc.stderr and "Traceback" not in proc.stderr


def test_an_out_of_office_reply_does_not_stop_the_follow_up(tmp_path):
    world = World(tmp_path)
    through_sending(world)
    kim = thank_you_to(world, "kim.okafor")
    world.deliver(sender="kim.okafor@acme.example", name="Kim Okafor", in_reply_to=kim["Message-ID"],
                  subject="Automatic reply: " + kim["Subject"], auto=True)
    world.cli(AFTER_DECISION, "run", "--once")
    [follow] = world.drafts()
    assert follow["In-Reply-To"] == kim["Message-ID"]


# -- killed at random moments --------------------------------------------------------------------

STEPS = [
    (AFTER_END, ("run", "--once")),
    (DEBRIEF_AT, ("debrief", "1", "--answers", "{answers}")),
    ("SEND", ()),
    (DEBRIEF_AT, ("run", "--once")),
    (AFTER_DECISION, ("run", "--once")),
    (LATER, ("run", "--once")),
]


def run_killing(world: World, rng: random.Random, kills: list) -> None:
    """Each step is started, maybe SIGKILLed after a random delay, and then run to the end."""
    world.log = []
    for now, args in STEPS:
        if now == "SEND":
            world.send_all_drafts()
            continue
        args = tuple(a.replace("{answers}", str(world.root / "answers.toml")) for a in args)
        if rng.random() < 0.8:
            proc = subprocess.Popen(world.argv(now, *args), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=world.env, cwd=ROOT)
            delay = rng.uniform(0.02, 0.3)  # a whole command takes about 0.15 s here
            time.sleep(delay)
            if proc.poll() is None:
                proc.send_signal(signal.SIGKILL)
                kills.append((args[0], round(delay, 2)))
            proc.wait()
        world.log.append((args[0], now, world.cli(now, *args).stdout.strip()[-400:]))


@pytest.mark.parametrize("seed", range(12))
def test_one_draft_per_person_per_purpose_when_killed_at_random(tmp_path, seed):
    rng = random.Random(seed)
    world = World(tmp_path)
    kills: list = []
    run_killing(world, rng, kills)
    sent = world.sent()
    drafts = world.drafts()
    keys = [m["Message-ID"] for m in sent + drafts]  # the Message-ID carries the key
    assert len(keys) == len(set(keys)), f"duplicate drafts after kills {kills}"
    assert sorted(m["To"].addresses[0].addr_spec for m in sent) == ["kim.okafor@acme.example", "priya.shah@acme.example"]
    if [m["To"].addresses[0].addr_spec for m in drafts] != ["kim.okafor@acme.example"]:  # say all there is to know
        status = world.cli(LATER, "status", "--json").stdout
        files = sorted(str(p.relative_to(world.mail)) for p in world.mail.rglob("*") if p.is_file())
        raise AssertionError(f"no single follow-up after kills {kills}\nstatus: {status}\nfiles: {files}\n"
                             f"log: {world.log}")
    print(f"seed {seed}: killed {kills}")


# -- killed at each point of the draft outbox ------------------------------------------------------


class Crash(BaseException):
    """Stands for the process dying: not an Exception, so nothing on the way catches it."""


@pytest.mark.parametrize("point", ["after-plan", "after-mailbox-write", "after-first-mark"])
def test_a_crash_at_each_outbox_step_leaves_one_draft_per_person(tmp_path, point, monkeypatch):
    """Dies (1) after the drafts are planned in the state, (2) after the mailbox wrote one but before
    the state recorded it, (3) after one was recorded; a fresh process then finishes the job."""
    from daemon.service import config as config_mod
    from daemon.service.app import build_service
    from daemon.cli.answers import load_answers
    from daemon.core.debrief import prefill
    from daemon.service.state import State
    from daemon.core.timeutil import parse_instant

    world = World(tmp_path)
    world.cli(AFTER_END, "run", "--once")
    cfg = config_mod.load(tmp_path / "config.toml")
    from zoneinfo import ZoneInfo

    zone = ZoneInfo("America/New_York")
    now = parse_instant(DEBRIEF_AT, zone)
    service = build_service(cfg, zone)
    iv = service.state.interview("1")
    answers = {**prefill(iv), **load_answers(str(tmp_path / "answers.toml"))}
    if point == "after-plan":
        monkeypatch.setattr(type(service), "write_pending", lambda self, now: (_ for _ in ()).throw(Crash()))
    elif point == "after-mailbox-write":
        real = type(service.mailbox).create_draft

        def write_then_die(self, msg, key):
            real(self, msg, key)
            raise Crash()

        monkeypatch.setattr(type(service.mailbox), "create_draft", write_then_die)
    else:
        real_mark = State.mark_draft

        def mark_then_die(self, *a, **k):
            real_mark(self, *a, **k)
            raise Crash()

        monkeypatch.setattr(State, "mark_draft", mark_then_die)
    with pytest.raises(Crash):
        service.complete_debrief(iv, answers, now)
    service.state.close()
    monkeypatch.undo()
    # restart: the service catches up, and the user runs the debrief again to be sure
    world.cli(DEBRIEF_AT, "run", "--once")
    world.cli(DEBRIEF_AT, "debrief", "1", "--answers", str(tmp_path / "answers.toml"))
    world.cli(DEBRIEF_AT, "run", "--once")
    to = sorted(m["To"].addresses[0].addr_spec for m in world.drafts())
    assert to == ["kim.okafor@acme.example", "priya.shah@acme.example"], point


def test_interactive_debrief_resumes_after_an_interruption(tmp_path):
    world = World(tmp_path)
    world.cli(AFTER_END, "run", "--once")
    first = subprocess.run(
        world.argv(DEBRIEF_AT, "debrief", "1"), input="on-call load\nbatch to streams\n\nn\nthe streaming migration\n",
        capture_output=True, text=True, env=world.env, cwd=ROOT, timeout=60,
    )
    assert first.returncode == 130 and "answers so far are kept" in first.stdout
    assert world.drafts() == []
    rest = "\n".join(["to cut alert noise", "I rebuilt alerting", "", "", "a final round", "within two weeks", "PRIVATE-WELL", "PRIVATE-BADLY"]) + "\n"
    second = subprocess.run(world.argv(DEBRIEF_AT, "debrief", "1"), input=rest, capture_output=True, text=True,
                            env=world.env, cwd=ROOT, timeout=60)
    assert second.returncode == 0, second.stderr
    assert "What excited them most" not in second.stdout  # answered before
    drafts = world.drafts()
    assert len(drafts) == 2
    kim = next(m for m in drafts if "kim.okafor" in m["To"])
    body = " ".join(kim.get_content().split())
    assert body.startswith("Hi Kim,") and "on-call load" in body and "your team needs to cut alert noise" in body
    assert "PRIVATE" not in kim.as_string()


def test_status_outcome_skip_and_errors_through_the_cli(tmp_path):
    world = World(tmp_path)
    world.cli(AFTER_END, "run", "--once")
    table = world.cli(AFTER_END, "status").stdout
    assert "#1" in table and "awaiting_debrief" in table and "next: remind at 2026-09-02 14:10" in table
    rows = __import__("json").loads(world.cli(AFTER_END, "status", "--json").stdout)
    [row] = rows
    assert {"id", "uid", "title", "company", "kind", "start", "end", "stage", "next_action", "next_action_at",
            "interviewers", "drafts"} <= set(row)
    assert row["uid"] == "e2e-interview@acme.example" and row["next_action"] == "remind"
    assert row["next_action_at"] == "2026-09-02T14:10:00-04:00"
    missing = subprocess.run(world.argv(AFTER_END, "debrief", "42"), capture_output=True, text=True, env=world.env, cwd=ROOT)
    assert missing.returncode == 8 and "no interview with id or UID '42'" in missing.stderr and "Traceback" not in missing.stderr
    bad = tmp_path / "bad.toml"
    bad.write_text('formal = "yes"\nexcited = 3\n[[met]]\nname = "Kim"\nemail = "not an address"\nrole = "x"\n')
    proc = subprocess.run(world.argv(AFTER_END, "debrief", "1", "--answers", str(bad)), capture_output=True, text=True, env=world.env, cwd=ROOT)
    assert proc.returncode == 2 and "4 problems" in proc.stderr and "formal = 'yes'" in proc.stderr and "[[met]] #1.role" in proc.stderr
    assert world.drafts() == []
    assert "outcome withdrawn" in world.cli(AFTER_END, "outcome", "e2e-interview@acme.example", "withdrawn").stdout
    assert '"stage": "closed"' in world.cli(AFTER_END, "status", "--json").stdout
    assert "Nothing open" in world.cli(AFTER_END, "status").stdout


def test_rejection_drafts_a_closing_note_in_the_thread(tmp_path):
    world = World(tmp_path)
    through_sending(world)
    world.cli(BEFORE_DECISION, "outcome", "1", "rejected")
    [note] = world.drafts()
    kim = thank_you_to(world, "kim.okafor")
    assert note["In-Reply-To"] == kim["Message-ID"] and note["Subject"] == "Re: " + kim["Subject"]
    assert "future roles" in " ".join(note.get_content().split())
    world.cli(AFTER_DECISION, "run", "--once")
    assert len(world.drafts()) == 1  # no follow-up after an outcome


def test_doctor_and_service_dry_run(tmp_path):
    world = World(tmp_path)
    out = world.cli(AFTER_END, "doctor").stdout
    assert "configuration" in out and "calendar" in out and "never sends mail" in out and "0 problems found." in out
    unit = world.cli(AFTER_END, "service", "install", "--dry-run").stdout
    assert "Type=notify" in unit and "--config" in unit and str(tmp_path / "config.toml") in unit
    assert not (tmp_path / ".config" / "systemd").exists()


def test_mark_and_config_rules_win_and_are_explained(tmp_path):
    world = World(tmp_path)
    (tmp_path / "calendar.ics").write_text(ICS.replace("END:VCALENDAR", """\
BEGIN:VEVENT
UID:chat-with-dana@example.net
DTSTAMP:20260901T000000Z
DTSTART;TZID=America/New_York:20260903T150000
DTEND;TZID=America/New_York:20260903T153000
SUMMARY:Chat with Dana
ORGANIZER;CN=Dana Ruiz:mailto:dana@northwind.example
ATTENDEE;CN=Dana Ruiz;PARTSTAT=ACCEPTED:mailto:dana@northwind.example
ATTENDEE;CN=Robin Vega;PARTSTAT=ACCEPTED:mailto:robin.vega@example.org
END:VEVENT
END:VCALENDAR"""))
    world.cli(AFTER_END, "run", "--once")
    assert "Chat with Dana" not in world.cli(AFTER_END, "status").stdout
    out = world.cli(AFTER_END, "mark", "chat-with-dana@example.net", "interview").stdout
    assert "marked 'Chat with Dana' an interview" in out and "dana@northwind.example" in out
    rows = __import__("json").loads(world.cli(AFTER_END, "scan", "--json", "--since", "2026-09-01", "--until", "2026-09-05").stdout)
    dana = next(r for r in rows if r["uid"] == "chat-with-dana@example.net")
    assert any("you marked this event an interview" in r for r in dana["reasons"])
    assert "Chat with Dana" in world.cli(AFTER_END, "status").stdout
    world.cli(AFTER_END, "mark", "1", "not-interview")
    assert '"stage": "skipped"' in world.cli(AFTER_END, "status", "--json").stdout
    cfg = tmp_path / "config.toml"
    cfg.write_text(cfg.read_text() + '[detection]\nexclude_titles = ["^Chat with"]\n')
    rows = __import__("json").loads(world.cli(AFTER_END, "scan", "--all", "--json", "--since", "2026-09-01", "--until", "2026-09-05").stdout)
    dana = next(r for r in rows if r["uid"] == "chat-with-dana@example.net")
    assert dana["interview"] is True  # the mark on the series is more specific than the title rule
    cfg.write_text(cfg.read_text().replace('exclude_titles = ["^Chat with"]', 'exclude_organizer_domains = ["acme.example"]'))
    rows = __import__("json").loads(world.cli(AFTER_END, "scan", "--all", "--json", "--since", "2026-09-01", "--until", "2026-09-05").stdout)
    acme = next(r for r in rows if r["uid"] == "e2e-interview@acme.example")
    assert any("you marked this event not an interview" in r for r in acme["reasons"]) and acme["interview"] is False


def test_web_prints_the_dashboard_link_or_says_it_is_off(tmp_path):
    world = World(tmp_path)
    off = subprocess.run(world.argv(AFTER_END, "web"), capture_output=True, text=True, env=world.env, cwd=ROOT)
    assert off.returncode == 2 and "the web UI is off" in off.stderr
    cfg = tmp_path / "config.toml"
    cfg.write_text(cfg.read_text().replace("enabled = false", "enabled = true\nport = 8799"))
    url = world.cli(AFTER_END, "web").stdout.strip()
    assert url.startswith("http://127.0.0.1:8799/?key=") and len(url.split("key=")[1]) >= 32
    assert url == world.cli(AFTER_END, "web").stdout.strip()  # one secret per install


def test_two_processes_writing_drafts_at_once_make_one_draft_per_person(tmp_path):
    """The service and a `debrief` may write planned drafts at the same moment."""
    world = World(tmp_path)
    world.cli(AFTER_END, "run", "--once")
    from daemon.service import config as config_mod
    from daemon.service.app import build_service
    from daemon.cli.answers import load_answers
    from daemon.core.debrief import prefill
    from daemon.core.timeutil import parse_instant
    from zoneinfo import ZoneInfo

    zone = ZoneInfo("America/New_York")
    service = build_service(config_mod.load(tmp_path / "config.toml"), zone)
    iv = service.state.interview("1")
    answers = {**prefill(iv), **load_answers(str(tmp_path / "answers.toml"))}
    now = parse_instant(DEBRIEF_AT, zone)
    service.state.save_answers(iv.id, answers, now, completed=True)
    service.plan_thank_yous(iv, answers, now)  # planned, not yet written
    service.state.close()
    script = (
        "import sys; from zoneinfo import ZoneInfo; from daemon.service import config; from daemon.service.app import build_service;"
        "from daemon.core.timeutil import parse_instant; z = ZoneInfo('America/New_York');"
        f"s = build_service(config.load({str(tmp_path / 'config.toml')!r}), z); s.write_pending(parse_instant({DEBRIEF_AT!r}, z))"
    )
    procs = [subprocess.Popen(product_python(script), env=world.env, cwd=ROOT) for _ in range(6)]
    assert all(p.wait(timeout=60) == 0 for p in procs)
    to = sorted(m["To"].addresses[0].addr_spec for m in world.drafts())
    assert to == ["kim.okafor@acme.example", "priya.shah@acme.example"]
