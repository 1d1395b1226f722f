"""Unsure events: below the threshold, but with signs of hiring the user should be asked about.

Two ways an event is unsure rather than "not":

- strong candidate evidence (the title says interview or names a stage, and an outside organisation or a hiring
  tool writes to the user about a post) sunk by one negative title word that belongs to another phrase and only
  says who sits where or that time is held ("debrief", "hold", "interview slot"): a negative about the whole event
  (a webinar, a podcast, a mock interview, an online test) stays a "not";
- a score in the band from ``ASK_FROM`` up to the threshold, with several signs of hiring, or one from the sender.
"""

from __future__ import annotations

from .facts import Facts
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
            f.title_negative_group in ONE_WORD_GROUPS) and score + 6.0 >= THRESHOLD and not _same_phrase(f):
        return f"unsure.one_word: an invitation to you as a candidate, against one word ({f.title_negative!r})"
    hiring = rules & HIRING
    if not negatives and ASK_FROM <= score and (len(hiring) >= 2 or hiring & SENDER):
        return f"unsure.band: some signs of hiring, not enough to be sure (score {score:.1f})"
    return ""


def _same_phrase(f: Facts) -> bool:
    """Whether the negative title phrase is part of the phrase that says interview ("interview training",
    "interviewer debrief"): then it says what kind of non-interview this is."""
    word = f.interview_word or next(iter(f.strong_title.values()), "")
    neg = f.title_negative or ""
    i, j = f.title.find(word), f.title.find(neg)
    if not word or i < 0 or j < 0:
        return True
    return j <= i + len(word) + 1 and i <= j + len(neg) + 1  # overlapping, or one character apart
