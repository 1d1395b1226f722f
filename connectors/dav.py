"""CalDAV calendars (Fastmail, iCloud, Nextcloud, Radicale, any RFC 4791 server), read only.

``url`` is the server (every calendar of the account with VEVENT among its components; task-only
collections are not calendars) or one calendar's URL; ``calendar`` picks one by display name.
Discovery (principal, calendar-home-set, the calendars; RFC 4791/6764 through the caldav library)
runs on the first poll and then once a day; its result travels in the token.

Incremental, per calendar: an RFC 6578 sync-collection REPORT with the stored sync token: no
change costs that one request and no parsing. Changed objects come in one calendar-multiget
REPORT. A server without sync tokens (or an expired one) is compared by CTag, then by the ETags
of a depth-1 PROPFIND, and only changed objects are fetched. The raw objects are cached in the
token, so the core always gets the whole current list of its window, and the events go through
:meth:`connectors.ics.ICSCalendar.parse`: the same instant rules as ICS files (Windows zones,
custom VTIMEZONE kept apart per definition, recurrences, floating times).

Events are stored under "<display name> (<username>)" per calendar, or ``name`` when set. Only
PROPFIND and REPORT are sent: never PUT, DELETE, PROPPATCH, MKCOL or MOVE.
"""

from __future__ import annotations

import hashlib
import json
import logging
import time
from datetime import datetime, tzinfo
from urllib.parse import urlsplit

from connectors.base import CalendarSource, Fetch
from connectors.ics import ICSCalendar, isolate_custom_timezones
from connectors.secret import Password, is_loopback
from daemon.core.errors import CalendarError
from daemon.core.model import Event

log = logging.getLogger(__name__)

VERSION = 1
TIMEOUT = 30
#: Discovery is repeated this often (seconds of wall-clock time), to notice new calendars.
DISCOVER_EVERY = 24 * 3600


class CalDAVCalendar(CalendarSource):
    """Every calendar of one CalDAV account (or one of them), as one source."""

    def __init__(self, url: str, username: str, password: Password, zone: tzinfo, *, calendar: str = "",
                 name: str = "", timeout: float = TIMEOUT):
        parts = urlsplit(url)
        if parts.scheme == "http" and not is_loopback(parts.hostname or ""):
            raise CalendarError(f"calendar {url}: http:// is refused for a host that is not this machine; use https://")
        self.url, self.username, self.password, self.zone = url, username, password, zone
        self.calendar = calendar
        self.fixed_name = name
        self.name = name or f"caldav:{username}@{parts.hostname}" + (f"/{calendar}" if calendar else "")
        self.timeout = timeout
        self._client = None
        self._trouble: str | None = None

    # -- the contract

    def fetch(self, start: datetime, end: datetime, token: str | None = None) -> Fetch:
        state = _load(token)
        window = f"{start.date().isoformat()}/{end.date().isoformat()}"
        try:
            client = self._connect()
            changed = False
            if not state["calendars"] or time.time() - state.get("discovered", 0) > DISCOVER_EVERY:
                discovered = self._discover(client)
                if set(discovered) != set(state["calendars"]):
                    changed = True
                state["calendars"] = {url: state["calendars"].get(url, {"name": label, "objects": {}}) | {"name": label}
                                      for url, label in discovered.items()}
                state["discovered"] = int(time.time())
            for url, entry in state["calendars"].items():
                changed |= self._sync(client, url, entry)
        except CalendarError as exc:
            self._tell(exc.message)
            raise
        except Exception as exc:
            msg = self._describe(exc)
            self._tell(msg)
            raise CalendarError(msg) from None
        if self._trouble:
            log.info("calendar %s answers again", self.name)
            self._trouble = None
        if not changed and state.get("window") == window and token:
            return Fetch(changed=False, token=json.dumps(state, sort_keys=True))
        state["window"] = window
        events: list[Event] = []
        warnings: list[str] = []
        skipped: set[str] = set()
        for url, entry in state["calendars"].items():
            label = self.fixed_name or entry["name"]
            reader = ICSCalendar(url, self.zone, name=label)
            raw = b"".join(isolate_custom_timezones(ics.encode("utf-8")) + b"\r\n" for _, ics in entry["objects"].values())
            if not raw:
                continue
            try:
                found, why = reader.parse(raw, start, end)
            except CalendarError as exc:  # one broken object must not hide the others: read them one by one
                found, why = [], []
                for href, (_, ics) in entry["objects"].items():
                    try:
                        one, w = reader.parse(ics.encode("utf-8"), start, end)
                    except CalendarError as e:
                        why.append(f"calendar {label}: skipped {href}: {e.message}")
                        continue
                    found += one
                    why += w
                    skipped |= reader.skipped
                log.debug("%s", exc.message)
            skipped |= getattr(reader, "skipped", set())
            events += found
            warnings += why
        events.sort(key=lambda e: (e.start, e.uid))
        covered = {self.fixed_name or entry["name"] for entry in state["calendars"].values()}
        return Fetch(events=events, token=json.dumps(state, sort_keys=True), warnings=warnings, skipped=skipped,
                     covered=covered)

    def check(self) -> list[str]:
        """For `doctor`: log in, list the calendars (one request per calendar for its components)."""
        try:
            found = self._discover(self._connect())
        except CalendarError:
            raise
        except Exception as exc:
            raise CalendarError(self._describe(exc)) from None
        return [f"calendar {self.name}: logged in as {self.username} (password from {self.password.where()}); "
                f"calendars: {', '.join(sorted(found.values())) or '(none)'}"]

    # -- the server

    def _connect(self):
        if self._client is None:
            import caldav

            self._client = caldav.DAVClient(url=self.url, username=self.username, password=self.password.get(),
                                            timeout=self.timeout, enable_rfc6764=False, ssl_verify_cert=True)
        return self._client

    def _discover(self, client) -> dict[str, str]:
        """URL -> stored name of every calendar (with VEVENT) this source reads."""
        principal = client.principal()
        calendars = principal.calendars()
        wanted = _canonical(self.url)
        mine = [c for c in calendars if _canonical(str(c.url)) == wanted]
        if mine:  # the URL is one calendar's
            calendars = mine
        found, names = {}, []
        for cal in calendars:
            label = cal.get_display_name() or str(cal.url).rstrip("/").rsplit("/", 1)[-1]
            try:
                comps = [str(c).upper() for c in cal.get_supported_components()]
            except Exception:  # the property is optional (RFC 4791 5.2.3): every component then
                comps = ["VEVENT"]
            if "VEVENT" not in comps:
                continue
            names.append(label)
            if self.calendar and label != self.calendar and not mine:
                continue
            found[str(cal.url)] = f"{label} ({self.username})"
        if self.calendar and not found:
            raise CalendarError(f"calendar {self.name}: no calendar named {self.calendar!r}; found: "
                                f"{', '.join(repr(n) for n in names) or '(none)'}",
                                hint="set calendar to one of these display names, or leave it empty for all")
        return found

    def _sync(self, client, url: str, entry: dict) -> bool:
        """Bring ``entry`` (name, sync, ctag, objects: href -> [etag, ics]) up to date; True when it changed."""
        import caldav
        from caldav.lib import error

        # caldav's lazy top-level names are typed as plain objects (and its classes as sync-or-async unions)
        cal = caldav.Calendar(client=client, url=url)  # type: ignore[operator]
        objects: dict = entry.setdefault("objects", {})
        if entry.get("sync") != "-":  # "-": this server has no sync tokens; compare CTag and ETags
            try:
                result = cal.get_objects_by_sync_token(sync_token=entry.get("sync") or None, load_objects=False,
                                                       disable_fallback=True)
            except (error.ReportError, error.DAVError) as exc:
                if isinstance(exc, error.AuthorizationError) and getattr(exc, "reason", "") == "Unauthorized":
                    raise
                if entry.get("sync"):
                    log.info("calendar %s: the sync token was refused (%s); reading the list again", entry["name"], exc)
                    entry["sync"] = ""
                    return self._sync(client, url, entry)
                log.info("calendar %s: no sync tokens (%s); comparing CTag and ETags", entry["name"], exc)
                entry["sync"] = "-"
            else:
                full = not entry.get("sync")
                listed = {_href(o.url): _etag(o) for o in result}
                gone = {_href(u) for u in (result.deleted_urls or ())}
                entry["sync"] = str(result.sync_token or "")
                if full:
                    gone |= set(objects) - set(listed)
                return self._apply(cal, objects, listed, gone)
        ctag = _ctag(cal)
        if ctag and ctag == entry.get("ctag"):
            return False
        listed = _etags(cal)
        entry["ctag"] = ctag
        return self._apply(cal, objects, listed, set(objects) - set(listed))

    def _apply(self, cal, objects: dict, listed: dict, gone: set) -> bool:
        """Fetch the objects whose ETag changed (one multiget), drop the gone ones."""
        wanted = [href for href, etag in listed.items() if href not in gone and (href not in objects or not etag
                                                                               or objects[href][0] != etag)]
        for href in gone:
            objects.pop(href, None)
        if wanted:
            for obj in cal.multiget([cal.url.join(h) for h in wanted]):
                data = obj.data if isinstance(obj.data, str) else (obj.data or b"").decode("utf-8", "replace")
                objects[_href(obj.url)] = [listed.get(_href(obj.url)) or _etag(obj) or hashlib.sha256(data.encode()).hexdigest(), data]
        return bool(wanted or gone)

    # -- errors

    def _describe(self, exc: BaseException) -> str:
        from caldav.lib import error

        if isinstance(exc, error.AuthorizationError):
            self.password.forget()
            self._client = None
            return f"calendar {self.name}: the server refused the login for {self.username} ({self.password.hint()})"
        if isinstance(exc, error.NotFoundError):
            return f"calendar {self.name}: {self.url} was not found on the server"
        if isinstance(exc, error.DAVError):
            return f"calendar {self.name}: the server answered an error ({str(exc)[:200]})"
        self._client = None
        text = str(exc) or type(exc).__name__
        if "CERTIFICATE_VERIFY_FAILED" in text or "certificate verify failed" in text.lower():
            return f"calendar {self.name}: the server's certificate is not trusted ({_short(exc)})"
        return f"calendar {self.name}: cannot reach {urlsplit(self.url).netloc} ({_short(exc)}); will try again"

    def _tell(self, message: str) -> None:
        if self._trouble == message:
            log.debug("%s", message)
            return
        self._trouble = message
        log.info("%s", message)  # the service tells the user, once


def _short(exc: BaseException) -> str:
    """The root cause in a few words ("Connection refused", "timed out"), not a chain of wrappers."""
    seen, deepest, first = set(), None, str(exc)[:200]
    link: BaseException | None = exc
    while link is not None and id(link) not in seen:
        seen.add(id(link))
        if isinstance(link, TimeoutError) or "timed out" in str(link).lower():
            return "timed out"
        if isinstance(link, OSError) and link.strerror:
            deepest = link.strerror
        link = link.__cause__ or link.__context__
    if deepest:
        return deepest
    return first or "no answer"


def _load(token: str | None) -> dict:
    try:
        state = json.loads(token) if token else None
    except ValueError:
        state = None
    if not isinstance(state, dict) or state.get("v") != VERSION:
        return {"v": VERSION, "calendars": {}}
    return state


def _canonical(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{(parts.hostname or '').lower()}:{parts.port or ''}{parts.path.rstrip('/')}"


def _href(url) -> str:
    return urlsplit(str(url)).path


def _etag(obj) -> str:
    return str((getattr(obj, "props", None) or {}).get("{DAV:}getetag") or "")


def _ctag(cal) -> str:
    """The calendar's CTag (calendarserver.org's getctag), or '' when the server has none."""
    from caldav.elements.base import ValuedBaseElement

    class GetCTag(ValuedBaseElement):
        tag = "{http://calendarserver.org/ns/}getctag"

    try:
        props = cal._query_properties([GetCTag()], depth=0).expand_simple_props([GetCTag()])
    except Exception:
        return ""
    return next((str(p.get(GetCTag.tag) or "") for p in props.values() if p.get(GetCTag.tag)), "")


def _etags(cal) -> dict[str, str]:
    """href -> ETag of every object, from one depth-1 PROPFIND."""
    from caldav.elements import dav

    response = cal._query_properties([dav.GetEtag()], depth=1)
    out = {}
    for href, props in response.expand_simple_props([dav.GetEtag()]).items():
        path = _href(href)
        if path.rstrip("/") != _href(cal.url).rstrip("/"):
            out[path] = str(props.get("{DAV:}getetag") or "")
    return out


def from_config(table, wiring) -> CalDAVCalendar:
    """The ``[[calendars]]`` kind = "caldav" table (declared in connectors.registry)."""
    host = urlsplit(table.url).hostname or table.url
    password = Password(table.password_command, host, table.username, CalendarError, f"calendar {table.url}")
    return CalDAVCalendar(table.url, table.username, password, wiring.zone, calendar=table.calendar, name=table.name)
