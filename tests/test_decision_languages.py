"""Decision phrases in the other five languages read like their English counterparts (daemon/core/decision_words.py).

The interview ends on Tuesday 27 October 2026, 15:00 in Berlin; each phrase's decision day is written out.
"""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from daemon.core.decision import parse_decision
from daemon.core.decision_words import in_english, language_of

END = datetime(2026, 10, 27, 15, tzinfo=ZoneInfo("Europe/Berlin"))  # a Tuesday
FRI, NEXT_FRI, TWO_WEEKS, MONTH_END = date(2026, 10, 30), date(2026, 11, 6), date(2026, 11, 10), date(2026, 10, 31)

PHRASES = [
    # German
    ("Ende nächster Woche", "de", NEXT_FRI), ("nächste Woche", "de", NEXT_FRI), ("innerhalb von zwei Wochen", "de", TWO_WEEKS),
    ("in zwei Wochen", "de", TWO_WEEKS), ("bis Freitag", "de", FRI), ("bis zum 15. November", "de", date(2026, 11, 15)),
    ("Ende des Monats", "de", MONTH_END), ("Anfang nächsten Monats", "de", date(2026, 11, 10)),
    ("in ein paar Tagen", "de", FRI), ("in 10 Werktagen", "de", TWO_WEEKS), ("bis Mitte November", "de", date(2026, 11, 15)),
    ("Ende Oktober", "de", MONTH_END), ("in 2-3 Wochen", "de", date(2026, 11, 17)),
    # French
    ("d'ici deux semaines", "fr", TWO_WEEKS), ("d'ici vendredi", "fr", FRI), ("la semaine prochaine", "fr", NEXT_FRI),
    ("fin de la semaine prochaine", "fr", NEXT_FRI), ("fin du mois", "fr", MONTH_END), ("dans 10 jours", "fr", NEXT_FRI),
    ("sous quinzaine", "fr", TWO_WEEKS), ("avant le 15 novembre", "fr", date(2026, 11, 15)), ("vendredi prochain", "fr", NEXT_FRI),
    ("dans quelques jours", "fr", FRI), ("en 10 jours ouvrés", "fr", TWO_WEEKS),
    # Spanish
    ("dentro de dos semanas", "es", TWO_WEEKS), ("antes del viernes", "es", FRI), ("la próxima semana", "es", NEXT_FRI),
    ("a finales de mes", "es", MONTH_END), ("en 10 días hábiles", "es", TWO_WEEKS), ("para el 15 de noviembre", "es", date(2026, 11, 15)),
    ("la semana que viene", "es", NEXT_FRI), ("en unos días", "es", FRI), ("en un par de semanas", "es", TWO_WEEKS),
    # Portuguese
    ("em duas semanas", "pt", TWO_WEEKS), ("até sexta-feira", "pt", FRI), ("na próxima semana", "pt", NEXT_FRI),
    ("até o fim do mês", "pt", MONTH_END), ("dentro de 10 dias úteis", "pt", TWO_WEEKS), ("até 15 de novembro", "pt", date(2026, 11, 15)),
    ("semana que vem", "pt", NEXT_FRI), ("em alguns dias", "pt", FRI), ("dentro de um par de semanas", "pt", TWO_WEEKS),
    # Dutch
    ("binnen twee weken", "nl", TWO_WEEKS), ("vóór vrijdag", "nl", FRI), ("volgende week", "nl", NEXT_FRI),
    ("eind volgende week", "nl", NEXT_FRI), ("eind van de maand", "nl", MONTH_END), ("over drie weken", "nl", date(2026, 11, 17)),
    ("uiterlijk 15 november", "nl", date(2026, 11, 15)), ("binnen 10 werkdagen", "nl", TWO_WEEKS), ("over een paar dagen", "nl", FRI),
]


@pytest.mark.parametrize("phrase,lang,day", PHRASES, ids=[p for p, _, _ in PHRASES])
def test_decision_phrases_in_other_languages(phrase, lang, day):
    assert language_of(phrase.lower()) == lang
    read = parse_decision(phrase, END)
    assert read.at is not None and read.at.date() == day, read.how
    assert read.phrase == phrase and f"'{phrase}'" in read.how  # the user's words are shown as typed


@pytest.mark.parametrize("phrase", ["within two weeks", "no idea", "over the next two weeks", "let em know by friday",
                                    "they'll do it by the end of the month", "sept 30", "in a few days, maybe a week"])
def test_english_phrases_are_left_as_they_are(phrase):
    assert language_of(phrase) == "" and in_english(phrase) == phrase


@pytest.mark.parametrize("phrase", ["bald", "bientôt", "pronto", "em breve", "binnenkort", "weiß nicht", "je ne sais pas"])
def test_vague_phrases_in_other_languages_give_no_date(phrase):
    read = parse_decision(phrase, END)
    assert read.at is None and "names no date" in read.how
