"""Scan a generated calendar of 10,000+ events and print how long each step takes.

Prints figures; asserts nothing (timings on a shared machine are not tests).
Usage: python bench/scan_large.py [N_EVENTS]
"""

from __future__ import annotations

import resource
import sys
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from connectors.ics import ICSCalendar
from daemon.detection import Identity, detect

ZONES = ["America/New_York", "Europe/Berlin", "Pacific Standard Time", "Asia/Tokyo", "UTC"]
TITLES = ["Team sync", "Interview with Acme - technical round", "Dentist", "Coffee chat (informational)",
          "Phone screen: Globex", "Sprint planning", "Mock interview practice", "Lunch with Sam"]


def generate(n: int) -> str:
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//followthrough bench//EN"]
    base = datetime(2025, 1, 1, 9, 0)
    for i in range(n):
        start = base + timedelta(hours=7 * i)
        tz = ZONES[i % len(ZONES)]
        lines += [
            "BEGIN:VEVENT",
            f"UID:bench-{i}@followthrough",
            "DTSTAMP:20250101T000000Z",
            f"DTSTART;TZID={tz}:{start:%Y%m%dT%H%M%S}",
            f"DTEND;TZID={tz}:{start + timedelta(minutes=45):%Y%m%dT%H%M%S}",
            f"SUMMARY:{TITLES[i % len(TITLES)]} #{i}",
            "ORGANIZER;CN=Kim Okafor:mailto:kim@acme.example",
            "ATTENDEE;CN=Kim Okafor;PARTSTAT=ACCEPTED:mailto:kim@acme.example",
            "ATTENDEE;CN=Robin Vega;PARTSTAT=ACCEPTED:mailto:robin.vega@example.org",
        ]
        if i % 50 == 0:
            lines.append("RRULE:FREQ=WEEKLY;COUNT=20")
        lines.append("END:VEVENT")
    lines.append("END:VCALENDAR")
    return "\r\n".join(lines) + "\r\n"


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "large.ics"
        path.write_text(generate(n))
        size = path.stat().st_size
        cal = ICSCalendar(str(path), ZoneInfo("Europe/Berlin"))
        start = datetime(2025, 1, 1, tzinfo=ZoneInfo("UTC"))
        end = start + timedelta(days=7 * n // 24 + 200)
        t = time.perf_counter()
        first = cal.fetch(start, end)
        t_first = time.perf_counter() - t
        t = time.perf_counter()
        again = cal.fetch(start, end, token=first.token)
        t_again = time.perf_counter() - t
        me = Identity.of(["robin.vega@example.org"], "Robin Vega")
        t = time.perf_counter()
        found = [detect(e, me) for e in first.events]
        t_detect = time.perf_counter() - t
        from daemon.detection import Rules
        from daemon.service.judge import BuiltinJudge

        t = time.perf_counter()
        judged = [detect(e, me, Rules(judge=BuiltinJudge())) for e in first.events]
        t_judged = time.perf_counter() - t
        month = cal.fetch(start + timedelta(days=300), start + timedelta(days=330))
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"calendar: {n} VEVENTs, {size / 1e6:.1f} MB, {len(first.events)} occurrences in the window")
    print(f"first scan (read + parse + expand):  {t_first:6.2f} s")
    print(f"unchanged calendar (token):          {t_again * 1000:6.1f} ms  changed={again.changed}")
    print(f"detection over all occurrences:      {t_detect:6.2f} s  ({sum(d.is_interview for d in found)} interviews)")
    print(f"detection with the classifier:       {t_judged:6.2f} s  ({sum(d.is_interview for d in judged)} interviews, "
          f"{sum(any('classifier' in r for r in d.reasons) for d in judged)} asked)")
    print(f"one-month window: {len(month.events)} occurrences")
    print(f"peak RSS: {rss:.0f} MB")


if __name__ == "__main__":
    main()
