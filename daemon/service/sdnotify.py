"""Tell systemd how the service is doing (sd_notify), in pure Python: one datagram to $NOTIFY_SOCKET.

Outside systemd (no $NOTIFY_SOCKET) every call is a no-op that returns False. Send errors are logged at
debug level and never raised: the service must keep working even if the service manager went away.
Under ``Type=notify`` the service must send ``READY=1`` once started; with ``WatchdogSec`` it must send
``WATCHDOG=1`` about every ``watchdog_interval()`` seconds (half the watchdog timeout), or systemd restarts it.
"""

from __future__ import annotations

import logging
import os
import socket
from collections.abc import Mapping

log = logging.getLogger(__name__)


def _address(raw: str) -> str | bytes | None:
    """The socket address for $NOTIFY_SOCKET: a filesystem path, or "@name" for Linux's abstract namespace."""
    if raw.startswith("/"):
        return raw
    if raw.startswith("@"):
        return b"\0" + raw[1:].encode()
    return None  # e.g. "vsock:..." (virtual machines): not supported


def notify(message: str, env: Mapping[str, str] = os.environ) -> bool:
    """Send ``message`` (e.g. "READY=1") to the service manager; True if it was sent."""
    raw = env.get("NOTIFY_SOCKET", "")
    if not raw:
        return False
    address = _address(raw)
    if address is None:
        log.debug("sd_notify: unsupported NOTIFY_SOCKET %r", raw)
        return False
    try:
        with socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM | socket.SOCK_CLOEXEC) as sock:
            sock.connect(address)
            sock.send(message.encode())
    except (OSError, ValueError, AttributeError) as exc:  # AttributeError: no AF_UNIX (Windows)
        log.debug("sd_notify: could not send %r to %r: %s", message, raw, exc)
        return False
    return True


def ready(env: Mapping[str, str] = os.environ) -> bool:
    """Start-up is complete (``Type=notify`` waits for this)."""
    return notify("READY=1", env)


def watchdog(env: Mapping[str, str] = os.environ) -> bool:
    """Still alive: send about every ``watchdog_interval()`` seconds."""
    return notify("WATCHDOG=1", env)


def stopping(env: Mapping[str, str] = os.environ) -> bool:
    """A clean shutdown has begun."""
    return notify("STOPPING=1", env)


def status(text: str, env: Mapping[str, str] = os.environ) -> bool:
    """A one-line status shown by ``systemctl --user status``."""
    return notify("STATUS=" + " ".join(text.split()), env)


def watchdog_interval(env: Mapping[str, str] = os.environ) -> float | None:
    """Seconds between watchdog pings (half of $WATCHDOG_USEC), or None when no watchdog is asked of us."""
    pid = env.get("WATCHDOG_PID", "").strip()
    if pid and pid != str(os.getpid()):
        return None
    try:
        usec = int(env.get("WATCHDOG_USEC", "").strip())
    except ValueError:
        return None
    return usec / 2 / 1_000_000 if usec > 0 else None
