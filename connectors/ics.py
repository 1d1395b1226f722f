"""ICS calendars from a file or an http(s) URL.

Correct instants are the point of this module:

* Olson and Windows TZIDs are resolved by icalendar (Windows names through CLDR).
* Custom VTIMEZONE definitions (Outlook's "Customized Time Zone") are renamed per definition
  before parsing. icalendar caches custom zones process-wide by TZID and the first definition
  wins, so two feeds that define the same TZID differently would otherwise share one offset.
* X-WR-TIMEZONE is applied here (only to floating and UTC times; an unknown one is a warning),
  RRULE, RDATE, EXDATE, DURATION and RECURRENCE-ID by recurring-ical-events; cancelled
  occurrences are dropped here.
* Floating times and all-day dates are placed in the user's zone.

* Durations are exact per RFC 5545 3.3.6 (hours, minutes and seconds are elapsed time; days
  and weeks are nominal), whatever the wall clock does in between: recurring-ical-events adds
  them to wall-clock times, so this module computes every occurrence's end itself. A start in a
  DST gap is read with the offset before the gap (RFC 5545 3.3.5), so it moves forward.

A broken event is skipped with a warning naming its UID; an unreadable calendar raises
:class:`daemon.core.errors.CalendarError`. An unchanged calendar (same ETag/Last-Modified, or same
file content) is not parsed again.

Hostile input is bounded: a fetch has a total deadline (a server dripping bytes cannot hold it),
a series is expanded under a time budget and an occurrence cap (an RRULE that repeats every
minute, or one that can never happen and sends the expansion on to the year 9999), and single
events that cannot fall in the window are dropped from the text before it is parsed.
"""

from __future__ import annotations

import contextlib
import hashlib
import http.client
import json
import logging
import os
import re
import socket
import sys
import threading
import time as _time
import urllib.error
import urllib.request
import warnings as pywarnings
from datetime import date, datetime, time, timedelta, timezone, tzinfo
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from connectors.base import CalendarSource, Fetch
from daemon.core.errors import CalendarError
from daemon.core.model import Event, Person

log = logging.getLogger(__name__)

USER_AGENT = "followthrough (+calendar reader; never writes)"
TIMEOUT_SECONDS = 30  # per read (socket timeout)
FETCH_DEADLINE_SECONDS = 60.0  # per fetch, in total: connecting, headers and body
#: Expansion budgets. A series that exceeds one is skipped with a warning naming its UID (and what
#: is stored about it is kept); the rest of the calendar is read as usual.
SERIES_BUDGET_SECONDS = 1.0  # to expand one series over the window
CALENDAR_BUDGET_SECONDS = 15.0  # to expand all series of one calendar
MAX_PER_SERIES = 5_000  # occurrences of one series in the window (an hourly series has ~5,000)
MAX_OCCURRENCES = 100_000  # occurrences of all series in the window
#: Single events are dropped before parsing when they end this long before the window or start
#: this long after it (local dates: generous enough for any UTC offset and X-WR-TIMEZONE).
PREFILTER_MARGIN_DAYS = 3
_UTC = timezone.utc

_ESSENTIAL = {"DTSTART", "DTEND", "DURATION", "RRULE", "RDATE", "EXDATE", "RECURRENCE-ID", "UID"}
# icalendar's own unfolding rule (parser/content_line.py UFOLD), on bytes: blank lines before a
# continuation are part of the fold (Mozilla wrote such files). A plain "\r?\n[ \t]" left those
# blank lines in, and icalendar then failed on files it reads fine by itself.
_UNFOLD = re.compile(rb"(?:(?<!\n)\r\n|(?<![\r\n])\n)(?:\r?\n)*[ \t]")
_VTIMEZONE = re.compile(rb"^BEGIN:VTIMEZONE\r?\n.*?^END:VTIMEZONE\r?$", re.M | re.S)
# The TZID property line of a VTIMEZONE. Parameters end at the first colon outside quotes; the value
# may itself contain colons (Outlook: "TZID:(UTC+01:00) Amsterdam, Berlin, ..."), so the old lazy
# "skip to a colon" form cut such names short and the rename never matched the TZID parameters.
_TZID_LINE = re.compile(rb'^TZID(?:;(?:"[^"\r\n]*"|[^":\r\n])*)?:([^\r\n]*?)\r?$', re.M)


def _known_zone(tzid: str) -> bool:
    try:
        ZoneInfo(tzid.strip("/"))
        return True
    except (ZoneInfoNotFoundError, ValueError, OSError):
        return False


_RRULE_LINE = re.compile(rb"^RRULE[;:][^\r\n]*(?:\r?\n)?", re.M)
_YEARLY = re.compile(rb"(?:^|[;:])FREQ=YEARLY(?:;|\s*$)", re.I)


def yearly_zone_rules(text: bytes) -> tuple[bytes, list[str]]:
    """``text`` (unfolded) without the RRULEs of VTIMEZONE observances that are not yearly.

    Offsets change once or twice a year; every real zone writes FREQ=YEARLY. A daily or
    impossible rule in an observance that starts in 1601 makes each offset lookup walk millions of
    days (dateutil's rrule), so one hostile line would stall the whole calendar. Such a rule is
    dropped (the observance keeps its single DTSTART) and the zone named in a warning.
    """
    named: list[str] = []

    def block(m: re.Match[bytes]) -> bytes:
        body = m.group(0)
        bad = [r for r in _RRULE_LINE.findall(body) if not _YEARLY.search(r.split(b":", 1)[-1].strip())]
        if not bad:
            return body
        tz = _TZID_LINE.search(body)
        named.append((tz.group(1).strip().decode("utf-8", "replace") if tz else "(no TZID)").split(" ~")[0])
        return _RRULE_LINE.sub(lambda r: r.group(0) if _YEARLY.search(r.group(0).split(b":", 1)[-1].strip()) else b"", body)

    return _VTIMEZONE.sub(block, text), named


def isolate_custom_timezones(raw: bytes) -> bytes:
    """Give every custom VTIMEZONE a TZID derived from its definition.

    A TZID that names a known Olson zone is left alone. Any other TZID that this calendar
    defines ("Customized Time Zone", a Windows name, a vendor name) becomes
    ``"<TZID> ~<hash of the definition>"`` in the VTIMEZONE and in every TZID parameter, so
    equal definitions share a zone and different ones never collide in icalendar's cache.
    """
    text = _UNFOLD.sub(b"", raw)
    renames: dict[bytes, bytes] = {}
    for block in _VTIMEZONE.finditer(text):
        m = _TZID_LINE.search(block.group(0))
        if not m:
            continue
        tzid = m.group(1).strip().strip(b'"')
        if not tzid or _known_zone(tzid.decode("utf-8", "replace")):
            continue
        body = re.sub(rb"\r", b"", block.group(0))
        digest = hashlib.sha256(body).hexdigest()[:10].encode()
        renames[tzid] = tzid.replace(b'"', b"") + b" ~" + digest
    if not renames:
        return text

    def tzid_line(m: re.Match[bytes]) -> bytes:
        old = m.group(1).strip().strip(b'"')
        return b"TZID:" + renames[old] if old in renames else m.group(0)

    def tzid_param(m: re.Match[bytes]) -> bytes:
        old = m.group(1).strip(b'"')
        return b';TZID="' + renames[old] + b'"' if old in renames else m.group(0)

    text = _TZID_LINE.sub(tzid_line, text)
    return re.sub(rb';TZID=("[^"\r\n]*"|[^;:\r\n]*)', tzid_param, text)


def x_wr_zone(value: object) -> tuple[tzinfo | None, str]:
    """The zone an X-WR-TIMEZONE names (Olson, or a Windows name through CLDR), or None and why not."""
    name = str(value or "").strip()
    if not name:
        return None, "X-WR-TIMEZONE is empty"
    try:
        return ZoneInfo(name.strip("/")), ""
    except (ZoneInfoNotFoundError, ValueError, OSError):
        pass
    from icalendar.timezone.windows_to_olson import WINDOWS_TO_OLSON

    olson = WINDOWS_TO_OLSON.get(name)
    if olson:
        return ZoneInfo(olson), ""
    return None, f"X-WR-TIMEZONE {name!r} is not a known time zone"


def _not_before(start, end):
    """``end``, or ``start`` when ``end`` comes before it, compared as instants: Python compares two
    times of one zone by their wall clock and ignores ``fold``, so 01:00 (second pass) after 01:00
    (first pass) on a fall-back night would look equal."""
    if isinstance(start, datetime) and isinstance(end, datetime) and start.tzinfo and end.tzinfo:
        return end if end.astimezone(_UTC) >= start.astimezone(_UTC) else start
    return max(start, end)


def _is_utc_zone(tz: tzinfo | None) -> bool:
    """Whether ``tz`` is UTC itself, told from its type and key (no offset lookup, which a custom
    zone answers by walking its rules)."""
    if tz is None:
        return False
    if tz is timezone.utc:
        return True
    key = getattr(tz, "key", None) or getattr(tz, "zone", None)
    if isinstance(key, str):
        return key.upper() in ("UTC", "ETC/UTC", "Z", "GMT", "ETC/GMT")
    return type(tz).__name__ in ("tzutc", "UTC")


def apply_x_wr_timezone(cal, warn=lambda text: None):
    """Place the floating and UTC times of ``cal`` in its X-WR-TIMEZONE, then drop the property.

    x-wr-timezone (which recurring-ical-events applies to every calendar it is given) takes a time
    whose zone has no name for a floating time: ``dt.tzname() is None``. A custom VTIMEZONE without
    TZNAME lines (Outlook writes them so) gives exactly that, so "10:30 Pacific Standard Time" in a
    calendar marked ``X-WR-TIMEZONE:America/New_York`` became 10:30 New York, three hours early
    (docs/upstream/x-wr-timezone-unnamed-zone.md). Here only a time without tzinfo is floating; the
    property is removed afterwards, so the library's own pass has nothing left to change.
    """
    import x_wr_timezone

    value = cal.get("X-WR-TIMEZONE")
    if value is None:
        return cal
    zone, problem = x_wr_zone(value)
    if zone is None:
        warn(f"{problem}: ignored (floating times are read in your time zone)")
        del cal["X-WR-TIMEZONE"]
        return cal

    class Walker(x_wr_timezone.UTCChangingWalker):
        def is_Floating(self, dt):  # noqa: N802 (the library's name)
            return dt.tzinfo is None

        def is_UTC(self, dt):  # noqa: N802
            return _is_utc_zone(dt.tzinfo)

    cal = Walker(zone).walk(cal)
    del cal["X-WR-TIMEZONE"]
    return cal


def decode_text(text: bytes) -> tuple[bytes, str | None]:
    """``text`` as UTF-8, and the name of the charset it was read in when it was not UTF-8.

    RFC 5545 says UTF-8, but some exporters write Windows-1252 or Latin-1; icalendar would turn
    every such byte into a replacement character. Each line that is not valid UTF-8 is read as
    Windows-1252 (Latin-1 for the five bytes it leaves undefined). Run on unfolded text, so that a
    UTF-8 character folded across two lines is whole again first.
    """
    try:
        text.decode("utf-8")
        return text, None
    except UnicodeDecodeError:
        pass
    used = "Windows-1252"
    lines = text.split(b"\n")
    for i, line in enumerate(lines):
        try:
            line.decode("utf-8")
        except UnicodeDecodeError:
            try:
                lines[i] = line.decode("cp1252").encode("utf-8")
            except UnicodeDecodeError:
                lines[i] = line.decode("latin-1").encode("utf-8")
                used = "Latin-1"
    return b"\n".join(lines), used


# A top-level VEVENT block of unfolded text, with its line break; and the parts of its lines that
# the pre-filter reads (property name, and the value after the parameters).
_VEVENT_BLOCK = re.compile(rb"^BEGIN:VEVENT\r?\n.*?^END:VEVENT[ \t]*(?:\r?\n|\Z)", re.M | re.S)
_PROP_LINE = re.compile(rb'^([A-Za-z0-9\-]+)((?:;(?:"[^"\r\n]*"|[^":\r\n])*)?):([^\r\n]*)', re.M)
_DATE_VALUE = re.compile(rb"\s*(\d{4})(\d{2})(\d{2})")
_DURATION_VALUE = re.compile(r"\s*([+-])?P(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?\s*$", re.I)
_SERIES_PROPS = {b"RRULE", b"RDATE", b"RECURRENCE-ID", b"EXRULE"}


def _ordinal(value: bytes) -> int | None:
    m = _DATE_VALUE.match(value)
    if not m:
        return None
    try:
        return date(int(m[1]), int(m[2]), int(m[3])).toordinal()
    except ValueError:
        return None


def _block_span(block: bytes) -> tuple[bytes | None, bool, int | None, int | None]:
    """(UID, is part of a series, first local day, last local day) of one VEVENT block, cheaply.

    The days are None when the block is anything but plain: then it is kept and parsed in full.
    """
    uid = None
    series = False
    starts: list[bytes] = []
    ends: list[bytes] = []
    durations: list[bytes] = []
    depth = 0
    for m in _PROP_LINE.finditer(block):
        name, value = m.group(1).upper(), m.group(3)
        if name == b"BEGIN":
            depth += 1
            continue
        if name == b"END":
            depth -= 1
            continue
        if depth != 1:
            continue  # a VALARM's properties are not the event's
        if name == b"UID":
            uid = value.strip()
        elif name in _SERIES_PROPS:
            series = True
        elif name == b"DTSTART":
            starts.append(value)
        elif name == b"DTEND":
            ends.append(value)
        elif name == b"DURATION":
            durations.append(value)
    if series or len(starts) != 1 or len(ends) > 1 or len(durations) > 1:
        return uid, series, None, None
    first = _ordinal(starts[0])
    if first is None:
        return uid, series, None, None
    last = first + 1  # no DTEND: an all-day event lasts its day, a timed one ends at its start
    if ends:
        end = _ordinal(ends[0])
        if end is None:
            return uid, series, None, None
        last = max(last, end)
    if durations:
        dm = _DURATION_VALUE.match(durations[0].decode("ascii", "replace"))
        if not dm or dm[1] == "-":
            return uid, series, None, None
        weeks, days, hours, minutes, seconds = (int(g or 0) for g in dm.groups()[1:])
        last = max(last, first + 7 * weeks + days + (hours * 3600 + minutes * 60 + seconds) // 86400 + 1)
    return uid, series, first, last


def drop_outside(text: bytes, first_day: date, last_day: date) -> bytes:
    """``text`` (unfolded) without the single events that cannot overlap [first_day, last_day].

    Only plain single events are dropped: no RRULE, RDATE or RECURRENCE-ID, one DTSTART whose date
    reads cleanly, and a UID no other VEVENT has (a repeated UID is a series, or versions of one
    event told apart by SEQUENCE). Everything else is kept for the full parse to judge.
    """
    lo = first_day.toordinal() - PREFILTER_MARGIN_DAYS
    hi = last_day.toordinal() + PREFILTER_MARGIN_DAYS
    blocks = []
    seen: dict[bytes, int] = {}
    for m in _VEVENT_BLOCK.finditer(text):
        uid, series, first, last = _block_span(m.group(0))
        blocks.append((m.start(), m.end(), uid, series, first, last))
        if uid is not None:
            seen[uid] = seen.get(uid, 0) + (2 if series else 1)
    out, pos = [], 0
    for begin, end, uid, series, first, last in blocks:
        if uid is None or seen.get(uid, 0) != 1 or first is None or last is None:
            continue
        if last < lo or first > hi:
            out.append(text[pos:begin])
            pos = end
    if not out:
        return text
    out.append(text[pos:])
    return b"".join(out)


# DURATION as written: icalendar turns it into a timedelta, and "PT24H" (exact) and "P1D" (nominal)
# become the same value. A copy under an X- name keeps the text for the exact arithmetic below.
_DURATION_LINE = re.compile(rb"^(DURATION(?:;[^:\r\n]*)?:([^\r\n]*))(\r?\n)", re.M | re.I)
_DURATION_COPY = "X-FOLLOWTHROUGH-DURATION"


def keep_duration_text(text: bytes) -> bytes:
    return _DURATION_LINE.sub(rb"\1\3" + _DURATION_COPY.encode() + rb":\2\3", text)


def duration_parts(text: str) -> tuple[int, timedelta] | None:
    """A DURATION's nominal days (weeks and days) and exact rest (hours, minutes, seconds)."""
    m = _DURATION_VALUE.match(text or "")
    if not m or not any(m.groups()[1:]):
        return None
    sign = -1 if m[1] == "-" else 1
    weeks, days, hours, minutes, seconds = (int(g or 0) for g in m.groups()[1:])
    return sign * (7 * weeks + days), sign * timedelta(hours=hours, minutes=minutes, seconds=seconds)


class OverBudget(Exception):
    """Expanding a series took longer than its budget."""


@contextlib.contextmanager
def time_budget(deadline: float):
    """Raise :class:`OverBudget` inside the block once ``time.perf_counter()`` passes ``deadline``.

    dateutil expands a rule that can never match (FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30) day by day
    up to the year 9999 without yielding once, so the caller cannot stop it between occurrences.
    A trace function, checked on every Python call in this thread, can: the exception it raises
    surfaces inside the expansion. The previous trace function (a debugger, coverage) is restored.
    """
    clock = _time.perf_counter

    def tracer(frame, event, arg):
        if clock() > deadline:
            raise OverBudget()
        return None

    previous = sys.gettrace()
    sys.settrace(tracer)
    try:
        yield
    finally:
        sys.settrace(previous)


class _Deadline:
    """Shuts the sockets of one fetch down when its total time is up, so no read can hold it."""

    def __init__(self, seconds: float):
        self.seconds = seconds
        self.expired = False
        self._sockets: list[socket.socket] = []
        self._lock = threading.Lock()
        self._timer = threading.Timer(seconds, self._expire)
        self._timer.daemon = True

    def __enter__(self):
        self._timer.start()
        return self

    def __exit__(self, *exc):
        self._timer.cancel()

    def watch(self, sock: socket.socket) -> None:
        # the socket itself: http.client hands it to the response and forgets it after the headers
        with self._lock:
            self._sockets.append(sock)
            if self.expired:
                self._shut(sock)

    def _expire(self) -> None:
        with self._lock:
            self.expired = True
            for sock in self._sockets:
                self._shut(sock)

    @staticmethod
    def _shut(sock) -> None:
        with contextlib.suppress(OSError):
            sock.shutdown(socket.SHUT_RDWR)


def _watched(base: type, deadline: _Deadline):
    class Connection(base):
        def connect(self):
            super().connect()
            deadline.watch(self.sock)

    return Connection


class _HTTPHandler(urllib.request.HTTPHandler):
    def __init__(self, deadline: _Deadline):
        super().__init__()
        self.deadline = deadline

    def http_open(self, req):
        return self.do_open(_watched(http.client.HTTPConnection, self.deadline), req)


class _HTTPSHandler(urllib.request.HTTPSHandler):
    def __init__(self, deadline: _Deadline):
        super().__init__()
        self.deadline = deadline

    def https_open(self, req):
        return self.do_open(_watched(http.client.HTTPSConnection, self.deadline), req,
                            context=self._context)


def _email(value: object) -> str:
    s = str(value or "").strip()
    if s.lower().startswith("mailto:"):
        s = s[7:]
    return s.strip().lower()


def _person(prop: object) -> Person | None:
    if prop is None:
        return None
    params = getattr(prop, "params", {}) or {}
    email = _email(prop)
    name = str(params.get("CN", "") or "").strip().strip('"')
    if not email and not name:
        return None
    if "@" not in email:
        email = email if email.count(":") == 0 and "." in email else ""
    return Person(
        email=email,
        name=name if name.lower() != email else "",
        cutype=str(params.get("CUTYPE", "INDIVIDUAL") or "INDIVIDUAL").upper(),
        partstat=str(params.get("PARTSTAT", "") or "").upper(),
        role=str(params.get("ROLE", "") or "").upper(),
    )


def _text(component, name: str) -> str:
    value = component.get(name)
    if value is None:
        return ""
    if isinstance(value, list):
        value = value[0] if value else ""
    return str(value).strip()


class ICSCalendar(CalendarSource):
    """A calendar in one .ics file or at one URL (http, https or file)."""

    def __init__(self, source: str, zone: tzinfo, name: str | None = None):
        self.source = source
        self.zone = zone
        self.name = name or source
        self._is_url = bool(re.match(r"^(https?|webcal|file)://", source, re.I))
        self.deadline = FETCH_DEADLINE_SECONDS  # seconds for one fetch, in total

    # -- reading -----------------------------------------------------------------------------

    def _read(self, token: dict) -> tuple[bytes | None, dict]:
        """Return (content or None if unchanged, validators)."""
        if not self._is_url:
            path = Path(os.path.expanduser(self.source))
            try:
                # Always read and let fetch() compare content hashes: an mtime+size stamp misses a
                # same-size rewrite within the file system's timestamp granularity (FAT 2 s, HFS+ 1 s),
                # and reading a file is cheap next to parsing it.
                return path.read_bytes(), {}
            except FileNotFoundError:
                raise CalendarError(f"calendar {self.source}: file not found") from None
            except IsADirectoryError:
                raise CalendarError(f"calendar {self.source}: is a folder, not an .ics file") from None
            except OSError as exc:
                raise CalendarError(f"calendar {self.source}: cannot read ({exc.strerror})") from None
        url = re.sub(r"^webcal://", "https://", self.source, flags=re.I)
        request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT})
        if token.get("etag"):
            request.add_header("If-None-Match", token["etag"])
        if token.get("last_modified"):
            request.add_header("If-Modified-Since", token["last_modified"])
        # The socket timeout bounds each read only: a server sending a byte every few seconds
        # would hold the fetch for ever. The deadline shuts the connection down when it is up.
        with _Deadline(self.deadline) as deadline:
            opener = urllib.request.build_opener(_HTTPHandler(deadline), _HTTPSHandler(deadline))
            try:
                with opener.open(request, timeout=min(TIMEOUT_SECONDS, self.deadline)) as resp:
                    body = resp.read()
                    if deadline.expired:
                        raise OSError("deadline")
                    validators = {
                        "etag": resp.headers.get("ETag"),
                        "last_modified": resp.headers.get("Last-Modified"),
                    }
                    return body, {k: v for k, v in validators.items() if v}
            except urllib.error.HTTPError as exc:
                if exc.code == 304:
                    return None, {k: token[k] for k in ("etag", "last_modified") if token.get(k)}
                raise CalendarError(f"calendar {self.source}: the server answered {exc.code} {exc.reason}") from None
            except (urllib.error.URLError, http.client.HTTPException, OSError, ValueError) as exc:
                if deadline.expired:
                    raise CalendarError(
                        f"calendar {self.source}: no complete answer within {self.deadline:g} s (the server is too slow)"
                    ) from None
                reason = getattr(exc, "reason", exc)
                raise CalendarError(f"calendar {self.source}: cannot fetch ({reason})") from None

    def fetch(self, start: datetime, end: datetime, token: str | None = None) -> Fetch:
        previous = json.loads(token) if token else {}
        window = f"{start.date().isoformat()}/{end.date().isoformat()}"
        same_window = previous.get("window") == window
        raw, validators = self._read(previous if same_window else {})
        if raw is not None:
            validators["sha"] = hashlib.sha256(raw).hexdigest()
            if same_window and previous.get("sha") == validators["sha"]:
                raw = None
        if raw is None:
            validators.setdefault("sha", previous.get("sha"))
            new_token = json.dumps({**validators, "window": window}, sort_keys=True)
            return Fetch(changed=False, token=new_token)
        events, warnings = self.parse(raw, start, end)
        new_token = json.dumps({**validators, "window": window}, sort_keys=True)
        return Fetch(events=events, token=new_token, warnings=warnings, skipped=set(self.skipped))

    # -- parsing -----------------------------------------------------------------------------

    def parse(self, raw: bytes, start: datetime, end: datetime, *, prefilter: bool = True) -> tuple[list[Event], list[str]]:
        """Occurrences overlapping [start, end) in ``raw``, and warnings for skipped events.

        The UIDs of skipped events are left in ``self.skipped`` (see :attr:`Fetch.skipped`).
        ``prefilter=False`` parses every VEVENT, even those that cannot fall in the window (the
        result is the same; tests compare the two).
        """
        self.skipped: set[str] = set()
        warnings: list[str] = []
        # icalendar reports oddities with the warnings module, which prints them raw on stderr;
        # they go to the log instead, with the calendar's name.
        with pywarnings.catch_warnings(record=True) as caught:
            pywarnings.simplefilter("always")
            try:
                events = self._parse(raw, start, end, warnings, prefilter)
            finally:
                for w in caught:
                    log.warning("calendar %s: %s", self.source, w.message)
        for message in warnings:
            log.warning("%s", message)
        return events, warnings

    def _skip(self, warnings: list[str], uid: object, why: str) -> None:
        uid = uid if isinstance(uid, str) and uid else "(no UID)"
        self.skipped.add(uid)
        warnings.append(f"calendar {self.source}: skipped event {uid}: {why}")

    def _parse(self, raw: bytes, start: datetime, end: datetime, warnings: list[str], prefilter: bool) -> list[Event]:
        import icalendar
        import recurring_ical_events

        local_start = start.astimezone(self.zone).replace(tzinfo=None) - timedelta(days=1)
        local_end = end.astimezone(self.zone).replace(tzinfo=None) + timedelta(days=1)
        text = isolate_custom_timezones(raw)  # unfolded
        text, tamed = yearly_zone_rules(text)
        for zone_name in tamed:
            warnings.append(f"calendar {self.source}: time zone {zone_name!r} has a rule that is not yearly: ignored")
        text, charset = decode_text(text)
        if charset:
            warnings.append(f"calendar {self.source}: not UTF-8; read as {charset}")
        if prefilter:
            text = drop_outside(text, local_start.date(), local_end.date())
        text = keep_duration_text(text)
        try:
            # multiple=True: an iCalendar stream may hold several VCALENDARs (RFC 5545 3.4); without
            # it icalendar raises on such files, and the merge below was never reached.
            found = icalendar.Calendar.from_ical(text, multiple=True)
        except Exception as exc:  # icalendar raises ValueError and friends on broken files
            raise CalendarError(f"calendar {self.source}: not a valid iCalendar file ({exc})") from None
        calendars = [c for c in found if c.name == "VCALENDAR"]
        if not calendars:
            raise CalendarError(f"calendar {self.source}: no VCALENDAR found")
        cal = calendars[0]
        for other in calendars[1:]:  # several VCALENDARs concatenated
            for sub in other.subcomponents:
                cal.add_component(sub)
        scale = cal.get("CALSCALE")
        scales = scale if isinstance(scale, list) else [scale]
        if scale is not None and all(str(v).strip().upper() == "GREGORIAN" for v in scales):
            # RFC 5545 values are case-insensitive (the library's check is not), and a repeated line says nothing new
            cal["CALSCALE"] = "GREGORIAN"

        kept = []
        for comp in cal.subcomponents:
            if comp.name == "VEVENT":
                problem = self._problem(comp)
                if problem:
                    self._skip(warnings, _text(comp, "UID"), problem)
                    continue
            kept.append(comp)
        cal.subcomponents[:] = kept
        cal = apply_x_wr_timezone(cal, lambda text: warnings.append(f"calendar {self.source}: {text}"))
        kept = list(cal.subcomponents)

        others = [c for c in kept if c.name != "VEVENT"]
        series: dict[object, list] = {}  # UID (the component's id() if it has none) -> its VEVENTs
        for comp in kept:
            if comp.name == "VEVENT":
                series.setdefault(_text(comp, "UID") or id(comp), []).append(comp)
        # recurring-ical-events gives every occurrence a RECURRENCE-ID, single events too; the
        # Event contract wants None for events that are not part of a series.
        recurring = {key for key, comps in series.items() if isinstance(key, str) and _is_series(comps)}
        for comp in kept:
            if comp.name == "VEVENT":
                self._until_before_start(comp, warnings)

        budget_end = _time.perf_counter() + CALENDAR_BUDGET_SECONDS
        total = [0]

        def expand(events: list, skip_bad: bool) -> tuple[list, list]:
            """(occurrence, its source component) pairs in the window, series by series."""
            cal.subcomponents[:] = others + events
            query = recurring_ical_events.of(cal, skip_bad_series=skip_bad)
            pairs, built = [], []
            for one in query.series:
                uid = one.uid if isinstance(one.uid, str) else None
                built.append(uid)
                try:
                    got = self._expand_series(one, local_start, local_end, budget_end, total[0])
                except _Skip as why:
                    self._skip(warnings, uid, str(why))
                    continue
                except Exception as exc:  # noqa: BLE001 - one bad series must not take the calendar down
                    if not skip_bad:
                        raise
                    self._skip(warnings, uid, f"cannot expand it ({exc})")
                    continue
                total[0] += len(got)
                pairs += got
            return pairs, built

        # recurring-ical-events is the judge of a series (it accepts local UNTILs, several and
        # empty RRULEs, which a stricter dateutil pre-check rejected), but with skip_bad_series it
        # drops bad ones silently. So: expand all at once; each series that is missing, or every
        # series if that failed, is expanded alone to keep it or to name it in a warning.
        try:
            occurrences, built_uids = expand([c for c in kept if c.name == "VEVENT"], True)
            built = {u for u in built_uids if u}
            retry: list[object] = [key for key in series if isinstance(key, str) and key not in built and key not in self.skipped]
        except Exception:
            try:
                expand([], False)  # a calendar-wide problem (CALSCALE, X-WR-TIMEZONE) fails without events
            except Exception as exc:
                raise CalendarError(f"calendar {self.source}: cannot expand events ({exc})") from None
            occurrences, retry = [], list(series)
        for key in retry:
            try:
                occurrences += expand(series[key], False)[0]
            except Exception as exc:
                self._skip(warnings, key, f"cannot expand it ({exc})")
        cal.subcomponents[:] = kept

        events: list[Event] = []
        for occ, source in occurrences:
            uid = _text(occ, "UID")
            try:
                event = self._event(occ, recurring=uid in recurring, source=source)
            except Exception as exc:  # one odd event must not take the calendar down
                self._skip(warnings, uid, str(exc))
                continue
            if event is None:
                continue
            if event.end > start and event.start < end or (event.start == event.end and start <= event.start < end):
                events.append(event)
        events.sort(key=lambda e: (e.start, e.uid))
        return events

    def _expand_series(self, one, local_start: datetime, local_end: datetime, budget_end: float,
                       so_far: int) -> list:
        """(occurrence component, source component) of one series in the window, within budgets.

        :raises _Skip: the series repeats too often or takes too long to expand.
        """
        rules = len(getattr(getattr(one, "recurrence", None), "rrules", ())) > 1
        now = _time.perf_counter()
        if now > budget_end:
            raise _Skip(f"not expanded: the calendar's {CALENDAR_BUDGET_SECONDS:g} s for recurring events are used up")
        deadline = min(now + SERIES_BUDGET_SECONDS, budget_end)
        got = []
        try:
            with time_budget(deadline) if rules else contextlib.nullcontext():
                for occurrence in one.between(local_start, local_end):
                    got.append(occurrence)
                    if len(got) > MAX_PER_SERIES:
                        raise _Skip(f"repeats more than {MAX_PER_SERIES:,} times in the window")
                    if so_far + len(got) > MAX_OCCURRENCES:
                        raise _Skip(f"the calendar has more than {MAX_OCCURRENCES:,} occurrences in the window")
        except OverBudget:
            raise _Skip(f"its recurrence rule takes too long to expand (over {SERIES_BUDGET_SECONDS:g} s)") from None
        return [(o.as_component(False), getattr(getattr(o, "_adapter", None), "_component", None)) for o in got]

    def _until_before_start(self, comp, warnings: list[str]) -> None:
        """Drop the RRULEs of ``comp`` that end before its DTSTART, with a warning.

        RFC 5545 3.8.5.3: DTSTART is always the first instance. recurring-ical-events drops the
        whole event when UNTIL is before DTSTART; without those rules the first instance stays.
        """
        rules = comp.get("RRULE")
        if not rules:
            return
        rules = rules if isinstance(rules, list) else [rules]
        first = comp["DTSTART"].dt
        keep: list[object] = []
        dropped: list[object] = []
        for rule in rules:
            until = (rule.get("UNTIL") or [None])[0] if hasattr(rule, "get") else None
            (dropped if until is not None and _before(until, first) else keep).append(rule)
        if not dropped:
            return
        if keep:
            comp["RRULE"] = keep if len(keep) > 1 else keep[0]
        else:
            del comp["RRULE"]
        uid = _text(comp, "UID") or "(no UID)"
        warnings.append(
            f"calendar {self.source}: event {uid}: its repeat rule ends (UNTIL) before it starts; "
            "only its first occurrence (DTSTART) is kept"
        )

    def _problem(self, comp) -> str | None:
        """Why a VEVENT cannot be used, or None."""
        for prop, reason in getattr(comp, "errors", None) or ():
            if (prop or "").upper() in _ESSENTIAL:
                return f"unreadable {prop} ({reason})"
        if "DTSTART" not in comp:
            return "no DTSTART"
        for name in ("DTSTART", "DTEND", "RECURRENCE-ID"):
            if isinstance(comp.get(name), list):
                return f"more than one {name}"
            if name in comp:
                try:
                    value = comp[name].dt
                except Exception as exc:
                    return f"unreadable {name} ({exc})"
                if isinstance(value, datetime) and value.tzinfo is None and "TZID" in comp[name].params:
                    return f"unknown time zone {comp[name].params['TZID']!r} in {name}"
        return None

    def _instant(self, value: date | datetime) -> datetime:
        if isinstance(value, datetime):
            if value.tzinfo is None:  # floating: the user's wall-clock time
                value = value.replace(tzinfo=self.zone)
            # A wall time in a DST gap becomes the real time it names (RFC 5545 3.3.5: read with
            # the offset before the gap, i.e. moved forward). Others are kept as they are: a
            # custom VTIMEZONE's tzinfo may not know "fold", and an ambiguous time must stay the first.
            instant = value.astimezone(_UTC)
            back = instant.astimezone(value.tzinfo)
            if back.replace(tzinfo=None) == value.replace(tzinfo=None):
                return value
            return back if back.astimezone(_UTC) == instant else instant
        return datetime.combine(value, time(0), tzinfo=self.zone)

    def _span(self, occ, source) -> tuple[datetime, datetime, bool]:
        """(start, end, all-day) of an occurrence, with RFC 5545 durations.

        recurring-ical-events adds a duration to the wall-clock start: across a DST change an
        event then lasts an hour more or less than it should. The end is recomputed from the
        component the occurrence comes from: DTEND - DTSTART as elapsed time, or DURATION with
        weeks and days nominal and the rest exact (RFC 5545 3.3.6, 3.8.5.3). An end before the
        start (a start moved forward out of a DST gap) keeps the event's wall-clock length.
        """
        dtstart = occ["DTSTART"].dt
        all_day = not isinstance(dtstart, datetime)
        dtend = occ["DTEND"].dt if "DTEND" in occ else None
        if dtend is None:
            dtend = dtstart + timedelta(days=1) if all_day else dtstart
        start, end = self._instant(dtstart), self._instant(dtend)
        if all_day or source is None or not isinstance(dtend, datetime):
            return start, _not_before(start, end), all_day
        s0 = source["DTSTART"].dt if "DTSTART" in source else None
        if not isinstance(s0, datetime):
            return start, _not_before(start, end), all_day
        given = dtend - dtstart  # what recurring-ical-events added (on wall-clock times)
        if "DTEND" in source and isinstance(source["DTEND"].dt, datetime):
            e0 = source["DTEND"].dt
            if e0 - s0 != given:
                return start, _not_before(start, end), all_day  # a PERIOD in RDATE set this end: keep it
            exact = self._instant(e0).astimezone(_UTC) - self._instant(s0).astimezone(_UTC)  # not wall times
            wall = e0.replace(tzinfo=None) - s0.replace(tzinfo=None)
            if exact < timedelta(0) <= wall and (e0.tzinfo is s0.tzinfo or s0.tzinfo is None):
                exact = wall
            if exact < timedelta(0):
                return start, _not_before(start, end), all_day
            return start, (start.astimezone(_UTC) + exact).astimezone(start.tzinfo), all_day  # elapsed time
        if "DURATION" in source:
            parts = duration_parts(str(source.get(_DURATION_COPY, "")))
            if parts is None or source["DURATION"].dt != given:
                return start, _not_before(start, end), all_day
            days, rest = parts
            nominal = start
            if days:
                # nominal days on the wall time as written (not the one a DST gap moved it to)
                nominal = self._instant(datetime.combine(dtstart.date() + timedelta(days=days), dtstart.timetz()))
            return start, _not_before(start, (nominal.astimezone(_UTC) + rest).astimezone(start.tzinfo)), all_day
        return start, _not_before(start, end), all_day

    def _event(self, occ, recurring: bool = True, source=None) -> Event | None:
        status = _text(occ, "STATUS").upper() or "CONFIRMED"
        if status == "CANCELLED":
            return None
        start, end, all_day = self._span(occ, source)
        rid = None
        if recurring and "RECURRENCE-ID" in occ:
            value = occ["RECURRENCE-ID"].dt
            if not isinstance(value, datetime):
                rid = value.isoformat()
            elif value.tzinfo is None:
                # floating: the wall-clock time itself. Placed in the user's zone it would change
                # with that zone, and every occurrence would look new after a move or a DST rule change.
                rid = value.strftime("%Y%m%dT%H%M%S")
            else:
                rid = value.astimezone(_UTC).strftime("%Y%m%dT%H%M%SZ")
        attendees = occ.get("ATTENDEE") or []
        if not isinstance(attendees, list):
            attendees = [attendees]
        people = [p for p in (_person(a) for a in attendees) if p is not None]
        try:
            sequence = int(occ.get("SEQUENCE", 0) or 0)
        except (TypeError, ValueError):
            sequence = 0
        return Event(
            source=self.name,
            uid=_text(occ, "UID") or _synthetic_uid(occ),
            recurrence_id=rid,
            title=_text(occ, "SUMMARY"),
            description=_text(occ, "DESCRIPTION"),
            location=_text(occ, "LOCATION"),
            start=start,
            end=end,
            all_day=all_day,
            status=status,
            organizer=_person(occ.get("ORGANIZER")),
            attendees=people,
            sequence=sequence,
            calendar=self.name,
        )


class _Skip(Exception):
    """A series left out, and why (the message of the warning)."""


def _before(until: date | datetime, first: date | datetime) -> bool:
    """Whether a rule's UNTIL lies before the event's DTSTART (compared as RFC 5545 means them)."""
    if not isinstance(until, datetime) or not isinstance(first, datetime):
        until_day = until.date() if isinstance(until, datetime) else until
        first_day = first.date() if isinstance(first, datetime) else first
        return until_day < first_day
    if (until.tzinfo is None) != (first.tzinfo is None):  # floating against UTC: as wall times
        return until.replace(tzinfo=None) < first.replace(tzinfo=None)
    return until < first


def _is_series(components) -> bool:
    """Whether these VEVENTs (one UID) recur: a non-empty RRULE or RDATE, or an override."""
    for comp in components:
        if "RECURRENCE-ID" in comp or comp.get("RRULE"):
            return True
        rdates = comp.get("RDATE", [])
        if any(getattr(r, "dts", None) for r in (rdates if isinstance(rdates, list) else [rdates])):
            return True
    return False


def _synthetic_uid(occ) -> str:
    """A stable stand-in for a missing UID, from the event's start and title."""
    basis = f"{occ['DTSTART'].to_ical()!r}|{_text(occ, 'SUMMARY')}"
    return "no-uid-" + hashlib.sha256(basis.encode()).hexdigest()[:16]


def from_config(table, wiring) -> ICSCalendar:
    """The ``[[calendars]]`` kind = "ics" table (declared in connectors.registry)."""
    return ICSCalendar(table.source, wiring.zone, name=table.name or None)
