"""Interview words and stages in many languages, and the words the kind of a session is read from."""

from __future__ import annotations

from datetime import timedelta
import re



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
    r"probearbeit", r"\b(paid )?trial (shift|(dinner|lunch|brunch) service)\b", r"dinâmica de grupo", r"\bprovpass",
    # typed on a phone: "intvw w/ Acme", "interveiw", "int w/ Sam"
    r"\bint(er)?vw", r"\bintrvw", r"\binterveiw", r"\binterivew", r"\binteveiw", r"\bint\.? w/",
]


# Stages, as a candidate's invitation names them (several languages: the words, not a translation service).
STAGE = {
    "screen": [
        r"phone screen", r"ph(one)? scrn\b", r"\bscrn\b", r"(1st|first) (rd|rnd)\b", r"screening (call|interview)", r"recruiter (call|chat|screen|conversation|intro)",
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
        r"tech (round|interview|screen|scrn|rd|rnd|int|intvw)\b", r"fachinterview", r"fachgespräch", r"entretien technique", r"entrevista técnica", r"architecture (round|interview)", r"\bdsa\b", r"algorithm",
        r"take[- ]home (review|debrief|walkthrough)", r"code review (round|interview)",
        r"(entretien|entrevista|colloquio|rozmowa) (technique|técnica|tecnico|tecnica|techniczna)",
        r"technisches (gespräch|interview)", r"fachgespräch", r"techni(sch|cal) gesprek", r"техническ",
        r"技術面接", r"技术面试", r"技術面試", r"기술 ?면접", r"실무(진)? ?면접", r"코딩",
        r"teknik (mülakat|görüşme)", r"canlı kodlama", r"مقابلة (تقنية|فنية)", r"技术[一二三]面",
    ],
    "hiring_manager": [
        r"hiring manager", r"\bhm (round|interview|chat|call|screen|rd|rnd|int|intvw|scrn)\b", r"\bw/ (the )?hm\b", r"with the hiring manager",
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
        r"final (round|interview|stage|conversation|step|rd|rnd|int|intvw)\b", r"last (round|step|stage|interview|conversation)",
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
        r"(project|portfolio|case|work) presentation", r"\bcase pres\b", r"\bshadow(ing)? shift\b", r"\bprovpass",
        r"étude de cas", r"portfolio review", r"\bpresentation (\+|and|followed by) q",
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
    r"final|panel|loop|jury|exercise|site visit|(project|portfolio|case|work) presentation|case pres|portfolio review|"
    r"shadow(ing)? shift|"
    r"phone (chat|conversation)|(1st|first)[- ]stage|pierwszy etap|premier échange|llamada inicial|"
    r"(conversa|chamada|ligação) inicial|שיחת היכרות"
)


# ... of which these, on the user's own calendar with nothing else to go by, are worth one question: a job seeker's
# own note of a step ("harborline case pres"), not a pastime ("Exercise", "Final exams", "Loop run").
OWN_NOTE_STAGE = re.compile(r"case pres(entation)?|(project|work) presentation|shadow(ing)? shift")


WORKDAY_STAGE = re.compile(
    r"technical|coding|screen|scrn|on-?site|half[- ]day|full[- ]day|algorithm|whiteboard|assessment|case study|take[- ]home"
)


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


_KIND_ORDER = ("informational", "assessment", "final", "onsite", "panel", "hiring_manager", "technical", "screen")


_DESC_KIND_ORDER = ("assessment", "final", "onsite", "panel", "hiring_manager", "technical", "screen")


# Stage phrases that give only an ordinal ("first round", "eerste gesprek"): they say when in the
# process, not who is met, so a manager named among the people met in the description wins over them.
_ORDINAL_ONLY = re.compile(
    r"first[- ]round|first (conversation|call)|initial (call|conversation|chat|interview)|premier entretien|"
    r"erstes (gespräch|interview)|erstgespräch|kennenlerngespräch|kennismakingsgesprek|primera entrevista|"
    r"primo colloquio|eerste (gesprek|ronde)|pierwsza rozmowa|(1st|first)[- ]stage|first interview|premier échange|"
    r"(1st|first) (rd|rnd)|"
    r"llamada inicial|(conversa|chamada|ligação) inicial|colloquio conoscitivo|ensimmäinen haastattelu|pierwszy etap|"
    r"первое собеседование|一次面接|一次選考|初面|一面|1차 ?(면접|전형)"
)


# A timed block this long is a whole interview day or loop.
_LONG_BLOCK = timedelta(hours=3)


# ... and one this long is a day, whatever session the description names first.
_DAY_BLOCK = timedelta(hours=5)
