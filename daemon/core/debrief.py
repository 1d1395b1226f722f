"""The debrief: the questions (adapted per kind), what the invitation fills in, validation.

The terminal (:mod:`daemon.cli.answers`) and the web form ask the same questions. Answers are stored as they are given, so
an interrupted debrief resumes where it stopped.
"""

from __future__ import annotations

from dataclasses import dataclass

from daemon.core.errors import UsageError
from daemon.core.model import Interview
from daemon.core.notes import LANGUAGES


@dataclass(frozen=True)
class Question:
    key: str
    text: str
    hint: str
    private: bool = False


# Each question is asked as the start of the sentence the answer becomes in the note.
COMMON_START = (
    Question("excited", "What excited them most? “I especially enjoyed our discussion of …”",
             "A topic: 'your plans for the telemetry pipeline'. 'They lit up when I talked about …' works too."),
)
INTERVIEW_QUESTIONS = COMMON_START + (
    Question("problems", "What does the team need? “I understand your team needs …”",
             "'to cut alert noise before the Q3 launch', or what is going wrong: 'their nightly batch misses the SLA'."),
    Question("fit", "Why can you do it? “In my last role I …”",
             "Your evidence for those problems, as you'd say it to them: 'In my last role I cut false alerts by 60%'."),
    Question("wish_said", "Anything you wish you had said, or want to correct? “I also wanted to mention that …”",
             "'that I have run Kafka in production'; a correction: 'correction: it was five years, not three' (leave empty if nothing)."),
)
INFORMATIONAL_QUESTIONS = COMMON_START + (
    Question("advice", "What advice did you receive? “Your advice to … was exactly what I needed.”",
             "'to talk to people in SRE', 'that I should get the CKA', or a topic: 'moving from analytics into platform work'."),
    Question("will_do", "What will you do with it? “I'm going to …”",
             "'sign up for the SRE course you suggested', or a sentence: 'I've booked a call with Sam.'"),
)
COMMON_END = (
    Question("personal", "A personal connection worth mentioning? “I hope …”, “we both …”",
             "Goes to the primary contact only; each person's own touch goes in their 'personal' field."),
    Question("next_step", "What happens next? “The next step is …”", "'a final round with the CTO', or 'the recruiter will call me'."),
    Question("decision_by", "When will they decide? “They'll decide …”, in their words.",
             "'within two weeks', 'by Friday', 'end of the month'"),
    Question("went_well", "Private: what went well? (never in a draft)", "For your own review.", private=True),
    Question("went_badly", "Private: what went badly? (never in a draft)", "For your own review.", private=True),
)

TEXT_KEYS = {"excited", "problems", "fit", "wish_said", "personal", "next_step", "decision_by", "went_well",
             "went_badly", "advice", "will_do", "primary", "language", "post", "company"}
PERSON_KEYS = {"name", "email", "title", "focus", "honorific", "personal"}
#: What a note can be about; a debrief with none of these would thank someone for nothing.
SUBSTANCE = {"interview": ("excited", "problems", "fit", "wish_said", "personal"),
             "informational": ("excited", "advice", "will_do", "personal")}


def questions_for(kind: str) -> tuple[Question, ...]:
    body = INFORMATIONAL_QUESTIONS if kind == "informational" else INTERVIEW_QUESTIONS
    return body + COMMON_END


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
