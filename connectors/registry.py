"""One place that maps the ``kind`` written in the configuration to a connector.

Concrete connectors are imported lazily, so a command that needs none stays fast.
"""

from __future__ import annotations

from datetime import tzinfo
from types import SimpleNamespace

from connectors.base import CalendarSource
from daemon.errors import ConfigError


def calendar_from_config(table: SimpleNamespace, zone: tzinfo, google: SimpleNamespace) -> CalendarSource:
    """Build the calendar source one ``[[calendars]]`` table describes (``google``: the ``[google]`` table).

    Commands go through :func:`daemon.app.calendars`, which passes every table this needs.
    """
    if table.kind == "ics":
        from connectors.ics import ICSCalendar

        return ICSCalendar(table.source, zone, name=table.name or None)
    if table.kind == "google":
        from connectors.google.api import Settings, session
        from connectors.google.calendar import GoogleCalendar

        return GoogleCalendar(session(Settings.from_config(google), table.account), table.calendar_id, zone, name=table.name or None)
    if table.kind == "caldav":
        from urllib.parse import urlsplit

        from connectors.dav import CalDAVCalendar
        from connectors.secret import Password
        from daemon.errors import CalendarError

        host = urlsplit(table.url).hostname or table.url
        password = Password(table.password_command, host, table.username, CalendarError, f"calendar {table.url}")
        return CalDAVCalendar(table.url, table.username, password, zone, calendar=table.calendar, name=table.name)
    raise ConfigError(
        f"calendar kind {table.kind!r} is not available in this version",
        hint="use kind = \"ics\" (a secret iCal address or an .ics file), \"google\" or \"caldav\"",
    )


def ics_calendar(source: str, zone: tzinfo) -> CalendarSource:
    """An ICS calendar given on the command line (a path or a URL)."""
    from connectors.ics import ICSCalendar

    return ICSCalendar(source, zone)


def mailbox_from_config(mail: SimpleNamespace, google: SimpleNamespace, state=None):
    """Build the mailbox the ``[mail]`` table describes (``google``: the ``[google]`` table).

    Commands go through :func:`daemon.app.mailbox`. ``state``: the service's state, where a Maildir
    and an IMAP mailbox keep what they have seen (else in memory, for this process).
    """
    if mail.kind == "maildir":
        from connectors.maildir import MaildirMailbox

        return MaildirMailbox(mail.drafts, mail.sent, mail.inbox, index=state.maildir_index() if state is not None else None)
    if mail.kind == "gmail":
        from connectors.google.api import Settings, session
        from connectors.google.gmail import GmailMailbox

        settings = Settings.from_config(google)
        return GmailMailbox(session(settings, mail.account), settings.path(mail.account, ".gmail.json"))
    if mail.kind == "imap":
        from connectors.imap import ImapMailbox
        from connectors.secret import Password
        from daemon.errors import MailboxError

        password = Password(mail.password_command, mail.host, mail.username, MailboxError, f"IMAP {mail.host}")
        return ImapMailbox(mail.host, mail.username, password, port=mail.port, tls=mail.tls,
                           drafts=mail.drafts, sent=mail.sent, inbox=mail.inbox,
                           index=state.maildir_index() if state is not None else None)
    raise ConfigError(
        f"mail kind {mail.kind!r} is not available in this version",
        hint='use kind = "maildir" (the Drafts, Sent and INBOX folders your mail client syncs), kind = "gmail" or kind = "imap"',
    )


def notifier_from_config(urls: list[str]):
    from connectors.notify import from_config

    return from_config(urls)
