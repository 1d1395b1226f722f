"""Cost of the mail sync against the size of the user's Maildir, beside an empty Maildir in the same run.

For each size (INBOX messages; Sent gets 30% as many) a fresh folder gets a calendar with one interview,
a config and a generated Maildir, then the real CLI runs in subprocesses as a user's machine would:

* first sync: the first `run --once` after the interview ended (a fresh install meeting a full Maildir
  written a few seconds before); its wall time and peak RSS;
* `debrief --answers`, which writes the drafts, then one `run --once` to settle;
* poll (run --once): a later `run --once` with no new mail (a cron user's poll);
* poll (service): in one long-lived process, the service's mail step (`sync_mail`) with no new mail,
  as `followthrough run` does it every few minutes (the best of 25: it takes about a millisecond,
  and the machine's noise is of that size).

Each figure is printed beside the empty Maildir's and as a ratio; "poll: dirs+files" counts the directories
listed and message files read per service poll (what grows with the Maildir when the cost does not follow
the work). Prints figures; asserts nothing.
Usage: python bench/maildir_scale.py [SIZE ...]   (default: 1000 10000 100000)
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ICS = """\
BEGIN:VCALENDAR
VERSION:2.0
PRODID:-//bench//EN
BEGIN:VEVENT
UID:bench-interview@acme.example
DTSTAMP:20260901T000000Z
DTSTART;TZID=America/New_York:20260902T100000
DTEND;TZID=America/New_York:20260902T110000
SUMMARY:Interview with Acme - Backend Engineer
ORGANIZER;CN=Kim Okafor:mailto:kim.okafor@acme.example
ATTENDEE;CN=Kim Okafor;PARTSTAT=ACCEPTED:mailto:kim.okafor@acme.example
ATTENDEE;CN=Priya Shah;PARTSTAT=ACCEPTED:mailto:priya.shah@acme.example
ATTENDEE;CN=Robin Vega;PARTSTAT=ACCEPTED:mailto:robin.vega@example.org
END:VEVENT
END:VCALENDAR
"""

ANSWERS = """\
formal = false
excited = "the streaming migration"
problems = "to cut alert noise before launch"
fit = "I rebuilt alerting at my last job"
decision_by = "within two weeks"

[[met]]
name = "Kim Okafor"
email = "kim.okafor@acme.example"
focus = "on-call load"

[[met]]
name = "Priya Shah"
email = "priya.shah@acme.example"
focus = "batch to streams"
"""

CONFIG = (
    '[identity]\nname = "Robin Vega"\nemails = ["robin.vega@example.org"]\ntimezone = "America/New_York"\n'
    '[[calendars]]\nkind = "ics"\nsource = "calendar.ics"\n'
    '[mail]\ndrafts = "Mail/Drafts"\nsent = "Mail/Sent"\ninbox = "Mail/INBOX"\n'
    '[state]\npath = "state.sqlite"\n[web]\nenabled = false\n'
)

AFTER_END = "2026-09-02T11:10:00-04:00"
DEBRIEF_AT = "2026-09-02T12:00:00-04:00"
SETTLE = "2026-09-02T13:00:00-04:00"
POLL = "2026-09-02T14:00:00-04:00"

#: The service's mail step, timed in one process (what `followthrough run` repeats).
IN_PROCESS = """
import statistics, sys, time
from daemon.service import config
from daemon.service.app import build_service
from daemon.core.timeutil import parse_instant
from daemon.service.clock import local_zone
cfg = config.load(sys.argv[1])
zone = local_zone(cfg.identity.timezone)
service = build_service(cfg, zone)
now = parse_instant(sys.argv[2], zone, what="now")
service.sync_mail(now)
import os
import connectors.maildir as maildir
work = [0]  # directories listed and message files read: what grows with the Maildir
if hasattr(maildir, "read_headers"):
    listdir, scandir, read = os.listdir, os.scandir, maildir.read_headers
    maildir.os.listdir = lambda p=".": (work.__setitem__(0, work[0] + 1), listdir(p))[1]
    maildir.os.scandir = lambda p=".": (work.__setitem__(0, work[0] + 1), scandir(p))[1]
    maildir.read_headers = lambda p: (work.__setitem__(0, work[0] + 1), read(p))[1]
times = []
for _ in range(25):
    t0 = time.perf_counter()
    service.sync_mail(now)
    times.append(time.perf_counter() - t0)
print(min(times), work[0] / 25)
"""


def generate(folder: Path, count: int, kind: str) -> None:
    """``count`` small messages, 95% already read (``cur/``, flags) and 5% new, written quickly."""
    for sub in ("cur", "new", "tmp"):
        (folder / sub).mkdir(parents=True, exist_ok=True)
    cur, new = folder / "cur", folder / "new"
    for i in range(count):
        when = 1_700_000_000 + i * 60
        name = f"{when}.M{i}P1.bench"
        head = (f"From: Sender {i} <sender{i % 997}@example.com>\nTo: Robin Vega <robin.vega@example.org>\n"
                f"Subject: {kind} message {i}\nDate: Tue, 14 Nov 2023 10:00:00 +0000\n"
                f"Message-ID: <{kind}-{i}@example.com>\n")
        if kind == "sent":
            head = head.replace(f"From: Sender {i} <sender{i % 997}@example.com>\nTo: Robin Vega <robin.vega@example.org>",
                                f"From: Robin Vega <robin.vega@example.org>\nTo: Sender {i} <sender{i % 997}@example.com>")
        data = (head + "\nHello, this is a short body.\n").encode()
        path = new / name if i % 20 == 0 else cur / f"{name}:2,S"
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        os.write(fd, data)
        os.close(fd)


def run(root: Path, env: dict, now: str, *args: str) -> tuple[float, float]:
    """Wall seconds and peak RSS (MiB) of one CLI command."""
    argv = [sys.executable, "-m", "daemon", "--config", str(root / "config.toml"), "--now", now, *args]
    t0 = time.perf_counter()
    proc = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env, cwd=root)
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - t0
    err = proc.stderr.read().decode(errors="replace")
    proc.stderr.close()
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        raise SystemExit(f"{args} failed ({proc.returncode}):\n{err}")
    return elapsed, usage.ru_maxrss / 1024


def measure(size: int) -> dict[str, float]:
    with tempfile.TemporaryDirectory(prefix="ft-maildir-") as tmp:
        root = Path(tmp)
        (root / "calendar.ics").write_text(ICS)
        (root / "answers.toml").write_text(ANSWERS)
        (root / "config.toml").write_text(CONFIG)
        mail = root / "Mail"
        generate(mail / "INBOX", size, "inbox")
        generate(mail / "Sent", size * 3 // 10, "sent")
        generate(mail / "Drafts", 0, "draft")
        # A user's mail is older than the install: wait out the 2 s by which a first look stays behind
        # the clock (for coarse file times), or the freshly generated files would count as new mail.
        time.sleep(2.5)
        env = {**os.environ, "HOME": tmp, "XDG_DATA_HOME": str(root / "data"), "TZ": "America/New_York"}
        env.pop("FOLLOWTHROUGH_CONFIG", None)
        first, rss = run(root, env, AFTER_END, "run", "--once")
        run(root, env, DEBRIEF_AT, "debrief", "1", "--answers", str(root / "answers.toml"))
        run(root, env, SETTLE, "run", "--once")
        time.sleep(2.5)  # polls come minutes apart: a folder changed within 2 s is listed again, by design
        poll = min(run(root, env, POLL, "run", "--once")[0] for _ in range(3))
        out = subprocess.run([sys.executable, "-c", IN_PROCESS, str(root / "config.toml"), POLL],
                             capture_output=True, text=True, env=env, cwd=root, check=True)
        service_poll, work = map(float, out.stdout.strip().splitlines()[-1].split())
        return {"first sync s": first, "peak RSS MiB": rss, "poll (run --once) s": poll, "poll (service) ms": service_poll * 1000,
                "poll: dirs+files": work}


def main() -> None:
    sizes = [int(a) for a in sys.argv[1:]] or [1000, 10_000, 100_000]
    print(f"Python {sys.version.split()[0]}, {os.cpu_count()} cores; INBOX size, Sent 30% of it; anchor: an empty Maildir")
    anchor = measure(0)
    print(f"{'':>8}  " + "  ".join(f"{k:>24}" for k in anchor))
    print(f"{'empty':>8}  " + "  ".join(f"{v:>24.3f}" for v in anchor.values()))
    for size in sizes:
        again = measure(0)  # the anchor again beside each size: the machine is shared, load moves
        base = {k: min(anchor[k], again[k]) for k in anchor}
        got = measure(size)
        print(f"{size:>8}  " + "  ".join(f"{got[k]:>12.3f} ({got[k] / base[k]:>5.2f}x)    " if base[k] else f"{got[k]:>12.1f} (vs {base[k]:.1f})    "
                                         for k in got), flush=True)
    print("targets: first sync <= 5x, poll <= 1.5x, peak RSS <= 1.5x the empty Maildir")


if __name__ == "__main__":
    main()
