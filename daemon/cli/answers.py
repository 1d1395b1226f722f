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
from daemon.core.prompts import terminal_words


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
    lang: str = "",
) -> dict:
    """Ask every question not answered yet, saving after each answer (an interrupted debrief resumes).

    ``lang``: the language to ask in (``[drafts] language``); English when empty.
    """
    say = terminal_words(lang)
    print(say["intro"].format(title=iv.title, kind=iv.kind), file=out)
    if "met_confirmed" not in answers:
        people = answers.get("met", [])
        print(say["people"], file=out)
        for p in people:
            print(f"  - {p.get('name') or '?'} <{p.get('email') or say['no_address']}>", file=out)
        for p in people:
            if not p.get("focus"):
                p["focus"] = ask(say["focus"].format(name=p.get("name") or p.get("email"))).strip()
        while True:
            extra = ask(say["anyone"]).strip()
            if not extra:
                break
            name, _, email = extra.partition("<")
            people.append({"name": name.strip(), "email": email.strip(" >"), "title": "", "focus": "", "honorific": ""})
        answers["met"] = people
        answers["met_confirmed"] = True
        save(answers)
    if "formal" not in answers or "formal_asked" not in answers:
        reply = ask(say["formal"]).strip().lower()
        answers["formal"] = reply not in say["no"].split()
        answers["formal_asked"] = True
        save(answers)
    for q in questions_for(iv.kind, lang):
        if q.key in answers:
            continue
        print(f"\n{q.text}\n  ({q.hint})", file=out)
        answers[q.key] = ask("> ").strip()
        save(answers)
    return answers
