"""The words of every note, per reader and per language.

Each thank-you is built around its one reader: their focus, their own personal touch, their
honorific. The full case (what the team needs, why the user fits, the correction) goes to the
primary contact; every other panelist gets a shorter note around their own topic. Every sentence
comes in several wordings and each reader gets a different one, so two panelists comparing notes
do not find the same sentences. Templates receive the finished pieces (``note.subject``,
``note.greeting``, ``note.paragraphs``, ``note.signoff``) and may lay them out differently.

Languages: en, de, fr, es, pt, nl. English answers are read by :mod:`daemon.core.phrasing` (clauses,
fragments, lists, "they" for the reader); answers in other languages are tidied and put in
frames that take any fragment (after a colon, or as a sentence of their own).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import datetime, tzinfo
from typing import Any

from daemon.core import phrasing as ph

from daemon.core.languages import LANGUAGES, american, day_words, language_of  # noqa: F401  (re-exported)


# -- which language -------------------------------------------------------------------------------

#: Short words each language writes often and the others rarely, and its interview words (titles are terse).
_COMMON = {
    "en": "the and of to with for our we they their is are was our about what on team interview round call chat role "
          "i my need needs"
          .split(),
    "de": "der die das und mit für ist sind wir ihr ein eine nicht auch bei über zu von im dem den des "
          "vorstellungsgespräch gespräch bewerbungsgespräch kennenlernen stelle ich mein team braucht".split(),
    "fr": "le la les et des du pour avec est sont nous vous une un pas aussi sur dans au aux ce cette "
          "entretien poste équipe je mon besoin".split(),
    "es": "el la los las y del para con es son nosotros usted una un también sobre en al este esta muy "
          "entrevista puesto equipo yo mi necesita".split(),
    "pt": "o a os as e do da dos das para com é são nós você uma um também sobre no na em ao este esta muito "
          "entrevista vaga equipe eu meu precisa não".split(),
    "nl": "de het een en van voor met is zijn wij jullie u ook niet over op bij aan dit deze heel "
          "sollicitatiegesprek gesprek kennismaking functie ik mijn team nodig".split(),
}
_COMMON_SETS = {lang: set(words) for lang, words in _COMMON.items()}


def guess_language(*texts: str) -> str:
    """The language the user typed the answers (and the invitation its title) in, or '' when unclear.

    Used only when neither the debrief nor ``[drafts] language`` names one: frames in another language than
    the answers they carry would read as a machine's work.
    """
    words = re.findall(r"[^\W\d_]+", " ".join(texts).lower())
    if len(words) < 3:
        return ""
    scores = sorted(((sum(w in vocab for w in words), lang) for lang, vocab in _COMMON_SETS.items()), reverse=True)
    (best, lang), (second, _) = scores[0], scores[1]
    return lang if best >= 3 and best >= 1.5 * second else ""


# -- names and address ---------------------------------------------------------------------------

#: Honorifics as people type them, in any of the six languages, to one canonical form.
_HONORIFIC = {
    "dr": "dr", "doctor": "dr", "doktor": "dr", "docteur": "dr", "doutor": "dr", "dra": "dra", "doutora": "dra",
    "doctora": "dra", "prof": "prof", "professor": "prof", "professeur": "prof", "profesor": "prof", "profa": "profa",
    "profesora": "profa", "professora": "profa",
    "mr": "mr", "mister": "mr", "herr": "mr", "m": "mr", "monsieur": "mr", "sr": "mr", "señor": "mr", "senor": "mr",
    "senhor": "mr", "dhr": "mr", "de heer": "mr", "meneer": "mr",
    "ms": "ms", "miss": "ms", "frau": "ms", "mme": "ms", "madame": "ms", "sra": "ms", "señora": "ms", "senora": "ms",
    "senhora": "ms", "mevr": "ms", "mevrouw": "ms", "mrs": "mrs", "mx": "mx",
}
_PARTICLES = {"van", "von", "der", "den", "de", "del", "della", "di", "da", "du", "le", "la", "dos", "das", "do", "ten",
              "ter", "bin", "al", "el", "zu", "vom", "zum", "y", "e", "af", "av", "st", "st."}


def honorific_key(text: str) -> str:
    """'dr', 'Dr.', 'Doktor' -> 'dr'; 'Herr' -> 'mr'; unknown -> ''."""
    key = " ".join(str(text or "").lower().replace(".", " ").split())
    return _HONORIFIC.get(key, "")


@dataclass(frozen=True)
class Name:
    """A person's name: given and family parts (particles and compound surnames kept whole)."""

    given: str
    family: str
    honorific: str = ""  # canonical: dr, prof, mr, ms, mrs, mx; dra, profa where Spanish or Portuguese say so

    @property
    def full(self) -> str:
        return " ".join(p for p in (self.given, self.family) if p)


def parse_name(name: str, honorific: str = "", lang: str = "en") -> Name:
    """'Okonkwo, Amara' (Outlook order), 'Dr. Kim Okafor', 'Jean-Luc van der Berg', 'Ana María García López'."""
    name = " ".join(str(name or "").split())
    hon = honorific_key(honorific)
    if "," in name:
        family, _, given = name.partition(",")
        if given.strip() and len(family.split()) <= 3:
            name = f"{given.strip()} {family.strip()}"
        else:
            name = name.replace(",", " ")
    words = name.split()
    while words and honorific_key(words[0]) and len(words) > 1:
        hon = hon or honorific_key(words[0])
        words = words[1:]
    if not words:
        return Name("", "", hon)
    if len(words) == 1:
        return Name(words[0], "", hon)
    # A particle starts the family name ("van der Berg", "de la Cruz"), unless it is the first word.
    for i, w in enumerate(words[1:], 1):
        if w.lower() in _PARTICLES:
            return Name(" ".join(words[:i]), " ".join(words[i:]), hon)
    # Two family names, Spanish style ("García López"): the second-to-last word looks like a surname.
    if len(words) >= 3 and lang != "pt":
        penult = words[-2]
        if re.search(r"(ez|az|iz|oz|es)$", penult) or any(unicodedata.decomposition(c) for c in penult):
            return Name(" ".join(words[:-2]), " ".join(words[-2:]), hon)
    return Name(" ".join(words[:-1]), words[-1], hon)


def _family(n: Name) -> str:
    """The family name as written after a title: a Dutch/Flemish/German particle gets its capital ("Mr. Van der Berg")."""
    return n.family or n.given


# -- dates ----------------------------------------------------------------------------------------

# -- the invitation: the post -------------------------------------------------------------------

_JOB_WORD = re.compile(
    r"\b(engineer|developer|programmer|manager|director|lead|officer|cto|ceo|cfo|coo|cpo|vp|head of|chief|architect|"
    r"analyst|designer|scientist|accountant|consultant|associate|specialist|coordinator|researcher|editor|producer|"
    r"strategist|planner|recruiter|administrator|technician|intern|assistant|counsel|lawyer|attorney|nurse|teacher|"
    r"lecturer|professor|sre|devops|product owner|owner|writer|marketer|representative|executive|partner|"
    r"ingenieur|ingénieur|entwickler|développeur|desarrollador|desenvolvedor|ontwikkelaar|leiter|responsable|chef)\b",
    re.I)
_INTERVIEW_WORDS = re.compile(
    r"\b(interview|interviews|round|screen|screening|call|chat|phone|video|onsite|on-site|panel|final|technical|"
    r"hiring manager|stage|meeting|conversation|1st|2nd|3rd|first|second|third|virtual|zoom|teams|meet|coffee|"
    r"vorstellungsgespräch|gespräch|entretien|entrevista|sollicitatiegesprek|gesprek|culture|fit|loop|debrief|"
    r"with|for|at|the|role|position|job|opportunity|rolle|stelle|poste|puesto|vaga|functie)\b", re.I)


def post_of(title: str, company: str = "") -> str:
    """The post named in an invitation's title ("Interview: Senior Backend Engineer — Acme" -> "Senior Backend Engineer")."""
    t = " ".join((title or "").split())
    t = re.sub(r"\b(?:re|fwd?|invitation|updated invitation|einladung)\s*:\s*", "", t, flags=re.I)
    # "(m/w/d)" is for job ads, not letters; "Ingénieur(e)", "Entwickler(in)" are kept whole, not cut at the bracket
    t = re.sub(r"\s*\((?:[mwfdhx]\s*/\s*){1,3}[mwfdhx]\)", "", t, flags=re.I)
    t = re.sub(r"(?<=\w)\((e|in|innen|a|o|as|os|es)\)", "\x01\\1\x02", t, flags=re.I)
    return _post_in(t, company).replace("\x01", "(").replace("\x02", ")")


def _post_in(t: str, company: str) -> str:
    m = re.search(r"\bfor (?:the |a |an )?(?P<p>[^,:|()\-–—/]+?) (?:role|position|opening|post)\b", t, re.I)
    if m and _JOB_WORD.search(m["p"]):
        return _clean_post(m["p"], company)
    for seg in re.split(r"\s+[-–—|/:]\s+|[:|()\[\]]|\s+[–—]\s*|\s*,\s*", t):
        seg = re.sub(r"\b(?:interview|round|screen|call|chat)\s+(?:with|at|for)\b.*$", "", seg, flags=re.I)
        seg = re.sub(r"\b(?:with|at|bei|chez|con|bij)\s+.*$", "", seg, flags=re.I)
        if _JOB_WORD.search(seg):
            return _clean_post(seg, company)
    return ""


def _clean_post(text: str, company: str) -> str:
    words = text.split()
    if company:
        words = [w for w in words if w.lower() not in company.lower().split()]
    while words and _INTERVIEW_WORDS.fullmatch(words[0]):
        words = words[1:]
    while words and _INTERVIEW_WORDS.fullmatch(words[-1]):
        words = words[:-1]
    post = " ".join(words).strip(" -–—:")
    if post.islower():  # "store manager interview": a post is written with capitals in a subject
        post = " ".join(w if w in ("of", "and", "for", "the", "to", "in") else w[:1].upper() + w[1:] for w in post.split())
    return post if _JOB_WORD.search(post) and len(post) <= 60 else ""


# -- the words ------------------------------------------------------------------------------------


def pick(options: list[str], i: int) -> str:
    return options[i % len(options)]


@dataclass
class Reader:
    """One person a note is written to."""

    name: str
    email: str
    title: str = ""
    focus: str = ""
    honorific: str = ""
    personal: str = ""
    index: int = 0  # 0: the primary contact's note; others get other wordings
    primary: bool = True


@dataclass
class Note:
    subject: str
    greeting: str
    paragraphs: list[str] = field(default_factory=list)
    signoff: str = ""


def greeting(lang: str, reader_name: str, honorific: str, formal: bool) -> str:
    """'Dear Dr. Okafor,' 'Hi Amara,' 'Sehr geehrte Frau Dr. Okafor,' 'Bonjour Madame García López,' ..."""
    n = parse_name(reader_name, honorific, lang)
    if lang not in ("es", "pt") and n.honorific in _FEMININE:  # "Dra." is "Dr." where titles do not agree
        n = Name(n.given, n.family, _FEMININE[n.honorific])
    return GREETINGS[lang](n, formal)


_FEMININE = {"dra": "dr", "profa": "prof"}


def _en_greeting(n: Name, formal: bool) -> str:
    if not n.full:
        return "Hello,"
    if not formal:
        return f"Hi {n.given or n.family},"
    title = {"dr": "Dr.", "prof": "Professor", "mr": "Mr.", "ms": "Ms.", "mrs": "Mrs.", "mx": "Mx."}.get(n.honorific)
    if title and n.family:
        return f"Dear {title} {n.family},"
    return f"Dear {n.full},"


def _de_greeting(n: Name, formal: bool) -> str:
    if not n.full:
        return "Guten Tag,"
    if not formal:
        return f"Hallo {n.given or n.family},"
    if n.honorific == "mr" and n.family:
        return f"Sehr geehrter Herr {n.family},"
    if n.honorific in ("ms", "mrs") and n.family:
        return f"Sehr geehrte Frau {n.family},"
    if n.honorific in ("dr", "prof") and n.family:
        return f"Guten Tag {'Dr.' if n.honorific == 'dr' else 'Prof.'} {n.family},"
    return f"Guten Tag {n.full},"


def _fr_greeting(n: Name, formal: bool) -> str:
    if not n.full:
        return "Bonjour,"
    if not formal:
        return f"Bonjour {n.given or n.family},"
    if n.honorific == "mr":
        return f"Bonjour Monsieur {n.family or n.full},"
    if n.honorific in ("ms", "mrs"):
        return f"Bonjour Madame {n.family or n.full},"
    if n.honorific in ("dr", "prof") and n.family:
        return f"Bonjour {'Dr' if n.honorific == 'dr' else 'Professeur'} {n.family},"
    return f"Bonjour {n.full},"


def _es_greeting(n: Name, formal: bool) -> str:
    if not n.full:
        return "Hola:"
    title = {"mr": "Estimado Sr.", "ms": "Estimada Sra.", "mrs": "Estimada Sra.", "dr": "Estimado Dr.",
             "dra": "Estimada Dra.", "prof": "Estimado profesor", "profa": "Estimada profesora"}.get(n.honorific)
    if formal and title and n.family:
        return f"{title} {n.family}:"
    return f"Hola, {n.full if formal else n.given or n.family}:"  # no "Estimado/a": neutral unless a title says


def _pt_greeting(n: Name, formal: bool) -> str:
    if not n.full:
        return "Olá,"
    title = {"mr": "Prezado Sr.", "ms": "Prezada Sra.", "mrs": "Prezada Sra.", "dr": "Prezado Dr.",
             "dra": "Prezada Dra.", "prof": "Prezado Prof.", "profa": "Prezada Profa."}.get(n.honorific)
    if formal and title and n.family:
        return f"{title} {n.family},"
    return f"Olá, {n.full if formal else n.given or n.family},"  # no "Prezado(a)": neutral unless a title says


def _nl_greeting(n: Name, formal: bool) -> str:
    if not n.full:
        return "Goedendag,"
    family = n.family[:1].upper() + n.family[1:] if n.family else ""  # "heer Van der Berg": no first name before it
    title = {"mr": "heer", "ms": "mevrouw", "mrs": "mevrouw", "dr": "dr.", "prof": "prof."}.get(n.honorific)
    if formal and title and family:
        return f"Beste {title} {family},"
    return f"Beste {n.full if formal else n.given or n.family},"  # "Beste" is the Dutch "Dear" and "Hi" alike


GREETINGS = {"en": _en_greeting, "de": _de_greeting, "fr": _fr_greeting, "es": _es_greeting, "pt": _pt_greeting,
             "nl": _nl_greeting}


# -- frames ----------------------------------------------------------------------------------------
# Each slot has several wordings; reader i takes wording i. "{x}" is the answer's piece. A key
# "slot.kind" is used for a piece of that kind (daemon.core.phrasing), else "slot.any".

EN = {
    "about.post_company": "about the {post} role at {company}", "about.post": "about the {post} role",
    "about.company": "about the role at {company}", "about.none": "",
    "open": ["Thank you for taking the time to meet with me {about} on {day}.",
             "Thank you for speaking with me {about} on {day}.",
             "Many thanks for your time on {day}, and for the conversation {about}.",
             "I appreciated the chance to talk with you {about} on {day}.",
             "Thank you for the conversation {about} on {day}."],
    "focus.topic": ["I especially appreciated your questions about {x}.", "I enjoyed our discussion of {x}.",
                    "Your thoughtful questions about {x} stayed with me.", "I was glad we spent time on {x}.",
                    "Our exchange about {x} was a highlight for me."],
    "focus.how": ["I especially appreciated your questions about {x}.", "I was glad we could talk through {x}.",
                  "Your thoughtful questions about {x} stayed with me.", "I was glad we spent time on {x}.",
                  "Our exchange about {x} was a highlight for me."],
    "focus.clause": ["I especially appreciated hearing that {x}.", "It was useful to hear that {x}.",
                     "What stayed with me was that {x}.", "I was glad to learn that {x}.", "It struck me that {x}."],
    "focus.mine": ["I was glad to have the chance to tell you that {x}.", "I hope it came across that {x}.",
                   "I appreciated the chance to explain that {x}.", "I was glad we touched on the fact that {x}.",
                   "I'm glad it came up that {x}."],
    "focus.to": ["I especially appreciated hearing about your plans {x}.", "It was good to hear about your plans {x}.",
                 "Your plans {x} have stayed with me since.", "I was glad to learn about your plans {x}.",
                 "I enjoyed hearing about your plans {x}."],
    "focus.any": ["I especially appreciated your questions: {x}.", "What stayed with me: {x}.",
                  "I found one point particularly useful: {x}.", "A highlight for me: {x}.", "I valued one point in particular: {x}."],
    "excited.topic": ["I also enjoyed our discussion of {x}.", "Our conversation about {x} was the part I enjoyed most.",
                      "I was glad we got to talk about {x}.", "I particularly enjoyed exploring {x} with you.",
                      "Talking through {x} with you was a pleasure."],
    "excited.how": ["I also enjoyed talking through {x}.", "The part I enjoyed most was talking about {x}.",
                    "I was glad we got to talk about {x}.", "I particularly enjoyed discussing {x} with you.",
                    "Talking through {x} with you was a pleasure."],
    "excited.clause": ["I also enjoyed hearing that {x}.", "It was good to hear that {x}.", "I was glad to hear that {x}.",
                       "It was exciting to hear that {x}.", "I enjoyed learning that {x}."],
    "excited.mine": ["I was also glad to tell you that {x}.", "I enjoyed the moment we got to the fact that {x}.",
                     "I was glad it came up that {x}.", "I'm glad I could share that {x}.", "I was pleased to explain that {x}."],
    "excited.to": ["I also enjoyed hearing about your plans {x}.", "Your plans {x} sound exciting.",
                   "I was glad we got to talk about your plans {x}.", "I particularly enjoyed hearing about your plans {x}.",
                   "Your plans {x} were a pleasure to talk through."],
    "excited.any": ["I also enjoyed one part of our conversation in particular: {x}.", "The part I enjoyed most: {x}.",
                    "I was glad we got to one topic especially: {x}.", "One part I particularly enjoyed: {x}.",
                    "A pleasure to talk through: {x}."],
    "need.to": ["From our conversation, I understand your team needs {x}.", "As I understand it, the priority is {x}.",
                "It's clear the team needs {x}.", "What I took away is that the team needs {x}.",
                "I understand the goal is {x}."],
    "need.want": ["From our conversation, I understand your team needs {x}.", "As I understand it, the team is looking for {x}.",
                  "It's clear the team needs {x}.", "What I took away is that the team wants {x}.",
                  "I understand the team is looking for {x}."],
    "need.challenge": ["From our conversation, I understand the main challenge for your team is {x}.",
                       "As I understand it, the pressing issue is {x}.", "It's clear that {x} is the team's main concern.",
                       "What I took away is that {x} is the challenge to solve.", "I understand {x} is the main challenge."],
    "need.how": ["From our conversation, I understand the main question for your team is {x}.",
                 "As I understand it, the open question is {x}.", "It's clear the team is working out {x}.",
                 "What I took away is that the question is {x}.", "I understand the challenge is {x}."],
    "need.ing": ["From our conversation, I understand your team is focused on {x}.", "As I understand it, the priority is {x}.",
                 "It's clear the team is working on {x}.", "What I took away is that the focus is on {x}.",
                 "I understand the team is concentrating on {x}."],
    "need.list": ["From our conversation, I understand the main challenges for your team are {x}.",
                  "As I understand it, the pressing issues are {x}.", "It's clear the team is dealing with {x}.",
                  "What I took away is that the challenges are {x}.", "I understand the main challenges are {x}."],
    "need.clauses": ["From our conversation, I understand {x}.", "I came away understanding {x}.", "You explained {x}.",
                     "What I took away is {x}.", "I understand {x}."],
    "need.clause": ["From our conversation, I understand that {x}.", "As I understand it, {x}.", "You explained that {x}.",
                    "I came away understanding that {x}.", "I understand that {x}."],
    "need.any": ["From our conversation, I understand what your team needs most: {x}.", "As I understand it, the priority: {x}.",
                 "The team's need, as I understood it: {x}.", "What I took away about the team's needs: {x}.",
                 "The goal, as I understand it: {x}."],
    "fit.sentence": ["{X}", "That is close to my own experience. {X}", "It's work I know well. {X}",
                     "I've done this kind of work before. {X}", "This is familiar ground for me. {X}"],
    "fit.how": ["I'd point to {x}.", "I can speak to that from experience: {x}.", "As an example, I'd point to {x}.",
                "One example is {x}.", "I'd mention {x} as an example."],
    "fit.background": ["My background speaks to that: {x}.", "My own background is relevant here: {x}.",
                       "What I'd bring: {x}.", "My experience fits this: {x}.", "I'd bring this background: {x}."],
    "fit.topic": ["I'd bring {x} to that work.", "That is where {x} would help.", "I believe {x} would be useful there.",
                  "I'd hope to put {x} to good use there.", "I think {x} would serve the team well there."],
    "fit.any": ["{X}", "That is close to my own experience. {X}", "It's work I know well. {X}",
                "I've done this kind of work before. {X}", "This is familiar ground for me. {X}"],
    "fit.panel": ["It connects with my own experience. {X}", "This is close to work I have done. {X}",
                  "It's a problem I know from my own work. {X}", "That topic is familiar ground for me. {X}"],
    "fit.panel_topic": ["It connects with {x}, which I'd bring to the team.", "That is where {x} would help, I think.",
                        "I believe {x} would be useful there.", "I'd hope to bring {x} to that work."],
    "wish.clause": ["I also wanted to mention that {x}.", "One thing I didn't get to say: {x}.",
                    "I should also have mentioned that {x}.", "I'd like to add that {x}.", "Something I left out: {x}."],
    "wish.topic": ["I also wanted to mention {x}.", "One thing I didn't get to mention is {x}.",
                   "I'd like to add a word about {x}.", "I should also have mentioned {x}.", "Something I left out: {x}."],
    "wish.correct": ["One correction to something I said: {x}.", "I'd like to correct one point: {x}.",
                     "A correction to what I said: {x}.", "To set one thing straight: {x}.", "One clarification: {x}."],
    "wish.sentence": ["{X}"],
    "wish.ask": ["I'd also be glad to hear more about {x}.", "I'd welcome the chance to learn more about {x}.",
                 "If there's a chance, I'd love to hear about {x}.", "I'd still like to ask about {x}.",
                 "I'd be interested to hear more about {x}."],
    "wish.more": ["I'd have liked to say more about {x}.", "I didn't get to say much about {x}.",
                  "I'd be glad to tell you more about {x}.", "There is more I could tell you about {x}.",
                  "I'd welcome the chance to say more about {x}."],
    "wish.share": ["I'd have liked to share {x}.", "I didn't get to share {x}.", "I'd be glad to tell you {x}.",
                   "I'd welcome the chance to share {x}.", "I'd still like to share {x}."],
    "wish.any": ["I also wanted to mention: {x}.", "One thing I didn't get to say: {x}.", "I'd like to add: {x}.",
                 "Something I left out: {x}.", "One more point: {x}."],
    "personal.sentence": ["{X}"],
    "personal.about": ["I enjoyed hearing that {x}.", "It was lovely to hear that {x}.", "I was glad to hear that {x}.",
                       "It was good to hear that {x}.", "I loved hearing that {x}."],
    "personal.shared": ["It was fun to discover that {x}.", "I enjoyed finding out that {x}.",
                        "What a nice surprise that {x}.", "It was good to find out that {x}.", "I liked learning that {x}."],
    "personal.topic": ["I enjoyed our chat about {x}.", "Thank you, too, for the conversation about {x}.",
                       "I enjoyed talking about {x} with you.", "Our chat about {x} was a nice moment.",
                       "I'm glad we found time to talk about {x}."],
    "personal.any": ["{X}"],
    "next.topic": ["I look forward to the next step, {x}.", "I'm looking forward to {x}.",
                   "I hope to see you again at {x}.", "I look forward to {x}.", "I'm glad the next step is {x}."],
    "next.clause": ["I understand that {x}.", "You mentioned that {x}.", "As I understand it, {x}.", "I gather that {x}.",
                    "I understand that {x}."],
    "next.to": ["I understand the next step is {x}.", "As I understand it, the next step is {x}.",
                "I gather the next step is {x}.", "Next, I understand, is {x}.", "The next step, as I understand it, is {x}."],
    "next.list": ["I look forward to the next steps: {x}.", "I'm looking forward to the next steps: {x}.",
                  "I understand the next steps are {x}.", "As I understand it, the next steps are {x}.",
                  "I look forward to the next steps: {x}."],
    "next.any": ["I look forward to the next step: {x}.", "Next, as I understand it: {x}."],
    "next.none": ["I look forward to hearing about next steps."],
    "checkin": "If I haven't heard by {date}, I'll check in then.",
    "panel_close": ["I hope we get the chance to work together.", "I hope we get to speak again soon.",
                    "I'd be glad to continue the conversation.", "I hope our paths cross again soon.",
                    "It was a pleasure to meet you."],
    "signoff.formal": ["Best regards,", "Kind regards,", "With best wishes,", "Many thanks,", "Warm regards,"],
    "signoff.informal": ["Best,", "Thanks again,", "All the best,", "Best wishes,", "Cheers,"],
    "subject.post_company": "Thank you — {post} interview at {company}",
    "subject.post": "Thank you — {post} interview on {short}",
    "subject.company": "Thank you — {company} interview on {short}",
    "subject.none": "Thank you for our conversation on {day}",
    # informational
    "info.subject": "Thank you for your time and advice",
    "info.open": ["I'm grateful you took the time to talk with me on {day}.", "It was generous of you to make time for me on {day}.",
                  "Many thanks for our conversation on {day}.", "I really appreciated our talk on {day}.",
                  "I appreciated your generosity with your time on {day}."],
    "advice.to": ["Thank you especially for the advice {x}.", "I'm taking your advice {x} to heart.",
                  "Your suggestion {x} was especially helpful.", "I keep coming back to your advice {x}.",
                  "Your advice {x} gave me a clear next step."],
    "advice.old_to": ["Your advice {x} was exactly what I needed.", "I'm taking your advice {x} to heart.",
                  "Your suggestion {x} was especially helpful.", "I keep coming back to your advice {x}.",
                  "Your advice {x} gave me a clear next step."],
    "advice.clause": ["I'm grateful for your point that {x}.", "I'm taking to heart your point that {x}.",
                      "Your suggestion that {x} was especially helpful.", "I keep coming back to your point that {x}.",
                      "Your view that {x} gave me a lot to think about."],
    "advice.recommend": ["Thank you especially for recommending {x}.", "Thank you for pointing me to {x}.",
                         "I'm grateful for the recommendation of {x}.", "Thank you for suggesting {x}.",
                         "Thank you for recommending {x}; it's next on my list."],
    "advice.how": ["Thank you especially for your advice on {x}.", "I'm taking your advice on {x} to heart.",
                   "What you said about {x} was especially helpful.", "I keep coming back to your advice on {x}.",
                   "Your thoughts on {x} gave me a clear next step."],
    "advice.topic": ["Thank you especially for your advice about {x}.", "I'm taking your advice on {x} to heart.",
                     "What you said about {x} was especially helpful.", "I keep coming back to your advice on {x}.",
                     "Your thoughts on {x} gave me a clear next step."],
    "advice.any": ["Your advice was exactly what I needed: {x}.", "I'm taking one piece of advice to heart: {x}."],
    "info.close": ["I'll let you know how it goes, and I hope to return the favour one day.",
                   "I'll keep you posted on how it goes, and I hope I can return the favour.",
                   "I'll let you know what comes of it; I hope to return the favour one day."],
    # referral
    "ref.subject.company": "Thank you for the referral to {company}", "ref.subject.none": "Thank you for the referral",
    "ref.open.post_company": "Thank you for referring me for the {post} role at {company}.",
    "ref.open.company": "Thank you for referring me to {company}.", "ref.open.post": "Thank you for referring me for the {post} role.",
    "ref.open.none": "Thank you for the referral.",
    "ref.met": "I met with {names} on {day}.",
    "ref.close": "Thank you for vouching for me. I'll let you know how it turns out.",
    "intro.subject": "Thank you for the introduction", "intro.open": "Thank you for introducing me to {names}.",
    "intro.close": "We spoke on {day}, and it was exactly the conversation I needed. I'll let you know where it leads.",
    "update.subject": "An update on {company}", "update.subject.none": "An update on the role you referred me for",
    "update.offer": "I wanted to let you know that {company} has offered me the {post} role. Your referral made a real "
                    "difference, and I'm very grateful.",
    "update.rejected": "I wanted to let you know that {company} has decided not to move forward with me for the {post} "
                       "role. Thank you again for referring me: I really appreciated your support.",
    "update.withdrawn": "I wanted to let you know that I have withdrawn from the process for the {post} role at "
                        "{company}. Thank you again for referring me; I'm grateful for your support.",
    "update.close": "I hope to return the favour one day.",
    # follow-ups and closing
    "follow.open": "I hope your week is going well. I'm writing to follow up on our conversation {about} on {day}.",
    "follow.decision": "You mentioned you hoped to decide by {date}, so I wanted to check in.",
    "follow.keen.to": "I remain very interested in the role and keen to help your team {x}.",
    "follow.keen.topic": "I remain very interested in the role and keen to help with {x}.",
    "follow.keen.ing": "I remain very interested in the role and keen to help with {x}.",
    "follow.keen.any": "I remain very interested in the role.",
    "follow.ask": "Is there any update you can share on the timeline, or anything more I can provide?",
    "follow2.open": "I'm writing once more about the {post_or_role}. I understand these decisions take time, and I "
                    "don't want to crowd your inbox.",
    "follow2.offer": "In case it helps, I'd be glad to send references or examples of my work, or to speak with anyone "
                     "else on the team.",
    "follow2.close": "If the role has been filled, I'd be grateful to know, and I'd be glad to stay in touch for future "
                     "openings.",
    "role.post_company": "{post} role at {company}", "role.post": "{post} role", "role.company": "role at {company}",
    "role.none": "role",
    "closing.open": "Thank you for letting me know, and for the time you and the team spent with me.",
    "closing.enjoyed.topic": "I especially enjoyed learning about {x}.",
    "closing.enjoyed.clause": "I especially enjoyed hearing that {x}.",
    "closing.enjoyed.to": "I especially enjoyed hearing about your plans {x}.",
    "closing.enjoyed.how": "I especially enjoyed talking through {x}.",
    "closing.enjoyed.mine": "I was glad to have the chance to tell you that {x}.",
    "closing.enjoyed.any": "I especially enjoyed one part of our conversation: {x}.",
    "closing.door": "Although I'm disappointed, I would welcome being considered for future roles{at_company}, and I "
                    "hope we stay in touch.",
    "closing.at_company": " at {company}",
    "closing.feedback": "If you have any feedback that could help me, I'd be grateful to hear it.",
    "list.and": "and",
    "the_company": "the company",
}

DE = {
    "about.post_company": "über die Stelle als {post} bei {company}", "about.post": "über die Stelle als {post}",
    "about.company": "über die Stelle bei {company}", "about.none": "",
    "open": ["vielen Dank, dass Sie sich am {day}, Zeit für das Gespräch {about} genommen haben.",
             "herzlichen Dank für das Gespräch {about} am {day}.",
             "ich danke Ihnen für Ihre Zeit am {day}, und für das Gespräch {about}.",
             "ich habe mich sehr über die Gelegenheit gefreut, am {day}, mit Ihnen {about} zu sprechen.",
             "vielen Dank für den Austausch {about} am {day}."],
    "focus.any": ["Besonders wertvoll war für mich Ihre Sicht auf diesen Punkt: {x}.",
        "Seitdem geht mir vor allem ein Thema nach: {x}.",
        "Besonders aufschlussreich fand ich, was Sie zu diesem Thema gesagt haben: {x}.",
        "Ein Höhepunkt war für mich Ihre Einschätzung zu diesem Thema: {x}.",
        "Ich habe es sehr geschätzt, dass Sie sich Zeit für dieses Thema genommen haben: {x}."],
    "excited.any": ["Besonders gern habe ich mit Ihnen über dieses Thema gesprochen: {x}.",
        "Am meisten Freude gemacht hat mir dieser Teil unseres Gesprächs: {x}.",
        "Gefreut hat mich, dass wir über dieses Thema sprechen konnten: {x}.",
        "Besonders gern erinnere ich mich an diesen Teil des Gesprächs: {x}.",
        "Der Austausch zu diesem Thema war mir ein Vergnügen: {x}."],
    "need.any": ["Aus unserem Gespräch habe ich mitgenommen, worum es Ihrem Team vor allem geht: {x}.",
                 "So wie ich es verstanden habe, hat für das Team Priorität: {x}.",
                 "Deutlich wurde für mich, was das Team braucht: {x}.",
                 "Mitgenommen habe ich vor allem den Bedarf des Teams: {x}.",
                 "Das Ziel ist, wie ich es verstehe: {x}."],
    "fit.any": ["{X}", "Das deckt sich mit meiner eigenen Erfahrung. {X}", "Diese Arbeit kenne ich gut. {X}",
                "Genau so etwas habe ich schon gemacht. {X}", "Hier bin ich auf vertrautem Terrain. {X}"],
    "fit.panel": ["Das berührt sich mit meiner eigenen Erfahrung. {X}", "Das liegt nah an meiner bisherigen Arbeit. {X}",
                  "Diese Frage kenne ich aus meiner eigenen Arbeit. {X}", "Hier bin ich auf vertrautem Terrain. {X}"],
    "wish.any": ["Ergänzen möchte ich noch: {x}.", "Eines konnte ich im Gespräch nicht mehr sagen: {x}.",
                 "Gern möchte ich noch hinzufügen: {x}.", "Was ich noch erwähnen wollte: {x}.", "Ein Punkt noch: {x}."],
    "wish.clause": ["Ergänzen möchte ich noch, {x}.",
        "Nicht mehr gesagt habe ich, {x}.",
        "Gern ergänze ich, {x}.",
        "Vergessen habe ich zu erwähnen, {x}.",
        "Noch ein letzter Punkt: Ich wollte sagen, {x}."],  # the answer starts "dass …", "que …", "dat …"
    "personal.any": ["{X}"],
    "next.any": ["Ich freue mich auf den nächsten Schritt: {x}.", "Als Nächstes steht, wie ich es verstanden habe, an: {x}.",
                 "Ich freue mich auf das Weitere: {x}."],
    "next.none": ["Ich freue mich darauf, von Ihnen zu hören."],
    "checkin": "Falls ich bis {date}, nichts von Ihnen gehört habe, melde ich mich gern noch einmal.",
    "panel_close": ["Ich würde mich freuen, mit Ihnen zusammenzuarbeiten.", "Nochmals danke für Ihre Zeit und Ihre Fragen.",
                    "Gern setze ich das Gespräch fort.", "Ich hoffe, wir sehen uns bald wieder.",
                    "Nochmals vielen Dank für das anregende Gespräch."],
    "signoff.formal": ["Mit freundlichen Grüßen", "Freundliche Grüße", "Beste Grüße", "Mit besten Grüßen", "Herzliche Grüße"],
    "signoff.informal": ["Viele Grüße", "Beste Grüße", "Herzliche Grüße", "Liebe Grüße", "Schöne Grüße"],
    "subject.post_company": "Vielen Dank – Vorstellungsgespräch {post} bei {company}",
    "subject.post": "Vielen Dank – Vorstellungsgespräch {post} am {short}",
    "subject.company": "Vielen Dank – Vorstellungsgespräch bei {company} am {short}",
    "subject.none": "Vielen Dank für das Gespräch am {day}",
    "info.subject": "Vielen Dank für Ihre Zeit und Ihren Rat",
    "info.open": ["vielen Dank, dass Sie sich am {day}, Zeit für mich genommen haben.", "herzlichen Dank für unser Gespräch am {day}.",
                  "ich danke Ihnen sehr für den Austausch am {day}.", "unser Gespräch am {day} hat mir sehr geholfen, vielen Dank.",
                  "danke, dass Sie mir am {day}, Ihre Zeit geschenkt haben."],
    "advice.any": ["Ihr Rat hat mir sehr geholfen: {x}.", "Diesen Rat nehme ich mir zu Herzen: {x}.",
                   "Besonders hilfreich war Ihr Hinweis: {x}.", "Ich denke oft an Ihren Rat: {x}.",
                   "Ihr Rat gibt mir einen klaren nächsten Schritt: {x}."],
    "info.close": ["Ich halte Sie gern auf dem Laufenden und hoffe, mich eines Tages revanchieren zu können.",
                   "Ich berichte Ihnen gern, wie es weitergeht, und hoffe, mich einmal revanchieren zu können.",
                   "Gern erzähle ich Ihnen, was daraus wird; hoffentlich kann ich mich eines Tages revanchieren."],
    # the referrer: a friend or former colleague, "Hallo Katrin," and du
    "ref.subject.company": "Danke für deine Empfehlung bei {company}", "ref.subject.none": "Danke für deine Empfehlung",
    "ref.open.post_company": "vielen Dank, dass du mich für die Stelle als {post} bei {company} empfohlen hast.",
    "ref.open.company": "vielen Dank, dass du mich bei {company} empfohlen hast.",
    "ref.open.post": "vielen Dank, dass du mich für die Stelle als {post} empfohlen hast.",
    "ref.open.none": "vielen Dank für deine Empfehlung.",
    "ref.met": "Am {day}, habe ich mit {names} gesprochen.",
    "ref.close": "Danke, dass du dich für mich eingesetzt hast. Ich sage dir Bescheid, wie es ausgeht.",
    "intro.subject": "Danke für die Vorstellung", "intro.open": "vielen Dank, dass du mich mit {names} bekannt gemacht hast.",
    "intro.close": "Wir haben am {day}, gesprochen, und das Gespräch hat mir sehr geholfen. Ich erzähle dir, was daraus wird.",
    "update.subject": "Neuigkeiten zu {company}", "update.subject.none": "Neuigkeiten zur Stelle, für die du mich empfohlen hast",
    "update.offer": "ich wollte dir erzählen, dass {company} mir die Stelle als {post} angeboten hat. Deine Empfehlung "
                    "hat viel bewirkt, und ich bin dir sehr dankbar.",
    "update.rejected": "ich wollte dir erzählen, dass {company} sich für die Stelle als {post} leider gegen mich "
                       "entschieden hat. Nochmals vielen Dank für deine Empfehlung und deine Unterstützung.",
    "update.withdrawn": "ich wollte dir erzählen, dass ich meine Bewerbung für die Stelle als {post} bei {company} "
                        "zurückgezogen habe. Nochmals vielen Dank für deine Empfehlung.",
    "update.close": "Ich hoffe, ich kann mich eines Tages revanchieren.",
    "follow.open": "ich hoffe, es geht Ihnen gut. Ich melde mich noch einmal zu unserem Gespräch {about} am {day}.",
    "follow.decision": "Sie hatten eine Entscheidung bis {date}, in Aussicht gestellt, daher wollte ich kurz nachfragen.",
    "follow.keen.any": "Die Stelle interessiert mich nach wie vor sehr.",
    "follow.ask": "Können Sie mir schon etwas zum weiteren Zeitplan sagen, oder kann ich Ihnen noch etwas zukommen lassen?",
    "follow2.open": "ich melde mich noch einmal wegen der {post_or_role}. Mir ist bewusst, dass solche Entscheidungen Zeit "
                    "brauchen, und ich möchte Ihr Postfach nicht überfüllen.",
    "follow2.offer": "Falls es hilft, sende ich Ihnen gern Referenzen oder Arbeitsproben, oder ich spreche mit weiteren "
                     "Personen aus dem Team.",
    "follow2.close": "Falls die Stelle bereits besetzt ist, wäre ich für eine kurze Nachricht dankbar; gern bleibe ich "
                     "für künftige Stellen in Kontakt.",
    "role.post_company": "Stelle als {post} bei {company}", "role.post": "Stelle als {post}", "role.company": "Stelle bei {company}",
    "role.none": "Stelle",
    "closing.open": "vielen Dank für Ihre Nachricht und für die Zeit, die Sie und das Team sich für mich genommen haben.",
    "closing.enjoyed.any": "Besonders gern erinnere ich mich an diesen Teil unseres Gesprächs: {x}.",
    "closing.door": "Auch wenn ich enttäuscht bin, würde ich mich freuen, bei künftigen Stellen{at_company} berücksichtigt "
                    "zu werden, und hoffe, dass wir in Kontakt bleiben.",
    "closing.at_company": " bei {company}",
    "closing.feedback": "Falls Sie eine Rückmeldung für mich haben, die mir weiterhilft, wäre ich Ihnen dankbar.",
    "list.and": "und",
    "the_company": "das Unternehmen",
}

FR = {
    "about.post_company": "au sujet du poste de {post} chez {company}", "about.post": "au sujet du poste de {post}",
    "about.company": "au sujet du poste chez {company}", "about.none": "",
    "open": ["Je vous remercie d'avoir pris le temps de me rencontrer le {day} {about}.",
             "Merci pour notre entretien du {day} {about}.",
             "Je vous remercie de votre temps le {day} et de notre échange {about}.",
             "J'ai beaucoup apprécié de pouvoir échanger avec vous le {day} {about}.",
             "Merci pour la conversation du {day} {about}."],
    "focus.any": ["J'ai particulièrement apprécié votre regard sur ce point : {x}.",
        "Un sujet me reste particulièrement en mémoire : {x}.",
        "Ce que vous avez dit sur ce sujet m'a été particulièrement utile : {x}.",
        "Votre point de vue sur ce sujet a été un temps fort pour moi : {x}.",
        "J'ai apprécié le temps que vous avez consacré à ce sujet : {x}."],
    "excited.any": ["J'ai beaucoup aimé cette partie de notre discussion : {x}.",
        "Le moment que j'ai préféré : {x}.",
        "Quel plaisir d'avoir pu aborder ce sujet : {x}.",
        "J'ai particulièrement aimé explorer ce sujet avec vous : {x}.",
        "Échanger avec vous sur ce sujet a été un plaisir : {x}."],
    "need.any": ["De notre échange, je retiens l'enjeu principal pour votre équipe : {x}.",
                 "Si je comprends bien, la priorité de l'équipe : {x}.", "Le besoin de l'équipe m'est apparu clairement : {x}.",
                 "Ce que je retiens surtout des besoins de l'équipe : {x}.", "L'objectif, tel que je le comprends : {x}."],
    "fit.any": ["{X}", "Cela rejoint ma propre expérience. {X}", "C'est un travail que je connais bien. {X}",
                "J'ai déjà mené ce type de travail. {X}", "C'est un terrain que je connais. {X}"],
    "fit.panel": ["Cela rejoint ma propre expérience. {X}", "C'est proche de ce que j'ai déjà fait. {X}",
                  "C'est une question que je connais par mon travail. {X}", "C'est un terrain que je connais. {X}"],
    "wish.any": ["Je voulais aussi ajouter ceci : {x}.", "Un point que je n'ai pas eu le temps d'aborder : {x}.",
                 "J'aimerais ajouter : {x}.", "Une chose que j'ai omis de dire : {x}.", "Un dernier point : {x}."],
    "wish.clause": ["Je voulais aussi ajouter {x}.",
        "Je n'ai pas eu le temps de dire {x}.",
        "J'aimerais ajouter {x}.",
        "J'ai omis de préciser {x}.",
        "Un dernier point : je voulais dire {x}."],  # the answer starts "dass …", "que …", "dat …"
    "personal.any": ["{X}"],
    "next.any": ["Je me réjouis de la prochaine étape : {x}.", "Pour la suite, si j'ai bien compris : {x}.",
                 "J'attends avec intérêt la suite : {x}."],
    "next.none": ["Je me réjouis d'avoir de vos nouvelles."],
    "checkin": "Sans nouvelles de votre part d'ici le {date}, je me permettrai de revenir vers vous.",
    "panel_close": ["J'espère que nous aurons l'occasion de travailler ensemble.", "Merci encore pour votre temps et vos questions.",
                    "Je poursuivrais volontiers cette conversation.", "J'espère que nos chemins se recroiseront bientôt.",
                    "Merci encore pour cet échange riche."],
    "signoff.formal": ["Bien cordialement,", "Cordialement,", "Bien à vous,", "Avec mes remerciements,", "Sincères salutations,"],
    "signoff.informal": ["À bientôt,", "Belle journée,", "Bien à vous,", "Cordialement,", "Merci encore,"],
    "subject.post_company": "Merci – entretien pour le poste de {post} chez {company}",
    "subject.post": "Merci – entretien pour le poste de {post} du {short}",
    "subject.company": "Merci – entretien chez {company} du {short}",
    "subject.none": "Merci pour notre entretien du {day}",
    "info.subject": "Merci pour votre temps et vos conseils",
    "info.open": ["Je vous remercie d'avoir pris le temps d'échanger avec moi le {day}.", "Merci pour notre conversation du {day}.",
                  "Un grand merci pour notre échange du {day}.", "J'ai beaucoup apprécié notre discussion du {day}.",
                  "Merci de m'avoir accordé de votre temps le {day}."],
    "advice.any": ["Votre conseil m'a été précieux : {x}.", "Je retiens tout particulièrement votre conseil : {x}.",
                   "Votre suggestion m'a été d'une grande aide : {x}.", "Je repense souvent à votre conseil : {x}.",
                   "Votre conseil me donne une prochaine étape claire : {x}."],
    "info.close": ["Je vous tiendrai au courant, et j'espère pouvoir vous rendre la pareille un jour.",
                   "Je vous dirai comment les choses évoluent ; j'espère pouvoir vous rendre la pareille.",
                   "Je vous tiendrai au courant de la suite, en espérant vous rendre la pareille un jour."],
    # the referrer: a friend or former colleague, "Bonjour Owen," and tu
    "ref.subject.company": "Merci pour ta recommandation auprès de {company}", "ref.subject.none": "Merci pour ta recommandation",
    "ref.open.post_company": "Merci d'avoir appuyé ma candidature au poste de {post} chez {company}.",
    "ref.open.company": "Merci d'avoir appuyé ma candidature auprès de {company}.",
    "ref.open.post": "Merci d'avoir appuyé ma candidature au poste de {post}.",
    "ref.open.none": "Merci pour ta recommandation.",
    "ref.met": "J'ai rencontré {names} le {day}.",
    "ref.close": "Merci pour ton soutien. Je te dirai comment cela se termine.",
    "intro.subject": "Merci pour la mise en relation", "intro.open": "Merci de m'avoir mis en relation avec {names}.",
    "intro.close": "Nous avons échangé le {day}, et c'était exactement la conversation dont j'avais besoin. Je te dirai ce qui en sortira.",
    "update.subject": "Des nouvelles de {company}", "update.subject.none": "Des nouvelles de ma candidature",
    "update.offer": "Je voulais te dire que {company} m'a proposé le poste de {post}. Ta recommandation a fait "
                    "la différence, et je t'en remercie vivement.",
    "update.rejected": "Je voulais te dire que {company} a décidé de ne pas retenir ma candidature pour le poste de "
                       "{post}. Merci encore pour ta recommandation et ton soutien.",
    "update.withdrawn": "Je voulais te dire que j'ai retiré ma candidature au poste de {post} chez {company}. "
                        "Merci encore pour ta recommandation.",
    "update.close": "J'espère pouvoir te rendre la pareille un jour.",
    "follow.open": "J'espère que vous allez bien. Je me permets de revenir vers vous suite à notre entretien du {day} {about}.",
    "follow.decision": "Vous aviez évoqué une décision d'ici le {date} ; je souhaitais donc prendre des nouvelles.",
    "follow.keen.any": "Le poste m'intéresse toujours vivement.",
    "follow.ask": "Pourriez-vous me dire où en est le processus, ou puis-je vous transmettre autre chose ?",
    "follow2.open": "Je reviens vers vous une dernière fois au sujet du {post_or_role}. Je comprends que ces décisions "
                    "prennent du temps et ne souhaite pas encombrer votre boîte de réception.",
    "follow2.offer": "Si cela peut vous aider, je vous enverrai volontiers des références ou des exemples de mon travail, "
                     "ou j'échangerai avec d'autres membres de l'équipe.",
    "follow2.close": "Si le poste a été pourvu, merci de me le faire savoir ; je resterais volontiers "
                     "en contact pour de futures opportunités.",
    "role.post_company": "poste de {post} chez {company}", "role.post": "poste de {post}", "role.company": "poste chez {company}",
    "role.none": "poste",
    "closing.open": "Merci pour votre message, et pour le temps que vous et l'équipe m'avez consacré.",
    "closing.enjoyed.any": "J'ai particulièrement apprécié d'en apprendre davantage sur ce sujet : {x}.",
    "closing.door": "Même si la nouvelle me déçoit, j'aimerais que ma candidature soit considérée pour de futurs "
                    "postes{at_company}, et j'espère que nous resterons en contact.",
    "closing.at_company": " chez {company}",
    "closing.feedback": "Si vous avez un retour qui pourrait m'aider, je l'accueillerais avec plaisir.",
    "list.and": "et",
    "the_company": "l'entreprise",
}

# Spanish: usted to the people met, tú to the referrer (the referral notes are informal).
ES = {
    "about.post_company": "sobre el puesto de {post} en {company}", "about.post": "sobre el puesto de {post}",
    "about.company": "sobre el puesto en {company}", "about.none": "",
    "open": ["Muchas gracias por dedicarme su tiempo el {day} para conversar {about}.",
             "Le agradezco la entrevista del {day} {about}.",
             "Gracias por recibirme el {day} y por la conversación {about}.",
             "Fue un placer conversar con usted el {day} {about}.",
             "Muchas gracias por la conversación del {day} {about}."],
    "focus.any": ["Me resultó especialmente valiosa su perspectiva sobre este tema: {x}.",
        "Sigo pensando en un tema en particular: {x}.",
        "Lo que dijo sobre este punto me pareció especialmente esclarecedor: {x}.",
        "Uno de los mejores momentos fue escuchar su opinión sobre este tema: {x}.",
        "Le agradezco el tiempo que dedicó a este tema: {x}."],
    "excited.any": ["Disfruté mucho de esta parte de nuestra conversación: {x}.",
        "La parte que más disfruté fue esta: {x}.",
        "Me alegró mucho poder hablar de este tema: {x}.",
        "Disfruté especialmente al hablar con usted de este tema: {x}.",
        "Fue un placer intercambiar ideas sobre este tema: {x}."],
    "need.any": ["De nuestra conversación me quedo con lo que más necesita su equipo: {x}.",
                 "Según entendí, la prioridad del equipo es esta: {x}.", "Me quedó clara la necesidad del equipo: {x}.",
                 "Lo que más retengo de las necesidades del equipo: {x}.", "El objetivo, tal como lo entiendo: {x}."],
    "fit.any": ["{X}", "Esto coincide con mi propia experiencia. {X}", "Es un trabajo que conozco bien. {X}",
                "Ya he realizado este tipo de trabajo. {X}", "Es un terreno que conozco. {X}"],
    "fit.panel": ["Esto coincide con mi propia experiencia. {X}", "Se parece mucho a lo que ya he hecho. {X}",
                  "Es una cuestión que conozco por mi trabajo. {X}", "Es un terreno que conozco. {X}"],
    "wish.any": ["Quería añadir lo siguiente: {x}.", "Un punto que no tuve tiempo de mencionar: {x}.",
                 "Me gustaría añadir: {x}.", "Algo que olvidé decir: {x}.", "Un último punto: {x}."],
    "wish.clause": ["Quería añadir {x}.",
        "No tuve tiempo de mencionar {x}.",
        "Me gustaría añadir {x}.",
        "Olvidé decir {x}.",
        "Un último punto: quería decir {x}."],  # the answer starts "dass …", "que …", "dat …"
    "personal.any": ["{X}"],
    "next.any": ["Quedo a la espera del siguiente paso: {x}.", "En cuanto a los próximos pasos, según entendí: {x}.",
                 "Espero con interés la siguiente etapa: {x}."],
    "next.none": ["Espero tener noticias suyas pronto."],
    "checkin": "Si no tengo noticias antes del {date}, me permitiré escribirle de nuevo.",
    "panel_close": ["Espero que tengamos la oportunidad de trabajar juntos.", "Gracias de nuevo por su tiempo y sus preguntas.",
                    "Con gusto continuaría esta conversación.", "Espero que nuestros caminos vuelvan a cruzarse pronto.",
                    "Gracias de nuevo por una conversación tan enriquecedora."],
    "signoff.formal": ["Atentamente,", "Saludos cordiales,", "Un cordial saludo,", "Con mi agradecimiento,", "Reciba un cordial saludo,"],
    "signoff.informal": ["Un saludo,", "Saludos,", "Hasta pronto,", "Muchas gracias,", "Gracias de nuevo,"],
    "subject.post_company": "Gracias – entrevista para el puesto de {post} en {company}",
    "subject.post": "Gracias – entrevista para el puesto de {post} del {short}",
    "subject.company": "Gracias – entrevista en {company} del {short}",
    "subject.none": "Gracias por la entrevista del {day}",
    "info.subject": "Gracias por su tiempo y sus consejos",
    "info.open": ["Muchas gracias por dedicarme su tiempo el {day}.", "Gracias por nuestra conversación del {day}.",
                  "Le agradezco mucho la charla del {day}.", "Disfruté mucho de nuestra conversación del {day}.",
                  "Gracias por concederme su tiempo el {day}."],
    "advice.any": ["Su consejo me ha sido muy valioso: {x}.", "Me quedo especialmente con su consejo: {x}.",
                   "Su sugerencia me ha ayudado mucho: {x}.", "Pienso a menudo en su consejo: {x}.",
                   "Su consejo me da un siguiente paso claro: {x}."],
    "info.close": ["Le mantendré al tanto, y espero poder devolverle el favor algún día.",
                   "Le contaré cómo evolucionan las cosas; ojalá pueda devolverle el favor.",
                   "Le iré contando cómo sigue todo, con la esperanza de devolverle el favor algún día."],
    "ref.subject.company": "Gracias por tu recomendación en {company}", "ref.subject.none": "Gracias por tu recomendación",
    "ref.open.post_company": "Gracias por recomendarme para el puesto de {post} en {company}.",
    "ref.open.company": "Gracias por recomendarme en {company}.",
    "ref.open.post": "Gracias por recomendarme para el puesto de {post}.",
    "ref.open.none": "Gracias por tu recomendación.",
    "ref.met": "El {day} me reuní con {names}.",
    "ref.close": "Gracias por tu apoyo. Te contaré cómo termina.",
    "intro.subject": "Gracias por la presentación", "intro.open": "Gracias por presentarme a {names}.",
    "intro.close": "Hablamos el {day}, y fue justo la conversación que necesitaba. Te contaré adónde me lleva.",
    "update.subject": "Novedades sobre {company}", "update.subject.none": "Novedades sobre el puesto para el que me recomendaste",
    "update.offer": "Quería contarte que {company} me ha ofrecido el puesto de {post}. Tu recomendación marcó la diferencia, "
                    "y te lo agradezco de corazón.",
    "update.rejected": "Quería contarte que {company} ha decidido no seguir adelante con mi candidatura para el puesto de "
                       "{post}. Gracias de nuevo por tu recomendación y tu apoyo.",
    "update.withdrawn": "Quería contarte que he retirado mi candidatura al puesto de {post} en {company}. "
                        "Gracias de nuevo por tu recomendación.",
    "update.close": "Espero poder devolverte el favor algún día.",
    "follow.open": "Espero que se encuentre bien. Le escribo en relación con nuestra entrevista del {day} {about}.",
    "follow.decision": "Mencionó que la decisión se tomaría antes del {date}, así que quería saber cómo va el proceso.",
    "follow.keen.any": "El puesto me sigue interesando mucho.",
    "follow.ask": "¿Podría indicarme en qué punto está el proceso, o si puedo enviarle algo más?",
    "follow2.open": "Le escribo una última vez en relación con el {post_or_role}. Entiendo que estas decisiones llevan "
                    "tiempo y no quiero saturar su bandeja de entrada.",
    "follow2.offer": "Si le resulta útil, con gusto le envío referencias o ejemplos de mi trabajo, o hablo con otras "
                     "personas del equipo.",
    "follow2.close": "Si el puesto ya se ha cubierto, le agradecería que me lo hiciera saber; me encantaría seguir en "
                     "contacto para futuras oportunidades.",
    "role.post_company": "puesto de {post} en {company}", "role.post": "puesto de {post}", "role.company": "puesto en {company}",
    "role.none": "puesto",
    "closing.open": "Gracias por su mensaje y por el tiempo que usted y el equipo me han dedicado.",
    "closing.enjoyed.any": "Me gustó especialmente conocer más sobre este tema: {x}.",
    "closing.door": "Aunque la noticia me decepciona, me gustaría que se me tuviera en cuenta para futuros "
                    "puestos{at_company}, y espero que sigamos en contacto.",
    "closing.at_company": " en {company}",
    "closing.feedback": "Si tiene algún comentario que pueda ayudarme, lo recibiré con mucho gusto.",
    "list.and": "y",
    "the_company": "la empresa",
}

# Brazilian Portuguese with você. No "obrigado/a" (it agrees with the writer, whom the table does not know), and the
# day as "no dia 3 de dezembro" (the weekday's article would change with the day).
PT = {
    "about.post_company": "sobre a vaga de {post} na empresa {company}", "about.post": "sobre a vaga de {post}",
    "about.company": "sobre a vaga na empresa {company}", "about.none": "",
    "open": ["Agradeço muito pelo tempo que você dedicou à nossa conversa no dia {short} {about}.",
             "Agradeço pela entrevista do dia {short} {about}.",
             "Agradeço por me receber no dia {short} e pela conversa {about}.",
             "Foi um prazer conversar com você no dia {short} {about}.",
             "Quero agradecer pela conversa do dia {short} {about}."],
    "focus.any": ["Achei especialmente valiosa a sua visão sobre este tema: {x}.",
        "Continuo pensando em um tema em particular: {x}.",
        "O que você comentou sobre este ponto foi muito esclarecedor para mim: {x}.",
        "Um dos pontos altos foi ouvir a sua opinião sobre este tema: {x}.",
        "Agradeço o tempo que você dedicou a este tema: {x}."],
    "excited.any": ["Gostei muito desta parte da nossa conversa: {x}.",
        "A parte de que mais gostei foi esta: {x}.",
        "Fiquei muito contente por podermos falar deste tema: {x}.",
        "Gostei especialmente de conversar com você sobre este tema: {x}.",
        "Foi um prazer trocar ideias sobre este tema: {x}."],
    "need.any": ["Da nossa conversa, ficou claro para mim do que a equipe mais precisa: {x}.",
                 "Pelo que entendi, a prioridade da equipe é esta: {x}.", "Ficou clara para mim a necessidade da equipe: {x}.",
                 "O que mais guardo sobre as necessidades da equipe: {x}.", "O objetivo, como eu o entendo: {x}."],
    "fit.any": ["{X}", "Isso está alinhado com a minha experiência. {X}", "É um trabalho que conheço bem. {X}",
                "Já fiz esse tipo de trabalho. {X}", "É um terreno que conheço. {X}"],
    "fit.panel": ["Isso está alinhado com a minha experiência. {X}", "É muito parecido com o que já fiz. {X}",
                  "É uma questão que conheço do meu trabalho. {X}", "É um terreno que conheço. {X}"],
    "wish.any": ["Queria acrescentar o seguinte: {x}.", "Um ponto que não tive tempo de mencionar: {x}.",
                 "Gostaria de acrescentar: {x}.", "Algo que esqueci de dizer: {x}.", "Um último ponto: {x}."],
    "wish.clause": ["Queria acrescentar {x}.",
        "Não tive tempo de mencionar {x}.",
        "Gostaria de acrescentar {x}.",
        "Esqueci de dizer {x}.",
        "Um último ponto: queria dizer {x}."],  # the answer starts "dass …", "que …", "dat …"
    "personal.any": ["{X}"],
    "next.any": ["Fico no aguardo da próxima etapa: {x}.", "Quanto aos próximos passos, pelo que entendi: {x}.",
                 "Aguardo com interesse a próxima etapa: {x}."],
    "next.none": ["Fico no aguardo do seu retorno."],
    "checkin": "Se eu não tiver notícias até {date}, tomo a liberdade de entrar em contato novamente.",
    "panel_close": ["Espero que tenhamos a oportunidade de trabalhar juntos.", "Agradeço mais uma vez pelo seu tempo e pelas suas perguntas.",
                    "Teria muito prazer em continuar esta conversa.", "Espero que nossos caminhos se cruzem novamente em breve.",
                    "Agradeço mais uma vez pela ótima conversa."],
    "signoff.formal": ["Atenciosamente,", "Cordialmente,", "Saudações cordiais,", "Com meus agradecimentos,", "Um cordial abraço,"],
    "signoff.informal": ["Abraços,", "Um abraço,", "Até breve,", "Atenciosamente,", "Grande abraço,"],
    "subject.post_company": "Agradecimento pela entrevista – {post}, {company}",
    "subject.post": "Agradecimento pela entrevista – {post}, {short}",
    "subject.company": "Agradecimento pela entrevista – {company}, {short}",
    "subject.none": "Agradecimento pela entrevista do dia {short}",
    "info.subject": "Agradeço pelo seu tempo e pelos conselhos",
    "info.open": ["Agradeço muito pelo tempo que você me dedicou no dia {short}.", "Agradeço pela nossa conversa do dia {short}.",
                  "Foi muito bom conversar com você no dia {short}.", "Gostei muito da nossa conversa do dia {short}.",
                  "Quero agradecer pelo tempo que você me concedeu no dia {short}."],
    "advice.any": ["O seu conselho foi muito valioso para mim: {x}.", "Guardo especialmente o seu conselho: {x}.",
                   "A sua sugestão me ajudou muito: {x}.", "Penso com frequência no seu conselho: {x}.",
                   "O seu conselho me deu um próximo passo claro: {x}."],
    "info.close": ["Vou contando como as coisas evoluem, e espero poder retribuir o favor um dia.",
                   "Conto para você como as coisas andarem; espero poder retribuir um dia.",
                   "Darei notícias sobre os próximos passos, na esperança de retribuir o favor algum dia."],
    "ref.subject.company": "Agradeço pela indicação – {company}", "ref.subject.none": "Agradeço pela indicação",
    "ref.open.post_company": "Agradeço por me indicar para a vaga de {post} na empresa {company}.",
    "ref.open.company": "Agradeço por me indicar para a empresa {company}.",
    "ref.open.post": "Agradeço por me indicar para a vaga de {post}.",
    "ref.open.none": "Agradeço pela sua indicação.",
    "ref.met": "No dia {short}, conversei com {names}.",
    "ref.close": "Agradeço pelo apoio. Assim que tiver novidades, conto para você.",
    "intro.subject": "Agradeço pela apresentação", "intro.open": "Agradeço por me apresentar a {names}.",
    "intro.close": "Conversamos no dia {short}, e foi exatamente a conversa de que eu precisava. Depois conto para você no que deu.",
    "update.subject": "Novidades sobre a vaga na empresa {company}",
    "update.subject.none": "Novidades sobre a vaga para a qual você me indicou",
    "update.offer": "Queria contar que recebi uma proposta para a vaga de {post}{at_company}. A sua indicação fez toda a "
                    "diferença, e agradeço muito por isso.",
    "update.rejected": "Queria contar que a minha candidatura para a vaga de {post}{at_company} não seguiu adiante. "
                       "Agradeço mais uma vez pela indicação e pelo apoio.",
    "update.withdrawn": "Queria contar que retirei a minha candidatura para a vaga de {post}{at_company}. "
                        "Agradeço mais uma vez pela indicação.",
    "update.close": "Espero poder retribuir o favor um dia.",
    "follow.open": "Espero que esteja tudo bem com você. Escrevo para dar seguimento à nossa entrevista do dia {short} {about}.",
    "follow.decision": "Você comentou que a decisão sairia até {date}, então gostaria de saber como está o processo.",
    "follow.keen.any": "Continuo com muito interesse na vaga.",
    "follow.ask": "Você poderia me dizer em que etapa está o processo, ou se posso enviar mais alguma informação?",
    "follow2.open": "Escrevo uma última vez sobre a {post_or_role}. Entendo que essas decisões levam tempo e não quero "
                    "lotar a sua caixa de entrada.",
    "follow2.offer": "Se ajudar, posso enviar referências ou exemplos do meu trabalho, ou conversar com outras pessoas da equipe.",
    "follow2.close": "Se a vaga já tiver sido preenchida, agradeço se puder me avisar; gostaria muito de manter contato "
                     "para futuras oportunidades.",
    "role.post_company": "vaga de {post} na empresa {company}", "role.post": "vaga de {post}",
    "role.company": "vaga na empresa {company}", "role.none": "vaga",
    "closing.open": "Agradeço pela mensagem e pelo tempo que você e a equipe me dedicaram.",
    "closing.enjoyed.any": "Gostei especialmente de conhecer mais sobre este tema: {x}.",
    "closing.door": "Embora a notícia seja decepcionante, tenho interesse em futuras vagas{at_company} e espero que "
                    "possamos manter contato.",
    "closing.at_company": " na empresa {company}",
    "closing.feedback": "Se você tiver algum retorno que possa me ajudar, ele será muito bem-vindo.",
    "list.and": "e",
    "the_company": "a empresa",
}

# Dutch: u to the people met, je to the referrer.
NL = {
    "about.post_company": "over de functie van {post} bij {company}", "about.post": "over de functie van {post}",
    "about.company": "over de functie bij {company}", "about.none": "",
    "open": ["Hartelijk dank dat u op {day} de tijd nam voor het gesprek {about}.",
             "Dank u wel voor het gesprek van {day} {about}.",
             "Bedankt voor uw tijd op {day} en voor het gesprek {about}.",
             "Ik vond het erg prettig om op {day} met u te spreken {about}.",
             "Veel dank voor het gesprek op {day} {about}."],
    "focus.any": ["Vooral uw kijk op dit onderwerp vond ik waardevol: {x}.",
        "Eén onderwerp is me in het bijzonder bijgebleven: {x}.",
        "Uw toelichting op dit punt vond ik bijzonder verhelderend: {x}.",
        "Een hoogtepunt was voor mij uw visie op dit onderwerp: {x}.",
        "Ik waardeer het dat u de tijd nam voor dit onderwerp: {x}."],
    "excited.any": ["Dit deel van ons gesprek vond ik erg leuk: {x}.",
        "Het leukste deel vond ik dit: {x}.",
        "Ik vond het fijn dat we over dit onderwerp konden praten: {x}.",
        "Vooral dit gesprek heb ik met plezier gevoerd: {x}.",
        "Het was een genoegen om hierover van gedachten te wisselen: {x}."],
    "need.any": ["Uit ons gesprek heb ik vooral meegenomen waar uw team behoefte aan heeft: {x}.",
                 "Zoals ik het begrijp, heeft dit voor het team prioriteit: {x}.", "Het werd mij duidelijk wat het team nodig heeft: {x}.",
                 "Wat me vooral is bijgebleven over de behoeften van het team: {x}.", "Het doel, zoals ik het begrijp: {x}."],
    "fit.any": ["{X}", "Dat sluit aan bij mijn eigen ervaring. {X}", "Dit werk ken ik goed. {X}",
                "Dit soort werk heb ik eerder gedaan. {X}", "Dit is terrein dat ik ken. {X}"],
    "fit.panel": ["Dat sluit aan bij mijn eigen ervaring. {X}", "Het lijkt sterk op wat ik eerder heb gedaan. {X}",
                  "Dit vraagstuk ken ik uit mijn werk. {X}", "Dit is terrein dat ik ken. {X}"],
    "wish.any": ["Ik wil daar graag nog iets aan toevoegen: {x}.", "Een punt waar ik niet aan toe kwam: {x}.",
                 "Graag voeg ik nog toe: {x}.", "Iets wat ik vergat te zeggen: {x}.", "Nog een laatste punt: {x}."],
    "wish.clause": ["Ik wil nog graag toevoegen {x}.",
        "Ik kwam er niet aan toe te zeggen {x}.",
        "Graag voeg ik nog toe {x}.",
        "Ik vergat te zeggen {x}.",
        "Nog een laatste punt: ik wilde zeggen {x}."],  # the answer starts "dass …", "que …", "dat …"
    "personal.any": ["{X}"],
    "next.any": ["Ik kijk uit naar de volgende stap: {x}.", "Wat de vervolgstappen betreft, als ik het goed begrepen heb: {x}.",
                 "Ik zie de volgende stap met belangstelling tegemoet: {x}."],
    "next.none": ["Ik hoor graag van u."],
    "checkin": "Mocht ik vóór {date} niets van u hebben gehoord, dan neem ik nog even contact met u op.",
    "panel_close": ["Ik hoop dat we de kans krijgen om samen te werken.", "Nogmaals dank voor uw tijd en uw vragen.",
                    "Ik zet dit gesprek graag voort.", "Ik hoop dat onze wegen elkaar snel weer kruisen.",
                    "Nogmaals dank voor het inspirerende gesprek."],
    "signoff.formal": ["Met vriendelijke groet,", "Met hartelijke groet,", "Vriendelijke groeten,", "Met dank en vriendelijke groet,",
                       "Hartelijke groeten,"],
    "signoff.informal": ["Groeten,", "Hartelijke groet,", "Tot snel,", "Met vriendelijke groet,", "Nogmaals bedankt,"],
    "subject.post_company": "Bedankt – sollicitatiegesprek voor {post} bij {company}",
    "subject.post": "Bedankt – sollicitatiegesprek voor {post} op {short}",
    "subject.company": "Bedankt – sollicitatiegesprek bij {company} op {short}",
    "subject.none": "Bedankt voor het gesprek van {day}",
    "info.subject": "Bedankt voor uw tijd en advies",
    "info.open": ["Hartelijk dank dat u op {day} de tijd voor mij nam.", "Dank u wel voor ons gesprek van {day}.",
                  "Veel dank voor het gesprek op {day}.", "Ik heb erg genoten van ons gesprek op {day}.",
                  "Bedankt dat u op {day} tijd voor me vrijmaakte."],
    "advice.any": ["Uw advies was voor mij erg waardevol: {x}.", "Vooral dit advies neem ik mee: {x}.",
                   "Uw suggestie heeft me echt geholpen: {x}.", "Ik denk nog vaak aan uw advies: {x}.",
                   "Uw advies geeft me een duidelijke volgende stap: {x}."],
    "info.close": ["Ik houd u op de hoogte, en hoop ooit iets terug te kunnen doen.",
                   "Ik laat u weten hoe het verdergaat; hopelijk kan ik ooit iets terugdoen.",
                   "Ik houd u op de hoogte van het vervolg, in de hoop ooit iets terug te kunnen doen."],
    "ref.subject.company": "Bedankt voor je aanbeveling bij {company}", "ref.subject.none": "Bedankt voor je aanbeveling",
    "ref.open.post_company": "Bedankt dat je me hebt aanbevolen voor de functie van {post} bij {company}.",
    "ref.open.company": "Bedankt dat je me hebt aanbevolen bij {company}.",
    "ref.open.post": "Bedankt dat je me hebt aanbevolen voor de functie van {post}.",
    "ref.open.none": "Bedankt voor je aanbeveling.",
    "ref.met": "Op {day} heb ik gesproken met {names}.",
    "ref.close": "Bedankt voor je steun. Ik laat je weten hoe het afloopt.",
    "intro.subject": "Bedankt voor de introductie", "intro.open": "Bedankt dat je me in contact hebt gebracht met {names}.",
    "intro.close": "We spraken elkaar op {day}, en het was precies het gesprek dat ik nodig had. Ik laat je weten waar het toe leidt.",
    "update.subject": "Nieuws over {company}", "update.subject.none": "Nieuws over de functie waarvoor je me hebt aanbevolen",
    "update.offer": "Ik wilde je laten weten dat {company} me de functie van {post} heeft aangeboden. Jouw aanbeveling heeft "
                    "het verschil gemaakt, en daar ben ik je erg dankbaar voor.",
    "update.rejected": "Ik wilde je laten weten dat {company} heeft besloten niet verder te gaan met mijn sollicitatie voor "
                       "de functie van {post}. Nogmaals bedankt voor je aanbeveling en je steun.",
    "update.withdrawn": "Ik wilde je laten weten dat ik mijn sollicitatie voor de functie van {post} bij {company} heb "
                        "ingetrokken. Nogmaals bedankt voor je aanbeveling.",
    "update.close": "Ik hoop ooit iets voor je terug te kunnen doen.",
    "follow.open": "Ik hoop dat het goed met u gaat. Ik kom graag terug op ons gesprek van {day} {about}.",
    "follow.decision": "U noemde dat er vóór {date} een beslissing zou vallen, dus ik wilde even informeren hoe het ervoor staat.",
    "follow.keen.any": "Ik ben nog steeds erg geïnteresseerd in de functie.",
    "follow.ask": "Kunt u mij laten weten hoe het proces ervoor staat, of kan ik u nog iets toesturen?",
    "follow2.open": "Ik neem nog één keer contact op over de {post_or_role}. Ik begrijp dat zulke beslissingen tijd kosten "
                    "en wil uw inbox niet onnodig belasten.",
    "follow2.offer": "Als het helpt, stuur ik graag referenties of voorbeelden van mijn werk, of spreek ik met andere leden "
                     "van het team.",
    "follow2.close": "Mocht de functie al vervuld zijn, dan hoor ik dat graag; ik blijf graag in contact voor toekomstige "
                     "mogelijkheden.",
    "role.post_company": "functie van {post} bij {company}", "role.post": "functie van {post}",
    "role.company": "functie bij {company}", "role.none": "functie",
    "closing.open": "Dank u wel voor uw bericht, en voor de tijd die u en het team voor mij hebben vrijgemaakt.",
    "closing.enjoyed.any": "Ik vond het vooral interessant om meer te horen over dit onderwerp: {x}.",
    "closing.door": "Hoewel ik het jammer vind, kom ik graag in aanmerking voor toekomstige functies{at_company}, en ik "
                    "hoop dat we contact houden.",
    "closing.at_company": " bij {company}",
    "closing.feedback": "Als u feedback heeft die mij verder kan helpen, hoor ik dat graag.",
    "list.and": "en",
    "the_company": "het bedrijf",
}

TABLES: dict[str, dict[str, Any]] = {"en": EN, "de": DE, "fr": FR, "es": ES, "pt": PT, "nl": NL}  # a template or variants


class Writer:
    """The notes of one interview in one language: ``post`` and ``company`` from the invitation (or the debrief)."""

    def __init__(self, lang: str, *, company: str, post: str, day: datetime, zone: tzinfo, formal: bool):
        self.lang = language_of(lang)
        self.w = TABLES[self.lang]
        self.company = company
        self.post = post
        self.zone = zone
        self.formal = formal
        self.day = day_words(day, zone, self.lang)
        self.short = day_words(day, zone, self.lang, short=True)

    # -- reading answers in this language

    def piece(self, kind: str, text: str, reader: str = "") -> ph.Piece:
        """``text`` read as a piece of ``kind``; ``reader`` names the person the note is to (a personal touch about
        them, naming them, is written to them)."""
        if self.lang != "en":
            t = ph.tidy(text, self.w["list.and"])
            clause = re.match(r"(?:dass|daß|que|qu'|dat|that)\b", t, re.I)  # a clause: "Ergänzen möchte ich noch, dass …"
            return ph.Piece(t, "clause" if clause and t else "any" if t else "empty")
        if kind == "personal":
            return ph.personal(text, reader)
        return {"topic": ph.topic, "need": ph.need, "fit": ph.evidence, "wish": ph.wish, "personal": ph.personal,
                "next": ph.next_step, "advice": ph.advice, "will_do": ph.will_do}[kind](text)

    def frame(self, slot: str, piece: ph.Piece, i: int) -> str:
        if not piece:
            return ""
        kind = "to" if piece.kind == "to_bare" else piece.kind
        text = "to " + piece.text if piece.kind == "to_bare" else piece.text
        options = self.w.get(f"{slot}.{kind}") or self.w.get(f"{slot}.any") or ["{X}"]
        options = [options] if isinstance(options, str) else options
        return self.fill(pick(options, i), x=text, X=ph.sentence(text) if self.lang == "en" else _sentence(text))

    def fill(self, template: str, **values) -> str:
        if self.lang == "en" and american(self.zone):
            template = template.replace("favour", "favor")  # the frames' one British spelling
        base = {"day": self.day, "short": self.short, "post": self.post, "company": self.company, "about": self.about()}
        text = template.format(**{**base, **values})
        text = re.sub(r"\s+", " ", text).strip()
        if self.lang == "fr":  # "le poste de Ingénieur" -> "d'Ingénieur"
            text = _FR_ELISION.sub(lambda m: m.group(1)[0] + "'" + m.group(2), text)
        return re.sub(r"\s+([.,])", r"\1", text)

    def about(self) -> str:
        which = "post_company" if self.post and self.company else "post" if self.post else "company" if self.company else "none"
        return self.w[f"about.{which}"].format(post=self.post, company=self.company)

    def _which(self) -> str:
        return "post_company" if self.post and self.company else "post" if self.post else "company" if self.company else "none"

    def subject(self) -> str:
        return self.fill(self.w[f"subject.{self._which()}"])

    def signoff(self, i: int) -> str:
        return pick(self.w["signoff.formal" if self.formal else "signoff.informal"], i)

    def greet(self, name: str, honorific: str, formal: bool | None = None) -> str:
        return greeting(self.lang, name, honorific, self.formal if formal is None else formal)

    # -- the notes

    def thank_you(self, r: Reader, a: dict, checkin: datetime | None) -> Note:
        i = r.index
        focus = self.piece("topic", r.focus)
        excited = self.piece("topic", a.get("excited", ""))
        first = [self.fill(pick(self.w["open"], i)), self.frame("focus", focus, i)]
        if excited and not focus:  # the reader's own topic wins: the moment may have been with someone else
            line = self.frame("excited", excited, i)
            first.append(line if self.lang != "en" else line.replace(" also ", " "))
        need = self.piece("need", a.get("problems", ""))
        fit = self.piece("fit", a.get("fit", ""))
        second: list[str] = []
        if r.primary:
            second += [self.frame("need", need, i), self.frame("fit", fit, i),
                       self.frame("wish", self.piece("wish", a.get("wish_said", "")), i)]
        elif not focus:  # a panelist's note is about their own topic; without one, one shared point, not the whole case
            if fit and (i % 2 == 0 or not need):
                slot = "fit.panel_topic" if fit.kind == "topic" and "fit.panel_topic" in self.w else "fit.panel"
                told = _sentence(fit.text) if self.lang != "en" else ph.sentence(fit.text)
                told = re.split(r"(?<=[.!?])\s+(?=[A-ZÀ-Ý])", told)[0]  # the first point of the case, not all of it
                told = ph.capital(re.sub(r"^My background speaks to that: ", "", told))
                second.append(self.fill(pick(self.w[slot], i - 1), x=fit.text, X=told))
            else:
                second.append(self.frame("need", need, i))
        third = [self.frame("personal", self.piece("personal", r.personal, r.name), i)]
        if r.primary:
            third.append(self.frame("personal", self.piece("personal", a.get("personal", ""), r.name), i + 1) if not r.personal else "")
            nxt = self.piece("next", a.get("next_step", ""))
            third.append(self.frame("next", nxt, i) if nxt else pick(self.w["next.none"], i))
            if checkin is not None:
                third.append(self.fill(self.w["checkin"], date=day_words(checkin, self.zone, self.lang)))
        else:
            third.append(pick(self.w["panel_close"], i - 1))
        return Note(self.subject(), self.greet(r.name, r.honorific), _paragraphs(first, second, third), self.signoff(i))

    def informational(self, r: Reader, a: dict) -> Note:
        i = r.index
        focus = self.piece("topic", r.focus)
        excited = self.piece("topic", a.get("excited", ""))
        first = [self.fill(pick(self.w["info.open"], i)), self.frame("advice", self.piece("advice", a.get("advice", "")), i)]
        extra = focus or excited
        if extra:
            first.append(self.frame("focus" if focus else "excited", extra, i + 1))
        personal = r.personal or (a.get("personal", "") if r.primary else "")
        second = [self.frame("will_do", self.piece("will_do", a.get("will_do", "")), i),
                  self.frame("personal", self.piece("personal", personal, r.name), i)]
        third = [self.fill(pick(self.w["info.close"], i))]
        return Note(self.fill(self.w["info.subject"]), self.greet(r.name, r.honorific), _paragraphs(first, second, third),
                    self.signoff(i))

    def referral(self, r: Reader, met_names: list[str], intro: bool = False) -> Note:
        """The thank-you to whoever referred the user; ``intro``: they introduced the user for a career chat,
        which is no referral to a post."""
        if intro and met_names:
            whom = ph.join([parse_name(n, "", self.lang).full or n if "," in n else n for n in met_names], self.w["list.and"])
            return Note(self.fill(self.w["intro.subject"]), self.greet(r.name, "", formal=False),
                        _paragraphs([self.fill(self.w["intro.open"], names=whom)], [self.fill(self.w["intro.close"])]),
                        pick(self.w["signoff.informal"], 0))
        which = self._which()
        subject = self.fill(self.w["ref.subject.company" if self.company else "ref.subject.none"])
        first = [self.fill(self.w[f"ref.open.{which}"])]
        if met_names:  # "Lindqvist, Karin" (Outlook order) is written "Karin Lindqvist"
            names = [parse_name(n, "", self.lang).full or n if "," in n else n for n in met_names]
            first.append(self.fill(self.w["ref.met"], names=ph.join(names, self.w["list.and"])))
        return Note(subject, self.greet(r.name, "", formal=False), _paragraphs(first, [self.w["ref.close"]]),
                    pick(self.w["signoff.informal"], 0))  # a friend's note: "Hallo Katrin," ... "Viele Grüße,"

    def referral_update(self, r: Reader, outcome: str) -> Note:
        subject = self.fill(self.w["update.subject" if self.company else "update.subject.none"])
        template = self.w[f"update.{outcome}"]
        if not self.post:  # "the role", "die Stelle", "le poste", "de functie": not "the role role"
            template = re.sub(r"(?: als| de| van)? \{post\}", "", template)
        at = self.w["closing.at_company"].format(company=self.company) if self.company else ""
        text = self.fill(template, company=self.company or self.w["the_company"], at_company=at)
        return Note(subject, self.greet(r.name, "", formal=False), _paragraphs([text], [self.fill(self.w["update.close"])]),
                    pick(self.w["signoff.informal"], 0))

    def followup(self, r: Reader, a: dict, number: int, thread_subject: str, decision: datetime | None) -> Note:
        if number == 1:
            first = [self.fill(self.w["follow.open"])]
            if decision is not None:
                first.append(self.fill(self.w["follow.decision"], date=day_words(decision, self.zone, self.lang)))
            need = self.piece("need", a.get("problems", ""))
            kind = need.kind if f"follow.keen.{need.kind}" in self.w else "any"
            first.append(self.fill(self.w[f"follow.keen.{kind}"], x=need.text))
            paragraphs = _paragraphs(first, [self.w["follow.ask"]])
        else:
            role = self.w[f"role.{self._which()}"].format(post=self.post, company=self.company)
            paragraphs = _paragraphs([self.fill(self.w["follow2.open"], post_or_role=role)], [self.w["follow2.offer"]],
                                     [self.w["follow2.close"]])
        return Note(_re(thread_subject), self.greet(r.name, r.honorific), paragraphs, self.signoff(0))

    def closing(self, r: Reader, a: dict, thread_subject: str) -> Note:
        topic = self.piece("topic", r.focus or a.get("excited", ""))
        first = [self.w["closing.open"], self.frame("closing.enjoyed", topic, 0)]
        at = self.w["closing.at_company"].format(company=self.company) if self.company else ""
        second = [self.fill(self.w["closing.door"], at_company=at), self.w["closing.feedback"]]
        return Note(_re(thread_subject), self.greet(r.name, r.honorific), _paragraphs(first, second), self.signoff(0))


_FR_ELISION = re.compile(r"\b(de|que) ([aeiouyàâéèêëîïôûAEIOUYÀÂÉÈÊËÎÏÔÛ])")


def _re(subject: str) -> str:
    subject = re.sub(r"^(?:re|aw|sv|antw|r|rif)\s*:\s*", "", subject or "", flags=re.I)
    return "Re: " + subject


def _sentence(text: str) -> str:
    """A sentence in any language: capital first, a full stop last (a question or exclamation kept)."""
    return ph.end(ph.capital(" ".join(text.split())))


def _paragraphs(*groups: list[str]) -> list[str]:
    return [p for p in (" ".join(s for s in g if s) for g in groups) if p]


#: Which reading and slot each debrief answer goes through (the phrasing table and the web's live preview).
FIELD_SLOTS = {"excited": ("topic", "excited"), "focus": ("topic", "focus"), "problems": ("need", "need"),
               "fit": ("fit", "fit"), "wish_said": ("wish", "wish"), "personal": ("personal", "personal"),
               "next_step": ("next", "next"), "advice": ("advice", "advice"), "will_do": ("will_do", "will_do")}


def field_sentence(writer: Writer, field: str, text: str, i: int = 0, reader: str = "") -> str:
    """The sentence one answer becomes in the primary contact's note (``i`` picks another reader's wording; ``reader``
    is that contact's name)."""
    reading, slot = FIELD_SLOTS[field]
    return writer.frame(slot, writer.piece(reading, text, reader), i)
