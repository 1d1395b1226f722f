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

A broken event is skipped with a warning naming its UID; an unreadable calendar raises
:class:`daemon.errors.CalendarError`. An unchanged calendar (same ETag/Last-Modified, or same
file content) is not parsed again.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import re
import urllib.error
import urllib.request
from datetime import date, datetime, time, timedelta, tzinfo
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from connectors.base import CalendarSource, Fetch
from daemon.errors import CalendarError
from daemon.model import Event, Person

log = logging.getLogger(__name__)

USER_AGENT = "followthrough (+calendar reader; never writes)"
TIMEOUT_SECONDS = 30

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
            return dt.tzinfo is not None and dt.utcoffset() == timedelta(0) and (dt.tzname() or "").upper() in ("UTC", "Z")

    cal = Walker(zone).walk(cal)
    del cal["X-WR-TIMEZONE"]
    return cal


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
        try:
            with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as resp:
                body = resp.read()
                validators = {
                    "etag": resp.headers.get("ETag"),
                    "last_modified": resp.headers.get("Last-Modified"),
                }
                return body, {k: v for k, v in validators.items() if v}
        except urllib.error.HTTPError as exc:
            if exc.code == 304:
                return None, {k: token[k] for k in ("etag", "last_modified") if token.get(k)}
            raise CalendarError(f"calendar {self.source}: the server answered {exc.code} {exc.reason}") from None
        except (urllib.error.URLError, OSError, ValueError) as exc:
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

    def parse(self, raw: bytes, start: datetime, end: datetime) -> tuple[list[Event], list[str]]:
        """Occurrences overlapping [start, end) in ``raw``, and warnings for skipped events.

        The UIDs of skipped events are left in ``self.skipped`` (see :attr:`Fetch.skipped`).
        """
        self.skipped: set[str] = set()
        import icalendar
        import recurring_ical_events

        warnings: list[str] = []
        try:
            # multiple=True: an iCalendar stream may hold several VCALENDARs (RFC 5545 3.4); without
            # it icalendar raises on such files, and the merge below was never reached.
            found = icalendar.Calendar.from_ical(isolate_custom_timezones(raw), multiple=True)
        except Exception as exc:  # icalendar raises ValueError and friends on broken files
            raise CalendarError(f"calendar {self.source}: not a valid iCalendar file ({exc})") from None
        calendars = [c for c in found if c.name == "VCALENDAR"]
        if not calendars:
            raise CalendarError(f"calendar {self.source}: no VCALENDAR found")
        cal = calendars[0]
        for other in calendars[1:]:  # several VCALENDARs concatenated
            for sub in other.subcomponents:
                cal.add_component(sub)

        kept = []
        for comp in cal.subcomponents:
            if comp.name == "VEVENT":
                problem = self._problem(comp)
                if problem:
                    uid = _text(comp, "UID") or "(no UID)"
                    self.skipped.add(uid)
                    warnings.append(f"calendar {self.source}: skipped event {uid}: {problem}")
                    continue
            kept.append(comp)
        cal.subcomponents[:] = kept
        cal = apply_x_wr_timezone(cal, lambda text: warnings.append(f"calendar {self.source}: {text}"))
        kept = list(cal.subcomponents)

        local_start = start.astimezone(self.zone).replace(tzinfo=None) - timedelta(days=1)
        local_end = end.astimezone(self.zone).replace(tzinfo=None) + timedelta(days=1)
        others = [c for c in kept if c.name != "VEVENT"]
        series: dict[object, list] = {}  # UID (the component's id() if it has none) -> its VEVENTs
        for comp in kept:
            if comp.name == "VEVENT":
                series.setdefault(_text(comp, "UID") or id(comp), []).append(comp)

        def expand(events: list, skip_bad: bool) -> tuple[list, object]:
            cal.subcomponents[:] = others + events
            query = recurring_ical_events.of(cal, skip_bad_series=skip_bad)
            return list(query.between(local_start, local_end)), query

        # recurring-ical-events is the judge of a series (it accepts local UNTILs, several and
        # empty RRULEs, which a stricter dateutil pre-check rejected), but with skip_bad_series it
        # drops bad ones silently, and a few (RDATE;VALUE=TIME) only fail while expanding and then
        # took the whole calendar down. So: expand all at once; each series that is missing, or
        # every series if that failed, is expanded alone to keep it or to name it in a warning.
        try:
            occurrences, query = expand([c for c in kept if c.name == "VEVENT"], True)
            built = {str(s.uid) for s in query.series}
            retry = [key for key in series if isinstance(key, str) and key not in built]
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
                uid = key if isinstance(key, str) else "(no UID)"
                self.skipped.add(uid)
                warnings.append(f"calendar {self.source}: skipped event {uid}: cannot expand it ({exc})")
        cal.subcomponents[:] = kept
        # recurring-ical-events gives every occurrence a RECURRENCE-ID, single events too; the
        # Event contract wants None for events that are not part of a series.
        recurring = {key for key, comps in series.items() if isinstance(key, str) and _is_series(comps)}

        events: list[Event] = []
        for occ in occurrences:
            try:
                event = self._event(occ, recurring=_text(occ, "UID") in recurring)
            except Exception as exc:  # one odd event must not take the calendar down
                self.skipped.add(_text(occ, "UID") or "(no UID)")
                warnings.append(f"calendar {self.source}: skipped event {_text(occ, 'UID') or '(no UID)'}: {exc}")
                continue
            if event is None:
                continue
            if event.end > start and event.start < end or (event.start == event.end and start <= event.start < end):
                events.append(event)
        for w in warnings:
            log.warning("%s", w)
        events.sort(key=lambda e: (e.start, e.uid))
        return events, warnings

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
                return value.replace(tzinfo=self.zone)
            return value
        return datetime.combine(value, time(0), tzinfo=self.zone)

    def _event(self, occ, recurring: bool = True) -> Event | None:
        status = _text(occ, "STATUS").upper() or "CONFIRMED"
        if status == "CANCELLED":
            return None
        dtstart = occ["DTSTART"].dt
        all_day = not isinstance(dtstart, datetime)
        dtend = occ["DTEND"].dt if "DTEND" in occ else None
        if dtend is None:
            dtend = dtstart + timedelta(days=1) if all_day else dtstart
        start, end = self._instant(dtstart), self._instant(dtend)
        if end < start:
            end = start
        rid = None
        if recurring and "RECURRENCE-ID" in occ:
            rid = self._instant(occ["RECURRENCE-ID"].dt)
            rid = rid.date().isoformat() if not isinstance(occ["RECURRENCE-ID"].dt, datetime) else rid.astimezone(ZoneInfo("UTC")).strftime("%Y%m%dT%H%M%SZ")
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
