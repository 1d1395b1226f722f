"""The debrief: the questions (adapted per kind), what the invitation fills in, validation.

The terminal (:mod:`daemon.cli.answers`) and the web form ask the same questions. Answers are
stored as they are given, so an interrupted debrief resumes where it stopped.
"""

from __future__ import annotations

from dataclasses import dataclass

from daemon.core.errors import UsageError
from daemon.core.languages import LANGUAGES
from daemon.core.model import Interview
from daemon.core.prompts import question_words


@dataclass(frozen=True)
class Question:
    key: str
    text: str
    hint: str
    private: bool = False


# Each question is asked as the start of the sentence the answer becomes in the note; the words, per
# language, are daemon.core.prompts.QUESTIONS.
INTERVIEW_KEYS = ("excited", "problems", "fit", "wish_said")
INFORMATIONAL_KEYS = ("excited", "advice", "will_do")
COMMON_END_KEYS = ("personal", "next_step", "decision_by", "went_well", "went_badly")
PRIVATE = frozenset({"went_well", "went_badly"})

TEXT_KEYS = {"excited", "problems", "fit", "wish_said", "personal", "next_step", "decision_by", "went_well",
             "went_badly", "advice", "will_do", "primary", "language", "post", "company"}
PERSON_KEYS = {"name", "email", "title", "focus", "honorific", "personal"}
#: What a note can be about; a debrief with none of these would thank someone for nothing.
SUBSTANCE = {"interview": ("excited", "problems", "fit", "wish_said", "personal"),
             "informational": ("excited", "advice", "will_do", "personal")}


def questions_for(kind: str, lang: str = "") -> tuple[Question, ...]:
    """The debrief's questions for an interview of ``kind``, in ``lang`` (``[drafts] language``; English when empty)."""
    words = question_words(lang)
    keys = (INFORMATIONAL_KEYS if kind == "informational" else INTERVIEW_KEYS) + COMMON_END_KEYS
    return tuple(Question(k, *words[k], private=k in PRIVATE) for k in keys)


def prefill(iv: Interview) -> dict:
    """Answers before the user says anything: the people met, from the invitation (a "Dr."/"Prof." in a
    name becomes the honorific; Mr./Ms. are never guessed); formal notes."""
    met = []
    for p in iv.interviewers:
        name, honorific = _title_from_name(p.get("name", ""))
        met.append({"name": name, "email": p.get("email", ""), "title": "", "focus": "", "honorific": honorific})
    return {"formal": True, "met": met}


def _title_from_name(name: str) -> tuple[str, str]:
    """'Dr. Kim Okafor' -> ('Kim Okafor', 'Dr.'); 'Prof Lee' -> ('Lee', 'Prof.'); other names as they are."""
    import re

    m = re.match(r"^\s*(dr|prof|professor)\.?\s+(?=\S)", name or "", re.I)
    if not m:
        return name, ""
    return name[m.end():].strip(), "Dr." if m.group(1).lower() == "dr" else "Prof."


def require_substance(answers: dict, kind: str, where: str) -> None:
    """Refuse a debrief that gives a note nothing to say, naming what is missing."""
    keys = SUBSTANCE["informational" if kind == "informational" else "interview"]
    people = answers.get("met", [])
    if any((answers.get(k) or "").strip() for k in keys) or any((p.get("focus") or p.get("personal") or "").strip() for p in people):
        return
    raise UsageError(
        f"{where}: nothing to write about",
        problems=[f"answer at least one of: {', '.join(keys)}, or what someone you met cared about ([[met]] focus)"],
        hint="a thank-you that names what you talked about is the one they remember",
    )


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
            elif key == "language" and value.strip() and value.strip().lower() not in LANGUAGES:
                problems.append(f"language = {value!r}: one of {', '.join(LANGUAGES)}")
            else:
                out[key] = value.strip().lower() if key == "language" else value.strip()
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
