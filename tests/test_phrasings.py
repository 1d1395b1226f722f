"""The phrasing table: answers as people type them, and the sentences they become in a note.

tests/data/phrasings/<field>.toml holds at least 40 answers per field; <field>.txt beside it holds
what bench/phrasings.py renders from them, committed so that a reader can review the sentences.
The table fails when a .txt is stale (re-run ``python bench/phrasings.py`` and read the diff) and
when a rendered sentence breaks a rule a careful writer keeps.
"""

from __future__ import annotations

import importlib.util
import re
import tomllib
from pathlib import Path

import pytest

from daemon.core.notes import FIELD_SLOTS, field_sentence

ROOT = Path(__file__).resolve().parent.parent
TABLE = ROOT / "tests" / "data" / "phrasings"
LEFT_OUT = "(left out: nothing to say)"
FILLER = re.compile(r"(?<![\w/])(?:n/?a|idk|dunno|tbd|tbh|lol|imo|ngl|not sure|no idea)(?![\w/])", re.I)
DOUBLED = re.compile(r"[.!?,;:]\s*[.!?,;:]|\s{2,}")
#: Answers that say there is nothing to say: they must be left out, never rendered as content.
NOTHING = re.compile(r"^\s*(?:|idk.*|n/a.*|not sure.*|none|nothing.*|-+|no idea.*|unclear.*)\s*$", re.I)


def bench():
    spec = importlib.util.spec_from_file_location("bench_phrasings", ROOT / "bench" / "phrasings.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def answers(field: str) -> list[str]:
    return tomllib.loads((TABLE / f"{field}.toml").read_text(encoding="utf-8"))["answers"]


def rendered(field: str) -> list[tuple[str, str]]:
    """(answer as shown, sentence) pairs from the committed .txt."""
    lines = (TABLE / f"{field}.txt").read_text(encoding="utf-8").splitlines()
    pairs = []
    for i, line in enumerate(lines):
        if line.startswith("answer:"):
            assert lines[i + 1].startswith("sentence: "), f"{field}.txt line {i + 2}"
            pairs.append((line[len("answer:"):].strip(), lines[i + 1][len("sentence: "):]))
    return pairs


FIELDS = sorted(FIELD_SLOTS)


@pytest.mark.parametrize("field", FIELDS)
def test_every_field_has_forty_phrasings(field):
    found = answers(field)
    assert len(found) >= 40, f"{field}.toml: {len(found)} answers"
    assert len(set(found)) == len(found), f"{field}.toml repeats an answer"


@pytest.mark.parametrize("field", FIELDS)
def test_committed_sentences_are_current(field):
    expected = bench().render(field, answers(field))
    current = (TABLE / f"{field}.txt").read_text(encoding="utf-8")
    assert current == expected, f"tests/data/phrasings/{field}.txt is stale: run python bench/phrasings.py and review the diff"


@pytest.mark.parametrize("field", FIELDS)
def test_every_sentence_reads_as_a_careful_sentence(field):
    bad = []
    for answer, text in rendered(field):
        if text == LEFT_OUT:
            continue
        problems = [why for why, broken in (
            ("no capital first", not text[:1].isupper()),
            ("not one closing mark", not re.search(r"[^.!?][.!?]['\"\u2019\u201d)]?$", text)),
            ("filler", bool(FILLER.search(text))),
            ("doubled punctuation or spaces", bool(DOUBLED.search(text))),
            ("shorthand", bool(re.search(r"\s[+/]\s|\bw/|\besp\b|\bmgmt\b|\bmgr\b|\bppl\b", text))),
        ) if broken]
        if problems:
            bad.append(f"{answer!r} -> {text!r}: {', '.join(problems)}")
    assert not bad, "\n".join(bad)


@pytest.mark.parametrize("field", FIELDS)
def test_answers_that_say_nothing_are_left_out(field):
    said = [(a, t) for a, t in rendered(field) if NOTHING.match(a.replace("\\n", "\n")) and t != LEFT_OUT]
    assert not said, said


# Answers from the measurement that read badly once, with the sentence a careful writer sends.
CASES = [
    ("fit", "In my last role I cut false alerts by 60% by rebuilding our anomaly thresholds",
     "In my last role I cut false alerts by 60% by rebuilding our anomaly thresholds."),  # not "I'd bring in my last role ..."
    ("fit", "last year i shipped 3 apps end to end", "Last year I shipped 3 apps end to end."),
    ("fit", "I led the dbt cleanup at Tidewater, cut 1,100 models to about 400, put tests on every source, and finance stopped keeping their own spreadsheets",
     "I led the dbt cleanup at Tidewater, cut 1,100 models to about 400, put tests on every source, and finance stopped keeping their own spreadsheets."),
    ("fit", "led a team of 4, shipped the new billing system, cut costs by 30%",
     "I led a team of 4, shipped the new billing system, cut costs by 30%."),
    ("problems", "their nightly batch misses the morning SLA",
     "From our conversation, I understand that your nightly batch misses the morning SLA."),
    ("problems", "- flaky tests\n- slow deploys\n- nobody owns the monitoring",
     "From our conversation, I understand that flaky tests and slow deploys are concerns and that nobody owns the monitoring."),
    ("problems", "Safety culture on site is poor, near misses aren't reported",
     "From our conversation, I understand that safety culture on site is poor; near misses aren't reported."),
    ("problems", 'they said "we\'re drowning in tickets"', "From our conversation, I understand that you're drowning in tickets."),
    ("problems", "Contract review bottleneck - 3 lawyers reviewing everything by hand",
     "From our conversation, I understand the main challenge for your team is the contract review bottleneck."),
    ("fit", "that I have led an on-call rotation for two years", "I have led an on-call rotation for two years."),
    ("fit", "1. ten years of P&L ownership\n2. two turnarounds (Kessler Foods, Orbis Retail)\n3. board experience",
     "I have ten years of P&L ownership. I also bring two turnarounds (Kessler Foods, Orbis Retail) and board experience."),
    ("fit", "I speak the language of both design and dev, shipped 3 apps end to end",
     "I speak the language of both design and dev; I shipped 3 apps end to end."),
    ("fit", "they didn't really ask... but I think my contract management background covers it",
     "My contract management background covers it."),
    ("focus", "sales numbers + staffing", "I especially appreciated your questions about sales numbers and staffing."),
    ("focus", "Safety, safety, safety", "I especially appreciated your questions about safety."),
    ("focus", "system design, esp. how I'd deal with late/out of order events",
     "I especially appreciated your questions about system design."),
    ("excited", "we got onto the topic of accessibility and WCAG and the whole room changed",
     "I also enjoyed our discussion of accessibility and WCAG."),
    ("personal", "climbs at Vertical Hub too", "I enjoyed hearing that you climb at Vertical Hub too."),
    ("personal", "we bonded over terrible commutes on the Northern line",
     "I enjoyed our chat about terrible commutes on the Northern line."),
    ("next_step", 'they said "we\'ll let you know either way"', "I understand that you'll let me know either way."),
    ("next_step", "recruiter (Jess) will email about a final round w/ the director",
     "I understand that the recruiter will email about a final round with the director."),
    ("next_step", "meet area mgr", "I understand the next step is to meet the area manager."),
    ("wish_said", "that i speak french too", "I also wanted to mention that I speak French too."),
    ("advice", "he recommended the book 'Designing Your Life'",
     "Thank you especially for recommending the book 'Designing Your Life'."),
    ("advice", "- don't undersell the teaching\n- write a one-page case study for each project",
     "Thank you especially for the advice not to undersell the teaching and to write a one-page case study for each project."),
    # a list of whole clauses is one list sentence, each item kept whole (not "A and the B are concerns and that C")
    ("problems", "- fraud features arrive hours late so the models score on stale data\n- nobody owns data quality, 3 teams "
     "point at each other\n- getting off the old oracle warehouse by Q2",
     "From our conversation, I understand that three things matter most to your team: fraud features arrive hours late, "
     "so the models score on stale data; nobody owns data quality \u2014 3 teams point at each other; and getting off the "
     "old Oracle warehouse by Q2."),
    ("problems", "* the nightly batch misses the SLA\n* analysts dont trust the dashboards\n* cutting snowflake spend",
     "From our conversation, I understand that three things matter most to your team: the nightly batch misses the SLA; "
     "analysts don't trust the dashboards; and cutting Snowflake spend."),
    ("problems", "- on-call is brutal, 3 pages a night\n- hiring",
     "From our conversation, I understand that two things matter most to your team: on-call is brutal \u2014 3 pages a "
     "night; and hiring."),
    # never cut inside brackets; a trailing aside about the user's own performance is the user's
    ("wish_said", "that i've actually done an oracle migration before (2019, 40TB to snowflake) - totally blanked when "
     "priya asked", "I also wanted to mention that I've actually done an Oracle migration before (2019, 40TB to Snowflake)."),
    ("wish_said", "that I ran the Kafka migration at Brightline (3 clusters, zero downtime), I froze when they asked",
     "I also wanted to mention that I ran the Kafka migration at Brightline (3 clusters, zero downtime)."),
    ("wish_said", "that I have led on-call (12 engineers, follow-the-sun) - not just joined it",
     "I also wanted to mention that I have led on-call (12 engineers, follow-the-sun) \u2014 not just joined it."),
    # "her" as an object is "you"; a second person ("he", the dog) is not the reader
    ("personal", "she did her PhD in Kraków, told her my grandmother is from there",
     "I enjoyed hearing that you did your PhD in Kraków \u2014 as I mentioned, my grandmother is from there."),
    ("personal", "asked her about her dog, he is a greyhound", "I asked you about your dog, he is a greyhound."),
    ("personal", "she grows dahlias on her allotment", "I enjoyed hearing that you grow dahlias on your allotment."),
    ("personal", "we both have rescue greyhounds!! hers is called Biscuit",
     "It was fun to discover that we both have rescue greyhounds; yours is called Biscuit."),
    ("personal", "dr. chen has a greyhound too", "I enjoyed hearing that Dr. Chen has a greyhound too."),
    ("next_step", "meet dr nakamura, the medical director", "I understand the next step is to meet Dr. Nakamura, the medical director."),
    ("will_do", "signed up for the DataKind info session on the 29th, and i'll ask Owen how his first year managing went",
     "I signed up for the DataKind info session on the 29th, and I'll ask Owen how his first year managing went."),
    # weekdays, months and products in their usual spelling; ordinary words stay ordinary
    ("personal", "we both ran the waterfront half on sunday", "It was fun to discover that we both ran the waterfront half on Sunday."),
    ("fit", "moved freight events from nightly batch to streaming (kafka + flink) on aws",
     "I moved freight events from nightly batch to streaming (Kafka and Flink) on AWS."),
    ("fit", "rewrote the spark jobs in python and moved the dags to airflow, dbt for the models",
     "I rewrote the Spark jobs in Python and moved the dags to Airflow, dbt for the models."),
    ("problems", "their kafka setup doesn't spark joy for anyone",
     "From our conversation, I understand that your Kafka setup doesn't spark joy for anyone."),
    ("personal", "she's the oracle on pricing at her old firm",
     "I enjoyed hearing that you're the oracle on pricing at your old firm."),
    ("wish_said", "that I can start in may", "I also wanted to mention that I can start in May."),
    ("fit", "designed the star and snowflake schemas for the finance mart in redshift",
     "I designed the star and snowflake schemas for the finance mart in Redshift."),
    ("personal", "she has a pet python called Monty", "I enjoyed hearing that you have a pet python called Monty."),
    ("excited", "when I talked about cutting our aws bill by 30%", "I also enjoyed our discussion of cutting our AWS bill by 30%."),
    # a clause takes no article; a name keeps its capital; a hedged extra step is kept
    ("next_step", "Talia (recruiter) sets up a call w/ the VP, maybe a take-home",
     "I understand that Talia will set up a call with the VP, and possibly a take-home."),
    ("next_step", "Recruiter sets up a call", "I understand that the recruiter will set up a call."),
    ("next_step", "final round with the CTO, maybe a take-home",
     "I look forward to the next step, a final round with the CTO, and possibly a take-home."),
    ("next_step", "Jess will email next week", "I understand that Jess will email next week."),
    ("next_step", "final round next week, maybe they'll add a take-home",
     "I look forward to the next step, a final round next week; you may add a take-home."),
    ("next_step", "Talia sets up a call, maybe with the CTO too", "I understand that Talia will set up a call, possibly with the CTO too."),
    ("next_step", "Marcus (director) to decide by Friday", "I understand that Marcus will decide by Friday."),
    # "on call" is the rota, a noun: not "questions about call"
    ("focus", "on call, and who owns data quality when it breaks at 2am",
     "I especially appreciated your questions about on-call and who owns data quality when it breaks at 2am."),
    ("focus", "on call rotations + escalation", "I especially appreciated your questions about on-call rotations and escalation."),
    ("focus", "what it's like to be on call", "I especially appreciated your questions about what it's like to be on call."),
]


@pytest.mark.parametrize(("field", "answer", "expected"), CASES, ids=[f"{f}-{i}" for i, (f, _, _) in enumerate(CASES)])
def test_answers_that_read_badly_once(field, answer, expected):
    assert field_sentence(bench().writer(), field, answer) == expected


# Answers read in the note to the person they name: that person is "you"; anyone else keeps their name.
READER_CASES = [
    ("personal", "Marcus Feld", "marcus ran the waterfront half on sunday too!",
     "I enjoyed hearing that you ran the waterfront half on Sunday too."),
    ("personal", "Marcus Feld", "marcus's daughter just started at Tufts", "I enjoyed hearing that your daughter just started at Tufts."),
    ("personal", "Marcus Feld", "Marcus runs the harbour 10k every year", "I enjoyed hearing that you run the harbour 10k every year."),
    ("personal", "Marcus Feld", "marcus mentioned he coaches his son's hockey team",
     "I enjoyed hearing that you coach your son's hockey team."),
    ("personal", "Marcus Feld", "priya ran the half too", "I enjoyed hearing that priya ran the half too."),
    ("personal", "Marcus Feld", "told marcus about my first marathon", "I told you about my first marathon."),
    ("personal", "Brennan, Siobhán", "siobhán's son plays in the same hockey league as my nephew",
     "I enjoyed hearing that your son plays in the same hockey league as my nephew."),
    ("personal", "Dr. Amy Chen", "dr. chen said her lab just got a new sequencer",
     "I enjoyed hearing that your lab just got a new sequencer."),
    # a first name that is also a word is a name only with its capital
    ("personal", "Will Turner", "we will both be at the Leeds meetup in march",
     "It was fun to discover that we will both be at the Leeds meetup in March."),
    ("personal", "Will Turner", "Will ran the Leeds half too", "I enjoyed hearing that you ran the Leeds half too."),
]


@pytest.mark.parametrize(("field", "reader", "answer", "expected"), READER_CASES,
                         ids=[f"{f}-{i}" for i, (f, _, _, _) in enumerate(READER_CASES)])
def test_answers_that_name_their_reader(field, reader, answer, expected):
    assert field_sentence(bench().writer(), field, answer, reader=reader) == expected
