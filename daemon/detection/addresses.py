"""What an address or attendee is: a hiring tool, a booking tool, a no-reply or role mailbox, a room."""

from __future__ import annotations

from functools import lru_cache
import re

from daemon.core.model import Person
from .lexicon.senders import GENERIC_SCHEDULER_DOMAINS, NO_REPLY, ORG_NAME, RESOURCE_HINT, ROLE_MAILBOX, ROOM_NAME, SCHEDULER_DOMAINS, SCHEDULER_NAMES
from .match import _domain


_HIRING_TOOLS = frozenset(SCHEDULER_DOMAINS)


_ALL_SCHEDULERS = _HIRING_TOOLS | frozenset(GENERIC_SCHEDULER_DOMAINS)


@lru_cache(maxsize=4096)
def _suffixes(domain: str) -> tuple[str, ...]:
    """A domain and its parents: mail.lever.co -> mail.lever.co, lever.co, co."""
    parts = domain.split(".")
    return tuple(".".join(parts[i:]) for i in range(len(parts)))


def _domain_in(email: str, domains: frozenset[str]) -> bool:
    return "@" in email and any(s in domains for s in _suffixes(_domain(email)))


def is_scheduler(email: str) -> bool:
    """An applicant-tracking or booking tool's address (hiring tools and general booking tools)."""
    return _domain_in(email, _ALL_SCHEDULERS)


def is_hiring_tool(email: str) -> bool:
    """An applicant-tracking or interview-scheduling tool's address: evidence of hiring."""
    return _domain_in(email, _HIRING_TOOLS)


def scheduler_name(email: str) -> str:
    d = _domain(email)
    for key, label in SCHEDULER_NAMES.items():
        if key in d:
            return label
    return d


def is_no_reply(email: str) -> bool:
    return bool(email) and (bool(NO_REPLY.match(email.lower())) or is_scheduler(email))


def is_role_mailbox(email: str) -> bool:
    return bool(ROLE_MAILBOX.match(email.lower()))


def _org_named(p: Person) -> bool:
    """A display name that is an organisation or team, not a person ("St. Mary's IM Residency")."""
    if not p.name:
        return False
    head = re.split(r"\s*(?:,|\(|\s[-–|]\s)", p.name, maxsplit=1)[0]
    return bool(ORG_NAME.search(head))


def _is_role(p: Person) -> bool:
    return is_role_mailbox(p.email) or _org_named(p)


def is_resource(p: Person) -> bool:
    if p.cutype in ("ROOM", "RESOURCE", "GROUP"):
        return True
    if p.email and RESOURCE_HINT.search(p.email.lower()):
        return True
    return bool(p.name and ROOM_NAME.search(p.name.strip()))
