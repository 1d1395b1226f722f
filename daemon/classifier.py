"""A small local text classifier: a second opinion on events the rules find ambiguous.

Logistic regression over hashed features of one event: the words and character 4-grams of its title and
description, and the shape of the invitation (who sent it, how many people, how long). It is trained on the
labelled corpus in tests/data/detect/ (``bench/train_classifier.py``) and shipped as a small weight file, so it
runs anywhere Python does, with no dependency and nothing leaving the machine. The user's own names and
addresses, other addresses, links and digits are replaced by placeholders before anything is counted; the
weights are hashed counts of words from the corpus, whose people and companies are all fictional.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import math
import random
import re
import unicodedata
import zlib
from array import array
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from .model import Event

#: Hashed feature space; collisions are rare at this size for a few hundred training events.
BUCKETS = 1 << 18
#: Bumped whenever ``features`` changes: a weight file of another version is refused.
VERSION = 1
#: Where bench/train_classifier.py writes the weights in a checkout; the service reads them as package data.
WEIGHTS = Path(__file__).resolve().parent / "data" / "classifier.json.gz"

_URL = re.compile(r"(?:https?://|www\.)\S+", re.I)
_EMAIL = re.compile(r"[\w.+\-]+@[\w\-]+(?:\.[\w\-]+)+")
_DIGITS = re.compile(r"\d+")
_WORD = re.compile(r"[^\W\d_]+|<\w+>", re.U)


def _clean(text: str, me) -> str:
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


def features(event: Event, me) -> dict[str, float]:
    """The named features of one event, with their values."""
    from .detect import FREEMAIL, _domain, is_hiring_tool, is_resource, is_scheduler

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


def _bucket(name: str) -> int:
    return zlib.crc32(name.encode("utf-8")) & (BUCKETS - 1)


def _hashed(f: dict[str, float]) -> dict[int, float]:
    out: dict[int, float] = {}
    for name, value in f.items():
        i = _bucket(name)
        out[i] = out.get(i, 0.0) + value
    return out


def _sigmoid(z: float) -> float:
    return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))


def train(examples: list[tuple[dict[str, float], bool]], epochs: int = 40, rate: float = 0.2,
          l2: float = 1e-3, seed: int = 1) -> dict[int, float]:
    """Weights by stochastic gradient descent on the log loss; deterministic for a given seed and order."""
    xs = [(_hashed(f), 1.0 if y else 0.0) for f, y in examples]
    w: dict[int, float] = {}
    order = list(range(len(xs)))
    rnd = random.Random(seed)
    for _ in range(epochs):
        rnd.shuffle(order)
        for i in order:
            x, y = xs[i]
            g = _sigmoid(sum(w.get(k, 0.0) * v for k, v in x.items())) - y
            for k, v in x.items():
                w[k] = w.get(k, 0.0) * (1 - rate * l2) - rate * g * v
    return {k: round(v, 4) for k, v in sorted(w.items()) if abs(round(v, 4)) > 0}


def save(heads: dict[str, dict[int, float]], path: Path, trained_on: dict) -> None:
    """Write a weight file (gzip'd JSON, byte-for-byte the same for the same weights).

    ``heads``: "interview" (is it an interview where the user is the candidate) and "informational" (given that
    it is, is it an informational interview)."""
    doc = {"version": VERSION, "buckets": BUCKETS, "trained_on": trained_on,
           "heads": {name: [[k, v] for k, v in sorted(w.items())] for name, w in sorted(heads.items())}}
    data = json.dumps(doc, separators=(",", ":"), sort_keys=True).encode()
    path.write_bytes(gzip.compress(data, mtime=0))


def _dense(weights: dict[int, float]) -> array:
    w = array("f", bytes(4 * BUCKETS))
    for k, v in weights.items():
        w[k] = v
    return w


@dataclass
class Classifier:
    """Loaded weights: ``probability`` that an event is an interview where the user is the candidate, and
    ``informational``, the chance that such an interview is an informational one."""

    heads: dict[str, array]
    trained_on: dict
    digest: str = ""

    @classmethod
    def from_weights(cls, heads: dict[str, dict[int, float]], trained_on: dict | None = None) -> "Classifier":
        return cls({name: _dense(w) for name, w in heads.items()}, trained_on or {})

    @classmethod
    def load(cls, path: Path = WEIGHTS) -> "Classifier":
        raw = Path(path).read_bytes()
        doc = json.loads(gzip.decompress(raw))
        if doc.get("version") != VERSION or doc.get("buckets") != BUCKETS:
            raise ValueError(f"{path} was made for another version of the classifier")
        heads = {name: dict(pairs) for name, pairs in doc["heads"].items()}
        made = cls.from_weights(heads, doc.get("trained_on", {}))
        made.digest = hashlib.sha256(raw).hexdigest()[:12]
        return made

    def scores(self, event: Event, me) -> dict[str, float]:
        """Every head's probability, from one pass over the event's features."""
        x = _hashed(features(event, me))
        return {name: _sigmoid(sum(w[k] * v for k, v in x.items())) for name, w in self.heads.items()}

    def probability(self, event: Event, me) -> float:
        return self.scores(event, me).get("interview", 0.0)

    def informational(self, event: Event, me) -> float:
        return self.scores(event, me).get("informational", 0.0)


@lru_cache(maxsize=1)
def shipped() -> Classifier:
    """The classifier shipped with followthrough, loaded once."""
    from importlib.resources import as_file

    from daemon.resources import data

    with as_file(data("classifier.json.gz")) as path:
        return Classifier.load(path)
