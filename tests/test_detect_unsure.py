"""Unsure events: a title that says too little, or one word against clear evidence, is asked about rather than dropped,
and everyday look-alikes are not asked about."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from daemon.detection import Identity, detect
from daemon.core.model import Event, Person

ME = Identity.of(["robin.vega@example.org", "rvega@currentco.example.com"], "Robin Vega")
ROBIN = Person("robin.vega@example.org", "Robin Vega", partstat="ACCEPTED")
ROBIN_WORK = Person("rvega@currentco.example.com", "Vega, Robin", partstat="ACCEPTED")
KIM = Person("kim.okafor@acme.example", "Kim Okafor", partstat="ACCEPTED")
PRIYA_WORK = Person("priya.raman@currentco.example.com", "Raman, Priya", partstat="ACCEPTED")
LETICIA = Person("leticia.amaral@corvid.example", "Leticia Amaral")
ICIMS = Person("no-reply@icims.com", "St. Brigid's Talent Acquisition")
ASHBY = Person("no-reply@ashbyhq.com", "Acme Recruiting")
LEVER = Person("no-reply@hire.lever.co", "Acme via Lever")
T = datetime(2026, 9, 2, 14, 0, tzinfo=timezone.utc)
ZOOM = ("Kim Okafor is inviting you to a scheduled Zoom meeting.\n\nJoin Zoom Meeting\nhttps://us05web.zoom.us/j/851"
        "\nMeeting ID: 851 5063 4999\n\n")


def ev(title, description="", organizer=KIM, attendees=(KIM, ROBIN), hours=1.0):
    return Event("t", "uid", title, T, T + timedelta(hours=hours), description=description, organizer=organizer,
                 attendees=list(attendees))


@pytest.mark.parametrize("title,description,organizer,attendees,why", [
    # the user's own entry with a hidden title: its note speaks of an interview
    ("🎯", "final w/ CFO + COO. bring printed deck", None, (), "unsure.own_note"),
    ("Call", "Acme\nfinal w/ the CEO", None, (), "unsure.own_note"),
    # a meeting tool's own title from another organisation: the host's note speaks of hiring
    ("Kim Okafor's Zoom Meeting", ZOOM + "Robin - this is the live SQL + data modelling round.", KIM, (), "unsure.default_title"),
    ("Kim Okafor's Personal Meeting Room", ZOOM + "Second round with the team: Kim, Sam and Ana.", KIM, (),
     "unsure.default_title"),
    # the user's own entry naming a step in everyday words
    ("harborline case pres + meet the team", "", None, (), "unsure.own_stage"),
    # words to a candidate said several times, inside the user's own organisation, with no stage named
    ("Internal opportunity – Head of Network Planning – conversation with Priya",
     "Thanks for applying internally for the Head of Network Planning role.", PRIYA_WORK, (ROBIN_WORK,), "unsure.band"),
])
def test_a_title_that_says_too_little_is_asked_about_when_the_rest_speaks_of_hiring(title, description, organizer,
                                                                                    attendees, why):
    d = detect(ev(title, description, organizer=organizer, attendees=attendees), ME)
    assert d.decision == "unsure" and d.unsure.startswith(why + ":"), d.reasons


@pytest.mark.parametrize("title,description,organizer,attendees", [
    ("🎉", "final exams party at Sam's", None, ()),
    ("Call", "mum re: Christmas", None, ()),
    ("Final exams", "", None, ()),
    ("Exercise", "", None, ()),
    ("Site visit – roof repair", "", None, ()),
    ("Kim Okafor's Zoom Meeting", ZOOM + "Book club: we're reading chapter 3.", KIM, ()),
    ("Priya Raman's Zoom Meeting", ZOOM + "Q3 planning for the next round of funding.", PRIYA_WORK, ()),
    # after the interviews: the outcome, references, the offer (in Portuguese), paperwork, an online test
    ("Kim Okafor's Zoom Meeting", ZOOM + "Thanks for the great interviews; I'll walk you through where things landed.",
     KIM, ()),
    ("Acme: call with Kim re next steps", "Kim will share feedback from the hiring team and next steps.", LEVER,
     (ROBIN, KIM)),
    ("Acme | References & next steps with Kim", "Quick call to collect references.", ASHBY, (ROBIN, KIM)),
    ("Acme | Proposta – alinhamento com Talentos", "Vamos apresentar a proposta.", ASHBY, (ROBIN, KIM)),
    ("Acme: Form I-9 document verification", "Bring your documents.", ASHBY, (ROBIN, KIM)),
    ("Psikotes online", "", Person("recruitment@acme.example", "Acme Recruitment"), (ROBIN,)),
    ("Alumni panel: careers in data science", "", Person("careers@uni.example", "University Career Center"), (ROBIN,)),
])
def test_everyday_entries_and_after_the_interviews_are_not_asked_about(title, description, organizer, attendees):
    d = detect(ev(title, description, organizer=organizer, attendees=attendees), ME)
    assert d.decision == "not", d.reasons


@pytest.mark.parametrize("title,description,organizer,attendees,kind", [
    # a negative word inside the stage phrase it belongs to: a shadow shift is a trial shift for a candidate
    ("Shadow Shift – 4 West (Candidate)", "Shadow Luis for the first half of a night shift.", ICIMS,
     (Person("robin.vega@example.org", "Robin Vega"), Person("luis@stbrigids.example.org", "Luis Ortega, RN")),
     "assessment"),
    # a "hold" the user sent for a career chat is that chat
    ("Hold: chat w/ Leticia (Corvid PMM)", "Questions: is there a path from SE into PMM?", ROBIN_WORK, (LETICIA,),
     "informational"),
    # a field of work named after the informational phrase; a negative the title takes back; a "team match"
    ("Informational interview – UX research at Acme", "", KIM, (KIM, ROBIN), "informational"),
    ("Interview prep? No - Final interview w/ CEO", "", KIM, (KIM, ROBIN), "final"),
    ("Follow-up interview: Acme (team match)", "", KIM, (KIM, ROBIN), "other"),
    ("Robin / Carmen — monthly mentoring", "Carmen kindly agreed to mentor me through the PM switch.", ROBIN,
     (ROBIN, Person("carmen@northpine.example", "Carmen Ibarra")), "informational"),
])
def test_one_word_does_not_veto_the_phrase_it_is_part_of(title, description, organizer, attendees, kind):
    d = detect(ev(title, description, organizer=organizer, attendees=attendees), ME)
    assert d.is_interview and d.kind == kind, (d.kind, d.reasons)


def test_a_slot_at_a_hiring_event_sent_by_a_hiring_tool_is_at_worst_unsure():
    indeed = Person("no-reply@indeed.com", "Acme Store via Indeed")
    d = detect(ev("Hiring event: interview slot 2:15pm – Acme Store", "", organizer=indeed, attendees=(ROBIN,)), ME)
    assert d.decision == "unsure" and d.unsure.startswith("unsure.one_word:"), d.reasons
    d = detect(ev("Interview slots – Acme", "", organizer=PRIYA_WORK, attendees=(ROBIN_WORK,)), ME)
    assert d.decision == "not", d.reasons  # time a colleague holds, no hiring tool: the user's own interviewing


@pytest.mark.parametrize("title,description,organizer,attendees", [
    ("Shadow shift – 4 West", "Orientation: shadow Luis on nights.", PRIYA_WORK, (ROBIN_WORK,)),
    ("Shadow: Kim's interview with a candidate", "", PRIYA_WORK, (ROBIN_WORK,)),
    ("Hold: dentist", "", ROBIN, (ROBIN, KIM)),
    ("Interview training for new panelists", "", KIM, (KIM, ROBIN_WORK)),
    ("User research interview – onboarding", "", KIM, (KIM, ROBIN)),
    ("Mock interview with Kim", "", KIM, (KIM, ROBIN)),
    ("Mock interview? Not really - practice round with Kim", "", KIM, (KIM, ROBIN)),
    ("Chess match vs Kim", "", KIM, (KIM, ROBIN)),
])
def test_the_same_words_stay_negative_elsewhere(title, description, organizer, attendees):
    assert not detect(ev(title, description, organizer=organizer, attendees=attendees), ME).is_interview
