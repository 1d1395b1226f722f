"""A Google calendar as a CalendarSource: a full sync once, then incremental syncs with a syncToken.

How the contract's ``Fetch`` is met: the opaque token the core stores is a JSON document holding
the sync token, the window the full sync covered, and a local cache of that window's events
(trimmed to the fields used). An incremental sync brings only changes; they are applied to the
cache, and the caller gets the whole current list of its window. With no change it gets
``changed=False`` and no events. The cache lives and dies with the caller's state, so the two can
never disagree, and no extra file is needed.

* Full sync: ``events.list(singleEvents=true, timeMin, timeMax)`` over the asked window plus a
  margin, page by page, until ``nextSyncToken``.
* Steady state: one ``events.list(syncToken=...)`` per poll. 410 Gone: the token expired, so a
  full sync again. A window reaching past the synced one also means a full sync (monthly).
* Cancelled events and cancelled instances of a series leave the cache; an attendee with
  ``resource: true`` is a room; ``responseStatus`` becomes the RFC 5545 PARTSTAT.
* The calendar is never modified: only events.list is called.
"""

from __future__ import annotations

import json
import logging
from datetime import date, datetime, time, timedelta, timezone, tzinfo
from zoneinfo import ZoneInfo

from connectors.base import CalendarSource, Fetch
from connectors.google.api import Session, Status
from daemon.core.errors import CalendarError
from daemon.core.model import Event, Person

log = logging.getLogger(__name__)

VERSION = 1
MARGIN = timedelta(days=30)
PAGE = 250
PARTSTAT = {"needsAction": "NEEDS-ACTION", "accepted": "ACCEPTED", "declined": "DECLINED", "tentative": "TENTATIVE"}
KEEP = ("id", "iCalUID", "recurringEventId", "originalStartTime", "status", "summary", "description", "location",
        "start", "end", "organizer", "attendees", "sequence", "eventType")
NOT_MEETINGS = {"workingLocation", "outOfOffice", "focusTime"}


def _rfc3339(moment: datetime) -> str:
    return moment.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def _trim(item: dict) -> dict:
    out = {k: item[k] for k in KEEP if k in item}
    if "attendees" in out:
        fields = ("email", "displayName", "self", "organizer", "resource", "responseStatus", "optional")
        out["attendees"] = [{k: a[k] for k in fields if k in a} for a in out["attendees"]]
    return out


class GoogleCalendar(CalendarSource):
    """One calendar (``calendar_id``) of one signed-in Google account."""

    def __init__(self, session: Session, calendar_id: str, zone: tzinfo, name: str | None = None):
        self.session = session
        self.calendar_id = calendar_id or "primary"
        self.zone = zone
        self.name = name or f"google:{session.account}/{self.calendar_id}"

    def fetch(self, start: datetime, end: datetime, token: str | None = None) -> Fetch:
        state = self._load(token)
        shown = f"{start.date().isoformat()}/{end.date().isoformat()}"
        if state and state["sync"] and state["min"] <= _rfc3339(start) and _rfc3339(end) <= state["max"]:
            try:
                items, state["sync"] = self._list(syncToken=state["sync"])
            except Status:
                log.info("calendar %s: the sync token expired; reading the calendar again", self.name)
                state = None
            else:
                if not items and state.get("shown") == shown:
                    return Fetch(changed=False, token=json.dumps(state))
                self._apply(state, items)
        if not state or not state["sync"] or not (state["min"] <= _rfc3339(start) and _rfc3339(end) <= state["max"]):
            lo, hi = _rfc3339(start), _rfc3339(end + MARGIN)
            items, sync = self._list(timeMin=lo, timeMax=hi)
            state = {"v": VERSION, "sync": sync, "min": lo, "max": hi, "events": {}}
            self._apply(state, items)
        events, warnings = [], []
        for item in state["events"].values():
            try:
                event = self._event(item)
            except (KeyError, TypeError, ValueError) as exc:
                warnings.append(f"calendar {self.name}: skipped event {item.get('iCalUID') or item.get('id')}: {exc}")
                continue
            if event is not None and event.end > start and event.start < end:
                events.append(event)
        state["shown"] = shown
        events.sort(key=lambda e: (e.start, e.uid))
        return Fetch(events=events, token=json.dumps(state), warnings=warnings)

    # -- Google ----------------------------------------------------------------------------------

    def _list(self, **query) -> tuple[list[dict], str]:
        """Every page of events.list; the items and the nextSyncToken of the last page.

        :raises Status: 410, the sync token is no longer valid.
        """
        items, page = [], None
        while True:
            answer = self.session.call(
                "calendar",
                lambda api: api.events().list(calendarId=self.calendar_id, singleEvents=True, maxResults=PAGE,
                                              pageToken=page, **query),
                error=CalendarError, what=f"calendar {self.name}", expect=(410,) if "syncToken" in query else (),
            )
            items += answer.get("items", [])
            page = answer.get("nextPageToken")
            if not page:
                return items, answer.get("nextSyncToken") or ""

    def _apply(self, state: dict, items: list[dict]) -> None:
        """Apply changes to the cache; drop cancelled events and what lies outside the window."""
        cache = state["events"]
        for item in items:
            if item.get("status") == "cancelled":
                cache.pop(item["id"], None)
                if not item.get("recurringEventId"):  # a whole series: its instances go too
                    for key in [k for k, v in cache.items() if v.get("recurringEventId") == item["id"]]:
                        del cache[key]
            else:
                cache[item["id"]] = _trim(item)
        for key, item in list(cache.items()):
            try:
                s, e = self._when(item["start"])[0], self._when(item["end"])[0]
            except (KeyError, TypeError, ValueError):
                continue  # kept, and named in a warning on output
            if _rfc3339(e) < state["min"] or _rfc3339(s) > state["max"]:
                del cache[key]

    @staticmethod
    def _load(token: str | None) -> dict | None:
        try:
            state = json.loads(token) if token else None
        except ValueError:
            return None
        return state if isinstance(state, dict) and state.get("v") == VERSION else None

    # -- Google event -> Event -------------------------------------------------------------------

    def _when(self, value: dict) -> tuple[datetime, bool]:
        if value.get("dateTime"):
            moment = datetime.fromisoformat(value["dateTime"].replace("Z", "+00:00"))
            if moment.tzinfo is None:
                moment = moment.replace(tzinfo=ZoneInfo(value["timeZone"]) if value.get("timeZone") else self.zone)
            return moment, False
        return datetime.combine(date.fromisoformat(value["date"]), time(0), tzinfo=self.zone), True

    def _event(self, item: dict) -> Event | None:
        if item.get("status") == "cancelled" or item.get("eventType") in NOT_MEETINGS:
            return None
        start, all_day = self._when(item["start"])
        end = self._when(item["end"])[0] if item.get("end") else start
        rid = None
        if item.get("recurringEventId") and item.get("originalStartTime"):
            original, whole_day = self._when(item["originalStartTime"])
            rid = original.date().isoformat() if whole_day else original.astimezone(timezone.utc).strftime("%Y%m%dT%H%M%SZ")
        attendees = [_person(a) for a in item.get("attendees", []) if a.get("email") or a.get("displayName")]
        org = item.get("organizer") or {}
        organizer = None
        if org.get("email") or org.get("displayName"):
            mine: dict = next((a for a in item.get("attendees", []) if a.get("organizer")), {})
            organizer = _person({**mine, **org})
        return Event(
            source=self.name,
            uid=item.get("iCalUID") or item["id"],
            recurrence_id=rid,
            title=(item.get("summary") or "").strip(),
            description=(item.get("description") or "").strip(),
            location=(item.get("location") or "").strip(),
            start=start,
            end=max(end, start),
            all_day=all_day,
            status=(item.get("status") or "confirmed").upper(),
            organizer=organizer,
            attendees=attendees,
            sequence=int(item.get("sequence") or 0),
            calendar=self.name,
        )


def _person(a: dict) -> Person:
    email = (a.get("email") or "").strip().lower()
    name = (a.get("displayName") or "").strip()
    return Person(
        email=email,
        name="" if name.lower() == email else name,
        # Google marks rooms and other bookable resources alike; nearly all are rooms.
        cutype="ROOM" if a.get("resource") else "INDIVIDUAL",
        partstat=PARTSTAT.get(a.get("responseStatus", ""), ""),
        role="OPT-PARTICIPANT" if a.get("optional") else "REQ-PARTICIPANT",
    )


def from_config(table, wiring) -> GoogleCalendar:
    """The ``[[calendars]]`` kind = "google" table (declared in connectors.registry)."""
    from connectors.google.api import Settings, session

    return GoogleCalendar(session(Settings.from_config(wiring.google), table.account), table.calendar_id, wiring.zone,
                          name=table.name or None)
