"""Detection's answers on every labelled corpus and the bundled sample calendar match the golden file.

The golden file (tests/data/golden/detect.jsonl) is written by ``python bench/golden_detect.py --write``; a change
that is meant to alter answers rewrites it in the same commit, and the diff shows which answers moved.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

_BENCH = Path(__file__).resolve().parent.parent / "bench" / "golden_detect.py"
_spec = importlib.util.spec_from_file_location("golden_detect", _BENCH)
golden = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(golden)


def test_detection_matches_the_golden_file():
    diff = golden.differences(golden.facts(), golden.stored())
    assert not diff, f"{len(diff)} answers changed (python bench/golden_detect.py shows them):\n" + "\n".join(diff[:40])


def test_the_golden_file_covers_every_corpus_in_both_modes():
    rows = golden.stored()
    files = {r["file"] for r in rows}
    assert any(f.startswith("tests/data/detect_blind/") for f in files)
    assert any(f.startswith("tests/data/detect/holdout3/") for f in files)
    assert "daemon/data/sample.ics" in files
    assert {r["mode"] for r in rows} == {"rules", "builtin"}
    assert sum(r["interview"] for r in rows) > 500
