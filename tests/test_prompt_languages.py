"""What followthrough says to its user, in the ``[drafts] language`` (daemon/core/prompts.py), through the real service.

The debrief prompt and its reminder, the nudge, the question about an unsure event and the debrief's questions (in
the terminal and on the web form) in each of the six languages; command lines stay as typed. Each debrief question
shows the start of the sentence its answer becomes: typed after it, the answer reads as that sentence in the note.
"""

from __future__ import annotations

import io
import re
from datetime import datetime, timedelta
from types import SimpleNamespace

import pytest

from daemon.core import prompts
from daemon.cli.answers import ask_in_terminal
from daemon.core.debrief import prefill, questions_for
from daemon.core.decision import parse_decision
from daemon.core.notes import LANGUAGES
from tests.test_runner import END, KIM, MORNING, NY, UNSURE_UID, World, event, reply, thanked, unsure_event

TITLE = "Interview with Acme - technical round"
# What a native speaker expects to read, written out per language (not taken from the tables).
EXPECTED = {
    "en": {"prompt": "How did it go? " + TITLE, "reminder": "Reminder: How did it go? " + TITLE,
           "nudge": "Your thank-you notes for " + TITLE + " are waiting", "day": "Thursday, October 22",
           "question": "Was ‘Zoom meeting", "reason": "some signs of hiring", "debrief": "What excited them most?"},
    "de": {"prompt": "Wie lief es? " + TITLE, "reminder": "Erinnerung: Wie lief es? " + TITLE,
           "nudge": "Die Dankschreiben zu " + TITLE + " warten", "day": "Donnerstag, 22. Oktober",
           "question": "War „Zoom meeting", "reason": "Hinweise auf eine Bewerbung", "debrief": "Was braucht das Team?"},
    "fr": {"prompt": "Comment ça s'est passé\u00a0? " + TITLE, "reminder": "Rappel\u00a0: comment ça s'est passé\u00a0? " + TITLE,
           "nudge": "Vos remerciements pour " + TITLE + " vous attendent", "day": "jeudi 22 octobre",
           "question": "«\u00a0Zoom meeting", "reason": "signes de recrutement", "debrief": "Quels sont les enjeux de l'équipe"},
    "es": {"prompt": "¿Qué tal te fue? " + TITLE, "reminder": "Recordatorio: ¿qué tal te fue? " + TITLE,
           "nudge": "Tus notas de agradecimiento de " + TITLE + " te esperan", "day": "jueves 22 de octubre",
           "question": "¿Fue “Zoom meeting", "reason": "proceso de selección", "debrief": "¿Qué retos tiene el equipo?"},
    "pt": {"prompt": "Como foi? " + TITLE, "reminder": "Lembrete: como foi? " + TITLE,
           "nudge": "Suas mensagens de agradecimento de " + TITLE + " estão esperando", "day": "quinta-feira, 22 de outubro",
           "question": "“Zoom meeting", "reason": "processo seletivo", "debrief": "Quais são os desafios da equipe?"},
    "nl": {"prompt": "Hoe ging het? " + TITLE, "reminder": "Herinnering: hoe ging het? " + TITLE,
           "nudge": "Je bedankjes voor " + TITLE + " liggen klaar", "day": "donderdag 22 oktober",
           "question": "Was ‘Zoom meeting", "reason": "tekenen van een sollicitatie", "debrief": "Waar worstelt het team mee?"},
}
# The English notices' words: none may appear in another language's notice.
ENGLISH = re.compile(r"How did it go|Reminder|Answer with|has ended|is still open|Or open|thank-you draft|Drafts folder|"
                     r"Still open|Yesterday's question|was not sure|Or answer|signs of hiring|simply start")
COMMANDS = ["followthrough debrief {id}"]


def world(tmp_path, lang, events):
    w = World(tmp_path, events)
    w.svc.drafts = SimpleNamespace(language=lang)
    return w


def test_every_language_has_every_message_with_the_same_blanks():
    for table in (prompts.NOTICES, prompts.REASONS, prompts.QUESTIONS, prompts.TERMINAL):
        assert set(table) == set(LANGUAGES)
        for lang in LANGUAGES:
            assert set(table[lang]) == set(table["en"]), lang
    for lang in LANGUAGES:
        for table, same in ((prompts.NOTICES, True), (prompts.REASONS, True), (prompts.TERMINAL, False)):
            for key, text in table[lang].items():
                blanks, english = set(re.findall(r"\{(\w+)\}", text)), set(re.findall(r"\{(\w+)\}", table["en"][key]))
                assert blanks == english if same else blanks <= english, (lang, key, text)
        for key, (question, hint) in prompts.QUESTIONS[lang].items():
            assert question.strip() and hint.strip() and "{" not in question + hint, (lang, key)
        # command lines and keys stay as they are typed
        words = prompts.NOTICES[lang]
        assert words["prompt.answer"].endswith("followthrough debrief {id}")
        assert words["question.yes"].endswith("followthrough mark {id} interview")
        assert words["question.no"].endswith("followthrough mark {id} not-interview")
        assert "followthrough debrief {id}" in words["question.or_debrief"]
        assert words["replied.wait"].endswith("followthrough wait {id}")
        assert prompts.TERMINAL[lang]["paused"].endswith("followthrough debrief {id}")
        assert "personal" in prompts.QUESTIONS[lang]["personal"][1]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_prompt_reminder_and_nudge_are_in_the_drafts_language(lang, tmp_path):
    w = world(tmp_path, lang, [event()])
    w.tick(END - timedelta(days=1))
    w.tick(END + timedelta(minutes=5))
    w.tick(END + timedelta(minutes=5) + timedelta(hours=3))
    [(prompt, body), (reminder, again)] = w.notifier.sent
    assert (prompt, reminder) == (EXPECTED[lang]["prompt"], EXPECTED[lang]["reminder"])
    assert "followthrough debrief 1" in body and "followthrough debrief 1" in again
    assert [n["text"] for n in w.svc.state.notices()] == [prompt, reminder]  # recorded as pushed
    w.debrief(END + timedelta(hours=4))
    w.tick(END + timedelta(days=1))
    subject, nudge = w.notifier.sent[-1]
    assert subject == EXPECTED[lang]["nudge"] and re.search(r"\b2\b", nudge), nudge  # both thank-yous unsent
    if lang != "en":
        for text in (body, again, nudge):
            assert not ENGLISH.search(text), text


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_question_about_an_unsure_event_is_in_the_drafts_language(lang, tmp_path):
    w = world(tmp_path, lang, [unsure_event()])
    w.tick(END - timedelta(days=1))
    w.tick(END + timedelta(minutes=5))
    w.tick(MORNING)
    [(subject, body), (again_subject, again)] = w.notifier.sent
    expected = EXPECTED[lang]
    assert expected["question"] in subject and subject != again_subject
    assert expected["question"].lower() in again_subject.lower()  # "Still open: was ‘…’" goes on in lower case
    for text in (body, again):
        flat = " ".join(text.split())
        assert expected["day"] in flat and expected["reason"] in flat, text
        assert "followthrough mark 1 interview" in flat and "followthrough mark 1 not-interview" in flat
        assert "followthrough debrief 1" in flat
        assert lang == "en" or not ENGLISH.search(text), text
    assert w.iv(UNSURE_UID).stage == "unconfirmed"


# The notice when the primary contact replies: its subject, and the words saying the follow-up is off.
REPLIED = {"en": ("Kim Okafor replied about " + TITLE, "no follow-up will be written"),
           "de": ("Antwort von Kim Okafor zu „" + TITLE + "“", "keine Nachfrage geschrieben"),
           "fr": ("Réponse de Kim Okafor\u00a0: «\u00a0" + TITLE + "\u00a0»", "aucune relance ne sera donc rédigée"),
           "es": ("Kim Okafor respondió sobre " + TITLE, "no se escribirá ningún seguimiento"),
           "pt": ("Kim Okafor respondeu sobre " + TITLE, "nenhuma mensagem de acompanhamento será escrita"),
           "nl": ("Reactie van Kim Okafor over " + TITLE, "er komt geen opvolgmail")}


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_reply_notice_is_in_the_drafts_language(lang, tmp_path):
    w = thanked(world(tmp_path, lang, [event()]))
    kim_says = datetime(2026, 11, 6, 9, tzinfo=NY)
    w.mb.deliver(reply(KIM, "Re: Thank you", kim_says, in_reply_to=w.row("thank_you", KIM.email)["message_id"]))
    w.tick(kim_says + timedelta(minutes=15))
    subject, body = w.notifier.sent[-1]
    assert subject == REPLIED[lang][0] and REPLIED[lang][1] in " ".join(body.split()), body
    assert "followthrough wait 1" in body and re.search(r"\b7\b", body), body  # the default wait, in business days
    assert lang == "en" or not re.search(r"replied|keep waiting|business days|Or open", body, re.I), body


def test_a_reason_with_no_words_in_the_language_is_left_out_rather_than_said_in_english():
    assert prompts.unsure_reason("de", "unsure.new_rule: something else", "something else") == ""
    assert prompts.unsure_reason("en", "unsure.new_rule: something else", "something else") == "something else"
    assert prompts.unsure_reason("fr", "unsure.one_word: an invitation to you ... ('debrief')", "") == (
        "une invitation qui vous est adressée en tant que candidat, contredite par un seul mot («\u00a0debrief\u00a0»)")


# What the user types after each question's start, per language (the interview's questions).
TYPED = {
    "de": {"excited": "die Telemetrie-Pipeline", "problems": "weniger Fehlalarme vor dem Start",
           "wish_said": "ich habe Kafka im Produktivbetrieb verantwortet", "next_step": "ein letztes Gespräch mit der CTO",
           "fit": "In meiner letzten Position habe ich die Fehlalarme um 60 % gesenkt"},
    "fr": {"excited": "vos projets pour la chaîne de télémétrie", "problems": "réduire le bruit des alertes",
           "wish_said": "j'ai exploité Kafka en production", "next_step": "un dernier entretien avec la CTO",
           "fit": "Dans mon dernier poste, j'ai réduit les fausses alertes de 60 %"},
    "es": {"excited": "sus planes para la canalización de telemetría", "problems": "reducir el ruido de alertas",
           "wish_said": "he llevado Kafka en producción", "next_step": "una última ronda con la CTO",
           "fit": "En mi último puesto reduje las falsas alertas un 60 %"},
    "pt": {"excited": "os seus planos para o pipeline de telemetria", "problems": "reduzir o ruído de alertas",
           "wish_said": "já operei Kafka em produção", "next_step": "uma última rodada com a CTO",
           "fit": "No meu último emprego, reduzi os alertas falsos em 60%"},
    "nl": {"excited": "uw plannen voor de telemetriepijplijn", "problems": "minder ruis in de meldingen",
           "wish_said": "ik heb Kafka in productie beheerd", "next_step": "een laatste ronde met de CTO",
           "fit": "In mijn vorige functie heb ik het aantal valse meldingen met 60% verlaagd"},
}


def _quoted(text: str) -> list[str]:
    """The phrases quoted in a hint: „…“, “…”, « … », or 'English' quotes (an apostrophe inside a word is no quote)."""
    return [a or b for a, b in re.findall(r"[„“«‘]\s?([^„“”«»‘’]+?)\s?[“”»’]|(?<!\w)'([^']+)'(?!\w)", text)]


def _start(question: str) -> str:
    """The quoted sentence start of a question ("… „Besonders gern habe ich mit Ihnen über dieses Thema gesprochen: …“")."""
    m = re.search(r"[„“«]\s?(?P<s>[^„“”«»]*…[^„“”«»]*?)\s?[“”»]", question)
    assert m, question
    return m["s"]


@pytest.mark.parametrize("lang", sorted(TYPED))
def test_the_terminal_debrief_asks_in_the_drafts_language_and_each_answer_becomes_the_sentence_it_starts(lang, tmp_path):
    w = world(tmp_path, lang, [event()])
    w.tick(END - timedelta(days=1))
    w.tick(END + timedelta(minutes=5))
    iv = w.iv()
    typed = TYPED[lang]
    questions = {q.key: q.text for q in questions_for(iv.kind, w.svc.prompt_language())}
    hint = prompts.QUESTIONS[lang]["decision_by"][1]
    first_phrase = _quoted(hint)[0]
    replies = {questions[k]: v for k, v in typed.items()} | {questions["decision_by"]: first_phrase}
    out, asked = io.StringIO(), []
    last = [""]

    def ask(prompt: str) -> str:
        asked.append(prompt)
        if prompt != "> ":
            return ""  # the people from the invitation, no one else, formal notes
        return replies.get(last[0], "")

    class Out(io.StringIO):
        def write(self, s):
            for q in questions.values():
                if q in s:
                    last[0] = q
            return super().write(s)

    out = Out()
    answers = ask_in_terminal(iv, prefill(iv), lambda a: None, ask=ask, out=out, lang=w.svc.prompt_language())
    shown = out.getvalue()
    assert EXPECTED[lang]["debrief"] in shown and "What excited them most" not in shown
    assert prompts.TERMINAL[lang]["anyone"] in asked and prompts.TERMINAL[lang]["formal"] in asked
    w.svc.complete_debrief(iv, answers, END + timedelta(hours=1))
    note = " ".join(w.message("thank_you", KIM.email).get_content().split())
    for key in ("excited", "problems", "wish_said", "next_step"):
        sentence = _start(questions[key]).replace("…", typed[key]).replace("\u00a0", " ")  # French spacing
        sentence = sentence if sentence.endswith(".") else sentence + "."
        assert sentence in note, (key, sentence, note)
    assert typed["fit"] + "." in note  # a sentence of the user's own, as the question starts it
    assert not w.iv().decision_default, w.iv().decision_how  # the hint's phrase is read as a date


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_decision_hints_are_phrases_the_service_reads_as_dates(lang):
    [question] = [q for q in questions_for("technical", lang) if q.key == "decision_by"]
    phrases = _quoted(question.hint)
    assert len(phrases) == 3, question.hint
    for phrase in phrases:
        assert parse_decision(phrase, END).at is not None, (lang, phrase)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_web_form_asks_in_the_drafts_language(lang, tmp_path):
    from daemon.web.app import environment, form_page

    w = world(tmp_path, lang, [event()])
    w.tick(END + timedelta(minutes=5))
    page = form_page(w.svc, w.iv().id)
    assert [q.key for q in page["questions"]] == [q.key for q in questions_for(w.iv().kind)]
    html = environment().get_template("debrief.html").render(csrf="x", problems=[], **page)
    import html as h

    text = h.unescape(html)
    for question in page["questions"]:
        assert question.text in text and question.hint in text
    assert EXPECTED[lang]["debrief"] in text
    for label in prompts.web_words(lang).values():  # the page's own labels too
        assert label in text, (lang, label)
    if lang != "en":
        assert not {"Who you met", "Add someone", "Preview the drafts", "What you heard"} & set(re.findall(r">([^<>]+)<", html))


def test_every_language_labels_the_whole_web_page():
    for lang in LANGUAGES:
        assert set(prompts.WEB[lang]) == set(prompts.WEB["en"]), lang


def test_the_cli_prompts_and_asks_in_german_when_the_config_says_so(tmp_path):
    """`run --once` says the debrief prompt, and `followthrough debrief` asks, in the [drafts] language."""
    import subprocess

    from tests.test_e2e import AFTER_END, DEBRIEF_AT, ROOT
    from tests.test_e2e import World as Machine

    machine = Machine(tmp_path)
    config = machine.root / "config.toml"
    config.write_text(config.read_text() + '[drafts]\nlanguage = "de"\n')
    said = machine.cli(AFTER_END, "run", "--once").stdout
    assert "Wie lief es? Interview with Acme - Backend Engineer" in said and "Antworten mit: followthrough debrief 1" in said
    assert "How did it go?" not in said
    paused = subprocess.run(machine.argv(DEBRIEF_AT, "debrief", "1"), input="", capture_output=True, text=True,
                            env=machine.env, cwd=ROOT, timeout=60)
    assert paused.returncode == 130 and "Weiter mit: followthrough debrief 1" in paused.stdout, paused.stdout
    typed = ["Bereitschaftsdienste", "Batch zu Streams", "", "j", "die Telemetrie-Pipeline", "weniger Fehlalarme vor dem Start",
             "In meiner letzten Position habe ich die Fehlalarme um 60 % gesenkt", "", "", "ein letztes Gespräch",
             "bis Freitag", "", ""]
    proc = subprocess.run(machine.argv(DEBRIEF_AT, "debrief", "1"), input="\n".join(typed) + "\n", capture_output=True,
                          text=True, env=machine.env, cwd=ROOT, timeout=60)
    assert proc.returncode == 0, proc.stderr
    for words in ("Nachbereitung: Interview with Acme", "Was war Kim Okafor am wichtigsten?", "Förmliche Schreiben",
                  "„Besonders gern habe ich mit Ihnen über dieses Thema gesprochen: …“", "Was braucht das Team?"):
        assert words in proc.stdout, (words, proc.stdout)
    assert "What excited them most" not in proc.stdout and "Formal notes" not in proc.stdout
    bodies = " ".join(" ".join(m.get_content().split()) for m in machine.drafts())
    assert "worum es Ihrem Team vor allem geht: weniger Fehlalarme vor dem Start." in bodies, bodies
    again = machine.cli(DEBRIEF_AT, "debrief", "1").stdout
    assert "Termin #1 ist schon nachbereitet" in again and "debriefed already" not in again


# The informational interview's own questions: what the user types after each start.
ADVICE = {"de": ("mit Leuten aus dem SRE-Team sprechen", "Ich melde mich für den SRE-Kurs an, den Sie empfohlen haben"),
          "fr": ("parler aux équipes SRE", "Je vais m'inscrire à la formation SRE que vous m'avez conseillée"),
          "es": ("hablar con gente de SRE", "Voy a apuntarme al curso de SRE que me recomendó"),
          "pt": ("conversar com o pessoal de SRE", "Vou me inscrever no curso de SRE que você sugeriu"),
          "nl": ("praten met mensen van SRE", "Ik schrijf me in voor de SRE-cursus die u aanraadde")}


@pytest.mark.parametrize("lang", sorted(ADVICE))
def test_an_informational_debrief_asks_about_advice_in_the_shape_its_note_uses(lang, tmp_path):
    w = world(tmp_path, lang, [event(title="Informational interview with Acme")])
    w.tick(END + timedelta(minutes=5))
    assert w.iv().kind == "informational"
    questions = {q.key: q.text for q in questions_for(w.iv().kind, w.svc.prompt_language())}
    assert "problems" not in questions and {"advice", "will_do"} <= set(questions)
    advice, will_do = ADVICE[lang]
    w.debrief(END + timedelta(hours=1), advice=advice, will_do=will_do, excited="", personal="")
    note = " ".join(w.message("informational", KIM.email).get_content().split())
    assert _start(questions["advice"]).replace("…", advice).replace("\u00a0", " ") + "." in note, note
    assert will_do + "." in note and will_do.split()[0] in _start(questions["will_do"]), note
