"""Who sends hiring invitations: applicant-tracking and booking tools, no-reply and role mailboxes, rooms."""

from __future__ import annotations

import re



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


# An organizer that is an employer's recruiting team ("Harlow Bank Talent", careers@, legalrecruiting@).
RECRUITING_SENDER = re.compile(
    r"^(recruit\w*|talent\w*|careers?|jobs|hiring|staffing|resourcing|\w*(recruiting|recruitment|careers|hiring|talent))"
    r"([+.\-_].*)?@"
)


RECRUITING_NAME = re.compile(r"\b(recruit(ing|ment)|talent( acquisition| team)?|careers|hiring|staffing)\b", re.I)
