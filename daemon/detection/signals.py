"""The scored rules: small named signals over an event's facts, each with a rule id and a weight.

A signal is a function of :class:`~daemon.detection.facts.Facts` that returns a hit ``(rule id, reason)``, several
hits, or nothing; ``@signal`` declares the rule ids it may give and their weights, so the weight of a rule lives in
one place (``RULES``) and ``bench/detect.py`` can tell how often each rule fires. The signals run in the order they
are declared; each reason is written ``"<rule id>: <why>"``.

A new rule is one function here (and, if it needs new words, a pattern in daemon/detection/lexicon/).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

from .facts import Facts
from .lexicon.negatives import (
    _AFTER_OFFER, _BARE_FOLLOW_UP, _TAKEN_BACK, _CANDIDATE_WORD, _FIELD_WORDS, _PAID_OR_GROUP, _TITLE_NAME, ADVICE_ASKED,
    CANDIDATE_IN_TITLE, DESC_INTERVIEWER, DESC_NOT_EVALUATED, DESC_OTHER, PRACTICE_DESC, SPORTS, TITLE_NEGATIVE,
)
from .lexicon.senders import RECRUITING_NAME, RECRUITING_SENDER
from .lexicon.stages import STAGE
from .lexicon.topics import CAREER_TOPIC, CAREER_TOPIC_DESC, HIRING_CONTEXT, INTERNAL_MOVE, SELF_CANDIDATE
from .addresses import is_scheduler, scheduler_name
from .identity import _human, _own_org_named
from .match import _any, _domain, _fold

Hit = tuple[str, str]
Signal = Callable[[Facts], "Hit | Iterable[Hit] | None"]

#: Every rule id with its weight (what it adds to the score when it fires).
RULES: dict[str, float] = {}
#: The signals, in the order they run.
SIGNALS: list[Signal] = []


def signal(*rules: tuple[str, float]) -> Callable[[Signal], Signal]:
    """Declare a signal and the rules (id, weight) it may fire."""
    def register(fn: Signal) -> Signal:
        for rule, weight in rules:
            assert rule not in RULES, f"rule {rule} declared twice"
            RULES[rule] = weight
        SIGNALS.append(fn)
        return fn
    return register


def run(f: Facts) -> tuple[float, list[str], list[str]]:
    """The score of ``f``, its reasons and the ids of the rules that fired, in order."""
    score, reasons, fired = 0.0, [], []
    for fn in SIGNALS:
        hits = fn(f)
        if hits is None:
            continue
        for rule, why in [hits] if isinstance(hits, tuple) else hits:
            score += RULES[rule]
            reasons.append(f"{rule}: {why}")
            fired.append(rule)
    return score, reasons, fired


# -- evidence of an interview -----------------------------------------------------------------------


@signal(("title.hidden", 0.0))
def hidden_title(f: Facts) -> Hit | None:
    if f.hidden_title:
        return "title.hidden", "a title that hides what it is, on your own calendar: read with its notes"
    return None


@signal(("title.interview_word", 3.0), ("desc.interview_word", 1.5))
def interview_word(f: Facts) -> Hit | None:
    if f.interview_word:
        return "title.interview_word", f"title says {f.interview_word.strip()!r}"
    if f.desc_word:
        return "desc.interview_word", f"description says {f.desc_word.strip()!r}"
    return None


@signal(("title.stage", 2.5), ("desc.stage", 1.5))
def stage(f: Facts) -> Hit | None:
    if f.strong_title:
        return "title.stage", "title names an interview stage: " + ", ".join(
            repr(m) if m in f.title else f"{m!r} (a social meeting; the description says so)"
            for m in f.strong_title.values())
    if f.kinds_desc:
        return "desc.stage", "description names an interview stage: " + ", ".join(map(repr, f.kinds_desc.values()))
    return None


@signal(("title.informational", 1.0))
def informational(f: Facts) -> Hit | None:
    if m := f.kinds_title.get("informational"):
        return "title.informational", f"a meeting about your career: {m!r}"
    return None


@signal(("sender.hiring_tool", 1.5), ("desc.hiring_tool", 1.0), ("sender.recruiting_team", 1.0))
def sender(f: Facts) -> Hit | None:
    org = f.org
    if f.hiring_sender:
        return "sender.hiring_tool", f"sent through {scheduler_name(f.hiring_sender)} (a hiring scheduling tool)"
    if f.tool_named:
        return "desc.hiring_tool", f"the description says it was sent with {f.tool_named!r} (a hiring tool)"
    if org and org.email and (RECRUITING_SENDER.match(org.email.lower()) or RECRUITING_NAME.search(org.name or "")) and (
            not f.org_is_me and _domain(org.email) not in f.my_domains and not is_scheduler(org.email)):
        return "sender.recruiting_team", f"sent by a recruiting team ({org.name or org.email})"
    return None


@signal(("text.hiring_context", 0.5))
def hiring_context(f: Facts) -> Hit | None:
    return ("text.hiring_context", f"hiring context: {f.ctx!r}") if f.ctx else None


@signal(("desc.post", 1.0))
def post_named(f: Facts) -> Hit | None:
    return ("desc.post", f"the description names a post: {f.post!r}") if f.post else None


@signal(("desc.to_candidate", 1.0), ("desc.to_candidate_often", 1.5))
def to_candidate(f: Facts) -> Hit | None:
    if not f.to_candidate:
        return None
    rule = "desc.to_candidate" if len(f.said_to_candidate) == 1 else "desc.to_candidate_often"
    return rule, "the description is written to a candidate: " + ", ".join(map(repr, f.said_to_candidate[:3]))


@signal(("title.post", 1.0), ("title.post_as_context", 0.5))
def post_in_title(f: Facts) -> Hit | None:
    if not f.role_title:
        return None
    # (once: a title's "position" that was the only hiring context counts 1.0 in all)
    only_context = f.ctx and f.ctx in f.role_title and not _any(HIRING_CONTEXT, f.desc)
    return "title.post_as_context" if only_context else "title.post", f"the title names a post: {f.role_title!r}"


@signal(("title.round", 1.0))
def round_named(f: Facts) -> Hit | None:
    return ("title.round", f"the title names a step of a process: {f.round_title!r}") if f.round_title else None


@signal(("org.outside_about_post", 1.0))
def outside_about_post(f: Facts) -> Hit | None:
    if f.about_post and (d := f.outside_domain):
        return "org.outside_about_post", f"an outside organisation ({d}) invites you about a post"
    return None


# -- who is the candidate -------------------------------------------------------------------------------

_INFO_WITH = re.compile(r"\b(informational interview|career (chat|conversation)|coffee chat) with (.+)")


@signal(("title.informational_with_me", -6.0), ("title.own_org_chat", -4.0))
def informational_given(f: Facts) -> Hit | None:
    if "informational" not in f.kinds_title:
        return None
    if (m := _INFO_WITH.search(f.title)) and f.me.named_in(m.group(3)):
        return "title.informational_with_me", "the title says someone else has an informational interview with you"
    if own := _own_org_named(f.title, f.me):
        return "title.own_org_chat", f"a chat about your own organisation ({own}), not your career"
    return None


@signal(("title.my_name", 0.5))
def my_name(f: Facts) -> Hit | None:
    return ("title.my_name", "your name is in the title") if f.my_name_in_title else None


@signal(("org.my_booking_page", -4.0))
def my_booking_page(f: Facts) -> Hit | None:
    if f.org_is_me and (m := re.search(r"\bbetween (.+?) and (.+)$", f.title)) and f.me.named_in(m.group(1)) and not (
            f.hiring_sender or f.interview_word):
        return "org.my_booking_page", "someone booked a meeting on your own scheduling page"
    return None


@signal(("desc.candidate_me", 2.0), ("desc.candidate_other", -4.0))
def candidate_line(f: Facts) -> Hit | None:
    if f.candidate_named is None:
        return None
    if f.candidate_is_me:
        return "desc.candidate_me", "the description names you as the candidate"
    return "desc.candidate_other", f"the description names someone else ({f.candidate_named.strip()!r}) as the candidate"


# -- another meaning ----------------------------------------------------------------------------------------


def _negative_excused(f: Facts, why: str, m: str) -> str | None:
    """Why a negative title word does not count here ("" to skip it silently), or None when it counts."""
    info_m = f.kinds_title.get("informational", "")
    if why == "practice" and info_m and not _PAID_OR_GROUP.search(m):
        return ""
    if m.strip() == "1:1" and info_m:  # "1:1 chat with alum Nikhil"
        return ""
    if why == "a placeholder" and m.strip() == "hold" and info_m and f.others:  # "Hold: chat w/ Leticia (Corvid PMM)"
        return f"title says {m.strip()!r}, but it holds a career chat with the one invited"
    # a negative word inside the stage phrase it belongs to: "shadow" in "Shadow Shift" (a trial shift)
    if stage := next((s for s in f.strong_title.values() if m in s and len(m) < len(s) and s in f.title), None):
        return f"title says {m.strip()!r} as part of {stage!r}"
    # "coffee w/ Lina re: breaking into UX research", "Informational interview – UX research at Acme": the field is
    # named, not a research session
    if info_m and m in _FIELD_WORDS and (i := f.title.find(info_m)) >= 0 and m in f.title[i:i + len(info_m) + 40]:
        return ""
    if (j := f.title.find(m)) >= 0 and _TAKEN_BACK.match(f.title, j + len(m)) and (f.interview_word or f.strong_title):
        return f"title says {m.strip()!r}, then takes it back"
    # A hold or a bare "Follow-up" that someone outside sends about the candidate's own process
    org = f.org
    if f.candidate_words and org and not f.org_is_me and _human(org, f.me) and _domain(org.email) not in f.my_domains and (
            not _any(DESC_INTERVIEWER, f.desc)) and (
            (why == "a placeholder" and m.strip() == "hold")
            or (why == "not an interview" and _BARE_FOLLOW_UP.fullmatch(f.title.strip(" -–:")))):
        return f"title says {m.strip()!r}, but it is sent to you about your own process"
    if m == "(candidate)" and f.my_name_in_title:  # "Robin Vega (candidate)": the user is interviewed
        return ""
    if why == "practice" and f.my_name_in_title and re.search(r"\bcandidate\b", f.title):
        return ""  # "Research seminar (R. Vega, faculty candidate)": the user's job talk
    return None


@signal(("title.negative", -6.0), ("title.negative_excused", 0.0))
def title_negative(f: Facts) -> list[Hit]:
    hits: list[Hit] = []
    for why, pats in TITLE_NEGATIVE.items():
        if m := _any(pats, f.title):
            excuse = _negative_excused(f, why, m)
            if excuse is None:
                f.title_negative = m  # (read by daemon/detection/unsure.py: which phrase the negative belongs to)
                f.title_negative_group = why
                hits.append(("title.negative", f"title says {m.strip()!r}: {why}"))
                break
            if excuse:
                hits.append(("title.negative_excused", excuse))
    return hits


@signal(("desc.interviewer_side", -4.0), ("desc.me_among_interviewers", -4.0), ("desc.advice_asked", -4.0),
        ("desc.not_evaluated", -4.0), ("desc.other_meaning", -4.0), ("desc.practice", -3.0))
def description_negative(f: Facts) -> Hit | None:
    desc = f.desc
    if m := _any(DESC_INTERVIEWER, desc):
        return "desc.interviewer_side", f"description says {m.strip()!r}: you are on the interviewer's side"
    if f.me_interviewing:
        return "desc.me_among_interviewers", "the description lists you among the interviewers"
    if not (f.hiring_sender or f.interview_word) and (
            asked := _any(ADVICE_ASKED, f.title) or (_any(ADVICE_ASKED, desc) if not f.org_is_me else None)):
        return "desc.advice_asked", f"description says {asked.strip()!r}: someone asks you for advice"
    if (m := _any(DESC_NOT_EVALUATED, desc)) and ("informational" not in f.kinds_title or m in _AFTER_OFFER):
        return "desc.not_evaluated", f"description says {m.strip()!r}: not evaluated, or after the decision"
    if not (f.to_candidate or f.hiring_sender) and (m := _any(DESC_OTHER, desc)):
        return "desc.other_meaning", f"description says {m.strip()!r}: not a job interview"
    if m := _any(PRACTICE_DESC, desc):
        return "desc.practice", f"description says {m.strip()!r}: practice"
    return None


# -- the user's own side of the table ------------------------------------------------------------------------


@signal(("org.own_chat_no_career", -3.0), ("org.internal_move", 0.0), ("org.own_interviewer", -2.0))
def own_organisation(f: Facts) -> Hit | None:
    own_org = bool(f.org and not f.org_is_me and _domain(f.org.email) in f.my_domains)
    if not ((own_org or f.internal) and not f.candidate_is_me and (f.interview_word or f.strong_title)):
        return None
    if "informational" in f.kinds_title:
        if not (f.ctx or _any(CAREER_TOPIC_DESC, f.desc) or _any(CAREER_TOPIC, f.title)
                or _any(STAGE["informational"], f.desc)):
            return "org.own_chat_no_career", "a chat inside your own organisation, about no role or career"
        return None
    if m := _any(INTERNAL_MOVE, f.title + "\n" + f.desc):
        return "org.internal_move", f"inside your own organisation, but {m!r}"
    return "org.own_interviewer", "run by your own organisation: you are more likely an interviewer"


@signal(("org.me_as_candidate", 1.0), ("org.me_with_guests", -3.0), ("org.me_alone", 0.0))
def organised_by_me(f: Facts) -> Hit | None:
    if not f.org_is_me:
        return None
    if f.others and "informational" not in f.kinds_title:
        if m := _any(SELF_CANDIDATE, f.desc):
            return "org.me_as_candidate", f"you organised it, but your notes say you are the candidate: {m!r}"
        return "org.me_with_guests", "you organised it and invited others: you are likely the interviewer"
    if not f.others:
        return "org.me_alone", "on your own calendar with no one invited"
    return None


def _possible_candidates(f: Facts) -> list[str]:
    """Attendees who could be someone else's candidate: not the organizer, nor from the organizer's company."""
    org = f.org
    org_domain = _domain(org.email) if org and not is_scheduler(org.email) else ""
    return [_fold(a.name) for a in f.others
            if a.name and len(a.name.split()) >= 2 and a != org and not (org_domain and _domain(a.email) == org_domain)
            and not (org and a.email == org.email)]


@signal(("title.other_interviewed", -2.5), ("title.other_candidate", -4.0), ("title.me_candidate", 1.5),
        ("title.about_a_candidate", -2.0))
def candidate_in_title(f: Facts) -> Hit | None:
    title, me = f.title, f.me
    names = _possible_candidates(f)
    if m := _TITLE_NAME.search(f.event.title):
        who = _fold(m.group(1))
        if not me.is_named(who) and any(who.startswith(n) or n.startswith(who) for n in names):
            return "title.other_interviewed", f"the title names another attendee ({m.group(1)!r}) as the one interviewed"
        return None
    if "candidate" in title and (other := next((n for n in names if n in title), None)):
        return "title.other_candidate", f"the title names another attendee ({other!r}) as a candidate"
    if f.my_name_in_title and not f.candidate_is_me and re.search(r"\bcandidate\b", title):
        return "title.me_candidate", "the title names you as the candidate"
    if _CANDIDATE_WORD.search(title) and CANDIDATE_IN_TITLE.search(title) and not f.candidate_is_me and (
            not f.my_name_in_title):
        return "title.about_a_candidate", "the title speaks of a candidate rather than to one"
    return None


@signal(("title.sports", -1.0))
def sports(f: Facts) -> Hit | None:
    if "informational" not in f.kinds_title and (m := _any(SPORTS, f.title)):
        return "title.sports", f"title says {m!r}: a game"
    return None
