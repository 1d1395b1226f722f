"""One place that maps the ``kind`` written in the configuration to a connector.

Concrete connectors are imported lazily, so a command that needs none stays fast.
"""

from __future__ import annotations

from datetime import tzinfo
from types import SimpleNamespace

from connectors.base import CalendarSource
from daemon.errors import ConfigError


def calendar_from_config(table: SimpleNamespace, zone: tzinfo) -> CalendarSource:
    """Build the calendar source one ``[[calendars]]`` table describes."""
    if table.kind == "ics":
        from connectors.ics import ICSCalendar

        return ICSCalendar(table.source, zone, name=table.name or None)
    raise ConfigError(
        f"calendar kind {table.kind!r} is not available in this version",
        hint="use kind = \"ics\" with the calendar's secret iCal address or an exported .ics file",
    )


def ics_calendar(source: str, zone: tzinfo) -> CalendarSource:
    """An ICS calendar given on the command line (a path or a URL)."""
    from connectors.ics import ICSCalendar

    return ICSCalendar(source, zone)


def mailbox_from_config(mail: SimpleNamespace):
    """Build the mailbox the ``[mail]`` table describes."""
    if mail.kind == "maildir":
        from connectors.maildir import MaildirMailbox

        return MaildirMailbox(mail.drafts, mail.sent, mail.inbox)
    raise ConfigError(
        f"mail kind {mail.kind!r} is not available in this version",
        hint='use kind = "maildir" with the Drafts, Sent and INBOX folders your mail client syncs',
    )


def notifier_from_config(urls: list[str]):
    from connectors.notify import from_config

    return from_config(urls)
