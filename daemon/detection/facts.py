"""One pass over an event: the facts every signal, the kind and the classifier's features read.

Nothing here scores: it finds what the title and description say, who sent the invitation and to whom, so that
each signal (daemon/detection/signals.py) is a small function of these facts.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from daemon.core.model import Event, Person

from .addresses import is_hiring_tool, is_resource
from .identity import Identity, _internal
from .lexicon.negatives import _CANDIDATE_LINE, _INTERVIEWER_LIST, _TERSE_TITLE, GENERIC_TITLE
from .lexicon.senders import FREEMAIL, HIRING_TOOL_IN_TEXT
from .lexicon.stages import EVERYDAY_STAGE, HM_ROLE_TITLE, INTERVIEW_WORDS, STAGE, WORKDAY_STAGE
from .lexicon.topics import _JOB_TITLE, _POLITE, _POST_WORD, HIRING_CONTEXT, ROLE_TITLE, ROUND_TITLE, TO_CANDIDATE
from .match import _all, _any, _domain, _fold, _matches
from .phrases import _informational_title, _post_in_title, _post_named


@dataclass
class Facts:
    """What one event says, as detection reads it (text folded: lower case, NFKC)."""

    event: Event
    me: Identity
    title: str
    desc: str
    org: Person | None
    org_is_me: bool
    my_domains: set[str]
    others: list[Person]
    hiring_sender: str
    self_typed: bool
    hidden_title: bool = False  # a terse or generic title on the user's own calendar, read with its notes
    interview_word: str | None = None
    desc_word: str | None = None
    ctx: str | None = None
    said_to_candidate: list[str] = field(default_factory=list)
    to_candidate: str | None = None
    me_interviewing: bool = False
    tool_named: str | None = None
    kinds_title: dict[str, str] = field(default_factory=dict)
    kinds_desc: dict[str, str] = field(default_factory=dict)
    internal: bool = False
    strong_title: dict[str, str] = field(default_factory=dict)
    post: str | None = None
    role_title: str | None = None
    round_title: str | None = None
    candidate_words: bool = False
    my_name_in_title: bool = False
    candidate_named: str | None = None  # the name on a "Candidate: ..." line of the description
    candidate_is_me: bool = False
    title_negative: str | None = None  # the negative title phrase that counted (set by its signal)
    title_negative_group: str = ""  # ... and its group in TITLE_NEGATIVE

    @property
    def about_post(self) -> bool:
        return bool(self.role_title or self.round_title or self.tool_named or self.candidate_words or self.post)

    @property
    def outside_domain(self) -> str:
        """The organizer's domain when it is another organisation's own (not free mail, a tool or the user's)."""
        from .addresses import is_scheduler

        org = self.org
        if not org or self.org_is_me or not (d := _domain(org.email)):
            return ""
        return "" if d in self.my_domains or d in FREEMAIL or is_scheduler(org.email) else d


def extract(event: Event, me: Identity) -> Facts:
    """The facts of ``event`` for the user ``me``."""
    org = event.organizer
    org_is_me = bool(org and org.email in me.emails)
    others = [a for a in event.attendees if a.email not in me.emails and not is_resource(a)]
    everyone = ([org] if org else []) + event.attendees
    f = Facts(
        event=event, me=me, title=_fold(event.title), desc=_fold(event.description), org=org, org_is_me=org_is_me,
        my_domains={_domain(e) for e in me.emails} - FREEMAIL, others=others,
        hiring_sender=next((p.email for p in everyone if p and is_hiring_tool(p.email)), ""),
        self_typed=(not org or org_is_me) and not others,
    )
    _read_hidden_title(f)
    _read_words(f)
    _read_stages(f)
    _read_posts(f)
    return f


def _read_hidden_title(f: Facts) -> None:
    title, desc = f.title, f.desc
    if f.self_typed and desc.strip() and (
            GENERIC_TITLE.fullmatch(title.strip(" .:-–")) or _TERSE_TITLE.fullmatch(title.strip())):
        f.title = title.strip() + " | " + desc.strip().split("\n", 1)[0]
        f.hidden_title = True


def _read_words(f: Facts) -> None:
    """Interview words, hiring context, words to a candidate, a hiring tool named."""
    title, desc, me = f.title, f.desc, f.me
    f.interview_word = _any(INTERVIEW_WORDS, title)
    f.desc_word = None if f.interview_word else _any(INTERVIEW_WORDS, desc)
    f.ctx = _any(HIRING_CONTEXT, desc + " " + title)
    said = _all(TO_CANDIDATE, desc)
    f.me_interviewing = bool((m := _INTERVIEWER_LIST.search(desc)) and me.named_in(m.group(1)))
    if f.me_interviewing:  # a list of interviewers with the user on it is not written to a candidate
        said = [x for x in said if not x.startswith("interviewer")]
    f.said_to_candidate = said
    f.to_candidate = said[0] if said else None
    f.candidate_words = any(not _POLITE.fullmatch(m) for m in said)
    if not f.hiring_sender and (m := HIRING_TOOL_IN_TEXT.search(desc)):
        f.tool_named = m.group(1)
    f.my_name_in_title = me.named_in(title)
    if m := _CANDIDATE_LINE.search(desc):
        f.candidate_named = m.group(1)
        f.candidate_is_me = me.is_named(m.group(1))


def _read_stages(f: Facts) -> None:
    """The stages the title names (and how strongly), else those the description names."""
    title, desc, me = f.title, f.desc, f.me
    kinds = _matches(STAGE, title)
    if "hiring_manager" not in kinds and (m := _any(HM_ROLE_TITLE, title)) and not _post_in_title(title, m, me):
        kinds["hiring_manager"] = m
    if info := _informational_title(title, desc, len(f.others) <= 2, len(f.others) <= 1 and me.in_pair_title(title)):
        kinds["informational"] = info
    f.kinds_title = kinds
    evidence = bool(f.interview_word or f.desc_word or f.ctx or f.hiring_sender or f.tool_named or f.to_candidate
                    or "round" in title)
    f.internal = _internal(f.event, me)
    f.strong_title = {
        k: m for k, m in kinds.items()
        if evidence or not (EVERYDAY_STAGE.fullmatch(m) or (WORKDAY_STAGE.fullmatch(m) and f.internal))
    }
    f.kinds_desc = {} if f.strong_title else _matches(STAGE, desc)


def _read_posts(f: Facts) -> None:
    """A post named in the description or the title, and a numbered step of a process."""
    title, desc = f.title, f.desc
    if f.internal:
        return
    f.post = _post_named(desc)
    f.ctx = f.ctx or f.post
    f.role_title = _any(ROLE_TITLE, title) or (_any(_JOB_TITLE, title) if _POST_WORD.search(title) else None)
    f.round_title = _any(ROUND_TITLE, title) or (_any(ROUND_TITLE, desc) if f.self_typed else None)
