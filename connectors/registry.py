"""Connector kinds: what the ``kind`` written in the configuration means, in one place.

Each kind declares here, once, the keys its table reads (type, default, help), the keys it cannot do
without, any further check, and its constructor: a ``module:function`` in the connector's own module,
imported only when the connector is first built, so that loading the configuration stays fast (no
IMAP, CalDAV or Google client at start). Configuration validation, ``config.example.toml``, ``doctor``
and ``auth`` read these declarations; a new kind is its connector module plus one ``register`` here.
"""

from __future__ import annotations

import importlib
import os
from dataclasses import dataclass
from pathlib import Path
from types import SimpleNamespace
from typing import TYPE_CHECKING, Any, Callable, Iterable

from daemon.core.errors import ConfigError
from daemon.service.schema import Key

if TYPE_CHECKING:
    from datetime import tzinfo

    from connectors.base import CalendarSource, Mailbox

#: The configuration sections whose tables name a kind: ``[[calendars]]`` tables and the ``[mail]`` table.
SECTIONS = ("calendars", "mail")

Line = tuple[bool | None, str]  # a `doctor` line: ok (True), a problem (False) or information (None)


@dataclass(frozen=True)
class Wiring:
    """What a connector may need beyond its own table."""

    google: SimpleNamespace  # the [google] table
    zone: tzinfo | None = None  # calendars: the user's zone, for floating and all-day events
    state: Any = None  # mailboxes: the service's state, where what was seen is kept (None: in memory)


@dataclass(frozen=True)
class Kind:
    """One connector kind: the value of ``kind`` in a ``[[calendars]]`` or ``[mail]`` table."""

    name: str
    section: str  # "calendars" or "mail"
    summary: str  # what it is, for hints: "a secret iCal address or an .ics file"
    build: str  # "module:function", called with (table, Wiring): the connector
    #: The keys this kind reads, besides the section's own (kind, name, interval_minutes). Help is
    #: written without the kind: config.example.toml prefixes it ("caldav: the account's user name.").
    #: Kinds may share a key of the same type; each reads it with its own default.
    keys: tuple[Key, ...] = ()
    needs: tuple[tuple[str, str], ...] = ()  # (key, what it is): must not be empty
    #: Further problems with a table of this kind: (table, where, config folder) -> reasons, each
    #: naming ``where`` and the key. It may put a value in its final form (a path made absolute).
    check: Callable[[SimpleNamespace, str, Path | None], list[str]] | None = None
    store_name: Callable[[SimpleNamespace], str] | None = None  # calendars: stored under this without `name`
    sign_in: str = ""  # the `followthrough auth` provider whose token the table's `account` uses
    doctor: str = ""  # "module:function", (table, Wiring) -> lines; default: build it and ask check()

    def constructor(self) -> Callable[[SimpleNamespace, Wiring], Any]:
        return _resolve(self.build)


#: Every registered kind, by section, in the order the configuration example documents them.
KINDS: dict[str, dict[str, Kind]] = {section: {} for section in SECTIONS}
#: `followthrough auth PROVIDER`: the module whose ``sign_in(cfg, used, ...)`` and ``status(cfg, used)`` serve it,
#: ``used`` being the (kind, table) pairs that sign in with it.
SIGN_IN: dict[str, str] = {}


def register(kind: Kind) -> Kind:
    KINDS[kind.section][kind.name] = kind
    return kind


def kinds(section: str) -> list[Kind]:
    return list(KINDS[section].values())


def kind_of(section: str, name: str) -> Kind | None:
    return KINDS[section].get(name)


def tables(cfg) -> Iterable[tuple[Kind, SimpleNamespace]]:
    """Every configured table that names a registered kind, with its kind."""
    for section in SECTIONS:
        found = getattr(cfg, section)
        for table in found if isinstance(found, list) else [found]:
            kind = kind_of(section, table.kind)
            if kind is not None:
                yield kind, table


def signed_in(cfg, provider: str) -> list[tuple[Kind, SimpleNamespace]]:
    """The tables whose kind signs in with ``provider`` (by their ``account``)."""
    return [(kind, table) for kind, table in tables(cfg) if kind.sign_in == provider]


def sign_in(provider: str, cfg, **options) -> int:
    """`followthrough auth PROVIDER`: the provider's module signs in the accounts its kinds' tables name."""
    return importlib.import_module(SIGN_IN[provider]).sign_in(cfg, signed_in(cfg, provider), **options)


def sign_in_status(provider: str, cfg) -> list[Line]:
    """For `doctor`: the provider's scopes, client and tokens, when a table uses it (else nothing is imported)."""
    used = signed_in(cfg, provider)
    return importlib.import_module(SIGN_IN[provider]).status(cfg, used) if used else []


def _resolve(ref: str) -> Callable[..., Any]:
    module, _, name = ref.partition(":")
    return getattr(importlib.import_module(module), name)


def _hint(section: str) -> str:
    names = [f'"{k.name}" ({k.summary})' for k in kinds(section)]
    return "use kind = " + (", ".join(names[:-1]) + " or " + names[-1] if len(names) > 1 else "".join(names))


def _build(section: str, table: SimpleNamespace, wiring: Wiring):
    kind = kind_of(section, table.kind)
    if kind is None:
        what = "calendar" if section == "calendars" else "mail"
        raise ConfigError(f"{what} kind {table.kind!r} is not available in this version", hint=_hint(section))
    return kind.constructor()(table, wiring)


def calendar_from_config(table: SimpleNamespace, zone: tzinfo, google: SimpleNamespace) -> CalendarSource:
    """Build the calendar source one ``[[calendars]]`` table describes (``google``: the ``[google]`` table).

    Commands go through :func:`daemon.service.app.calendars`, which passes every table this needs.
    """
    return _build("calendars", table, Wiring(google, zone=zone))


def mailbox_from_config(mail: SimpleNamespace, google: SimpleNamespace, state=None) -> Mailbox:
    """Build the mailbox the ``[mail]`` table describes (``google``: the ``[google]`` table).

    Commands go through :func:`daemon.service.app.mailbox`. ``state``: the service's state, where a Maildir
    and an IMAP mailbox keep what they have seen (else in memory, for this process).
    """
    return _build("mail", mail, Wiring(google, state=state))


def doctor_lines(kind: Kind, table: SimpleNamespace, wiring: Wiring) -> list[Line]:
    """What `doctor` says about one table: the kind's own check, else build it and ask its ``check()``."""
    if kind.doctor:
        return list(_resolve(kind.doctor)(table, wiring))
    connector = kind.constructor()(table, wiring)
    check = getattr(connector, "check", None)
    return [(True, text) for text in check()] if check else [(None, f"{kind.section} {kind.name}: nothing to check")]


def ics_calendar(source: str, zone: tzinfo) -> CalendarSource:
    """An ICS calendar given on the command line (a path or a URL)."""
    from connectors.ics import ICSCalendar

    return ICSCalendar(source, zone)


def notifier_from_config(urls: list[str]):
    from connectors.notify import from_config

    return from_config(urls)


# -- the checks the kinds declare (light: the connector modules stay unimported) ---------------------


def _ics_source(cal: SimpleNamespace, where: str, base: Path | None) -> list[str]:
    """A file source is made absolute, from the configuration's folder; a URL is kept as written."""
    if cal.source and "://" not in cal.source:
        p = Path(os.path.expanduser(cal.source))
        cal.source = str(base / p if not p.is_absolute() and base is not None else p)
    return []


def _caldav_url(cal: SimpleNamespace, where: str, base: Path | None) -> list[str]:
    from urllib.parse import urlsplit

    from connectors.secret import is_loopback

    if not cal.url:
        return []  # told by `needs`
    try:
        parts = urlsplit(cal.url)
        host = parts.hostname or ""
    except ValueError:
        return [f"{where}.url = {cal.url!r}: not a URL"]
    problems = []
    if parts.scheme not in ("https", "http") or not host:
        problems.append(f"{where}.url = {cal.url!r}: must be an https:// URL")
    elif parts.scheme == "http" and not is_loopback(host):
        problems.append(f"{where}.url = {cal.url!r}: http:// is refused for a host that is not this machine; use https://")
    if parts.username or parts.password:
        problems.append(f"{where}.url: must not carry a user name or password (use username and password_command)")
    return problems


def _imap_tls(mail: SimpleNamespace, where: str, base: Path | None) -> list[str]:
    from connectors.secret import is_loopback

    if mail.host and mail.tls == "none" and not is_loopback(mail.host):
        return [f"{where}.tls = 'none': refused for {mail.host!r}, which is not this machine "
                "(use 'ssl' or 'starttls'; 'none' is for 127.0.0.1, ::1 and localhost only)"]
    return []


_PASSWORD_HELP = ("a shell command whose first line of output is the password; empty: the system keyring "
                  "(service 'followthrough:<host>', your username).")


# -- the kinds ------------------------------------------------------------------------------------

SIGN_IN["google"] = "connectors.google.auth"

register(Kind(
    "ics", "calendars", "a secret iCal address or an .ics file", "connectors.ics:from_config",
    keys=(Key("source", "str", "", "a file path or an http(s) URL of the .ics feed.", example="~/calendar.ics"),),
    needs=(("source", "a path or an https URL"),),
    check=_ics_source,
    store_name=lambda cal: cal.source,
))
register(Kind(
    "google", "calendars", "Google Calendar, with your own OAuth client", "connectors.google.calendar:from_config",
    keys=(Key("account", "str", "", "the Google account (e-mail) that owns the calendar."),
          Key("calendar_id", "str", "primary", "the calendar id ('primary' is your main calendar).")),
    needs=(("account", ""),),
    store_name=lambda cal: f"google:{cal.account}/{cal.calendar_id}",
    sign_in="google",
))
register(Kind(
    "caldav", "calendars", "a CalDAV server: Fastmail, iCloud, Nextcloud, Radicale, ...", "connectors.dav:from_config",
    keys=(Key("url", "str", "", "the server (every calendar of the account) or one calendar's URL; https, "
              "or http for this machine only."),
          Key("username", "str", "", "the account's user name."),
          Key("password_command", "str", "", _PASSWORD_HELP),
          Key("calendar", "str", "", "one calendar's display name, when url is the server; empty: every calendar.")),
    needs=(("url", "the server, for example https://caldav.fastmail.com/dav/"), ("username", "")),
    check=_caldav_url,
    store_name=lambda cal: f"caldav:{cal.username}@{cal.url}/{cal.calendar}",
))

register(Kind(
    "maildir", "mail", "the Drafts, Sent and INBOX folders your mail client syncs", "connectors.maildir:from_config",
    keys=(Key("drafts", "str", "~/Mail/Drafts", "the Drafts folder.", path=True),
          Key("sent", "str", "~/Mail/Sent", "the Sent folder.", path=True),
          Key("inbox", "str", "~/Mail/INBOX", "the folder where replies arrive.", path=True)),
    doctor="connectors.maildir:doctor",
))
register(Kind(
    "gmail", "mail", "Gmail, with your own OAuth client", "connectors.google.gmail:from_config",
    keys=(Key("account", "str", "", "the Google account (e-mail) whose drafts are written."),),
    needs=(("account", ""),),
    sign_in="google",
))
register(Kind(
    "imap", "mail", "any IMAP server", "connectors.imap:from_config",
    keys=(Key("drafts", "str", "", "the folder's name; empty (the imap default): the \\Drafts SPECIAL-USE folder, "
              "then common names."),
          Key("sent", "str", "", "as for drafts, with \\Sent."),
          Key("inbox", "str", "INBOX", "its name (default INBOX)."),
          Key("host", "str", "", "the server, for example imap.fastmail.com."),
          Key("port", "int", 0, "the port; 0: 993 with tls = 'ssl', 143 with 'starttls' or 'none'.", minimum=0, maximum=65535),
          Key("tls", "str", "ssl", "ssl, starttls, or none (refused unless host is this machine).",
              choices=("ssl", "starttls", "none")),
          Key("username", "str", "", "the account's user name."),
          Key("password_command", "str", "", _PASSWORD_HELP)),
    needs=(("host", ""), ("username", "")),
    check=_imap_tls,
))
