"""The debrief at the terminal: answers read from a TOML file or asked question by question.

The questions, the prefill and the validation are the core's (:mod:`daemon.core.debrief`); this is
only the reading and the asking.
"""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Callable, TextIO

from daemon.core.debrief import questions_for, validate_answers
from daemon.core.errors import UsageError
from daemon.core.model import Interview


def load_answers(path: str) -> dict:
    file = Path(path).expanduser()
    try:
        data = tomllib.loads(file.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise UsageError(f"answers file {file} not found") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise UsageError(f"answers file {file}: cannot read ({exc})") from None
    except tomllib.TOMLDecodeError as exc:
        raise UsageError(f"answers file {file}: not valid TOML: {exc}") from None
    return validate_answers(data, str(file))


def ask_in_terminal(
    iv: Interview,
    answers: dict,
    save: Callable[[dict], None],
    *,
    ask: Callable[[str], str] = input,
    out: TextIO,
) -> dict:
    """Ask every question not answered yet, saving after each answer (an interrupted debrief resumes)."""
    print(f"Debrief: {iv.title} ({iv.kind}). Empty answers are fine; Ctrl-C stops and keeps what you typed.", file=out)
    if "met_confirmed" not in answers:
        people = answers.get("met", [])
        print("People you met (from the invitation):", file=out)
        for p in people:
            print(f"  - {p.get('name') or '?'} <{p.get('email') or 'no address'}>", file=out)
        for p in people:
            if not p.get("focus"):
                p["focus"] = ask(f"What did {p.get('name') or p.get('email')} care about most? ").strip()
        while True:
            extra = ask("Anyone else you met? name <email> (empty when done): ").strip()
            if not extra:
                break
            name, _, email = extra.partition("<")
            people.append({"name": name.strip(), "email": email.strip(" >"), "title": "", "focus": "", "honorific": ""})
        answers["met"] = people
        answers["met_confirmed"] = True
        save(answers)
    if "formal" not in answers or "formal_asked" not in answers:
        reply = ask("Formal notes ('Dear Dr. Okafor')? [Y/n] ").strip().lower()
        answers["formal"] = reply not in ("n", "no")
        answers["formal_asked"] = True
        save(answers)
    for q in questions_for(iv.kind):
        if q.key in answers:
            continue
        print(f"\n{q.text}\n  ({q.hint})", file=out)
        answers[q.key] = ask("> ").strip()
        save(answers)
    return answers
