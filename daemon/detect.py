"""Interview detection: is the user the candidate in an interview, of which kind, and whom to thank.

A transparent rule set, not a model: each rule adds to or takes from a score and leaves a
reason, so ``scan --json`` can say why an event was or was not taken. Pure: it looks only at
the event and the user's identity.
"""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass, field

from daemon.model import Event, Person

KINDS = ("screen", "technical", "hiring_manager", "panel", "onsite", "final", "assessment", "informational", "other")

THRESHOLD = 2.5

# Scheduling tools and applicant-tracking systems: their invitations are about hiring, and their
# addresses are never people to thank.
SCHEDULER_DOMAINS = (
    "greenhouse.io", "greenhouse-mail.io", "lever.co", "ashbyhq.com", "ashby.io", "myworkday.com",
    "myworkdayjobs.com", "workday.com", "goodtime.io", "calendly.com", "gem.com", "modernloop.io",
    "paradox.ai", "smartrecruiters.com", "icims.com", "jobvite.com", "workable.com", "teamtailor.com",
    "recruitee.com", "bamboohr.com", "hirevue.com", "avature.net", "successfactors.com", "taleo.net",
    "jazzhr.com", "breezy.hr", "pinpointhq.com", "personio.de", "personio.com", "rippling.com",
    "yello.co", "cronofy.com", "prelude.co", "guide.co", "dover.com", "wellfound.com", "hackerrank.com",
    "codility.com", "coderpad.io", "karat.io", "karat.com", "phenom.com", "oraclecloud.com",
    "recruiterflow.com", "manatal.com", "zohorecruit.com", "join.com", "homerun.co", "handshake.com",
    "joinhandshake.com", "symplicity.com", "12twenty.com",
)
SCHEDULER_NAMES = {
    "greenhouse": "Greenhouse", "lever": "Lever", "ashby": "Ashby", "workday": "Workday", "goodtime": "GoodTime",
    "calendly": "Calendly", "gem": "Gem", "modernloop": "ModernLoop", "paradox": "Paradox", "icims": "iCIMS",
    "jobvite": "Jobvite", "workable": "Workable", "smartrecruiters": "SmartRecruiters", "hirevue": "HireVue",
    "karat": "Karat", "coderpad": "CoderPad", "hackerrank": "HackerRank", "handshake": "Handshake",
}
NO_REPLY = re.compile(
    r"^(no-?reply|do-?not-?reply|donotreply|notifications?|notify|mailer(-daemon)?|calendar(-notification)?|"
    r"scheduling|scheduler|invites?|automated|bounce[s]?)([+.\-_].*)?@"
)
ROLE_MAILBOX = re.compile(
    r"^(recruit\w*|talent\w*|careers?|jobs?|hr|hiring|interviews?|people|team|info|hello|admin|office|"
    r"staffing|ta|campus|university|graduates?|apply|applications?|resourcing)([+.\-_].*)?@"
)
RESOURCE_HINT = re.compile(r"(resource\.calendar\.google\.com|@resource\.|^room[s]?[.\-_@]|^conf[.\-_]|\bmeeting ?room\b)")
ROOM_NAME = re.compile(r"^(conf(erence)?\.?\s*room|room\b|meeting room|zoom room|board ?room|huddle|salle\b|raum\b)|\(\d+\)$", re.I)
FREEMAIL = {
    "gmail.com", "googlemail.com", "outlook.com", "hotmail.com", "live.com", "yahoo.com", "icloud.com", "me.com",
    "proton.me", "protonmail.com", "aol.com", "gmx.de", "gmx.net", "web.de", "fastmail.com", "hey.com", "mail.com",
}

# --- phrases (matched on lower-cased, accent-kept text) ----------------------------------------

INTERVIEW_WORDS = [
    r"\binterview", r"\bentretien", r"\bentrevue", r"vorstellungsgespr", r"bewerbungsgespr", r"\bentrevista",
    r"sollicitatie", r"面接", r"面试", r"面試", r"면접", r"\bcolloquio", r"rozmowa (kwalifikacyjna|rekrutacyjna)",
    r"собеседовани", r"\bintervju", r"haastattelu", r"mülakat", r"\bsollicitatiegesprek", r"jobinterview",
    r"\bentrevistas?\b", r"selection panel", r"selection committee",
]
STAGE = {
    "screen": [
        r"phone screen", r"screening (call|interview)", r"recruiter (call|chat|screen|conversation|intro)",
        r"intro(ductory)? (call|chat)", r"initial (call|conversation|chat)", r"\bhr (call|screen|interview)",
        r"talent (call|screen|chat)", r"first[- ]round", r"\bscreen\b(?! ?(shar|time))", r"\bphone interview",
    ],
    "technical": [
        r"technical", r"\bcoding\b", r"system design", r"pair[- ]programming", r"whiteboard", r"live[- ]cod",
        r"tech (round|interview|screen)", r"architecture (round|interview)", r"\bdsa\b", r"algorithm",
        r"take[- ]home (review|debrief|walkthrough)", r"code review (round|interview)", r"\bcase interview",
    ],
    "hiring_manager": [r"hiring manager", r"\bhm (round|interview|chat|call|screen)", r"with the hiring manager"],
    "panel": [r"\bpanel\b", r"selection panel", r"selection committee", r"search committee", r"board interview"],
    "onsite": [
        r"on-?site", r"\bsuperday", r"super day", r"virtual on-?site", r"\bloop\b", r"interview day",
        r"residency interview", r"day of interviews", r"half[- ]day", r"full[- ]day", r"hiring event",
        r"open interview",
    ],
    "final": [r"final (round|interview|stage|conversation)", r"last round", r"\bfinal\b", r"executive (interview|round)", r"ceo (chat|interview|conversation)"],
    "assessment": [
        r"assessment", r"teaching demo", r"demo lesson", r"case study", r"\bexercise\b", r"work sample",
        r"online test", r"aptitude test", r"job simulation", r"presentation (round|interview)", r"trial (shift|day|lesson)",
        r"take[- ]home", r"\bhirevue\b", r"psychometric", r"in-tray", r"group exercise",
    ],
    "informational": [
        r"informational", r"\binfo(rmation)? interview", r"coffee chat", r"career (advice|chat|conversation)",
        r"networking (call|chat|coffee)", r"advice (call|chat)", r"pick (your|their|her|his) brain",
        r"learn (more )?about (your|her|his|their) (role|work|career|path)", r"virtual coffee",
    ],
}
HIRING_CONTEXT = [
    r"\bcandidate\b", r"\bposition\b", r"\bapplication\b", r"\bhiring\b", r"\brecruit", r"\bthe role\b",
    r"\bjob\b", r"\bopening\b", r"\bresume\b", r"\bcv\b", r"\bopportunity\b", r"\bvacancy\b", r"\brequisition\b",
    r"you('|’)ll be meeting", r"you will (be )?meet", r"interviewers?:", r"meeting with", r"\bround\b",
]

# Negatives in the title: another meaning of "interview", practice, or the user on the other side.
TITLE_NEGATIVE = {
    "practice": [
        r"\bmock\b", r"practice interview", r"interview practice", r"\bpractice\b", r"interview prep", r"\bprep\b",
        r"\bprepar", r"rehears", r"coaching", r"\bcoach\b", r"workshop", r"webinar", r"\bclass\b", r"\bcourse\b",
        r"bootcamp", r"how to", r"\btips\b", r"masterclass", r"seminar", r"lecture", r"career fair", r"job fair",
        r"info session", r"information session",
    ],
    "interviewer": [
        r"scorecard", r"feedback", r"debrief", r"hiring committee", r"hiring sync", r"hiring meeting",
        r"interview(er)? training", r"\bshadow", r"calibration", r"\(candidate\)", r"interviewing\b",
        r"interview kit", r"intake", r"kickoff", r"kick-off", r"headcount", r"pipeline review", r"candidate review",
        r"loop (sync|debrief)", r"hire review", r"\bhc\b", r"\bpanel prep",
    ],
    "other meaning": [
        r"podcast", r"\bpress\b", r"\bmedia\b", r"journalist", r"reporter", r"\bradio\b", r"\btv\b", r"newspaper",
        r"magazine", r"\bblog\b", r"user interview", r"user research", r"customer interview", r"customer discovery",
        r"usability", r"research (session|interview|participant)", r"\bparticipant", r"\bstudy\b", r"exit interview",
        r"stay interview", r"\bfilm\b", r"\bmovie\b", r"cinema", r"screening(?! (call|interview))", r"vampire",
        r"documentary", r"oral history", r"\bsurvey\b", r"focus group", r"interview with the", r"\bfeature story",
        r"\bquote\b", r"\barticle\b", r"\bbook\b",
    ],
    "not an interview": [
        r"\boffer\b", r"negotiat", r"onboarding", r"first day", r"orientation", r"\bstart date", r"paperwork",
        r"background check", r"reference (call|check)", r"\breference for\b", r"\bthank[- ]you", r"\bsend\b",
        r"\bfollow[- ]up\b", r"\bresearch\b", r"\bremind", r"\btodo\b", r"\bto-do\b", r"\bdentist", r"\bdoctor",
        r"birthday", r"\b1:1\b", r"one[- ]on[- ]one", r"standup", r"stand-up", r"retro\b", r"all[- ]hands",
    ],
}
# Descriptions that show the user on the interviewer's side of the table.
DESC_INTERVIEWER = [
    r"scorecard", r"submit (your )?feedback", r"leave (your )?feedback", r"interview kit", r"feedback form",
    r"please (review|read) the candidate", r"candidate('s)? (resume|cv|profile)", r"candidate name:",
    r"\bcandidate:\s", r"your (focus|competenc|question)s? (area|for this)", r"interviewer (guide|instructions)",
    r"evaluat(e|ing) the candidate", r"hiring team only", r"do not forward to (the )?candidate",
]
SPORTS = [r"\bvs\b", r"\bmatch\b", r"\bgame\b"]
PRACTICE_DESC = [r"mock interview", r"practice interview", r"career (centre|center|services) (workshop|webinar)"]


def _fold(text: str) -> str:
    return unicodedata.normalize("NFKC", text or "").lower()


_COMPILED: dict[int, re.Pattern[str]] = {}


def _any(patterns: list[str], text: str) -> str | None:
    """The text matched by the first pattern that occurs in ``text`` (patterns joined into one regex)."""
    rx = _COMPILED.get(id(patterns))
    if rx is None:
        rx = _COMPILED[id(patterns)] = re.compile("|".join(f"(?:{p})" for p in patterns))
    m = rx.search(text)
    return m.group(0) if m else None


def _domain(email: str) -> str:
    return email.rsplit("@", 1)[-1].lower() if "@" in email else ""


def is_scheduler(email: str) -> bool:
    d = _domain(email)
    return any(d == s or d.endswith("." + s) for s in SCHEDULER_DOMAINS)


def scheduler_name(email: str) -> str:
    d = _domain(email)
    for key, label in SCHEDULER_NAMES.items():
        if key in d:
            return label
    return d


def is_no_reply(email: str) -> bool:
    return bool(email) and (bool(NO_REPLY.match(email.lower())) or is_scheduler(email))


def is_role_mailbox(email: str) -> bool:
    return bool(ROLE_MAILBOX.match(email.lower()))


def is_resource(p: Person) -> bool:
    if p.cutype in ("ROOM", "RESOURCE", "GROUP"):
        return True
    if p.email and RESOURCE_HINT.search(p.email.lower()):
        return True
    return bool(p.name and ROOM_NAME.search(p.name.strip()))


@dataclass
class Detection:
    """What detection decided about one event, and why."""

    is_interview: bool
    kind: str
    confidence: float
    interviewers: list[Person] = field(default_factory=list)
    reasons: list[str] = field(default_factory=list)
    company: str = ""
    score: float = 0.0


@dataclass(frozen=True)
class Identity:
    """The user as detection sees them: their addresses and the ways their name is written."""

    emails: frozenset[str]
    names: tuple[str, ...] = ()

    @classmethod
    def of(cls, emails, name: str = "") -> "Identity":
        emails = frozenset(e.strip().lower() for e in emails if e and e.strip())
        names = set()
        if name.strip():
            names.add(_fold(name.strip()))
            names.add(_fold(name.strip().split()[0]) + " " + _fold(name.strip().split()[-1]))
        for e in emails:
            local = e.split("@")[0]
            parts = [p for p in re.split(r"[._\-+]", local) if p.isalpha() and len(p) > 1]
            if len(parts) >= 2:
                names.add(" ".join(parts[:2]))
        return cls(emails, tuple(sorted(names)))


def _human(p: Person | None, me: Identity) -> bool:
    return bool(p) and p.email not in me.emails and not is_resource(p) and not is_no_reply(p.email)


_EMAIL_IN_TEXT = re.compile(r"(?:([A-Z][\w'’\-]+(?: [A-Z][\w'’\-.]+){0,3})\s*[<(\[]\s*)?(?:mailto:)?([\w.+\-]+@[\w\-]+(?:\.[\w\-]+)+)", re.U)
_NAMED_IN_TEXT = re.compile(
    r"(?i:interviewers?|you(?:'|’)ll (?:be )?meet(?:ing)?(?: with)?|you will (?:be )?meet(?:ing)?(?: with)?|meeting with|"
    r"hosted by|with)\s*[:\-–]?\s*((?:[A-Z][\w'’\-]+ [A-Z][\w'’\-]+(?: \([^)]*\))?(?:,\s*| and | & |\n\s*[-*•]?\s*)?){1,6})",
    re.U,
)


def people_in_description(text: str, me: Identity) -> list[Person]:
    """People named in an invitation's description: addresses first, then 'Interviewer: Name' names."""
    found: dict[str, Person] = {}
    for m in _EMAIL_IN_TEXT.finditer(text or ""):
        name, email = (m.group(1) or "").strip(), m.group(2).lower().rstrip(".")
        if email in me.emails or is_no_reply(email) or email in found:
            continue
        found[email] = Person(email=email, name=name)
    if found:
        return list(found.values())
    names: list[Person] = []
    for m in _NAMED_IN_TEXT.finditer(text or ""):
        for part in re.split(r",\s*| and | & |\n\s*[-*•]?\s*", m.group(1)):
            part = re.sub(r"\s*\(.*?\)\s*", "", part).strip()
            if part and len(part.split()) >= 2 and _fold(part) not in me.names:
                if all(p.name != part for p in names):
                    names.append(Person(name=part))
    return names


def recipients(event: Event, me: Identity) -> list[Person]:
    """The people to thank: human attendees; else people named in the description; else the
    organizer if human; else a role mailbox (recruiting@); never the user, rooms or no-reply senders."""
    humans = [
        a for a in event.attendees if _human(a, me) and a.partstat != "DECLINED" and a.role != "NON-PARTICIPANT"
    ]
    people = [a for a in humans if not is_role_mailbox(a.email)]
    roles = [a for a in humans if is_role_mailbox(a.email)]
    org = event.organizer
    if org and _human(org, me) and not is_role_mailbox(org.email):
        if not people:
            people = [org]
    elif org and _human(org, me):
        roles.append(org)
    if not people:
        people = [p for p in people_in_description(event.description, me) if not is_role_mailbox(p.email)]
    if not people:
        people = roles[:1]
    seen: set[str] = set()
    out = []
    for p in people:
        key = p.email or p.name.lower()
        if key not in seen:
            seen.add(key)
            out.append(p)
    return out


def company_of(event: Event, me: Identity) -> str:
    """The organisation behind an interview, from a non-free, non-scheduler address or the title."""
    my_domains = {_domain(e) for e in me.emails}
    people = ([event.organizer] if event.organizer else []) + list(event.attendees)
    for p in people:
        d = _domain(p.email)
        if not d or d in FREEMAIL or d in my_domains or is_scheduler(p.email) or is_resource(p):
            continue
        labels = [x for x in d.split(".") if x not in ("com", "org", "net", "io", "co", "example", "mail", "careers", "jobs")]
        if labels:
            return labels[-1].replace("-", " ").title()
    m = re.search(r"\b(?:at|with|@|bei|chez|con|bij)\s+([A-Z][\w&.\-]*(?:\s[A-Z][\w&.\-]*){0,2})", event.title)
    if m:
        return m.group(1).strip()
    m = re.match(r"^\s*([A-Z][\w&.\-]*(?:\s[A-Z][\w&.\-]*){0,2})\s*[-–:|/]", event.title)
    return m.group(1).strip() if m else ""


def detect(event: Event, me: Identity) -> Detection:
    """Decide whether ``event`` is an interview where the user is the candidate."""
    reasons: list[str] = []
    title, desc = _fold(event.title), _fold(event.description)
    loc = _fold(event.location)
    if event.status == "CANCELLED":
        return Detection(False, "", 0.0, reasons=["cancelled"])
    if event.partstat_of(set(me.emails)) == "DECLINED":
        return Detection(False, "", 0.0, reasons=["you declined it"])

    score = 0.0
    org = event.organizer
    org_is_me = bool(org and org.email in me.emails)
    others = [a for a in event.attendees if a.email not in me.emails and not is_resource(a)]
    hiring_sender = next((p.email for p in ([org] if org else []) + event.attendees if p and is_scheduler(p.email)), "")

    if w := _any(INTERVIEW_WORDS, title):
        score += 3.0
        reasons.append(f"title says {w.strip()!r}")
    elif w := _any(INTERVIEW_WORDS, desc):
        score += 1.5
        reasons.append(f"description says {w.strip()!r}")

    kinds_title = {k: m for k, pats in STAGE.items() if (m := _any(pats, title))}
    kinds_desc = {k: m for k, pats in STAGE.items() if (m := _any(pats, desc))}
    strong_title = {k: m for k, m in kinds_title.items() if k not in ("final",) or "interview" in title or "round" in title}
    if strong_title:
        score += 2.5
        reasons.append("title names an interview stage: " + ", ".join(repr(m) for m in strong_title.values()))
    elif kinds_desc:
        score += 1.5
        reasons.append("description names an interview stage: " + ", ".join(repr(m) for m in kinds_desc.values()))
    if "informational" in kinds_title:
        score += 1.0
    if hiring_sender:
        score += 1.5
        reasons.append(f"sent through {scheduler_name(hiring_sender)} (a hiring scheduling tool)")
    if ctx := _any(HIRING_CONTEXT, desc + " " + title):
        score += 0.5
        reasons.append(f"hiring context: {ctx!r}")
    if me.names and any(n in title for n in me.names):
        score += 0.5
        reasons.append("your name is in the title")

    for why, pats in TITLE_NEGATIVE.items():
        if m := _any(pats, title):
            if why == "practice" and "informational" in kinds_title:
                continue
            score -= 6.0
            reasons.append(f"title says {m.strip()!r}: {why}")
            break
    if m := _any(DESC_INTERVIEWER, desc):
        score -= 4.0
        reasons.append(f"description says {m.strip()!r}: you are on the interviewer's side")
    elif m := _any(PRACTICE_DESC, desc):
        score -= 3.0
        reasons.append(f"description says {m.strip()!r}: practice")
    if org_is_me and others and "informational" not in kinds_title:
        score -= 3.0
        reasons.append("you organised it and invited others: you are likely the interviewer")
    elif org_is_me and not others:
        reasons.append("on your own calendar with no one invited")
    if me.names and re.search(r"(candidate|interview(ing)?)\s*[:\-–]\s*([a-z]+ [a-z]+)", title):
        who = re.search(r"(candidate|interview(ing)?)\s*[:\-–]\s*([a-z]+ [a-z]+)", title).group(3)
        if who not in me.names and not any(who.startswith(n.split()[0]) for n in me.names) and _looks_like_person(who, event):
            score -= 2.0
            reasons.append(f"the title names someone else ({who!r}) as the one interviewed")
    if "informational" not in kinds_title and _any(SPORTS, title):
        score -= 1.0

    is_interview = score >= THRESHOLD
    confidence = round(1 / (1 + math.exp(-(score - THRESHOLD))), 2)
    if not is_interview:
        return Detection(False, "", confidence, reasons=reasons, score=score)
    kind = _kind(title, desc, kinds_title, kinds_desc, event, me)
    return Detection(
        True,
        kind,
        confidence,
        interviewers=recipients(event, me),
        reasons=reasons + [f"kind {kind}"],
        company=company_of(event, me),
        score=score,
    )


def _looks_like_person(who: str, event: Event) -> bool:
    first = who.split()[0]
    stop = {"with", "for", "the", "a", "an", "at", "and", "round", "phone", "technical", "final", "senior", "staff"}
    return first not in stop


_KIND_ORDER = ("informational", "assessment", "final", "onsite", "panel", "hiring_manager", "technical", "screen")


def _kind(title: str, desc: str, kinds_title: dict, kinds_desc: dict, event: Event, me: Identity) -> str:
    for k in _KIND_ORDER:
        if k in kinds_title:
            return k
    for k in _KIND_ORDER:
        if k in kinds_desc and k not in ("final", "panel"):
            return k
    people = [a for a in event.attendees if _human(a, me)]
    if len(people) >= 3:
        return "panel"
    if event.all_day:
        return "onsite"
    return "other"
