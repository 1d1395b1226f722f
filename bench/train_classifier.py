"""Train the local classifier (daemon/service/classifier.py) on the labelled corpus and write its weight file.

The blind splits are never trained on. ``--folds`` first prints a leave-one-file-out estimate: each .ics
file in turn is left out, the classifier is trained on the rest and judged on that file alone, so a whole
source, language or style is unseen when it is judged.

Usage: python bench/train_classifier.py [--folds] [--check] [--out PATH]
  --check  train and compare with the shipped weights, within a rounding tolerance (exit 1 when they differ:
           the corpus or the features changed)
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import detect as bench  # noqa: E402
from daemon.service import classifier  # noqa: E402

BLIND = bench.BLIND  # written blind and kept for reporting only: never trained on


def examples(split_ok=lambda s: s not in BLIND):
    return [(lab, ev, classifier.features(ev, bench.ME)) for lab, ev in bench.corpus()
            if ev is not None and split_ok(lab["split"])]


def fit(rows) -> dict[str, dict[int, float]]:
    """Both heads: interview or not (all events), informational or not (the interviews)."""
    return {
        "interview": classifier.train([(f, lab["interview"]) for lab, _, f in rows]),
        "informational": classifier.train([(f, lab["kind"] == "informational") for lab, _, f in rows if lab["interview"]]),
    }


def leave_one_file_out(rows) -> None:
    tp = fp = fn = tn = 0
    for name in sorted({lab["file"] for lab, _, _ in rows}):
        model = classifier.Classifier.from_weights(fit([r for r in rows if r[0]["file"] != name]))
        for lab, ev, _ in (r for r in rows if r[0]["file"] == name):
            said = model.probability(ev, bench.ME) >= 0.5
            tp += said and lab["interview"]
            fp += said and not lab["interview"]
            fn += lab["interview"] and not said
            tn += not said and not lab["interview"]
    p, r = tp / max(1, tp + fp), tp / max(1, tp + fn)
    print(f"leave-one-file-out, classifier alone: P={p:.3f} R={r:.3f} F1={2 * p * r / max(1e-9, p + r):.3f} "
          f"(tp {tp}, fp {fp}, fn {fn}, tn {tn})")


def _close(a: classifier.Classifier, b: classifier.Classifier, tol: float = 2e-3) -> bool:
    """Same training data and weights equal within ``tol`` (floating point may differ a little across platforms)."""
    return a.trained_on == b.trained_on and a.heads.keys() == b.heads.keys() and all(
        abs(x - y) <= tol for name in a.heads for x, y in zip(a.heads[name], b.heads[name]))


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--folds", action="store_true", help="print a leave-one-file-out estimate first")
    ap.add_argument("--check", action="store_true", help="compare with the shipped weights instead of writing")
    ap.add_argument("--out", type=Path, default=classifier.WEIGHTS)
    args = ap.parse_args(argv)
    rows = examples()
    if args.folds:
        leave_one_file_out(rows)
    splits = sorted({lab["split"] for lab, _, _ in rows})
    trained_on = {"splits": splits, "events": len(rows), "interviews": sum(lab["interview"] for lab, _, _ in rows)}
    if args.check:
        import tempfile

        with tempfile.TemporaryDirectory() as tmp:
            fresh = Path(tmp) / "weights.json.gz"
            classifier.save(fit(rows), fresh, trained_on)
            same = _close(classifier.Classifier.load(fresh), classifier.Classifier.load(args.out))
        print("the shipped weights match the corpus" if same else "the shipped weights are stale: retrain")
        return 0 if same else 1
    classifier.save(fit(rows), args.out, trained_on)
    print(f"wrote {args.out} ({args.out.stat().st_size // 1024} KB) from {trained_on}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
