"""Drafts in each of the six languages, from one debrief through the real service (tests/test_runner.py's World).

A language the config accepts is written in that language: never English frames around answers typed in Spanish.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone
from types import SimpleNamespace

import pytest

from daemon.core import notes
from daemon.core.notes import LANGUAGES, Reader, Writer, greeting, language_of
from tests.test_runner import END, FOLLOWUP, KIM, LEE, World, answers, event

# What a debrief typed in each language looks like, and words that must appear in that language's notes.
TYPED = {
    "en": ({"excited": "the telemetry pipeline", "problems": "alert noise before the launch", "next_step": "a final round"},
           ["Dear Dr. Okafor,", "Thursday, October 22"]),
    "de": ({"excited": "die Telemetrie-Pipeline", "problems": "zu viele Fehlalarme vor dem Start", "next_step": "ein letztes Gespräch"},
           ["Guten Tag Dr. Okafor,", "Donnerstag, 22. Oktober", "Sie"]),
    "fr": ({"excited": "la chaîne de télémétrie", "problems": "trop d'alertes avant le lancement", "next_step": "un dernier entretien"},
           ["Bonjour Kim Okafor,", "jeudi 22 octobre", "vous"]),
    "es": ({"excited": "la canalización de telemetría", "problems": "demasiadas alertas antes del lanzamiento",
            "next_step": "una última entrevista"}, ["Estimado Dr. Okafor:", "jueves 22 de octubre", "Atentamente,"]),
    "pt": ({"excited": "o pipeline de telemetria", "problems": "alertas demais antes do lançamento",
            "next_step": "uma última entrevista"}, ["Prezado Dr. Okafor,", "22 de outubro", "Atenciosamente,"]),
    "nl": ({"excited": "de telemetriepijplijn", "problems": "te veel meldingen voor de lancering", "next_step": "een laatste gesprek"},
           ["Beste dr. Okafor,", "donderdag 22 oktober", "Met vriendelijke groet,"]),
}
# Frames of the English notes: none may appear in a note in another language.
ENGLISH = re.compile(r"\b(Thank you|Dear|Hi|I enjoyed|I look forward|Best|Kind regards|the team|you mentioned|"
                     r"If I haven't heard)\b")


def written(lang: str, tmp_path, *, configured: bool = False) -> tuple[World, str, str]:
    """The primary contact's thank-you and first follow-up, in ``lang`` (the debrief's or the [drafts] table's)."""
    w = World(tmp_path, [event()])
    if configured:
        w.svc.drafts = SimpleNamespace(language=lang)
    w.tick(END - timedelta(days=1))
    w.tick(END + timedelta(minutes=5))
    typed, _ = TYPED[lang]
    extra = {} if configured else {"language": lang}
    w.svc.complete_debrief(w.iv(), answers(fit="", personal="", wish_said="", **typed, **extra), END + timedelta(hours=1))
    thank_you = w.message("thank_you", KIM.email)
    w.send("thank_you", KIM.email)
    w.tick(END + timedelta(hours=3))
    w.tick(FOLLOWUP)
    followup = w.message("followup1", KIM.email)
    return w, f"{thank_you['Subject']}\n{thank_you.get_content()}", f"{followup['Subject']}\n{followup.get_content()}"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_debrief_in_each_language_writes_the_thank_you_and_follow_up_in_it(lang, tmp_path):
    w, thank_you, followup = written(lang, tmp_path)
    typed, words = TYPED[lang]
    flat = " ".join(thank_you.split())
    for word in words:
        assert word in flat, (word, thank_you)
    assert typed["problems"] in flat and typed["next_step"] in flat
    assert followup.startswith("Re: ") and words[0] in followup
    if lang != "en":
        assert not ENGLISH.search(thank_you), thank_you
        assert not ENGLISH.search(followup.split("\n", 1)[1]), followup
    # the panelist's note is in the same language
    other = w.message("thank_you", LEE.email).get_content()
    assert lang == "en" or not ENGLISH.search(other), other


@pytest.mark.parametrize("lang", ["es", "pt", "nl"])
def test_the_drafts_language_from_the_config_is_used_when_the_debrief_names_none(lang, tmp_path):
    _, thank_you, _ = written(lang, tmp_path, configured=True)
    assert TYPED[lang][1][0] in thank_you and not ENGLISH.search(thank_you), thank_you


def test_every_language_the_config_accepts_has_its_own_table():
    for lang in LANGUAGES:
        assert language_of(lang) == lang and language_of(lang.upper() + "-XX") == lang
    assert language_of("sv") == "en"


def test_each_table_has_every_sentence_the_writer_uses():
    """French is the reference: the tables for answers kept as typed; English has more (it rephrases answers)."""
    keys = set(notes.FR) - {"informal"}
    for lang, table in notes.TABLES.items():
        missing = keys - set(table)
        assert not missing, (lang, sorted(missing))
        if lang != "en":
            assert set(table) - {"informal"} == keys, (lang, sorted(set(table) - keys))
        assert set(table.get("informal", {})) <= keys, lang  # informal wordings replace formal ones, nothing else
        for key, value in {**table, **table.get("informal", {})}.items():
            if key == "informal":
                continue
            for text in [value] if isinstance(value, str) else value:
                fields = set(re.findall(r"\{(\w+)\}", text))
                assert fields <= {"x", "X", "day", "short", "post", "company", "about", "date", "names", "post_or_role",
                                  "at_company"}, (lang, key, text)


DAY = datetime(2026, 9, 3, 15, tzinfo=timezone.utc)


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("post,company", [("Data Engineer", "Acme"), ("", "Acme"), ("Data Engineer", ""), ("", "")])
def test_every_kind_reads_without_holes_or_stray_marks(lang, post, company):
    """No empty braces, doubled spaces or words, gendered slashes; a capital after every full stop."""
    w = Writer(lang, company=company, post=post, day=DAY, zone=timezone.utc, formal=True)
    answered = {"excited": "x-topic", "problems": "y-need", "fit": "z-fit", "next_step": "n-step", "advice": "a-advice",
                "will_do": "w-will", "wish_said": "s-wish"}
    r = Reader("Ana Souza", "a@x", focus="f-focus", honorific="Dr.")
    panel = Reader("Jo Bloggs", "j@x", index=1, primary=False)
    made = [w.thank_you(r, answered, DAY + timedelta(days=7)), w.thank_you(panel, answered, None), w.informational(r, answered),
            w.referral(Reader("Sam Lee", "s@x"), ["Ana Souza"]), w.referral(Reader("Sam Lee", "s@x"), ["Ana Souza"], intro=True),
            w.followup(r, answered, 1, "S", DAY + timedelta(days=6)),
            w.followup(r, answered, 2, "S", None), w.closing(r, answered, "S")]
    made += [w.referral_update(Reader("Sam Lee", "s@x"), o) for o in ("offer", "rejected", "withdrawn")]
    for note in made:
        text = "\n".join([note.subject, note.greeting, *note.paragraphs, note.signoff])
        assert "{" not in text and "  " not in text and " ." not in text and " ," not in text, text
        assert not re.search(r"\b(\w+) \1\b", text, re.I), text
        assert not re.search(r"\w/\w|\(a\)", text.replace("x-topic", "")), text
        for para in note.paragraphs:
            assert not re.search(r"[.!?] [a-zà-ÿ]", para), para
            assert para[0].isupper() or para[0] in "¿¡" or lang == "de", para


@pytest.mark.parametrize("lang,honorific,expected", [
    ("es", "Dra.", "Estimada Dra. García López:"), ("es", "", "Hola, Ana García López:"), ("es", "Sr.", "Estimado Sr. García López:"),
    ("pt", "Dra.", "Prezada Dra. López,"), ("pt", "", "Olá, Ana García López,"), ("pt", "Profa.", "Prezada Profa. López,"),
    ("nl", "mevrouw", "Beste mevrouw García López,"), ("nl", "", "Beste Ana García López,"),
    ("en", "Dra.", "Dear Dr. García López,"), ("de", "Dra.", "Sehr geehrte Frau Dr. García López,"),
    ("fr", "Dra.", "Bonjour Madame García López,"), ("fr", "Dr.", "Bonjour Ana García López,"),
])
def test_greetings_follow_the_title_chosen_and_stay_neutral_without_one(lang, honorific, expected):
    assert greeting(lang, "Ana García López", honorific, formal=True) == expected


@pytest.mark.parametrize("lang,expected", [("es", "Hola, Ana:"), ("pt", "Olá, Ana,"), ("nl", "Beste Ana,")])
def test_informal_greetings_use_the_first_name(lang, expected):
    assert greeting(lang, "Ana Souza", "", formal=False) == expected



@pytest.mark.parametrize("lang", LANGUAGES)
def test_with_no_language_set_the_notes_take_the_language_the_answers_are_typed_in(lang, tmp_path):
    w = World(tmp_path, [event()])
    w.tick(END + timedelta(minutes=5))
    typed, words = TYPED[lang]
    w.svc.complete_debrief(w.iv(), answers(fit="", personal="", wish_said="", **typed), END + timedelta(hours=1))
    body = " ".join(w.message("thank_you", KIM.email).get_content().split())
    assert words[0] in body, body


def test_english_answers_to_a_french_invitation_stay_english(tmp_path):
    w = World(tmp_path, [event(title="Entretien avec Acme pour le poste de développeur")])
    w.tick(END + timedelta(minutes=5))
    w.svc.complete_debrief(w.iv(), answers(), END + timedelta(hours=1))
    assert w.message("thank_you", KIM.email).get_content().startswith("Dear Dr. Okafor,")


@pytest.mark.parametrize("text,expected", [
    ("the telemetry pipeline and the on-call load for our team", "en"), ("die Telemetrie-Pipeline und das Team", "de"),
    ("la chaîne de télémétrie et les alertes", "fr"), ("el equipo necesita reducir las alertas", "es"),
    ("a equipe precisa reduzir os alertas", "pt"), ("het team heeft een nieuwe pijplijn nodig", "nl"),
    ("Kubernetes", ""), ("", ""),
])
def test_the_language_of_typed_answers(text, expected):
    assert notes.guess_language(text) == expected


@pytest.mark.parametrize("zone,long,short", [
    ("America/Toronto", "Thursday, September 3", "September 3"), ("America/New_York", "Thursday, September 3", "September 3"),
    ("Europe/London", "Thursday, 3 September", "3 September"), ("Australia/Sydney", "Friday, 4 September", "4 September"),
])
def test_english_dates_in_the_order_the_reader_expects(zone, long, short):
    from zoneinfo import ZoneInfo

    assert notes.day_words(DAY, ZoneInfo(zone)) == long and notes.day_words(DAY, ZoneInfo(zone), short=True) == short
    assert notes.day_words(DAY, ZoneInfo(zone), "de") in ("Donnerstag, 3. September", "Freitag, 4. September")


@pytest.mark.parametrize("lang,reader,greeted,formal_pronoun,answered", [
    ("de", "Lena Vogel", "Hallo Lena,", r"\b(?:Sie|Ihnen|Ihre?[mnrs]?)\b",
     {"problems": "zu viele Fehlalarme", "advice": "mit mehr Leuten sprechen"}),
    ("nl", "Lotte Bakker", "Beste Lotte,", r"\b(?:u|uw|Uw|U)\b", {"problems": "te veel meldingen", "advice": "met meer mensen praten"}),
    ("es", "Lucía Pérez", "Hola, Lucía:", r"\b(?:usted|su|sus|suyas|[Ll]e|escribirle|enviarle|indicarme|Podría)\b",
     {"problems": "demasiadas alertas", "advice": "hablar con más gente"}),
])
def test_first_names_mean_the_informal_pronoun_throughout(lang, reader, greeted, formal_pronoun, answered):
    """German du, Dutch je, Spanish tú: never a formal pronoun after a first name."""
    w = Writer(lang, company="Acme", post="Data Engineer", day=DAY, zone=timezone.utc, formal=False)
    r = Reader(reader, "l@x", focus="x-focus")
    made = [w.thank_you(r, answered, DAY + timedelta(days=7)), w.informational(r, answered),
            w.followup(r, answered, 1, "S", DAY + timedelta(days=6)), w.followup(r, answered, 2, "S", None),
            w.closing(r, answered, "S")]
    for note in made:
        assert note.greeting == greeted, note.greeting
        text = " ".join([note.subject, *note.paragraphs])
        assert not re.search(formal_pronoun, text), text
    panelist = w.thank_you(Reader("Jo Bloggs", "j@x", index=1, primary=False), answered, None)
    assert not re.search(formal_pronoun, " ".join(panelist.paragraphs)), panelist.paragraphs
    formal = Writer(lang, company="Acme", post="", day=DAY, zone=timezone.utc, formal=True)
    assert re.search(formal_pronoun, " ".join(formal.thank_you(r, answered, None).paragraphs))  # the formal notes keep it
