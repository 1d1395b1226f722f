"""Interview detection: is the user the candidate in an interview, of which kind, and whom to thank.

A transparent rule set: each rule adds to or takes from a score and leaves a reason, so
``scan --json`` can say why an event was or was not taken. Pure: it looks only at the event and
the user's identity. The user's own rules and marks (``Rules``) win over the scores; an optional
second opinion (daemon/judge.py, off by default) decides where the scores are unsure.

Measured on the labelled corpus in tests/data/detect/ by ``bench/detect.py`` (``make bench-detect``);
tests/test_detect_corpus.py holds the floors.
"""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import timedelta
from functools import cached_property, lru_cache

from daemon.model import Event, Person

KINDS = ("screen", "technical", "hiring_manager", "panel", "onsite", "final", "assessment", "informational", "other")

THRESHOLD = 2.5

# Scheduling tools and applicant-tracking systems: their invitations are about hiring, and their
# addresses are never people to thank.
SCHEDULER_DOMAINS = (
    "greenhouse.io", "greenhouse-mail.io", "lever.co", "ashbyhq.com", "ashby.io", "myworkday.com",
    "myworkdayjobs.com", "workday.com", "goodtime.io", "gem.com", "modernloop.io",
    "paradox.ai", "smartrecruiters.com", "icims.com", "jobvite.com", "workable.com", "teamtailor.com",
    "recruitee.com", "bamboohr.com", "hirevue.com", "avature.net", "successfactors.com", "taleo.net",
    "jazzhr.com", "applytojob.com", "breezy.hr", "pinpointhq.com", "personio.de", "personio.com", "rippling.com",
    "yello.co", "prelude.co", "guide.co", "dover.com", "wellfound.com", "hackerrank.com",
    "codility.com", "coderpad.io", "karat.io", "karat.com", "phenom.com", "oraclecloud.com",
    "recruiterflow.com", "manatal.com", "zohorecruit.com", "join.com", "homerun.co", "handshake.com",
    "joinhandshake.com", "symplicity.com", "12twenty.com", "indeed.com", "indeedemail.com", "ziprecruiter.com",
    "thalamusgme.com", "interviewbroker.com", "sparkhire.com", "vidcruiter.com", "willo.video", "hireflix.com",
    "beamery.com", "eightfold.ai", "clearcompany.com", "hiringthing.com", "interviewstream.com",
    # the mail domains some of them send from, and a few more applicant-tracking systems
    "workablemail.com", "comeet.co", "comeet.com", "breezyhr.com", "freshteam.com",
    "sapsf.com", "sapsf.eu", "successfactors.eu", "csod.com", "jobylon.com", "talentlyft.com", "recruitcrm.io",
    "gupy.io", "kenoby.com",
)
# General-purpose booking tools: no-reply senders, but used for anything (haircuts, coaching, demos),
# so they are no evidence of hiring by themselves.
GENERIC_SCHEDULER_DOMAINS = (
    "calendly.com", "cronofy.com", "doodle.com", "youcanbook.me", "acuityscheduling.com", "savvycal.com",
    "zcal.co", "tidycal.com", "meetings.hubspot.com", "chilipiper.com", "setmore.com", "simplybook.me",
)
SCHEDULER_NAMES = {
    "greenhouse": "Greenhouse", "lever": "Lever", "ashby": "Ashby", "workday": "Workday", "goodtime": "GoodTime",
    "calendly": "Calendly", "gem": "Gem", "modernloop": "ModernLoop", "paradox": "Paradox", "icims": "iCIMS",
    "jobvite": "Jobvite", "workable": "Workable", "smartrecruiters": "SmartRecruiters", "hirevue": "HireVue",
    "karat": "Karat", "coderpad": "CoderPad", "hackerrank": "HackerRank", "handshake": "Handshake",
    "indeed": "Indeed", "thalamus": "Thalamus", "ziprecruiter": "ZipRecruiter", "gupy": "Gupy",
}
# The same tools named in an invitation's footer ("Sent via Teamtailor", "Powered by Rippling Recruiting",
# "This appointment was created with Personio"), when a person sent it on the tool's behalf.
HIRING_TOOL_IN_TEXT = re.compile(
    r"\b(?:sent|scheduled|created|booked|powered|delivered|arranged|managed|skickat|sendt|sendt|lähetetty|gesendet|"
    r"versendet|envoyé|enviado|inviato|verzonden|wysłano|odesláno) (?:via|with|by|through|using|über|par|por|tramite|"
    r"door|przez|med|kautta|pomocí)\s+"
    r"(?:the\s+)?(greenhouse|lever|ashby|workday|goodtime|gem|modernloop|paradox|smartrecruiters|icims|jobvite|"
    r"workable|teamtailor|recruitee|bamboo ?hr|hirevue|avature|(?:sap )?successfactors|taleo|jazzhr|breezy(?: ?hr)?|"
    r"pinpoint|personio|rippling|yello|wellfound|hackerrank|codility|coderpad|karat|phenom|recruiterflow|manatal|"
    r"zoho recruit|homerun|handshake|symplicity|12twenty|indeed|ziprecruiter|thalamus|spark ?hire|vidcruiter|willo|hireflix|"
    r"beamery|eightfold|clearcompany|hiringthing|comeet|freshteam|jobylon|talentlyft|recruit ?crm|cornerstone|"
    r"oracle recruiting)\b"
)
NO_REPLY = re.compile(
    r"^(no-?reply|do-?not-?reply|donotreply|notifications?|notify|mailer(-daemon)?|calendar(-notification)?|"
    r"scheduling|scheduler|invites?|automated|bounce[s]?)([+.\-_].*)?@"
)
ROLE_MAILBOX = re.compile(
    r"^(recruit\w*|talent\w*|careers?|jobs?|hr|hiring|interviews?|people|team|info|hello|admin|office|"
    r"staffing|ta|campus|university|graduates?|apply|applications?|resourcing|residency|admissions|"
    r"\w*(recruiting|careers|residency|program|hiring|talent|jobs))([+.\-_].*)?@"
)
# A display name that is an organisation or a team rather than a person ("St. Mary's IM Residency",
# "Acme Recruiting"); checked on the name before any ", title" / "(team)" / " - role" tail.
ORG_NAME = re.compile(
    r"\b(recruit(ing|ment|ers?)|talent|careers?|hiring|residency|program(me)?|university|college|school|"
    r"institute|hospital|medical cent(er|re)|inc|llc|ltd|gmbh|corp(oration)?|company|team|hr|human resources|"
    r"staffing|department|admissions|calendar|scheduling|notifications?)\b|'s\b",
    re.I,
)
RESOURCE_HINT = re.compile(r"(resource\.calendar\.google\.com|@resource\.|^room[s]?[.\-_@]|^conf[.\-_]|\bmeeting ?room\b)")
ROOM_NAME = re.compile(r"^(conf(erence)?\.?\s*room|room\b|meeting room|zoom room|board ?room|huddle|salle\b|raum\b)|\(\d+\)$", re.I)
FREEMAIL = {
    "gmail.com", "googlemail.com", "outlook.com", "hotmail.com", "live.com", "yahoo.com", "icloud.com", "me.com",
    "proton.me", "protonmail.com", "aol.com", "gmx.de", "gmx.net", "web.de", "fastmail.com", "hey.com", "mail.com",
}

# --- phrases (matched on lower-cased, accent-kept text) ----------------------------------------

INTERVIEW_WORDS = [
    r"\binterview", r"\bentretien", r"\bentrevue", r"vorstellungsgespr", r"bewerbungsgespr", r"\bentrevista",
    r"sollicitatie", r"面接", r"面试", r"面試", r"면접", r"\bcolloquio", r"rozmowa (kwalifikacyjna|rekrutacyjna)",
    r"собеседовани", r"intervju", r"kennenlerngespräch", r"erstgespräch", r"zweitgespräch", r"auswahlgespräch",
    r"selectiegesprek", r"haastattelu", r"mülakat", r"\bsollicitatiegesprek", r"jobinterview",
    r"\bentrevistas?\b", r"selection panel", r"selection committee",
    # a numbered or final round in Chinese ("二面", "终面"), standing alone
    r"(?<![\u4e00-\u9fff])[一二三四]面(?![\u4e00-\u9fff])", r"终面", r"複試|复试", r"\bhr ?面",
    # more languages: Turkish, Czech/Slovak, Nordic, Arabic (and Arabic written in Latin letters), Hebrew, Hindi,
    # Vietnamese, Indonesian/Malay
    r"i\u0307?ş görüşmesi", r"\bpohovor", r"jobsamtale", r"jobbintervju", r"anställningsintervju", r"ansettelsesintervju",
    r"مقابلة (عمل|شخصية|وظيفية|تقنية|فنية|نهائية|أولى|اولى|مبدئية|توظيف|هاتفية|الموارد البشرية)",
    r"\b(mo2abl?a|mo2abala|moqabl?a|moqabala|muqabala|muqabl?a|mokabl?a)\b",
    r"ראיון", r"साक्षात्कार", r"इंटरव्यू", r"phỏng vấn", r"\bwawancara\b",
    # Romanian, Greek, Ukrainian, Bulgarian, Hungarian, Danish, Baltic, South Slavic, Persian, Urdu, Bengali, Marathi,
    # Tamil, Telugu, Thai, Swahili, Malay, Tagalog
    r"\binterviu\b", r"συνέντευξη", r"співбесід", r"интервю за работа", r"\b(állás)?interjú", r"ansættelsessamtale",
    r"darba intervija", r"pokalbis dėl darbo", r"tööintervjuu", r"razgovor za (posao|zaposlenje|zaposlitev)",
    r"مصاحبه (کاری|استخدام)", r"نوکری کا انٹرویو", r"সাক্ষাৎকার", r"मुलाखत", r"நேர்காணல்", r"ఇంటర్వ్యూ", r"สัมภาษณ์",
    r"\busaili\b", r"\btemu ?duga\b", r"\bpanayam\b", r"fachinterview", r"fachgespräch", r"rozmowa (finałowa|końcowa)",
    # a paid trial shift is how kitchens, cafés and shops interview ("Probearbeiten", a chef's "stage")
    r"probearbeit", r"\b(paid )?trial (shift|(dinner|lunch|brunch) service)\b", r"dinâmica de grupo",
]
# Stages, as a candidate's invitation names them (several languages: the words, not a translation service).
STAGE = {
    "screen": [
        r"phone screen", r"screening (call|interview)", r"recruiter (call|chat|screen|conversation|intro)",
        r"intro(ductory)? (call|chat|conversation)", r"initial (call|conversation|chat|interview)",
        r"\bhr (call|screen|interview)", r"\btalent acquisition (call|chat|interview|conversation|screen)",
        r"(interview|call|chat|conversation) with (the )?(talent acquisition|recruit(er|ing|ment)( team)?|"
        r"human resources|hr team)\b",
        r"talent (call|screen|chat)", r"first[- ]round", r"\bscreen\b(?! ?(shar|time))", r"\bphone interview",
        r"candidate intake", r"intake (interview|call)", r"registration (interview|call|meeting)",
        r"premier entretien", r"entretien (rh|téléphonique)", r"erstes (gespräch|interview)", r"telefoninterview",
        r"primera entrevista", r"entrevista telefónica", r"primo colloquio", r"colloquio telefonico",
        r"eerste (gesprek|ronde)", r"kennismakingsgesprek", r"kennenlerngespräch", r"erstgespräch",
        r"telefonisch gesprek", r"first (conversation|call)",
        r"pierwsza rozmowa", r"rozmowa telefoniczna",
        r"первое собеседование", r"телефонное", r"一次面接", r"一次選考", r"初面", r"一面", r"电话面试", r"電話面接",
        r"初筛", r"电话(沟通|初筛)", r"1차 ?(면접|전형)", r"전화 ?면접",
        r"(1st|first)[- ]stage", r"first interview", r"premier échange", r"llamada inicial",
        r"(conversa|chamada|ligação) inicial", r"colloquio conoscitivo", r"ensimmäinen haastattelu", r"pierwszy etap",
        r"שיחת היכרות", r"phone (chat|conversation)", r"รอบแรก", r"প্রথম রাউন্ড", r"पहला (दौर|राउंड)",
        r"συνέντευξη γνωριμίας", r"awamu ya kwanza", r"перша співбесіда", r"első (forduló|interjú)",
    ],
    "technical": [
        r"technical", r"\bcoding\b", r"system design", r"pair[- ]programming", r"whiteboard", r"live[- ]cod",
        r"tech (round|interview|screen)", r"fachinterview", r"fachgespräch", r"entretien technique", r"entrevista técnica", r"architecture (round|interview)", r"\bdsa\b", r"algorithm",
        r"take[- ]home (review|debrief|walkthrough)", r"code review (round|interview)",
        r"(entretien|entrevista|colloquio|rozmowa) (technique|técnica|tecnico|tecnica|techniczna)",
        r"technisches (gespräch|interview)", r"fachgespräch", r"techni(sch|cal) gesprek", r"техническ",
        r"技術面接", r"技术面试", r"技術面試", r"기술 ?면접", r"실무(진)? ?면접", r"코딩",
        r"teknik (mülakat|görüşme)", r"canlı kodlama", r"مقابلة (تقنية|فنية)", r"技术[一二三]面",
    ],
    "hiring_manager": [
        r"hiring manager", r"\bhm (round|interview|chat|call|screen)", r"with the hiring manager",
        r"\bmanager (interview|round|chat|call|conversation)", r"\bfounder (interview|chat|call|conversation)",
        r"マネージャー面接", r"部長面接", r"经理面试", r"主管面试", r"팀장 ?면접", r"\(hm\)", r"wawancara user",
        r"用人经理", r"用人主管", r"з керівником", r"с руководителем", r"rekryterande chef", r"\bcom (o|a) gestora?\b",
        r"\bcon (el|la) (gerente|responsable)\b", r"\bavec (le|la) (manager|responsable)\b", r"\bmit (der|dem) führungskraft\b", r"部門主管", r"部门主管", r"(用人|業務)主管", r"hiring (mgr|mngr)\b",
    ],
    "panel": [
        r"\bpanel\b", r"selection panel", r"selection committee", r"search committee", r"board interview",
        r"oral board", r"\bjury\b", r"comité de sélection", r"auswahlkommission", r"集団面接",
        r"\binterview (with|before) (the|a|our) ([\w\-]+ ){0,2}committee\b", r"\bcommittee interview",
    ],
    "onsite": [
        r"on-?site", r"virtual on-?site", r"\bloop\b", r"interview day",
        r"residency interview", r"day of interviews", r"half[- ]day", r"full[- ]day", r"campus visit",
        r"site visit", r"fly-?out", r"in[- ]person day", r"kennenlerntag", r"\bdia (de|na) (empresa|entrevistas)\b",
    ],
    "final": [
        r"final (round|interview|stage|conversation|step)", r"last (round|step|stage|interview|conversation)",
        r"\bfinal\b", r"\bsuperday", r"super day", r"executive (interview|round)",
        r"ceo (chat|interview|conversation)", r"entretien final", r"dernier entretien", r"letzte runde",
        r"finales gespräch", r"colloquio finale", r"laatste gesprek", r"finale ronde", r"ostatni etap", r"финальн",
        r"最終面接", r"终面", r"最终面试", r"役員面接", r"最終選考", r"임원 ?면접", r"최종 ?(면접|단계)",
        r"\bfinalist (interview|round|presentation)", r"sidste samtale", r"sista intervju", r"siste intervju",
        r"viimeinen haastattelu", r"finální kolo", r"rozmowa (finałowa|końcowa)", r"závěrečn[éý] (kolo|pohovor)", r"अंतिम (दौर|राउंड|चरण)",
        r"τελική συνέντευξη", r"фінальн", r"interviu final", r"รอบสุดท้าย", r"awamu ya mwisho", r"שלב (אחרון|סופי)",
        r"最終面接", r"最终面试|最終面試",
    ],
    "assessment": [
        r"assessment", r"teaching demo", r"demo lesson", r"case study", r"\bexercise\b", r"work sample",
        r"job simulation", r"presentation (round|interview)", r"trial (shift|day|lesson)", r"working interview",
        r"take[- ]home", r"in-tray", r"group exercise", r"job talk", r"candidate (seminar|talk|presentation)",
        r"teaching (demonstration|presentation)", r"sample lesson", r"research (talk|presentation|seminar) by",
        r"(project|portfolio|case|work) presentation", r"portfolio review", r"\bpresentation (\+|and|followed by) q",
        r"\bpresent (a|an|one|your) ([\w\-]+ ){0,2}(project|portfolio|case|solution|analysis|work|research|findings|"
        r"plan|proposal|approach|design)", r"\b\d{1,4}[- ]?min(ute)?s? presentation", r"\bcase interview",
        r"\b(code|coding|programming|home) (test|challenge|assignment|task)s? (review|walk-?through|debrief|discussion|"
        r"presentation|follow[- ]?up)", r"walk ([\w\-]+ ){1,3}through your (solution|code|submission|work|assignment)",
        r"과제 ?(발표|리뷰)", r"\bprepare (a|an) ([\w\-]+ ){0,3}(lesson|presentation|demo|pitch)\b", r"probearbeit",
        r"trial (dinner|lunch|brunch) service", r"cas pratique", r"case[- ]presentation", r"caso pr[aá]ctico",
        r"estudo de caso", r"\bcasus\b",
    ],
    "informational": [
        r"informational", r"\binfo(rmation)? interview", r"coffee chat", r"career (advice|chat|conversation|call)",
        r"networking (call|chat|coffee)", r"advice (call|chat)", r"pick (your|their|her|his) brain",
        r"learn (more )?about (your|her|his|their) (role|work|career|path)", r"virtual coffee",
        r"カジュアル面談", r"カジュアルな面談", r"커피 ?챗", r"咖啡(聊|叙|交流)",
        r"ask me anything", r"\bpre-?application (chat|call|conversation)", r"learn about (the |your )?[\w&.'+\- ]{0,30}?"
        r"\bteam\b(?!('|’)s hiring)", r"charla informativa", r"bate-?papo sobre carreira", r"chiacchiere sul lavoro",
        r"oriënterend gesprek", r"rozmowa o karierze", r"kariyer sohbeti", r"دردشة مهنية", r"职业交流",
        r"करियर पर बातचीत", r"career (conversation|talk)s?\b", r"flash mentoring",
        r"\bo[bg]訪問", r"キャリア相談", r"커리어 (상담|조언|챗)", r"职业(建议|咨询)", r"consejos de carrera",
        r"conselhos de carreira", r"consigli (di|sulla) carriera", r"loopbaanadvies", r"karriereberatung",
        r"conseils de carrière", r"conversa sobre carreira", r"charla (sobre|de) carrera",
    ],
}
# In a title (not in a description, where such words describe people, not the session): the one
# met is a manager.
HM_ROLE_TITLE = [
    r"\b(store|site|department|team|engineering|general|program|practice|branch|district|restaurant|"
    r"development|product|shift|unit|office|operations) manager\b",
    r"\bprogram director\b", r"\b(department|division) (head|chair)\b", r"\bwith (the )?(co-?)?founders?\b",
    r"\bwith (the |our |your )?(associate |assistant |deputy )?(dean|director|vp|vice[- ]president|head of|chair|"
    r"chairs?person|chief [\w ]{1,25}officer)\b", r"\b(team|afdelings|abteilungs|bereichs)manager\b", r"\bafdelingsleder", r"\bavdelingsleder", r"\bavdelningschef",
    r"руководител", r"\bteamleiter", r"abteilungsleiter", r"führungskraft", r"\bresponsable (d'équipe|du service)",
    r"\bjefe de\b", r"\bresponsabile\b", r"\bkierownik", r"\bleidinggevende", r"\bteamleider",
    r"负责人", r"总监", r"部長", r"課長", r"팀장", r"본부장",
]
# Bare stage words with everyday meanings. In a title they are interview evidence only with some
# sign of hiring (an interview word, hiring context, a hiring tool, words to a candidate):
# "Alumni panel", "Final exams", "Jury duty", "Risk assessment". The work-flavoured ones also
# count when the meeting is not internal to the user's own organisation ("Hooli onsite" typed on
# a personal calendar, but not "Technical debt review" with colleagues).
EVERYDAY_STAGE = re.compile(
    r"final|panel|loop|jury|exercise|site visit|(project|portfolio|case|work) presentation|portfolio review|"
    r"phone (chat|conversation)|(1st|first)[- ]stage|pierwszy etap|premier échange|llamada inicial|"
    r"(conversa|chamada|ligação) inicial|שיחת היכרות"
)
WORKDAY_STAGE = re.compile(
    r"technical|coding|screen|on-?site|half[- ]day|full[- ]day|algorithm|whiteboard|assessment|case study|take[- ]home"
)
# A social meeting about the user's career (informational interviews people arrange themselves).
SOCIAL_TITLE = [
    r"\bcoffee\b", r"\blunch\b", r"\bbreakfast\b", r"\bdrinks\b", r"\btea\b", r"\bcall\b", r"\bchat\b",
    r"catch[- ]?up", r"\bzoom\b", r"\bmeeting\b", r"\bdinner\b", r"\bwalk\b", r"\bfacetime\b", r"\bmeet\b",
    r"\bintro\b", r"\baustausch\b", r"[ée]change", r"\bcaf[ée]\b", r"\bkaffee\b", r"\bkoffie\b", r"\bkawa\b",
    r"\bfika\b", r"\bcharla\b", r"\bconversa\b", r"\bchiacchierata\b", r"\bgespräch\b", r"\bkopi\b", r"📞", r"☕",
    r"\bchatting\b", r"\bsohbet", r"\bbate-?papo\b",
    # a title of names only: "Robin x Priya", "Robin / Teodora", "Meeting between Hugo Marchetti and Robin Vega"
    r"^[^\W\d_][\w'’.\-]*( [^\W\d_][\w'’.\-]*)? ?( x | ?/ ?| ?<> ?| ?\+ ?| & | and | w/ )[^\W\d_][\w'’.\-]*( [^\W\d_][\w'’.\-]*)?$",
]
# (in a title; a description needs one of CAREER_TOPIC_DESC, which leaves out the bare word "career")
CAREER_TOPIC = [
    r"\bcareers?\b(?! (fair|expo|centre|center|services|office|day))", r"(?<!his )(?<!her )(?<!their )\bjob[- ]?(search|hunt)",
    r"what('|’)?s it like (there|at|working)", r"\blife in [\w&.\- ]{2,30}",
    r"\((?:[^()]*, )?(pm|product manager|engineer|designer|researcher|scientist|analyst|director|vp|manager|founder|"
    r"lead|pmm|consultant)\b[^()]*(@| at )[^()]*\)", r"\(alum\b", r"\balum(ni)? chat\b", r"\(\w+ '\d\d\)",
    r"\((intro )?via [\w .'\-]{2,30}\)", r"\bintro(duction)? (via|from|through) [\w .'\-]{2,30}",
    r"\b(chat|call|coffee|talk|chatting) (re:?|about) (pm|product|ux|design|data|devrel|sre|eng(ineering)?|"
    r"management|consulting|finance|marketing|sales|research|climate|biotech|fintech|"
    r"(?!(the|this|that|a|an|your|my|our|his|her|their) )[\w\-]+ (careers?|roles?|path))\b",
    r"\bcareers\b", r"\bpath\?",
    r"\(ex[- ](?!(room|flat|house)mate|partner|wife|husband|girl|boy|colleague|co-?worker|boss|classmate|teammate)"
    r"[^\W\d_][\w&.\-]*\)", r"\b(chat|call|coffee) with (an? )?alum(na|nus)?\b(?! (board|association|committee|panel))",
    r"\b(career|job|industry|professional|resume|interview) advice", r"\badvice (on|about) (my |the |a )?"
    r"(career|job|role|switch|move|transition|search|industry|field)",
    r"\b(moving|move|switch(ing)?|transition(ing)?|pivot(ing)?|break(ing)?) (in)?to (a |an |the )?"
    r"(pm|product|management|ux|design|data|engineering|tech|consulting|finance|marketing|sales|industry|academia|"
    r"policy|research|leadership|startups?|[a-z]+ (roles?|jobs?|careers?|teams?))\b",
    r"\brefer(ring)? me\b", r"\b(a|your|the) referral (for|to)\b", r"before i apply",
    r"how (the|your) team works", r"\bpick (your|her|his|their) brain",
    r"learn (more )?about (the |your |her |his |their )?[\w&.' ]{0,30}?\b(team|role|company|work|path|field)\b",
    r"\bphd vs\.? industry", r"\b(ton|votre|mon|son) parcours\b", r"\b(karriere|carreira|carriera|loopbaan|kariera)\b(?![\-\w])", r"キャリア", r"커리어",
    r"\b(industry|academia) vs\.? (industry|academia)",
]
CAREER_TOPIC_DESC = [p for p in CAREER_TOPIC if not p.startswith(r"\bcareers?")] + [
    # how the other person got where they are, which is what an informational interview asks
    r"\bhow (she|he|they|you) (got|switched|moved|made (the|that) (switch|move|jump)|broke|transitioned|pivoted) "
    r"(in)?to\b", r"\bhow (she|he|they|you) got (there|started|in)\b",
    r"\bwhat the (switch|move|transition|jump|change) was like\b",
    r"\bhow (you|she|he|they|[\w'’]+) (moved|switched|went|got|made the (jump|switch|move)|broke|transitioned|pivoted)\b",
    r"\b(move|moving|switch|switching|transition|jump|pivot) from [\w\- ]{2,30} (in)?to\b",
    r"\bshould i (go for|apply|move|switch|stay|take)\b", r"\byour (honest )?take on (whether|how|what)\b",
    r"\bwhat (the|your|their) [\w\- ]{2,30} (team|company|culture|org) (at [\w\- ]+ )?is like\b",
    r"\bhow to get (in|into)\b", r"\badvice on breaking into\b", r"\bhow (the|their|your) [\w\- ]{0,20}team hires\b",
    r"\b(went|gone|moved|switched|transitioned) from [\w\- ]{3,30} (in)?to (product|design|data|ux|consulting|"
    r"management|engineering|research|finance|policy|sales|marketing|tech|industry|academia)\b",
    r"职业发展",
    r"\bcareer (advice|change|question|path|move|switch|plans?|goals?)",
    r"\badvice (on|about) (moving|switching|transitioning|getting|breaking|pivoting|making the (move|switch|jump))\b",
    r"\b(moving|switch(ing)?|transition(ing)?|pivot(ing)?) from [\w\-]+( [\w\-]+)? (in)?to (a |an |the )?(pm|product|"
    r"management|ux|design|data|engineering|tech|consulting|finance|marketing|sales|industry|academia|policy|research|"
    r"leadership|startups?)\b",
]
HIRING_CONTEXT = [
    r"\bcandidate\b", r"\bposition\b", r"\bapplication\b", r"\bhiring\b", r"\brecruit", r"\bthe role\b",
    r"\bjob\b", r"\bopening\b", r"\bresume\b", r"\bcv\b", r"\bopportunity\b", r"\bvacancy\b", r"\brequisition\b",
    r"\bvaga\b", r"\bvacante\b",
    r"you('|’)ll be meeting", r"you will (be )?meet", r"interviewers?:", r"meeting with", r"\bround\b",
    r"you('|’)ll meet\b", r"\bmandate\b", r"\b(executive|retained) search\b",
    # the same words in other languages
    r"\bposte\b", r"\bcandidature", r"\brecrutement", r"\bstelle\b", r"\bbewerbung", r"\bpuesto\b", r"\bvacante\b",
    r"\bvaga\b", r"processo seletivo", r"proceso de selección", r"\bselezione\b", r"\bposizione\b", r"\bvacature\b",
    r"\bstanowisk", r"\brekrutac", r"\btjänst(en)?\b", r"\brekryter", r"ваканси", r"採用", r"選考", r"応募",
    r"ポジション", r"招聘", r"职位", r"岗位", r"简历", r"应聘", r"求职", r"채용", r"포지션", r"전형", r"지원(서|자|하신)",
    r"\bappl(y|ying|ied) (for|to)\b", r"\b(formal|hiring|interview|recruitment|recruiting|selection|application) process\b",
    r"\b(second|third|2nd|3rd) (conversation|interview)\b", r"\bon recrute\b", r"\bpozisyon",
    r"משר[הת]", r"وظيفة", r"\bvị trí\b", r"\bposisi\b",
]
# A post named the way people name jobs ("the Staff Platform Engineer role", "CTO role at Ledgerly", "the Assistant
# General Manager spot", "la vacante de Director Financiero"): in a description, the subject of the meeting.
_JOB = (
    r"\b(engineer|developer|programmer|manager|director|lead|officer|cto|ceo|cfo|coo|cpo|cmo|cio|vp|president|partner|"
    r"chief of staff|controller|analyst|designer|scientist|accountant|consultant|associate|specialist|coordinator|"
    r"supervisor|nurse|teacher|professor|lecturer|chef|cook|barista|cashier|clerk|assistant|intern|fellow|apprentice|"
    r"paralegal|counsel|attorney|lawyer|architect|administrator|representative|technician|electrician|driver|"
    r"operator|head of [\w\-&]+( [\w\-&]+)?|researcher|editor|producer|strategist|planner|recruiter)s?"
)
POST_NAMED = [
    _JOB + r"( (of|for) [\w\-&]+( [\w\-&]+)?)? (role|position|opening|vacancy|spot|job|opportunity|post)\b(?! of)",
    r"\b(poste|stelle|puesto|vacante|vaga|posizione|vacature|stanowisko|tjänsten|stillingen|pozisyonu|posisi) "
    r"(de|d'|d’|als|come|como|para|som|di|na|van|voor)\b",
    r"\b(is|are|am|('|’)re|('|’)m) hiring (a|an|for)\b",
]
_POST_JOB = POST_NAMED[:1]
# Words written *to* a candidate about their own process.
TO_CANDIDATE = [
    r"your (interviews?|application|candidacy)\b", r"(step|stage|round)s? (of|in) your ([\w\-]+ )?process",
    r"your (interview|hiring|recruitment|recruiting|application|selection) process",
    r"thank(s| you) for (applying|your application|your interest)",
    r"invite you (to|for) (an?|the|your) (interview|conversation|chat|call)",
    r"\bfor the [\w\- ]{2,40} (role|position|spot|opening|vacancy)\b",
    r"look(ing)? forward to (meeting|speaking|talking) (with )?you",
    r"part of the (interview(ing)? |hiring |recruiting |recruitment |selection )?process",
    r"ihre bewerbung", r"votre candidature", r"tu candidatura", r"su candidatura", r"la tua candidatura",
    r"uw sollicitatie", r"twoj(ą|ej) (aplikacj|kandydatur)", r"ご応募", r"您的申请",
    # a recruiter's or a manager's words about the role and the candidate's fit for it
    r"about your (professional )?(background|career( path)?|leadership experience|motivation)",
    r"your (professional )?background and\b", r"(overview|details) of the (role|position|opportunity)",
    r"tell you (more |a bit |a little )?about (the|this|a|an|our) ([\w\-&/]+ ){0,4}(role|position|opportunity|opening)",
    r"(hear|learn|understand) what you( are|('|’)re) looking for\b",
    r"thank(s| you) for (sending|sharing) (over |across )?your (resume|cv|portfolio|application)",
    r"\b(role|position|opening)s? on (my|our) team\b", r"\b(role|position) reporting (directly )?to\b",
    r"\bi(('|’)d| would| will|('|’)ll) be your (future |new |direct )?(manager|boss|supervisor|line manager)\b",
    r"\b(my|our) questions for you\b",
    r"(?<!prepare )(?<!prep )(?<!ready )(?<!luck )\bfor your (first|second|third|next|final|last|onsite|on-site|virtual) "
    r"(round|interview|stage|onsite)s?\b",
    r"seria (a |o )?(sua|seu|tua|teu) (chefia|chefe|gestor|gestora)", r"sería (tu|su) (jefe|jefa|responsable)",
    r"je serai(s)? (ton|ta|votre) (manager|responsable|n\+1)", r"ich wäre (dein|deine|ihr|ihre) (vorgesetzte|chef|chefin)",
    r"what you( are|('|’)re) looking for (next|in (a|your) (next )?(role|job|position))",
    r"\b(leading|conducting|running|handling) (the|a|this|our) ([\w\-&]+ ){0,3}search\b",
    r"\bsearch (we are|we('|’)re) (conducting|running|leading)",
    r"\b(would|you('|’)d|you will|you('|’)ll) report (directly )?to\b",
    r"\b(the|this) (role|position) (reports|will report|would report) (directly )?to\b",
    r"before (we|they) make (a|our|the|any) ([\w\-]+ )?decision",
    r"\byour interviewers?\b", r"\binterviewers?\s*[:：]", r"(面接官|面试官|면접관)\s*[:：]",
    r"the team you('|’)?d (be )?join", r"the team you would (be )?join",
    r"you (have|('|’)ve) been (selected|shortlisted|invited) (for|to) (an?|the|your) ([\w\-]+ ){0,3}(interview|round|"
    r"stage|step|assessment|panel)",
    r"\b(reach(ing|ed)?|advanc(e|ing|ed)|mov(e|ing|ed) (forward|on)) to the (next|second|third|final) "
    r"(step|stage|round)",
    r"\byour next (step|stage|round) (is|will be)\b", r"thank(s| you) for (sending|submitting) (in |over )?(the|your) "
    r"(take[- ]home|assignment|exercise|case|test|task)", r"\bbefore the team makes (its|a|their|the) decision",
    r"\bis the candidate\b(?! for)", r"\bput you forward\b", r"\byour (target roles|salary (range|expectations)|"
    r"comp(ensation)? expectations)\b", r"\bfor this round\b(?! of)", r"\bexpect (a mix of|some|a few) ([\w\-]+ ){0,3}(experience|scenario|behaviou?ral|competency|situational|"
    r"technical|case|interview) questions\b", r"感谢您投递", r"您的简历", r"求职意向", r"지원해 주셔서", r"지원하신", r"votre (profil|parcours)",
    r"ihr(en)? (profil|werdegang)", r"(tu|su) (perfil|experiencia)", r"(sua|seu) (candidatura|perfil)",
    r"il tuo profilo", r"(je|jouw) sollicitatie",
]
# Words to a candidate that any invitation may use ("thank you for your interest in our meetup").
_POLITE = re.compile(r"thank(s| you) for your interest|look(ing)? forward to (meeting|speaking|talking) (with )?you")
# A title that numbers a step of a process ("Round 2", "Step 3: case", "second stage", "2차", "二面" is an interview word).
ROUND_TITLE = [
    r"\b(round|stage|step) ?(\d\b|[ivx]+\b|one\b|two\b|three\b)", r"\b(1st|2nd|3rd|4th|first|second|third|fourth|next|"
    r"final|last) (round|stage|step)\b", r"\b(ronda|etapa|fase|runde|ronde|tour|étape|fase|etap|turno) ?\d\b",
    r"^\d\. (samtale|samtal|gespräch|runde|ronde|kolo|etap|haastattelu)\b", r"\b(deuxième|zweite|segunda|segundo|seconda|tweede|druga|второй|второе) (entretien|runde|ronda|etapa|ronde|"
    r"etap|colloquio|gesprek|rozmowa|собеседование|этап)", r"\d차 ?(면접|전형)", r"[二三四]次面接", r"第[一二三四五]轮",
]
# A title that names the post ("re: postdoc position", "Chat about the Staff Engineer role"), not "the role of AI".
ROLE_TITLE = [
    r"\b(re:?|about|for|regarding|discuss(ing)?) (the |a |an |your |our |my )?([\w\-/&,.]+ ){0,4}"
    r"(position|role|vacancy)\b(?! of)", r"\b(position|post) (of|as)\b(?! the)", r"\brole as\b",
    r"\b(job|position|role) (application|opportunity|candidacy)\b", r"\bcandidacy\b", r"\brequisition\b",
    r"\bposte (de|d')", r"\bstelle als\b", r"\bpuesto de\b", r"\bvaga (de|para)\b", r"\bposizione (di|come)\b",
    r"\bvacature\b", r"\bstanowisko\b", r"职位", r"岗位", r"ポジション", r"포지션",
]
# ... or calls it by the job ("Chief of Staff role"): looked for only in a title that says role, position...
_JOB_TITLE = [_JOB + r"( (of|for) [\w\-&]+( [\w\-&]+)?)? (role|position|opening|vacancy)\b(?! of)"]
_POST_WORD = re.compile(r"role|position|opening|vacanc")

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
        r"\b(info|information|networking|career|careers|graduate|campus|alumni) (evening|night|mixer|reception|expo)",
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
        r"\bcognitive (ability )?test", r"\bcomplete by\b", r"\bdeadline\b", r"\bdue (by|date)\b",
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
        r"background check", r"reference (call|check)", r"\breference for\b", r"\bthank[- ]you", r"\bsend\b",
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
# A move inside the user's own organisation, where they are the candidate.
INTERNAL_MOVE = [
    r"internal (transfer|mobility|move|candidate|application|opening|role|position|process|posting)", r"\btransfer\b",
    r"secondment", r"\(internal\)",
]
SPORTS = [r"\bvs\b", r"\bmatch\b", r"\bgame\b"]
PRACTICE_DESC = [r"mock interview", r"practice interview", r"career (centre|center|services) (workshop|webinar)"]
# Kind "other": group interviews and hiring events; meals and socials around an interview (when the
# title says no more than that).
OTHER_KIND = [r"group interview", r"hiring event", r"open interviews?", r"walk-?in interview", r"informal chat",
              r"\bhr round\b", r"\bhr ?面", r"dinâmica de grupo", r"group dynamic"]
# ... and in a description that names no stage: a meet-and-greet, a group session.
OTHER_DESC = [r"meet (&|and) greet", r"not a formal interview", r"group (interview|dynamic)", r"dinâmica de grupo"]
MEAL = [r"\blunch\b", r"\bdinner\b", r"\bbreakfast\b", r"\bdrinks\b", r"\breception\b", r"\bfika\b", r"happy hour"]
# A session's own kind beats "onsite" when the title names one: "Virtual Onsite - Hiring Manager".
_SESSION_KINDS = ("hiring_manager", "technical", "panel", "screen")
# Before these words a stage in the description is about another session ("before your Superday").
_ELSEWHERE = re.compile(
    r"(before|ahead of|prior to|after|following|prepare for|preparation for|next( step)?( is| will be)?|then( a)?|"
    r"(then|may|might|could|would|will|'ll|’ll|later) invite you to (a|the|your)|"
    r"move (you )?(on|forward) to( the| a)?|advance to( the| a)?|"
    r"schedule (the|a|your)|outcome of (your|the))\W*(\w+\W+){0,2}$"
)
# Stage words too common in a description to name this session's kind ("final details", "share your screen").
_BARE_IN_DESC = re.compile(r"final|panel|loop|jury|exercise|screen|assessment")
# A line naming the candidate ("Candidate: Robin Vega", "Applicant: Chris Dale").
_CANDIDATE_LINE = re.compile(
    r"\b(?:candidate|applicant|interviewee|candidat[eo]?|candidata|kandidat(?:in)?)(?:'s)?(?: name)?\s*[:：]\s*([^\n,(|;]+)"
)
# Someone on the interviewer's side named by their job ("Omar Farouk (Development Manager)").
_LINE_MANAGER = [
    r"hiring manager", r"\b(eng(ineering)?|development|dev|product|site|store|general|program|department|team|"
    r"practice|branch|district|operations|restaurant|shift|unit|office) manager\b", r"\b(be )?my (future |new |would-be )?"
    r"(manager|boss)\b", r"\b(team|afdelings|abteilungs|bereichs)manager\b", r"руководител", r"\bteamleiter",
    r"abteilungsleiter", r"\bresponsable d", r"\bjefe\b", r"\bresponsabile\b", r"\bkierownik", r"\bteamleider",
    r"マネージャー", r"部長", r"经理", r"负责人", r"总监", r"팀장",
    r"\b(my|your) (future |new |would-be )?(supervisor|line manager|reporting manager)\b",
    r"\bbe your (future |new |direct )?(manager|boss|supervisor)\b", r"seria (a |o )?(sua|seu|tua|teu) (chefia|chefe|gestor)",
    r"sería (tu|su) (jefe|jefa)", r"je serai(s)? (ton|ta|votre) (manager|responsable)", r"ich wäre (dein|ihr)e? (vorgesetzte|chef)",
    r"je toekomstige (manager|leidinggevende)", r"\b(role|position|opening|job)s? on (my|our|her|his|their) team\b",
]
# A founder or a chief executive met in a "first conversation" is the one who hires.
_LINE_MANAGER_OR_CHIEF = _LINE_MANAGER + [
    r"\b(ceo|(co-?)?founder|cofondat\w*|fondat(eur|rice)|gründer\w*|fundador\w*|fondatore|oprichter)\b",
]
# ... and senior people who make the hiring decision (dean, director, VP, chief officer, founder).
_MANAGER_DESC = _LINE_MANAGER + [
    r"\bprogram director\b", r"\b(department|division) (head|chair)\b", r"\bhead of\b", r"\b(co-?)?founder\b",
    r"\bceo\b", r"\b(associate |assistant |deputy )?dean\b(?!'s list)", r"\bchair(person)? of\b",
    r"\b(committee|division|program|board|faculty) chair\b", r"\bchairperson\b", r"\bdirector\b", r"\bvp\b",
    r"\bvice[- ]president\b", r"\bchief [\w ]{1,25}officer\b", r"\b(is|am|('|’)m) hiring (a|an|for|someone)\b",
    r"\b(cto|coo|cfo|cpo|cmo|cio|chro)\b", r"\((?:[\w\-]+ ){0,3}(manager|director)\)", r"\bmanaging (partner|director)\b",
    # the same roles in other languages
    r"\bleiter(in)?\b", r"\bgerente\b", r"\bdirect(eur|rice|ora)\b", r"\bdiretor(a)?\b", r"\bdirett(ore|rice)\b",
    r"\bdyrektor", r"ředitel", r"\bjohtaja", r"\bdirekt(ø|ö)r", r"\bmüdür", r"مدير", r"סמנכ", r"מנכ", r"giám đốc",
    r"trưởng phòng", r"\bkepala\b", r"\bmanajer\b", r"हेड ऑफ", r"प्रमुख", r"प्रबंधक", r"मैनेजर", r"avdelningschef",
    r"\bafdelingsleder", r"vedoucí",
]
# Someone who recruits (in a signature or an introduction): a one-to-one with them is a screen.
_RECRUITER_DESC = [
    r"\brecruiter\b", r"\btalent (partner|acquisition|scout|sourcer|lead)\b", r"\bsourcer\b",
    r"\brecruiting (lead|partner|manager|specialist)\b", r"\bsearch consultant\b", r"\bheadhunter\b",
    r"招聘专员", r"採用担当", r"채용 담당",
]


# A title that hides what the event is ("Private Appointment", "OOO"): on the user's own calendar its notes say.
GENERIC_TITLE = re.compile(
    r"(private|personal)( appointment| event| time)?|appointment|ooo|out of (the )?office|away|not available"
)
# A title of one word, or of symbols only ("Call", "Tarrow", "🎯"): on the user's own calendar, its notes say what it is.
_TERSE_TITLE = re.compile(r"[^\W\d_][\w'’&.\-]*|[^\w\s]{1,6}|(quick |phone |zoom )?(call|chat|intro|meeting|sync|catch[- ]?up)")
# The user's own notes about being the candidate (on an event they set up with the other person).
SELF_CANDIDATE = [
    r"\brecruiter (from|at|with)\b", r"\bhiring (mgr|manager)\b",
    r"\b(she|he|they)(('|’)d| would| will|('|’)ll)? (be|is|are) my (future |would-be |new |potential )?(manager|boss)\b",
    r"\bmy (future|would-be|new|potential) (manager|boss)\b", r"\bwhether i (go|move|advance|get|make it)\b",
    r"\bbefore i (formally )?apply\b", r"\bi applied\b", r"\bmy (application|candidacy)\b",
]
# An organizer that is an employer's recruiting team ("Harlow Bank Talent", careers@, legalrecruiting@).
RECRUITING_SENDER = re.compile(
    r"^(recruit\w*|talent\w*|careers?|jobs|hiring|staffing|resourcing|\w*(recruiting|recruitment|careers|hiring|talent))"
    r"([+.\-_].*)?@"
)
RECRUITING_NAME = re.compile(r"\b(recruit(ing|ment)|talent( acquisition| team)?|careers|hiring|staffing)\b", re.I)
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
_BARE_FOLLOW_UP = re.compile(r"follow[- ]?up( (call|chat|meeting|conversation))?")


def _fold(text: str) -> str:
    return unicodedata.normalize("NFKC", text or "").lower()


_COMPILED: dict[int, "_Joined"] = {}
# "^" stays: without it an anchored pattern is tried at every position, which is quadratic in
# the length of a word it scans ("^name x name$" over a 10 KB title without spaces).
_LEADING_ASSERTION = re.compile(r"^(?:\\b|\(\?<[!=](?:[^()\\]|\\.)*\))+")
_NEVER = re.compile(r"(?!)")


class _Joined:
    """A list of patterns joined into one regex (``exact``); a looser one without leading \\b, ^ and
    lookbehinds (``loose``); and the looser one without the patterns that cannot match ASCII text
    (``ascii_loose``: no "面接", no "proceso de selección"). Each is compiled when first used.

    A leading assertion or group stops the regex engine from skipping ahead to the possible
    first characters, so searching the loose form first (nothing it misses can match the exact
    form) makes the common case, no match, several times faster; and as the engine tries every
    alternative at every candidate position, leaving out the other scripts' words for
    plain-ASCII text (most titles) saves more.
    """

    def __init__(self, patterns: list[str]):
        self.patterns = patterns

    @cached_property
    def exact(self) -> re.Pattern[str]:
        return re.compile("|".join(f"(?:{p})" for p in self.patterns))

    @cached_property
    def _loose_parts(self) -> list[str]:
        return [q for p in self.patterns for q in _loosen(p)]

    @cached_property
    def loose(self) -> re.Pattern[str]:
        return re.compile("|".join(f"(?:{p})" for p in self._loose_parts))

    @cached_property
    def ascii_loose(self) -> re.Pattern[str]:
        parts = [p for p in self._loose_parts if p.isascii() or not _needs_non_ascii(p)]
        return re.compile("|".join(f"(?:{p})" for p in parts)) if parts else _NEVER

    def prefilter(self, text: str) -> re.Pattern[str]:
        return self.ascii_loose if text.isascii() else self.loose


def _rx2(patterns: list[str]) -> _Joined:
    found = _COMPILED.get(id(patterns))
    if found is None:
        found = _COMPILED[id(patterns)] = _Joined(patterns)
    return found


def _loosen(pattern: str, depth: int = 0) -> list[str]:
    """``pattern`` without its leading assertions, as alternatives that each start with a character
    ("(first|second) round" -> "first round", "second round"): one pattern that starts with a group or
    an assertion keeps the engine from skipping to the possible first characters of the whole regex.
    Each alternative matches where the pattern does (they only match more), so they do as a prefilter."""
    p = _LEADING_ASSERTION.sub("", pattern)
    if depth > 3 or not p.startswith("(") or (p.startswith("(?") and not p.startswith("(?:")):
        return [p]
    start = 3 if p.startswith("(?:") else 1
    alts, level, i, last, in_class = [], 0, start, start, False
    while i < len(p):
        c = p[i]
        if c == "\\":
            i += 2
            continue
        if in_class:
            in_class = c != "]"
        elif c == "[":
            in_class = True
        elif c == "(":
            level += 1
        elif c == ")":
            if level == 0:
                break
            level -= 1
        elif c == "|" and level == 0:
            alts.append(p[last:i])
            last = i + 1
        i += 1
    if i >= len(p):
        return [p]
    alts.append(p[last:i])
    rest, optional = p[i + 1:], False
    if rest[:1] == "?" and rest[1:2] not in ("?", "+"):
        rest, optional = rest[1:], True
    elif rest[:1] in ("*", "+", "{", "?"):
        return [p]
    out = [q for alt in alts for q in _loosen(alt + rest, depth + 1)]
    return out + (_loosen(rest, depth + 1) if optional and rest else [])


def _needs_non_ascii(pattern: str) -> bool:
    """Whether every match of ``pattern`` holds a non-ASCII character (a required literal; conservative)."""
    try:
        from re import _parser  # the standard library's own parser (Python 3.11+)

        return _seq_needs_non_ascii(_parser.parse(pattern))
    except Exception:  # noqa: BLE001 - unknown parser: assume it may match ASCII, which is always safe
        return False


def _seq_needs_non_ascii(seq) -> bool:
    from re._constants import BRANCH, IN, LITERAL, MAX_REPEAT, MIN_REPEAT, RANGE, SUBPATTERN

    for op, av in seq:
        if op is LITERAL and av > 127:
            return True
        if op is IN and all((o is LITERAL and a > 127) or (o is RANGE and a[0] > 127) for o, a in av):
            return True
        if op is SUBPATTERN and _seq_needs_non_ascii(av[3]):
            return True
        if op is BRANCH and all(_seq_needs_non_ascii(alt) for alt in av[1]):
            return True
        if op in (MAX_REPEAT, MIN_REPEAT) and av[0] >= 1 and _seq_needs_non_ascii(av[2]):
            return True
    return False


def _rx(patterns: list[str]) -> re.Pattern[str]:
    return _rx2(patterns).exact


def _any(patterns: list[str], text: str) -> str | None:
    """The text matched by the first pattern that occurs in ``text`` (patterns joined into one regex)."""
    if not text:
        return None
    joined = _rx2(patterns)
    if not (first := (joined.ascii_loose if text.isascii() else joined.loose).search(text)):
        return None
    # no exact match starts before the first loose one (each exact match is a loose match at the same place)
    m = joined.exact.search(text, first.start())
    return m.group(0) if m else None


def _all(patterns: list[str], text: str) -> list[str]:
    """Every distinct text matched by the patterns in ``text``, in order."""
    if not text:
        return []
    joined = _rx2(patterns)
    if not (first := (joined.ascii_loose if text.isascii() else joined.loose).search(text)):
        return []
    exact = joined.exact
    return list(dict.fromkeys(m.group(0) for m in exact.finditer(text, first.start())))


def _matches(groups: dict[str, list[str]], text: str) -> dict[str, str]:
    """For each group with a pattern in ``text``, the matched text."""
    return {k: m for k, pats in groups.items() if (m := _any(pats, text))} if text else {}


def _first_here(patterns: list[str], text: str) -> tuple[int, str] | None:
    """The first match in ``text`` that is about this event, not a session referred to ("before your onsite")."""
    for m in _rx(patterns).finditer(text):
        if _BARE_IN_DESC.fullmatch(m.group(0)):
            continue
        if not _ELSEWHERE.search(text[max(0, m.start() - 40):m.start()]):
            return m.start(), m.group(0)
    return None


def _domain(email: str) -> str:
    return email.rsplit("@", 1)[-1].lower() if "@" in email else ""


_HIRING_TOOLS = frozenset(SCHEDULER_DOMAINS)
_ALL_SCHEDULERS = _HIRING_TOOLS | frozenset(GENERIC_SCHEDULER_DOMAINS)


@lru_cache(maxsize=4096)
def _suffixes(domain: str) -> tuple[str, ...]:
    """A domain and its parents: mail.lever.co -> mail.lever.co, lever.co, co."""
    parts = domain.split(".")
    return tuple(".".join(parts[i:]) for i in range(len(parts)))


def _domain_in(email: str, domains: frozenset[str]) -> bool:
    return "@" in email and any(s in domains for s in _suffixes(_domain(email)))


def is_scheduler(email: str) -> bool:
    """An applicant-tracking or booking tool's address (hiring tools and general booking tools)."""
    return _domain_in(email, _ALL_SCHEDULERS)


def is_hiring_tool(email: str) -> bool:
    """An applicant-tracking or interview-scheduling tool's address: evidence of hiring."""
    return _domain_in(email, _HIRING_TOOLS)


def scheduler_name(email: str) -> str:
    d = _domain(email)
    for key, label in SCHEDULER_NAMES.items():
        if key in d:
            return label
    return d


def is_no_reply(email: str) -> bool:
    return bool(email) and (bool(NO_REPLY.match(email.lower())) or is_scheduler(email))


def is_role_mailbox(email: str) -> bool:
    return bool(ROLE_MAILBOX.match(email.lower()))


def _org_named(p: Person) -> bool:
    """A display name that is an organisation or team, not a person ("St. Mary's IM Residency")."""
    if not p.name:
        return False
    head = re.split(r"\s*(?:,|\(|\s[-–|]\s)", p.name, maxsplit=1)[0]
    return bool(ORG_NAME.search(head))


def _is_role(p: Person) -> bool:
    return is_role_mailbox(p.email) or _org_named(p)


def is_resource(p: Person) -> bool:
    if p.cutype in ("ROOM", "RESOURCE", "GROUP"):
        return True
    if p.email and RESOURCE_HINT.search(p.email.lower()):
        return True
    return bool(p.name and ROOM_NAME.search(p.name.strip()))


@dataclass
class Detection:
    """What detection decided about one event, and why."""

    is_interview: bool
    kind: str
    confidence: float
    interviewers: list[Person] = field(default_factory=list)
    reasons: list[str] = field(default_factory=list)
    company: str = ""
    score: float = 0.0
    incomplete: bool = False  # a second opinion was due but could not be had: judge again later


@dataclass(frozen=True)
class Identity:
    """The user as detection sees them: their addresses and the ways their name is written."""

    emails: frozenset[str]
    names: tuple[str, ...] = ()
    first: str = ""  # the given name alone ("robin"), as people title a one-to-one ("Robin / Hallie")

    @classmethod
    def of(cls, emails, name: str = "") -> "Identity":
        emails = frozenset(e.strip().lower() for e in emails if e and e.strip())
        names = set()
        if name.strip():
            words = name.strip().split()
            names.add(_fold(name.strip()))
            names.add(_fold(words[0]) + " " + _fold(words[-1]))
            if len(words) >= 2:
                names.add(_fold(words[-1]) + ", " + _fold(words[0]))  # "Vega, Robin"
                names.add(_fold(words[0])[:1] + ". " + _fold(words[-1]))  # "R. Vega"
        for e in emails:
            local = e.split("@")[0]
            parts = [p for p in re.split(r"[._\-+]", local) if p.isalpha() and len(p) > 1]
            if len(parts) >= 2:
                names.add(" ".join(parts[:2]))
        first = _fold(name.strip().split()[0]) if name.strip() else ""
        return cls(emails, tuple(sorted(names)), first if len(first) > 1 else "")

    def in_pair_title(self, title: str) -> bool:
        """Whether ``title`` (folded) pairs the user with one other name: "Robin / Hallie", "Ozren x Robin Vega"."""
        if not self.first:
            return False
        me = r"(?:" + "|".join(map(re.escape, sorted({self.first, *self.names}, key=len, reverse=True))) + r")"
        other = r"[^\W\d_][\w'’.\-]{0,40}"  # bounded: linear in the title's longest word
        sep = r"\s*(?:/|<>|↔|\+|&|\bx\b|\band\b|\be\b|\by\b|\bet\b|\bund\b)\s*"
        return bool(re.search(rf"(?<!\w){me}{sep}{other}|{other}{sep}{me}(?!\w)", title))

    def is_named(self, text: str) -> bool:
        """Whether ``text`` (folded) starts with one of the user's names."""
        text = text.strip()
        return any(text.startswith(n) for n in self.names)

    def named_in(self, text: str) -> bool:
        """Whether one of the user's names occurs in ``text`` (folded) as whole words ("R. Vega", not "Dr. Vega")."""
        return bool(self.names) and bool(_names_rx(self.names).search(text))


@lru_cache(maxsize=64)
def _names_rx(names: tuple[str, ...]) -> re.Pattern[str]:
    return re.compile(r"(?<!\w)(?:" + "|".join(map(re.escape, names)) + r")(?!\w)")


def _human(p: Person | None, me: Identity) -> bool:
    return bool(p) and p.email not in me.emails and not is_resource(p) and not is_no_reply(p.email)


# Name words and the local part are bounded (RFC 5321: 64 characters), so that the search stays
# linear in a long run of letters instead of rescanning it from every position.
_EMAIL_IN_TEXT = re.compile(r"(?:([A-Z][\w'’\-]{1,40}(?: [A-Z][\w'’\-.]{1,40}){0,3})\s*[<(\[]\s*)?(?:mailto:)?([\w.+\-]{1,64}@[\w\-]+(?:\.[\w\-]+)+)", re.U)
# A person's name (with "de", "van der", "von"... inside it), and what separates names in a list
# ("X, Y and Z", "met X en Y", "mit X und Y", "avec X et Y", "con X y Y").
_NAME = r"[A-Z][\w'’\-]+ (?:(?:de|van|der|den|von|di|da|del|della|la|le|du|ten|ter|dos|das)\s+)*[A-Z][\w'’\-]+"
_NAME_SEP = r",\s*| and | & | en | und | et | y | e |\n\s*[-*•]?\s*"
_NAMED_IN_TEXT = re.compile(
    r"(?<!\w)(?i:interviewers?|you(?:'|’)ll (?:be )?meet(?:ing)?(?: with)?|you will (?:be )?meet(?:ing)?(?: with)?|"
    r"meeting with|hosted by|with|met|mit|avec|con)\s*[:\-–]?\s*"
    rf"((?:{_NAME}(?: \([^)]*\))?(?:{_NAME_SEP})?){{1,6}})",
    re.U,
)
# The organizer says they will take part ("I'll join too", "Kim and I will interview you").
_ORGANIZER_JOINS = re.compile(
    r"\b(i('ll| will) (also )?(be )?(join|joining|sit in|be there|be on the call|interview)|"
    r"(and|&) (i|me) will|with me and|joining me|we('ll| will) both|"
    r"(will be|is|are|includes?|including|consists? of|consisting of) me)\b|"
    # "Hollis (VP Analytics, me)"; "je me joindrai", "ich bin auch dabei", "yo también estaré", "já se připojím"
    r"\([^()\n]{0,40},\s*me\)|je (me joindrai|serai (aussi |également )?présente?)|ich bin (auch )?dabei|"
    r"(yo )?también estaré|eu também estarei|anch'io sarò|ik (schuif|sluit) (ook )?aan|já se (také )?připojím|"
    r"se (také )?připojím|jag (är också med|ansluter)"
)
# "Mireia (VP Data) and Bastian (HR) will both be there": the organizer named with the others who take part.
_BOTH_THERE = re.compile(r"\b(will|'ll) (both|all) be (there|on the call|joining)|\byou('|’)ll meet\b|\byou will meet\b")


def people_in_description(text: str, me: Identity) -> list[Person]:
    """People named in an invitation's description: addresses first, then 'Interviewer: Name' names."""
    found: dict[str, Person] = {}
    if "@" in (text or ""):
        for m in _EMAIL_IN_TEXT.finditer(text):
            name, email = (m.group(1) or "").strip(), m.group(2).lower().rstrip(".")
            if email in me.emails or is_no_reply(email) or email in found:
                continue
            found[email] = Person(email=email, name=name)
    if found:
        return list(found.values())
    return [Person(name=n) for n in _named_participants(text, me)]


def _named_participants(text: str, me: Identity) -> list[str]:
    """Names listed as the people met ("Interviewers: Priya Shah, Tom Lee", "met Pieter Visser en Sanne de Jong")."""
    names: list[str] = []
    for m in _NAMED_IN_TEXT.finditer(text or ""):
        for part in re.split(_NAME_SEP, m.group(1)):
            part = re.sub(r"\s*\(.*?\)\s*", "", part).strip()
            if part and len(part.split()) >= 2 and _fold(part) not in me.names and part not in names:
                names.append(part)
    return names


def _organizer_listed(text: str, org: Person, people: list[Person]) -> bool:
    """Whether a sentence of ``text`` names the organizer's first name beside an attendee's, saying they all take part."""
    def first(p: Person) -> str:  # "Mireia Castellano" and "Castellano, Mireia" → "mireia"
        name = (p.name or "").split(",", 1)[-1].split()
        return _fold(name[0]) if name else ""

    mine, theirs = first(org), {first(p) for p in people} - {""}
    if len(mine) < 2 or not theirs:
        return False
    for sentence in re.split(r"(?<=[.!?])\s+|\n", _fold(text)):
        words = set(re.findall(r"\w+", sentence))
        if mine in words and words & theirs and _BOTH_THERE.search(sentence):
            return True
    return False


def recipients(event: Event, me: Identity) -> list[Person]:
    """The people to thank, in order of preference:

    1. human attendees (not the user, rooms, groups, no-reply senders, role mailboxes, declined or
       non-participants), plus the organizer when the description says they take part ("I'll join")
       or lists them among the people met ("met Pieter Visser en Sanne de Jong");
    2. else the people named with an address in the description;
    3. else the human organizer;
    4. else one role mailbox (recruiting@, a programme's mailbox): an attendee's, then one in the
       description, then the organizer's.

    People named in the description without an address come along at steps 3 and 4 (and alone when
    nothing else is known): the debrief form lists them, though no draft can be addressed to them.
    """
    humans = [
        a for a in event.attendees if _human(a, me) and a.partstat != "DECLINED" and a.role != "NON-PARTICIPANT"
    ]
    people = [a for a in humans if not _is_role(a)]
    roles = [a for a in humans if _is_role(a)]
    org = event.organizer
    org_person = org if org and _human(org, me) and not _is_role(org) else None
    described = people_in_description(event.description, me)
    if people:
        if org_person and all(p.email != org_person.email for p in people) and (
            _ORGANIZER_JOINS.search(_fold(event.description))
            or (org_person.name and _fold(org_person.name) in map(_fold, _named_participants(event.description, me)))
            or _organizer_listed(event.description, org_person, people)
        ):
            people.append(org_person)
    else:
        people = [p for p in described if p.email and not is_role_mailbox(p.email)]
    if not people:
        named = [p for p in described if not p.email]
        if org_person:
            people = [org_person] + named
        else:
            roles += [p for p in described if p.email and is_role_mailbox(p.email)]
            if org and _human(org, me):
                roles.append(org)
            people = roles[:1] + named
    seen: set[str] = set()
    out = []
    for p in people:
        key = p.email or p.name.lower()
        if key not in seen:
            seen.add(key)
            out.append(p)
    return out


def company_of(event: Event, me: Identity) -> str:
    """The organisation behind an interview, from a non-free, non-scheduler address or the title."""
    my_domains = {_domain(e) for e in me.emails}
    people = ([event.organizer] if event.organizer else []) + list(event.attendees)
    for p in people:
        d = _domain(p.email)
        if not d or d in FREEMAIL or d in my_domains or is_scheduler(p.email) or is_resource(p):
            continue
        labels = [x for x in d.split(".") if x not in ("com", "org", "net", "io", "co", "example", "mail", "careers", "jobs")]
        if labels:
            return labels[-1].replace("-", " ").title()
    m = re.search(r"\b(?:at|with|@|bei|chez|con|bij)\s+([A-Z][\w&.\-]*(?:\s[A-Z][\w&.\-]*){0,2})", event.title)
    if m:
        return m.group(1).strip()
    m = re.match(r"^\s*([A-Z][\w&.\-]*(?:\s[A-Z][\w&.\-]*){0,2})\s*[-–:|/]", event.title)
    return m.group(1).strip() if m else ""


def _internal(event: Event, me: Identity) -> bool:
    """A meeting among colleagues: everyone else is on one of the user's own (non-free-mail) domains."""
    mine = {_domain(e) for e in me.emails} - FREEMAIL
    people = [p for p in ([event.organizer] if event.organizer else []) + event.attendees
              if p and p.email and p.email not in me.emails and not is_resource(p)]
    return bool(mine and people) and all(_domain(p.email) in mine for p in people)


_INTRODUCED = re.compile(r"\bvia\b|\bintro")


def _own_org_named(title: str, me: Identity) -> str | None:
    """The user's employer named in a title ("Coffee chat: Streamlyne x CurrentCo"), from their work address."""
    for email in me.emails:
        domain = _domain(email)
        if domain in FREEMAIL:
            continue
        label = domain.split(".")[0]
        if len(label) > 3 and label not in " ".join(me.names) and label != "example" and re.search(rf"\b{re.escape(label)}\b", title):
            return label
    return None
# Practice words that stay practice even in a career chat: paid coaching, reviews, events for many.
_PAID_OR_GROUP = re.compile(r"coach|review|critique|webinar|workshop|masterclass|seminar|lecture|session|fair|"
                            r"lunch (&|and) learn|recorded|bilan|training|course|class|bootcamp")


def _informational_title(title: str, desc: str, small: bool, pair: bool = False) -> str | None:
    """A meeting the user set up to ask for advice: a social title ("Coffee w/ Maya", or the user and one other
    name: ``pair``) and a career topic or an informational-interview phrase (in the description only for a meeting
    of at most three). A title that says "interview" without saying "informational" is some other stage
    ("Interview call - HR round")."""
    if m := _any(STAGE["informational"], title):
        return m
    social = pair or _any(SOCIAL_TITLE, title)
    if social and (m := _any(CAREER_TOPIC, title)) and _INTRODUCED.search(m) and _any(HIRING_CONTEXT, desc):
        return None  # an introduction about a post ("Intro: Robin x Westbrook (via Ridgeway)") is not a career chat
    if social and not _any(INTERVIEW_WORDS, title) and (
        m := _any(CAREER_TOPIC, title)
        or (small and (_any(CAREER_TOPIC_DESC, desc) or _any(STAGE["informational"], desc)))
    ):
        return m
    return None


# "Interview: Chris Dale": the name right after the colon is the one interviewed.
_TITLE_NAME = re.compile(
    r"(?:interview(?:ing)?|candidate|applicant)\s*[:\-–]\s*([^\W\d_][\w'’\-]+(?: [^\W\d_][\w'’\-]+){1,2})", re.I
)


@dataclass(frozen=True)
class Rules:
    """What the user decided: config rules ([detection]) and events marked with `followthrough mark`.

    A rule overrides the scores, and says so in the reasons. Most specific first: a mark on the
    event's series, then title patterns, organizer domains, calendars, and last a mark remembered
    for the organizer. Within a level an exclusion wins.
    """

    include_titles: tuple[re.Pattern[str], ...] = ()
    exclude_titles: tuple[re.Pattern[str], ...] = ()
    include_domains: frozenset[str] = frozenset()
    exclude_domains: frozenset[str] = frozenset()
    include_calendars: frozenset[str] = frozenset()
    exclude_calendars: frozenset[str] = frozenset()
    marks: dict[str, bool] = field(default_factory=dict)  # event UID -> interview?
    organizer_marks: dict[str, bool] = field(default_factory=dict)  # organizer address -> interview?
    judge: object = None  # a second opinion where the scores are unsure ([detection] model; daemon/judge.py)

    @classmethod
    def from_config(cls, detection, marks: list[tuple[str, str, bool]] = ()) -> "Rules":
        """From the ``[detection]`` table and stored marks (uid, organizer, verdict)."""
        from daemon.judge import from_config as judge_from_config

        compile_ = lambda pats: tuple(re.compile(p, re.I) for p in pats)  # noqa: E731
        lower = lambda xs: frozenset(x.strip().lower().lstrip("@") for x in xs)  # noqa: E731
        return cls(
            include_titles=compile_(detection.include_titles),
            exclude_titles=compile_(detection.exclude_titles),
            include_domains=lower(detection.include_organizer_domains),
            exclude_domains=lower(detection.exclude_organizer_domains),
            include_calendars=frozenset(detection.include_calendars),
            exclude_calendars=frozenset(detection.exclude_calendars),
            marks={uid: verdict for uid, _, verdict in marks},
            organizer_marks={org.lower(): verdict for _, org, verdict in marks if org},
            judge=judge_from_config(detection),
        )

    def fingerprint(self) -> str:
        """Changes whenever a rule or mark changes: a calendar must then be looked at afresh."""
        parts = (
            [p.pattern for p in self.include_titles], [p.pattern for p in self.exclude_titles],
            sorted(self.include_domains), sorted(self.exclude_domains), sorted(self.include_calendars),
            sorted(self.exclude_calendars), sorted(self.marks.items()), sorted(self.organizer_marks.items()),
            getattr(self.judge, "fingerprint", None),
        )
        import hashlib

        return hashlib.sha256(repr(parts).encode()).hexdigest()[:16]

    def decide(self, event: Event) -> tuple[bool, str] | None:
        """(is it an interview, why) when a rule applies, else None."""
        word = {True: "an interview", False: "not an interview"}
        if event.uid in self.marks:
            v = self.marks[event.uid]
            return v, f"you marked this event {word[v]} (followthrough mark)"
        for pats, verdict in ((self.exclude_titles, False), (self.include_titles, True)):
            for p in pats:
                if p.search(event.title or ""):
                    return verdict, f"your rule {'exclude' if not verdict else 'include'}_titles {p.pattern!r} matches the title"
        domain = _domain(event.organizer.email) if event.organizer else ""
        for domains, verdict in ((self.exclude_domains, False), (self.include_domains, True)):
            if domain and any(domain == d or domain.endswith("." + d) for d in domains):
                return verdict, f"your rule {'exclude' if not verdict else 'include'}_organizer_domains matches {domain}"
        cal = {event.calendar, event.source}
        if cal & self.exclude_calendars:
            return False, f"your rule exclude_calendars names calendar {(cal & self.exclude_calendars).pop()!r}"
        if cal & self.include_calendars:
            return True, f"your rule include_calendars names calendar {(cal & self.include_calendars).pop()!r}"
        org = event.organizer.email.lower() if event.organizer and event.organizer.email else ""
        if org in self.organizer_marks:
            v = self.organizer_marks[org]
            return v, f"you marked an event from {org} {word[v]} before"
        return None


NO_RULES = Rules()


def detect(event: Event, me: Identity, rules: Rules = NO_RULES) -> Detection:
    """Decide whether ``event`` is an interview where the user is the candidate.

    The user's rules and marks win; then, when one is configured and the scores are unsure, a second opinion
    (daemon/judge.py); then the scores."""
    found = _detect(event, me)
    if event.status == "CANCELLED" or found.reasons[:1] == ["you declined it"]:
        return found
    decided = rules.decide(event)
    if decided is None:
        return _second_opinion(event, me, found, rules.judge) if rules.judge is not None else found
    verdict, why = decided
    if verdict == found.is_interview:
        found.reasons.append(why)
        return found
    if not verdict:
        return Detection(False, "", 0.0, reasons=found.reasons + [why], score=found.score)
    return _taken(event, me, found, [why], 1.0)


def _taken(event: Event, me: Identity, found: Detection, why: list[str], confidence: float, kind: str = "") -> Detection:
    """An interview the scores alone did not take: its people, company and kind (``kind`` if given)."""
    people = recipients(event, me)
    if kind:
        kind_why = "the second opinion says so"
    else:
        kind, kind_why = _kind(_fold(event.title), _fold(event.description), _matches(STAGE, _fold(event.title)), event, people)
    return Detection(True, kind, confidence, interviewers=people, reasons=found.reasons + why + [f"kind {kind}: {kind_why}"],
                     company=company_of(event, me), score=found.score)


def _second_opinion(event: Event, me: Identity, found: Detection, judge) -> Detection:
    """Ask ``judge`` when the score lies in its band; its answer decides, and the reasons say so."""
    low, high = judge.band
    if not low <= found.score < high or (found.is_interview and found.kind == "informational"):
        return found  # the rules are sure; and a classifier learns career chats poorly from few examples
    opinion = judge.judge(event, me, found)
    if isinstance(opinion, str):  # the judge could not answer
        found.reasons.append(f"{opinion}; the rules decide")
        found.incomplete = True
        return found
    why = opinion.why or f"the {judge.name} model says so"
    if opinion.interview != found.is_interview:
        if not opinion.interview:
            return Detection(False, "", opinion.confidence or 0.5, score=found.score,
                             reasons=found.reasons + [f"second opinion: not an interview ({why})"])
        return _taken(event, me, found, [f"second opinion: an interview ({why})"], opinion.confidence or 0.5, opinion.kind)
    found.reasons.append(f"second opinion agrees ({why})")
    if found.is_interview and opinion.kind and opinion.kind != found.kind and found.kind == "other":
        found.kind = opinion.kind
        found.reasons.append(f"kind {opinion.kind}: the second opinion says so")
    return found


def _detect(event: Event, me: Identity) -> Detection:
    """The scored rules alone."""
    reasons: list[str] = []
    title, desc = _fold(event.title), _fold(event.description)
    if event.status == "CANCELLED":
        return Detection(False, "", 0.0, reasons=["cancelled"])
    if event.partstat_of(set(me.emails)) == "DECLINED":
        return Detection(False, "", 0.0, reasons=["you declined it"])

    score = 0.0
    org = event.organizer
    org_is_me = bool(org and org.email in me.emails)
    my_domains = {_domain(e) for e in me.emails} - FREEMAIL
    others = [a for a in event.attendees if a.email not in me.emails and not is_resource(a)]
    everyone = ([org] if org else []) + event.attendees
    hiring_sender = next((p.email for p in everyone if p and is_hiring_tool(p.email)), "")
    self_typed = (not org or org_is_me) and not others
    if self_typed and desc.strip() and (GENERIC_TITLE.fullmatch(title.strip(" .:-–")) or _TERSE_TITLE.fullmatch(title.strip())):
        title = title.strip() + " | " + desc.strip().split("\n", 1)[0]
        reasons.append("a title that hides what it is, on your own calendar: read with its notes")

    interview_word = _any(INTERVIEW_WORDS, title)
    desc_word = None
    if interview_word:
        score += 3.0
        reasons.append(f"title says {interview_word.strip()!r}")
    elif desc_word := _any(INTERVIEW_WORDS, desc):
        score += 1.5
        reasons.append(f"description says {desc_word.strip()!r}")
    desc_word = desc_word if not interview_word else None

    ctx = _any(HIRING_CONTEXT, desc + " " + title)
    said_to_candidate = _all(TO_CANDIDATE, desc)
    me_interviewing = bool((m := _INTERVIEWER_LIST.search(desc)) and me.named_in(m.group(1)))
    if me_interviewing:  # a list of interviewers with the user on it is not written to a candidate
        said_to_candidate = [x for x in said_to_candidate if not x.startswith("interviewer")]
    to_candidate = said_to_candidate[0] if said_to_candidate else None
    tool_named = None
    if not hiring_sender and (m := HIRING_TOOL_IN_TEXT.search(desc)):
        tool_named = m.group(1)
    kinds_title = _matches(STAGE, title)
    if "hiring_manager" not in kinds_title and (m := _any(HM_ROLE_TITLE, title)) and not _post_in_title(title, m, me):
        kinds_title["hiring_manager"] = m
    if info := _informational_title(title, desc, len(others) <= 2, len(others) <= 1 and me.in_pair_title(title)):
        kinds_title["informational"] = info
    evidence = bool(
        interview_word or desc_word or ctx or hiring_sender or tool_named or to_candidate or "round" in title
    )
    internal = _internal(event, me)
    strong_title = {
        k: m for k, m in kinds_title.items()
        if evidence or not (EVERYDAY_STAGE.fullmatch(m) or (WORKDAY_STAGE.fullmatch(m) and internal))
    }
    if strong_title:
        score += 2.5
        reasons.append("title names an interview stage: " + ", ".join(
            repr(m) if m in title else f"{m!r} (a social meeting; the description says so)"
            for m in strong_title.values()
        ))
    elif kinds_desc := _matches(STAGE, desc):
        score += 1.5
        reasons.append("description names an interview stage: " + ", ".join(repr(m) for m in kinds_desc.values()))
    if "informational" in kinds_title:
        score += 1.0
    if hiring_sender:
        score += 1.5
        reasons.append(f"sent through {scheduler_name(hiring_sender)} (a hiring scheduling tool)")
    elif tool_named:
        score += 1.0
        reasons.append(f"the description says it was sent with {tool_named!r} (a hiring tool)")
    elif org and org.email and (RECRUITING_SENDER.match(org.email.lower()) or RECRUITING_NAME.search(org.name or "")) and (
            not org_is_me and _domain(org.email) not in my_domains and not is_scheduler(org.email)):
        score += 1.0
        reasons.append(f"sent by a recruiting team ({org.name or org.email})")
    post = _post_named(desc) if not internal else None
    ctx = ctx or post
    if ctx:
        score += 0.5
        reasons.append(f"hiring context: {ctx!r}")
    if post:
        score += 1.0
        reasons.append(f"the description names a post: {post!r}")
    if to_candidate:
        score += 1.0 if len(said_to_candidate) == 1 else 1.5
        reasons.append("the description is written to a candidate: " + ", ".join(map(repr, said_to_candidate[:3])))
    role_title = (_any(ROLE_TITLE, title) or (_POST_WORD.search(title) and _any(_JOB_TITLE, title))) if not internal else None
    if role_title:
        # (once: a title's "position" that was the only hiring context counts 1.0 in all)
        score += 0.5 if ctx and ctx in role_title and not _any(HIRING_CONTEXT, desc) else 1.0
        reasons.append(f"the title names a post: {role_title!r}")
    round_title = (_any(ROUND_TITLE, title) or (self_typed and _any(ROUND_TITLE, desc))) if not internal else None
    if round_title:
        score += 1.0
        reasons.append(f"the title names a step of a process: {round_title!r}")
    candidate_words = any(not _POLITE.fullmatch(m) for m in said_to_candidate)
    about_post = role_title or round_title or tool_named or candidate_words or post
    if about_post and org and not org_is_me and (d := _domain(org.email)) and (
            d not in my_domains and d not in FREEMAIL and not is_scheduler(org.email)):
        score += 1.0
        reasons.append(f"an outside organisation ({d}) invites you about a post")
    my_name_in_title = me.named_in(title)
    if "informational" in kinds_title and (m := re.search(r"\b(informational interview|career (chat|conversation)|coffee chat) "
                                                         r"with (.+)", title)) and me.named_in(m.group(3)):
        score -= 6.0
        reasons.append("the title says someone else has an informational interview with you")
    elif "informational" in kinds_title and (own := _own_org_named(title, me)):
        score -= 4.0
        reasons.append(f"a chat about your own organisation ({own}), not your career")
    if my_name_in_title:
        score += 0.5
        reasons.append("your name is in the title")
    if org_is_me and (m := re.search(r"\bbetween (.+?) and (.+)$", title)) and me.named_in(m.group(1)) and not (
            hiring_sender or interview_word):
        score -= 4.0
        reasons.append("someone booked a meeting on your own scheduling page")
    candidate_is_me = False
    if m := _CANDIDATE_LINE.search(desc):
        if me.is_named(m.group(1)):
            candidate_is_me = True
            score += 2.0
            reasons.append("the description names you as the candidate")
        else:
            score -= 4.0
            reasons.append(f"the description names someone else ({m.group(1).strip()!r}) as the candidate")

    info_m = kinds_title.get("informational", "")
    for why, pats in TITLE_NEGATIVE.items():
        if m := _any(pats, title):
            if why == "practice" and "informational" in kinds_title and not _PAID_OR_GROUP.search(m):
                continue
            if m.strip() == "1:1" and "informational" in kinds_title:  # "1:1 chat with alum Nikhil"
                continue
            # "coffee w/ Lina re: breaking into UX research": the field is named, not a research session
            if info_m and m in _FIELD_WORDS and (i := title.find(info_m)) >= 0 and m in title[i:i + len(info_m) + 15]:
                continue
            # A hold or a bare "Follow-up" that someone outside sends about the candidate's own process
            if candidate_words and org and not org_is_me and _human(org, me) and _domain(org.email) not in my_domains and (
                    not _any(DESC_INTERVIEWER, desc)) and (
                    (why == "a placeholder" and m.strip() == "hold")
                    or (why == "not an interview" and _BARE_FOLLOW_UP.fullmatch(title.strip(" -–:")))):
                reasons.append(f"title says {m.strip()!r}, but it is sent to you about your own process")
                continue
            if m == "(candidate)" and my_name_in_title:  # "Robin Vega (candidate)": the user is interviewed
                continue
            if why == "practice" and my_name_in_title and re.search(r"\bcandidate\b", title):
                continue  # "Research seminar (R. Vega, faculty candidate)": the user's job talk
            score -= 6.0
            reasons.append(f"title says {m.strip()!r}: {why}")
            break
    if m := _any(DESC_INTERVIEWER, desc):
        score -= 4.0
        reasons.append(f"description says {m.strip()!r}: you are on the interviewer's side")
    elif me_interviewing:
        score -= 4.0
        reasons.append("the description lists you among the interviewers")
    elif info_asked := (_any(ADVICE_ASKED, title) or (_any(ADVICE_ASKED, desc) if not org_is_me else None)) if not (
            hiring_sender or interview_word) else None:
        score -= 4.0
        reasons.append(f"description says {info_asked.strip()!r}: someone asks you for advice")
    elif (m := _any(DESC_NOT_EVALUATED, desc)) and ("informational" not in kinds_title or m in _AFTER_OFFER):
        score -= 4.0
        reasons.append(f"description says {m.strip()!r}: not evaluated, or after the decision")
    elif not (to_candidate or hiring_sender) and (m := _any(DESC_OTHER, desc)):
        score -= 4.0
        reasons.append(f"description says {m.strip()!r}: not a job interview")
    elif m := _any(PRACTICE_DESC, desc):
        score -= 3.0
        reasons.append(f"description says {m.strip()!r}: practice")
    own_org = bool(org and not org_is_me and _domain(org.email) in my_domains)
    if (own_org or internal) and not candidate_is_me and (interview_word or strong_title):
        if "informational" in kinds_title:
            if not (ctx or _any(CAREER_TOPIC_DESC, desc) or _any(CAREER_TOPIC, title) or _any(STAGE["informational"], desc)):
                score -= 3.0
                reasons.append("a chat inside your own organisation, about no role or career")
        elif m := _any(INTERNAL_MOVE, title + "\n" + desc):
            reasons.append(f"inside your own organisation, but {m!r}")
        else:
            score -= 2.0
            reasons.append("run by your own organisation: you are more likely an interviewer")
    if org_is_me and others and "informational" not in kinds_title:
        if m := _any(SELF_CANDIDATE, desc):
            score += 1.0
            reasons.append(f"you organised it, but your notes say you are the candidate: {m!r}")
        else:
            score -= 3.0
            reasons.append("you organised it and invited others: you are likely the interviewer")
    elif org_is_me and not others:
        reasons.append("on your own calendar with no one invited")
    # Attendees who could be someone else's candidate: not the organizer, nor from the organizer's company.
    org_domain = _domain(org.email) if org and not is_scheduler(org.email) else ""
    names = [_fold(a.name) for a in others
             if a.name and len(a.name.split()) >= 2 and a != org and not (org_domain and _domain(a.email) == org_domain)
             and not (org and a.email == org.email)]
    if m := _TITLE_NAME.search(event.title):
        who = _fold(m.group(1))
        if not me.is_named(who) and any(who.startswith(n) or n.startswith(who) for n in names):
            score -= 2.5
            reasons.append(f"the title names another attendee ({m.group(1)!r}) as the one interviewed")
    elif "candidate" in title and (who := next((n for n in names if n in title), None)):
        score -= 4.0
        reasons.append(f"the title names another attendee ({who!r}) as a candidate")
    elif my_name_in_title and not candidate_is_me and re.search(r"\bcandidate\b", title):
        score += 1.5
        reasons.append("the title names you as the candidate")
    elif _CANDIDATE_WORD.search(title) and CANDIDATE_IN_TITLE.search(title) and not candidate_is_me and not my_name_in_title:
        score -= 2.0
        reasons.append("the title speaks of a candidate rather than to one")
    if "informational" not in kinds_title and _any(SPORTS, title):
        score -= 1.0

    is_interview = score >= THRESHOLD
    confidence = round(1 / (1 + math.exp(-(score - THRESHOLD))), 2)
    if not is_interview:
        return Detection(False, "", confidence, reasons=reasons, score=score)
    people = recipients(event, me)
    kind, why = _kind(title, desc, kinds_title, event, people)
    return Detection(
        True,
        kind,
        confidence,
        interviewers=people,
        reasons=reasons + [f"kind {kind}: {why}"],
        company=company_of(event, me),
        score=score,
    )


def _post_in_title(title: str, role: str, me: Identity) -> bool:
    """Whether a manager's role in a title is the post applied for ("Interview – Robin Vega (Kierownik Magazynu)"),
    not the person met ("Interview with the store manager"): it follows the user's name or an interview word."""
    before = title[:title.find(role)]
    return bool((me.named_in(before) or _any(INTERVIEW_WORDS, before)) and not _WITH_BEFORE.search(before))


_MY_JOB_BEFORE = re.compile(
    r"\b(your|my|their|his|her)( new| current| old| former)?( [\w\-&/]+){0,4} $|congrat\w*[^.!?\n]{0,40}$"
)


def _post_named(desc: str) -> str | None:
    """A post the description names ("the Staff Engineer role", "our Controller opening"), not someone's own job
    ("congrats on your new Engineering Manager role", "their account manager role changed")."""
    if not _any(POST_NAMED, desc):
        return None
    for m in _rx(POST_NAMED).finditer(desc):
        if not _MY_JOB_BEFORE.search(desc[max(0, m.start() - 60):m.start()]):
            return m.group(0)
    return None


def _without_posts(desc: str) -> str:
    """The description less the posts it names ("the Director of Platform role"): a manager there is the job, not a
    person met."""
    return _rx(_POST_JOB).sub(" ", desc) if _any(_POST_JOB, desc) else desc


_KIND_ORDER = ("informational", "assessment", "final", "onsite", "panel", "hiring_manager", "technical", "screen")
_DESC_KIND_ORDER = ("assessment", "final", "onsite", "panel", "hiring_manager", "technical", "screen")
# Stage phrases that give only an ordinal ("first round", "eerste gesprek"): they say when in the
# process, not who is met, so a manager named among the people met in the description wins over them.
_ORDINAL_ONLY = re.compile(
    r"first[- ]round|first (conversation|call)|initial (call|conversation|chat|interview)|premier entretien|"
    r"erstes (gespräch|interview)|erstgespräch|kennenlerngespräch|kennismakingsgesprek|primera entrevista|"
    r"primo colloquio|eerste (gesprek|ronde)|pierwsza rozmowa|(1st|first)[- ]stage|first interview|premier échange|"
    r"llamada inicial|(conversa|chamada|ligação) inicial|colloquio conoscitivo|ensimmäinen haastattelu|pierwszy etap|"
    r"первое собеседование|一次面接|一次選考|初面|一面|1차 ?(면접|전형)"
)
# A timed block this long is a whole interview day or loop.
_LONG_BLOCK = timedelta(hours=3)
# ... and one this long is a day, whatever session the description names first.
_DAY_BLOCK = timedelta(hours=5)


def _kind(title: str, desc: str, kinds_title: dict, event: Event, people: list[Person]) -> tuple[str, str]:
    """The kind of session, and why. Precedence, first that applies:

    1. the title: informational; assessment or final; a group event, an HR round or a meal; onsite
       (or the one session of an onsite it names); when the title's only stage is an ordinal ("first
       round"), the session the description names (panel, hiring manager, technical, assessment);
       another stage it names (panel, hiring manager, technical, screen); then a manager it names
       by role ("with Dean Patel", "department chair"), which yields to any stage named, so "Phone
       interview with department chair" is a screen;
    2. the stage the description names first about this session; when that is only an ordinal
       ("first round", "eerste gesprek") and the description names a manager, hiring_manager;
    3. a timed block of three hours or more: onsite (an interview day);
    4. several interviewers at once: panel; an interviewer who manages (or is hiring):
       hiring_manager; one recruiter: screen;
    5. a whole day: onsite; else other.
    """
    if "informational" in kinds_title:
        m = kinds_title["informational"]
        return "informational", f"title says {m!r}" if m in title else f"a social meeting about {m!r}"
    for k in ("assessment", "final"):
        if k in kinds_title:
            return k, f"title says {kinds_title[k]!r}"
    if m := _any(OTHER_KIND, title):
        return "other", f"title says {m!r}"
    if (m := _any(MEAL, title)) and not _any(INTERVIEW_WORDS, title) and "onsite" not in kinds_title:
        return "other", f"a meal: {m!r}"
    # A manager named by role in the title (not the stage "hiring manager") yields to a stage named.
    if "hiring_manager" in kinds_title and not _any(STAGE["hiring_manager"], title):
        role = kinds_title["hiring_manager"]
        kinds_title = {k: v for k, v in kinds_title.items() if k != "hiring_manager"}
    else:
        role = None
    if "onsite" in kinds_title:
        sessions = [k for k in _SESSION_KINDS if k in kinds_title]
        if len(sessions) == 1:
            return sessions[0], f"one session of an onsite: {kinds_title[sessions[0]]!r}"
        if role and not sessions:
            return "hiring_manager", f"one session of an onsite, with a manager: {role!r}"
        return "onsite", f"title says {kinds_title['onsite']!r}"
    if set(kinds_title) == {"screen"} and _ORDINAL_ONLY.fullmatch(kinds_title["screen"]):
        # "First-round interview" says when, not what: a session the description names wins.
        first = None
        for k in _SESSION_KINDS + ("assessment",):
            if k != "screen" and (hit := _first_here(STAGE[k], desc)) and (first is None or hit[0] < first[0]):
                first = (hit[0], k, hit[1])
        if first:
            why = f"title says {kinds_title['screen']!r}, and the description names the session: {first[2]!r}"
            return first[1], why
    for k in _KIND_ORDER:
        if k in kinds_title:
            return k, f"title says {kinds_title[k]!r}"
    if role:
        day = not event.all_day and event.end and event.start and event.end - event.start >= _DAY_BLOCK
        if day or _first_here(STAGE["onsite"], desc):
            return "onsite", f"the title names a manager ({role!r}), but it is a visit or a whole loop"
        return "hiring_manager", f"the title names a manager: {role!r}"
    first = None
    for k in _DESC_KIND_ORDER:
        if (hit := _first_here(STAGE[k], desc)) and (first is None or hit[0] < first[0]):
            first = (hit[0], k, hit[1])
    day = not event.all_day and event.end and event.start and event.end - event.start >= _DAY_BLOCK
    if first and day and first[1] in _SESSION_KINDS:
        hours = (event.end - event.start).total_seconds() / 3600
        return "onsite", f"a {hours:g}-hour block: an interview day (the description names {first[2]!r})"
    if first:
        if first[1] == "screen" and _ORDINAL_ONLY.fullmatch(first[2]) and (m := _any(_LINE_MANAGER_OR_CHIEF, desc)):
            return "hiring_manager", f"description says {first[2]!r}, with a manager: {m!r}"
        return first[1], f"description says {first[2]!r}"
    if m := _any(OTHER_DESC, desc):
        return "other", f"description says {m!r}"
    if not event.all_day and event.end and event.start and event.end - event.start >= _LONG_BLOCK:
        return "onsite", f"a {(event.end - event.start).total_seconds() / 3600:g}-hour block: an interview day"
    invited = {a.email for a in event.attendees if a.email}
    met = [p for p in people if p.email in invited]
    if len(met) >= 2 and not event.all_day:
        return "panel", f"{len(met)} interviewers at once"
    if m := _any(_MANAGER_DESC, title + "\n" + _without_posts(desc)):
        return "hiring_manager", f"you meet a manager: {m!r}"
    if len(met) <= 1 and (m := _any(_RECRUITER_DESC, desc)):
        return "screen", f"you meet a recruiter: {m!r}"
    if event.all_day:
        return "onsite", "a whole day"
    return "other", "no stage named"
