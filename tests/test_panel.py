"""A panel compares notes: two panelists' thank-yous share at most one sentence, even with names and specifics masked.

Read on the golden renderings (tests/data/golden/notes/, checked against the service by test_golden_notes.py) and on
a panel of four through the service with every answer given.
"""

from __future__ import annotations

import itertools
import re
import tomllib
from datetime import timedelta
from pathlib import Path

import pytest

from tests.test_runner import END, KIM, LEE, World, answers, event
from daemon.core.model import Person

GOLDEN = Path(__file__).parent / "data" / "golden" / "notes"


def masked_sentences(body: str, specifics: set[str]) -> set[str]:
    """The body's sentences (greeting and sign-off left out), each word the debrief supplied replaced by '·'."""
    lines = body.strip().split("\n")
    text = " ".join(lines[1:-2]) if len(lines) > 3 else body  # "Dear …," … "Best regards," "Name"
    words = re.sub(r"[\w'’-]+", lambda m: "·" if m.group(0).lower() in specifics else m.group(0), text)
    return {" ".join(s.split()) for s in re.split(r"(?<=[.!?])\s+", words) if len(s.split()) > 2}


def specifics_of(debrief: dict) -> set[str]:
    """Every word of the answers and of the people's names (what differs from one debrief to the next)."""
    texts = [v for v in debrief.values() if isinstance(v, str)]
    for p in debrief.get("met", []):
        texts += [str(v) for v in p.values()]
    return {w.lower() for t in texts for w in re.findall(r"[\w'’-]+", t)}


def shared(bodies: list[str], specifics: set[str]) -> dict[tuple[int, int], set[str]]:
    sets = [masked_sentences(b, specifics) for b in bodies]
    return {(a, b): sets[a] & sets[b] for a, b in itertools.combinations(range(len(sets)), 2)}


@pytest.mark.parametrize("folder", sorted(p for p in GOLDEN.iterdir() if p.is_dir()), ids=lambda p: p.name)
def test_golden_panelists_share_at_most_one_sentence(folder):
    notes = sorted(folder.glob("thank_you-*.txt"))
    if len(notes) < 2:
        pytest.skip("one person met")
    debrief = tomllib.loads((folder / "debrief.toml").read_text(encoding="utf-8"))
    bodies = [p.read_text(encoding="utf-8").split("\n\n", 1)[1] for p in notes]
    for pair, common in shared(bodies, specifics_of(debrief)).items():
        assert len(common) <= 1, (folder.name, [notes[i].name for i in pair], common)


def test_a_panel_of_four_with_every_answer_gets_four_different_notes(tmp_path):
    ana = Person("ana.ruiz@acme.example", "Ana Ruiz", partstat="ACCEPTED")
    sam = Person("sam.oduya@acme.example", "Sam Oduya", partstat="ACCEPTED")
    w = World(tmp_path, [event(attendees=[KIM, LEE, ana, sam])])
    w.tick(END + timedelta(minutes=5))
    met = [{"name": "Dr. Kim Okafor", "email": KIM.email, "focus": "on-call load"},
           {"name": "Lee Park", "email": LEE.email, "focus": ""},
           {"name": "Ana Ruiz", "email": ana.email, "focus": "", "personal": "we both grew up in Valencia"},
           {"name": "Sam Oduya", "email": sam.email, "focus": "how we would measure alert quality"}]
    given = answers(met=met, wish_said="that I have run Kafka in production",
                    fit="In my last role I cut false alerts by 60%. I also ran the on-call rotation for two years.")
    w.svc.complete_debrief(w.iv(), given, END + timedelta(hours=1))
    bodies = [w.message("thank_you", p["email"]).get_content() for p in met]
    for pair, common in shared(bodies, specifics_of(given)).items():
        assert len(common) <= 1, (pair, common)
    # the primary contact still gets the whole case; every panelist gets their own topic or one point of it
    flat = [" ".join(b.split()) for b in bodies]
    assert "60%" in flat[0] and "Q3 launch" in flat[0]
    assert "how we would measure alert quality" in flat[3] and "Valencia" in flat[2]
    assert "Valencia" not in flat[0] + flat[1] + flat[3]
