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
from collections import Counter
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
from daemon.core.model import Event  # noqa: E402

CORPUS = ROOT / "tests" / "data" / "detect"
BLIND_CORPUS = ROOT / "tests" / "data" / "detect_blind"
ZONE = ZoneInfo("America/New_York")
WINDOW = (datetime(2025, 12, 1, tzinfo=ZONE), datetime(2027, 2, 1, tzinfo=ZONE))
ME = Identity.of(["robin.vega@example.org", "robin@vega.dev", "rvega@currentco.example.com"], "Robin Vega")
#: The user of tests/data/detect_blind/ (its README).
AMARA = Identity.of(["amara.ol@mailbox.example", "amara@okonkwo.example.net",
                     "amara.lindqvist@northwind-logistics.example.com"], "Amara Okonkwo-Lindqvist")
SPLITS = ("tune", "holdout", "tune2", "holdout2", "tune3", "tune4", "tune5", "holdout3", "blind_tune", "blind_holdout")
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


def _row(lab: dict, event: Event | None, detector, me: Identity) -> dict:
    """One labelled event with detection's answer."""
    if event is None:
        d_is, ask, d_kind, reasons, got, fired = False, False, "", ["not read from the calendar (cancelled or skipped)"], set(), []
    else:
        d = detector(event, me)
        d_is, ask, d_kind, reasons, fired = d.is_interview, d.ask, d.kind, d.reasons, d.rules
        got = {p.email.lower() for p in d.interviewers if p.email}
    return {
        "uid": lab["uid"], "file": lab["file"], "title": event.title if event else "", "label_kind": lab["kind"],
        "kind": d_kind, "want": sorted(lab["recipients"]), "got": sorted(got), "reasons": reasons,
        "note": lab.get("note", ""), "is": d_is, "ask": ask, "label": lab["interview"], "rules": fired,
    }


def evaluate(split: str | None = None, detector=detect, me: Identity | None = None, name: str | None = None) -> dict:
    """Figures and failures for one split ("tune", "holdout", "blind_tune"; None: the whole corpus ``name``).

    An unsure event (asked about) counts as not detected in precision, recall and F1; ``decided_f1`` leaves the asked
    events out, ``reach`` counts an interview asked about as reached, ``asked_ordinary`` is the share of the other
    events asked about."""
    name = name or corpus_of(split)
    me = me or CORPORA[name][2]
    c: Counter[str] = Counter()
    kinds: dict[str, list[int]] = {}
    fired: Counter[str] = Counter()
    failures: dict[str, list[dict]] = {"missed": [], "asked": [], "false_positive": [], "asked_ordinary": [],
                                       "wrong_kind": [], "wrong_recipients": []}
    informational: list[dict] = []
    for lab, event in corpus(name):
        if split and lab["split"] != split:
            continue
        row = _row(lab, event, detector, me)
        fired.update(row["rules"])
        if lab["kind"] == "informational" and lab["interview"]:
            c["info_total"] += 1
            c["info_ok"] += row["is"] and row["kind"] == "informational"
            informational.append(row)
        if lab["interview"] and row["is"]:
            _true_positive(row, c, kinds, failures)
        elif lab["interview"]:
            c["fn"] += 1
            c["asked_pos"] += row["ask"]
            failures["asked" if row["ask"] else "missed"].append(row)
        elif row["is"]:
            c["fp"] += 1
            failures["false_positive"].append(row)
        else:
            c["tn"] += 1
            c["asked_neg"] += row["ask"]
            if row["ask"]:
                failures["asked_ordinary"].append(row)
    return _figures(split or name, c, kinds, fired, failures, informational)


def _true_positive(row: dict, c: Counter, kinds: dict, failures: dict) -> None:
    c["tp"] += 1
    per = kinds.setdefault(row["label_kind"], [0, 0])
    per[1] += 1
    if row["kind"] == row["label_kind"]:
        c["kind_ok"] += 1
        per[0] += 1
    else:
        failures["wrong_kind"].append(row)
    got, want = set(row["got"]), {r.lower() for r in row["want"]}
    if got == want:
        c["rec_ok"] += 1
    else:
        failures["wrong_recipients"].append(row)
    c["rec_tp"] += len(got & want)
    c["rec_fp"] += len(got - want)
    c["rec_fn"] += len(want - got)


def _f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


def _figures(split: str, c: Counter, kinds: dict, fired: Counter, failures: dict, informational: list) -> dict:
    tp, fp, fn, tn = c["tp"], c["fp"], c["fn"], c["tn"]
    precision, recall = _ratio(tp, tp + fp), _ratio(tp, tp + fn)
    decided_recall = _ratio(tp, tp + fn - c["asked_pos"])
    return {
        "split": split,
        "events": tp + fp + fn + tn,
        "tp": tp, "fp": fp, "fn": fn, "tn": tn,
        "precision": precision,
        "recall": recall,
        "f1": _f1(precision, recall),
        "decided_f1": _f1(precision, decided_recall),
        "reach": _ratio(tp + c["asked_pos"], tp + fn),
        "asked": c["asked_pos"], "asked_ordinary": _ratio(c["asked_neg"], fp + tn), "asked_neg": c["asked_neg"],
        "kind_accuracy": _ratio(c["kind_ok"], tp),
        "kind_per_kind": {k: (ok, n) for k, (ok, n) in sorted(kinds.items())},
        "informational_recall": _ratio(c["info_ok"], c["info_total"]),
        "informational_total": c["info_total"],
        "recipient_accuracy": _ratio(c["rec_ok"], tp),
        "recipient_precision": _ratio(c["rec_tp"], c["rec_tp"] + c["rec_fp"]),
        "recipient_recall": _ratio(c["rec_tp"], c["rec_tp"] + c["rec_fn"]),
        "rules_fired": fired,
        "failures": failures,
        "informational": informational,
    }


def figures(r: dict) -> str:
    per_kind = " ".join(f"{k} {ok}/{n}" for k, (ok, n) in r["kind_per_kind"].items())
    return (
        f"{r['split']:8} n={r['events']:3}  P={r['precision']:.3f} R={r['recall']:.3f} F1={r['f1']:.3f}  "
        f"(tp {r['tp']}, fp {r['fp']}, fn {r['fn']}, tn {r['tn']})\n"
        f"{'':8} decided F1={r['decided_f1']:.3f}  reach={r['reach']:.3f} ({r['asked']} interviews asked)  "
        f"ordinary asked={r['asked_ordinary']:.3f} ({r['asked_neg']})\n"
        f"{'':8} kind={r['kind_accuracy']:.3f} [{per_kind}]\n"
        f"{'':8} informational={r['informational_recall']:.3f} "
        f"(of {r['informational_total']})  recipients={r['recipient_accuracy']:.3f} "
        f"(per-recipient P={r['recipient_precision']:.3f} R={r['recipient_recall']:.3f})"
    )


def rule_counts(results: list[dict]) -> str:
    """How often each rule fired over ``results``; the rules that never did are flagged."""
    from daemon.detection import RULES

    total: Counter[str] = Counter()
    for r in results:
        total.update(r["rules_fired"])
    lines = [f"  {rule:32} {RULES[rule]:+5.1f}  {total[rule]:5d}" + ("  NEVER FIRES" if not total[rule] else "")
             for rule in sorted(RULES, key=lambda k: (-total[k], k))]
    return "rules (id, weight, events where it fired):\n" + "\n".join(lines)


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
    from daemon.service.judge import BuiltinJudge

    if model == "builtin":
        return lambda e, me: detect(e, me, Rules(judge=BuiltinJudge()))
    import train_classifier

    from daemon.service.classifier import Classifier

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
    results = []
    for split in args.split or SPLITS:
        r = evaluate(split, _detector(args.model, split))
        results.append(r)
        print(figures(r))
        if not args.quiet and (split not in BLIND or args.show_blind) and (text := report(r)):
            print(text)
        print()
    if not args.split:
        for name in CORPORA:
            print(figures(evaluate(None, _detector(args.model, name), name=name)) + "\n")
    print(rule_counts(results))


if __name__ == "__main__":
    main()
