"""Words that give an event another meaning, or show the user on the interviewer's side."""

from __future__ import annotations

import re



# Negatives in the title: another meaning of "interview", practice, or the user on the other side.
TITLE_NEGATIVE = {
    "practice": [
        r"\bmock\b", r"practice interview", r"interview practice", r"\bpractice\b", r"interview prep", r"\bprep\b",
        r"\bprepar", r"rehears", r"coaching", r"\bcoach\b", r"workshop", r"webinar", r"\bclass\b", r"\bcourse\b",
        r"bootcamp", r"how to", r"\btips\b", r"masterclass", r"seminar", r"lecture(?!r)", r"career fair", r"job fair",
        r"info session", r"information session", r"lunch (&|and) learn", r"\(recorded\)", r"bilan de compétences",
        r"bewerbungstraining", r"probe-?vorstellungsgespr", r"insight (evening|day|event|session|week)", r"宣讲会", r"説明会", r"설명회", r"dry[- ]?run", r"run[- ]?through",
        r"\brevision\b", r"career counsel(l)?ing", r"counsel(l)?ing (appointment|session)", r"study group",
        r"(resume|résumé|cv|linkedin|cover letter) (review|critique|feedback|help)",
        # the same in other languages: preparation, mock and practice interviews
        r"\bprépar", r"vorbereitung", r"voorbereid", r"przygotowan", r"подготовк", r"simulation d'entretien",
        r"entretien simulé", r"simulacro", r"probe(interview|gespräch)", r"übungs(interview|gespräch)", r"\boefen",
        r"sollicitatietraining", r"colloquio simulato", r"simulazione", r"próbn", r"пробное", r"模擬", r"模拟",
        r"練習", r"练习", r"准备", r"準備", r"対策", r"辅导", r"모의", r"스터디", r"연습", r"준비", r"\bta(i)?yari\b",
        r"förbered", r"övning", r"\bprova(sı)?\b", r"\bhazırlık", r"मॉक", r"अभ्यास", r"הכנה ל", r"תרגול",
    ],
    "an event about jobs, not an interview": [
        r"\bmeetup\b", r"open house(?!.*interview)", r"\bkeynote\b", r"\bpanel discussion\b",
        r"\bpanel (on|about) (the|how|why|what|a|an)\b",
        r"\b(info|information|networking|career|careers|graduate|campus|alumni) (evening|night|mixer|reception|expo|panel)",
    ],
    "interviewer": [
        r"scorecard", r"feedback", r"debrief", r"hiring committee", r"hiring sync", r"hiring meeting",
        r"interview(er)? training", r"\bshadow", r"calibration", r"\(candidate\)", r"interviewing\b",
        r"interview kit", r"(?<!candidate )\bintake\b(?! (interview|call))", r"kickoff", r"kick-off", r"headcount",
        r"pipeline review", r"candidate review", r"loop (sync|debrief)", r"hire review", r"\bhc\b", r"\bpanel prep",
        r"面试官", r"面接官", r"panelist", r"panel member", r"volunteer interviewer", r"\bserving on\b",
    ],
    "a placeholder": [
        r"\bhold\b", r"placeholder", r"\bavailability\b", r"\b(interview(er)?|time) block\b", r"^block(ed)?\b",
        r"\bavailable for (interviews?|interviewing|candidates|bookings)\b", r"^(available|free|busy)( -|:|$)",
        r"\binterview (slots?|capacity)\b", r"\boffice hours\b",
    ],
    "nobody to meet": [
        r"one[- ]way", r"recorded (video )?interview", r"self[- ]recorded", r"on[- ]demand (video )?interview",
        r"async(hronous)? (video )?interview", r"online (assessment|test)", r"written (exam|test)", r"aptitude test",
        r"psychometric", r"\bexam\b", r"\bcomplete (your|the|an?|our) ([\w\-]+ ){0,3}(assessment|test|questionnaire|"
        r"challenge|exercise|task|survey|interview)", r"\b(numerical|verbal|logical|abstract|inductive|deductive) reasoning\b",
        r"\bcognitive (ability )?test", r"\bpsikotes\b", r"인적성", r"\bcomplete by\b", r"\bdeadline\b", r"\bdue (by|date)\b",
    ],
    "other meaning": [
        r"podcast", r"\bpress\b", r"\bmedia\b", r"journalist", r"reporter", r"\bradio\b", r"\btv\b", r"newspaper",
        r"ραδιόφων", r"εφημερίδα", r"τηλεόραση", r"радио", r"\brádio\b", r"\bradiofonic", r"\bzeitung\b",
        # a parent–teacher meeting ("Entrevista con la tutora", "entretien avec l'enseignant")
        r"\b(con|avec) ((el|la|le|les|los|las) |l')(tutora?|tuteur|enseignante?|profesora?|maestra?|maîtresse)\b",
        r"\btutoría\b", r"\bcon (le|la|il|i|gli) (maestr[ae]|insegnant[ei]|professor[ei]ss?[ae]?)\b",
        r"\btheat(re|er)\b", r"\bplayhouse\b", r"\bcinema\b", r"['\"“‘]the interview['\"”’]",
        r"magazine", r"\bblog\b", r"user interview", r"user research", r"customer interview", r"customer discovery",
        r"usability", r"research (session|interview|participant)", r"\bparticipant", r"(?<!case )(?<!case-)\bstudy\b",
        r"exit interview", r"stay interview",
        r"(departure|leaver'?s?|leaving|offboarding) (interview|conversation|meeting)",
        r"\bfilm\b", r"\bmovie\b", r"cinema", r"screening(?! (call|interview))",
        r"vampire", r"documentary", r"oral history", r"\bsurvey\b", r"focus group",
        # "Interview with the Vampire", but not "Interview with the hiring manager"
        r"interview with the\b(?! (hiring|team|manager|director|vp|ceo|cto|coo|cfo|founder|dean|chair|head|panel|"
        r"committee|recruit|engineering|search|department|store|site|program|board|partner|principal))",
        r"\bfeature story", r"\bquote\b", r"\barticle\b", r"(?<!not )(?<!n't )(?<!n’t )\bbook\b", r"^(watch|stream)\b", r"\bnetflix\b",
        r"\b35 ?mm\b", r"entretien (annuel|d'évaluation|professionnel|de départ|de sortie)", r"mitarbeitergespräch",
        r"jahresgespräch", r"austrittsgespräch", r"entrevista de (salida|evaluación|desempeño)", r"exitgesprek",
        r"functioneringsgesprek", r"beoordelingsgesprek", r"colloquio (di uscita|annuale|di valutazione)",
        r"performance review", r"annual review", r"periodista", r"journaliste", r"giornalista", r"dziennikarz",
        r"журналист", r"记者", r"記者", r"采访", r"取材",
        r"\b(medios|prensa|presse|imprensa|stampa)\b", r"صحفي", r"פודקאסט", r"עיתו[נן]", r"novinář", r"\bmédi[aí]\b", r"\bwartawan\b", r"\bnhà báo\b", r"पत्रकार", r"colloquio di fine anno",
        r"hodnot[ií]c[ií] pohovor", r"medarbe[ji]dersamtale", r"medarbetarsamtal", r"utvecklingssamtal",
        r"kehityskeskustelu", r"rozmowa (oceniająca|roczna)", r"performans (görüşmesi|değerlendirme)",
        r"avaliação de desempenho", r"growth conversation",
    ],
    "not an interview": [
        r"\bwelcome (coffee|lunch|breakfast|drinks|call)\b", r"\byour new (manager|team|boss|colleagues)\b",
        r"\byour (team|company)('|’)s hiring (plans|needs)\b", r"\boffer\b", r"negotiat", r"onboarding", r"first day", r"orientation", r"\bstart date", r"paperwork",
        r"background check", r"reference (call|check)", r"\breference for\b", r"\breferences\b", r"\bi-9\b",
        r"document verification", r"\bproposta\b", r"\bthank[- ]you", r"\bsend\b",
        r"(?<!take-home )(?<!take home )(?<!technical )(?<!exercise )(?<!assignment )"
        r"\bfollow[- ]?up\b(?! (interview|round))",
        r"\bresearch\b(?! (talk|seminar|presentation|colloquium|statement|interests?|agenda|vision|program(me)?)\b)",
        r"\bremind", r"\btodo\b", r"\bto-do\b", r"\bdentist", r"\bdoctor",
        r"birthday", r"jury duty", r"\b1:1\b", r"\b(board|team|staff|department|budget) meeting\b", r"one[- ]on[- ]one", r"standup", r"stand-up", r"retro\b", r"all[- ]hands",
        r"\boffre\b(?! d'emploi)", r"\bangebot\b", r"\boferta\b(?! de (empleo|trabajo))", r"\bofferta\b(?! di lavoro)",
        r"\baanbod\b", r"\bоффер", r"オファー面談",
        # pre-employment checks: medical, drug, background, security clearance
        r"drug (screen|test)", r"(medical|health|pre-?employment|occupational health) (screen|exam|check|assessment|"
        r"questionnaire)", r"physical exam", r"background (investigation|investigator|screening)", r"polygraph",
        r"security clearance(?! (required|needed|preferred|eligible))", r"clearance (interview|check|appointment|"
        r"investigation|paperwork|processing|screening)", r"fingerprint(ing)?\b(?! (cards|inc))", r"\bvaccin",
        r"\blab (work|test)", r"\boffboarding\b",
        # getting there: travel days and flights to an interview (not "Flight attendant", "Travel nurse")
        r"\b(travel|flight|fly|drive|train|bus|ride) (to|from|back|home)\b", r"\btravel day\b", r"\breturn flight\b",
        r"\bhotel (check[- ]?in|check[- ]?out|stay|booking|reservation)\b",
    ],
}


# Descriptions that show the user on the interviewer's side of the table.
DESC_INTERVIEWER = [
    r"scorecard", r"submit (your )?feedback", r"leave (your )?feedback", r"interview kit", r"feedback form",
    r"please (review|read) the candidate", r"(?<!your )candidate('s)? (resume|cv|profile)",
    r"your (focus|competenc|question)s? (area|for this)", r"interviewer (guide|instructions|notes|packet|brief)",
    r"evaluat(e|ing) the candidate", r"hiring team only", r"do not forward to (the )?candidate",
    r"your role:\s*(interviewer|panelist|panel member)", r"\brubric\b",
    r"(volunteer(ing)?|serve|serving) as an? (interviewer|panelist)",
    r"(volunteer(ing)?|serve|serving) as (an? |the )?([\w/\-]+ ){0,3}(interviewer|panelist|panel member|rater|assessor)",
    r"interviewer availability", r"you will (interview|assess|evaluate) (the |our )?(\w+ )?candidates",
    r"(volunteer(ing)?|serv(e|ing)|sit(ting)?) on (the|a|our|this) ([\w\-]+ ){0,3}(panel|committee|board|jury)\b",
    r"scoring (sheet|form|guide|grid|matrix)", r"\b(applicants|candidates), \d+ min",
]


# A line listing the interviewers ("Interviewers: Priya Shah, Robin Vega").
_INTERVIEWER_LIST = re.compile(r"\binterviewers?\s*[:：]\s*([^\n]*)")


# Descriptions that give "interview" another meaning (press, reviews, research) or say nobody is met.
DESC_OTHER = [
    r"for (a|an|the|our) (piece|story|article|feature|segment|episode|profile|column|newsletter)\b", r"on the record",
    r"(about|on|sobre|sur|über) (your|tu|ta|votre|ihren?) (talk|charla|conférence|vortrag|book|libro|livre|buch)",
    r"\breporter\b", r"\bjournalist\b", r"\bperiodista\b", r"\bjournaliste\b", r"our (readers|listeners|audience)",
    r"no (interviewer|one|human) (is|will be) present", r"record (your )?(answers|responses)",
    r"(bilan|objectifs) de l'année", r"performance (review|goals)",
    r"\b(growth|development|career development) (conversation|discussion|plan)\b",
    r"where you want to be in (one|two|three|five|\d+) years",
]


# Descriptions that say the meeting is not evaluated, or comes after the decision (an offer, a contract,
# a welcome): whatever else they say to the candidate.
DESC_NOT_EVALUATED = [
    r"proposition d'embauche",
    r"(discuss|review|go over|go through|walk (you )?through) (the |your |our )?(offer|compensation package|"
    r"(employment |job )?contract)",
    r"\b(this|it) (is not|isn('|’)t|won('|’)t be|will not be) (part of )?(the |an? |your )?(evaluation|evaluated|"
    r"assessed|assessment|interview)\b",
    r"not (officially |formally )?part of (the|your) ((interview|hiring|selection|recruiting) )?(evaluation|process|selection)",
    r"\b(share|give you|let you know|talk (you )?through) (the |our |your )?(outcome|decision)\b",
    r"now that you (have|('|’)ve)( accepted| signed)? (your|the|our) offer", r"(accepted|signed) (our|the|your) offer",
    r"congratulations on (your|the) (offer|new (role|job|position)|joining)", r"welcome aboard", r"welcome to the team",
    # an outcome call after the interviews: feedback passed on, where things landed
    r"\bfeedback from (the |your |our )?(hiring team|interview(er)?s|interview team|interview panel|panel|loop)\b",
    r"\bwhere things (landed|stand)\b",
    r"選考ではありません", r"選考とは関係", r"不是面试", r"不计入", r"before your (start|first) (date|day)", r"\bjust logistics\b",
]


_AFTER_OFFER = {"welcome aboard", "welcome to the team"}


# Someone asking the user for advice: the user is the one giving the informational interview.
ADVICE_ASKED = [
    r"\bcould i pick your brain", r"\bpick your brain (about|on)\b",
    r"\b(thanks|thank you)( so much)? for agreeing to (look|review|read|help|mentor|give|chat with me|meet with me|"
    r"speak with me|talk with me|speak to me|talk to me)", r"\brequested a (career )?(conversation|call|chat) with you\b",
    r"\bvolunteering as (an? )?(alumni )?(mentor|advisor)",
    r"\b(look|looking|go|going) over my (resume|cv|portfolio|cover letter)", r"\bgive me (some )?(pointers|tips)",
    r"\b(i('|’)m|i am) (a |an )?(junior|sophomore|freshman|student|new grad|recent grad|bootcamp grad|career changer)\b"
    r"(?! (recruiter|designer|engineer|analyst|developer|associate|consultant|sourcer|partner))",
    r"\bfound you (in|on|through) (the|our|my)? ?(alumni|linkedin|directory)", r"후배", r"後輩", r"学弟|学妹", r"\b(his|her|their) job (search|hunt)\b",
]


SPORTS = [r"\bvs\b", r"(?<!team )\bmatch\b", r"\bgame\b"]  # (a "team match" is a step of hiring)


PRACTICE_DESC = [r"mock interview", r"practice interview", r"career (centre|center|services) (workshop|webinar)"]


# A line naming the candidate ("Candidate: Robin Vega", "Applicant: Chris Dale").
_CANDIDATE_LINE = re.compile(
    r"\b(?:candidate|applicant|interviewee|candidat[eo]?|candidata|kandidat(?:in)?)(?:'s)?(?: name)?\s*[:：]\s*([^\n,(|;]+)"
)


# A title that hides what the event is ("Private Appointment", "OOO"): on the user's own calendar its notes say.
GENERIC_TITLE = re.compile(
    r"(private|personal)( appointment| event| time)?|appointment|ooo|out of (the )?office|away|not available"
)


# A conferencing tool's own title ("Ingrid Bell's Zoom Meeting"): it says nothing, the host's note says what it is.
DEFAULT_TITLE = re.compile(
    r"[^\n]{1,60}('|’)s (zoom meeting|personal meeting room)|(zoom|microsoft teams|teams|google meet|webex) meeting"
)


# A title of one word, or of symbols only ("Call", "Tarrow", "🎯"): on the user's own calendar, its notes say what it is.
_TERSE_TITLE = re.compile(r"[^\W\d_][\w'’&.\-]*|[^\w\s]{1,6}|(quick |phone |zoom )?(call|chat|intro|meeting|sync|catch[- ]?up)")


# The candidate written of in a title, in several languages ("Kandidatin L. Schmidt", "con candidato").
CANDIDATE_IN_TITLE = re.compile(
    r"\b(candidates?|candidat[aeo]s?|kandidat(in|en|ka|ów)?)\b(?! intake)|مرشح|候选人|候補者|후보자|מועמד"
)


_CANDIDATE_WORD = re.compile(r"candidat|kandidat|مرشح|候选人|候補者|후보자|מועמד")


# "with the store manager", "mit der Teamleiterin": a role in a title after these words is the person met.
_WITH_BEFORE = re.compile(r"(\b(with|w/|mit|avec|con|met|med|ile|z|ze)|&)\s+(\S+\s+){0,2}$")


# Negative title words that also name a field of work ("breaking into UX research", "moving into media").
_FIELD_WORDS = frozenset({"research", "user research", "usability", "media", "press", "film", "blog", "radio", "tv",
                          "magazine", "journalist", "documentary"})


# A negative the title takes back at once ("Interview prep? No - Final interview w/ CEO").
_TAKEN_BACK = re.compile(r"\W{0,4}(no|nope|not|actually)\b\W")


_BARE_FOLLOW_UP = re.compile(r"follow[- ]?up( (call|chat|meeting|conversation))?")


# Practice words that stay practice even in a career chat: paid coaching, reviews, events for many.
_PAID_OR_GROUP = re.compile(r"coach|review|critique|webinar|workshop|masterclass|seminar|lecture|session|fair|"
                            r"lunch (&|and) learn|recorded|bilan|training|course|class|bootcamp")


# "Interview: Chris Dale": the name right after the colon is the one interviewed.
_TITLE_NAME = re.compile(
    r"(?:interview(?:ing)?|candidate|applicant)\s*[:\-–]\s*([^\W\d_][\w'’\-]+(?: [^\W\d_][\w'’\-]+){1,2})", re.I
)
