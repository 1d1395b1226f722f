"""`followthrough demo`: the whole flow on bundled sample data, in a temporary folder.

It runs the real service code against a real Maildir, jumping through time with ``now``:
detection, the debrief prompt, a scripted debrief, the thank-you drafts, the user sending them,
silence until the decision date, and the follow-up in the same thread.
"""

from __future__ import annotations

import email
import shutil
import tempfile
import textwrap
from datetime import datetime, timedelta
from email import policy
from pathlib import Path
from typing import TextIO
from zoneinfo import ZoneInfo

DEMO_ZONE = ZoneInfo("America/New_York")
DEMO_NOW = datetime(2026, 8, 30, 9, 0, tzinfo=DEMO_ZONE)
DEMO_ME = ["robin.vega@example.org", "rvega@currentco.example.com"]
DEMO_NAME = "Robin Vega"

DEMO_CONFIG = """\
[identity]
name = "Robin Vega"
emails = ["robin.vega@example.org", "rvega@currentco.example.com"]
timezone = "America/New_York"

[[calendars]]
kind = "ics"
source = "calendar.ics"

[mail]
kind = "maildir"
drafts = "Mail/Drafts"
sent = "Mail/Sent"
inbox = "Mail/INBOX"

[state]
path = "state.sqlite"

[web]
enabled = false
"""

DEMO_ANSWERS = {
    "formal": True,
    "excited": "your plans to move the fleet telemetry pipeline onto streaming",
    "problems": "to cut alert noise before the Q3 launch",
    "fit": "In my last role I cut false alerts by 60% by rebuilding our anomaly thresholds",
    "wish_said": "I also wanted to mention that I have run Kafka in production for three years",
    "personal": "I hope the new Thai place near the office lives up to your review",
    "next_step": "a final round with the CTO",
    "decision_by": "within two weeks",
    "went_well": "the system design discussion",
    "went_badly": "I rambled on the first question",
    "met": [
        {"name": "Kim Okafor", "email": "kim.okafor@acme-robotics.example.com", "title": "Engineering Manager",
         "focus": "how the team balances on-call load", "honorific": "Dr."},
        {"name": "Priya Shah", "email": "priya.shah@acme-robotics.example.com", "title": "Staff Engineer",
         "focus": "the migration from batch jobs to streams"},
    ],
}


def sample_calendar() -> Path:
    """The bundled sample calendar (shipped inside the package)."""
    from daemon.service.resources import data

    node = data("sample.ics")
    return node if isinstance(node, Path) else Path(str(node))


class _Show:
    def __init__(self, out: TextIO):
        self.out = out

    def step(self, when: datetime, text: str) -> None:
        print(f"\n── {when:%a %d %b %H:%M} ── {text}", file=self.out)

    def line(self, text: str = "", indent: int = 2) -> None:
        print(textwrap.indent(text, " " * indent) if text else "", file=self.out)

    def said(self, service) -> None:
        for s in service.said:
            self.line("· " + s.replace("\n", "\n    "))
        service.said.clear()

    def message(self, path: Path) -> None:
        msg = email.message_from_bytes(path.read_bytes(), policy=policy.default)
        self.line(f"To: {msg['To']}\nSubject: {msg['Subject']}" + (f"\nIn-Reply-To: {msg['In-Reply-To']}" if msg["In-Reply-To"] else ""), 4)
        body = msg.get_content().strip()
        wrapped = "\n".join(textwrap.fill(p, 88) if p else "" for p in body.split("\n"))
        self.line(wrapped + "\n", 6)


def run_demo(out: TextIO) -> int:
    from daemon.service import config as config_mod
    from daemon.service.app import build_service
    from daemon.detection import Identity
    from daemon.service.scan import print_table, scan

    show = _Show(out)
    with tempfile.TemporaryDirectory(prefix="followthrough-demo-") as tmp:
        root = Path(tmp)
        shutil.copyfile(sample_calendar(), root / "calendar.ics")
        (root / "config.toml").write_text(DEMO_CONFIG)
        cfg = config_mod.load(root / "config.toml")
        service = build_service(cfg, DEMO_ZONE)
        drafts_dir, sent_dir = Path(cfg.mail.drafts), Path(cfg.mail.sent)
        for d in (drafts_dir, sent_dir, Path(cfg.mail.inbox)):
            for sub in ("cur", "new", "tmp"):
                (d / sub).mkdir(parents=True, exist_ok=True)
        print(f"followthrough demo: Robin Vega's job hunt, on sample data in {tmp} (removed afterwards).", file=out)
        print("Nothing is sent: drafts land in a Maildir, as they would in yours.", file=out)

        now = DEMO_NOW
        show.step(now, "1. Detection: which events of the coming fortnight are interviews?")
        found, _ = scan(service.calendars, Identity.of(DEMO_ME, DEMO_NAME), now, now + timedelta(days=14))
        import contextlib
        import io

        buf = io.StringIO()
        with contextlib.redirect_stdout(buf):
            print_table(found, DEMO_ZONE, total=len(found))
        show.line(buf.getvalue().rstrip())
        show.line("\nWhy some were left out:")
        for f in found:
            if not f.detection.is_interview:
                why = next((r for r in f.detection.reasons if "': " in r), f.detection.reasons[-1])
                show.line(f"- {f.event.title}: {why}", 4)

        service.tick(now)
        service.said.clear()
        acme = service.state.interview("sample-technical-acme@greenhouse.io")
        others = [iv for iv in service.state.interviews() if iv.id != acme.id]
        for iv in others:
            service.skip(iv, now)
        show.line(f"\nThe demo follows the Acme interview; the others are skipped (followthrough skip {' '.join(str(i.id) for i in others)}).")

        now = datetime(2026, 9, 2, 11, 5, tzinfo=DEMO_ZONE)
        show.step(now, "2. The Acme interview ended at 11:00; the service asks for a debrief")
        service.tick(now)
        show.said(service)

        now = datetime(2026, 9, 2, 11, 40, tzinfo=DEMO_ZONE)
        show.step(now, f"3. Robin answers the debrief (followthrough debrief {acme.id}); one draft per person met")
        notes = service.complete_debrief(acme, DEMO_ANSWERS, now)
        service.said.clear()
        for n in notes:
            show.line("· " + n)
        show.line("Private notes (what went well or badly) stay out of every draft.\n")
        for path in sorted((drafts_dir / "cur").iterdir()):
            show.message(path)

        now = datetime(2026, 9, 2, 17, 30, tzinfo=DEMO_ZONE)
        show.step(now, "4. Robin reviews both drafts and sends them from the mail client")
        for path in sorted((drafts_dir / "cur").iterdir()):
            shutil.copyfile(path, sent_dir / "cur" / path.name.replace(":2,D", ":2,S"))
            path.unlink()
        service.tick(now)
        show.said(service)

        now = datetime(2026, 9, 15, 9, 0, tzinfo=DEMO_ZONE)
        show.step(now, "5. Silence, but the decision date ('within two weeks') has not passed: nothing to do")
        service.tick(now)
        show.said(service)
        show.line("· " + _status_line(service, acme.id))

        now = datetime(2026, 9, 21, 9, 0, tzinfo=DEMO_ZONE)
        show.step(now, "6. Decision date plus two business days, still silence: one follow-up, in the same thread")
        service.tick(now)
        show.said(service)
        for path in sorted((drafts_dir / "cur").iterdir()):
            show.message(path)
        show.line("· " + _status_line(service, acme.id))

        show.step(now, "7. The pipeline (followthrough status)")
        for row in service.status():
            nxt = f"next: {row['next_action']} {row['next_action_at'] or ''}".strip() if row["next_action"] else ""
            show.line(f"#{row['id']} {row['stage']:<16} {row['title']}  {nxt}")
        service.state.close()
    print("\nThat is the whole flow. Set it up for yourself with config.example.toml and `followthrough doctor`.", file=out)
    return 0


def _status_line(service, interview_id: int) -> str:
    row = next(r for r in service.status() if r["id"] == interview_id)
    when = f" at {row['next_action_at'][:16].replace('T', ' ')}" if row["next_action_at"] else ""
    return f"status: {row['stage']}; next: {row['next_action'] or 'nothing'}{when}"
