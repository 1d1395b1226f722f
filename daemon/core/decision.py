"""When the interviewer said they would decide, read from their words ("within two weeks", "COB Friday").

Relative phrases count from the interview, not from when the user types them, and the decision is due at the
end of that day (23:59:59) in the interview's zone. Own rules come first: dateparser returns None for many of
these phrases ("within two weeks", "end of the month", "EOD") and reads "may" in "they may decide soon" as a
month. dateparser is the fallback, trusted only when the text holds a real date token. Ambiguous numeric
dates ("3/4") are refused rather than guessed: a wrong date means a follow-up at the wrong time.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Callable

from daemon.core.businessdays import add_business_days, end_of_day
from daemon.core.decision_words import in_english


@dataclass(frozen=True)
class Decision:
    """When the decision is due (``at``, None if the phrase gave no date), the phrase, and how it was read."""

    at: datetime | None
    phrase: str
    how: str
    #: The phrase puts the decision after its date ("after the board meets on the 3rd"): ``at`` is a couple of
    #: business days later, and nobody may be told they promised a decision "by" it.
    after: bool = False


# A rule's reading: (day, meaning), (None, why not), or None when the rule does not apply after all.
Reading = tuple[date | None, str]
Rule = Callable[[re.Match, date], Reading | None]

_MONTHS = "january february march april may june july august september october november december".split()
_MONTH_ABBR = {"jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9,
               "oct": 10, "nov": 11, "dec": 12}
MONTHS = {name: i for i, name in enumerate(_MONTHS, 1)} | _MONTH_ABBR
_WEEKDAYS = "monday tuesday wednesday thursday friday saturday sunday".split()
# No "sat"/"sun"/"wed" abbreviations: they are ordinary words.
WEEKDAYS = {name: i for i, name in enumerate(_WEEKDAYS)} | {"mon": 0, "tue": 1, "tues": 1, "thu": 3, "thur": 3,
                                                           "thurs": 3, "fri": 4}
NUMBERS = {w: i for i, w in enumerate("zero one two three four five six seven eight nine ten eleven twelve".split())}
NUMBERS |= {"a": 1, "an": 1}
VAGUE = {"couple": 2, "few": 3, "several": 4}  # "a few days" means 3 business days

_MONTH = "|".join(sorted(MONTHS, key=len, reverse=True))
_WEEKDAY = "|".join(sorted(WEEKDAYS, key=len, reverse=True))
_NUM = r"\d+|(?:a\s+)?couple(?:\s+of)?|(?:a\s+)?few|several|an?|" + "|".join(NUMBERS)
_PART = r"early|beginning of|start of|mid|middle of|end of|late|later"
PART_DAY = {"early": 10, "beginning of": 10, "start of": 10, "mid": 15, "middle of": 15}  # else the month's end
_DAY_ABBR = "Mon Tue Wed Thu Fri Sat Sun".split()
# dateparser is asked only when one of these is present; "may" counts only next to a number (caught by \d).
_DATE_TOKEN = re.compile(
    r"\d|\b(?:%s|%s|today|tonight|tomorrow|weeks?|months?|years?|fortnight|days?)\b"
    % ("|".join(m for m in MONTHS if m != "may"), _WEEKDAY)
)

RULES: list[tuple[re.Pattern, Rule]] = []


def _rule(pattern: str):
    """Register a rule; rules are tried in the order they are written, the first reading wins."""

    def register(fn: Rule) -> Rule:
        RULES.append((re.compile(pattern), fn))
        return fn

    return register


def fmt_day(d: date) -> str:
    """'Fri 2026-09-18', the same in every locale."""
    return f"{_DAY_ABBR[d.weekday()]} {d.isoformat()}"


def _last_day(year: int, month: int) -> int:
    return calendar.monthrange(year, month)[1]


def _month_day(year: int, month: int, day: int) -> date:
    """``day`` of a month, counting months past December into the next year, clamped to the month's end."""
    year, month = year + (month - 1) // 12, (month - 1) % 12 + 1
    return date(year, month, min(day, _last_day(year, month)))


def _business(d: date, n: int) -> date:
    return add_business_days(datetime.combine(d, time()), n).date()


def _month_year(month: int, d0: date) -> int:
    """A month named without a year: this year's if it has not ended at the interview, else next year's."""
    return d0.year if month >= d0.month else d0.year + 1


def _number(word: str) -> tuple[int, bool]:
    """The value of "two", "10", "a few"...; and whether it was vague."""
    word = re.sub(r"^a\s+|\s+of$", "", word)
    if word in VAGUE:
        return VAGUE[word], True
    return (int(word) if word.isdigit() else NUMBERS[word]), False


@_rule(r"\bafter (?:the )?(?:holidays|christmas|new year'?s?)\b|\bin the new year\b")
def _holidays(m: re.Match, d0: date) -> Reading:
    """The year-end holidays, read only near them; people need a few days back before deciding."""
    if not (d0.month >= 11 or (d0.month == 1 and d0.day <= 7)):
        return None, "which holidays? only read from November to early January"
    year = d0.year + 1 if d0.month >= 11 else d0.year
    first = date(year, 1, 2)
    while first.weekday() >= 5:
        first += timedelta(days=1)
    return _business(first, 3), f"the year-end holidays: first working day {fmt_day(first)} + 3 business days"


@_rule(r"\b(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})\b")
def _iso(m: re.Match, d0: date) -> Reading:
    try:
        return date(int(m[1]), int(m[2]), int(m[3])), "that date"
    except ValueError:
        return None, f"'{m[0]}' is not a real date"


@_rule(r"\b(\d{1,2})[/.](\d{1,2})(?:[/.](\d{4}|\d{2}))?\b(?!\s*(?:days?|weeks?|months?)\b)")
def _numeric(m: re.Match, d0: date) -> Reading:
    """"15/10" or "10/15"; "3/4" is refused: 3 April in most of the world, March 4 in the US."""
    a, b = int(m[1]), int(m[2])
    if a <= 12 and b <= 12 and a != b:
        return None, f"it could be {a} {_MONTHS[b - 1].title()} or {_MONTHS[a - 1].title()} {b}; not guessing"
    month, day = (b, a) if a > 12 else (a, b)
    year = (2000 + int(m[3]) % 100 if len(m[3]) == 2 else int(m[3])) if m[3] else _month_year(month, d0)
    try:
        return date(year, month, day), "that date"
    except ValueError:
        return None, f"'{m[0]}' is not a real date"


@_rule(rf"\b(?P<m>{_MONTH})\.?\s+(?:the\s+)?(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\b(?:,?\s*(?P<y>\d{{4}}))?")
@_rule(rf"\b(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<m>{_MONTH})\b\.?(?:,?\s*(?P<y>\d{{4}}))?")
def _named_date(m: re.Match, d0: date) -> Reading:
    """"October 3", "3rd of Oct", "Oct 3, 2026"; without a year, the month's next occurrence."""
    month = MONTHS[m["m"]]
    year = int(m["y"]) if m["y"] else _month_year(month, d0)
    try:
        return date(year, month, int(m["d"])), "that date"
    except ValueError:
        return None, f"'{m[0]}' is not a real date"




@_rule(r"\bthe\s+(?P<d>\d{1,2})(?:st|nd|rd|th)?\b(?!\s*(?:round|interview|stage|time|weeks?|days?|months?))"
       r"|^(?:by\s+|on\s+)?(?P<d2>\d{1,2})(?:st|nd|rd|th)$")
def _day_of_month(m: re.Match, d0: date) -> Reading:
    """"by the 15th": the next 15th after the interview; "the 31st" in a short month is its last day."""
    day = int(m["d"] or m["d2"])
    if not 1 <= day <= 31:
        return None, f"there is no day {day} in a month"
    found = _month_day(d0.year, d0.month, day)
    if found <= d0:
        found = _month_day(d0.year, d0.month + 1, day)
    suffix = "th" if 11 <= day <= 13 else {1: "st", 2: "nd", 3: "rd"}.get(day % 10, "th")
    return found, f"the next {day}{suffix} after the interview"


@_rule(r"\b(?P<after>(?:the\s+)?day after\s+)?tomorrow\b")
def _tomorrow(m: re.Match, d0: date) -> Reading:
    if m["after"]:
        return d0 + timedelta(days=2), "two days after the interview"
    return d0 + timedelta(days=1), "the day after the interview"


@_rule(rf"\b(?:(?P<wk>a week from)\s+|(?P<mod>this|next|coming)\s+)?(?P<wd>{_WEEKDAY})\b"
       r"(?:\s+(?:of\s+)?(?P<nw>next week))?")
def _weekday(m: re.Match, d0: date) -> Reading:
    """"Friday" is the first Friday after the interview, never its own day; "next Friday" is in the next week."""
    wd = WEEKDAYS[m["wd"]]
    name = _WEEKDAYS[wd].title()
    if m["mod"] == "next" or m["nw"]:
        found, meaning = d0 - timedelta(days=d0.weekday() - 7 - wd), f"{name} of the week after the interview's"
    else:
        found, meaning = d0 + timedelta(days=(wd - d0.weekday() - 1) % 7 + 1), f"the first {name} after the interview"
    if m["wk"]:
        found, meaning = found + timedelta(days=7), f"a week after {meaning}"
    return found, meaning


@_rule(rf"\b(?:(?P<part>{_PART})\s+)?next week\b")
def _next_week(m: re.Match, d0: date) -> Reading:
    wd = {"early": 1, "beginning of": 1, "start of": 1, "mid": 2, "middle of": 2}.get(m["part"], 4)
    return d0 - timedelta(days=d0.weekday() - 7 - wd), f"{_WEEKDAYS[wd].title()} of the week after the interview's"


@_rule(r"\b(?:(?:end of|later|late)\s+)?(?:the|this)\s+week\b")
def _this_week(m: re.Match, d0: date) -> Reading:
    return d0 + timedelta(days=(4 - d0.weekday()) % 7), "the end of the interview's week (Friday)"


@_rule(rf"\b(?:(?P<part>{_PART})\s+)?(?:(?P<rel>next|this|the)\s+)?month\b")
def _relative_month(m: re.Match, d0: date) -> Reading | None:
    """"end of the month", "early next month" (the 10th), "mid next month" (the 15th), "next month" (its end)."""
    if not (m["part"] or m["rel"]):
        return None  # "a month" is a duration
    month = d0.month + (m["rel"] == "next")
    day = PART_DAY.get(m["part"], 31)
    which = "next month" if m["rel"] == "next" else "the interview's month"
    return _month_day(d0.year, month, day), (f"the {day}th of {which}" if day < 31 else f"the end of {which}")


@_rule(rf"\b(?:(?P<part>{_PART}|in|by|until|during|before)\s+)?(?P<m>{_MONTH})\b"
       r"(?:\.?\s+(?P<y>\d{4})\b)?(?!\.?\s*\d)")
def _named_month(m: re.Match, d0: date) -> Reading | None:
    """"end of October", "mid-October" (the 15th), "early October" (the 10th), "by October" (its end)."""
    if not m["part"] and m[0] != m.string:
        return None  # a bare "may" inside a sentence is not a month
    month = MONTHS[m["m"]]
    year = int(m["y"]) if m["y"] else _month_year(month, d0)
    name = _MONTHS[month - 1].title()
    if m["part"] == "before":
        return _month_day(year, month - 1, 31), f"the end of the month before {name}"
    day = PART_DAY.get(m["part"], 31)
    return _month_day(year, month, day), (f"{day} {name}" if day < 31 else f"the end of {name}")


@_rule(rf"(?<![\d.,])\b(?P<n>{_NUM})(?:\s*(?:-|to|or)\s*(?P<n2>{_NUM}))?\s+(?P<biz>(?:business|working)\s+)?"
       rf"(?P<unit>hours?|days?|weeks?|months?)\b(?:\s+or\s+(?P<n3>{_NUM}))?|\b(?:a\s+)?fortnight\b")
def _duration(m: re.Match, d0: date) -> Reading:
    """"within two weeks", "a few days" (business days: 3), "2-3 weeks" (the later end), "48 hours"."""
    if not m["unit"]:
        return d0 + timedelta(days=14), "two weeks after the interview"
    numbers = [_number(w) for w in (m["n"], m["n2"], m["n3"]) if w]
    n, vague = max(v for v, _ in numbers), any(v for _, v in numbers)
    unit = m["unit"].rstrip("s")
    amount = f"{m['n']} {m['biz'] or ''}{m['unit']}" if len(numbers) == 1 else f"{n} {m['biz'] or ''}{unit}s"
    if unit == "day" and (vague or m["biz"]):
        found = _business(d0, n)
    elif unit == "hour":
        found = d0 + timedelta(days=-(-n // 24))  # whole days, rounded up
    elif unit == "day":
        found = d0 + timedelta(days=n)
    elif unit == "week":
        found = d0 + timedelta(weeks=n)
    else:
        found = _month_day(d0.year, d0.month + n, d0.day)
    if vague:
        amount += f" ({n} {'business day' if unit == 'day' else unit}s)"
    later = " (the later end)" if len(numbers) > 1 else ""
    return found, f"{amount} after the interview{later}"


@_rule(r"\b(?:today|tonight|eod|cob|eob|end of (?:the )?(?:business )?day|close of business|end of business)\b")
def _today(m: re.Match, d0: date) -> Reading:
    return d0, "the interview day"


@_rule(r"\b(?:soon|shortly|asap|tbd|tbc|no idea|not sure|unknown|don'?t know)\b")
def _vague(m: re.Match, d0: date) -> Reading:
    return None, "it names no date"


def _normalise(text: str) -> str:
    """Lower case, one space between words, "mid-October" as "mid october", no closing punctuation."""
    text = text.lower().replace("\u2019", "'").replace("\u2013", "-").replace("\u2014", "-")
    text = re.sub(r"(?<=[a-z])-(?=[a-z])", " ", text)
    return re.sub(r"\s+", " ", text).strip().rstrip(".!?,;")


#: Words before a date saying the decision comes once it has passed ("after the board meets on the 3rd").
_AFTER = re.compile(r"\b(?:after|once|following|not before|no earlier than)\b")
_BY = re.compile(r"\b(?:after|once|following|not before|no earlier than|by|before|until|till|within|on or before)\b")
AFTER_DAYS = 2  # business days after such a date before a decision is expected


def _by_rules(text: str, d0: date) -> tuple[Reading, bool] | None:
    """The first reading of the first rule that applies, trying every place each rule matches; and whether an
    "after …" word stands before the date it read (the holidays rule counts its own "after")."""
    for pattern, rule in RULES:
        for match in pattern.finditer(text):
            reading = rule(match, d0)
            if reading is not None:
                words = _BY.findall(text[:match.start()])  # the word nearest the date decides: "after lunch, by Friday"
                return reading, rule is not _holidays and bool(words) and bool(_AFTER.fullmatch(words[-1]))
    return None


def _by_dateparser(text: str, interview_end: datetime) -> Reading | None:
    """dateparser's reading, if the text has a date token. Imported here: its first call takes about a second."""
    if not _DATE_TOKEN.search(text.lower()):
        return None
    import dateparser

    settings = {
        "RELATIVE_BASE": interview_end.replace(tzinfo=None),
        "PREFER_DATES_FROM": "future",
        "RETURN_AS_TIMEZONE_AWARE": False,
    }
    found = dateparser.parse(text, languages=["en"], settings=settings)
    return (found.date(), "read by dateparser") if found else None


def warm_up() -> None:
    """Pay dateparser's slow first call at start-up rather than in the middle of a debrief."""
    _by_dateparser("1 October", datetime(2000, 1, 1))


def parse_decision(text: str, interview_end: datetime) -> Decision:
    """Read ``text`` relative to the interview; ``at`` is None (with the reason in ``how``) if it gives no date."""
    phrase = (text or "").strip()
    if not phrase:
        return Decision(None, phrase, "no decision date given")
    d0 = interview_end.date()
    text = in_english(_normalise(phrase))  # "Ende nächster Woche" -> "end of next week"
    ruled = _by_rules(text, d0)
    reading, after = ruled if ruled else (_by_dateparser(text if text != _normalise(phrase) else phrase, interview_end), False)
    if reading is None:
        return Decision(None, phrase, f"could not read '{phrase}'")
    if ruled is None and _AFTER.search(text.split()[0] if text else ""):
        after = True  # "after 3 October", read by dateparser
    day, meaning = reading
    if day is None:
        return Decision(None, phrase, f"could not read '{phrase}': {meaning}")
    if day < d0:
        day, meaning = d0, f"{meaning}, already past at the interview, so the interview day"
    if after:
        day, meaning = _business(day, AFTER_DAYS), f"after {meaning} ({fmt_day(day)}), so {AFTER_DAYS} business days later"
    return Decision(end_of_day(day, interview_end.tzinfo), phrase, f"'{phrase}' → {meaning}: {fmt_day(day)}", after)


def default_decision(interview_end: datetime, business_days: int = 7) -> Decision:
    """The decision date to assume when none was given: ``business_days`` after the interview."""
    day = add_business_days(interview_end, business_days).date()
    how = f"the default, {business_days} business days after the interview: {fmt_day(day)}"
    return Decision(end_of_day(day, interview_end.tzinfo), "", how)


def decision_or_default(text: str, interview_end: datetime, default_business_days: int = 7) -> Decision:
    """The phrase's reading, else the default; ``how`` says why it fell back."""
    read = parse_decision(text, interview_end)
    if read.at is not None:
        return read
    fallback = default_decision(interview_end, default_business_days)
    return Decision(fallback.at, read.phrase, f"{read.how}; using {fallback.how}")
