"""Render every phrasing in tests/data/phrasings/<field>.toml into the sentence it becomes in a note.

    python bench/phrasings.py [DIR]   # writes DIR/<field>.txt beside each <field>.toml (default: tests/data/phrasings)

Each .txt holds, per answer, the answer as typed and the sentence the primary contact's note would
carry, for a reader to review; tests/test_phrasings.py checks the committed files are current.
"""

from __future__ import annotations

import sys
import tomllib
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from daemon.core.notes import FIELD_SLOTS, Writer, field_sentence

ZONE = ZoneInfo("America/New_York")
DAY = datetime(2026, 9, 17, 10, 0, tzinfo=ZONE)


def writer() -> Writer:
    return Writer("en", company="Acme Robotics", post="Senior Backend Engineer", day=DAY, zone=ZONE, formal=True)


def render(field: str, answers: list[str]) -> str:
    w = writer()
    out = [f"# {field}: each answer as typed, then the sentence it becomes in the note", ""]
    for text in answers:
        shown = text.replace("\n", "\\n")
        out += [f"answer:   {shown}", f"sentence: {field_sentence(w, field, text) or '(left out: nothing to say)'}", ""]
    return "\n".join(out).rstrip() + "\n"


def main(folder: str = "tests/data/phrasings") -> None:
    base = Path(folder)
    count = 0
    for source in sorted(base.glob("*.toml")):
        field = source.stem
        if field not in FIELD_SLOTS:
            continue
        answers = tomllib.loads(source.read_text(encoding="utf-8"))["answers"]
        (base / f"{field}.txt").write_text(render(field, answers), encoding="utf-8")
        count += len(answers)
        print(f"{field}: {len(answers)} answers")
    print(f"{count} answers rendered")


if __name__ == "__main__":
    main(*sys.argv[1:])
