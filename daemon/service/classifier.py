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
import zlib
from array import array
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from daemon.core.model import Event
from daemon.detection.features import features

__all__ = ["Classifier", "features", "release", "shipped", "shipped_digest"]

#: Hashed feature space; collisions are rare at this size for a few hundred training events.
BUCKETS = 1 << 18
#: Bumped whenever ``features`` changes: a weight file of another version is refused.
VERSION = 1
#: Where bench/train_classifier.py writes the weights in a checkout; the service reads them as package data.
WEIGHTS = Path(__file__).resolve().parent.parent / "data" / "classifier.json.gz"

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
    """The classifier shipped with followthrough, loaded on first use and kept until :func:`release`."""
    from importlib.resources import as_file

    from daemon.service.resources import data

    with as_file(data("classifier.json.gz")) as path:
        return Classifier.load(path)


@lru_cache(maxsize=1)
def shipped_digest() -> str:
    """The shipped weights' digest (as :attr:`Classifier.digest`), without loading them. :raises OSError:"""
    from daemon.service.resources import data

    return hashlib.sha256(data("classifier.json.gz").read_bytes()).hexdigest()[:12]


def release() -> None:
    """Let the shipped weights go (some 4 MB): the long-running service needs them only while it reads a calendar."""
    shipped.cache_clear()
