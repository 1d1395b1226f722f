"""Interview detection: is the user the candidate in an interview, of which kind, and whom to thank.

A transparent rule set, pure: it looks only at the event and the user's identity (no clock, no I/O). Layout:

- ``lexicon/``: the words, as data;
- ``match``: matching helpers; ``addresses``: what an address is; ``identity``: the user;
- ``facts``: one pass extracting an event's facts; ``signals``: the scored rules, small named functions each with
  a rule id and a weight (``RULES``); ``score``: the rules' verdict; ``kind``: the kind; ``people``: recipients
  and company;
- ``overrides``: the user's rules and marks; ``judging``: the second opinion's protocol; ``decide``: ``detect``;
- ``features``: the built-in classifier's features, from the same facts.

Each reason reads ``"<rule id>: <why>"``, so ``scan --json`` says which rule decided. Measured on the labelled
corpora by ``bench/detect.py`` (``make bench-detect``); tests/test_detect_corpus.py holds the floors.
"""

from .addresses import is_hiring_tool, is_no_reply, is_resource, is_role_mailbox, is_scheduler, scheduler_name
from .decide import detect
from .identity import Identity
from .judging import Judge, Opinion
from .lexicon.senders import FREEMAIL
from .overrides import NO_RULES, Rules
from .people import company_of, people_in_description, recipients
from .result import KINDS, THRESHOLD, Detection
from .signals import RULES

__all__ = [
    "FREEMAIL", "KINDS", "NO_RULES", "RULES", "THRESHOLD", "Detection", "Identity", "Judge", "Opinion", "Rules",
    "company_of", "detect", "is_hiring_tool", "is_no_reply", "is_resource", "is_role_mailbox", "is_scheduler",
    "people_in_description", "recipients", "scheduler_name",
]
