"""Hiring context, posts, words written to a candidate, numbered steps, career topics."""

from __future__ import annotations

import re



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
    r"职业发展", r"\b(is there )?a path from [\w\- ]{2,30} (in)?to\b", r"\b(agreed|offered|kindly agreed) to mentor me\b",
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
    r"\b(would|will) be your (future |new |direct )?(line manager|manager|boss|supervisor)\b",
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
    r"il tuo profilo", r"(je|jouw) sollicitatie", r"obrigad[oa] pela (sua )?candidatura",
    r"\b(primeira|segunda|terceira|próxima|última) etapa do (seu |nosso )?processo",
]


# Words to a candidate that any invitation may use ("thank you for your interest in our meetup").
_POLITE = re.compile(r"thank(s| you) for your interest|look(ing)? forward to (meeting|speaking|talking) (with )?you")


# A title that numbers a step of a process ("Round 2", "Step 3: case", "second stage", "2차", "二面" is an interview word).
ROUND_TITLE = [
    r"\b(round|stage|step) ?(\d\b|[ivx]+\b|one\b|two\b|three\b)", r"\b(1st|2nd|3rd|4th|first|second|third|fourth|next|"
    r"final|last) (round|stage|step|rd|rnd)\b", r"\b(rd|rnd) ?\d\b", r"\b(ronda|etapa|fase|runde|ronde|tour|étape|fase|etap|turno) ?\d\b",
    r"^\d\. (samtale|samtal|gespräch|runde|ronde|kolo|etap|haastattelu)\b", r"\b(deuxième|zweite|segunda|segundo|seconda|tweede|druga|второй|второе) (entretien|runde|ronda|etapa|ronde|"
    r"etap|colloquio|gesprek|rozmowa|собеседование|этап)", r"\d차 ?(면접|전형)", r"[二三四]次面接", r"第[一二三四五]轮",
]


# A title that names the post ("re: postdoc position", "Chat about the Staff Engineer role"), not "the role of AI".
ROLE_TITLE = [
    r"\b(re:?|about|for|regarding|discuss(ing)?) (the |a |an |your |our |my )?([\w\-/&,.]+ ){0,4}"
    r"(position|role|vacancy)\b(?! of)", r"\b(position|post) (of|as)\b(?! the)", r"\brole as\b",
    r"\b(job|position|role) (application|opportunity|candidacy)\b", r"\bcandidacy\b", r"\brequisition\b",
    r"\bposte (de|d')", r"\bstelle als\b", r"\bpuesto de\b", r"\bvaga\b", r"\bposizione (di|come)\b",
    r"\bvacature\b", r"\bstanowisko\b", r"职位", r"岗位", r"ポジション", r"포지션",
]


# ... or calls it by the job ("Chief of Staff role"): looked for only in a title that says role, position...
_JOB_TITLE = [_JOB + r"( (of|for) [\w\-&]+( [\w\-&]+)?)? (role|position|opening|vacancy)\b(?! of)"]


_POST_WORD = re.compile(r"role|position|opening|vacanc")


# A move inside the user's own organisation, where they are the candidate.
INTERNAL_MOVE = [
    r"internal (transfer|mobility|move|candidate|application|opening|role|position|process|posting)", r"\btransfer\b",
    r"secondment", r"\(internal\)",
]


# The user's own notes about being the candidate (on an event they set up with the other person).
SELF_CANDIDATE = [
    r"\brecruiter (from|at|with)\b", r"\bhiring (mgr|manager)\b",
    r"\b(she|he|they)(('|’)d| would| will|('|’)ll)? (be|is|are) my (future |would-be |new |potential )?(manager|boss)\b",
    r"\bmy (future|would-be|new|potential) (manager|boss)\b", r"\bwhether i (go|move|advance|get|make it)\b",
    r"\bbefore i (formally )?apply\b", r"\bi applied\b", r"\bmy (application|candidacy)\b",
]


_INTRODUCED = re.compile(r"\bvia\b|\bintro")


_MY_JOB_BEFORE = re.compile(
    r"\b(your|my|their|his|her)( new| current| old| former)?( [\w\-&/]+){0,4} $|congrat\w*[^.!?\n]{0,40}$"
)
