"""The built-in classifier's features of one event (daemon/service/classifier.py holds the weights and the training).

The words and character 4-grams of the title and description, and the shape of the invitation (who sent it, how
many people, how long), read with detection's own helpers. The user's own names and addresses, other addresses,
links and digits are replaced by placeholders before anything is counted.
"""

from __future__ import annotations

import re
import unicodedata

from daemon.core.model import Event

from .addresses import is_hiring_tool, is_resource, is_scheduler
from .identity import Identity
from .lexicon.senders import FREEMAIL
from .match import _domain

_URL = re.compile(r"(?:https?://|www\.)\S+", re.I)
_EMAIL = re.compile(r"[\w.+\-]{1,64}@[\w\-]+(?:\.[\w\-]+)+")
_DIGITS = re.compile(r"\d+")
_WORD = re.compile(r"[^\W\d_]+|<\w+>", re.U)


def _clean(text: str, me: Identity) -> str:
    """Fold case and hide what is personal or specific: links, addresses, numbers, the user's names."""
    text = _URL.sub(" <url> ", text or "")
    text = _EMAIL.sub(lambda m: " <me> " if m.group(0).lower() in me.emails else " <email> ", text)
    text = unicodedata.normalize("NFKC", text).lower()  # as detection folds the user's names
    for name in sorted(me.names, key=len, reverse=True):
        text = text.replace(name, " <me> ")
    for part in {p for n in me.names for p in re.split(r"[ ,.]+", n) if len(p) > 2}:
        text = re.sub(rf"(?<!\w){re.escape(part)}(?!\w)", " <me> ", text)
    return _DIGITS.sub(" ", text)


def _grams(words: list[str], n: int = 4) -> set[str]:
    out: set[str] = set()
    for w in words:
        if w.startswith("<"):
            continue
        w = f"<{w}>"
        out.update(w[i:i + n] for i in range(max(1, len(w) - n + 1)))
    return out


def features(event: Event, me: Identity) -> dict[str, float]:
    """The named features of one event, with their values."""
    title = _WORD.findall(_clean(event.title, me))
    desc = _WORD.findall(_clean(event.description[:2000], me))
    f: dict[str, float] = {"bias": 1.0}
    for w in title:
        f["t:" + w] = 1.0
    for a, b in zip(title, title[1:]):
        f["tb:" + a + " " + b] = 0.5
    for w in set(desc):
        f["d:" + w] = 0.5
    for g in _grams(title):
        f["tg:" + g] = 0.3
    for g in _grams(desc):
        f["dg:" + g] = 0.1
    org = event.organizer
    others = [a for a in event.attendees if a.email.lower() not in me.emails and not is_resource(a)]
    f[f"people:{min(len(others), 4)}"] = 1.0
    if not org or not org.email:
        f["org:none"] = 1.0
    elif org.email.lower() in me.emails:
        f["org:me"] = 1.0
    elif is_hiring_tool(org.email):
        f["org:hiring-tool"] = 1.0
    elif is_scheduler(org.email):
        f["org:scheduler"] = 1.0
    elif _domain(org.email) in FREEMAIL:
        f["org:freemail"] = 1.0
    elif {_domain(org.email)} & {_domain(e) for e in me.emails}:
        f["org:my-domain"] = 1.0
    else:
        f["org:outside"] = 1.0
    if any(is_hiring_tool(p.email) for p in others):
        f["guest:hiring-tool"] = 1.0
    minutes = (event.end - event.start).total_seconds() / 60
    f["all-day" if event.all_day else ("short" if minutes <= 30 else "hour" if minutes <= 75 else "long")] = 1.0
    if not event.description.strip():
        f["no-description"] = 1.0
    return f
