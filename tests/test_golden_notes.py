"""Every kind of note, rendered by the service for five debriefs, matches its golden file.

The golden files (tests/data/golden/notes/<debrief>/*.txt) are written by ``python bench/golden_notes.py
--write``; a change to the notes' words, the templates, the address or the threading rewrites them in the
same commit, and the diff is the review: a reader reads the text, not the template.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

_BENCH = Path(__file__).resolve().parent.parent / "bench" / "golden_notes.py"
_spec = importlib.util.spec_from_file_location("golden_notes", _BENCH)
assert _spec is not None and _spec.loader is not None
golden = importlib.util.module_from_spec(_spec)
sys.modules["golden_notes"] = golden  # its dataclasses look their module up by name
_spec.loader.exec_module(golden)

FOLDERS = golden.folders()


@pytest.mark.parametrize("folder", FOLDERS, ids=[f.name for f in FOLDERS])
def test_the_rendered_notes_match_the_golden_files(folder):
    diff = golden.differences(folder, golden.render(folder))
    assert not diff, (f"{len(diff)} golden file(s) of {folder.name} changed; read the diff, then run "
                      f"python bench/golden_notes.py --write:\n" + "\n".join(diff))


def test_the_golden_notes_hold_every_kind_in_three_languages():
    names = {f.name: {p.name for p in f.glob("*.txt")} for f in FOLDERS}
    assert len(names) == 5

    def kinds(folder: str) -> set[str]:
        return {n.split("-", 1)[0].split(".")[-1] for n in names[folder] if n != "timeline.txt"}

    every = {"thank_you", "referral", "followup1", "followup2", "closing", "referral_update"}
    for folder in ("01-larchmont-panel", "04-kranich-de", "05-bleuet-fr"):  # English, German, French
        assert every <= kinds(folder), folder
    assert {"informational", "referral"} <= kinds("03-harbourlight-informational")
    assert not {"followup1", "followup2"} & kinds("03-harbourlight-informational")  # a career chat is not chased
    updates = {n.split(".")[0] for f in names.values() for n in f if ".referral_update-" in n}
    assert updates == {"offer", "rejected", "withdrawn"}
    assert len([n for n in names["01-larchmont-panel"] if n.startswith("thank_you-")]) == 3  # the panel


def test_no_private_note_and_no_header_of_ours_reaches_a_golden_note():
    for folder in FOLDERS:
        for path in folder.glob("*.txt"):
            text = path.read_text(encoding="utf-8")
            assert "PRIVATE" not in text and "PRIVAT" not in text, path
            assert "x-followthrough" not in text.lower(), path
