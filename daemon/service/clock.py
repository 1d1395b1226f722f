"""The machine's clock and time zone: read here, at the edge, and handed to the core as ``now`` and ``zone``."""

from __future__ import annotations

from datetime import datetime, timezone, tzinfo
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from daemon.core.errors import UsageError


def local_zone(name: str = "") -> tzinfo:
    """The user's zone: ``name`` if given (an IANA name), else the system's zone."""
    if name:
        try:
            return ZoneInfo(name)
        except (ZoneInfoNotFoundError, ValueError):
            raise UsageError(f"unknown time zone {name!r}", hint="use an IANA name such as Europe/Berlin") from None
    try:
        import tzlocal

        return tzlocal.get_localzone()
    except Exception:  # no zone configured on the machine: fall back to UTC, never crash
        return timezone.utc


def real_now() -> datetime:
    """The wall clock, aware. Called at the CLI edge only."""
    return datetime.now(timezone.utc)
