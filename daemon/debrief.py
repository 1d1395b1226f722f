"""The debrief: the questions (adapted per kind), answers from TOML or the terminal, validation.

The terminal and the web form ask the same questions. Answers are stored as they are given, so
an interrupted debrief resumes where it stopped.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, TextIO

from daemon.errors import UsageError
from daemon.state import Interview


@dataclass(frozen=True)
class Question:
    key: str
    text: str
    hint: str
    private: bool = False


COMMON_START = (
    Question("excited", "What were you saying when they became most attentive? What excited them?",
             "Written as a topic: 'your plans for the telemetry pipeline'."),
)
INTERVIEW_QUESTIONS = COMMON_START + (
    Question("problems", "What problems does the team or organisation need solved?",
             "Finishes the sentence 'the team needs …': 'to cut alert noise before the Q3 launch'."),
    Question("fit", "Why can you do it? Your evidence for those problems, as you'd say it to them.",
             "'In my last role I cut false alerts by 60% by …'"),
    Question("wish_said", "Anything you wish you had said, or want to correct?",
             "A sentence to them: 'I also wanted to mention that …' (leave empty if nothing)."),
)
INFORMATIONAL_QUESTIONS = COMMON_START + (
    Question("advice", "What advice did you receive?", "A topic: 'moving from analytics into platform work'."),
    Question("will_do", "What will you do with it?", "A sentence to them: 'I've signed up for the SRE course you suggested.'"),
)
COMMON_END = (
    Question("personal", "A personal connection worth mentioning?", "A sentence: 'I hope the Thai place lives up to its name.'"),
    Question("next_step", "What did they say happens next?", "'a final round with the CTO'"),
    Question("decision_by", "When did they say they would decide? In their words.", "'within two weeks', 'by Friday', 'end of the month'"),
    Question("went_well", "Private: what went well? (never in a draft)", "For your own review.", private=True),
    Question("went_badly", "Private: what went badly? (never in a draft)", "For your own review.", private=True),
)

TEXT_KEYS = {"excited", "problems", "fit", "wish_said", "personal", "next_step", "decision_by", "went_well",
             "went_badly", "advice", "will_do", "primary"}
PERSON_KEYS = {"name", "email", "title", "focus", "honorific"}


def questions_for(kind: str) -> tuple[Question, ...]:
    body = INFORMATIONAL_QUESTIONS if kind == "informational" else INTERVIEW_QUESTIONS
    return body + COMMON_END


def prefill(iv: Interview) -> dict:
    """Answers before the user says anything: the people met, from the invitation; formal notes."""
    return {
        "formal": True,
        "met": [{"name": p.get("name", ""), "email": p.get("email", ""), "title": "", "focus": ""} for p in iv.interviewers],
    }


def validate_answers(data: dict, where: str) -> dict:
    """Check answers (from TOML or the form): every problem named at once, with the key and value."""
    problems: list[str] = []
    out: dict = {}
    for key, value in data.items():
        if key == "formal":
            if not isinstance(value, bool):
                problems.append(f"formal = {value!r}: must be true or false")
            else:
                out[key] = value
        elif key in TEXT_KEYS:
            if not isinstance(value, str):
                problems.append(f"{key} = {value!r}: must be a string")
            else:
                out[key] = value.strip()
        elif key == "met":
            if not isinstance(value, list) or not all(isinstance(p, dict) for p in value):
                problems.append("met: must be [[met]] tables")
                continue
            people = []
            for i, p in enumerate(value, 1):
                for k, v in p.items():
                    if k not in PERSON_KEYS:
                        problems.append(f"[[met]] #{i}.{k}: unknown key (known: {', '.join(sorted(PERSON_KEYS))})")
                    elif not isinstance(v, str):
                        problems.append(f"[[met]] #{i}.{k} = {v!r}: must be a string")
                email = str(p.get("email", "")).strip()
                if email and ("@" not in email or any(c.isspace() for c in email)):
                    problems.append(f"[[met]] #{i}.email = {email!r}: is not an e-mail address")
                if not str(p.get("name", "")).strip() and not email:
                    problems.append(f"[[met]] #{i}: needs a name or an email")
                people.append({k: str(v).strip() for k, v in p.items() if k in PERSON_KEYS})
            out["met"] = people
        elif key == "referred_by":
            if not isinstance(value, dict) or not all(isinstance(v, str) for v in value.values()):
                problems.append('referred_by: must be a table like { name = "...", email = "..." }')
            else:
                bad = set(value) - {"name", "email"}
                if bad:
                    problems.append(f"referred_by: unknown key {sorted(bad)[0]!r} (known: name, email)")
                out[key] = {k: v.strip() for k, v in value.items() if k in ("name", "email")}
        else:
            problems.append(f"{key}: unknown key")
    if problems:
        raise UsageError(f"{where}: {len(problems)} problem{'s' if len(problems) > 1 else ''} in the answers", problems=problems)
    return out


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
            people.append({"name": name.strip(), "email": email.strip(" >"), "title": "", "focus": ""})
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
