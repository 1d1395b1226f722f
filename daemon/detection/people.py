"""Whom to thank after an interview, and the organisation behind it."""

from __future__ import annotations

import re

from daemon.core.model import Event
from daemon.core.model import Person
from .addresses import _is_role, is_no_reply, is_resource, is_role_mailbox, is_scheduler
from .identity import Identity, _human
from .lexicon.senders import FREEMAIL
from .match import _domain, _fold


# Name words and the local part are bounded (RFC 5321: 64 characters), so that the search stays
# linear in a long run of letters instead of rescanning it from every position.
_EMAIL_IN_TEXT = re.compile(r"(?:([A-Z][\w'’\-]{1,40}(?: [A-Z][\w'’\-.]{1,40}){0,3})\s*[<(\[]\s*)?(?:mailto:)?([\w.+\-]{1,64}@[\w\-]+(?:\.[\w\-]+)+)", re.U)


# A person's name (with "de", "van der", "von"... inside it), and what separates names in a list
# ("X, Y and Z", "met X en Y", "mit X und Y", "avec X et Y", "con X y Y").
_NAME = r"[A-Z][\w'’\-]+ (?:(?:de|van|der|den|von|di|da|del|della|la|le|du|ten|ter|dos|das)\s+)*[A-Z][\w'’\-]+"


_NAME_SEP = r",\s*| and | & | en | und | et | y | e |\n\s*[-*•]?\s*"


_NAMED_IN_TEXT = re.compile(
    r"(?<!\w)(?i:interviewers?|you(?:'|’)ll (?:be )?meet(?:ing)?(?: with)?|you will (?:be )?meet(?:ing)?(?: with)?|"
    r"meeting with|hosted by|with|met|mit|avec|con)\s*[:\-–]?\s*"
    rf"((?:{_NAME}(?: \([^)]*\))?(?:{_NAME_SEP})?){{1,6}})",
    re.U,
)


# The organizer says they will take part ("I'll join too", "Kim and I will interview you").
_ORGANIZER_JOINS = re.compile(
    r"\b(i('ll| will) (also )?(be )?(join|joining|sit in|be there|be on the call|interview)|"
    r"(and|&) (i|me) will|with me and|joining me|we('ll| will) both|"
    r"(will be|is|are|includes?|including|consists? of|consisting of) me)\b|"
    # "Hollis (VP Analytics, me)"; "je me joindrai", "ich bin auch dabei", "yo también estaré", "já se připojím"
    r"\([^()\n]{0,40},\s*me\)|je (me joindrai|serai (aussi |également )?présente?)|ich bin (auch )?dabei|"
    r"(yo )?también estaré|eu também estarei|anch'io sarò|ik (schuif|sluit) (ook )?aan|já se (také )?připojím|"
    r"se (také )?připojím|jag (är också med|ansluter)"
)


# "Mireia (VP Data) and Bastian (HR) will both be there": the organizer named with the others who take part.
_BOTH_THERE = re.compile(r"\b(will|'ll) (both|all) be (there|on the call|joining)|\byou('|’)ll meet\b|\byou will meet\b")


def people_in_description(text: str, me: Identity) -> list[Person]:
    """People named in an invitation's description: addresses first, then 'Interviewer: Name' names."""
    found: dict[str, Person] = {}
    if "@" in (text or ""):
        for m in _EMAIL_IN_TEXT.finditer(text):
            name, email = (m.group(1) or "").strip(), m.group(2).lower().rstrip(".")
            if email in me.emails or is_no_reply(email) or email in found:
                continue
            found[email] = Person(email=email, name=name)
    if found:
        return list(found.values())
    return [Person(name=n) for n in _named_participants(text, me)]


def _named_participants(text: str, me: Identity) -> list[str]:
    """Names listed as the people met ("Interviewers: Priya Shah, Tom Lee", "met Pieter Visser en Sanne de Jong")."""
    names: list[str] = []
    for m in _NAMED_IN_TEXT.finditer(text or ""):
        for part in re.split(_NAME_SEP, m.group(1)):
            part = re.sub(r"\s*\(.*?\)\s*", "", part).strip()
            if part and len(part.split()) >= 2 and _fold(part) not in me.names and part not in names:
                names.append(part)
    return names


def _organizer_listed(text: str, org: Person, people: list[Person]) -> bool:
    """Whether a sentence of ``text`` names the organizer's first name beside an attendee's, saying they all take part."""
    def first(p: Person) -> str:  # "Mireia Castellano" and "Castellano, Mireia" → "mireia"
        name = (p.name or "").split(",", 1)[-1].split()
        return _fold(name[0]) if name else ""

    mine, theirs = first(org), {first(p) for p in people} - {""}
    if len(mine) < 2 or not theirs:
        return False
    for sentence in re.split(r"(?<=[.!?])\s+|\n", _fold(text)):
        words = set(re.findall(r"\w+", sentence))
        if mine in words and words & theirs and _BOTH_THERE.search(sentence):
            return True
    return False


def recipients(event: Event, me: Identity) -> list[Person]:
    """The people to thank, in order of preference:

    1. human attendees (not the user, rooms, groups, no-reply senders, role mailboxes, declined or
       non-participants), plus the organizer when the description says they take part ("I'll join")
       or lists them among the people met ("met Pieter Visser en Sanne de Jong");
    2. else the people named with an address in the description;
    3. else the human organizer;
    4. else one role mailbox (recruiting@, a programme's mailbox): an attendee's, then one in the
       description, then the organizer's.

    People named in the description without an address come along at steps 3 and 4 (and alone when
    nothing else is known): the debrief form lists them, though no draft can be addressed to them.
    """
    humans = [
        a for a in event.attendees if _human(a, me) and a.partstat != "DECLINED" and a.role != "NON-PARTICIPANT"
    ]
    people = [a for a in humans if not _is_role(a)]
    roles = [a for a in humans if _is_role(a)]
    org = event.organizer
    org_person = org if org and _human(org, me) and not _is_role(org) else None
    described = people_in_description(event.description, me)
    if people:
        if org_person and all(p.email != org_person.email for p in people) and (
            _ORGANIZER_JOINS.search(_fold(event.description))
            or (org_person.name and _fold(org_person.name) in map(_fold, _named_participants(event.description, me)))
            or _organizer_listed(event.description, org_person, people)
        ):
            people.append(org_person)
    else:
        people = [p for p in described if p.email and not is_role_mailbox(p.email)]
    if not people:
        named = [p for p in described if not p.email]
        if org_person:
            people = [org_person] + named
        else:
            roles += [p for p in described if p.email and is_role_mailbox(p.email)]
            if org and _human(org, me):
                roles.append(org)
            people = roles[:1] + named
    seen: set[str] = set()
    out = []
    for p in people:
        key = p.email or p.name.lower()
        if key not in seen:
            seen.add(key)
            out.append(p)
    return out


#: Domain labels that are never the company: generic second levels (".com.br", ".co.uk") and mail hosts.
_NOT_A_NAME = {"com", "org", "net", "io", "co", "ac", "gov", "edu", "example", "mail", "careers", "jobs", "email", "hr", "courriel", "correo",
               "recruiting", "talent", "apply"}

#: Words a company's domain often runs together with its name ("meridianhealth" -> "Meridian Health").
_NAME_ENDS = ("healthcare", "health", "labs", "lab", "technologies", "tech", "systems", "group", "bank", "capital",
              "partners", "logistics", "analytics", "payments", "software", "solutions", "media", "energy", "foods",
              "pharma", "therapeutics", "robotics", "security", "insurance", "financial", "finance", "consulting",
              "digital", "networks", "motors", "airlines", "retail", "studios", "studio", "games", "ventures",
              "holdings", "industries", "foundation", "university", "hospital", "clinic")


def _as_written(label: str, text: str) -> str:
    """A domain label as the organisation writes its name: the invitation's spelling when it spells the label
    ("Northlake Health", "AT&T"), else the label split at a known word and capitalised ("Meridian Health")."""
    words = re.findall(r"[\w&'’.]+", text)
    key = re.sub(r"[^a-z0-9]", "", label.lower())
    for n in (1, 2, 3, 4):
        for i in range(len(words) - n + 1):
            run = words[i:i + n]
            if re.sub(r"[^a-z0-9]", "", "".join(run).lower()) == key and run[0][:1].isupper():
                return " ".join(run).strip(".")
    for end in _NAME_ENDS:
        if key.endswith(end) and len(key) - len(end) >= 3 and "-" not in label:
            head = key[: -len(end)]
            return f"{head.title()} {end.title()}"
    return label.replace("-", " ").title()


def company_of(event: Event, me: Identity) -> str:
    """The organisation behind an interview, from a non-free, non-scheduler address or the title."""
    my_domains = {_domain(e) for e in me.emails}
    people = ([event.organizer] if event.organizer else []) + list(event.attendees)
    for p in people:
        d = _domain(p.email)
        if not d or d in FREEMAIL or d in my_domains or is_scheduler(p.email) or is_resource(p):
            continue
        parts = d.split(".")
        if len(parts) > 1:  # the top-level domain never names the company ("quillon.de" is Quillon, not "De")
            parts = parts[:-1]
        labels = [x for x in parts if x not in _NOT_A_NAME and not (len(x) <= 2 and len(parts) > 1)]
        if labels:
            return _as_written(labels[-1], f"{event.title}\n{event.location}\n{event.description[:4000]}")
    m = re.search(r"\b(?:at|with|@|bei|chez|con|bij)\s+([A-Z][\w&.\-]*(?:\s[A-Z][\w&.\-]*){0,2})", event.title)
    if m:
        return m.group(1).strip()
    m = re.match(r"^\s*([A-Z][\w&.\-]*(?:\s[A-Z][\w&.\-]*){0,2})\s*[-–:|/]", event.title)
    return m.group(1).strip() if m else ""
