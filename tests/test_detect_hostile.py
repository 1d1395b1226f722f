"""Detection stays linear in the length of what it reads: every pattern over long hostile text.

A pattern that rescans a long word from every position is quadratic: a 10 KB title without spaces
took 11 s in the pair-title pattern. Each pattern is timed on hostile text of two lengths, 8x apart;
linear growth is about 8x, quadratic about 64x. Only the growth is checked (with a wide margin), not
absolute times, so a busy machine does not fail the test.
"""

from __future__ import annotations

import re
import time
from datetime import datetime, timedelta, timezone

import pytest

from daemon.core.model import Event, Person
from tests.detection_names import everything

d = everything()

SMALL, LARGE = 1_000, 8_000
MAX_GROWTH = 30  # linear: ~8; quadratic: ~64


def hostile(n: int) -> dict[str, str]:
    """Texts of about ``n`` characters that make backtracking patterns rescan."""
    return {
        "one word": "a" * n,
        "capitalised": "Ab" * (n // 2),
        "words": "a " * (n // 2),
        "names": "Ab " * (n // 3),
        "dashes": "a-" * (n // 2),
        "dots": "a." * (n // 2),
        "digits": "1" * n,
        "lines": "a\n" * (n // 2),
        "at signs": "a@" * (n // 2),
        "parentheses": "(" * n,
        "accents": "é" * n,
        "interview": "interview" * (n // 9),
        "name list": "Kim Okafor, " * (n // 12),
        "interviewers": "interviewers: " + "Ab " * (n // 3),
        "with": "with " * (n // 5),
        "user's name": "robin" * (n // 5),
    }


def patterns() -> dict[str, re.Pattern[str]]:
    """Every regex detection uses: module-level ones and each joined pattern list (exact and loose)."""
    found: dict[str, re.Pattern[str]] = {}

    def joined(name: str, pats: list) -> None:
        if pats and all(isinstance(p, str) for p in pats):
            j = d._rx2(pats)
            found[name] = j.exact
            found[name + " (loose)"] = j.loose
            found[name + " (ascii loose)"] = j.ascii_loose

    for name, value in vars(d).items():
        if isinstance(value, re.Pattern):
            found[name] = value
        elif isinstance(value, list):
            joined(name, value)
        elif isinstance(value, dict):
            for key, pats in value.items():
                if isinstance(pats, list):
                    joined(f"{name}[{key}]", pats)
    return found


def _seconds(fn, text: str) -> float:
    best = float("inf")
    for _ in range(3):
        t = time.perf_counter()
        fn(text)
        best = min(best, time.perf_counter() - t)
    return best


def _growth(fn) -> list[str]:
    """The texts whose time grows faster than linear; a growth seen once is measured twice more (a busy
    machine can stall one sample), and only one seen every time counts: a quadratic pattern always shows."""
    bad = []
    small, large = hostile(SMALL), hostile(LARGE)
    for kind in small:
        for _ in range(3):
            t_small, t_large = _seconds(fn, small[kind]), _seconds(fn, large[kind])
            if not (t_large > 0.005 and t_large / max(t_small, 1e-5) > MAX_GROWTH):
                break
        else:
            bad.append(f"{kind}: {t_small * 1000:.1f} ms -> {t_large * 1000:.1f} ms")
    return bad


def test_there_are_patterns_to_check():
    assert len(patterns()) > 100


@pytest.mark.parametrize("name", sorted(patterns()))
def test_pattern_is_linear_on_hostile_text(name):
    rx = patterns()[name]
    assert _growth(lambda s: list(rx.finditer(s))) == []


def test_pair_title_is_linear():
    me = d.Identity.of(["robin.vega@example.org"], "Robin Vega")
    assert _growth(me.in_pair_title) == []
    # what it is for still works
    assert me.in_pair_title("robin / hallie") and me.in_pair_title("ozren x robin vega")
    assert not me.in_pair_title("hallie / sam")


def test_detect_on_a_10_kb_title_without_spaces():
    """The whole detector on the reported input (11 s before), and on a 10 KB description."""
    me = d.Identity.of(["robin.vega@example.org"], "Robin Vega")
    start = datetime(2026, 9, 1, 9, tzinfo=timezone.utc)
    kim = Person("kim@acme.example", "Kim Okafor")
    for title, desc in (("x" * 10_000, ""), ("Robin" + "a" * 10_000, "Ab" * 5_000), ("Interview", "Ab" * 5_000)):
        event = Event("cal", "long@test", title, start, start + timedelta(hours=1), description=desc,
                      organizer=kim, attendees=[kim])
        t = time.perf_counter()
        d.detect(event, me)
        assert time.perf_counter() - t < 3.0, title[:20]
