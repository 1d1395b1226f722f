"""The words followthrough says to its user, per language: notices, the debrief's questions and hints.

The drafts follow ``[drafts] language`` (daemon.core.notes); so do these, written as a short, friendly notification
in that language (German in a neutral infinitive style, French ``vous``, Spanish ``tú``, Brazilian Portuguese
``você``, Dutch ``je``). Command lines and TOML keys stay as they are typed. Each debrief question shows the
start of the sentence the answer becomes in that language's notes (the first wording of each slot in
:data:`daemon.core.notes.TABLES`), so the user types the shape the sentence needs.

The templates (``prompt.txt.j2``, ``nudge.txt.j2``, ``question.txt.j2``, ``replied.txt.j2``) hold the layout once
and take these words as ``t``; every language has every key (a test checks).
"""

from __future__ import annotations

import re

from daemon.core.languages import LANGUAGES, language_of

# -- notices ---------------------------------------------------------------------------------------
# {title}, {id}, {day}, {reason}, {url}, {count}, {name} and {days} are filled in by the templates.

NOTICES: dict[str, dict[str, str]] = {
    "en": {
        "prompt.subject": "How did it go? {title}",
        "prompt.subject_reminder": "Reminder: How did it go? {title}",
        "prompt.ended": '"{title}" has ended.',
        "prompt.still_open": 'Your debrief for "{title}" is still open.',
        "prompt.why": "A few minutes of notes now make a thank-you note they will remember.",
        "prompt.answer": "Answer with: followthrough debrief {id}",
        "prompt.open": "Or open: {url}",
        "nudge.subject": "Your thank-you notes for {title} are waiting",
        "nudge.one": "{count} thank-you draft is still in your Drafts folder. Notes sent within a day are the ones "
                     "interviewers remember: review, adjust and send them when you can.",
        "nudge.many": "{count} thank-you drafts are still in your Drafts folder. Notes sent within a day are the ones "
                      "interviewers remember: review, adjust and send them when you can.",
        "question.subject": "Was ‘{title}’ an interview?",
        "question.subject_again": "Still open: Was ‘{title}’ an interview?",
        "question.ended": 'It has ended: was "{title}" ({day}) an interview?',
        "question.again": 'Yesterday\'s question is still open: was "{title}" ({day}) an interview?',
        "question.unsure": "followthrough was not sure.",
        "question.unsure_because": "followthrough was not sure: {reason}.",
        "question.yes": "Yes: followthrough mark {id} interview",
        "question.or_debrief": "(or simply start its debrief: followthrough debrief {id})",
        "question.no": "No: followthrough mark {id} not-interview",
        "question.click": "Or answer with one click: {url}",
        "replied.subject": "{name} replied about {title}",
        "replied.ended": '{name} replied to your thank-you, so no follow-up will be written for "{title}".',
        "replied.holding": "If they only said they would get back to you, keep waiting: the follow-up comes back {days} "
                           "business days after their reply.",
        "replied.wait": "Keep waiting with: followthrough wait {id}",
        "replied.open": "Or open: {url}",
    },
    "de": {
        "prompt.subject": "Wie lief es? {title}",
        "prompt.subject_reminder": "Erinnerung: Wie lief es? {title}",
        "prompt.ended": "„{title}“ ist vorbei.",
        "prompt.still_open": "Die Nachbereitung von „{title}“ ist noch offen.",
        "prompt.why": "Ein paar Minuten Notizen, solange alles frisch ist, ergeben ein Dankschreiben, das in "
                      "Erinnerung bleibt.",
        "prompt.answer": "Antworten mit: followthrough debrief {id}",
        "prompt.open": "Oder öffnen: {url}",
        "nudge.subject": "Die Dankschreiben zu {title} warten",
        "nudge.one": "{count} Entwurf eines Dankschreibens liegt noch im Ordner „Entwürfe“. In Erinnerung bleiben "
                     "die Schreiben, die innerhalb eines Tages ankommen: also bald durchlesen, anpassen und senden.",
        "nudge.many": "{count} Entwürfe für Dankschreiben liegen noch im Ordner „Entwürfe“. In Erinnerung bleiben "
                      "die Schreiben, die innerhalb eines Tages ankommen: also bald durchlesen, anpassen und senden.",
        "question.subject": "War „{title}“ ein Vorstellungsgespräch?",
        "question.subject_again": "Noch offen: War „{title}“ ein Vorstellungsgespräch?",
        "question.ended": "Der Termin ist vorbei: War „{title}“ ({day}) ein Vorstellungsgespräch?",
        "question.again": "Die Frage von gestern ist noch offen: War „{title}“ ({day}) ein Vorstellungsgespräch?",
        "question.unsure": "followthrough war sich nicht sicher.",
        "question.unsure_because": "followthrough war sich nicht sicher: {reason}.",
        "question.yes": "Ja: followthrough mark {id} interview",
        "question.or_debrief": "(oder einfach mit der Nachbereitung beginnen: followthrough debrief {id})",
        "question.no": "Nein: followthrough mark {id} not-interview",
        "question.click": "Oder mit einem Klick antworten: {url}",
        "replied.subject": "Antwort von {name} zu „{title}“",
        "replied.ended": "{name} hat auf das Dankschreiben geantwortet, deshalb wird für „{title}“ keine Nachfrage "
                         "geschrieben.",
        "replied.holding": "Falls es nur hieß, man melde sich noch: einfach weiter warten. Die Nachfrage kommt dann {days} "
                           "Werktage nach der Antwort zurück.",
        "replied.wait": "Weiter warten mit: followthrough wait {id}",
        "replied.open": "Oder öffnen: {url}",
    },
    "fr": {
        "prompt.subject": "Comment ça s'est passé ? {title}",
        "prompt.subject_reminder": "Rappel : comment ça s'est passé ? {title}",
        "prompt.ended": "« {title} » est terminé.",
        "prompt.still_open": "Le bilan de « {title} » vous attend toujours.",
        "prompt.why": "Quelques minutes de notes maintenant, et votre mot de remerciement restera dans les mémoires.",
        "prompt.answer": "Pour répondre : followthrough debrief {id}",
        "prompt.open": "Ou ouvrez : {url}",
        "nudge.subject": "Vos remerciements pour {title} vous attendent",
        "nudge.one": "{count} brouillon de remerciement est encore dans votre dossier Brouillons. On se souvient des "
                     "mots envoyés dans la journée : relisez-le, ajustez-le et envoyez-le dès que possible.",
        "nudge.many": "{count} brouillons de remerciement sont encore dans votre dossier Brouillons. On se souvient "
                      "des mots envoyés dans la journée : relisez-les, ajustez-les et envoyez-les dès que possible.",
        "question.subject": "« {title} » était-il un entretien ?",
        "question.subject_again": "Toujours sans réponse : « {title} » était-il un entretien ?",
        "question.ended": "C'est terminé : « {title} » ({day}) était-il un entretien ?",
        "question.again": "La question d'hier attend toujours votre réponse : « {title} » ({day}) était-il un "
                          "entretien ?",
        "question.unsure": "followthrough n'en était pas sûr.",
        "question.unsure_because": "followthrough n'en était pas sûr : {reason}.",
        "question.yes": "Oui : followthrough mark {id} interview",
        "question.or_debrief": "(ou commencez simplement son bilan : followthrough debrief {id})",
        "question.no": "Non : followthrough mark {id} not-interview",
        "question.click": "Ou répondez en un clic : {url}",
        "replied.subject": "Réponse de {name} : « {title} »",
        "replied.ended": "{name} a répondu à votre mot de remerciement : aucune relance ne sera donc rédigée pour "
                         "« {title} ».",
        "replied.holding": "Si cette personne a seulement dit qu'elle reviendrait vers vous, continuez d'attendre : la "
                           "relance reviendra {days} jours ouvrés après sa réponse.",
        "replied.wait": "Pour continuer d'attendre : followthrough wait {id}",
        "replied.open": "Ou ouvrez : {url}",
    },
    "es": {
        "prompt.subject": "¿Qué tal te fue? {title}",
        "prompt.subject_reminder": "Recordatorio: ¿qué tal te fue? {title}",
        "prompt.ended": "“{title}” ha terminado.",
        "prompt.still_open": "Tu resumen de “{title}” sigue pendiente.",
        "prompt.why": "Unos minutos de apuntes ahora se convierten en un agradecimiento que recordarán.",
        "prompt.answer": "Responde con: followthrough debrief {id}",
        "prompt.open": "O abre: {url}",
        "nudge.subject": "Tus notas de agradecimiento de {title} te esperan",
        "nudge.one": "Tienes {count} borrador de agradecimiento en tu carpeta Borradores. Las notas que llegan en menos "
                     "de un día son las que se recuerdan: revísalo, ajústalo y envíalo cuando puedas.",
        "nudge.many": "Tienes {count} borradores de agradecimiento en tu carpeta Borradores. Las notas que llegan en "
                      "menos de un día son las que se recuerdan: revísalos, ajústalos y envíalos cuando puedas.",
        "question.subject": "¿Fue “{title}” una entrevista?",
        "question.subject_again": "Sigue pendiente: ¿fue “{title}” una entrevista?",
        "question.ended": "Ya terminó: ¿fue “{title}” ({day}) una entrevista?",
        "question.again": "La pregunta de ayer sigue pendiente: ¿fue “{title}” ({day}) una entrevista?",
        "question.unsure": "followthrough no estaba seguro.",
        "question.unsure_because": "followthrough no estaba seguro: {reason}.",
        "question.yes": "Sí: followthrough mark {id} interview",
        "question.or_debrief": "(o simplemente empieza su resumen: followthrough debrief {id})",
        "question.no": "No: followthrough mark {id} not-interview",
        "question.click": "O responde con un clic: {url}",
        "replied.subject": "{name} respondió sobre {title}",
        "replied.ended": "{name} respondió a tu agradecimiento, así que no se escribirá ningún seguimiento para “{title}”.",
        "replied.holding": "Si solo te dijo que te respondería más adelante, sigue esperando: el seguimiento volverá "
                           "{days} días hábiles después de su respuesta.",
        "replied.wait": "Para seguir esperando: followthrough wait {id}",
        "replied.open": "O abre: {url}",
    },
    "pt": {
        "prompt.subject": "Como foi? {title}",
        "prompt.subject_reminder": "Lembrete: como foi? {title}",
        "prompt.ended": "“{title}” terminou.",
        "prompt.still_open": "Suas anotações sobre “{title}” ainda estão pendentes.",
        "prompt.why": "Alguns minutos de anotações agora rendem uma mensagem de agradecimento que ninguém esquece.",
        "prompt.answer": "Responda com: followthrough debrief {id}",
        "prompt.open": "Ou abra: {url}",
        "nudge.subject": "Suas mensagens de agradecimento de {title} estão esperando",
        "nudge.one": "{count} rascunho de agradecimento ainda está na sua pasta Rascunhos. As mensagens enviadas em "
                     "até um dia são as que ficam na memória: revise, ajuste e envie quando puder.",
        "nudge.many": "{count} rascunhos de agradecimento ainda estão na sua pasta Rascunhos. As mensagens enviadas em "
                      "até um dia são as que ficam na memória: revise, ajuste e envie quando puder.",
        "question.subject": "“{title}” foi uma entrevista?",
        "question.subject_again": "Ainda em aberto: “{title}” foi uma entrevista?",
        "question.ended": "Já terminou: “{title}” ({day}) foi uma entrevista?",
        "question.again": "A pergunta de ontem continua em aberto: “{title}” ({day}) foi uma entrevista?",
        "question.unsure": "O followthrough não teve certeza.",
        "question.unsure_because": "O followthrough não teve certeza: {reason}.",
        "question.yes": "Sim: followthrough mark {id} interview",
        "question.or_debrief": "(ou simplesmente comece as anotações: followthrough debrief {id})",
        "question.no": "Não: followthrough mark {id} not-interview",
        "question.click": "Ou responda com um clique: {url}",
        "replied.subject": "{name} respondeu sobre {title}",
        "replied.ended": "{name} respondeu ao seu agradecimento, então nenhuma mensagem de acompanhamento será escrita "
                         "para “{title}”.",
        "replied.holding": "Se a pessoa só disse que daria um retorno depois, continue esperando: a mensagem de "
                           "acompanhamento volta {days} dias úteis depois da resposta.",
        "replied.wait": "Para continuar esperando: followthrough wait {id}",
        "replied.open": "Ou abra: {url}",
    },
    "nl": {
        "prompt.subject": "Hoe ging het? {title}",
        "prompt.subject_reminder": "Herinnering: hoe ging het? {title}",
        "prompt.ended": "‘{title}’ is afgelopen.",
        "prompt.still_open": "Je terugblik op ‘{title}’ staat nog open.",
        "prompt.why": "Een paar minuten aantekeningen nu leveren een bedankje op dat ze onthouden.",
        "prompt.answer": "Antwoorden met: followthrough debrief {id}",
        "prompt.open": "Of open: {url}",
        "nudge.subject": "Je bedankjes voor {title} liggen klaar",
        "nudge.one": "Er staat nog {count} concept-bedankje in je map Concepten. Bedankjes die binnen een dag "
                     "aankomen, blijven het best hangen: lees het na, pas het aan en verstuur het zodra het kan.",
        "nudge.many": "Er staan nog {count} concept-bedankjes in je map Concepten. Bedankjes die binnen een dag "
                      "aankomen, blijven het best hangen: lees ze na, pas ze aan en verstuur ze zodra het kan.",
        "question.subject": "Was ‘{title}’ een sollicitatiegesprek?",
        "question.subject_again": "Nog open: was ‘{title}’ een sollicitatiegesprek?",
        "question.ended": "Het is afgelopen: was ‘{title}’ ({day}) een sollicitatiegesprek?",
        "question.again": "De vraag van gisteren staat nog open: was ‘{title}’ ({day}) een sollicitatiegesprek?",
        "question.unsure": "followthrough wist het niet zeker.",
        "question.unsure_because": "followthrough wist het niet zeker: {reason}.",
        "question.yes": "Ja: followthrough mark {id} interview",
        "question.or_debrief": "(of begin gewoon de terugblik: followthrough debrief {id})",
        "question.no": "Nee: followthrough mark {id} not-interview",
        "question.click": "Of antwoord met één klik: {url}",
        "replied.subject": "Reactie van {name} over {title}",
        "replied.ended": "{name} heeft op je bedankje gereageerd, dus er komt geen opvolgmail voor ‘{title}’.",
        "replied.holding": "Zei die persoon alleen dat je nog iets hoort? Blijf dan wachten: de opvolgmail komt terug "
                           "{days} werkdagen na de reactie.",
        "replied.wait": "Blijven wachten met: followthrough wait {id}",
        "replied.open": "Of open: {url}",
    },
}

#: Why detection was unsure, per rule id of daemon.detection.unsure ({word}: the title word; {score}: the score).
REASONS: dict[str, dict[str, str]] = {
    "en": {"unsure.one_word": "an invitation to you as a candidate, against one word ({word})",
           "unsure.band": "some signs of hiring, not enough to be sure (score {score})"},
    "de": {"unsure.one_word": "eine Einladung als Kandidat, gegen die nur ein Wort spricht („{word}“)",
           "unsure.band": "einige Hinweise auf eine Bewerbung, aber zu wenige (Wert {score})"},
    "fr": {"unsure.one_word": "une invitation qui vous est adressée en tant que candidat, contredite par un seul mot "
                              "(« {word} »)",
           "unsure.band": "quelques signes de recrutement, mais trop peu (score {score})"},
    "es": {"unsure.one_word": "una invitación para ti como candidato, contradicha por una sola palabra (“{word}”)",
           "unsure.band": "algunas señales de un proceso de selección, pero no las suficientes (puntuación {score})"},
    "pt": {"unsure.one_word": "um convite para você como candidato, contrariado por uma única palavra (“{word}”)",
           "unsure.band": "alguns sinais de processo seletivo, mas não o bastante (pontuação {score})"},
    "nl": {"unsure.one_word": "een uitnodiging aan jou als kandidaat, waar maar één woord tegen pleit (‘{word}’)",
           "unsure.band": "enkele tekenen van een sollicitatie, maar te weinig (score {score})"},
}

# -- the debrief -----------------------------------------------------------------------------------
# (question, hint) per answer key. The quoted start is the first wording of the slot in that language's notes:
# a frame ending in a colon takes any fragment; "{X}" slots (fit, personal, will_do outside English) take a
# sentence of the user's own, so the question shows how such a sentence starts.

QUESTIONS: dict[str, dict[str, tuple[str, str]]] = {
    "en": {
        "excited": ("What excited them most? “I especially enjoyed our discussion of …”",
                    "A topic: 'your plans for the telemetry pipeline'. 'They lit up when I talked about …' works too."),
        "problems": ("What does the team need? “I understand your team needs …”",
                     "'to cut alert noise before the Q3 launch', or what is going wrong: 'their nightly batch misses the SLA'."),
        "fit": ("Why can you do it? “In my last role I …”",
                "Your evidence for those problems, as you'd say it to them: 'In my last role I cut false alerts by 60%'."),
        "wish_said": ("Anything you wish you had said, or want to correct? “I also wanted to mention that …”",
                      "'that I have run Kafka in production'; a correction: 'correction: it was five years, not three' "
                      "(leave empty if nothing)."),
        "advice": ("What advice did you receive? “Your advice to … was exactly what I needed.”",
                   "'to talk to people in SRE', 'that I should get the CKA', or a topic: 'moving from analytics into "
                   "platform work'."),
        "will_do": ("What will you do with it? “I'm going to …”",
                    "'sign up for the SRE course you suggested', or a sentence: 'I've booked a call with Sam.'"),
        "personal": ("A personal connection worth mentioning? “I hope …”, “we both …”",
                     "Goes to the primary contact only; each person's own touch goes in their 'personal' field."),
        "next_step": ("What happens next? “The next step is …”", "'a final round with the CTO', or 'the recruiter will call me'."),
        "decision_by": ("When will they decide? “They'll decide …”, in their words.",
                        "'within two weeks', 'by Friday', 'end of the month'"),
        "went_well": ("Private: what went well? (never in a draft)", "For your own review."),
        "went_badly": ("Private: what went badly? (never in a draft)", "For your own review."),
    },
    "de": {
        "excited": ("Was hat am meisten begeistert? „Besonders gern habe ich mit Ihnen über dieses Thema gesprochen: …“",
                    "Ein Thema: „Ihre Pläne für die Telemetrie-Pipeline“."),
        "problems": ("Was braucht das Team? „Aus unserem Gespräch habe ich mitgenommen, worum es Ihrem Team vor allem "
                     "geht: …“",
                     "„weniger Fehlalarme vor dem Start im dritten Quartal“, oder was gerade schiefläuft: „der nächtliche "
                     "Batch-Lauf verfehlt das SLA“."),
        "fit": ("Welche Erfahrung passt dazu? „In meiner letzten Position habe ich …“",
                "Ein ganzer Satz, so wie er im Schreiben stehen soll: „In meiner letzten Position habe ich die "
                "Fehlalarme um 60 % gesenkt.“"),
        "wish_said": ("Noch etwas ergänzen oder richtigstellen? „Ergänzen möchte ich noch: …“",
                      "„ich habe Kafka im Produktivbetrieb verantwortet“; eine Korrektur: „es waren fünf Jahre, nicht "
                      "drei“ (leer lassen, wenn nichts)."),
        "advice": ("Welcher Rat kam? „Ihr Rat hat mir sehr geholfen: …“",
                   "„mit Leuten aus dem SRE-Team sprechen“, „die CKA-Zertifizierung machen“, oder ein Thema: „der "
                   "Wechsel von der Datenanalyse zur Plattformarbeit“."),
        "will_do": ("Was wird daraus? „Ich werde …“",
                    "Ein ganzer Satz: „Ich melde mich für den SRE-Kurs an, den Sie empfohlen haben.“"),
        "personal": ("Eine persönliche Verbindung, die erwähnenswert ist? „Ich hoffe …“, „Wir beide …“",
                     "Geht nur an die Hauptansprechperson; die persönliche Note jeder Person gehört in ihr Feld "
                     "„personal“."),
        "next_step": ("Wie geht es weiter? „Ich freue mich auf den nächsten Schritt: …“",
                      "„ein letztes Gespräch mit der CTO“, oder „die Recruiterin ruft mich an“."),
        "decision_by": ("Wann fällt die Entscheidung? In den Worten, die gefallen sind.",
                        "„innerhalb von zwei Wochen“, „bis Freitag“, „Ende des Monats“"),
        "went_well": ("Privat: Was lief gut? (kommt nie in einen Entwurf)", "Für den eigenen Rückblick."),
        "went_badly": ("Privat: Was lief nicht so gut? (kommt nie in einen Entwurf)", "Für den eigenen Rückblick."),
    },
    "fr": {
        "excited": ("Le moment fort de l'entretien ? « J'ai beaucoup aimé cette partie de notre discussion : … »",
                    "Un sujet : « vos projets pour la chaîne de télémétrie »."),
        "problems": ("Quels sont les enjeux de l'équipe ? « De notre échange, je retiens les principaux enjeux de votre "
                     "équipe : … »",
                     "« réduire le bruit des alertes avant le lancement », ou ce qui ne va pas : « le traitement de "
                     "nuit dépasse le SLA »."),
        "fit": ("Pourquoi êtes-vous la bonne personne ? « Dans mon dernier poste, j'ai … »",
                "Une phrase complète, telle qu'elle figurera dans le mot : « Dans mon dernier poste, j'ai réduit les "
                "fausses alertes de 60 %. »"),
        "wish_said": ("Quelque chose à ajouter ou à corriger ? « Je voulais aussi ajouter ceci : … »",
                      "« j'ai exploité Kafka en production » ; une correction : « c'était cinq ans, pas trois » "
                      "(laissez vide s'il n'y a rien)."),
        "advice": ("Quel conseil avez-vous reçu ? « Votre conseil m'a été précieux : … »",
                   "« parler aux équipes SRE », « passer la certification CKA », ou un sujet : « passer de l'analyse "
                   "de données au travail de plateforme »."),
        "will_do": ("Qu'allez-vous en faire ? « Je vais … »",
                    "Une phrase complète : « Je vais m'inscrire à la formation SRE que vous m'avez conseillée. »"),
        "personal": ("Un lien personnel à mentionner ? « J'espère … », « Nous avons tous les deux … »",
                     "Uniquement pour le contact principal ; la touche personnelle de chacun va dans son champ "
                     "« personal »."),
        "next_step": ("Et ensuite ? « Je me réjouis de la prochaine étape : … »",
                      "« un dernier entretien avec la CTO », ou « la recruteuse doit m'appeler »."),
        "decision_by": ("Quand la décision sera-t-elle prise ? Avec les mots employés.",
                        "« d'ici deux semaines », « d'ici vendredi », « fin du mois »"),
        "went_well": ("Privé : qu'est-ce qui s'est bien passé ? (jamais dans un brouillon)", "Pour votre propre bilan."),
        "went_badly": ("Privé : qu'est-ce qui s'est moins bien passé ? (jamais dans un brouillon)",
                       "Pour votre propre bilan."),
    },
    "es": {
        "excited": ("¿Qué fue lo que más les entusiasmó? “Disfruté mucho de esta parte de nuestra conversación: …”",
                    "Un tema: “sus planes para la canalización de telemetría”."),
        "problems": ("¿Qué retos tiene el equipo? “De nuestra conversación me quedo con los principales retos de su equipo: …”",
                     "“reducir el ruido de alertas antes del lanzamiento”, o lo que está fallando: “el proceso nocturno "
                     "no cumple el SLA”."),
        "fit": ("¿Por qué puedes hacerlo tú? “En mi último puesto …”",
                "Una frase completa, tal como irá en la nota: “En mi último puesto reduje las falsas alertas un 60 %.”"),
        "wish_said": ("¿Algo que te habría gustado decir o quieres corregir? “Quería añadir lo siguiente: …”",
                      "“he llevado Kafka en producción”; una corrección: “fueron cinco años, no tres” (déjalo vacío si "
                      "no hay nada)."),
        "advice": ("¿Qué consejo recibiste? “Su consejo me ha sido muy valioso: …”",
                   "“hablar con gente de SRE”, “sacarme la certificación CKA”, o un tema: “pasar del análisis de "
                   "datos al trabajo de plataforma”."),
        "will_do": ("¿Qué vas a hacer con él? “Voy a …”",
                    "Una frase completa: “Voy a apuntarme al curso de SRE que me recomendó.”"),
        "personal": ("¿Alguna conexión personal que valga la pena mencionar? “Espero …”, “Los dos …”",
                     "Va solo al contacto principal; el toque personal de cada persona va en su campo “personal”."),
        "next_step": ("¿Qué viene ahora? “Quedo a la espera del siguiente paso: …”",
                      "“una última ronda con la CTO”, o “la reclutadora me llamará”."),
        "decision_by": ("¿Cuándo van a decidir? Con sus palabras.",
                        "“dentro de dos semanas”, “antes del viernes”, “a finales de mes”"),
        "went_well": ("Privado: ¿qué salió bien? (nunca va en un borrador)", "Para tu propio repaso."),
        "went_badly": ("Privado: ¿qué salió mal? (nunca va en un borrador)", "Para tu propio repaso."),
    },
    "pt": {
        "excited": ("O que mais empolgou a conversa? “Gostei muito desta parte da nossa conversa: …”",
                    "Um tema: “os seus planos para o pipeline de telemetria”."),
        "problems": ("Quais são os desafios da equipe? “Da nossa conversa, ficaram claros para mim os principais desafios da "
                     "equipe: …”",
                     "“reduzir o ruído de alertas antes do lançamento”, ou o que está dando errado: “o processamento "
                     "noturno não cumpre o SLA”."),
        "fit": ("Por que você dá conta disso? “No meu último emprego, eu …”",
                "Uma frase completa, do jeito que vai aparecer na mensagem: “No meu último emprego, reduzi os alertas "
                "falsos em 60%.”"),
        "wish_said": ("Algo que você queria ter dito ou quer corrigir? “Queria acrescentar o seguinte: …”",
                      "“já operei Kafka em produção”; uma correção: “foram cinco anos, não três” (deixe em branco se não "
                      "houver nada)."),
        "advice": ("Que conselho você recebeu? “O seu conselho foi muito valioso para mim: …”",
                   "“conversar com o pessoal de SRE”, “tirar a certificação CKA”, ou um tema: “migrar de análise de "
                   "dados para engenharia de plataforma”."),
        "will_do": ("O que você vai fazer com ele? “Vou …”",
                    "Uma frase completa: “Vou me inscrever no curso de SRE que você sugeriu.”"),
        "personal": ("Alguma conexão pessoal que vale mencionar? “Espero …”, “Nós dois …”",
                     "Vai só para o contato principal; o toque pessoal de cada pessoa vai no campo “personal” dela."),
        "next_step": ("Qual é o próximo passo? “Fico no aguardo da próxima etapa: …”",
                      "“uma última rodada com a CTO”, ou “a recrutadora vai me ligar”."),
        "decision_by": ("Quando vão decidir? Com as palavras que usaram.",
                        "“em duas semanas”, “até sexta-feira”, “até o fim do mês”"),
        "went_well": ("Particular: o que deu certo? (nunca entra num rascunho)", "Para a sua própria revisão."),
        "went_badly": ("Particular: o que deu errado? (nunca entra num rascunho)", "Para a sua própria revisão."),
    },
    "nl": {
        "excited": ("Waar werden ze het meest enthousiast van? “Dit deel van ons gesprek vond ik erg leuk: …”",
                    "Een onderwerp: “uw plannen voor de telemetriepijplijn”."),
        "problems": ("Waar worstelt het team mee? “Uit ons gesprek heb ik vooral meegenomen welke uitdagingen er in uw "
                     "team spelen: …”",
                     "“minder ruis in de meldingen vóór de lancering”, of wat er misgaat: “de nachtelijke batch haalt "
                     "de SLA niet”."),
        "fit": ("Waarom kun jij dit? “In mijn vorige functie heb ik …”",
                "Een hele zin, zoals hij in het bericht komt: “In mijn vorige functie heb ik het aantal valse meldingen "
                "met 60% verlaagd.”"),
        "wish_said": ("Iets wat je nog had willen zeggen of wilt rechtzetten? “Ik wil daar graag nog iets aan "
                      "toevoegen: …”",
                      "“ik heb Kafka in productie beheerd”; een correctie: “het was vijf jaar, geen drie” (leeg laten "
                      "als er niets is)."),
        "advice": ("Welk advies kreeg je? “Uw advies was voor mij erg waardevol: …”",
                   "“praten met mensen van SRE”, “de CKA-certificering halen”, of een onderwerp: “de overstap van "
                   "data-analyse naar platformwerk”."),
        "will_do": ("Wat ga je ermee doen? “Ik ga …”",
                    "Een hele zin: “Ik schrijf me in voor de SRE-cursus die u aanraadde.”"),
        "personal": ("Een persoonlijke band die het noemen waard is? “Ik hoop …”, “We hebben allebei …”",
                     "Gaat alleen naar de hoofdcontactpersoon; ieders eigen persoonlijke noot hoort in zijn of haar "
                     "veld “personal”."),
        "next_step": ("Wat is de volgende stap? “Ik kijk uit naar de volgende stap: …”",
                      "“een laatste ronde met de CTO”, of “de recruiter belt me”."),
        "decision_by": ("Wanneer beslissen ze? In hun eigen woorden.",
                        "“binnen twee weken”, “vóór vrijdag”, “eind van de maand”"),
        "went_well": ("Privé: wat ging goed? (komt nooit in een concept)", "Voor je eigen terugblik."),
        "went_badly": ("Privé: wat ging minder goed? (komt nooit in een concept)", "Voor je eigen terugblik."),
    },
}

#: What `followthrough debrief` says around the questions in the terminal ({title}, {kind}, {name}, {id}).
TERMINAL: dict[str, dict[str, str]] = {
    "en": {"intro": "Debrief: {title} ({kind}). Empty answers are fine; Ctrl-C stops and keeps what you typed.",
           "people": "People you met (from the invitation):", "no_address": "no address",
           "focus": "What did {name} care about most? ", "anyone": "Anyone else you met? name <email> (empty when done): ",
           "formal": "Formal notes ('Dear Dr. Okafor')? [Y/n] ", "no": "n no",
           "again": "Interview #{id} was debriefed already; its drafts exist. Asking again only fills in what is missing.",
           "paused": "Debrief paused; your answers so far are kept. Continue with: followthrough debrief {id}"},
    "de": {"intro": "Nachbereitung: {title}. Leere Antworten sind in Ordnung; Strg-C hält an und behält das Getippte.",
           "people": "Wer dabei war (laut Einladung):", "no_address": "keine Adresse",
           "focus": "Was war {name} am wichtigsten? ", "anyone": "Noch jemand dabei? Name <E-Mail> (leer, wenn fertig): ",
           "formal": "Förmliche Schreiben („Guten Tag Dr. Okafor,“)? [J/n] ", "no": "n nein",
           "again": "Termin #{id} ist schon nachbereitet; die Entwürfe gibt es bereits. Ein neuer Durchgang ergänzt nur, "
                    "was noch fehlt.",
           "paused": "Nachbereitung unterbrochen; die bisherigen Antworten bleiben erhalten. Weiter mit: "
                     "followthrough debrief {id}"},
    "fr": {"intro": "Bilan : {title}. Les réponses vides sont acceptées ; Ctrl-C arrête et garde ce que vous avez saisi.",
           "people": "Personnes rencontrées (d'après l'invitation) :", "no_address": "pas d'adresse",
           "focus": "Qu'est-ce qui comptait le plus pour {name} ? ",
           "anyone": "Quelqu'un d'autre ? nom <e-mail> (vide pour terminer) : ",
           "formal": "Mots formels (« Bonjour Dr Okafor, ») ? [O/n] ", "no": "n non",
           "again": "Le bilan de l'entretien #{id} est déjà fait ; ses brouillons existent. Reprendre ne complète que ce "
                    "qui manque.",
           "paused": "Bilan interrompu ; vos réponses sont conservées. Pour reprendre : followthrough debrief {id}"},
    "es": {"intro": "Resumen: {title}. Puedes dejar respuestas vacías; Ctrl-C para y guarda lo que escribiste.",
           "people": "Personas con las que hablaste (según la invitación):", "no_address": "sin dirección",
           "focus": "¿Qué era lo más importante para {name}? ",
           "anyone": "¿Alguien más? nombre <correo> (vacío para terminar): ",
           "formal": "¿Notas formales (“Estimado Dr. Okafor:”)? [S/n] ", "no": "n no",
           "again": "La entrevista #{id} ya tiene su resumen y sus borradores. Volver a empezar solo completa lo que falta.",
           "paused": "Resumen en pausa; tus respuestas quedan guardadas. Para seguir: followthrough debrief {id}"},
    "pt": {"intro": "Anotações: {title}. Pode deixar respostas em branco; Ctrl-C para e guarda o que você digitou.",
           "people": "Pessoas com quem você falou (do convite):", "no_address": "sem endereço",
           "focus": "O que mais importava para {name}? ",
           "anyone": "Mais alguém? nome <e-mail> (em branco para terminar): ",
           "formal": "Mensagens formais (“Prezado Dr. Okafor,”)? [S/n] ", "no": "n não nao",
           "again": "A entrevista #{id} já tem anotações e rascunhos. Recomeçar só completa o que falta.",
           "paused": "Anotações pausadas; suas respostas até agora ficam guardadas. Para continuar: "
                     "followthrough debrief {id}"},
    "nl": {"intro": "Terugblik: {title}. Lege antwoorden zijn prima; Ctrl-C stopt en bewaart wat je hebt getypt.",
           "people": "Mensen die je sprak (uit de uitnodiging):", "no_address": "geen adres",
           "focus": "Waar gaf {name} het meest om? ",
           "anyone": "Nog iemand gesproken? naam <e-mail> (leeg als je klaar bent): ",
           "formal": "Formele berichten (“Beste dr. Okafor,”)? [J/n] ", "no": "n nee",
           "again": "De terugblik op gesprek #{id} is al gedaan; de concepten bestaan al. Opnieuw beginnen vult alleen "
                    "aan wat ontbreekt.",
           "paused": "Terugblik onderbroken; je antwoorden tot nu toe zijn bewaard. Verder met: followthrough debrief {id}"},
}


# -- the web debrief page ----------------------------------------------------------------------------

WEB: dict[str, dict[str, str]] = {
    "en": {"how": "How did it go?", "met": "Who you met",
           "met.hint": "From the invitation: add, remove or correct. What each person cared about makes their note personal.",
           "add": "Add someone", "someone": "Someone else you met", "name": "Name", "email": "E-mail", "title": "Title",
           "honorific": "Honorific", "focus": "What they cared about", "personal": "A personal touch, for them only",
           "remove": "Remove", "tone": "Tone", "formal": "Formal: “Dear Dr. Okafor,”", "informal": "First names: “Hi Kim,”",
           "heard": "What you heard", "referred": "Referred by", "optional": "(optional)",
           "referred.hint": "Someone who put you forward gets a short thank-you too.", "preview": "Preview the drafts",
           "kept": "Your answers are kept as you type."},
    "de": {"how": "Wie lief es?", "met": "Gesprächspartner",
           "met.hint": "Aus der Einladung: ergänzen, entfernen oder korrigieren. Was jeder Person wichtig war, macht ihre "
                       "Nachricht persönlich.",
           "add": "Person hinzufügen", "someone": "Weitere Person", "name": "Name", "email": "E-Mail", "title": "Funktion",
           "honorific": "Titel", "focus": "Was der Person wichtig war", "personal": "Eine persönliche Note, nur für diese Person",
           "remove": "Entfernen", "tone": "Ton", "formal": "Förmlich: „Sehr geehrte Frau Dr. Okafor,“",
           "informal": "Mit Vornamen: „Hallo Kim,“", "heard": "Was im Gespräch wichtig war", "referred": "Empfohlen von",
           "optional": "(optional)", "referred.hint": "Wer die Empfehlung gegeben hat, bekommt auch ein kurzes Dankeschön.",
           "preview": "Entwürfe ansehen", "kept": "Antworten werden beim Tippen gespeichert."},
    "fr": {"how": "Comment ça s'est passé ?", "met": "Les personnes rencontrées",
           "met.hint": "D'après l'invitation : ajoutez, retirez ou corrigez. Ce qui comptait pour chacun rend son message "
                       "personnel.",
           "add": "Ajouter une personne", "someone": "Une autre personne rencontrée", "name": "Nom", "email": "E-mail",
           "title": "Fonction", "honorific": "Titre", "focus": "Ce qui comptait pour cette personne",
           "personal": "Une touche personnelle, pour cette personne seule", "remove": "Retirer", "tone": "Ton",
           "formal": "Formel : « Bonjour Dr Okafor, »", "informal": "Prénoms : « Bonjour Kim, »",
           "heard": "Ce que vous avez entendu", "referred": "Recommandation", "optional": "(facultatif)",
           "referred.hint": "La personne à l'origine de la recommandation reçoit aussi un court remerciement.",
           "preview": "Voir les brouillons", "kept": "Vos réponses sont enregistrées au fil de la saisie."},
    "es": {"how": "¿Qué tal te fue?", "met": "Con quién hablaste",
           "met.hint": "Según la invitación: añade, quita o corrige. Lo que le importaba a cada persona hace su nota personal.",
           "add": "Añadir a alguien", "someone": "Otra persona", "name": "Nombre", "email": "Correo", "title": "Cargo",
           "honorific": "Tratamiento", "focus": "Lo que le importaba", "personal": "Un toque personal, solo para esta persona",
           "remove": "Quitar", "tone": "Tono", "formal": "Formal: “Estimado Dr. Okafor:”", "informal": "Por el nombre: “Hola, Kim:”",
           "heard": "Lo que escuchaste", "referred": "Quién te recomendó", "optional": "(opcional)",
           "referred.hint": "Quien te recomendó también recibe un breve agradecimiento.", "preview": "Ver los borradores",
           "kept": "Tus respuestas se guardan mientras escribes."},
    "pt": {"how": "Como foi?", "met": "Com quem você conversou",
           "met.hint": "Do convite: adicione, remova ou corrija. O que importava para cada pessoa deixa a nota dela pessoal.",
           "add": "Adicionar alguém", "someone": "Outra pessoa", "name": "Nome", "email": "E-mail", "title": "Cargo",
           "honorific": "Tratamento", "focus": "O que importava para a pessoa", "personal": "Um toque pessoal, só para essa pessoa",
           "remove": "Remover", "tone": "Tom", "formal": "Formal: “Prezado Dr. Okafor,”", "informal": "Pelo nome: “Olá, Kim,”",
           "heard": "O que você ouviu", "referred": "Quem indicou você", "optional": "(opcional)",
           "referred.hint": "Quem indicou você também recebe um breve agradecimento.", "preview": "Ver os rascunhos",
           "kept": "Suas respostas são salvas enquanto você digita."},
    "nl": {"how": "Hoe ging het?", "met": "Wie je sprak",
           "met.hint": "Uit de uitnodiging: voeg toe, verwijder of verbeter. Wat voor iemand belangrijk was, maakt het "
                       "bericht persoonlijk.",
           "add": "Iemand toevoegen", "someone": "Nog iemand die je sprak", "name": "Naam", "email": "E-mail",
           "title": "Functie", "honorific": "Aanhef", "focus": "Wat voor deze persoon belangrijk was",
           "personal": "Een persoonlijke noot, alleen voor deze persoon", "remove": "Verwijderen", "tone": "Toon",
           "formal": "Formeel: “Beste dr. Okafor,”", "informal": "Voornamen: “Beste Kim,”", "heard": "Wat je hoorde",
           "referred": "Aanbevolen door", "optional": "(optioneel)",
           "referred.hint": "Wie je aanbeval, krijgt ook een kort bedankje.", "preview": "Concepten bekijken",
           "kept": "Je antwoorden worden bewaard terwijl je typt."},
}



def _french_spacing(text: str) -> str:
    """French typography: a no-break space before : ; ? ! and inside « », so no line starts with a lone "?"."""
    text = re.sub(r" ([:;?!»])", "\u00a0\\1", text)
    return text.replace("« ", "«\u00a0")


NOTICES["fr"] = {k: _french_spacing(v) for k, v in NOTICES["fr"].items()}
REASONS["fr"] = {k: _french_spacing(v) for k, v in REASONS["fr"].items()}
QUESTIONS["fr"] = {k: (_french_spacing(q), _french_spacing(h)) for k, (q, h) in QUESTIONS["fr"].items()}
TERMINAL["fr"] = {k: _french_spacing(v) for k, v in TERMINAL["fr"].items()}
WEB["fr"] = {k: _french_spacing(v) for k, v in WEB["fr"].items()}

assert set(NOTICES) == set(REASONS) == set(QUESTIONS) == set(TERMINAL) == set(WEB) == set(LANGUAGES)


def language(code: str | None) -> str:
    """The language of the prompts for ``[drafts] language``: one of LANGUAGES; English when empty or unknown."""
    return language_of(code or "en")


def notice_words(lang: str | None) -> dict[str, str]:
    """The notices' words in ``lang`` (the templates' ``t``)."""
    return NOTICES[language(lang)]


def question_words(lang: str | None) -> dict[str, tuple[str, str]]:
    return QUESTIONS[language(lang)]


def terminal_words(lang: str | None) -> dict[str, str]:
    return TERMINAL[language(lang)]


_ONE_WORD = re.compile(r"\((['\"])(?P<word>.*)\1\)\s*$")
_SCORE = re.compile(r"\(score (?P<score>-?\d+(?:\.\d+)?)\)\s*$")


def unsure_reason(lang: str | None, unsure: str, said: str) -> str:
    """Why detection was unsure, in ``lang``: from the stored ``unsure`` ("rule.id: words"); ``said`` is its
    English wording for the user (:attr:`daemon.service.state.Interview.unsure_reason`), used as it is in English.

    A reason without a translation is left out of another language's notice rather than said in English.
    """
    lang = language(lang)
    if lang == "en":
        return said
    rule = unsure.partition(": ")[0]
    template = REASONS[lang].get(rule)
    if template is None:
        return ""
    if rule == "unsure.one_word":
        m = _ONE_WORD.search(unsure)
        return template.format(word=m["word"]) if m else ""
    m = _SCORE.search(unsure)
    return template.format(score=m["score"].replace(".", ",")) if m else ""


def web_words(lang: str | None) -> dict[str, str]:
    """The web debrief page's labels in ``lang`` (the template's ``w``)."""
    return WEB[language(lang)]
