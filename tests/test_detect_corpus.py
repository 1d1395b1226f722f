"""Detection quality on the labelled corpus (tests/data/detect/) cannot silently regress.

The figures come from bench/detect.py (``make bench-detect`` prints them with every failure);
the floors sit a little below what was measured, about one event of slack on each split. Raise
them when detection improves; lower them only with a reason in the commit message.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

_BENCH = Path(__file__).resolve().parent.parent / "bench" / "detect.py"
_spec = importlib.util.spec_from_file_location("bench_detect", _BENCH)
bench = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(bench)

# Measured (see the module docstring):
#   tune     P 1.000  R 1.000  F1 1.000  kind 1.000  recipients 1.000  (77 positives, 76 negatives)
#   holdout  P 1.000  R 1.000  F1 1.000  kind 1.000  recipients 1.000  (53 positives, 51 negatives)
# The holdout has since been looked at and tuned on (through general rules only), so it is no longer a
# blind estimate; its floors guard against regressions like the tune split's.
# A superday is a final round (the corpus README), even when it fills a whole day.
FLOORS = {
    "tune": {"precision": 0.98, "recall": 0.98, "f1": 0.98, "kind_accuracy": 0.97, "recipient_accuracy": 0.98,
             "recipient_precision": 0.98, "recipient_recall": 0.98},
    "holdout": {"precision": 0.98, "recall": 0.98, "f1": 0.98, "kind_accuracy": 0.98, "recipient_accuracy": 0.98,
                "recipient_precision": 0.98, "recipient_recall": 0.98},
    # The second corpus, written blind (tests/data/detect/holdout2/README.md). tune2 is for tuning.
    # tune2 measured after tuning on it (general rules only): P 1.000 R 0.980 F1 0.990 kind 1.000 recipients 1.000
    # (51 positives, 58 negatives; first measured P 0.848 R 0.765 F1 0.804 kind 0.846 recipients 0.974).
    "tune2": {"precision": 0.98, "recall": 0.96, "f1": 0.97, "kind_accuracy": 0.97, "recipient_accuracy": 0.97,
              "recipient_precision": 0.98, "recipient_recall": 0.98},
    # holdout2 stayed blind through three measurements (F1 0.775 on all 207, then 0.737, 0.769, 0.790 on its 98);
    # then its failures were read and general rules learnt from them, so it is a tuning set now:
    # P 1.000 R 0.933 F1 0.966 kind 0.857 informational 4 of 4 recipients 1.000. (holdout3 did not move: 0.863.)
    "holdout2": {"precision": 0.96, "recall": 0.91, "f1": 0.94, "kind_accuracy": 0.83, "recipient_accuracy": 0.98,
                 "recipient_precision": 0.98, "recipient_recall": 0.98},
    # The third corpus (tests/data/detect/tune3/README.md), for tuning: terse titles, many industries and languages.
    # tune3 measured after tuning on it (general rules only): P 1.000 R 0.980 F1 0.990 kind 0.979 recipients 1.000
    # (98 positives, 103 negatives; first measured P 0.889 R 0.571 F1 0.696 kind 0.643 recipients 1.000). The two
    # misses are a "Call" from a bank's talent team with no description and a typed "Call" whose note says only
    # "recruiter – controller role"; the wrong kinds were a superday (then onsite) and a friend's intro to a
    # hiring CTO who also joins (panel). Superdays now count as final (kind 0.990).
    "tune3": {"precision": 0.98, "recall": 0.97, "f1": 0.98, "kind_accuracy": 0.97, "recipient_accuracy": 0.98,
              "recipient_precision": 0.98, "recipient_recall": 0.98},
    # The fifth corpus (tests/data/detect/tune4/README.md), written blind and then tuned on: terse titles, many
    # languages and scripts, career chats, kinds easy to confuse. First measured P 0.852 R 0.627 F1 0.722 kind 0.788
    # informational 5 of 16; after tuning (general rules only) P 0.975 R 0.940 F1 0.957 kind 0.885 recipients 1.000.
    "tune4": {"precision": 0.96, "recall": 0.92, "f1": 0.94, "kind_accuracy": 0.87, "recipient_accuracy": 0.98,
              "recipient_precision": 0.98, "recipient_recall": 0.98},
    # The sixth corpus (tests/data/detect/tune5/README.md), written blind, then tuned on: informational interviews
    # and career chats, and their look-alikes (advice given by the user, coaching, mentoring, mixers). First
    # measured P 0.659 R 0.439 F1 0.527 informational 17 of 54; after tuning P 0.939 R 0.939 F1 0.939 kind 0.873
    # informational 50 of 54, recipients 0.984.
    "tune5": {"precision": 0.92, "recall": 0.92, "f1": 0.92, "kind_accuracy": 0.85, "recipient_accuracy": 0.96,
              "recipient_precision": 0.98, "recipient_recall": 0.96},
    # The seventh corpus, written blind (tests/data/detect/holdout3/README.md) and never tuned on; its failures are
    # not printed (bench/detect.py --show-blind does). Rules alone, first measurement: P 0.910 R 0.782 F1 0.841
    # kind 0.885 informational 6 of 13; after tuning on tune4: P 0.926 R 0.808 F1 0.863 kind 0.889 informational
    # 8 of 13; after narrowing patterns that misfired on everyday events (reviewed on examples, not on this set):
    # P 0.912 R 0.795 F1 0.849 kind 0.887 informational 7 of 13; after tuning on tune5 (career chats):
    # P 0.900 R 0.808 F1 0.851 kind 0.889 informational 8 of 13, recipients 1.000.
    "holdout3": {"precision": 0.89, "recall": 0.79, "f1": 0.84, "kind_accuracy": 0.87, "recipient_accuracy": 0.98,
                 "recipient_precision": 0.98, "recipient_recall": 0.98},
    # The eighth corpus (tests/data/detect_blind/README.md), a new user and a new voice; untuned as measured here.
    # blind_tune P 0.953 R 0.837 F1 0.891 kind 0.927 recipients 0.854; blind_holdout P 0.860 R 0.771 F1 0.813
    # kind 0.919 recipients 0.919 (reach 0.857 and 0.833, ordinary asked 0.056 both). After tuning on blind_tune
    # (phone-typed titles, one word against clear evidence, titles that say too little asked about): blind_tune
    # P 0.958 R 0.939 F1 0.948 kind 0.913 recipients 0.870, reach 1.000, ordinary asked 0.000; blind_holdout, measured
    # once: P 0.844 R 0.792 F1 0.817 kind 0.921 recipients 0.921, reach 0.854, ordinary asked 0.056 (one more false
    # positive, one more interview found).
    "blind_tune": {"precision": 0.94, "recall": 0.92, "f1": 0.93, "kind_accuracy": 0.90, "recipient_accuracy": 0.86,
                   "recipient_precision": 0.92, "recipient_recall": 0.97},
    "blind_holdout": {"precision": 0.83, "recall": 0.78, "f1": 0.80, "kind_accuracy": 0.90, "recipient_accuracy": 0.90,
                      "recipient_precision": 0.93, "recipient_recall": 0.98},
}
#: The splits tuned on: at least this share of interviews detected or asked about, at most this share of the other
#: events asked about (issue 12). The holdouts are measured, not held to it (holdout3 reaches 0.821).
REACH_SPLITS = ("tune", "tune2", "tune3", "tune4", "tune5", "blind_tune")
REACH, ORDINARY_ASKED = 0.98, 0.05
#: With the shipped classifier as a second opinion ([detection] model = "builtin"), on the blind split it was
#: never trained on. First measurement (trained without tune4, before the rules learnt from it): P 0.895
#: R 0.872 F1 0.883; after tune4: P 0.896 R 0.885 F1 0.890; after the narrowing: P 0.895 R 0.872 F1 0.883
#: kind 0.838 informational 7 of 13; after tune5: P 0.896 R 0.885 F1 0.890 kind 0.855 informational 9 of 13,
#: recipients 1.000.
MODEL_FLOORS = {
    "holdout3": {"precision": 0.88, "recall": 0.86, "f1": 0.87, "kind_accuracy": 0.82, "recipient_accuracy": 0.98},
}
#: Splits whose informational interviews must all be recognised.
INFORMATIONAL_SPLITS = ("tune", "holdout")

# Informational interviews that are not (yet) recognised as such, and why. (None at present: "Coffee w/
# Maya Chen" is a social meeting the user set up whose description says "Informational", and
# "カジュアル面談" is now known as a casual, informational meeting with a company.)
INFORMATIONAL_EXCEPTIONS: set[str] = set()


@pytest.fixture(scope="module", params=bench.SPLITS)
def result(request):
    return bench.evaluate(request.param)


def test_the_corpus_is_read_whole():
    rows = bench.corpus()
    assert len(rows) == 257 + 207 + 201 + 166 + 125 + 163
    assert len({(lab["file"], lab["uid"]) for lab, _ in rows}) == 257 + 207 + 201 + 166 + 125 + 163
    # Only cancelled events are dropped by the reader (and they are all negatives).
    assert all(not lab["interview"] for lab, event in rows if event is None)


def test_quality_does_not_regress(result):
    floors = FLOORS[result["split"]]
    low = {k: round(result[k], 3) for k, floor in floors.items() if result[k] < floor}
    details = bench.figures(result) if result["split"] in bench.BLIND else bench.report(result)
    assert not low, f"{result['split']} below its floors {floors}: {low}\n{details}"


@pytest.mark.parametrize("split", REACH_SPLITS)
def test_interviews_reach_the_user_and_few_ordinary_events_are_asked_about(split):
    r = bench.evaluate(split)
    assert r["reach"] >= REACH and r["asked_ordinary"] <= ORDINARY_ASKED, bench.figures(r) + "\n" + bench.report(r)


@pytest.mark.parametrize("split", sorted(MODEL_FLOORS))
def test_quality_with_the_shipped_classifier_does_not_regress(split):
    from daemon.detection import Rules, detect
    from daemon.service.judge import BuiltinJudge

    judge = BuiltinJudge()
    result = bench.evaluate(split, lambda e, me: detect(e, me, Rules(judge=judge)))
    low = {k: round(result[k], 3) for k, floor in MODEL_FLOORS[split].items() if result[k] < floor}
    assert not low, f"{split} with the classifier below its floors: {low}\n{bench.figures(result)}"


def test_informational_interviews_are_recognised(result):
    if result["split"] not in INFORMATIONAL_SPLITS:
        pytest.skip(f"{result['split']}: informational recall is measured, not yet held at 100%")
    missed = [
        (row["uid"], row["title"], row["kind"] or "not detected")
        for row in result["informational"]
        if row["kind"] != "informational"
    ]
    unexpected = [m for m in missed if m[0] not in INFORMATIONAL_EXCEPTIONS]
    assert not unexpected, unexpected


def test_informational_exceptions_are_still_needed():
    """An exception that is now recognised should leave the list (and the floors go up)."""
    rows = [r for split in INFORMATIONAL_SPLITS for r in bench.evaluate(split)["informational"]]
    recognised = {row["uid"] for row in rows if row["kind"] == "informational"}
    assert not (INFORMATIONAL_EXCEPTIONS & recognised)
    assert INFORMATIONAL_EXCEPTIONS <= {row["uid"] for row in rows}
