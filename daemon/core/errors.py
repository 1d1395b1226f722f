"""One exception tree with user-facing messages and exit codes, handled once at the CLI edge."""

from __future__ import annotations


class FollowthroughError(Exception):
    """Base of every error a user may see. ``str(err)`` is the message shown, without a traceback."""

    EXIT_CODE = 1

    def __init__(self, message: str, *, problems: list[str] | None = None, hint: str | None = None):
        super().__init__(message)
        self.message = message
        self.problems = list(problems or [])
        self.hint = hint

    def render(self) -> str:
        lines = [f"error: {self.message}"]
        lines += [f"  - {p}" for p in self.problems]
        if self.hint:
            lines.append(f"hint: {self.hint}")
        return "\n".join(lines)


class UsageError(FollowthroughError):
    """A command-line argument is wrong."""

    EXIT_CODE = 2


class ConfigError(FollowthroughError):
    """The configuration file is missing, unreadable or invalid; ``problems`` lists every issue."""

    EXIT_CODE = 3


class CalendarError(FollowthroughError):
    """A calendar could not be read or parsed as a whole (a single broken event is only a warning)."""

    EXIT_CODE = 4


class MailboxError(FollowthroughError):
    """A mailbox could not be read or written."""

    EXIT_CODE = 5


class StateError(FollowthroughError):
    """The state database is unusable (newer schema, corrupt file, locked by another process)."""

    EXIT_CODE = 6


class AlreadyRunning(StateError):
    """Another followthrough process holds the state lock."""

    EXIT_CODE = 7


class NotFound(FollowthroughError):
    """An interview id or UID given on the command line is not known."""

    EXIT_CODE = 8


class AuthRequired(FollowthroughError):
    """An account must be signed in (again) with `followthrough auth`: never signed in, revoked or expired.

    Connectors raise it (mixed with CalendarError or MailboxError, so the core keeps what it stored and
    tries again); they never start an interactive sign-in themselves.
    """

    EXIT_CODE = 9
