"""Detection's answers on every labelled corpus and the bundled sample calendar, as a golden file.

For each event of each calendar (the first three occurrences of a series) (in every mode: the rules alone, and with the built-in second opinion) one line:
file, uid, recurrence id, interview, kind, confidence, recipients and company -- what ``scan --all --json`` says,
less the reasons. tests/test_detect_golden.py compares the detector against the stored file, so that a change
meant to keep behaviour (a refactoring) cannot change an answer unnoticed.

Usage: python bench/golden_detect.py [--write]   (without --write: print the differences)
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from connectors.ics import ICSCalendar  # noqa: E402
from daemon.detection import Identity, Rules, detect  # noqa: E402
from daemon.service.judge import BuiltinJudge  # noqa: E402

GOLDEN = ROOT / "tests" / "data" / "golden" / "detect.jsonl"
ROBIN = Identity.of(["robin.vega@example.org", "robin@vega.dev", "rvega@currentco.example.com"], "Robin Vega")
AMARA = Identity.of(["amara.ol@mailbox.example", "amara@okonkwo.example.net",
                     "amara.lindqvist@northwind-logistics.example.com"], "Amara Okonkwo-Lindqvist")
NEW_YORK, STOCKHOLM = ZoneInfo("America/New_York"), ZoneInfo("Europe/Stockholm")
#: (folder or file, its user, its zone)
CALENDARS = (
    (ROOT / "tests" / "data" / "detect", ROBIN, NEW_YORK),
    (ROOT / "tests" / "data" / "detect_blind", AMARA, STOCKHOLM),
    (ROOT / "daemon" / "data" / "sample.ics", ROBIN, NEW_YORK),
)


#: The first occurrences of a series kept (the rest repeat them).
OCCURRENCES = 3


def _files(where: Path) -> list[Path]:
    return [where] if where.is_file() else sorted(where.rglob("*.ics"))


def facts() -> list[dict]:
    """One row per event and mode, in a stable order."""
    judge = BuiltinJudge()
    rows = []
    for where, me, zone in CALENDARS:
        window = (datetime(2025, 1, 1, tzinfo=zone), datetime(2028, 1, 1, tzinfo=zone))
        for path in _files(where):
            name = str(path.relative_to(ROOT))
            seen: dict[str, int] = {}
            for e in ICSCalendar(str(path), zone).fetch(*window).events:  # sorted by start
                seen[e.uid] = seen.get(e.uid, 0) + 1
                if seen[e.uid] > OCCURRENCES:
                    continue
                for mode, rules in (("rules", Rules()), ("builtin", Rules(judge=judge))):
                    d = detect(e, me, rules)
                    rows.append({
                        "file": name, "uid": e.uid, "recurrence_id": e.recurrence_id, "start": e.start.isoformat(),
                        "mode": mode, "interview": d.is_interview, "ask": bool(getattr(d, "ask", False)),
                        "kind": d.kind, "confidence": d.confidence,
                        "recipients": [[p.name, p.email] for p in d.interviewers], "company": d.company,
                    })
    rows.sort(key=lambda r: (r["file"], r["uid"], r["recurrence_id"] or "", r["start"], r["mode"]))
    return rows


def stored() -> list[dict]:
    return [json.loads(line) for line in GOLDEN.read_text(encoding="utf-8").splitlines() if line.strip()]


def differences(now: list[dict], then: list[dict]) -> list[str]:
    """What changed, one line per event and mode."""
    key = lambda r: (r["file"], r["uid"], r["recurrence_id"], r["start"], r["mode"])  # noqa: E731
    a, b = {key(r): r for r in then}, {key(r): r for r in now}
    out = [f"gone: {k}" for k in a.keys() - b.keys()] + [f"new: {k}" for k in b.keys() - a.keys()]
    for k in sorted(a.keys() & b.keys(), key=str):
        if a[k] != b[k]:
            changed = {f: (a[k][f], b[k].get(f)) for f in a[k] if a[k][f] != b[k].get(f)}
            out.append(f"{k[0]} {k[1]} [{k[4]}]: {changed}")
    return out


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--write", action="store_true", help="store the current answers as the golden file")
    args = ap.parse_args(argv)
    rows = facts()
    if args.write:
        GOLDEN.parent.mkdir(parents=True, exist_ok=True)
        GOLDEN.write_text("".join(json.dumps(r, ensure_ascii=False, sort_keys=True) + "\n" for r in rows), encoding="utf-8")
        print(f"{len(rows)} rows written to {GOLDEN.relative_to(ROOT)}")
        return
    diff = differences(rows, stored())
    print("\n".join(diff) if diff else f"unchanged ({len(rows)} rows)")


if __name__ == "__main__":
    main()
