"""Unsure events: below the threshold, but with signs of hiring the user should be asked about.

The ways an event is unsure rather than "not" (each reason starts with its id):

- strong candidate evidence (the title says interview or names a stage, and an outside organisation or a hiring
  tool writes to the user about a post) sunk by one negative title word that belongs to another phrase and only
  says who sits where or that time is held ("debrief", "hold", "interview slot"): a negative about the whole event
  (a webinar, a podcast, a mock interview, an online test) stays a "not";
- ``unsure.band``: a score from ``ASK_FROM`` up to the threshold, with no negative and several signs of hiring, one
  from the sender, or words to a candidate said several times;
- a title that says too little to go by, and no negative: ``unsure.own_note``, the user's own entry with a hidden
  title ("🎯") whose note speaks of an interview; ``unsure.default_title``, a meeting tool's own title ("Ingrid
  Bell's Zoom Meeting") from another organisation whose note speaks of hiring; ``unsure.own_stage``, the user's own
  entry naming a step in everyday words ("harborline case pres").
"""

from __future__ import annotations

from .facts import Facts
from .lexicon.negatives import DEFAULT_TITLE
from .lexicon.stages import _MANAGER_DESC, EVERYDAY_STAGE, OWN_NOTE_STAGE
from .match import _any
from .result import ASK_FROM, THRESHOLD
from .signals import RULES

#: The title says the user is interviewed.
STRONG_TITLE = frozenset({"title.interview_word", "title.stage"})
#: The invitation is written to a candidate, from outside or through a hiring tool.
TO_ME = frozenset({"sender.hiring_tool", "org.outside_about_post", "desc.to_candidate", "desc.to_candidate_often"})
#: Title negatives that may be one word against clear evidence.
ONE_WORD_GROUPS = frozenset({"interviewer", "a placeholder"})
#: Signs of hiring for the band.
HIRING = STRONG_TITLE | TO_ME | {"desc.interview_word", "desc.stage", "desc.hiring_tool", "sender.recruiting_team",
                                 "desc.post", "title.post", "title.round", "desc.candidate_me", "title.me_candidate"}
#: Words to a candidate said several times (enough alone in the band).
OFTEN = frozenset({"desc.to_candidate_often"})
#: Rules about the sender alone (one is enough in the band).
SENDER = frozenset({"sender.hiring_tool", "sender.recruiting_team", "desc.hiring_tool"})
#: Negatives about the whole event: the user on the interviewer's side, someone else as the candidate, after the
#: decision. With one of these, an event is never unsure.
WHOLE_EVENT = frozenset({"desc.interviewer_side", "desc.me_among_interviewers", "desc.candidate_other",
                         "title.other_interviewed", "title.other_candidate", "title.informational_with_me",
                         "org.me_with_guests", "desc.not_evaluated", "org.my_booking_page", "desc.advice_asked",
                         "desc.other_meaning", "desc.practice", "title.about_a_candidate", "org.own_interviewer",
                         "title.own_org_chat"})


def unsure(f: Facts, score: float, fired: list[str]) -> str:
    """Why the user should be asked about an event the rules did not take (score below the threshold), or ""."""
    rules = set(fired)
    negatives = [r for r in fired if RULES[r] < 0]
    if rules & WHOLE_EVENT:
        return ""
    if negatives == ["title.negative"] and rules & STRONG_TITLE and rules & TO_ME and (
            f.title_negative_group in ONE_WORD_GROUPS) and score + 6.0 >= THRESHOLD and (
            not _same_phrase(f) or _slot_sent_to_me(f)):
        return f"unsure.one_word: an invitation to you as a candidate, against one word ({f.title_negative!r})"
    if negatives:
        return ""
    hiring = rules & HIRING
    if ASK_FROM <= score and (len(hiring) >= 2 or hiring & SENDER or hiring & OFTEN):
        return f"unsure.band: some signs of hiring, not enough to be sure (score {score:.1f})"
    return _unsaid_title(f, rules)


def _unsaid_title(f: Facts, rules: set[str]) -> str:
    """Why to ask about an event whose title says too little to go by, when what it says or its notes speak of
    hiring, or ""."""
    if f.hidden_title and (said := _note_says(f)):
        return f"unsure.own_note: your own note of it speaks of an interview ({said!r})"
    if DEFAULT_TITLE.fullmatch(f.title.strip()) and f.outside_domain and (f.ctx or f.desc_word or f.kinds_desc):
        return (f"unsure.default_title: a meeting tool's own title, from {f.outside_domain}, whose note speaks of "
                f"hiring ({(f.ctx or f.desc_word or next(iter(f.kinds_desc.values()), '')).strip()!r})")
    own = [m for k, m in f.kinds_title.items() if k not in f.strong_title and OWN_NOTE_STAGE.fullmatch(m)]
    if f.self_typed and own:
        return f"unsure.own_stage: your own entry names a step of hiring in everyday words ({own[0]!r})"
    return ""


def _note_says(f: Facts) -> str:
    """What the notes of an entry with a hidden title ("🎯") say of an interview: an interview word, a stage, or an
    everyday stage word with someone who hires ("final w/ CFO"), not "final exams"; or ""."""
    if f.desc_word:
        return f.desc_word.strip()
    for m in f.kinds_desc.values():
        if not EVERYDAY_STAGE.fullmatch(m) or _any(_MANAGER_DESC, f.desc) or f.ctx:
            return m.strip()
    return ""


def _slot_sent_to_me(f: Facts) -> bool:
    """A placeholder phrase with the interview word in it ("interview slot") that a hiring tool sends the user: the
    user's own slot at a hiring event, more likely than time the user holds to interview others."""
    return f.title_negative_group == "a placeholder" and bool(f.hiring_sender)


def _same_phrase(f: Facts) -> bool:
    """Whether the negative title phrase is part of the phrase that says interview ("interview training",
    "interviewer debrief"): then it says what kind of non-interview this is."""
    word = f.interview_word or next(iter(f.strong_title.values()), "")
    neg = f.title_negative or ""
    i, j = f.title.find(word), f.title.find(neg)
    if not word or i < 0 or j < 0:
        return True
    return j <= i + len(word) + 1 and i <= j + len(neg) + 1  # overlapping, or one character apart
