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
from daemon.core.wording import de as _de, en as _en, es as _es, fr as _fr, nl as _nl, pt as _pt

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
    if lang not in ("es", "pt", "de", "fr") and n.honorific in _FEMININE:  # "Dra." is "Dr." where titles do not agree
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
    if n.honorific in ("dra", "profa") and n.family:  # a woman's title, as Spanish or Portuguese write it
        return f"Sehr geehrte Frau {'Dr.' if n.honorific == 'dra' else 'Prof.'} {n.family},"
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
    if n.honorific in ("ms", "mrs", "dra", "profa"):
        return f"Bonjour Madame {n.family or n.full},"
    if n.honorific == "prof" and n.family:
        return f"Bonjour Professeur {n.family},"
    return f"Bonjour {n.full},"  # "Dr" is not written to a doctor of philosophy in French


#: Spanish, Portuguese and Dutch address: (no name known, with a title, without one, the titles). Neutral unless
#: the user chose a title: no "Estimado/a", no "Prezado(a)"; "Dra."/"Profa." where the language makes titles agree.
_TITLED = {
    "es": ("Hola:", "{title} {family}:", "Hola, {name}:",
           {"mr": "Estimado Sr.", "ms": "Estimada Sra.", "mrs": "Estimada Sra.", "dr": "Estimado Dr.",
            "dra": "Estimada Dra.", "prof": "Estimado profesor", "profa": "Estimada profesora"}),
    "pt": ("Olá,", "{title} {family},", "Olá, {name},",
           {"mr": "Prezado Sr.", "ms": "Prezada Sra.", "mrs": "Prezada Sra.", "dr": "Prezado Dr.",
            "dra": "Prezada Dra.", "prof": "Prezado Prof.", "profa": "Prezada Profa."}),
    "nl": ("Goedendag,", "Beste {title} {family},", "Beste {name},",  # "Beste" is the Dutch "Dear" and "Hi" alike
           {"mr": "heer", "ms": "mevrouw", "mrs": "mevrouw", "dr": "dr.", "prof": "prof."}),
}


def _titled_greeting(lang: str):
    empty, titled, plain, titles = _TITLED[lang]

    def greet(n: Name, formal: bool) -> str:
        if not n.full:
            return empty
        family = n.family
        if lang == "nl" and family:  # "heer Van der Berg": no first name before the particle
            family = family[:1].upper() + family[1:]
        title = titles.get(n.honorific)
        if formal and title and family:
            return titled.format(title=title, family=family)
        return plain.format(name=n.full if formal else n.given or n.family)

    return greet


GREETINGS = {"en": _en_greeting, "de": _de_greeting, "fr": _fr_greeting, "es": _titled_greeting("es"),
             "pt": _titled_greeting("pt"), "nl": _titled_greeting("nl")}


# -- frames ----------------------------------------------------------------------------------------
# Each slot has several wordings; reader i takes wording i. "{x}" is the answer's piece. A key
# "slot.kind" is used for a piece of that kind (daemon.core.phrasing), else "slot.any". One module per
# language in daemon/core/wording/.

EN, DE, FR, ES, PT, NL = _en.TABLE, _de.TABLE, _fr.TABLE, _es.TABLE, _pt.TABLE, _nl.TABLE

TABLES: dict[str, dict[str, Any]] = {"en": EN, "de": DE, "fr": FR, "es": ES, "pt": PT, "nl": NL}  # a template or variants


class Writer:
    """The notes of one interview in one language: ``post`` and ``company`` from the invitation (or the debrief)."""

    def __init__(self, lang: str, *, company: str, post: str, day: datetime, zone: tzinfo, formal: bool):
        self.lang = language_of(lang)
        table = TABLES[self.lang]
        # first names: the language's informal wordings where it has them (German "du")
        self.w = table if formal else {**table, **table.get("informal", {})}
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
        if self.lang == "fr":  # "le poste de Ingénieur" -> "d'Ingénieur"; a no-break space before : ; ? !
            text = _FR_ELISION.sub(lambda m: m.group(1)[0] + "'" + m.group(2), text)
            text = re.sub(r" ([:;?!»])", "\u00a0\\1", text).replace("« ", "«\u00a0")
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
            third.append(self.frame("next", nxt, i) if nxt else "" if checkin is not None else pick(self.w["next.none"], i))
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
