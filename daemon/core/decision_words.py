"""Decision phrases in German, French, Spanish, Portuguese and Dutch, put into the English the rules read.

"Ende nächster Woche", "d'ici deux semaines", "antes del viernes", "até sexta-feira", "binnen twee weken": each
language is a list of (pattern, English) replacements on the lower-cased phrase, whole phrases first, then days,
months, units and the numbers before them. Only the language with the most of its own marker words in the phrase is
read, and an English phrase holds none, so it is never touched ("fin", "sept" mean other things in English).
"""

from __future__ import annotations

import re

_EN_NUMBERS = "a two three four five six seven eight nine ten".split()
_UNITS = r"(?:business\s+)?(?:hours?|days?|weeks?|months?)\b"


def _numbers(*words: str) -> list[tuple[str, str]]:
    """Number words before a unit ("zwei Wochen" -> "two weeks"): one, two ... ten in the language's spelling."""
    out = []
    for i, group in enumerate(words):
        out.append((rf"\b(?:{group})\s+(?={_UNITS})", _EN_NUMBERS[i] + " "))
    return out


_WEEKDAYS_EN = "monday tuesday wednesday thursday friday saturday sunday".split()
_MONTHS_EN = "january february march april may june july august september october november december".split()


def _names(days: str, months: str) -> list[tuple[str, str]]:
    pairs = [(rf"\b(?:{d})\b", _WEEKDAYS_EN[i]) for i, d in enumerate(days.split())]
    return pairs + [(rf"\b(?:{m})\b", _MONTHS_EN[i]) for i, m in enumerate(months.split())]


#: language: (marker words, replacements in order)
TABLES: dict[str, tuple[re.Pattern, list[tuple[str, str]]]] = {
    "de": (re.compile(r"\b(?:woche|wochen|tage?n?|monats?|monaten?|nächste[nrms]?|bis|innerhalb|spätestens|ende|anfang|"
                      r"mitte|heute|morgen|bald|montag|dienstag|mittwoch|donnerstag|freitag|samstag|sonntag|"
                      r"werktage?n?|arbeitstage?n?|januar|februar|märz|mai|juni|juli|oktober|dezember|zum|weiß|nicht)\b"), [
        (r"\b(?:ende|am ende) (?:der |von )?nächste[nr]? woche\b", "end of next week"),
        (r"\b(?:anfang|beginn) (?:der )?nächste[nr]? woche\b", "early next week"),
        (r"\bmitte (?:der )?nächste[nr]? woche\b", "mid next week"),
        (r"\b(?:in der |die )?nächste[nr]? woche\b", "next week"),
        (r"\b(?:ende|am ende) (?:dieser|der|diese) woche\b", "end of this week"), (r"\bdiese[rn]? woche\b", "this week"),
        (r"\b(?:ende|am ende) (?:des|dieses) monats\b", "end of the month"), (r"\bmonatsende\b", "end of the month"),
        (r"\b(?:anfang|beginn) (?:des )?nächsten monats\b", "early next month"),
        (r"\bmitte (?:des )?nächsten monats\b", "mid next month"), (r"\b(?:im )?nächsten monat\b", "next month"),
        (r"\bende\b", "end of"), (r"\banfang\b", "early"), (r"\bmitte\b", "mid"),
        (r"\bübermorgen\b", "the day after tomorrow"), (r"\bheute\b", "today"), (r"\bmorgen\b", "tomorrow"),
        (r"\bbald\b", "soon"), (r"\b(?:weiß nicht|unklar|offen)\b", "not sure"),
        *_names("montag dienstag mittwoch donnerstag freitag samstag|sonnabend sonntag",
                "januar|jänner februar märz april mai juni juli august september oktober november dezember"),
        (r"\b(?:werk|arbeits)tage?n?\b", "business days"), (r"\bwochen\b", "weeks"), (r"\bwoche\b", "week"),
        (r"\btage?n?\b", "days"), (r"\bmonaten?\b", "months"), (r"\bmonat\b", "month"), (r"\bstunden\b", "hours"),
        (r"\bein paar\s+(?=days|weeks)", "a few "), (r"\b(?:zwei|drei)\s*bis\s*(?=\w+ (?:days|weeks))", ""),
        *_numbers("eine[nm]?|ein", "zwei", "drei", "vier", "fünf", "sechs", "sieben", "acht", "neun", "zehn"),
        (r"\binnerhalb (?:von |der |des )?", "within "), (r"\bbinnen\b", "within"),
        (r"\bbis (?:zum |zur |spätestens |spätestens zum |spätestens am |am |ende )?", "by "), (r"\bspätestens (?:am )?", "by "),
        (r"\bnach\b", "after"), (r"\bvor\b", "before"), (r"\b(\d{1,2})\.(?= [a-z])", r"\1"), (r"\bam\b", "on"),
    ]),
    "fr": (re.compile(r"\b(?:semaines?|jours?|mois|prochaine?|d'ici|avant|fin|début|aujourd'hui|demain|bientôt|lundi|"
                      r"mardi|mercredi|jeudi|vendredi|samedi|dimanche|quinzaine|sous|dans|janvier|février|mars|avril|juin|juillet|"
                      r"août|septembre|octobre|novembre|décembre|le|je|sais|pas)\b"), [
        (r"\b(?:à la |en )?fin de la semaine prochaine\b", "end of next week"),
        (r"\b(?:au )?début de la semaine prochaine\b", "early next week"),
        (r"\b(?:la )?semaine prochaine\b", "next week"), (r"\b(?:en )?fin de semaine\b", "end of this week"),
        (r"\bcette semaine\b", "this week"), (r"\b(?:à la |en )?fin (?:du|de) mois\b", "end of the month"),
        (r"\b(?:au )?début du mois prochain\b", "early next month"), (r"\b(?:le )?mois prochain\b", "next month"),
        (r"\b(?:une )?quinzaine(?: de jours)?\b", "two weeks"), (r"\bquinze jours\b", "two weeks"),
        (r"\b(\w+di|dimanche) prochain\b", r"next \1"),
        (r"\baujourd'hui\b", "today"), (r"\bdemain\b", "tomorrow"), (r"\bbientôt\b", "soon"),
        (r"\b(?:je ne sais pas|pas sûr|inconnu)\b", "not sure"),
        *_names("lundi mardi mercredi jeudi vendredi samedi dimanche",
                "janvier février|fevrier mars avril mai juin juillet août|aout septembre octobre novembre décembre|decembre"),
        (r"\bjours? (?:ouvrés|ouvrables)\b", "business days"), (r"\bsemaines\b", "weeks"), (r"\bsemaine\b", "week"),
        (r"\bjours\b", "days"), (r"\bjour\b", "day"), (r"\bmois\b", "months"), (r"\bheures\b", "hours"),
        (r"\bquelques\s+(?=days|weeks)", "a few "),
        *_numbers("une?", "deux", "trois", "quatre", "cinq", "six", "sept", "huit", "neuf", "dix"),
        (r"\bfin\b", "end of"), (r"\bdébut\b", "early"), (r"\bmi\b", "mid"),
        (r"\bd'ici (?:le |la |à )?", "by "), (r"\bsous\b", "within"), (r"\bdans\b", "in"),
        (r"\bavant (?:le |la )?", "before "), (r"\bjusqu'(?:au|à) ", "until "), (r"\baprès (?:le |la )?", "after "),
        (r"\ble (?=\d)", ""),
    ]),
    "es": (re.compile(r"\b(?:semanas?|días?|dias?|mes|meses|próxim[ao]|proxim[ao]|antes|dentro|hasta|finales|hoy|"
                      r"mañana|pronto|lunes|martes|miércoles|jueves|viernes|sábado|domingo|quincena|para|el|del|hábiles|laborables|la|los|las|viene|dos|tres|par|"
                      r"enero|febrero|marzo|abril|mayo|junio|julio|agosto|septiembre|octubre|noviembre|diciembre)\b"), [
        (r"\b(?:a )?(?:finales|fin|final) de la (?:próxima|proxima) semana\b", "end of next week"),
        (r"\b(?:a )?(?:finales|fin|final) de la semana que viene\b", "end of next week"),
        (r"\b(?:la )?(?:próxima|proxima) semana\b|\b(?:la )?semana (?:que viene|próxima|proxima)\b", "next week"),
        (r"\besta semana\b", "this week"), (r"\b(?:a )?(?:finales|fin|final) (?:de|del) (?:este )?mes\b", "end of the month"),
        (r"\b(?:el )?(?:próximo|proximo) mes\b|\b(?:el )?mes que viene\b", "next month"),
        (r"\b(?:una )?quincena\b|\bquince días\b", "two weeks"),
        (r"\bhoy\b", "today"), (r"\bmañana\b", "tomorrow"), (r"\bpronto\b", "soon"), (r"\bno (?:lo )?sé\b", "not sure"),
        *_names("lunes martes miércoles|miercoles jueves viernes sábado|sabado domingo",
                "enero febrero marzo abril mayo junio julio agosto septiembre|setiembre octubre noviembre diciembre"),
        (r"\bdías? (?:hábiles|laborables)\b|\bdias? (?:habiles|laborables)\b", "business days"),
        (r"\bsemanas\b", "weeks"), (r"\bsemana\b", "week"), (r"\bd[ií]as\b", "days"), (r"\bd[ií]a\b", "day"),
        (r"\bmeses\b", "months"), (r"\bmes\b", "month"), (r"\bhoras\b", "hours"),
        (r"\bun par de\s+(?=days|weeks|months)", "a couple of "), (r"\bunos (?:pocos )?\s*(?=days|weeks)", "a few "),
        *_numbers("una?|uno", "dos", "tres", "cuatro", "cinco", "seis", "siete", "ocho", "nueve", "diez"),
        (r"\bdentro de\b", "within"), (r"\ben (?=\w+ (?:days|weeks|months))", "in "),
        (r"\bantes del? ", "before "), (r"\bpara (?:el )?", "by "), (r"\bhasta (?:el )?", "until "),
        (r"\bdespués del? ", "after "), (r"\b(\d{1,2}) de (?=[a-z])", r"\1 "), (r"\bel (?=\w)", ""),
    ]),
    "pt": (re.compile(r"\b(?:semanas?|dias?|mês|mes|meses|próxim[ao]|proxim[ao]|até|ate|dentro|hoje|amanhã|breve|"
                      r"segunda|terça|terca|quarta|quinta|sexta|sábado|domingo|feira|quinzena|em|úteis|uteis|duas|dois|três|vem|na|alguns|um|uma|umas|uns|"
                      r"janeiro|fevereiro|março|abril|maio|junho|julho|agosto|setembro|outubro|novembro|dezembro)\b"), [
        (r"\b(?:no )?(?:final|fim) da (?:próxima|proxima) semana\b", "end of next week"),
        (r"\b(?:na )?(?:próxima|proxima) semana\b|\b(?:na )?semana que vem\b", "next week"),
        (r"\b(?:esta|essa|nesta|nessa) semana\b", "this week"),
        (r"\b(?:no )?(?:final|fim) do m[eê]s\b", "end of the month"),
        (r"\b(?:no )?(?:próximo|proximo) m[eê]s\b|\b(?:no )?m[eê]s que vem\b", "next month"),
        (r"\b(?:uma )?quinzena\b|\bquinze dias\b", "two weeks"),
        (r"\bhoje\b", "today"), (r"\bamanhã\b", "tomorrow"), (r"\bem breve\b|\blogo\b", "soon"), (r"\bnão sei\b", "not sure"),
        (r"\b(segunda|terça|terca|quarta|quinta|sexta) feira\b", r"\1"),
        *_names("segunda terça|terca quarta quinta sexta sábado|sabado domingo",
                "janeiro fevereiro março|marco abril maio junho julho agosto setembro outubro novembro dezembro"),
        (r"\bdias úteis\b|\bdias uteis\b", "business days"), (r"\bsemanas\b", "weeks"), (r"\bsemana\b", "week"),
        (r"\bdias\b", "days"), (r"\bdia\b", "day"), (r"\bmeses\b", "months"), (r"\bm[eê]s\b", "month"), (r"\bhoras\b", "hours"),
        (r"\b(?:um par de|umas duas|uns dois)\s+(?=days|weeks|months)", "a couple of "),
        (r"\b(?:alguns|algumas|poucos)\s+(?=days|weeks)", "a few "),
        *_numbers("uma?|um", "dois|duas", "três|tres", "quatro", "cinco", "seis", "sete", "oito", "nove", "dez"),
        (r"\bdentro de\b", "within"), (r"\bem (?=\w+ (?:days|weeks|months))", "in "),
        (r"\baté (?:o |a |à )?|\bate (?:o |a )?", "by "), (r"\bantes d[aeo] ", "before "),
        (r"\bdepois d[aeo] ", "after "), (r"\b(\d{1,2}) de (?=[a-z])", r"\1 "), (r"\bn[ao] (?=\w)", ""),
    ]),
    "nl": (re.compile(r"\b(?:weken|dagen|maand|maanden|volgende|binnen|uiterlijk|eind|vandaag|morgen|binnenkort|maandag|"
                      r"dinsdag|woensdag|donderdag|vrijdag|zaterdag|zondag|werkdagen|vóór|twee|drie|"
                      r"januari|februari|maart|mei|juni|juli|augustus|oktober)\b"), [
        (r"\b(?:eind|einde|aan het eind) (?:van )?(?:de )?volgende week\b", "end of next week"),
        (r"\b(?:begin|het begin van) volgende week\b", "early next week"), (r"\bvolgende week\b", "next week"),
        (r"\b(?:eind|einde) (?:van )?(?:deze|de) week\b", "end of this week"), (r"\bdeze week\b", "this week"),
        (r"\b(?:eind|einde|aan het eind) (?:van )?(?:de|deze) maand\b", "end of the month"),
        (r"\bbegin volgende maand\b", "early next month"), (r"\bvolgende maand\b", "next month"),
        (r"\bovermorgen\b", "the day after tomorrow"), (r"\bvandaag\b", "today"), (r"\bmorgen\b", "tomorrow"),
        (r"\bbinnenkort\b", "soon"), (r"\b(?:weet ik niet|onbekend|onduidelijk)\b", "not sure"),
        *_names("maandag dinsdag woensdag donderdag vrijdag zaterdag zondag",
                "januari februari maart april mei juni juli augustus september oktober november december"),
        (r"\bwerkdagen\b", "business days"), (r"\bweken\b", "weeks"), (r"\bdagen\b", "days"), (r"\bdag\b", "day"),
        (r"\bmaanden\b", "months"), (r"\bmaand\b", "month"), (r"\buur\b", "hours"),
        (r"\been paar\s+(?=days|weeks)", "a few "),
        *_numbers("een", "twee", "drie", "vier", "vijf", "zes", "zeven", "acht", "negen", "tien"),
        (r"\beind\b", "end of"), (r"\bbinnen\b", "within"), (r"\bover (?=\w+ (?:days|weeks|months))", "in "),
        (r"\b(?:uiterlijk|vóór|voor) (?:op )?", "by "), (r"\bna\b", "after"), (r"\bop (?=\w)", "on "),
    ]),
}
_COMPILED = {lang: (marker, [(re.compile(p), r) for p, r in pairs]) for lang, (marker, pairs) in TABLES.items()}


#: English words of decision phrases: where they are as many as another language's, the phrase is English.
_ENGLISH = re.compile(r"\b(?:the|of|by|within|next|this|end|early|mid|late|they|will|after|before|"
                      r"until|tomorrow|today|soon|know|idea|sure|couple|few|business|working|monday|tuesday|wednesday|"
                      r"thursday|friday|saturday|sunday|january|february|march|june|july|october|december)\b")


def language_of(text: str) -> str:
    """The language with the most marker words in ``text``; '' for English or none."""
    english = len(_ENGLISH.findall(text))
    count, lang = max((len(marker.findall(text)), lang) for lang, (marker, _) in _COMPILED.items())
    return lang if count > english else ""


def in_english(text: str) -> str:
    """``text`` (lower case, normalised) with the words of the language it is written in put into English."""
    lang = language_of(text)
    if not lang:
        return text
    for pattern, english in _COMPILED[lang][1]:
        text = pattern.sub(english, text)
    return re.sub(r"\s+", " ", text).strip()
