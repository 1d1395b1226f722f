"""Phrases read with their surroundings: a post named, a career chat's title, a manager's role as the post."""

from __future__ import annotations

from .identity import Identity
from .lexicon.negatives import _WITH_BEFORE
from .lexicon.stages import INTERVIEW_WORDS, STAGE
from .lexicon.topics import CAREER_TOPIC, CAREER_TOPIC_DESC, HIRING_CONTEXT, POST_NAMED, SOCIAL_TITLE, _INTRODUCED, _MY_JOB_BEFORE, _POST_JOB
from .match import _any, _rx


def _informational_title(title: str, desc: str, small: bool, pair: bool = False) -> str | None:
    """A meeting the user set up to ask for advice: a social title ("Coffee w/ Maya", or the user and one other
    name: ``pair``) and a career topic or an informational-interview phrase (in the description only for a meeting
    of at most three). A title that says "interview" without saying "informational" is some other stage
    ("Interview call - HR round")."""
    if m := _any(STAGE["informational"], title):
        return m
    social = pair or _any(SOCIAL_TITLE, title)
    if social and (m := _any(CAREER_TOPIC, title)) and _INTRODUCED.search(m) and _any(HIRING_CONTEXT, desc):
        return None  # an introduction about a post ("Intro: Robin x Westbrook (via Ridgeway)") is not a career chat
    if social and not _any(INTERVIEW_WORDS, title) and (
        m := _any(CAREER_TOPIC, title)
        or ((_any(CAREER_TOPIC_DESC, desc) or _any(STAGE["informational"], desc)) if small else None)
    ):
        return m
    return None


def _post_in_title(title: str, role: str, me: Identity) -> bool:
    """Whether a manager's role in a title is the post applied for ("Interview – Robin Vega (Kierownik Magazynu)"),
    not the person met ("Interview with the store manager"): it follows the user's name or an interview word."""
    before = title[:title.find(role)]
    return bool((me.named_in(before) or _any(INTERVIEW_WORDS, before)) and not _WITH_BEFORE.search(before))


def _post_named(desc: str) -> str | None:
    """A post the description names ("the Staff Engineer role", "our Controller opening"), not someone's own job
    ("congrats on your new Engineering Manager role", "their account manager role changed")."""
    if not _any(POST_NAMED, desc):
        return None
    for m in _rx(POST_NAMED).finditer(desc):
        if not _MY_JOB_BEFORE.search(desc[max(0, m.start() - 60):m.start()]):
            return m.group(0)
    return None


def _without_posts(desc: str) -> str:
    """The description less the posts it names ("the Director of Platform role"): a manager there is the job, not a
    person met."""
    return _rx(_POST_JOB).sub(" ", desc) if _any(_POST_JOB, desc) else desc
