"""Google Calendar and Gmail, through the user's own OAuth client.

``api`` holds one signed-in account (its token file, HTTP and API services, retries and errors);
``calendar`` and ``gmail`` implement the CalendarSource and Mailbox contracts; ``auth`` is the
interactive sign-in, started only by ``followthrough auth google``. Google's libraries are
imported when a Google connector is first used, so commands that need none stay fast.
"""

from __future__ import annotations

CALENDAR_SCOPE = "https://www.googleapis.com/auth/calendar.events.readonly"
COMPOSE_SCOPE = "https://www.googleapis.com/auth/gmail.compose"
METADATA_SCOPE = "https://www.googleapis.com/auth/gmail.metadata"

#: Each scope and why it is asked for; the README and `doctor` show this list.
SCOPES = {
    CALENDAR_SCOPE: "read your calendars' events (read-only) to find interviews and the people to thank",
    COMPOSE_SCOPE: "write drafts into your Drafts (Google bundles sending into this scope; followthrough "
    "never calls a send endpoint)",
    METADATA_SCOPE: "read headers only (From, Subject, Message-ID, In-Reply-To, ...) to see what you sent "
    "and who replied; never message bodies",
}


def scopes_for(calendar: bool, gmail: bool) -> list[str]:
    """The scopes a configuration needs: Calendar, Gmail or both (both when nothing is configured yet)."""
    if not calendar and not gmail:
        calendar = gmail = True
    return [CALENDAR_SCOPE] * calendar + [COMPOSE_SCOPE, METADATA_SCOPE] * gmail
