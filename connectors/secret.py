"""Passwords for IMAP and CalDAV accounts, and the loopback rule for unencrypted connections.

A password comes from ``password_command`` (run through the shell; its first line of output) or,
when that is empty, from the system keyring (the ``keyring`` package) under the service
``followthrough:<host>`` and the account's username. It is never read from the config file and
never put into a message, a log line or an exception.
"""

from __future__ import annotations

import ipaddress
import subprocess

from daemon.core.errors import FollowthroughError

COMMAND_TIMEOUT = 30


def is_loopback(host: str) -> bool:
    """Whether ``host`` names this machine: 127.0.0.0/8, ::1 or localhost (no DNS lookup)."""
    host = (host or "").strip().strip("[]").lower().rstrip(".")
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def keyring_service(host: str) -> str:
    """The keyring service name a password for ``host`` is stored under."""
    return f"followthrough:{host.strip().lower()}"


class Password:
    """Gets the password of one account when first needed, and again after ``forget()``.

    ``error`` is the exception class raised when there is none (MailboxError, CalendarError).
    """

    def __init__(self, command: str, host: str, username: str, error: type[FollowthroughError], what: str):
        self.command = command.strip()
        self.host = host
        self.username = username
        self.error = error
        self.what = what
        self._value: str | None = None

    def __repr__(self) -> str:  # never show the value
        return f"Password({self.what}, {'command' if self.command else 'keyring'})"

    def where(self) -> str:
        """Where the password comes from, for messages and `doctor`."""
        if self.command:
            return f"password_command ({self.command.split()[0] if self.command.split() else ''} ...)"
        return f"the system keyring (service {keyring_service(self.host)!r}, user {self.username!r})"

    def hint(self) -> str:
        if self.command:
            return "check that password_command prints the right password on its first line"
        return (f"store it with: keyring set {keyring_service(self.host)} {self.username}   "
                "(or set password_command)")

    def forget(self) -> None:
        """Ask again next time (the server refused it; the user may have changed it)."""
        self._value = None

    def get(self) -> str:
        """The password. :raises error: the command failed or printed nothing, or the keyring has none."""
        if self._value is None:
            self._value = self._from_command() if self.command else self._from_keyring()
        return self._value

    def _from_command(self) -> str:
        try:
            proc = subprocess.run(self.command, shell=True, capture_output=True, timeout=COMMAND_TIMEOUT,
                                  stdin=subprocess.DEVNULL)
        except subprocess.TimeoutExpired:
            raise self.error(f"{self.what}: password_command did not finish within {COMMAND_TIMEOUT} s",
                             hint=self.hint()) from None
        except OSError as exc:
            raise self.error(f"{self.what}: cannot run password_command ({exc.strerror or exc})", hint=self.hint()) from None
        if proc.returncode != 0:
            # stderr may say why (gpg, pass); stdout is never shown: it may hold the password.
            why = proc.stderr.decode("utf-8", "replace").strip().splitlines()
            detail = f": {why[-1][:200]}" if why else ""
            raise self.error(f"{self.what}: password_command exited with status {proc.returncode}{detail}",
                             hint=self.hint())
        lines = proc.stdout.decode("utf-8", "replace").splitlines()
        value = lines[0].rstrip("\r\n") if lines else ""
        if not value:
            raise self.error(f"{self.what}: password_command printed no password", hint=self.hint())
        return value

    def _from_keyring(self) -> str:
        try:
            import keyring

            value = keyring.get_password(keyring_service(self.host), self.username)
        except Exception as exc:  # no backend, locked, D-Bus missing: keyring raises many kinds
            raise self.error(f"{self.what}: the system keyring cannot be read ({type(exc).__name__}: {exc})",
                             hint="set password_command instead, for example: pass show mail/account") from None
        if not value:
            raise self.error(f"{self.what}: no password in {self.where()}", hint=self.hint())
        return value
