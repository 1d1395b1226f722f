"""Measure interview detection on the labelled corpus in tests/data/detect/.

For each split (tune, holdout) prints: precision, recall and F1 of "is an interview", kind accuracy
(on true positives), informational recall (informational interviews detected *as* informational),
recipient accuracy (exact set of lowercase addresses, on true positives) and per-recipient
precision/recall; then every miss, false positive, wrong kind and wrong recipient set with the
uid, the title and detect's reasons.

Usage: python bench/detect.py [--quiet] [--show-blind] [--model builtin] [--split NAME ...]
The test suite imports ``evaluate`` from this file (tests/test_detect_corpus.py).
"""

from __future__ import annotations

import argparse
import sys
import tomllib
from datetime import datetime
from functools import lru_cache
from pathlib import Path
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parent.parent
for _p in (ROOT, ROOT / "bench"):
    if str(_p) not in sys.path:
        sys.path.insert(0, str(_p))

from connectors.ics import ICSCalendar  # noqa: E402
from daemon.detection import Identity, detect  # noqa: E402
from daemon.model import Event  # noqa: E402

CORPUS = ROOT / "tests" / "data" / "detect"
BLIND_CORPUS = ROOT / "tests" / "data" / "detect_blind"
ZONE = ZoneInfo("America/New_York")
WINDOW = (datetime(2025, 12, 1, tzinfo=ZONE), datetime(2027, 2, 1, tzinfo=ZONE))
ME = Identity.of(["robin.vega@example.org", "robin@vega.dev", "rvega@currentco.example.com"], "Robin Vega")
#: The user of tests/data/detect_blind/ (its README).
AMARA = Identity.of(["amara.ol@mailbox.example", "amara@okonkwo.example.net",
                     "amara.lindqvist@northwind-logistics.example.com"], "Amara Okonkwo-Lindqvist")
SPLITS = ("tune", "holdout", "tune2", "holdout2", "tune3", "tune4", "tune5", "holdout3")
#: Each labels file with the folder its .ics files live in. holdout2/, tune4/, tune5/ and holdout3/ were written
#: blind; holdout2/, tune4/ and tune5/ (informational interviews) were measured, then tuned on; holdout3/ stays blind.
LABEL_FILES = tuple(CORPUS / d / "labels.toml" for d in (".", "holdout2", "tune3", "tune4", "tune5", "holdout3"))
#: Blind splits: their failures are not printed unless asked for (--show-blind), so nobody tunes on them by accident.
BLIND = ("holdout3", "blind_holdout")
#: The corpora: where their labels are, whose calendar they are, in which zone. A label without a split is in
#: the split named after its corpus.
CORPORA = {
    "detect": (CORPUS, LABEL_FILES, ME, ZONE),
    "blind": (BLIND_CORPUS, (BLIND_CORPUS / "labels.toml",), AMARA, ZoneInfo("Europe/Stockholm")),
}
#: Splits of the blind corpus (tests/data/detect_blind/labels.toml), prefixed with its name.
BLIND_SPLITS = ("blind_tune", "blind_holdout")


def corpus_of(split: str | None) -> str:
    return "blind" if split and split.startswith("blind") else "detect"


@lru_cache(maxsize=None)
def corpus(name: str = "detect") -> tuple[tuple[dict, Event | None], ...]:
    """Every label with its event (the first occurrence of its uid; None if the reader dropped it)."""
    root, label_files, _, zone = CORPORA[name]
    window = (WINDOW[0].replace(tzinfo=zone), WINDOW[1].replace(tzinfo=zone))
    labels: list[dict] = []
    first: dict[tuple[str, str], Event] = {}
    for label_file in label_files:
        if not label_file.exists():
            continue
        these = tomllib.loads(label_file.read_text(encoding="utf-8"))["event"]
        for lab in these:
            lab["file"] = str((label_file.parent / lab["file"]).relative_to(root))
            if name != "detect":
                lab["split"] = f"{name}_{lab['split']}" if "split" in lab else name
        labels += these
    for fname in sorted({lab["file"] for lab in labels}):
        for e in ICSCalendar(str(root / fname), zone).fetch(*window).events:  # sorted by start
            first.setdefault((fname, e.uid), e)
    return tuple((lab, first.get((lab["file"], lab["uid"]))) for lab in labels)


def _ratio(num: int, den: int) -> float:
    return num / den if den else 1.0


def evaluate(split: str | None = None, detector=detect, me: Identity | None = None, name: str | None = None) -> dict:
    """Figures and failures for one split ("tune", "holdout", "blind_tune"; None: the whole corpus ``name``)."""
    name = name or corpus_of(split)
    me = me or CORPORA[name][2]
    tp = fp = fn = tn = kind_ok = rec_ok = 0
    info_total = info_ok = 0
    rec_tp = rec_fp = rec_fn = 0
    failures: dict[str, list[dict]] = {"missed": [], "false_positive": [], "wrong_kind": [], "wrong_recipients": []}
    informational: list[dict] = []
    for lab, event in corpus(name):
        if split and lab["split"] != split:
            continue
        if event is None:
            d_is, d_kind, reasons, got = False, "", ["not read from the calendar (cancelled or skipped)"], set()
        else:
            d = detector(event, me)
            d_is, d_kind, reasons = d.is_interview, d.kind, d.reasons
            got = {p.email.lower() for p in d.interviewers if p.email}
        row = {
            "uid": lab["uid"], "file": lab["file"], "title": event.title if event else "", "label_kind": lab["kind"],
            "kind": d_kind, "want": sorted(lab["recipients"]), "got": sorted(got), "reasons": reasons,
            "note": lab.get("note", ""),
        }
        want = {r.lower() for r in lab["recipients"]}
        if lab["kind"] == "informational" and lab["interview"]:
            info_total += 1
            info_ok += d_is and d_kind == "informational"
            informational.append(row)
        if lab["interview"] and d_is:
            tp += 1
            if d_kind == lab["kind"]:
                kind_ok += 1
            else:
                failures["wrong_kind"].append(row)
            if got == want:
                rec_ok += 1
            else:
                failures["wrong_recipients"].append(row)
            rec_tp += len(got & want)
            rec_fp += len(got - want)
            rec_fn += len(want - got)
        elif lab["interview"]:
            fn += 1
            failures["missed"].append(row)
        elif d_is:
            fp += 1
            failures["false_positive"].append(row)
        else:
            tn += 1
    precision, recall = _ratio(tp, tp + fp), _ratio(tp, tp + fn)
    return {
        "split": split or name,
        "events": tp + fp + fn + tn,
        "tp": tp, "fp": fp, "fn": fn, "tn": tn,
        "precision": precision,
        "recall": recall,
        "f1": 2 * precision * recall / (precision + recall) if precision + recall else 0.0,
        "kind_accuracy": _ratio(kind_ok, tp),
        "informational_recall": _ratio(info_ok, info_total),
        "informational_total": info_total,
        "recipient_accuracy": _ratio(rec_ok, tp),
        "recipient_precision": _ratio(rec_tp, rec_tp + rec_fp),
        "recipient_recall": _ratio(rec_tp, rec_tp + rec_fn),
        "failures": failures,
        "informational": informational,
    }


def figures(r: dict) -> str:
    return (
        f"{r['split']:8} n={r['events']:3}  P={r['precision']:.3f} R={r['recall']:.3f} F1={r['f1']:.3f}  "
        f"(tp {r['tp']}, fp {r['fp']}, fn {r['fn']}, tn {r['tn']})\n"
        f"{'':8} kind={r['kind_accuracy']:.3f}  informational={r['informational_recall']:.3f} "
        f"(of {r['informational_total']})  recipients={r['recipient_accuracy']:.3f} "
        f"(per-recipient P={r['recipient_precision']:.3f} R={r['recipient_recall']:.3f})"
    )


def report(r: dict) -> str:
    out = []
    for what, rows in r["failures"].items():
        for row in rows:
            line = f"  [{what}] {row['uid']} ({row['file']}) {row['title']!r}"
            if what == "wrong_kind":
                line += f": {row['kind']} (want {row['label_kind']})"
            elif what == "wrong_recipients":
                line += f": {row['got']} (want {row['want']})"
            elif what == "missed":
                line += f" (want {row['label_kind']})"
            out.append(line + "\n      " + "; ".join(row["reasons"]))
    return "\n".join(out)


def _detector(model: str, split: str):
    """detect() with the judge ``model`` names: the shipped classifier, or one trained without ``split``."""
    if model == "off":
        return detect
    from daemon.detection import Rules
    from daemon.judge import BuiltinJudge

    if model == "builtin":
        return lambda e, me: detect(e, me, Rules(judge=BuiltinJudge()))
    import train_classifier

    from daemon.classifier import Classifier

    rows = train_classifier.examples(lambda s: s not in train_classifier.BLIND and s != split)
    judge = BuiltinJudge(Classifier.from_weights(train_classifier.fit(rows)))
    return lambda e, me: detect(e, me, Rules(judge=judge))


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--quiet", action="store_true", help="print only the figures")
    ap.add_argument("--split", choices=SPLITS, action="append", help="only this split (repeatable)")
    ap.add_argument("--show-blind", action="store_true", help=f"also print the failures of the blind splits {BLIND}")
    ap.add_argument("--model", choices=("off", "builtin", "builtin-unseen"), default="off",
                    help="with a second opinion: the shipped classifier, or one trained without the split it is judged on")
    args = ap.parse_args(argv)
    for split in args.split or SPLITS:
        r = evaluate(split, _detector(args.model, split))
        print(figures(r))
        if not args.quiet and (split not in BLIND or args.show_blind) and (text := report(r)):
            print(text)
        print()


if __name__ == "__main__":
    main()
