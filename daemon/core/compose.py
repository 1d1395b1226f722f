"""Composing drafts and prompts from Jinja2 templates, as RFC 5322 messages.

Templates live in ``templates/`` (shipped as ``daemon.templates``); a file of the same name in
``<config folder>/templates/`` overrides the bundled one (the environment that finds them is
:func:`daemon.service.resources.mail_environment`; here they are only rendered). A template renders ``Subject: ...``, a
blank line, then the body. Headers are built with the ``email`` package: non-ASCII names are
encoded, and CR/LF in a title, a name or an answer can never start a header of its own.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from datetime import datetime, tzinfo
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import format_datetime

from daemon.core.model import draft_message_id

_CONTROL = re.compile(r"[\x00-\x1f\x7f\u2028\u2029\x85]+")
HONORIFICS = ("Dr.", "Dr", "Prof.", "Prof", "Professor", "Mr.", "Mr", "Ms.", "Ms", "Mrs.", "Mrs", "Mx.", "Mx")


def one_line(text: object) -> str:
    """``text`` as a single header-safe line: every control character (CR, LF, ...) becomes a space."""
    return _CONTROL.sub(" ", str(text or "")).strip()


def sentence(text: object) -> str:
    """An answer as a sentence: stripped, first letter kept, a final full stop added when missing."""
    s = " ".join(str(text or "").split())
    if s and s[-1] not in ".!?…":
        s += "."
    return s


def salutation(name: str, formal: bool, honorific: str = "") -> str:
    """'Dear Dr. Okafor,' (formal) or 'Hi Kim,'; 'Hello,' when no name is known."""
    parts = name.split()
    if not parts:
        return "Hello,"
    if parts[0] in HONORIFICS and len(parts) > 1:
        honorific, parts = honorific or parts[0], parts[1:]
    if formal:
        if honorific:
            honorific = honorific if honorific.endswith(".") or honorific == "Professor" else honorific + "."
            return f"Dear {honorific} {parts[-1]},"
        return f"Dear {' '.join(parts)},"
    return f"Hi {parts[0]},"


@dataclass
class Rendered:
    subject: str
    body: str


def render(env, template: str, **context) -> Rendered:
    """Render a template into a subject and a body."""
    text = env.get_template(template).render(**context)
    head, _, body = text.partition("\n\n")
    if not head.lower().startswith("subject:"):
        raise ValueError(f"template {template} must start with 'Subject: ...' and a blank line")
    body = re.sub(r"\n{3,}", "\n\n", body).strip() + "\n"
    return Rendered(one_line(head[len("subject:"):]), wrap(body))


def wrap(body: str, width: int = 72) -> str:
    """Plain text as a careful writer sends it: lines of at most ``width`` columns, words and links never split."""
    import textwrap

    out = []
    for line in body.split("\n"):
        if len(line) <= width:
            out.append(line)
        else:
            out.append(textwrap.fill(line, width, break_long_words=False, break_on_hyphens=False))
    return "\n".join(out)


def idempotency_key(source: str, uid: str, recurrence_id: str, purpose: str, recipient: str) -> str:
    """The stable key of one draft: one person, one purpose, one interview."""
    basis = "\x1f".join((source, uid, recurrence_id or "", purpose, recipient.lower()))
    return "ft-" + hashlib.sha256(basis.encode()).hexdigest()[:32]


def build_message(
    *,
    sender_name: str,
    sender_email: str,
    to_name: str,
    to_email: str,
    subject: str,
    body: str,
    now: datetime,
    key: str,
    in_reply_to: str = "",
    references: list[str] | None = None,
) -> EmailMessage:
    """An RFC 5322 draft: From, To, Subject, Date, Message-ID and threading headers.

    The Message-ID is derived from ``key`` (``<key@sender's domain>``): it is how every mailbox
    finds the draft again, so no header of ours travels with the mail when the user sends it.
    :raises ValueError: an address with a non-ASCII local part (see :func:`ascii_address`).
    """
    msg = EmailMessage()
    msg["From"] = _address(sender_name, sender_email)
    msg["To"] = _address(to_name, to_email)
    msg["Subject"] = one_line(subject)
    msg["Date"] = format_datetime(now)
    domain = ascii_address(sender_email)[1] if "@" in sender_email else ""
    msg["Message-ID"] = draft_message_id(one_line(key), domain)
    if in_reply_to:
        msg["In-Reply-To"] = one_line(in_reply_to)
        refs = [one_line(r) for r in (references or [in_reply_to])]
        if one_line(in_reply_to) not in refs:  # RFC 5322 3.6.4: References ends with the parent
            refs.append(one_line(in_reply_to))
        msg["References"] = " ".join(dict.fromkeys(refs))
    msg.set_content(body)
    return msg


def ascii_address(email: str) -> tuple[str, str]:
    """(local part, domain) of ``email`` as a header may carry them: the domain IDNA-encoded
    (``bücher.example`` → ``xn--bcher-kva.example``).

    :raises ValueError: a non-ASCII local part (``ким@пример.рф``), which needs SMTPUTF8 end to end,
        or a domain IDNA cannot encode; the message names the address.
    """
    user, _, domain = one_line(email).rpartition("@")
    if not user.isascii():
        raise ValueError(f"{email!r}: the part before @ is not ASCII, and not every mail server can deliver that")
    if not domain.isascii():
        import idna

        try:
            domain = idna.encode(domain, uts46=True).decode("ascii")
        except idna.IDNAError as exc:
            raise ValueError(f"{email!r}: the domain cannot be written in a mail header ({exc})") from None
    return user, domain


def _address(name: str, email: str) -> Address:
    email = one_line(email)
    name = one_line(name)
    if "@" in email:
        user, domain = ascii_address(email)
        return Address(display_name=name, username=user, domain=domain)
    return Address(display_name=name or email)


def day_words(moment: datetime, zone: tzinfo) -> str:
    """'Wednesday, 2 September' ('Wednesday, September 2' in the Americas) in the user's zone."""
    from daemon.core.languages import day_words as in_words

    return in_words(moment, zone)
