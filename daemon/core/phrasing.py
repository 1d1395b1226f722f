"""Answers as people type them, made into the pieces of careful English sentences.

A debrief answer is typed in a hurry: a clause where a topic was asked for ("their nightly batch
misses the SLA"), a fragment ("that I have led an on-call rotation"), a bare verb ("cut alert
noise"), a list, lower case, a trailing full stop, "they" for the person the note is written to.
Each function here reads one kind of answer and says what it is (a topic, a clause, an
infinitive, a sentence...), so that the note can pick a frame that fits it. No function invents
content: it only drops lead-ins that belong to the debrief ("they got excited when I talked
about ...") and turns "they"/"she" into "you" when the note is written to that person.

English only; other languages get :func:`tidy` (spacing, lists, capitals, final punctuation).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

# Words that open a noun phrase or a sentence in lower case; anything else typed with a capital
# (Kafka, SQL, Acme) keeps it.
_FUNCTION = set(
    """a an the this that these those my our your their his her its some any each every all both no one two three four
    five six seven eight nine ten several many more most much few lots plenty
    i we you they he she it there here what how why when where which who whether if because since so as
    to for of on in at by with about from into onto over under after before during without within
    and or but not also just really very quite actually basically mostly only maybe perhaps probably
    getting making building moving running cutting reducing improving scaling hiring fixing finding growing
    being having doing another other every each""".split()
)
_DETERMINERS = set("a an the this that these those my our your their his her its some any each every no another other".split())
_QUANTITY = re.compile(r"^(\d+[\w%+.,]*|one|two|three|four|five|six|seven|eight|nine|ten|several|many|few|a few|lots)\b")
# Common verbs in their base form: a phrase starting with one of them is an action ("cut alert noise").
_VERBS = set(
    """accelerate add adopt align analyse analyze automate balance become bring build clean clear close consolidate
    cover create cut debug decide define deliver deploy design develop document double drive enable expand find
    finish fix get grow halve handle help hire implement improve increase integrate introduce keep launch lead learn
    lower maintain make manage meet migrate minimise minimize modernise modernize move own pay plan prepare prevent
    raise rebuild reduce refactor release remove replace rethink retire rewrite run scale secure ship shorten simplify
    speed split stabilise stabilize standardise standardize start stop streamline support take tame test tighten
    train turn unify update upgrade win write hit network join shadow know go look talk volunteer focus be apply
    practise practice email read attend ask aim use frame call do stay avoid consider reach sign register study
    research contact meet send""".split()
)
_ANY_VERBS = _VERBS | set(
    """miss lack fail break struggle lose depend rely suffer cost block slow hurt cause produce require spend waste
    drop leak crash stall overrun exceed burn page wake grow come see feel think believe say tell give matter
    mean means work seem sit wait want need like love hate hope expect plan try sit eat take pay hire sell own run
    drift matter change notice care trust fall""".split()
)
# Past forms of the same, for subjectless evidence: "led an on-call rotation" (I led ...).
_PAST = set(
    """led built ran cut shipped managed grew reduced improved designed migrated wrote owned launched delivered scaled
    automated rebuilt introduced created founded hired mentored coached trained taught handled fixed halved doubled
    increased lowered saved spent worked started moved rewrote replaced developed implemented maintained supported
    drove set won headed oversaw organised organized published presented negotiated raised closed sold got did
    took made cut went came fell rose dropped became caught""".split()
)
_AUX = re.compile(
    r"\b(is|are|was|were|has|have|had|does|do|did|can|could|will|would|should|must|might|may|keeps?|needs?|wants?|"
    r"isn't|aren't|wasn't|weren't|hasn't|haven't|doesn't|don't|didn't|can't|cannot|won't|wouldn't|'s|'re|'ve|'ll|'d)\b"
    r"|\w('s|'re|'ve|'ll|'d)\b"
)
_SUBJECT = re.compile(r"^(i|we|you|they|he|she|it|there|someone|nobody|everyone|people)\b")
_ENDING = re.compile(r"[\s.;,:!\u2026-]+$")
_BULLET = re.compile(r"^\s*(?:[-*\u2022\u2013\u2014]|\d+[.)])\s+")
_MASS = set(
    """culture design security quality data work research strategy growth leadership mentoring hiring infrastructure
    software tooling testing reliability performance code feedback management ownership compliance onboarding scale
    scaling engineering observability latency money time budget headcount trust safety privacy""".split()
)
#: Verbs that follow a plural subject in their bare form and are rarely nouns ("models drift", "tests fail").
_PLURAL_VERBS = set("""matter drift break fail crash miss lack struggle depend rely take need want sit stay come go keep get
    seem feel think know say tell leave quit complain hate love trust care notice spend don't can't won't aren't
    sit wait pile burn end slip arrive score point run land lag page""".split())
_PLURALISH = re.compile(r"(?<!s)s$")


@dataclass(frozen=True)
class Piece:
    """An answer, tidied, and what it is: topic | clause | to | ing | sentence | imperative | empty."""

    text: str
    kind: str

    def __bool__(self) -> bool:
        return bool(self.text)


def items(text: str, english: bool = True) -> list[str]:
    """An answer split into its items when it is a list (lines, bullets, semicolons); else one item."""
    text = (text or "").replace("\r", "\n")
    lines = [l for l in (_BULLET.sub("", x).strip() for x in text.split("\n")) if l]
    if len(lines) == 1 and ";" in lines[0]:
        lines = [p.strip() for p in lines[0].split(";") if p.strip()]
    out: list[str] = []
    for line in lines:
        line = _ENDING.sub("", " ".join(line.split()))
        line = re.sub(r"^(?:and|also|plus|&)\s+", "", line, flags=re.I) if english else line
        if line and line.lower() not in (o.lower() for o in out):
            out.append(line)
    return out or [""]


def join(parts: list[str], conj: str = "and") -> str:
    parts = [p for p in parts if p]
    if len(parts) <= 2:
        return f" {conj} ".join(parts)
    return ", ".join(parts[:-1]) + f"{',' if conj in ('and', 'or') else ''} {conj} " + parts[-1]


def tidy(text: str, conj: str = "and") -> str:
    """Spacing, lists joined, no final punctuation, quotes unwrapped: for any language."""
    parts = items(text, english=conj == "and")
    if len(parts) > 1 and all(not re.search(r"[.!?]", p) for p in parts):
        parts = [lower_first(p) if i else p for i, p in enumerate(parts)]
        text = join(parts, conj)
    else:
        text = ". ".join(p for p in parts if p)
    text = text.strip()
    if len(text) > 1 and text[0] in "\"'\u201c\u2018" and text[-1] in "\"'\u201d\u2019" and text.count(text[0]) <= 2:
        text = text[1:-1].strip()
    if text.count('"') % 2:
        text = text.replace('"', "")
    return _ENDING.sub("", text)


def lower_first(text: str) -> str:
    """'The team' -> 'the team'; 'Kafka', 'SQL', 'I' and 'I'm' stay as typed."""
    if text[:1].isupper() and (head := re.match(r"[A-Z][a-z]+\b", text)) and not re.match(r"I\b|I'", text):
        if head.group(0).lower() not in _FUNCTION:
            return lower_word(text)
    word = re.match(r"[\w'\u2019]+", text)
    if not word:
        return text
    w = word.group(0)
    if w == "I" or w.startswith(("I'", "I\u2019")):
        return text
    rest = text[len(w):].split()
    if rest and rest[0][:1].isupper() and not rest[0].startswith("I"):
        return text
    if w.lower() in _FUNCTION and (len(w) == 1 or w[1:].islower()):
        return w.lower() + text[len(w):]
    return text


def capital(text: str) -> str:
    """The first letter in upper case (after any opening quote or bracket)."""
    for i, ch in enumerate(text):
        if ch.isalpha():
            return text[:i] + ch.upper() + text[i + 1:]
        if ch.isdigit():
            return text
    return text


def end(text: str, mark: str = ".") -> str:
    """``text`` with one closing mark; a question or exclamation keeps its own."""
    text = text.rstrip()
    if not text:
        return text
    if text[-1] in "?!":
        return text
    return _ENDING.sub("", text) + mark


def sentence(text: str) -> str:
    """Capital first, one full stop last; every sentence inside starts with a capital too."""
    text = " ".join(text.split())
    text = re.sub(r"([.!?]\s+)([a-z])", lambda m: m.group(1) + m.group(2).upper(), text)
    return end(capital(text))


# -- what people type around the answer -------------------------------------------------------------

_EMOJI = re.compile("[\U0001F000-\U0001FAFF\u2600-\u27BF\u2B00-\u2BFF\uFE0F\u200D]+")
_NOISE = re.compile(r"\s*\b(?:lol|lmao|haha+|hehe|tbh|imo|ngl|omg)\b[.!]*", re.I)
#: Shorthand to its written form: a replacement string or a function of the match.
_ABBREV: list[tuple[str, str | Callable[[re.Match[str]], str]]] = [(r"\bw/o\b", "without"), (r"\bw/(?=\s|\w)", "with "), (r"\bbc\b", "because"), (r"\bb/c\b", "because"),
           (r"\byrs\b", "years"), (r"\byr\b", "year"), (r"\bhrs\b", "hours"), (r"\bmins\b", "minutes"),
           (r"\bmgmt\b", "management"), (r"\bppl\b", "people"), (r"\bi\b", "I"), (r"\bi'(m|ve|d|ll)\b", r"I'\1"),
           (r"\bim\b", "I'm"), (r"\bive\b", "I've"), (r"\bdont\b", "don't"), (r"\bcant\b", "can't"),
           (r"\besp\.", "especially"), (r"\b(?:hrs?|hours)/(?:wk|week)\b", "hours a week"), (r"/(?:wk|week)\b", " a week"),
           (r"/(?:mo|month)\b", " a month"), (r"/(?:yr|year)\b", " a year"), (r"\bmin\b(?!\.)", "minutes"),
           (r"\bdepts?\b", "department"), (r"\bpts\b", "patients"), (r"\bprod\b", "production"), (r"\bEng\b", "Engineering"), (r"\bVP (?=Engineering|Sales|Marketing|Product|Finance|Operations|People)", "VP of "),
           (r"\bmgr\b", "manager"), (r"\bcert\b", "certificate"), (r"\bcerts\b", "certificates"), (r"\bgrads\b(?= (?:on|in|who|are|and)\b)", "graduates"),
           (r"\bMon\b", "Monday"), (r"\bTues?\b", "Tuesday"), (r"\bWed\b", "Wednesday"), (r"\bThu(?:rs?)?\b", "Thursday"),
           (r"\bFri\b", "Friday"),
           # shorthand between words: "testing + how I learn", "growth mindset / learning"
           (r"(?<=\w) \+ (?=\w)", " and "), (r"(?<=\w) / (?=\w)", " and "), (r"\s*->\s*", " to "),
           # fillers a careful writer leaves out
           (r"(?<![,;] )\b(?:basically|literally|kinda) ", ""), (r",? and (?:stuff|things)\b", ""), (r"\b(\w+) stuff\b", lambda m: m.group(1) + (" topics" if re.search(r"(?:al|ic|ous|y|ive)$|^(?:fun|cool|random|boring|other|"
                                                                   r"hard|easy|new|old|the|that|this|some)$", m.group(1), re.I)
                                                   else " work")),
           (r"\b(I'm|I am) (?:ok|okay) with\b", r"\1 comfortable with"),
           (r"\b(english|french|spanish|german|italian|portuguese|mandarin|cantonese|japanese|korean|arabic|hindi|tagalog|"
            r"vietnamese|dutch|russian|swahili|urdu|bengali|punjabi|turkish|greek)\b", lambda m: m.group(1).capitalize())]
#: Answers that say there is nothing to say.
_NOTHING = re.compile(
    r"^(?:idk|i don't know|dunno|n/?a|na|none|nothing(?: really| much| concrete| to (?:add|correct|say|report))?|no$|nope|"
    r"not (?:sure|really|much|applicable)|unclear|unsure|\?+|-+|\.+|tbd|nil|no idea|can't remember|don't remember|"
    r"i'm not sure|not that I (?:know|remember))(?:\b|$)", re.I)
_HEDGES = re.compile(r"^(?:honestly|to be (?:honest|fair)|frankly|probably|i think|i guess|i believe|maybe|basically|"
                     r"actually|ok so|so|well|um+|uh+|hmm+)\b[?,!.]*\s*", re.I)
_SAID = re.compile(r"^(?:they|she|he|the \w+(?: \w+)?) (?:said|told me|mentioned|explained|noted)(?: that)?\s+(?=\S)", re.I)
#: Words written with a capital that still keep it in the middle of a sentence.
_KEEP_CAPITAL = set("""Kafka Epic Python Excel Java Go Rust Kubernetes Spark Postgres Salesforce Tableau Azure Google LinkedIn
    Slack Jira React Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February March April May June July
    August September October November December English Spanish French German Mandarin Tagalog Hindi Christmas Terraform
    Dr Mr Ms Mrs Mx Prof Docker Linux Windows Apple Amazon Microsoft Meta Figma Shopify Stripe SQL Agile Scrum Lean""".split())


#: Products and technologies typed in lower case, in their usual spelling; each only as a whole word.
_PRODUCTS = {w.lower(): w for w in """Kafka Flink Postgres PostgreSQL MySQL MongoDB Kubernetes AWS GCP SQL NoSQL Terraform Docker
    BigQuery Redshift Databricks Jira GitHub GitLab Linux JavaScript TypeScript GraphQL PyTorch TensorFlow NumPy Hadoop
    Elasticsearch Redis Grafana Fivetran""".split()}
#: (dbt and pandas are written in lower case by their makers, and count as technical words below.)
#: Product names that are also ordinary words ("the oracle", "a snowflake", "spark joy"): written with a capital
#: only next to a technical word ("oracle warehouse", "spark jobs") or, when the answer names another technology,
#: where they are not used the ordinary way.
_PRODUCT_WORDS = {w.lower(): w for w in "Oracle Snowflake Spark Airflow Python Java Rust Excel Azure Looker Tableau Salesforce".split()}
_KEEP_CAPITAL |= set(_PRODUCTS.values()) | set(_PRODUCT_WORDS.values())
_TECH_NOUNS = re.compile(r"^(?:warehouses?|migrations?|databases?|db|dbs|clusters?|jobs?|pipelines?|dags?|streaming|streams?|"
                         r"schemas?|quer(?:y|ies)|scripts?|code|codebase|stack|instances?|connectors?|tables?|etl|sql|api|sdk|"
                         r"upgrade|licen[cs]es?|certs?|certification|developers?|devs?|engineers?|experience|skills|basics|"
                         r"notebooks?|models?|costs?|spend|bills?|credits|accounts?|workloads?|batch|macros?|spreadsheets?|sheets?|vba|"
                         r"dataframes?|operators?)$", re.I)
_ORDINARY_USE = {
    "spark": re.compile(r"^(?:joy|interest|curiosity|ideas?|debates?|conversations?|discussions?|excitement|change|innovation|"
                        r"a|an|the|some|my|your|their|our|real|more|new|it|that|this|something)$", re.I),
    "excel": re.compile(r"^(?:at|in|as)$", re.I),
    "snowflake": re.compile(r"^(?:schemas?|models?|patterns?|designs?)$", re.I),  # the data-modelling term
}
_PRODUCT_BEFORE = re.compile(r"(?:\b(?:a|an|the|that|pet|little|no|any|real|total|special)\s+)$", re.I)
_MONTHS = "january february april june july august september october november december".split()
_DATEISH = re.compile(r"(?:\b(?:in|by|since|until|till|from|early|late|mid|end of|start of|beginning of|before|after|last|next)"
                      r"[\s-]+$|\d\s+$)", re.I)


def proper_names(text: str) -> str:
    """Weekdays, months and well-known products in their usual spelling: 'sunday' -> 'Sunday', 'kafka' -> 'Kafka',
    'oracle warehouse' -> 'Oracle warehouse'; 'spark joy', 'the oracle', 'may' as a verb stay as typed."""
    words = r"(?<![\w./@])({})(?![\w@]|[./]\w)"
    t = re.sub(words.format("monday|tuesday|wednesday|thursday|friday|saturday|sunday|" + "|".join(_MONTHS)),
               lambda m: m.group(1).capitalize(), text, flags=re.I)
    # "may" and "march" are words too: a month only beside a date word ("in may", "march 3", "by march")
    t = re.sub(words.format("may|march"), lambda m: m.group(1).capitalize() if m.group(1).islower() and (
        _DATEISH.search(t[:m.start()]) or re.match(r"\s+(?:\d|20\d\d)", t[m.end():])) else m.group(1), t)
    # "dr. chen" -> "Dr. Chen" (a bare "ms" may be milliseconds: only "ms." is a title)
    t = re.sub(r"(?<![\w.])(?:(dr|mr|mrs|prof)\.?|(ms)\.) ([^\W\d_][\w'-]*)",
               lambda m: f"{(m.group(1) or m.group(2)).capitalize()}. {m.group(3)[0].upper()}{m.group(3)[1:]}", t, flags=re.I)
    t = re.sub(words.format("|".join(_PRODUCTS)), lambda m: _PRODUCTS[m.group(1)] if m.group(1).islower() else m.group(1),
               t, flags=re.I)
    found = re.findall(words.format("|".join(_PRODUCTS) + "|" + "|".join(_PRODUCT_WORDS) + "|dbt|pandas|k8s|etl"), t, flags=re.I)
    technical = any(f.lower() not in _PRODUCT_WORDS for f in found) or len({f.lower() for f in found}) > 1

    def product(m: re.Match[str]) -> str:
        word = m.group(1)
        if not word.islower():
            return word
        after = re.match(r"[\s(]+([\w'-]+)", t[m.end():])
        before = re.search(r"([\w'-]+)[\s]+$", t[:m.start()])
        following = after.group(1) if after else ""
        beside = bool(_TECH_NOUNS.match(following)) or bool(before and _TECH_NOUNS.match(before.group(1)))
        ordinary = (word in _ORDINARY_USE and bool(_ORDINARY_USE[word].match(following))) or \
            bool(_PRODUCT_BEFORE.search(t[:m.start()]))
        if word in _ORDINARY_USE and _ORDINARY_USE[word].match(following):
            return word
        return _PRODUCT_WORDS[word] if beside or (technical and not ordinary) else word
    return re.sub(words.format("|".join(_PRODUCT_WORDS)), product, t)


def clean(text: str) -> str:
    """The answer without what belongs to the debrief: emoji, 'lol', hedges, 'they said', shouting, '!!'."""
    t = " ".join((text or "").replace("\u2019", "'").split()) if "\n" not in (text or "") else (text or "").replace("\u2019", "'")
    t = _EMOJI.sub("", t)
    t = _NOISE.sub("", t)
    for pattern, repl in _ABBREV:
        t = re.sub(pattern, repl, t)
    letters = [c for c in t if c.isalpha()]
    if len(letters) > 6 and all(c.isupper() for c in letters):
        t = t.lower()
    else:  # a shouted word or two inside ("MONEY.") but not acronyms (SQL, AWS)
        t = re.sub(r"^[A-Z]{5,}\b", lambda m: m.group(0).lower(), t)
    t = re.sub(r"\b(\w+)(?:,\s*\1\b)+", r"\1", t, flags=re.I)  # "Safety, safety, safety"
    t = re.sub(r"([!?])[!?]+", r"\1", t)
    t = re.sub(r"\.{3,}|\u2026", ".", t)
    t = proper_names(t)
    t = re.sub(r"[ \t]+-[ \t]+", " \u2014 ", t)
    for _ in range(2):
        t = _HEDGES.sub("", t.strip())
    t = re.sub(r"^(?:(?:to be (?:honest|fair)|honestly|probably|i think)\b,?\s*)", "", t, flags=re.I)
    return re.sub(r"[ \t]+", " ", t).strip()


def nothing(text: str) -> bool:
    """'idk', 'n/a', 'not sure, they were vague about it', 'Nothing to correct, I think it went ok'."""
    t = clean(text).strip().lower()
    return not t or bool(_NOTHING.match(t)) and (len(t.split()) <= 3 or bool(re.match(r"^[^,.;:]*[,.;:\u2014]", t)) or
                                                  t.startswith(("not sure", "nothing", "idk", "n/a", "no idea", "unclear")))


def first_part(text: str) -> str:
    """A topic without the comment after it: 'Team morale \u2014 they've had a rough year' -> 'Team morale'."""
    t = text.strip()
    t = re.split(r"(?<!\bDr)(?<!\bMr)(?<!\bMs)(?<!\bSt)(?<!Mrs)(?<!rof)(?<=[A-Za-z0-9)%'\"])[.!?](?:\s+|$)", t)[0]
    t = re.sub(r"\s*\([^()]*\)(?=\s+\w)", "", t)  # an aside in brackets, mid-sentence: "the recruiter (Jess) will email"
    t = re.split(r"\s+\u2014\s+|\s*;\s*|\s+because\s+|\s+since\s+|\s+so (?=no|that|we|they|I)\b|\s*\(", t)[0]
    m = re.search(r",\s+(?=(?:they|she|he|it|we|you|I|i|there|everyone|nobody|the \w+ (?:is|are|was|were|has|have)|"
                  r"literally|especially|specifically|roughly|like|which|who|so|but|the \w+ \w+ed|asked|said|wanted|kept|seemed|"
                  r"then|not|probably|maybe|hopefully|\d)\b)", t)
    if m:
        t = t[:m.start()]
    return t.strip(" ,:;\u2014-")


def lower_word(text: str) -> str:
    """The first word in lower case when it is an ordinary word written with a capital ('Patient falls', 'Cash flow')."""
    m = re.match(r"([A-Z][a-z]+(?:-[a-z]+)*)(?=[\s,.;:!?]|$)(\s+(\S+))?", text)
    if not m or m.group(1) in _KEEP_CAPITAL:
        return text
    following = m.group(3) or ""
    if following[:1].isupper() and following not in ("I", "I'm", "I've", "I'd"):
        return text  # "Six Sigma", "Ohio State", "Harrow & Pike"
    return m.group(1).lower() + text[len(m.group(1)):]


# -- person -----------------------------------------------------------------------------------

_YOU = [
    (r"\bthey're\b", "you're"), (r"\bthey've\b", "you've"), (r"\bthey'll\b", "you'll"), (r"\bthey'd\b", "you'd"),
    (r"\bthey are\b", "you are"), (r"\bthey were\b", "you were"), (r"\bthey have\b", "you have"),
    (r"\b(she|he) is\b", "you are"), (r"\b(she|he)'s\b", "you're"), (r"\b(she|he) was\b", "you were"),
    (r"\b(she|he) has\b", "you have"), (r"\b(she|he) does\b", "you do"), (r"\b(she|he) doesn't\b", "you don't"),
    (r"\b(she|he) hasn't\b", "you haven't"), (r"\b(she|he) isn't\b", "you aren't"), (r"\b(she|he) wasn't\b", "you weren't"),
    (r"\btheir\b", "your"), (r"\btheirs\b", "yours"), (r"\bthemselves\b", "yourselves"),
]


#: A person named as the one the user will ask, tell, meet ... ("ask Owen", "talked to Jess").
_NAMED_PERSON = re.compile(r"\b(?:ask|asked|asking|tell|told|email|emailed|call|called|meet|met|text|message|ping|see|thank|"
                           r"introduce|introduced|(?:talk|talked|speak|spoke|reach out|reached out) to|(?:speak|spoke|chat|chatted|"
                           r"catch up|caught up|follow up|followed up|connect|connected) with|hear from|heard from) "
                           r"(?!I\b|I')[A-Z][a-z]+(?: [A-Z][a-z]+)?\b")


def to_you(text: str, singular: bool = True, them: bool | None = None) -> str:
    """'they'/'she'/'he' as 'you' (the note's reader); verbs after 'she'/'he' agree ("she wants" -> "you want")."""
    out = text
    # "Fernhill Logistics on their CI setup": after a name, "their" is that organisation's, not the reader's.
    named = re.search(r"(?<=\w )[A-Z][a-z]+(?: [A-Z][a-z]+)*\b(?=.*\btheir\b)", out)
    if named and not singular and named.group(0) not in ("I", "I'm"):
        keep = out.index(named.group(0))
        return out[:keep] and to_you(out[:keep], singular, them) + out[keep:]
    # "I'll ask Owen how his first year went": after a person the user names, "his"/"her" are that person's
    other = _NAMED_PERSON.search(out)
    if other and singular and other.group(0).split()[-1] not in _KEEP_CAPITAL:
        return to_you(out[:other.start()], singular, them) + out[other.start():]
    # "asked her about her dog, he is a greyhound": "he" and "her" are not the same person; the first one named is the reader
    stash: list[str] = []
    gendered = re.search(r"\b(she|her|hers|herself|he|him|his|himself)\b", out, flags=re.I)
    if singular and gendered:
        second = r"\b(?:he|him|his|himself)\b" if gendered.group(1).lower().startswith(("she", "her")) else \
            r"\b(?:she|her|hers|herself)\b"

        def hide(m: re.Match[str]) -> str:
            stash.append(m.group(0))
            return f"\x01{len(stash) - 1}\x02"
        out = re.sub(second, hide, out, flags=re.I)
    for pattern, repl in _YOU:
        out = re.sub(pattern, repl, out, flags=re.I)
    if singular:
        out = re.sub(r"\b(?:him|her)\b(?=\s+(?:to|in|on|at|with|about|for|by|after|before|again|back|when|if|and|or|a|an|"
                     r"the|that|this|these|those|some|my|our|how|what|why|whether|where|I|I'm|I'd|I've|we|"
                     r"know|up|out|down|over)\b|[.,;:!?]|$)", "you", out, flags=re.I)
        out = re.sub(r"\bhim\b", "you", out, flags=re.I)
        out = re.sub(r"\bhers\b|\bhis\b(?=\s*[.,;:!?]|$)", "yours", out, flags=re.I)  # "hers is called Biscuit"
        out = re.sub(r"\b(her|his)\b(?= [a-z])", "your", out, flags=re.I)
        out = re.sub(r"\b(she|he) (\w+?)(es|s)\b", lambda m: "you " + _unverb(m.group(2), m.group(3)), out, flags=re.I)
        out = re.sub(r"\b(she|he)\b", "you", out, flags=re.I)
    out = re.sub(r"\bthey\b", "you", out, flags=re.I)
    if singular if them is None else them:  # plural "them" may be anyone ("not enough nurses to support them")
        out = re.sub(r"\bthem\b", "you", out, flags=re.I)
    return re.sub(r"\x01(\d+)\x02", lambda m: stash[int(m.group(1))], out)


def _base(verb: str) -> str:
    """'sets' -> 'set', 'reaches' -> 'reach', 'circulates' -> 'circulate'."""
    m = re.match(r"(\w+?)(es|s)$", verb)
    return _unverb(m.group(1), m.group(2)) if m else verb


def _unverb(stem: str, suffix: str) -> str:
    """'want'+'s' -> 'want'; 'miss'+'es' -> 'miss'; 'lov'+'es' -> 'love'."""
    if suffix == "es" and not stem.endswith(("s", "sh", "ch", "x", "z", "o")):
        return stem + "e"
    if suffix == "es" and re.search(r"[aeiou]s$", stem) and not stem.endswith(("cus", "ss")):  # uses, closes, raises
        return stem + "e"
    return stem


def _article(text: str) -> str:
    """'cost of the data warehouse' -> 'the cost of the data warehouse'; 'roadmap' -> 'the roadmap'."""
    words = text.split()
    if len(words) > 1 and re.match(r"^[A-Z0-9&]{2,5}$", words[0]) and _head(text) in _COUNT:
        return "the " + text  # "Q3 launch story"
    if not words or words[0].lower() in _DETERMINERS or _QUANTITY.match(text.lower()):
        return text
    first = words[0]
    if not first.isalpha() or not first.islower() or first in _FUNCTION or first.endswith("ing"):
        return text
    if len(words) > 1 and words[1] == "of" and first not in _MASS:
        return "the " + text
    if False:
        last = words[-1]
        if last not in _MASS and not _PLURALISH.search(last) and not re.search(r"(ity|ness|ism|ics|ship|ance|ence|ing)$", last):
            return "the " + text
    return text


def is_clause(text: str) -> bool:
    """A statement with its own verb: 'their nightly batch misses the SLA', 'we both run marathons'."""
    low = text.lower()
    if _SUBJECT.match(low) and len(low.split()) > 1:
        return True
    low = re.split(r",? (?:which|who|whom|whose) ", low)[0]
    low = re.sub(r"\b(?:i|we|you|they|he|she)\b[^,;]*$", "", low) if re.search(r"\b(?:i|we) (?:built|led|ran|wrote|maintain|supported|set up)\b", low) and not _SUBJECT.match(low) else low
    if _AUX.search(low):
        return True
    words = low.split()
    # "<noun phrase> misses the SLA": a verb in -s/-es after two or more words, followed by more words.
    for i, w in enumerate(words[1:-1], 1):
        if words[i - 1] in _DETERMINERS or words[i - 1] in ("of", "for", "and", "or"):
            continue
        for stem in (w[:-2], w[:-1]) if w.endswith("es") else (w[:-1],) if w.endswith("s") else ():
            if stem in _ANY_VERBS or stem + "e" in _ANY_VERBS:
                return True
    # "ML models in production drift and nobody notices", "certifications matter less than people think"
    if re.search(r"\b(?:and|but|so) (?:nobody|no one|everyone|everybody|someone|they|it|we|you)\b \w+", low):
        return True
    for i, w in enumerate(words[1:], 1):
        if w in _PLURAL_VERBS and words[i - 1].endswith("s") and words[i - 1] not in _DETERMINERS and \
                words[i - 1] not in ("is", "was", "has", "this", "its", "his", "us", "plus", "as"):
            return True
    return any(w in _PAST for w in words[1:3]) and not words[0] in _DETERMINERS


_NOT_CLAUSE_START = re.compile(r"^(?:which|who|whom|whose|where|when|and|but|or|nor|so|not|including|especially|"
                               r"specifically|like|then|from|to|with|without|for|in|on|at|by|of|as|plus|also|both|"
                               r"even|just|only|mostly|roughly|about|around|e\.g\.|i\.e\.|etc)\b", re.I)


#: Verbs whose past is their present ("put tests on every source"): past in a series of what the user did.
_SAME_PAST = {"put", "set", "cut", "hit", "let", "split", "shut", "spread", "quit", "cast", "read"}


def splice(text: str, first_person: bool = False) -> str:
    """Comma splices made careful: "takes too long, charting eats into patient time" -> "...; charting ...".

    With ``first_person``, a subjectless verb after the comma is the user's ("shipped 3 apps" -> "I shipped 3 apps").
    """
    parts = re.split(r",\s+", text)
    if len(parts) == 1:
        return text
    # "I led the cleanup, cut 1,100 models to 400, put tests on every source": a series of what the user did,
    # one subject for all, stays a series
    lead = re.sub(r"^I\s+", "", parts[0]).split()
    series = first_person and bool(lead) and lead[0].lower() in _PAST
    out = parts[0]
    for part in parts[1:]:
        words = part.split()
        head = words[0].lower() if words else ""
        if series and (head in _PAST or head in _SAME_PAST):
            out += ", " + part
        elif first_person and (head in _PAST or head in ("want", "wanted", "need", "hope", "plan", "would", "can", "will",
                                                         "am", "have")) and len(words) > 1 and not _NOT_CLAUSE_START.match(part):
            out += "; I " + head + part[len(head):]
        elif not _NOT_CLAUSE_START.match(part) and len(words) > 1 and is_clause(part) and \
                (_SUBJECT.match(part.lower()) or not re.match(r"^\w+ed\b", part)):
            out += "; " + part
        else:
            out += ", " + part
    return out


_QUOTED = re.compile(r"^[\"'\u201c\u2018](.+?)[\"'\u201d\u2019]$")


def speech(text: str) -> str:
    """Interviewer's words quoted as said, as the user writes them back to that person:
    '"we'll let you know either way"' -> "you'll let me know either way"."""
    m = _QUOTED.match(text.strip())
    if not m or len(m.group(1).split()) < 2:
        return text
    t = m.group(1)
    t = re.sub(r"\byou're\b", "\x00I'm", t, flags=re.I)
    t = re.sub(r"\byour\b", "\x00my", t, flags=re.I)
    t = re.sub(r"\byou\b(?=\s*$|[.,;!?])", "\x00me", t, flags=re.I)
    t = re.sub(r"\b(let|tell|send|call|email|give|show|ask|see|know|help) you\b", "\\1 \x00me", t, flags=re.I)
    t = re.sub(r"\byou\b", "\x00I", t, flags=re.I)
    for a, b in (("we're", "you're"), ("we've", "you've"), ("we'll", "you'll"), ("we'd", "you'd"), ("we", "you"),
                 ("our", "your"), ("ours", "yours"), ("us", "you")):
        t = re.sub(rf"\b{a}\b", "\x00" + b, t, flags=re.I)
    t = t.replace("\x00", "")
    return t[0].lower() + t[1:] if t[:1].isupper() and not re.match(r"I\b", t) else t


def _strip(text: str, patterns: list[str]) -> str:
    for p in patterns:
        new = re.sub(p, "", text, count=1, flags=re.I)
        if new != text:
            return new.strip()
    return text


# -- the fields -------------------------------------------------------------------------------

_TOPIC_LEADS = [
    r"^(?:they|she|he|you|the panel|everyone|the team|the room|the \w+)(?: all)? (?:really |most |visibly |definitely |clearly )?"
    r"(?:got|were|was|became|seemed|perked up|lit up|leaned in|sat up|looked)(?: most| really| very| more| quite| super)?"
    r"(?: excited| interested| engaged| attentive| animated| curious| keen| into it)?"
    r"(?: (?:when|as|while|once) (?:I|we) (?:was |were )?(?:talked|talking|spoke|speaking|mentioned|mentioning|described|"
    r"describing|explained|explaining|discussed|discussing|brought up|got to|walked (?:them|her|him) through|showed|said|asked)"
    r"(?: (?:them|her|him))?(?: about| on| that)?| (?:about|at|by|with|in|on|over))?\s+",
    r"^(?:when|while|once) (?:I|we) (?:was |were )?(?:talked|talking|spoke|speaking|mentioned|mentioning|described|"
    r"describing|explained|explaining|discussed|discussing|brought up|got to|walked (?:(?:them|her|him|you) )?through|showed|said|asked)"
    r"(?: (?:them|her|him))?(?: about| on| that)?\s+",
    r"^(?:they|she|he) (?:liked|loved|enjoyed|appreciated|were impressed|was impressed)(?: (?:that|how|by|with))?\s+",
    r"^(?:I|we) (?:talked|spoke|chatted|mentioned|discussed|described|explained|got onto|got into)(?: the topic of)?(?: about| on)?\s+",
    r"^(?:talking|speaking|hearing|chatting|learning) (?:about|on)\s+",
    r"^(?:most|very|really) (?:excited|interested|attentive|engaged)(?: (?:about|by|in|when))?\s+",
    r"^(?:excited|interested|attentive|engaged|animated|curious) (?:about|by|in|when|with)\s+",
    r"^(?:our|the) (?:discussion|conversation|chat|talk|exchange) (?:of|about|on|around)\s+",
    r"^(?:the )?(?:part|bit|moment|section|question|point) (?:about|on|where|when) (?:we (?:talked|discussed|got to) (?:about )?|I (?:talked|spoke|mentioned) (?:about )?)?",
    r"^(?:about|around|re|on(?![ -]call\b))[: ]\s*",  # "on call" is the rota, not "on": "on call, and who owns ..."
    r"^(?:they|she|he) (?:cared|cares|care) (?:most |a lot |mostly |mainly )?about\s+",
    r"^(?:cares|cared) (?:most |a lot |mostly )?about\s+",
    r"^(?:they|she|he) (?:asked|kept asking|wanted to know) (?:a lot |mostly |lots |twice |again |repeatedly |a few times )?(?:about\s+)?",
    r"^[\"\u201c'][^\"\u201d]+[\"\u201d'],?\s+(?=(?:when|while|once|after|as) (?:I|we)\b)",
    r"^(?:topic|focus|interest)s?:\s*",
    r"^it was\s+(?=the |my |our |when |how )",
]


def _i_clause(text: str) -> bool:
    return bool(re.match(r"^(?:I|I'm|I'd|I've|I'll|my)\b", text)) and is_clause(text)


def topic(text: str, reader: bool = True) -> Piece:
    """A topic for 'our conversation about …' / 'your questions about …' (excited, focus, advice topics).

    Kinds: topic, how (how/whether/what …), clause (about the reader or the team), mine (the user's own
    statement: 'I speak Tagalog'), to (plans: 'to find someone who can mentor juniors').
    """
    if nothing(text):
        return Piece("", "empty")
    parts = items(text)
    if len(parts) > 1:
        inner = [topic(p, reader) for p in parts]
        inner = [p for p in inner if p]
        nouns = [p for p in inner if p.kind == "topic"] + [p for p in inner if p.kind == "how"]
        if len(nouns) > 1 or (nouns and "\n" not in text.strip()):  # a comment after ";" is left out
            texts = [p.text for p in nouns]
            if len(texts) > 1 and any(" and " in x for x in texts[:-1]):  # "governance, controls and audit readiness"
                return Piece(", ".join(texts[:-1]) + ", as well as " + texts[-1], "topic")
            return Piece(join(texts), "topic")
        if inner:
            return inner[0]
        return Piece("", "empty")
    t = clean(tidy(text))
    for _ in range(3):
        new = _strip(_SAID.sub("", t), _TOPIC_LEADS)
        if new == t:
            break
        t = new
    t = first_part(t)
    # "on call" named as a topic is the rota, written "on-call" ("I was on call" stays)
    t = re.sub(r"(?<![\w'-])on call\b", lambda m: m.group(0) if re.search(r"\b(?:is|am|are|was|were|be|been|being|I'm|"
               r"we're|you're|they're|stay|stays|stayed)\s+$", t[:m.start()], re.I) else "on-call", t, flags=re.I)
    # "on-call, and who owns data quality": one topic and a question about it, read as one ("your questions about X
    # and who owns Y stayed with me"); a comma there would end the phrase early
    t = re.sub(r"^([^,]+), and (?=(?:who|how|what|whether|why|when|where)\b)", r"\1 and ", t)
    # "accessibility and WCAG and the whole room changed": the comment after "and" is the user's
    t = re.sub(r"\s+and (?:the \w+(?: \w+)?|everyone|everybody|they|she|he|it|[A-Z][a-z]+) (?:\w+ed|wrote|took|got|said|"
               r"went|began|lit|sat|came)\b.*$", "", t)
    t = re.sub(r"^that\s+", "", t, flags=re.I) if re.match(r"^that\s+(?:I|we|you|they|she|he|my|the|their|it)\b", t, re.I) else t
    t = re.sub(r"^if\s+", "whether ", t, flags=re.I)
    t = re.sub(r"\s+(?:actually|literally|basically|oddly|lol)$", "", t)
    t = lower_first(_ENDING.sub("", t).strip())
    if not t or nothing(t):
        return Piece("", "empty")
    if reader:
        t = to_you(t)
    low = t.lower()
    if re.match(r"^(how|why|what|whether|where|when) ", low):
        return Piece(t, "how")
    if low.startswith("to ") and len(low.split()) > 1 and low.split()[1] in _VERBS:
        return Piece(t, "to")
    main = re.sub(r"\b(?:whether|how|what|why|if|when|where)\b.*", "", t)
    if _i_clause(t):
        return Piece(t, "mine")
    if main.strip() and is_clause(main):
        return Piece(t, "clause")
    first = low.split()[0]
    if first in _VERBS and len(low.split()) > 1 and low.split()[1] in _DETERMINERS:
        return Piece("to " + t, "to")
    return Piece(_article(t), "topic")


_NEED_LEADS = [
    r"^(?:from (?:our|the) conversation,? )?(?:I (?:think|understand|gather|believe|feel),? )?(?:that )?"
    r"(?:the |their |your |our )?(?:team|company|org|organisation|organization|group|department|business|store|unit|they|we|you|it)"
    r"(?: really| mainly| mostly| urgently| badly| desperately)? (?:needs?|wants?|requires?|is looking for|are looking for|"
    r"(?:is|are) trying to|(?:has|have) to|must|(?:is|are) struggling with|struggles? with|(?:is|are) hoping to|hopes? to)"
    r"(?: (?:is|are))?(?=\s)",
    r"^(?:needs?|wants?|problems?|challenges?|issues?|pain points?)\s*(?::|\u2014|are|is)\s*",
    r"^(?:main |biggest |key )?(?:problem|challenge|issue|need|pain point)s? (?:is|are)\s*(?:that )?",
]
_WANTED = re.compile(r"^(?:someone|somebody|a person|people|an? [\w\- ]{1,30}? who|more|better|help|a new|an? (?:senior|junior|lead|head|manager|designer|engineer)\b)", re.I)


def need(text: str) -> Piece:
    """What the team needs or struggles with: to (to cut alert noise) | want (someone who …) | ing | challenge
    (a noun phrase: 'customer churn') | how (how to …) | clause | list."""
    if nothing(text):
        return Piece("", "empty")
    parts = items(text)
    if len(parts) == 1:  # "store missing targets, staff turnover, rotas done by hand": a list on one line
        commas = [c.strip() for c in re.split(r",\s*", clean(parts[0]))]
        if len(commas) >= 3 and all(c and len(c.split()) <= 5 and not is_clause(c) for c in commas) and \
                not re.match(r"^(?:and|or)\b", commas[-1]):
            parts = commas
    if len(parts) > 1:
        inner = [p for p in (need(p) for p in parts) if p]
        if not inner:
            return Piece("", "empty")
        if len(inner) == 1:
            return inner[0]
        if all(p.kind == "to" for p in inner):
            return Piece(join([inner[0].text] + [p.text.removeprefix("to ") for p in inner[1:]]), "to")
        if all(p.kind in ("challenge", "ing", "want") for p in inner):
            return Piece(join([p.text for p in inner]), "list")
        clauses = [p for p in inner if p.kind == "clause"]
        if len(clauses) > 1 or any(re.search(r"[,;]", p.text) for p in clauses):
            return Piece("that " + _listed(inner), "clauses")
        nouns = [p.text for p in inner if p.kind in ("challenge", "ing")]
        rest = ["that " + _as_clause(p) for p in inner if p.kind not in ("challenge", "ing")]
        if len(nouns) > 1:
            rest.insert(0, "that " + join(nouns) + " are concerns")
        elif nouns:
            rest.insert(0, "that " + _as_clause(Piece(nouns[0], "challenge")))
        return Piece(join(rest), "clauses")
    t = clean(tidy(text))
    t = _SAID.sub("", t)
    t = speech(t)
    t = re.sub(r"^(?:mostly|mainly|probably|basically|definitely|really|honestly)\s+", "", t, flags=re.I)
    t = re.sub(r"\s*\((?:[^()]*\b(?:said|says|quote)\b|[^()]*[\"\u201c])[^()]*\)", "", t, flags=re.I)  # "(they said ...)"
    original = t
    t = _strip(t, _NEED_LEADS)
    stripped = t != original
    if not stripped:
        # A noun phrase followed by its comment keeps the noun phrase; a sentence keeps its first clause.
        head = first_part(t)
        if head and not is_clause(head.lower()):
            t = head
        else:
            t = re.split(r"(?<=[a-z0-9)%])[.!?]\s+", t)[0]
    t = lower_first(t.strip(" :,-\u2014"))
    t = to_you(t, singular=False)
    t = re.sub(r"^how do you (\w+)", r"how to \1", t, flags=re.I).rstrip("?")
    if re.match(r"^that\s", t, re.I):
        t = t[5:]
    t = _ENDING.sub("", t)
    if not t:
        return Piece("", "empty")
    low = t.lower()
    words = low.split()
    if words[0] == "to" and len(words) > 1:
        return Piece(t, "to")
    if re.match(r"^(how|what|why|whether) ", low):
        return Piece(t, "how")
    # "test coverage on the payments service is low": a noun phrase that happens to start with a verb
    subject_verb = re.match(r"^(?:(?!that|who|which)\S+ ){1,7}(?:is|are|was|were|isn't|aren't)\b", low)
    if words[0] in _VERBS and len(words) > 1 and words[1] not in ("is", "are") and not subject_verb:
        if words[1] in _DETERMINERS or words[1] in ("up", "down", "out") or len(words) > 2:
            return Piece("to " + t, "to")
    if _WANTED.match(low):
        return Piece(t, "want")
    if words[0].endswith("ing") and re.search(r"\b(?:is|are|was|were|isn't|aren't)\b", low):
        return Piece(t, "clause")
    # "hiring pipeline for engineers" is a thing; "scaling their data pipeline" an activity
    gerund_of_thing = len(words) > 1 and _head(low) in _COUNT and words[1] not in _DETERMINERS and \
        words[1] not in _FUNCTION and words[1] not in ("off", "up", "down", "out", "away", "back", "through", "rid")
    if words[0].endswith("ing") and len(words) > 1 and not gerund_of_thing and \
            words[0] not in ("nothing", "something", "everything", "morning", "evening"):
        return Piece(t, "ing")
    if stripped and re.search(r"struggl", original.lower()):
        return Piece(_article(t), "challenge")
    if is_clause(t):
        t = re.sub(r",\s+[\w-]+(?: [\w-]+)?$", "", t) if not is_clause(re.split(r",\s+", t)[-1]) else t
        return Piece(splice(t), "clause")
    return Piece(_the_count(t), "challenge")


_COUNTS = {2: "two", 3: "three", 4: "four", 5: "five", 6: "six"}


def _listed(inner: list[Piece]) -> str:
    """Items that are whole clauses, kept whole in one list sentence: 'three things matter most to your team: A; B;
    and C' (fused with 'and', 'A and B are concerns and that C' would run them together)."""
    texts = [re.sub(r"(?<=[a-z]) so (?=(?:the|they|you|we|it|nobody|everyone|people)\b)", ", so ",
                    p.text.replace("; ", " \u2014 ")) if p.kind == "clause" else
             _as_clause(p) if p.kind in ("to", "want") else p.text for p in inner]
    sep = "; " if len(texts) > 2 or any("," in x or "\u2014" in x for x in texts) else ", "
    return (f"{_COUNTS.get(len(texts), 'several')} things matter most to your team: "
            + sep.join(texts[:-1]) + sep + "and " + texts[-1])


def _as_clause(p: Piece) -> str:
    """One item of a mixed list as a clause for "I understand that …"."""
    if p.kind == "clause":
        return p.text
    if p.kind in ("to", "want"):
        return "you need " + p.text
    if p.kind == "ing":
        return p.text + " is a priority"
    if p.kind == "how":
        return p.text + " is an open question"
    head = _head(p.text)
    return p.text + (" are a concern" if _PLURALISH.search(head) and head[-2:] != "ss" else " is a concern")


def _head(text: str) -> str:
    """The head noun of a noun phrase: 'brand consistency across 14 sites' -> 'consistency'."""
    return re.split(r"\s+(?:of|for|in|on|at|with|across|between|from|to|by|during|after|before)\s+", text)[0].split()[-1].lower()


#: Nouns that name one thing, so a bare "contract review bottleneck" needs "the".
_COUNT = set("""bottleneck backlog upgrade migration system pipeline process project launch story rollout go-live transition
    merger integration audit plan program programme platform app application site store office service deadline
    roadmap rewrite redesign reorg reorganisation reorganization acquisition expansion move deal contract release
    tool dashboard database warehouse""".split())


def _the_count(text: str) -> str:
    """'contract review bottleneck' -> 'the contract review bottleneck'; 'customer churn' stays."""
    words = text.split()
    first = words[0].lower() if words else ""
    if not words or first in _DETERMINERS or (first in _FUNCTION and not first.endswith("ing")) or _QUANTITY.match(text.lower()):
        return text
    head = _head(text)
    if head in _COUNT and (words[0].islower() or re.match(r"^[A-Z0-9&/-]{2,6}$", words[0])):
        return "the " + text
    return text


_FIT_LEADS = [
    r"^(?:because|since|as) (?=I\b|my\b|I've\b|I'm\b)",
    r"^(?:why I can do it|why I fit|evidence|my evidence)\s*[:\-\u2014]\s*",
    r"^(?:I can do it|I can do this|I can help) (?:because|since|as)\s+",
    r"^(?:they|she|he) asked and I (?:told (?:them|her|him)|said|explained)(?: about)?\s+",
    r"^[A-Za-z][\w\-]*:\s+(?=[a-z])",
]


def evidence(text: str) -> Piece:
    """The user's evidence, as their own first-person sentence(s): sentence | topic ('5 years in AP automation')."""
    if nothing(text):
        return Piece("", "empty")
    parts = items(text)
    if len(parts) > 1:
        inner = [p for p in (evidence(p) for p in parts) if p]
        if not inner:
            return Piece("", "empty")
        if all(p.kind == "topic" for p in inner):
            return Piece(join([p.text for p in inner]), "topic")
        out: list[str] = []
        topics: list[str] = []
        for p in inner + [Piece("", "end")]:
            if p.kind in ("topic", "background"):
                topics.append(p.text)
                continue
            if topics:
                out.append(sentence(("My background speaks to that: " if not out else "I also bring ") + join(topics)))
                topics = []
            if p:
                out.append(sentence(_fit_sentence(p)))
        return Piece(" ".join(out), "sentence")
    t = clean(tidy(text))
    t = _strip(t, _FIT_LEADS)
    t = re.sub(r"^(?:that|because of|mostly|mainly)\s+", "", t, flags=re.I)
    t = re.sub(r"\?\s+(?=(?:and|but)\b)", ", ", t, flags=re.I)
    # what the user said about the interview ("they didn't really ask") is not evidence
    said = [x for x in re.split(r"(?<=[a-z0-9)%'])[.!?]+\s+", t) if x]
    kept = [x for x in said if not re.search(r"\b(?:didn't|did not|never) (?:really )?ask|^not sure\b", x, re.I)]
    kept = [re.sub(r"^(?:but|and|so|also),?\s+(?=\S)", "", x, flags=re.I) if i or len(kept) < len(said) else x
            for i, x in enumerate(kept)]
    kept = [re.sub(r"^I (?:think|believe|guess) (?=my|I|the)", "", x) for x in kept]
    if len(kept) > 1 and len(kept[0].split()) <= 2 and not is_clause(kept[0].lower()):
        kept = kept[1:]  # "ACCREDITATION. did 2 joint commission surveys": a heading, then the evidence
    if not kept:
        return Piece("", "empty")
    if len(kept) > 1:
        inner = [_evidence_one(x) for x in kept]
        return Piece(" ".join(sentence(_fit_sentence(p)) for p in inner if p), "sentence")
    return _evidence_one(kept[0])


_YEARS = re.compile(r"^((?:\d+\+?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty)\s+"
                    r"(?:years?|yrs?|months?))\s+(.*)$", re.I)


_CREDENTIAL = re.compile(r"^((?:[\w+&-]+ ){0,4}(?:certificate|certification|licence|license|degree|belt|qualification|diploma))"
                         r"(?:\s+and (?=I\b)|$)", re.I)


def _credential(t: str) -> str:
    """'Security+ certificate and I ran ...' -> 'I hold a Security+ certificate, and I ran ...'."""
    m = _CREDENTIAL.match(t)
    if not m or m.group(1).split()[0].lower() in _DETERMINERS | {"my", "our"}:
        return t
    word = m.group(1)
    an = word[0].lower() in "aeio" or (re.match(r"^[A-Z]{2,}", word) and word[0] in "AEFHILMNORSX")
    rest = t[m.end():]
    return f"I hold {'an' if an else 'a'} {lower_word(word)}" + (", and " + rest if rest else "")


#: "In my last role I cut …", "At Acme I led …", "Last year I shipped …": a setting, then the user's own sentence.
_LEAD_THEN_I = re.compile(r"^(?:in|at|as|during|for|over|on|with|from|when|while|after|before|since|last|this|every)\b"
                          r"[^.;:]{0,80}?\bI(?:'ve|'d)? (?!\w+ing\b)[a-z]+", re.I)


def _evidence_one(t: str) -> Piece:
    t = to_you(t, singular=False)
    if not t:
        return Piece("", "empty")
    # "Not a ton of direct experience but I learn fast": the evidence is what follows the disclaimer
    t = re.sub(r"^(?:not (?:a ton of|much|a lot of|many|really any|any)|no|little|limited) (?:direct |real |hands-on )?"
               r"(?:experience|background)\b[^,.;]*?,?\s+but\s+(?=I\b|I')", "", t, flags=re.I)
    t = _credential(t)
    if t.startswith("I hold "):
        return Piece(_first_person(t), "sentence")
    years = _YEARS.match(t)
    if years and years.group(2):
        span, rest = years.groups()
        if re.match(r"^\w+ing\b", rest):
            return Piece(_first_person("I have spent " + lower_first(t)), "sentence")
        if re.match(r"^(?:in|of|as|at|with|on|leading|running|managing)\b", rest):
            return Piece(_first_person("I have " + lower_first(t)), "sentence")
        return Piece(_first_person(f"I have {lower_first(span)} of {rest}"), "sentence")
    words = t.lower().split()
    if words[0] in _PAST or (words[0].endswith("ed") and len(words[0]) > 4 and len(words) > 1) or \
            words[0] in ("have", "had", "spent", "worked", "was", "am", "know", "speak", "hold", "maintain"):
        body = t[0].lower() + t[1:] if not re.match(r"[A-Z]{2}", t) else t
        return Piece(_first_person("I " + body), "sentence")
    if re.match(r"^(how|what|why)\b", t.lower()):
        return Piece(lower_first(t), "how")
    if re.match(r"^(I|I'm|I've|I'd|we)\b", t) or is_clause(t.lower()) or re.search(r"(?:\band|,|\bso|\bbut) I\b", t) or \
            _LEAD_THEN_I.match(t):
        return Piece(_first_person(t), "sentence")
    t = lower_first(t)
    if ":" in t:  # "transferable skills from teaching: planning, communicating, ..."
        return Piece("I bring " + t, "sentence")
    if "," in t or re.match(r"^(the|my|our)\b", t):
        return Piece(t, "how" if re.match(r"^(the|my|our)\b", t) and "," not in t else "background")
    return Piece(t, "topic")


def _first_person(text: str) -> str:
    """The user's own sentence made careful: comma splices, 'did it' after a dash gets its 'I', 'ran it 3 years'."""
    text = re.sub(r"(\s\u2014\s|:\s)(\w+)\b", lambda m: m.group(1) + ("I " + m.group(2) if m.group(2).lower() in _PAST
                                                                   else m.group(2)), text)
    text = re.sub(r"(\w+) ((?:\d+|two|three|four|five|six|seven|eight|nine|ten) (?:years|months))(?=[,.;]|$)",
                  lambda m: m.group(1) + (" " if m.group(1).lower() in _FUNCTION or m.group(1).isdigit() else " for ")
                  + m.group(2), text)
    return _fix_sentences(splice(text, first_person=True))


def _fix_sentences(text: str) -> str:
    """Each sentence capitalised; a subjectless one after the first gets its 'I' ('… 10 days. did it twice')."""
    parts = re.split(r"(?<=[.!?])\s+", text)
    out = []
    for i, p in enumerate(parts):
        w = p.split()[0].lower() if p.split() else ""
        if i and (w in _PAST or w in ("did", "got")):
            p = "I " + p[0].lower() + p[1:]
        elif i and w == "also" and len(p.split()) > 1 and p.split()[1].lower() in _PAST | {"forgot", "wanted", "meant"}:
            p = "I also " + p[5:]
        out.append(capital(p))
    return " ".join(out)


def _fit_sentence(p: Piece) -> str:
    if p.kind == "sentence":
        return p.text
    return f"I bring {p.text}" if ":" in p.text else f"My background speaks to that: {p.text}"


_REGRET = re.compile(r"\b(?:rambl|froze|freez|blank(?:ed)?\b|embarrass|nervous|talked too much|said .{1,20} like \d+ times|"
                     r"came across|sounded|lowball|walk that back|should I mention|probably not|more confident|messed up|didn't say it|seemed worried|"
                     r"screwed up|went ok|went well|went badly|weak answer|stumbl|I'm interviewing elsewhere)", re.I)
_ASK = re.compile(r"^(?:I )?(?:wish I(?:'d| had)|I? ?should(?:'ve| have)|forgot to|didn't get to|did not get to|never got to|"
                  r"meant to|we ran out of time before I could|ran out of time to|wanted to) ask(?:ed)? (?:about |them |her |him )?", re.I)


_SENTENCE_BREAK = re.compile(r"(?<!\bDr\.)(?<!\bMr\.)(?<!\bMs\.)(?<!\bMrs\.)(?<!\bSt\.)(?<!\bProf\.)(?<=[.!?])\s+")


def _outside_brackets(text: str, sep: str) -> list[str]:
    """``text`` split at ``sep`` where it is not inside brackets: '(2019, 40TB)' stays whole."""
    parts, start, depth = [], 0, 0
    for m in re.finditer(r"[()]|" + sep, text):
        if m.group(0) == "(":
            depth += 1
        elif m.group(0) == ")":
            depth = max(0, depth - 1)
        elif depth == 0:
            parts.append(text[start:m.start()])
            start = m.end()
    return parts + [text[start:]]


def wish(text: str) -> Piece:
    """What the user wishes they had said: clause | topic (to mention) | correct | ask (a question to ask now) | sentence.

    Regrets meant for the user alone ('I rambled', 'I froze') are left out.
    """
    if nothing(text):
        return Piece("", "empty")
    parts = items(text)
    if len(parts) > 1:
        inner = [p for p in (wish(p) for p in parts) if p]
        return Piece(" ".join(sentence(_wish_sentence(p)) for p in inner), "sentence") if inner else Piece("", "empty")
    t = clean(tidy(text))
    # keep the sentences (or comma parts) that are for the reader
    t = re.sub(r"\s*;\s*", ". ", t)
    t = re.sub(r",\s+as (?:he|she|they|[A-Z][\w.]*(?: [\w.]+){0,3}) (?:seemed|looked|was|were)\b.*$", "", t)
    # "... before (2019, 40TB to Snowflake) \u2014 totally blanked when Priya asked": the aside is the user's
    asides = _outside_brackets(t, r"\s+\u2014\s+")
    while len(asides) > 1 and _REGRET.search(asides[-1]) and not _REGRET.search(asides[0]):
        asides.pop()
    t = " \u2014 ".join(asides)
    sentences = [x for x in _SENTENCE_BREAK.split(t) if x]
    sentences = [", ".join(c for c in _outside_brackets(x, r",\s+") if not _REGRET.search(c)) or x for x in sentences]
    kept = [x for x in sentences if not _REGRET.search(x)]
    if not kept:
        return Piece("", "empty")
    if len(kept) > 1 and not re.match(r"^(?:I said|I told|I called|I mentioned)\b", kept[0]):
        later = [re.sub(r"^(?:also|and|plus),?\s+", "", x, flags=re.I) for x in kept[1:]]
        later = [("I " + x if re.match(r"^(?:forgot|should|meant|wanted|wish|didn't|never)\b", x, re.I) else x) for x in later]
        later = [x for x in later if not re.search(r"\b(?:didn't|did not|never) get to (?:share|say|mention) it\b", x, re.I)]
        inner = [p for p in (wish(x) for x in [kept[0], *later]) if p]
        if len(inner) > 1:
            return Piece(" ".join(sentence(_wish_sentence(p)) for p in inner), "sentence")
        if inner:
            return inner[0]
        return Piece("", "empty")
    if len(kept) < len(sentences) or len(kept) > 1:
        t = " ".join(kept)
    t = ", ".join(x for x in _outside_brackets(t, r",\s+") if not _REGRET.search(x)) or t
    t = _ENDING.sub("", t)
    ask = _ASK.match(t)
    if ask:
        rest = t[ask.end():].strip()
        return Piece(to_you(lower_first(rest)), "ask") if rest else Piece("", "empty")
    if re.match(r"^I wish I(?:'d| had) (?:been|not|n't)\b", t, re.I) or re.match(r"^I wish I hadn't", t, re.I):
        return Piece("", "empty")
    low = t.lower()
    for pattern, kind in _WISH_LEADS:
        m = re.match(pattern, low)
        if m:
            rest = t[m.end():].strip(" :,-\u2014")
            if not rest:
                break
            if kind == "correct" and ":" in rest:
                rest = rest.split(":", 1)[1].strip()
            rest = to_you(lower_first(rest))
            if kind == "said":
                return Piece(_first_person("I said " + rest), "sentence")
            if kind == "correct":
                return Piece(splice(rest, first_person=True), "correct")
            if kind == "explain":
                return Piece("I'd like to " + m.group(0).split()[-1].strip() + " " + rest.replace(" \u2014 ", ": "), "sentence")
            if re.match(r"^more about\b", rest):
                return Piece(rest[len("more about "):], "more")
            if re.match(r"^(how|what|why)\b", rest):
                return Piece(rest, "share")
            return Piece(splice(rest, first_person=True), "clause" if is_clause(rest) else "topic")
    answer = re.match(r"^I (?:forgot|fumbled|missed|didn't (?:really )?answer)(?: to answer)? (.+?\bquestion(?: (?:about|on) [^,;:]+)?)"
                      r"[,;]?\s+(?:and )?I'd like to answer(?: it)?(?: properly| now| here| better)?:\s*(.+)$", t)
    if answer:
        return Piece(f"To answer {to_you(answer.group(1))} properly: {answer.group(2)}", "sentence")
    if re.match(r"^(?:want|would like|need|wanted) to\b", low):
        return Piece(_fix_sentences("I " + lower_first(t)), "sentence")
    if re.match(r"^(?:happy|glad|open|willing|available|fine|comfortable|keen) (?:to|with)\b", low):
        return Piece("I'm " + lower_first(t), "sentence")
    if re.match(r"^more about\b", low):
        return Piece(t[len("more about "):], "more")
    if re.match(r"^(how|what|why)\b", low):
        return Piece(lower_first(_ENDING.sub("", re.split(r"(?<=[.!?])\s+", t)[0])), "share")
    if re.match(r"^(I|I'm|I've|I'd|my|also|and|one more thing|actually|you|we|the)\b", t) or is_clause(low):
        return Piece(_first_person(to_you(t)), "sentence")
    return Piece(lower_first(to_you(t)), "topic")


def _wish_sentence(p: Piece) -> str:
    return {"clause": "I also wanted to mention that {}", "topic": "I also wanted to mention {}",
            "correct": "One correction: {}", "ask": "I'd also be glad to hear about {}", "more": "I'd have liked to say more about {}",
            "share": "I'd have liked to share {}"}.get(p.kind, "{}").format(p.text)


_WISH_LEADS = [
    (r"^i (?:wish|wished) (?:i(?:'d| had| would have)|that i(?:'d| had)) (?:said|mentioned|told (?:you|them|her|him)|explained|"
     r"talked about|brought up|shared)(?: that)?\s*", "mention"),
    (r"^i (?:should have|should've|could have|could've|meant to|wanted to|forgot to|didn't get to|did not get to|never got to) "
     r"(?:say|said|mention(?:ed)?|tell (?:you|them|her|him)|told (?:you|them|her|him)|explain(?:ed)?|talk(?:ed)? about|"
     r"br(?:ing|ought) up|share(?:d)?)(?: that)?\s*", "mention"),
    (r"^i forgot (?:to say (?:that )?|that )", "mention"),
    (r"^(?:i )?(?:also )?(?:want(?:ed)? to|would like to|i'd like to) (?:mention|add|say|tell (?:you|them|her|him))(?: that)?\s*", "mention"),
    (r"^(?:mention|add|say|tell (?:them|her|him))(?: that)?\s+", "mention"),
    (r"^(?:to )?(?:correction|correct|clarification|clarify)\b\s*[:\-\u2014]?\s*(?:that\s+)?", "correct"),
    (r"^to (?:explain|add|mention)\b", "explain"),
    (r"^i (?:said|told (?:you|them|her|him)|claimed)\s+(?=.*\b(?:but|actually|not)\b)", "said"),
    (r"^that\s+", "mention"),
]


_PERSONAL_LEADS = [
    r"^(?:personal(?: touch| connection| note)?|connection)\s*[:\-\u2014]\s*",
    r"^(?:we )?(?:talked|chatted|spoke) (?:about|on)\s+",
    r"^(?:they|she|he )?(?:mentioned|said|told me)(?: that)?\s+",
    r"^shared (?:an |a )?(?:interest|love|passion) (?:in|for)\s+",
    r"^that\s+",
]


_HONORIFICS = set("dr mr ms mrs mx prof sir dame".split())
#: First names that are also ordinary words: only a capital makes them a name.
_WORD_NAMES = set("""will may hope mark bill grace joy rose faith june april august art pat sue rob jack frank guy
    dean chase drew gene jay max ray rich sky summer autumn dawn eve iris ivy lily holly pearl ruby sandy""".split())


def _reader_named(text: str, reader: str) -> tuple[str, bool]:
    """The reader named in their own note as 'you': 'marcus ran the half too' -> 'you ran the half too' (True when
    the answer opens with the reader as its subject). Other people's names are left alone."""
    family, _, given = reader.partition(",") if "," in reader else ("", "", reader)  # "Brennan, Siobhán" (Outlook)
    words = [w for w in (given + " " + family).split() if w.rstrip(".").lower() not in _HONORIFICS]
    if not words:
        return text, False
    # a first name that is also a word ("Will", "May", "Hope") counts only as typed, with its capital
    plain = words[0].lower() in _FUNCTION | _ANY_VERBS | _PAST | _WORD_NAMES
    forms = sorted({" ".join(words), words[0]}, key=len, reverse=True)
    titled = rf"(?:{'|'.join(_HONORIFICS)})\.? {re.escape(words[-1])}|" if len(words) > 1 else ""  # "Dr. Chen"
    name = "(?:" + titled + "|".join(re.escape(n) for n in forms) + ")"
    if plain:
        name = "(?-i:" + name[3:]
    t = re.sub(rf"^{name} (?:mentioned|said|told me)(?: that)?\s+(?=\S)", "", text, flags=re.I)
    opens = bool(re.match(rf"^{name}\b", t, re.I))
    t = re.sub(rf"(?<![\w-]){name}(?:'s|\u2019s)(?!\w)", "\x00your", t, flags=re.I)
    if opens:
        t = re.sub(rf"^{name} (is|was|has|does|isn't|wasn't|hasn't|doesn't)\b", lambda m: "\x00you " + {
            "is": "are", "was": "were", "has": "have", "does": "do", "isn't": "aren't", "wasn't": "weren't",
            "hasn't": "haven't", "doesn't": "don't"}[m.group(1).lower()], t, flags=re.I)
        t = re.sub(rf"^{name} (\w+?)(es|s)\b(?!')", lambda m: "\x00you " + _unverb(m.group(1), m.group(2)), t, flags=re.I)
    t = re.sub(rf"(?<![\w-]){name}(?![\w-])", "\x00you", t, flags=re.I)
    return t.replace("\x00", ""), opens


def personal(text: str, reader: str = "") -> Piece:
    """A personal touch: sentence (to send as it is) | about (a statement about the reader) | shared | topic.

    ``reader`` is the name of the person the note is written to: named in their own note, they are 'you'."""
    if nothing(text) or re.match(r"^not sure if", clean(text), re.I):
        return Piece("", "empty")
    parts = items(text)
    if len(parts) > 1 and "\n" in text.strip():  # a list: what we share, joined
        inner = [p for p in (personal(x, reader) for x in parts) if p]
        if len(inner) > 1 and all(p.kind == "shared" for p in inner):
            return Piece(join([inner[0].text] + [re.sub(r"^we(?:'re)? both ", "", p.text) if p.text.startswith("we both")
                                                 == inner[0].text.startswith("we both") else p.text for p in inner[1:]]), "shared")
        return inner[0] if inner else Piece("", "empty")
    if len(parts) > 1:  # "Shared an interest in woodworking; he builds furniture": the touch, and what the user adds
        text = parts[0] + "".join("; " + x for x in parts[1:] if re.match(r"^I\b|^I'", x))
    t = _ENDING.sub("", clean(text.strip()))
    # "we both have rescue greyhounds! hers is called Biscuit": one sentence, its parts joined
    t = re.sub(r"(?<=[a-z0-9])(?<!\bdr)(?<!\bmr)(?<!\bms)(?<!\bmrs)(?<!\bst)[!.]\s+(?=[a-z])", "; ", t)
    t, named = _reader_named(t, reader)
    t = _strip(t, _PERSONAL_LEADS)
    # "she did her PhD in Kraków, told her my grandmother is from there": the user told the reader
    t = re.sub(r"(?:^|,\s+)(?=(?:told|asked|showed|gave|sent|promised|offered|wished) (?:her|him|them|you)\b)",
               lambda m: "; I " if m.group(0) else "I ", t)
    t = re.sub(r"; I told (?:her|him|them|you) (?:that )?(?=(?:my|I|I'm|I've|we|our)\b)", " \u2014 as I mentioned, ", t)
    t = re.sub(r"^(?:we )?(?:bonded|joked|laughed|chatted|talked) (?:over|about)\s+", "", t, flags=re.I)
    t = re.sub(r",? so we (?:joked|laughed|talked|chatted|bonded) (?:about|over) (?:it|that|this)$", "", t, flags=re.I)
    t = re.sub(r"\s+(?:for|about) (?:\d+|a few|five|ten) (?:min|mins|minutes)$", "", t)
    t = re.sub(r"^same\s+", "our shared ", t, flags=re.I)
    t = re.sub(r"\b(both|all) (?:mentioned|said|admitted) (hat|lov|lik|enjoy|play|follow|miss)(?:ing|ed)\b",  # "we both mentioned hating"
               lambda m: m.group(1) + " " + {"hat": "hate", "lov": "love", "lik": "like"}.get(m.group(2), m.group(2)), t, flags=re.I)
    t = re.sub(r"^both (?=(?:have|had|love|like|hate|went|worked|grew|play|run|live|did|started|studied|coach|cycle|"
               r"volunteer|climb|know|speak|support|follow|grew)\b)", "we both ", t, flags=re.I)
    t = re.sub(r"^both (?!of us\b)(?=\w)", "we're both ", t, flags=re.I)
    # "climbs at Vertical Hub too", "also went to Loyola nursing": the reader did it
    also = bool(re.match(r"^also\s+", t, re.I))
    t = re.sub(r"^also\s+", "", t, flags=re.I)
    first = t.split()[0].lower() if t.split() else ""
    reader_did = named
    if not named and first in _PAST or not named and (first.endswith("s") and not first.endswith("ss") and (first[:-1] in _ANY_VERBS or first[:-2] in _ANY_VERBS
                                                                              or first[:-1] in ("climb", "cook", "bake", "swim", "surf", "ski"))):
        t = "you " + (first if first in _PAST else _unverb(first[:-2] if first.endswith("es") and first[:-2] in _ANY_VERBS else first[:-1],
                                                             "es" if first.endswith("es") and first[:-2] in _ANY_VERBS else "s")) + t[len(first):]
        reader_did = True
    if also and not reader_did and re.match(r"^(?:a|an|from|into|in|on)\b", t, re.I):
        t, reader_did = ("you're also " + t), True
    elif also:
        t = re.sub(r"^you ", "you also ", t) if reader_did else "also " + t
    t = re.sub(r"\s+and (?=I\b|I'm\b|I've\b|I just\b)", "; ", t)
    t = re.sub(r",\s+(?=I\b|I'm\b|I've\b|I'd\b|like me\b)", "; ", t)
    t = re.sub(r";\s+like me$", ", like me", t)
    low = t.lower()
    if not t:
        return Piece("", "empty")
    if re.match(r"^(?:we (?:both|all)|both of us|we're both|we'd both|we)\b", low):
        return Piece(to_you(lower_first(t)), "shared")
    if reader_did or re.match(r"^(?:they|she|he|his|her|their)\b", low):
        return Piece(to_you(lower_first(t)), "about")
    if re.match(r"^(?:I\b|I'm|I've|I'd|good luck|best of luck|congratulations|congrats|enjoy|happy|hope|thanks|thank you|say hi|"
                 r"have (?:a|fun)|safe travels|looking forward|you\b|your\b|it was|it's|what a)", t, re.I):
        if low.startswith("hope "):
            t = "I " + t[0].lower() + t[1:]
        return Piece(_fix_sentences(to_you(t)), "sentence")
    head = first_part(t)
    if head and not is_clause(head.lower()):
        return Piece(_article(lower_first(to_you(head))), "topic")
    if is_clause(low):
        return Piece(to_you(lower_first(t)), "about")
    return Piece(_article(lower_first(to_you(t))), "topic")


_NEXT_LEADS = [
    r"^(?:the )?next steps? (?:is|are|will be|would be)\s*(?:that\s+)?",
    r"^(?:the )?next(?: steps?)?\s*(?:[:\-\u2014]|is|up)\s*",
    r"^next,\s+",
    r"^that\s+",
]
_ROUND_WORDS = re.compile(r"\b(final|second|third|next|technical|onsite|on-site|panel|follow-up|followup|take-home|interview|"
                          r"round|presentation|case study|coding|system design|review|assessment|test|call|meeting|chat|"
                          r"conversation|shift|lesson|demo|intro|introduction|coffee|lunch|screen|check|visit|tour)\b", re.I)


def next_step(text: str) -> Piece:
    """What happens next: topic (a final round with the CTO) | to (to send three references) | clause."""
    if nothing(text):
        return Piece("", "empty")
    parts = items(text)
    if len(parts) > 1:
        inner = [p for p in (next_step(p) for p in parts) if p]
        if not inner:
            return Piece("", "empty")
        if all(p.kind == "topic" for p in inner):
            return Piece(join([p.text for p in inner]), "list")
        return inner[0]
    t = clean(tidy(text))
    said = _SAID.match(t)
    t = _SAID.sub("", t)
    t = speech(t)
    if said and re.match(r"^(?:she|he)\b", said.group(0), re.I):  # "She said she'd pass my CV on": the reader will
        pronoun = said.group(0).split()[0].lower()
        t = re.sub(rf"^{pronoun}('d|'ll| would| will)\b", lambda m: "you" + m.group(1), t, flags=re.I)
    t = _strip(t, _NEXT_LEADS)
    # "Talia (recruiter) sets up a call": a capital before a role in brackets or before a verb is a name, kept
    person = re.match(r"^([A-Z][a-z]+)(?=\s+\([^()]+\)|\s+(?:will|would|'ll|'d|should|might|may|is|sets|sends|schedules|"
                      r"arranges|emails|calls|reaches|gets|follows|books|confirms|circulates|reviews|checks)\b)", t)
    name = person.group(1) if person and person.group(1).lower() not in _FUNCTION | _NOT_NAMES else ""
    t = t if name else lower_first(t)
    # "..., maybe a take-home": a possible extra step is kept, as the user hedged it
    extra = re.search(r",\s+(?:and\s+|or\s+)?(maybe|perhaps|possibly|probably)\s+(?:also\s+)?"
                      r"((?:a|an|the|some|another|with|at|in|over|by|on)\s+[^,;.]+|(?:they|she|he|we)(?:'ll| will) [^,;.]+)$", t, re.I)
    if extra and (not is_clause(extra.group(2).lower()) or re.match(r"(?:they|she|he|we)(?:'ll| will) ", extra.group(2), re.I)):
        t = t[:extra.start()]
    else:
        extra = None
    head = first_part(t)
    t = head or t
    # what is still to happen: "Talia will set up a call", "recruiter will send the details", "Marcus will decide"
    doer = rf"({re.escape(name)}|(?:the )?(?:recruiter|hiring manager|manager|director|hr|team|panel|committee))" if name else \
        r"((?:the )?(?:recruiter|hiring manager|manager|director|hr|team|panel|committee))"
    t = re.sub(rf"^{doer} (sets|sends|schedules|arranges|emails|calls|reaches|gets|follows|books|confirms|circulates|"
               r"reviews|checks)\b", lambda m: m.group(1) + " will " + _base(m.group(2)), t, flags=re.I)
    t = re.sub(rf"^{doer} to (?=\w)", r"\1 will ", t, flags=re.I) if name else t
    t = to_you(t, singular=False, them=True)
    t = re.sub(r"\s+then (will|would)\b", r" and \1 then", t)
    t = _ENDING.sub("", t)
    low = t.lower()
    if not t or nothing(t):
        return Piece("", "empty")
    t = _roles(t)
    low = t.lower()
    words = low.split()
    if words[0] == "to" and len(words) > 1:
        return Piece(t + _extra(extra), "to")
    if words[0] in _VERBS and len(words) > 1 and not is_clause(" ".join(words[1:3])):
        return Piece("to " + t + _extra(extra), "to")
    if is_clause(low) or name and len(words) > 1:
        t = re.sub(r",\s+(?!and\b|or\b|then\b).*$", "", t) if "," in t and is_clause(t.split(",")[-1]) else t
        return Piece(splice(t) + _extra(extra), "clause")
    t = re.sub(r",\s+.*$", "", t) if _ROUND_WORDS.search(t.split(",")[0]) else t  # "an onsite at the plant, safety induction"
    t = " and ".join(_a(x) for x in t.split(" and ")) if all(len(x.split()) <= 4 for x in t.split(" and ")) else _a(t)
    t = re.sub(r"\b(the) (cto|ceo|cfo|coo|vp)\b", lambda m: f"{m.group(1)} {m.group(2).upper()}", t)
    return Piece(t + _extra(extra), "topic")


#: Words typed with a capital at the start of a next step that are not a person's name.
_NOT_NAMES = set("""recruiter recruiters manager director team panel hr interviewer interviewers feedback decision decisions
    results offer offers references reference someone everyone nobody next final second third onsite interview call
    meeting assessment test they she he we it hiring committee board legal finance procurement background interviews
    checks calls steps step panels details documents updates update paperwork title role job contract start""".split())


def _extra(extra: re.Match[str] | None) -> str:
    """', and possibly a take-home' from '..., maybe a take-home' (a hedged extra step, in a note's words)."""
    if not extra:
        return ""
    word = {"maybe": "possibly"}.get(extra.group(1).lower(), extra.group(1).lower())
    rest = _ENDING.sub("", extra.group(2))
    said = re.match(r"(they|she|he|we)(?:'ll| will) (.+)$", rest, re.I)
    if said:  # "maybe they'll add a take-home" -> "; you may add a take-home"
        how = "will probably" if word == "probably" else "may"
        return "; " + to_you(f"{said.group(1).lower()} {how} {said.group(2)}", singular=False, them=True)
    return f", {word} {rest}" if re.match(r"(?:with|at|in|over|by|on)\b", rest) else f", and {word} {rest}"


_STEP_WORDS = re.compile(_ROUND_WORDS.pattern[:-3] + r"|offer|letter|check|onsite|interview|induction|walkaround|shift|trial)\b", re.I)


def _a(text: str) -> str:
    """'final round with the CEO' -> 'a final round with the CEO'; 'reference checks' stays."""
    low = text.lower()
    head = re.split(r"\b(?:at|on|with|in|for|to|about|from|by|if|after|before)\b", low)[0].split()
    if head and head[0] not in _DETERMINERS and head[0] not in ("another", "other", "more") and not _QUANTITY.match(low) and \
            _STEP_WORDS.search(" ".join(head)) and not head[-1].endswith("s") and not text[:1].isupper():
        return ("an " if low[0] in "aeiou" else "a ") + text
    return text


def _roles(text: str) -> str:
    """'meet area manager', 'recruiter will email', 'with CTO': people named by role take 'the'."""
    roles = (r"(?:(?!(?:the|a|an|my|your|our|their|his|her|with|to|from|by|and|of|for|at|on|in) )[a-z]+ ){0,2}(?:manager|director|chair|recruiter|partner|committee|panel|founders?|lead|supervisor|principal|"
             r"head of \w+)|cto|ceo|cfo|coo|vp(?: \w+)?|team|hr manager|hiring manager")
    text = re.sub(rf"^({roles})\b(?= (?:will|would|is|are|'ll|should|might|may|to|and|sets|sends|schedules|arranges|"
                  r"emails|calls)\b)", r"the \1", text)
    return re.sub(rf"\b(with|to|from|by|and|meet|then) (?!the |a |an |my |your |our |their |his |her |two |three )({roles})\b",
                  lambda m: f"{m.group(1)} the {m.group(2)}", text, flags=re.I)


_ADVICE_LEADS = [
    r"^(?:(?:they|she|he|you) (?:said|suggested|told me|recommended|advised(?: me)?)|(?:their|her|his|your) advice (?:was|is))"
    r"(?: (?:that|to))?\s*(?=\S)",
    r"^(?:advice|tip|suggestion)s?\s*[:\-\u2014]\s*",
]


def _advisee(text: str) -> str:
    """Advice as said to the user ('ahead of you', 'your CV') as the user writes it back ('ahead of me', 'my CV');
    the adviser ('she', 'him') becomes 'you'. A title in quotes ('Designing Your Life') stays as written."""
    quoted = re.split(r"((?<!\w)['\"\u2018\u201c][^'\"\u2019\u201d]+['\"\u2019\u201d](?!\w))", text)
    if len(quoted) > 1:
        return "".join(q if i % 2 else _advisee(q) for i, q in enumerate(quoted))
    t = re.sub(r"\byour\b", "\x00my", text, flags=re.I)
    t = re.sub(r"\byou're\b", "\x00I'm", t, flags=re.I)
    t = re.sub(r"\b(of|to|for|with|than|at|ahead of) you\b", "\\1 \x00me", t, flags=re.I)
    t = re.sub(r"\byou\b", "\x00I", t, flags=re.I)
    t = re.sub(r"\b(him|her)\b(?! \w+ing)", "\x00you", t) if not re.search(r"\bher \w", t) else re.sub(r"\bhim\b", "\x00you", t)
    t = to_you(t)
    return t.replace("\x00", "")


def advice(text: str) -> Piece:
    """Advice received: to (to talk to people in SRE) | not_to | clause (that I should …) | topic (about moving into …)."""
    if nothing(text):
        return Piece("", "empty")
    parts = items(text)
    if len(parts) > 1:
        inner = [p for p in (advice(p) for p in parts) if p]
        if inner and all(p.kind == "to" for p in inner):
            if any(p.text.startswith("not to ") for p in inner):  # "not to undersell X, to write Y": each keeps its own "to"
                return Piece(join([p.text for p in inner]), "to")
            return Piece(join([inner[0].text] + [p.text.removeprefix("to ") for p in inner[1:]]), "to")
        return inner[0] if inner else Piece("", "empty")
    t = clean(tidy(text))
    recommended = re.match(r"^(?:(?:they|she|he) )?recommended (?=(?:the|a|an|this|that|her|his|their)\b)", t, re.I)
    if recommended:  # "he recommended the book 'Designing Your Life'"
        rest = re.split(r"(?<=[A-Za-z0-9)%'\"])[.!?](?:\s+|$)|\s+\u2014\s+|\s*;\s+|,\s+", t[recommended.end():])[0]
        return Piece(_advisee(rest), "recommend")
    raw = t
    t = _strip(t, _ADVICE_LEADS)
    t = speech(t) if _QUOTED.match(t) else t
    t = re.sub(r"\s+and to\s+.*$", "", t) if is_clause(t.split(" and to ")[0].lower()) else t
    said_to = bool(re.search(r"\bto\s*$", raw[: len(raw) - len(t)], re.I))
    if re.match(r"^(?:they|she|he) (?:offered|said|thinks|thought)\b", t, re.I) and not said_to:
        return Piece("", "empty") if re.match(r"^(?:they|she|he) offered\b", t, re.I) else advice(re.sub(r"^\w+ \w+\s+", "", t))
    # one piece of advice, without the comment after it
    t = re.split(r"(?<=[A-Za-z0-9)%'])[.!?](?:\s+|$)", t)[0]
    t = re.split(r"\s+\u2014\s+|\s*;\s+|\s+because\s+", t)[0]
    m = re.search(r",\s+(?!then\b|and\b|or\b|not\b|but\b)", t)
    if m and not re.match(r"^(?:take|do|get)\b.*,\s+then", t, re.I):
        t = t[:m.start()]
    t = _ENDING.sub("", t).strip()
    if not t:
        return Piece("", "empty")
    t = lower_word(t) if t[:1].isupper() else t
    low = t.lower()
    if low.startswith(("don't ", "do not ", "never ")):
        rest = re.sub(r"^(?:don't|do not|never)\s+", "", t, flags=re.I)
        return Piece("not to " + _advisee(rest), "to")
    if low.startswith("to not "):
        return Piece("not to " + _advisee(t[7:]), "to")
    words = low.split()
    if said_to or (words[0] in _VERBS and len(words) > 1):
        t = t[0].lower() + t[1:] if words[0] in _VERBS and not t[:2].isupper() else t
        body = _advisee(t)
        return Piece(body if body.lower().startswith("to ") else "to " + body, "to")
    if low.startswith("to ") and len(words) > 1:
        return Piece(_advisee(t), "to")
    if low.startswith("that "):
        return Piece(_advisee(t[5:]), "clause")
    if re.match(r"^I should\b", t) or is_clause(low):
        return Piece(_advisee(t) if not re.match(r"^I\b", t) else t, "clause")
    p = topic(t, reader=False)
    return p if p.kind != "to_bare" else Piece("to " + p.text, "to")


def will_do(text: str) -> Piece:
    """What the user will do with advice, as a first-person sentence."""
    if nothing(text):
        return Piece("", "empty")
    t = clean(tidy(text))
    t = re.sub(r",?\s+(?:honestly|I guess|I think|probably)$", "", t, flags=re.I)
    t = lower_first(t)
    if t.split() and t.split()[0].lower() in _ANY_VERBS | {"join", "enrol", "enroll", "register", "book", "follow", "try", "look",
                                                          "work", "wait", "think", "keep", "stop", "finish", "email"}:
        t = t[0].lower() + t[1:]
    t = re.sub(r"^already (?=\w+ed\b|" + "|".join(sorted(_PAST)) + r"\b)", "I already ", t)
    if "\n" not in text.strip():  # "focus on fintech only, stop applying everywhere" (a list keeps its commas)
        t = re.sub(r",\s+(?=(?:" + "|".join(sorted(_VERBS)) + r")\b)", " and ", t)
    t = to_you(t)
    low = t.lower()
    if low.startswith("to ") and len(low.split()) > 1:
        return Piece("I'm going to " + t[3:], "sentence")
    words = low.split()
    if words[0] in ("will", "shall", "am", "have", "plan", "want", "intend", "signed", "started", "booked", "joined",
                    "enrolled", "registered", "reached", "emailed", "applied", "ordered", "bought") or words[0] in _PAST:
        return Piece("I " + t, "sentence")
    if words[0] in _ANY_VERBS or words[0] in ("work", "wait", "think", "stop", "keep", "finish", "enrol") or \
            words[0] in ("sign", "read", "join", "apply", "reach", "email", "contact", "talk", "follow",
                                          "try", "look", "register", "enrol", "enroll", "book", "take", "do", "call",
                                          "message", "watch", "attend", "practise", "practice", "study", "finish"):
        return Piece("I'm going to " + t, "sentence")
    return Piece(_fix_sentences(to_you(t)), "sentence")
