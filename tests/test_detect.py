"""Detection rules, one behaviour per test: what must count, what must not, and whom to thank."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from daemon.detection import Identity, detect, recipients
from daemon.core.model import Event, Person

ME = Identity.of(["robin.vega@example.org", "rvega@currentco.example.com"], "Robin Vega")
ROBIN = Person("robin.vega@example.org", "Robin Vega", partstat="ACCEPTED")
ROBIN_WORK = Person("rvega@currentco.example.com", "Robin Vega", partstat="ACCEPTED")
KIM = Person("kim.okafor@acme.example", "Kim Okafor", partstat="ACCEPTED")
PRIYA = Person("priya.shah@acme.example", "Priya Shah", partstat="ACCEPTED")
T = datetime(2026, 9, 2, 14, 0, tzinfo=timezone.utc)


def ev(title, description="", organizer=KIM, attendees=(KIM, ROBIN), **kw):
    return Event("t", "uid", title, T, T + timedelta(hours=1), description=description, organizer=organizer,
                 attendees=list(attendees), **kw)


@pytest.mark.parametrize(
    "title,kind",
    [
        ("Interview with Acme", "other"),
        ("Phone screen - Acme", "screen"),
        ("Recruiter call: Robin Vega", "screen"),
        ("Technical interview (system design)", "technical"),
        ("Hiring manager interview", "hiring_manager"),
        ("Panel interview - Data team", "panel"),
        ("Virtual onsite: Acme", "onsite"),
        ("Final round with the CTO", "final"),
        ("Assessment centre", "assessment"),
        ("Informational interview with Kim", "informational"),
        ("Coffee chat - career advice", "informational"),
        ("Entretien d'embauche - Acme", "other"),
        ("Vorstellungsgespräch bei Acme", "other"),
        ("Entrevista de trabajo", "other"),
        ("Sollicitatiegesprek Acme", "other"),
        ("面接 (Acme株式会社)", "other"),
        ("Superday - Investment Banking", "final"),
    ],
)
def test_must_count(title, kind):
    d = detect(ev(title), ME)
    assert d.is_interview, d.reasons
    assert d.kind == kind


@pytest.mark.parametrize(
    "title,description",
    [
        ("Acme <> Robin Vega", "Scheduled via Greenhouse. You'll be meeting with Kim Okafor, hiring manager for the role."),
        ("Chat with Kim (Acme)", "Thanks for applying! This is a phone screen with our recruiter about the position."),
        ("Acme - next steps", "Final round: three conversations with the team."),
    ],
)
def test_counts_when_only_the_description_or_sender_says_so(title, description):
    org = Person("no-reply@greenhouse.io", "Acme Recruiting")
    assert detect(ev(title, description, organizer=org, attendees=(KIM, ROBIN)), ME).is_interview


@pytest.mark.parametrize(
    "title,description,organizer,attendees",
    [
        ("Mock interview with career coach", "", KIM, (KIM, ROBIN)),
        ("Interview prep session", "", KIM, (KIM, ROBIN)),
        ("Webinar: how to ace your interview", "", KIM, (KIM, ROBIN)),
        ("Podcast interview: Data Weekly", "", KIM, (KIM, ROBIN)),
        ("User interview - onboarding flow research", "", KIM, (KIM, ROBIN)),
        ("Exit interview", "", KIM, (KIM, ROBIN)),
        ("Interview with the Vampire (film)", "", KIM, (KIM, ROBIN)),
        ("Interview: Jamie Lee (Candidate) - Backend", "Please submit your scorecard.", ROBIN_WORK, (Person("jamie@gmail.com", "Jamie Lee"), ROBIN_WORK)),
        ("Interview - Jamie Lee", "", ROBIN_WORK, (Person("jamie@gmail.com", "Jamie Lee"), ROBIN_WORK)),
        ("Candidate debrief: Jamie Lee", "", KIM, (KIM, ROBIN_WORK)),
        ("Hiring committee", "", KIM, (KIM, ROBIN_WORK)),
        ("Team sync", "", KIM, (KIM, ROBIN)),
        ("Prep for Acme interview", "", ROBIN, ()),
    ],
)
def test_must_not_count(title, description, organizer, attendees):
    d = detect(ev(title, description, organizer=organizer, attendees=attendees), ME)
    assert not d.is_interview, d.reasons


def test_cancelled_and_declined_do_not_count():
    assert not detect(ev("Interview with Acme", status="CANCELLED"), ME).is_interview
    declined = Person("robin.vega@example.org", "Robin Vega", partstat="DECLINED")
    d = detect(ev("Interview with Acme", attendees=(KIM, declined)), ME)
    assert not d.is_interview and d.reasons == ["event.declined: you declined it"]


def test_interview_typed_on_own_calendar_counts():
    d = detect(ev("Acme interview w/ Dana", organizer=ROBIN, attendees=()), ME)
    assert d.is_interview and d.interviewers == []


def test_recipients_are_people_not_me_rooms_or_no_reply():
    room = Person("c_123@resource.calendar.google.com", "Conf Room 4B (8)", cutype="ROOM")
    bot = Person("no-reply@greenhouse.io", "Acme via Greenhouse")
    d = detect(ev("Interview with Acme", organizer=bot, attendees=(KIM, PRIYA, ROBIN, room)), ME)
    assert [p.email for p in d.interviewers] == ["kim.okafor@acme.example", "priya.shah@acme.example"]


def test_organizer_is_thanked_when_no_attendee_is_a_person():
    d = detect(ev("Interview with Acme", organizer=KIM, attendees=(ROBIN,)), ME)
    assert [p.email for p in d.interviewers] == ["kim.okafor@acme.example"]


def test_role_mailbox_only_when_no_person_is_known():
    talent = Person("talent@acme.example", "Acme Talent")
    assert [p.email for p in recipients(ev("x", organizer=talent, attendees=(talent, ROBIN)), ME)] == ["talent@acme.example"]
    assert [p.email for p in recipients(ev("x", organizer=talent, attendees=(talent, KIM, ROBIN)), ME)] == ["kim.okafor@acme.example"]


def test_people_named_in_the_description_when_attendees_are_missing():
    bot = Person("no-reply@ashbyhq.com", "Acme")
    desc = "You'll be meeting with Priya Shah <priya.shah@acme.example> (Staff Engineer)."
    d = detect(ev("Interview with Acme", desc, organizer=bot, attendees=(ROBIN,)), ME)
    assert [p.email for p in d.interviewers] == ["priya.shah@acme.example"]
    named = detect(ev("Interview with Acme", "Interviewers: Priya Shah, Tom Lee", organizer=bot, attendees=(ROBIN,)), ME)
    assert [p.name for p in named.interviewers] == ["Priya Shah", "Tom Lee"]


def test_declined_interviewer_is_not_thanked():
    gone = Person("tom@acme.example", "Tom Lee", partstat="DECLINED")
    d = detect(ev("Interview with Acme", attendees=(KIM, gone, ROBIN)), ME)
    assert [p.email for p in d.interviewers] == ["kim.okafor@acme.example"]


def test_company_from_address_or_title():
    assert detect(ev("Interview"), ME).company == "Acme"
    assert detect(ev("Interview at Globex", organizer=ROBIN, attendees=()), ME).company == "Globex"


def test_reasons_explain_the_decision():
    d = detect(ev("Podcast interview"), ME)
    assert any("podcast" in r for r in d.reasons)


def rules(**kw):
    from types import SimpleNamespace

    from daemon.detection import Rules

    base = dict(include_titles=[], exclude_titles=[], include_organizer_domains=[], exclude_organizer_domains=[],
                include_calendars=[], exclude_calendars=[])
    marks = kw.pop("marks", [])
    return Rules.from_config(SimpleNamespace(**{**base, **kw}), marks, None)


def test_config_rules_override_detection_and_say_so():
    d = detect(ev("Chat with Kim"), ME, rules(include_titles=["^chat with"]))
    assert d.is_interview and d.confidence == 1.0 and any("include_titles" in r for r in d.reasons)
    assert d.interviewers and d.interviewers[0].email == "kim.okafor@acme.example"
    d = detect(ev("Interview with Acme"), ME, rules(exclude_organizer_domains=["acme.example"]))
    assert not d.is_interview and any("exclude_organizer_domains" in r for r in d.reasons)
    d = detect(ev("Interview with Acme", calendar="work"), ME, rules(exclude_calendars=["work"]))
    assert not d.is_interview
    # exclusions win at the same level
    assert not detect(ev("Interview"), ME, rules(include_titles=["interview"], exclude_titles=["interview"])).is_interview


def test_marks_apply_to_the_series_then_the_organizer():
    r = rules(marks=[("uid", "kim.okafor@acme.example", False)])
    assert not detect(ev("Interview with Acme"), ME, r).is_interview
    other = Event("t", "another", "Interview with Acme", T, T + timedelta(hours=1), organizer=KIM, attendees=[KIM, ROBIN])
    d = detect(other, ME, r)
    assert not d.is_interview and any("you marked an event from kim.okafor@acme.example" in x for x in d.reasons)
    # a title rule is more specific than a mark remembered for the organizer
    assert detect(other, ME, rules(include_titles=["acme"], marks=[("uid", "kim.okafor@acme.example", False)])).is_interview


def test_rules_do_not_revive_declined_or_cancelled_events():
    declined = Person("robin.vega@example.org", "Robin Vega", partstat="DECLINED")
    assert not detect(ev("Chat", attendees=(KIM, declined)), ME, rules(include_titles=["chat"])).is_interview
    assert not detect(ev("Chat", status="CANCELLED"), ME, rules(include_titles=["chat"])).is_interview


def test_rules_fingerprint_changes_with_any_rule():
    assert rules().fingerprint() == rules().fingerprint()
    assert rules().fingerprint() != rules(exclude_titles=["x"]).fingerprint()
    assert rules().fingerprint() != rules(marks=[("u", "", True)]).fingerprint()


@pytest.mark.parametrize(
    "title,description,organizer,attendees",
    [
        ("HOLD - Interview slot (Platform loop)", "Reserves your interviewer availability.", KIM, (ROBIN_WORK,)),
        ("Interviewer availability - Backend", "", KIM, (KIM, ROBIN_WORK)),
        ("Community panelist: selection interviews", "Thank you for serving as a parent/community panelist.", KIM,
         (KIM, ROBIN)),
        ("Security clearance interview", "Bring your passport.", KIM, (KIM, ROBIN)),
        ("Drug screen appointment", "", ROBIN, ()),
        ("Vorbereitung Vorstellungsgespräch Acme", "", ROBIN, ()),
        ("Préparation entretien Acme", "", ROBIN, ()),
        ("Simulacro de entrevista", "", KIM, (KIM, ROBIN)),
        ("模擬面接 (キャリアセンター)", "", KIM, (KIM, ROBIN)),
        ("面接対策", "", ROBIN, ()),
    ],
)
def test_placeholders_checks_panelists_and_prep_in_any_language_do_not_count(title, description, organizer, attendees):
    d = detect(ev(title, description, organizer=organizer, attendees=attendees), ME)
    assert not d.is_interview, d.reasons


def test_a_self_organised_coffee_about_an_informational_counts():
    maya = Person("maya.chen@hooli.example", "Maya Chen", partstat="ACCEPTED")
    d = detect(ev("Coffee w/ Maya", "Informational - Maya leads data infra at Hooli.", organizer=ROBIN,
                  attendees=(ROBIN, maya)), ME)
    assert d.is_interview and d.kind == "informational", d.reasons
    assert [p.email for p in d.interviewers] == ["maya.chen@hooli.example"]


def test_japanese_casual_interview_is_informational():
    d = detect(ev("カジュアル面談 - Acme"), ME)
    assert d.is_interview and d.kind == "informational", d.reasons


def test_last_step_of_the_process_is_a_final_round():
    d = detect(ev("Robin Vega <> Acme: Conversation with Kim", "This is the last step of your process: a "
                  "conversation with Kim Okafor (CEO)."), ME)
    assert d.is_interview and d.kind == "final", d.reasons


def test_the_title_naming_you_as_the_candidate_counts():
    d = detect(ev("Project presentation - Robin Vega (Staff Engineer candidate)", "Format: 30 min presentation + Q&A",
                  attendees=()), ME)
    assert d.is_interview and d.kind == "assessment", d.reasons


def _timed(title, description="", attendees=(KIM, ROBIN), hours=1.0):
    return Event("t", "uid", title, T, T + timedelta(hours=hours), description=description, organizer=KIM,
                 attendees=list(attendees))


@pytest.mark.parametrize(
    "event,kind",
    [
        # a stage named in the title beats a manager named by role in it
        (_timed("Phone interview with department chair - Eastport State"), "screen"),
        (_timed("Meeting with Dean Patel (campus interview)"), "hiring_manager"),
        (_timed("Interview with the VP of Engineering"), "hiring_manager"),
        # a presentation to several people is an assessment, not a panel
        (_timed("Acme interview", "Present a project you're proud of, then Q&A.", attendees=(KIM, PRIYA, ROBIN)),
         "assessment"),
        (_timed("Acme interview", "Interviewers: Kim Okafor, Priya Shah", attendees=(KIM, PRIYA, ROBIN)), "panel"),
        # three hours or more with no stage named: an interview day
        (_timed("Interview - Acme", "Interviews with Dr. Kim Okafor (Program Director)", attendees=(ROBIN,), hours=4),
         "onsite"),
        (_timed("Interview - Acme", "Interviews with Dr. Kim Okafor (Program Director)", attendees=(ROBIN,)),
         "hiring_manager"),
        # an ordinal alone ("first conversation") yields to a manager named among the people met
        (_timed("Sollicitatiegesprek - Acme", "Eerste gesprek met Kim Okafor."), "screen"),
        (_timed("Sollicitatiegesprek - Acme", "Eerste gesprek met Kim Okafor (teammanager)."), "hiring_manager"),
        (_timed("Acme interview", "First round with Kim Okafor (Engineering Manager)."), "hiring_manager"),
        (_timed("Acme interview", "Phone screen with Kim Okafor (Engineering Manager)."), "screen"),
    ],
)
def test_kind_precedence(event, kind):
    d = detect(event, ME)
    assert d.is_interview and d.kind == kind, (d.kind, d.reasons)


def test_organizer_named_among_the_participants_is_thanked():
    d = detect(ev("Sollicitatiegesprek - Acme", "Eerste gesprek met Priya Shah (teammanager) en Kim Okafor (HR).",
                  organizer=KIM, attendees=(PRIYA, ROBIN)), ME)
    assert [p.email for p in d.interviewers] == ["priya.shah@acme.example", "kim.okafor@acme.example"]
    # only when named as one of the people met, not as a contact
    d = detect(ev("Sollicitatiegesprek - Acme", "Gesprek met Priya Shah. Vragen? Bel Kim Okafor.",
                  organizer=KIM, attendees=(PRIYA, ROBIN)), ME)
    assert [p.email for p in d.interviewers] == ["priya.shah@acme.example"]


def test_people_listed_after_with_in_other_languages_are_kept_by_name():
    bot = Person("no-reply@greenhouse.io", "Acme")
    d = detect(ev("Entretien - Acme", "Entretien avec Claire Dubois et Jean de la Tour.", organizer=bot,
                  attendees=(ROBIN,)), ME)
    assert [(p.name, p.email) for p in d.interviewers] == [("Claire Dubois", ""), ("Jean de la Tour", "")]


SAM = Person("sam.ortiz@globex.example", "Sam Ortiz", partstat="ACCEPTED")


@pytest.mark.parametrize(
    "title,description,organizer,attendees",
    [
        # an outside organisation invites you, and the invitation speaks about a post
        ("Teams call - Globex / Robin Vega", "I'm leading the search for a Principal Engineer and would love to hear "
         "about your background.", SAM, (ROBIN,)),
        ("Meeting with Kim Okafor (CEO, Acme)", "As discussed, Kim would like to meet you. The VP Engineering would "
         "report directly to her.", SAM, (ROBIN, KIM)),
        ("Chat with Prof. Kim Okafor re: postdoc position", "Kim is hiring a postdoc for the mobility project.", KIM,
         (KIM, ROBIN)),
        ("Acme - Round 2", "Interviewers: Kim Okafor, Priya Shah", SAM, (ROBIN, KIM, PRIYA)),
        ("Processo seletivo - etapa 2 (Acme)", "Olá Robin!", KIM, (KIM, ROBIN)),
        # an applicant-tracking system named in the footer, a person as the sender
        ("Acme – Code test walkthrough", "Thanks for sending in your code test!\n\nSent via Teamtailor", KIM,
         (ROBIN, PRIYA)),
        # other languages and scripts
        ("Anställningsintervju - Acme", "", KIM, (KIM, ROBIN)),
        ("龙门科技 - HR电话初筛", "感谢您投递「数据工程师」职位。", KIM, (KIM, ROBIN)),
        ("龙门科技 - 二面（业务负责人）", "", KIM, (ROBIN, PRIYA)),
        ("커피챗 - 김서연님 (Acme 데이터팀)", "", ROBIN, (ROBIN, KIM)),
        # a lecturer post is not a lecture; the user's own job talk is not a seminar to attend
        ("Acme College - first-round video interview (Lecturer in Statistics)", "Thank you for your application.",
         KIM, (KIM, ROBIN)),
        ("Research seminar: Routing at scale (R. Vega, faculty candidate)", "Faculty candidate seminar.", KIM,
         (ROBIN,)),
        # the look-alike negatives stay narrow: jobs named like them still count
        ("Interview - School Counseling Position (Eastport USD)", "", KIM, (KIM, ROBIN)),
        ("Flight attendant interview - Acme Air", "", KIM, (KIM, ROBIN)),
        ("Open House - walk-in interviews (Acme)", "", KIM, (KIM, ROBIN)),
        ("Technical interview - Acme", "You won't be evaluated on syntax; pseudo-code is fine.", KIM, (KIM, ROBIN)),
    ],
)
def test_general_signals_of_a_candidate_invitation_count(title, description, organizer, attendees):
    d = detect(ev(title, description, organizer=organizer, attendees=attendees), ME)
    assert d.is_interview, d.reasons


@pytest.mark.parametrize(
    "title,description,organizer,attendees",
    [
        ("Departure interview - R. Vega (People Team)", "We're sorry to see you go! Your final paycheck...", KIM,
         (ROBIN,)),
        ("Available for interviews (ModernLoop)", "ModernLoop books candidate interviews into these slots.",
         ROBIN_WORK, ()),
        ("Acme: complete your skills assessment", "Please complete our online assessment by the end of the day.",
         Person("no-reply@workablemail.com", "Acme (via Workable)"), (ROBIN,)),
        ("Travel to Madison (campus visit)", "Flight at 11:05.", None, ()),
        ("Literacy tutors - applicant interviews (volunteer)", "Thanks for volunteering on the tutor selection panel "
         "again! Six applicants, 25 minutes each.", KIM, (KIM, ROBIN)),
        ("모의 면접 스터디", "", None, ()),
        ("Interview ki taiyari - DSA revision", "", None, ()),
        ("Career counseling appointment", "One-on-one career counseling (resume, interview skills).", KIM,
         (ROBIN,)),
        ("Acme Career Night", "Thank you for your interest in Acme! Meet our recruiters and learn about open "
         "positions.", SAM, (SAM, ROBIN)),
        ("Acme – contract walkthrough & Q&A", "A short call to go through your employment contract before you "
         "sign.\n\nThis appointment was created with Personio.", KIM, (KIM, ROBIN)),
        ("Welcome lunch", "Now that you've accepted our offer, come meet the team you'd join!", SAM, (SAM, ROBIN)),
        # the user listed among the interviewers
        ("Interview - Jamie Lee (Backend)", "Interviewers: Robin Vega, Priya Shah", KIM,
         (KIM, ROBIN, Person("jamie@mail.example", "Jamie Lee"))),
        ("Acme onsite - Jamie Lee", "Interviewers: Priya Shah, Vega, Robin", SAM, (SAM, ROBIN)),
        # the same words in everyday meetings with outsiders
        ("Discussion about our market position", "Let's align before the board meeting.", SAM, (SAM, ROBIN)),
        ("Panel on the role of AI in hiring", "Thank you for registering.", SAM, (SAM, ROBIN)),
    ],
)
def test_look_alikes_of_the_new_signals_do_not_count(title, description, organizer, attendees):
    d = detect(ev(title, description, organizer=organizer, attendees=attendees), ME)
    assert not d.is_interview, d.reasons


@pytest.mark.parametrize(
    "event,kind",
    [
        # an ordinal in the title yields to the session the description names
        (_timed("Acme - first-round video interview", "The search committee would like to meet you.",
                attendees=(KIM, PRIYA, ROBIN)), "panel"),
        (_timed("[Acme] 1차 실무진 면접", "내용: 직무 관련 기술 질문 및 라이브 코딩"), "technical"),
        (_timed("[Acme] 2차 임원 면접"), "final"),
        (_timed("Interview with Acme – Step 2: Case interview", "Present your approach, then discussion."),
         "assessment"),
        (_timed("Interview | Platform Engineer | Acme", "We would like to invite you to the final interview with "
                "Kim Okafor and Priya Shah.", attendees=(KIM, PRIYA, ROBIN)), "final"),
        (_timed("Acme: Interview with Talent Acquisition", "Thank you for your interest in the Analyst position."),
         "screen"),
        (_timed("Interview call - Acme (HR round)", "We'll talk about your career goals and notice period."),
         "other"),
        (_timed("Fika with the Payments team (Acme)", "Before we make a decision, meet a few more people. "
                "You'll meet Kim and Priya.", attendees=(KIM, PRIYA, ROBIN)), "other"),
        # no stage named: one recruiter is a screen, someone hiring is the hiring manager
        (_timed("Teams call - Acme / Robin Vega", "I'm leading the search for a Principal Engineer.\n\nKim Okafor\n"
                "Senior Talent Partner, Acme", attendees=(ROBIN,)), "screen"),
        (_timed("Chat with Prof. Kim Okafor re: postdoc position", "Kim is hiring a postdoc."), "hiring_manager"),
    ],
)
def test_kind_of_the_new_cases(event, kind):
    d = detect(event, ME)
    assert d.is_interview and d.kind == kind, (d.kind, d.reasons)


def test_the_organizer_on_the_panel_is_thanked():
    d = detect(ev("Interview - Data Manager (Acme)", "Our interview panel will be me (Kim Okafor, HR) and Priya "
                  "Shah.", organizer=KIM, attendees=(ROBIN, PRIYA)), ME)
    assert [p.email for p in d.interviewers] == ["priya.shah@acme.example", "kim.okafor@acme.example"]


def test_initial_and_surname_name_the_user_but_not_inside_another_word():
    assert ME.named_in("research seminar (r. vega, faculty candidate)")
    assert not ME.named_in("meeting with dr. vega")


def test_loose_prefilter_never_misses_what_the_exact_patterns_match():
    from tests.detection_names import everything

    d = everything()

    texts = ["(executive search) first round", "second stage: step 2 — ronda 3", "面接 二面 1차 면접", "café réunion",
             "co-founder chat", "intervju", "watch the film", "travel to sfo", "code test walkthrough"]
    for name, pats in [(k, v) for k, v in vars(d).items() if isinstance(v, list) and v and isinstance(v[0], str)] + [
        (k, v) for group in (d.STAGE, d.TITLE_NEGATIVE) for k, v in group.items()
    ]:
        joined = d._rx2(pats)
        for text in texts + [p.replace("\\b", "") for p in pats]:
            if joined.exact.search(text):
                assert joined.prefilter(text).search(text), (name, text)


# --- terse titles, many industries and languages (the tune3 corpus) -----------------------------------------------

GMAIL_HM = Person("jordan.ellis.pdx@gmail.com", "Jordan Ellis", partstat="ACCEPTED")
SALES = Person("alex.chen@pipewell.example", "Alex Chen", partstat="ACCEPTED")
COLLEAGUE = Person("sam.whitaker@currentco.example.com", "Sam Whitaker", partstat="ACCEPTED")


@pytest.mark.parametrize(
    "title,description,organizer,attendees",
    [
        # names only: the description names the post and speaks to the candidate
        ("Robin / Jordan", "Thanks for sending over your resume. Before the formal loop I'd like to talk through the "
         "Staff Platform Engineer role on my team.", GMAIL_HM, (GMAIL_HM, ROBIN)),
        ("Robin x Kim", "Second conversation. I'd be your manager – come ready to go deep on a project you led.", KIM,
         (KIM, ROBIN)),
        ("Chat", "Following up on the Managing Director role we discussed last week. – Kim, Managing Partner", KIM,
         (ROBIN,)),
        ("Quick chat", "20 minutes for me to tell you about the Director of Platform role at Acme.\n\nKim Okafor | "
         "Executive Recruiter", KIM, (ROBIN,)),
        # a hold or a bare follow-up sent to the candidate about their own process
        ("HOLD – Robin Vega", "Please hold this afternoon for your final round with Acme; interviewer names to follow.",
         KIM, (KIM, ROBIN)),
        ("Follow-up", "Priya (VP Product; the role reports to her) missed Tuesday's panel, so this is a 1:1 with her to "
         "close out your loop.", KIM, (ROBIN, PRIYA)),
        # a title that hides what it is, on the user's own calendar
        ("Private Appointment", "Globex final round – do not book over", ROBIN, ()),
        # the user's own notes say they are the candidate
        ("Catch up w/ Priya (Acme)", "Informal first conversation about the senior role on her team – she decides "
         "whether I go to the loop.", ROBIN, (ROBIN, PRIYA)),
        # an employer's recruiting team sends it; a paid trial shift
        ("Callback – Acme LLP", "Callback interviews with partners and associates, then lunch.",
         Person("legalrecruiting@acme.example", "Legal Recruiting – Acme"), (ROBIN,)),
        ("Stage – Osteria", "Come in at 3 for a paid trial shift on the line. Chef Kim", KIM, (KIM, ROBIN)),
        # a career-advice coffee the user set up
        ("Coffee ☕", "She said yes to 30 min of advice on moving from eng into design ops.", ROBIN, (ROBIN, KIM)),
        # interview words in more languages
        ("İş görüşmesi", "", KIM, (KIM, ROBIN)),
        ("مقابلة عمل – روبن فيغا", "", KIM, (KIM, ROBIN)),
        ("Mo2abla – Robin Vega", "", KIM, (KIM, ROBIN)),
        ("ראיון עבודה – רובין וגה", "", KIM, (KIM, ROBIN)),
        ("साक्षात्कार – प्रोडक्ट मैनेजर", "", KIM, (KIM, ROBIN)),
        ("Phỏng vấn – Trưởng phòng Kinh doanh", "", KIM, (KIM, ROBIN)),
        ("Wawancara User – Manajer Operasional", "", KIM, (KIM, ROBIN)),
        ("Pohovor – Vedoucí provozu", "", KIM, (KIM, ROBIN)),
        ("Jobsamtale – sidste samtale", "", KIM, (KIM, ROBIN)),
        ("Probearbeiten – Café Kranz", "", KIM, (KIM, ROBIN)),
        ("Llamada", "Llamada inicial de 20 minutos sobre la vacante de Director Financiero.", KIM, (ROBIN,)),
        ("Conversa", "Conversa informal sobre a vaga de Diretor de Operações – seria a sua chefia directa.", GMAIL_HM,
         (ROBIN,)),
    ],
)
def test_terse_titles_count_when_the_description_or_sender_says_so(title, description, organizer, attendees):
    d = detect(ev(title, description, organizer=organizer, attendees=attendees), ME)
    assert d.is_interview, d.reasons


@pytest.mark.parametrize(
    "title,description,organizer,attendees",
    [
        ("Pipewell intro", "Congrats on your new Engineering Manager role! Let me show you Pipewell.", SALES,
         (SALES, ROBIN)),
        ("Vendor call", "Their account manager role changed; meet the new rep.", SALES, (SALES, ROBIN)),
        ("Phone chat with mom", "", None, ()),
        ("Meeting with the budget committee", "Q3 numbers.", KIM, (KIM, ROBIN)),
        ("Pierwszy etap projektu", "Plan wdrożenia.", KIM, (KIM, ROBIN)),
        ("Catch up", "Good luck for your final round tomorrow! Drinks after?", GMAIL_HM, (GMAIL_HM, ROBIN)),
        ("Meeting: moving from Jenkins to GitHub Actions", "", KIM, (KIM, ROBIN)),
        ("Zoom trial service ends", "", None, ()),
        ("Panel: next stage of the roadmap", "Q3 planning.", KIM, (KIM, ROBIN)),
        ("Board meeting – Q1", "Agenda: ED search update (finalist interviews next month); coding club budget.", KIM,
         (KIM, ROBIN)),
        ("Follow-up", "Following up on the invoice for your account.", SALES, (SALES, ROBIN)),
        ("Private appointment", "dentist", None, ()),
        ("Robin / Morgan – career conversation", "Growth conversation: where you want to be in two years.", COLLEAGUE,
         (COLLEAGUE, ROBIN_WORK)),
        # the user interviews, or "interview" has another meaning, in other languages
        ("Bewerbungsgespräch: Kandidatin L. Schmidt", "Robin führt das Fachgespräch.", COLLEAGUE,
         (COLLEAGUE, ROBIN_WORK, Person("lea@web.example", "Lea Schmidt"))),
        ("Colloquio con candidato – Backend", "Colloquio tecnico.", COLLEAGUE, (COLLEAGUE, ROBIN_WORK)),
        ("Colloquio di fine anno con il responsabile", "", COLLEAGUE, (COLLEAGUE, ROBIN_WORK)),
        ("Entrevista con medios – El Diario", "", KIM, (KIM, ROBIN)),
        ("Mülakat provası", "", GMAIL_HM, (GMAIL_HM, ROBIN)),
        ("ראיון לעיתון הארץ", "", KIM, (KIM, ROBIN)),
        ("ראיון לפודקאסט", "", KIM, (KIM, ROBIN)),
        ("مقابلة صحفية", "", KIM, (KIM, ROBIN)),
        ("Hodnoticí pohovor", "", COLLEAGUE, (COLLEAGUE, ROBIN_WORK)),
        ("मॉक इंटरव्यू", "", GMAIL_HM, (GMAIL_HM, ROBIN)),
    ],
)
def test_look_alikes_of_terse_and_multilingual_signals_do_not_count(title, description, organizer, attendees):
    d = detect(ev(title, description, organizer=organizer, attendees=attendees), ME)
    assert not d.is_interview, d.reasons


@pytest.mark.parametrize(
    "event,kind",
    [
        # a manager's role in the title after the user's name or "interview" is the post, not the person met
        (_timed("Rozmowa rekrutacyjna – Robin Vega (Kierownik Magazynu)", "Pierwszy etap rekrutacji: rozmowa z HR."),
         "screen"),
        (_timed("Warehouse Operations Manager – Interview – Robin Vega", "Site visit: walk-through, then interview.",
                attendees=(KIM, PRIYA, ROBIN), hours=3), "onsite"),
        # a first conversation with a chief executive or founder is with the one who hires
        (_timed("Head of Finance – Robin w/ Kim", "Kim Okafor (CEO, Acme) – first conversation for the Head of "
                "Finance role."),
         "hiring_manager"),
        (_timed("Robin Vega and Kim Okafor", "Applied for the Program Director role – Kim asked me to book a first "
                "interview."), "screen"),
        # a whole day with a committee at lunch is an interview day
        (_timed("Campus interview – Assistant Professor", "9:00 chair; 10:30 talk; 12:00 lunch with the search "
                "committee; 2:00 dean.", hours=8), "onsite"),
        (_timed("Intro: Robin Vega x Acme", "Informal meet & greet with Kim Okafor and Priya Shah before the formal "
                "process. Not a formal interview, but they will give feedback.", attendees=(KIM, PRIYA, ROBIN)), "other"),
        (_timed("Meet & greet – Acme Montessori", "For the lead teacher position: please prepare a 20-minute "
                "circle-time lesson; I'll observe."),
         "assessment"),
        # a three-hour pairing session is one session, not a day
        (_timed("Acme – Robin Vega", "Pair programming session with Kim and Priya for the Staff Engineer role.",
                attendees=(KIM, PRIYA, ROBIN), hours=3), "technical"),
        (_timed("Teknik mülakat – Backend"), "technical"),
        (_timed("面试 – Robin Vega（技术一面）"), "technical"),
        (_timed("HR面", "沟通薪资期望"), "other"),
        (_timed("Jobsamtale – sidste samtale"), "final"),
        (_timed("Robin Vega | Board – CEO finalist interview"), "final"),
        (_timed("Vorstellungsgespräch", "Gespräch mit Kim Okafor (Leiter Logistik)."), "hiring_manager"),
        (_timed("Quick chat", "Let me tell you about the Director of Platform role.\n\nKim | Executive Recruiter",
                attendees=(ROBIN,)), "screen"),
    ],
)
def test_kind_of_terse_and_multilingual_cases(event, kind):
    d = detect(event, ME)
    assert d.is_interview and d.kind == kind, (d.kind, d.reasons)


def test_searching_from_the_first_loose_match_finds_what_a_full_search_finds():
    from tests.detection_names import everything

    d = everything()

    texts = ["team sync", "interview with acme - technical round", "coffee chat (informational)", "the staff "
             "engineer role on my team", "r. vega, faculty candidate – research seminar", "xfinal round", "面试 二面"]
    for pats in [v for v in vars(d).values() if isinstance(v, list) and v and isinstance(v[0], str)]:
        exact = d._rx2(pats).exact
        for text in texts:
            m = exact.search(text)
            assert d._any(pats, text) == (m.group(0) if m else None)
            assert d._all(pats, text) == list(dict.fromkeys(x.group(0) for x in exact.finditer(text)))


NOOR = Person("noor.haddad@orchard.example", "Haddad, Noor", partstat="ACCEPTED")


@pytest.mark.parametrize(
    "title,description,organizer,attendees,kind",
    [
        # interview words in more languages and scripts
        ("Interviu final – Robin Vega", "", KIM, (KIM, ROBIN), "final"),
        ("Συνέντευξη γνωριμίας – Robin Vega", "", KIM, (KIM, ROBIN), "screen"),
        ("Співбесіда з керівником відділу", "", KIM, (KIM, ROBIN), "hiring_manager"),
        ("সাক্ষাৎকার – প্রথম রাউন্ড", "", KIM, (KIM, ROBIN), "screen"),
        ("สัมภาษณ์งาน รอบแรก", "", KIM, (KIM, ROBIN), "screen"),
        ("Usaili – Acme", "", KIM, (KIM, ROBIN), "other"),
        ("Pohovor – finální kolo", "", KIM, (KIM, ROBIN), "final"),
        # a career chat the user set up with someone, titled with names only or in another language
        ("Robin x Noor", "I'd love to hear how you moved into product and what the switch was like.", ROBIN,
         (ROBIN, NOOR), "informational"),
        ("Austausch – Karriere in der Energiewirtschaft", "", ROBIN, (ROBIN, NOOR), "informational"),
        ("Échange sur ton parcours", "Merci d'avoir accepté !", ROBIN, (ROBIN, NOOR), "informational"),
        ("OB訪問（ハダッドさん）", "", ROBIN, (ROBIN, NOOR), "informational"),
        # a terse title on the user's own calendar, read with its notes
        ("Call", "recruiter from Acme - Kim - ops analyst role. she calls my cell", None, (), "screen"),
        ("Tarrow", "2nd round - hiring mgr Felicity. bring portfolio", None, (), "hiring_manager"),
        # a recruiter's words: a search partner putting the user forward, a round described
        ("Intro", "Candidate intake: we go over your background, target roles and salary range so we can put you "
         "forward to clients.", KIM, (ROBIN,), "screen"),
        ("Coffee with Noor (ex-Orchard)", "", ROBIN, (ROBIN, NOOR), "informational"),
        ("Call w/ Noor - what's it like there?", "", ROBIN, (ROBIN, NOOR), "informational"),
        ("Fachinterview Backend - Acme", "", KIM, (KIM, ROBIN), "technical"),
        ("Rozmowa finałowa - Acme", "", KIM, (KIM, ROBIN), "final"),
        ("Conversa com o gestor - Acme", "", KIM, (KIM, ROBIN), "hiring_manager"),
        ("Acme - Restitution du cas pratique", "Merci pour votre candidature.", KIM, (KIM, ROBIN), "assessment"),
        ("Conversation with Acme", "For this round you'll meet Kim (VP Analytics, me), Priya and Noor together. Expect a mix "
         "of experience and scenario questions.", KIM, (ROBIN, PRIYA, NOOR), "panel"),
    ],
)
def test_more_languages_career_chats_and_notes_count(title, description, organizer, attendees, kind):
    d = detect(ev(title, description, organizer=organizer, attendees=attendees), ME)
    assert d.is_interview and d.kind == kind, (d.kind, d.reasons)


@pytest.mark.parametrize(
    "title,description,organizer,attendees",
    [
        # someone asking the user for advice
        ("pick your brain - product analytics", "I'm a junior at Northgate and found you in the alumni directory. "
         "Could I pick your brain about getting into product analytics?", NOOR, (NOOR, ROBIN)),
        ("Robin / Noor", "Thanks so much for agreeing to look over my resume and give me pointers on breaking into "
         "data engineering.", NOOR, (NOOR, ROBIN)),
        # after the offer, logistics, tests with nobody to thank, other meanings
        ("Welcome coffee ☕", "Welcome aboard! An informal virtual coffee with the team before your start date.", KIM, ()),
        ("Quick sync", "I'll walk you through the onsite agenda and who you'll meet. Just logistics!", KIM, (KIM, ROBIN)),
        ("Complete your HireVue interview – Acme", "Record your answers by Friday.", KIM, (ROBIN,)),
        ("Assessment – Numerical Reasoning", "Part of your application.", KIM, (ROBIN,)),
        ("Entrevista con la tutora – 3º B", "", KIM, (KIM, ROBIN)),
        ("Συνέντευξη στο ραδιόφωνο – Πρωινή ζώνη", "", KIM, (KIM, ROBIN)),
        ("Coffee w/ Noor - her job search", "She wants me to look at her resume.", ROBIN, (ROBIN, NOOR)),
        ("Colloquio con le maestre di Sofia", "", KIM, (KIM, ROBIN)),
        ("Theatre: 'The Interview' @ Greenroom Playhouse", "", None, ()),
        ("Acme Bank graduate insight evening", "Meet our hiring managers over drinks.", KIM, (ROBIN,)),
    ],
)
def test_advice_given_onboarding_logistics_and_look_alikes_do_not_count(title, description, organizer, attendees):
    d = detect(ev(title, description, organizer=organizer, attendees=attendees), ME)
    assert not d.is_interview, d.reasons


def test_the_organizer_named_among_those_you_meet_is_thanked():
    for name in ("Kim Okafor", "Okafor, Kim"):
        org = Person("kim.okafor@acme.example", name)
        d = detect(ev("Final round – Head of Data", "Kim (VP Data) and Priya (HR) will both be there.", organizer=org,
                      attendees=(ROBIN, PRIYA)), ME)
        assert {p.email for p in d.interviewers} == {"kim.okafor@acme.example", "priya.shah@acme.example"}


@pytest.mark.parametrize("title,description", [
    ("Drinks with Sam (ex-roommate)", ""), ("Lunch with alumni board", ""), ("Échange parcours client", ""),
    ("Café después de la carrera", ""), ("Kaffee & Karriere-Seite", ""), ("Informationsgespräch Baufinanzierung", ""),
    ("Call", "For this round of funding, expect some questions from the partners."),
    ("Entretien avec l'enseignant", ""),
])
def test_everyday_uses_of_the_newer_words_do_not_count(title, description):
    for organizer, attendees in ((ROBIN, (ROBIN, KIM)), (KIM, (KIM, ROBIN))):
        d = detect(ev(title, description, organizer=organizer, attendees=attendees), ME)
        assert not d.is_interview, (title, d.reasons)


@pytest.mark.parametrize("description", [
    "Thank you for agreeing to interview with us for the analyst role.",
    "Hi! I'm a junior recruiter at Acme; your interview for the analyst role is confirmed.",
    "We found you on LinkedIn and would love to talk about the analyst role. Your interview is at 2pm.",
])
def test_a_companys_polite_words_are_not_someone_asking_for_advice(description):
    d = detect(ev("Interview - Acme", description), ME)
    assert d.is_interview, d.reasons


HALLIE = Person("hallie.okafor@quillmark.example", "Hallie Okafor", partstat="ACCEPTED")
ROBIN_WORK_ME = Identity.of(["robin.vega@example.org", "rvega@currentco.example.com"], "Robin Vega")


@pytest.mark.parametrize("title,description,organizer,attendees", [
    # one-to-ones titled with the two names, and the career question in the description or the title
    ("Robin / Hallie — coffee", "Would love to hear how you moved from support into solutions engineering.", ROBIN,
     (ROBIN, HALLIE)),
    ("Robin x Hallie", "I'd like your honest take on whether I should go for EM roles.", ROBIN, (ROBIN, HALLIE)),
    ("Hallie / Robin – life in biotech ops", "", HALLIE, ()),
    ("Robin Vega x Hallie — climate hardware careers", "", HALLIE, ()),
    ("Virtual kopi ☕ — Robin / Hallie", "Keen to hear what the platform team at Quillmark is like.", ROBIN,
     (ROBIN, HALLIE)),
    ("Chat with Hallie", "Interested in how you moved from eng to PM & whether an MBA mattered.", HALLIE, (HALLIE, ROBIN)),
    ("15 min — learn about the Growth team @ Quillmark", "", ROBIN, (ROBIN, HALLIE)),
    ("Kariyer sohbeti – Robin & Hallie", "", HALLIE, (HALLIE, ROBIN)),
    ("Ask Me Anything: Staff+ Engineering between Hallie Okafor and Robin Vega", "", HALLIE, (HALLIE, ROBIN)),
])
def test_career_chats_in_many_shapes_are_informational(title, description, organizer, attendees):
    d = detect(ev(title, description, organizer=organizer, attendees=attendees), ME)
    assert d.is_interview and d.kind == "informational", (d.kind, d.reasons)


@pytest.mark.parametrize("title,description,organizer,attendees", [
    # the user gives the advice: someone books the user's page, interviews the user, asks as a student
    ("30 Minute Meeting between Robin Vega and Hallie Okafor", "I'm a bootcamp grad and would love your advice on "
     "breaking into backend engineering.", ROBIN, (ROBIN, HALLIE)),
    ("Informational interview with Robin Vega — Hallie (SJSU)", "Thank you for agreeing to speak with me!", HALLIE,
     (HALLIE, ROBIN)),
    ("Calder Connect: Career conversation – Hallie Okafor & Robin Vega", "Hallie requested a career conversation with "
     "you. Thank you for volunteering as an alumni mentor!", Person("noreply@connect.example", "Calder Connect"),
     (ROBIN, HALLIE)),
    ("커피챗 (멘토링) – 학교 후배 서연", "", ROBIN, (ROBIN, HALLIE)),
    # paid coaching and group sessions stay practice; a welcome coffee comes after the offer
    ("Career Coaching Session 3 of 6 between Odessa Coaching and Robin Vega", "", Person("odessa@coach.example", "Odessa"),
     (ROBIN,)),
    ("Lunch & Learn: Navigating your career (recorded)", "", KIM, (KIM, ROBIN)),
    ("Welcome coffee with your new manager", "", KIM, (KIM, ROBIN)),
    ("Bewerbungstraining: Probe-Vorstellungsgespräch", "", KIM, (KIM, ROBIN)),
])
def test_advice_given_coaching_and_welcomes_are_not_informational_interviews(title, description, organizer, attendees):
    d = detect(ev(title, description, organizer=organizer, attendees=attendees), ME)
    assert not d.is_interview, d.reasons


def test_a_coffee_chat_about_the_users_own_employer_is_not_theirs_to_be_thanked_for():
    d = detect(ev("Coffee chat: Streamlyne x CurrentCo", "", organizer=KIM, attendees=(KIM, ROBIN_WORK)), ROBIN_WORK_ME)
    assert not d.is_interview and any("your own organisation (currentco)" in r for r in d.reasons)


def test_the_first_name_pairs_a_title_only_with_one_other_name():
    assert ME.first == "robin"
    assert ME.in_pair_title("robin / hallie — coffee") and ME.in_pair_title("hallie x robin vega")
    assert not ME.in_pair_title("robinson / hallie") and not ME.in_pair_title("team sync")
    assert not Identity.of(["a@b.c"]).in_pair_title("robin / hallie")


@pytest.mark.parametrize("domain,title,expected", [
    ("northlakehealth.example", "Interview – Northlake Health", "Northlake Health"),  # as the invitation writes it
    ("meridianhealth.example", "Interview", "Meridian Health"),  # split at a word such names end with
    ("att.example", "Interview at AT&T", "AT&T"), ("deepmind.example", "DeepMind onsite", "DeepMind"),
    ("openai.example", "Chat", "Openai"),  # no guess past what is known: not "Open Ai"
    ("larchmont-payments.example", "Onsite", "Larchmont Payments"), ("mydata.example", "Chat", "Mydata"),
])
def test_the_company_is_named_as_it_writes_itself(domain, title, expected):
    from daemon.detection import company_of

    ev = Event("t", "u", title, datetime(2026, 5, 4, 15, tzinfo=timezone.utc), datetime(2026, 5, 4, 16, tzinfo=timezone.utc),
               organizer=Person(f"kim@{domain}", "Kim"), attendees=[Person("me@example.org", "Me")])
    assert company_of(ev, Identity.of(["me@example.org"], "Me")) == expected


@pytest.mark.parametrize("title,kind", [
    # titles typed on a phone: abbreviations and typos
    ("final rd w/ CFO", "final"), ("Final rnd - Acme", "final"), ("Phone scrn - Acme", "screen"),
    ("ph scrn w/ Kim", "screen"), ("1st rd - Acme", "screen"), ("intvw w/ Acme", "other"),
    ("Interveiw - Acme data team", "other"), ("int w/ Kim @ Acme", "other"), ("tech scrn w/ Kim", "technical"),
    ("Acme tech rd 2", "technical"), ("HM chat - Acme", "hiring_manager"), ("Acme hm rd", "hiring_manager"),
    ("onsite w/ Acme", "onsite"),
])
def test_titles_typed_on_a_phone_count(title, kind):
    d = detect(ev(title), ME)
    assert d.is_interview and d.kind == kind, (d.kind, d.reasons)


@pytest.mark.parametrize("title,kind", [
    ("final rd vasa!!! 🚢🚢", "final"), ("tech scrn acme 2pm", "technical"), ("provpass café linnea ☕", "assessment"),
])
def test_phone_typed_entries_on_the_users_own_calendar_count(title, kind):
    d = detect(ev(title, organizer=None, attendees=()), ME)
    assert d.is_interview and d.kind == kind, (d.kind, d.reasons)


@pytest.mark.parametrize("title", ["Int'l sales sync", "Interval training", "Final exams", "Screen time limits",
                                   "HM Revenue tax return", "Scrnshot review", "Print w/ Kim"])
def test_look_alikes_of_phone_typed_words_do_not_count(title):
    for organizer, attendees in ((ROBIN, (ROBIN, KIM)), (KIM, (KIM, ROBIN))):
        d = detect(ev(title, organizer=organizer, attendees=attendees), ME)
        assert not d.is_interview, (title, d.reasons)


@pytest.mark.parametrize("title,description,organizer,attendees,kind", [
    # a trial or shadow shift, a case study, a recruiter's first conversation, named in other languages
    ("Lumière Fret – étude de cas à présenter", "Présentation de votre étude de cas : 30 min.", KIM, (KIM, PRIYA, ROBIN),
     "assessment"),
    ("Conversa informal – Vaga Engenheiro(a) de Dados", "Obrigada pela candidatura. Esta é a primeira etapa do "
     "processo seletivo.\nKim Okafor | Tech Recruiter", KIM, (ROBIN,), "screen"),
    ("Search firm / Acme – meeting with Kim Okafor (CEO)", "Priya will introduce you. Kim would be your line manager.",
     PRIYA, (PRIYA, ROBIN), "hiring_manager"),
])
def test_more_words_to_a_candidate_count(title, description, organizer, attendees, kind):
    d = detect(ev(title, description, organizer=organizer, attendees=attendees), ME)
    assert d.is_interview and d.kind == kind, (d.kind, d.reasons)


@pytest.mark.parametrize("domain,expected", [
    ("quillon.de", "Quillon"), ("finflow.com.br", "Finflow"), ("acme.co.uk", "Acme"), ("mail.bleuet.fr", "Bleuet"),
    ("hr.globex.com", "Globex"), ("talent.hooli.example", "Hooli"),
])
def test_a_country_or_mail_host_label_is_never_the_company(domain, expected):
    from daemon.detection import company_of

    ev = Event("t", "u", "Interview", datetime(2026, 5, 4, 15, tzinfo=timezone.utc), datetime(2026, 5, 4, 16, tzinfo=timezone.utc),
               organizer=Person(f"kim@{domain}", "Kim"), attendees=[Person("me@example.org", "Me")])
    assert company_of(ev, Identity.of(["me@example.org"], "Me")) == expected
