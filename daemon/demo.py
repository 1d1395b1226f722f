"""`followthrough demo`: the product on bundled sample data, in a temporary folder."""

from __future__ import annotations

import shutil
import tempfile
from datetime import datetime, timedelta
from importlib import resources
from pathlib import Path
from typing import TextIO
from zoneinfo import ZoneInfo

DEMO_ZONE = ZoneInfo("America/New_York")
DEMO_NOW = datetime(2026, 8, 30, 9, 0, tzinfo=DEMO_ZONE)
DEMO_ME = ["robin.vega@example.org", "rvega@currentco.example.com"]
DEMO_NAME = "Robin Vega"


def sample_calendar() -> Path:
    """The bundled sample calendar (shipped inside the package)."""
    return Path(str(resources.files("daemon.data") / "sample.ics"))


def run_demo(out: TextIO) -> int:
    from connectors.ics import ICSCalendar
    from daemon.cli import print_table
    from daemon.detect import Identity
    from daemon.scan import scan

    with tempfile.TemporaryDirectory(prefix="followthrough-demo-") as tmp:
        cal = Path(tmp) / "calendar.ics"
        shutil.copyfile(sample_calendar(), cal)
        print(f"followthrough demo — working in {tmp} (removed afterwards)", file=out)
        print(f"Robin Vega's calendar for the coming two weeks, read at {DEMO_NOW:%a %Y-%m-%d %H:%M %Z}:\n", file=out)
        source = ICSCalendar(str(cal), DEMO_ZONE, name="sample")
        found, warnings = scan([source], Identity.of(DEMO_ME, DEMO_NAME), DEMO_NOW, DEMO_NOW + timedelta(days=14))
        for w in warnings:
            print(f"warning: {w}", file=out)
        import contextlib

        with contextlib.redirect_stdout(out):
            print_table(found, DEMO_ZONE, total=len(found))
        print("\nEvery event with the decision and its reasons:", file=out)
        for f in found:
            verdict = f"interview ({f.detection.kind})" if f.detection.is_interview else "not an interview"
            print(f"  - {f.event.title}: {verdict}", file=out)
            for r in f.detection.reasons:
                print(f"      · {r}", file=out)
    return 0
