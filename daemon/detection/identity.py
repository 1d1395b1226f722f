"""The user as detection sees them, and whether a meeting is among their own colleagues."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
import re

from daemon.core.model import Event
from daemon.core.model import Person
from .addresses import is_no_reply, is_resource
from .lexicon.senders import FREEMAIL
from .match import _domain, _fold


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
    return p is not None and p.email not in me.emails and not is_resource(p) and not is_no_reply(p.email)


def _internal(event: Event, me: Identity) -> bool:
    """A meeting among colleagues: everyone else is on one of the user's own (non-free-mail) domains."""
    mine = {_domain(e) for e in me.emails} - FREEMAIL
    people = [p for p in ([event.organizer] if event.organizer else []) + event.attendees
              if p and p.email and p.email not in me.emails and not is_resource(p)]
    return bool(mine and people) and all(_domain(p.email) in mine for p in people)


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
