"""A stateful Google fake on 127.0.0.1: Calendar v3 events.list, Gmail v1 drafts/messages/threads/
history/profile, and the OAuth endpoints, enough for the real google-api-python-client.

State lives in plain dicts behind one lock. Every request is logged (``log``). Faults are queued
with :meth:`GoogleFake.fault`: a status code, a slow reply, or a connection dropped after the
request was carried out. Helpers play the outside world: calendar changes, the user sending a
draft, a reply arriving, tokens revoked, sync tokens and history expiring.

What it checks like Google does: a Bearer token issued by its token endpoint; the scope each
method needs; no timeMin/timeMax/orderBy/q with a syncToken; no format other than metadata or
minimal for messages (gmail.metadata), and no ``q``.
"""

from __future__ import annotations

import base64
import email
import itertools
import json
import re
import secrets
import socket
import threading
import time
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from email import policy
from email.utils import make_msgid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlencode, urlsplit

CAL = "https://www.googleapis.com/auth/calendar.events.readonly"
COMPOSE = "https://www.googleapis.com/auth/gmail.compose"
METADATA = "https://www.googleapis.com/auth/gmail.metadata"
ALL_SCOPES = [CAL, COMPOSE, METADATA]
CLIENT_ID = "fake-client.apps.googleusercontent.com"
CLIENT_SECRET = "fake-secret"


@dataclass
class Fault:
    method: str
    path: str  # a regular expression searched in the path
    status: int = 0  # answer this status instead
    reason: str = "backendError"
    delay: float = 0.0  # sleep before answering
    drop: bool = False  # carry the request out, then close the connection without an answer
    times: int = 1


class GoogleFake:
    """Start with ``with GoogleFake() as fake:``; ``fake.url`` is the api_root and token_uri base."""

    def __init__(self, account: str = "robin.vega@example.org"):
        self.account = account
        self.lock = threading.RLock()
        self.log: list[dict] = []
        self.connections: set = set()
        self.faults: list[Fault] = []
        self.ids = itertools.count(1)
        self.page_size: int | None = None  # caps maxResults, to force paging
        # OAuth
        self.refresh_tokens: dict[str, dict] = {}
        self.access_tokens: dict[str, dict] = {}
        self.codes: dict[str, dict] = {}
        # Calendar
        self.calendars: dict[str, dict[str, dict]] = {"primary": {}}
        self.cal_seq = 0
        self.sync_generation = 0  # expire_sync_tokens() starts a new one: older tokens get 410
        # Gmail
        self.messages: dict[str, dict] = {}
        self.drafts: dict[str, str] = {}  # draft id -> message id
        self.history: list[dict] = []
        self.history_id = 1000
        self.history_floor = 0
        self.server = _Server(("127.0.0.1", 0), self._handler())
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.token_uri = self.url + "/token"

    def __enter__(self) -> "GoogleFake":
        threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
        return self

    def __exit__(self, *exc) -> None:
        self.stop()

    def stop(self) -> None:
        """The network goes down: no new connections, and open keep-alive connections are cut."""
        self.server.shutdown()
        self.server.server_close()
        with self.lock:
            for conn in list(self.connections):
                try:
                    conn.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass

    # -- OAuth helpers ---------------------------------------------------------------------------

    def issue(self, scopes: list[str] | None = None) -> str:
        """A refresh token for the account, as a finished sign-in would give."""
        rt = "rt-" + secrets.token_hex(8)
        self.refresh_tokens[rt] = {"scopes": list(scopes or ALL_SCOPES), "revoked": False}
        return rt

    def token_file(self, path: Path, scopes: list[str] | None = None) -> Path:
        """Write an authorized-user token file (mode 0600) as `followthrough auth google` does."""
        info = {"type": "authorized_user", "client_id": CLIENT_ID, "client_secret": CLIENT_SECRET,
                "refresh_token": self.issue(scopes), "token_uri": self.token_uri}
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(info))
        path.chmod(0o600)
        return path

    def client_secret_file(self, path: Path) -> Path:
        path.write_text(json.dumps({"installed": {
            "client_id": CLIENT_ID, "client_secret": CLIENT_SECRET, "auth_uri": self.url + "/o/oauth2/auth",
            "token_uri": self.token_uri, "redirect_uris": ["http://localhost"]}}))
        return path

    def revoke_all(self) -> None:
        """The user revoked access (or a Testing app's 7 days ran out): every token is refused."""
        with self.lock:
            for t in self.refresh_tokens.values():
                t["revoked"] = True
            self.access_tokens.clear()

    # -- faults and the log ----------------------------------------------------------------------

    def fault(self, method: str, path: str, **kw) -> None:
        with self.lock:
            self.faults.append(Fault(method, path, **kw))

    def requests(self, method: str | None = None, path: str = "") -> list[dict]:
        return [r for r in self.log if (method is None or r["method"] == method) and re.search(path, r["path"])]

    def clear_log(self) -> None:
        with self.lock:
            self.log.clear()

    # -- Calendar helpers ------------------------------------------------------------------------

    def put_event(self, resource: dict, calendar: str = "primary") -> dict:
        """Add or change an event (an instance, for a series: singleEvents is the fake's only view)."""
        with self.lock:
            self.cal_seq += 1
            item = {"kind": "calendar#event", "status": "confirmed", "sequence": 0, **resource}
            item.setdefault("id", f"ev{next(self.ids)}")
            item.setdefault("iCalUID", item["id"] + "@google.com")
            item["_seq"] = self.cal_seq
            self.calendars.setdefault(calendar, {})[item["id"]] = item
            return item

    def cancel_event(self, event_id: str, calendar: str = "primary") -> None:
        with self.lock:
            old = self.calendars[calendar][event_id]
            self.cal_seq += 1
            kept = {k: old[k] for k in ("id", "recurringEventId", "originalStartTime", "iCalUID", "start", "end") if k in old}
            self.calendars[calendar][event_id] = {**kept, "status": "cancelled", "_seq": self.cal_seq}

    def expire_sync_tokens(self) -> None:
        with self.lock:
            self.sync_generation += 1

    # -- Gmail helpers ---------------------------------------------------------------------------

    def _add_message(self, raw: bytes, labels: list[str], thread: str | None = None, by_headers: bool = True) -> dict:
        msg = email.message_from_bytes(raw, policy=policy.compat32)
        if thread is None and by_headers:
            wanted = set(re.findall(r"<[^<>]+>", (msg.get("In-Reply-To") or "") + " " + (msg.get("References") or "")))
            thread = next((m["threadId"] for m in self.messages.values() if m["mid"] in wanted), None)
        gid = format(next(self.ids) * 7919 + 0x18c0000000, "x")
        self.history_id += 1
        m = {"id": gid, "threadId": thread or gid, "labelIds": labels, "raw": raw,
             "mid": (msg.get("Message-ID") or "").strip(), "internalDate": str(int(time.time() * 1000)),
             "historyId": str(self.history_id)}
        self.messages[gid] = m
        self.history.append({"id": str(self.history_id), "messagesAdded": [{"message": self._ref(m)}]})
        return m

    @staticmethod
    def _ref(m: dict) -> dict:
        return {"id": m["id"], "threadId": m["threadId"], "labelIds": list(m["labelIds"])}

    def deliver(self, raw: bytes | str) -> dict:
        """Mail arrives in the inbox (threaded by In-Reply-To/References like Gmail)."""
        with self.lock:
            return self._add_message(raw.encode() if isinstance(raw, str) else raw, ["INBOX", "UNREAD"])

    def put_draft(self, raw: bytes) -> str:
        """A draft already in Drafts (made by an older release, or by the user); its draft id."""
        with self.lock:
            m = self._add_message(raw, ["DRAFT"], by_headers=False)
            did = "r" + format(next(self.ids) * 104729, "d")
            self.drafts[did] = m["id"]
            return did

    def draft_messages(self) -> list[email.message.EmailMessage]:
        with self.lock:
            return [email.message_from_bytes(self.messages[mid]["raw"], policy=policy.default) for mid in self.drafts.values()]

    def draft_of(self, draft_id: str) -> dict:
        return self.messages[self.drafts[draft_id]]

    def user_sends(self, draft_id: str, *, keep_key: bool = True, new_message_id: bool = False) -> dict:
        """The user presses send in Gmail: the draft goes, a SENT message with a new id comes, same thread."""
        with self.lock:
            old = self.messages.pop(self.drafts.pop(draft_id))
            msg = email.message_from_bytes(old["raw"], policy=policy.compat32)
            if not keep_key:
                del msg["X-Followthrough-Key"]
            if new_message_id:
                del msg["Message-ID"]
                msg["Message-ID"] = make_msgid(domain="mail.gmail.com")
            return self._add_message(msg.as_bytes(), ["SENT"], thread=old["threadId"])

    def user_sends_all(self, **kw) -> list[dict]:
        return [self.user_sends(d, **kw) for d in list(self.drafts)]

    def sent_messages(self) -> list[email.message.EmailMessage]:
        with self.lock:
            return [email.message_from_bytes(m["raw"], policy=policy.default) for m in self.messages.values() if "SENT" in m["labelIds"]]

    def expire_history(self) -> None:
        with self.lock:
            self.history_floor = self.history_id + 1

    # -- the server ------------------------------------------------------------------------------

    def _handler(self):
        fake = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *a):  # quiet
                pass

            def setup(self):
                super().setup()
                with fake.lock:
                    fake.connections.add(self.connection)

            def finish(self):
                with fake.lock:
                    fake.connections.discard(self.connection)
                try:
                    super().finish()
                except OSError:
                    pass

            def do_GET(self):
                self._serve("GET")

            def do_POST(self):
                self._serve("POST")

            def do_PUT(self):
                self._serve("PUT")

            def do_DELETE(self):
                self._serve("DELETE")

            def _serve(self, method: str) -> None:
                url = urlsplit(self.path)
                query = {k: v if len(v) > 1 else v[0] for k, v in parse_qs(url.query).items()}
                length = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(length) if length else b""
                fault = fake._take_fault(method, url.path)
                if fault and fault.delay:
                    time.sleep(fault.delay)
                if fault and fault.status:
                    status, body = fault.status, _error(fault.status, fault.reason)
                else:
                    try:
                        status, body = fake._route(method, url.path, query, raw, self.headers)
                    except _Answer as a:
                        status, body = a.status, a.body
                with fake.lock:
                    fake.log.append({"method": method, "path": url.path, "query": query, "status": status,
                                     "body": raw.decode("utf-8", "replace")})
                if fault and fault.drop:
                    self.close_connection = True
                    self.connection.shutdown(socket.SHUT_RDWR)
                    return
                if status == 302:
                    self.send_response(302)
                    self.send_header("Location", body)
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
                data = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json; charset=UTF-8")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

        return Handler

    def _take_fault(self, method: str, path: str) -> Fault | None:
        with self.lock:
            for f in self.faults:
                if f.method == method and re.search(f.path, path):
                    f.times -= 1
                    if f.times <= 0:
                        self.faults.remove(f)
                    return f
        return None

    def _route(self, method: str, path: str, q: dict, raw: bytes, headers) -> tuple[int, object]:
        with self.lock:
            if path == "/token" and method == "POST":
                return self._token({k: v[0] for k, v in parse_qs(raw.decode()).items()})
            if path == "/o/oauth2/auth":
                return self._authorize(q)
            scopes = self._scopes(headers.get("Authorization", ""))
            m = re.fullmatch(r"/calendar/v3/calendars/([^/]+)/events", path)
            if m and method == "GET":
                _need(scopes, CAL)
                return 200, self._events(unquote(m.group(1)), q)
            m = re.fullmatch(r"/gmail/v1/users/me/(.*)", path)
            if not m:
                raise _Answer(404, _error(404, "notFound"))
            return self._gmail(method, m.group(1), q, raw, scopes)

    # OAuth

    def _token(self, form: dict) -> tuple[int, object]:
        if form.get("grant_type") == "authorization_code":
            grant = self.codes.pop(form.get("code", ""), None)
            if grant is None:
                return 400, {"error": "invalid_grant", "error_description": "Bad code."}
            rt = self.issue(grant["scopes"])
            return 200, {**self._access(rt), "refresh_token": rt}
        token = self.refresh_tokens.get(form.get("refresh_token", ""))
        if token is None or token["revoked"]:
            return 400, {"error": "invalid_grant", "error_description": "Token has been expired or revoked."}
        return 200, self._access(form["refresh_token"])

    def _access(self, rt: str) -> dict:
        at = "at-" + secrets.token_hex(8)
        self.access_tokens[at] = {"rt": rt}
        scopes = self.refresh_tokens[rt]["scopes"]
        return {"access_token": at, "expires_in": 3599, "token_type": "Bearer", "scope": " ".join(scopes)}

    def _authorize(self, q: dict) -> tuple[int, object]:
        code = "code-" + secrets.token_hex(6)
        self.codes[code] = {"scopes": q.get("scope", "").split()}
        return 302, q["redirect_uri"] + "?" + urlencode({"state": q.get("state", ""), "code": code, "scope": q.get("scope", "")})

    def _scopes(self, authorization: str) -> list[str]:
        at = authorization.removeprefix("Bearer ").strip()
        if at not in self.access_tokens:
            raise _Answer(401, _error(401, "authError", "UNAUTHENTICATED"))
        return self.refresh_tokens[self.access_tokens[at]["rt"]]["scopes"]

    # Calendar

    def _events(self, calendar: str, q: dict) -> dict:
        items = self.calendars.get(calendar)
        if items is None:
            raise _Answer(404, _error(404, "notFound"))
        if q.get("singleEvents") != "true":
            raise _Answer(400, _error(400, "badRequest"))  # the fake only knows instances
        size = min(int(q.get("maxResults", 250)), self.page_size or 2500)
        offset = int(q.get("pageToken", "0"))
        if "syncToken" in q:
            if any(k in q for k in ("timeMin", "timeMax", "orderBy", "q", "updatedMin", "iCalUID")):
                raise _Answer(400, _error(400, "invalid"))
            generation, since = map(int, q["syncToken"].removeprefix("sync-").split("-"))
            if generation != self.sync_generation:
                raise _Answer(410, _error(410, "fullSyncRequired"))
            found = sorted((e for e in items.values() if e["_seq"] > since), key=lambda e: e["_seq"])
        else:
            lo, hi = _instant(q.get("timeMin")), _instant(q.get("timeMax"))
            found = [e for e in items.values() if e.get("status") != "cancelled" and _overlaps(e, lo, hi)]
            found.sort(key=lambda e: (_start(e), e["id"]))
        page = found[offset:offset + size]
        answer = {"kind": "calendar#events", "summary": self.account if calendar == "primary" else calendar,
                  "timeZone": "UTC", "items": [{k: v for k, v in e.items() if k != "_seq"} for e in page]}
        if offset + size < len(found):
            answer["nextPageToken"] = str(offset + size)
        else:
            answer["nextSyncToken"] = f"sync-{self.sync_generation}-{self.cal_seq}"
        return answer

    # Gmail

    def _gmail(self, method: str, rest: str, q: dict, raw: bytes, scopes: list[str]) -> tuple[int, object]:
        if rest.endswith("/send") or rest == "messages/send":
            return 200, {"id": "sent-by-api"}  # a trap: the log shows any call
        if rest == "profile":
            _need(scopes, COMPOSE, METADATA)
            return 200, {"emailAddress": self.account, "messagesTotal": len(self.messages),
                         "threadsTotal": len({m["threadId"] for m in self.messages.values()}), "historyId": str(self.history_id)}
        if rest == "drafts" and method == "POST":
            _need(scopes, COMPOSE)
            body = json.loads(raw or b"{}")["message"]
            thread = body.get("threadId")
            if thread and not any(m["threadId"] == thread for m in self.messages.values()):
                raise _Answer(404, _error(404, "notFound"))
            m = self._add_message(base64.urlsafe_b64decode(body["raw"] + "=" * (-len(body["raw"]) % 4)), ["DRAFT"],
                                  thread=thread or None, by_headers=False)
            did = "r" + format(next(self.ids) * 104729, "d")
            self.drafts[did] = m["id"]
            return 200, {"id": did, "message": self._ref(m)}
        if rest == "drafts" and method == "GET":
            _need(scopes, COMPOSE)
            listed = [{"id": d, "message": {"id": mid, "threadId": self.messages[mid]["threadId"]}} for d, mid in self.drafts.items()]
            return 200, _page(listed, "drafts", q, 100, self.page_size)
        m = re.fullmatch(r"drafts/([^/]+)", rest)
        if m and method == "GET":
            _need(scopes, COMPOSE)
            if m.group(1) not in self.drafts:
                raise _Answer(404, _error(404, "notFound"))
            msg = self.messages[self.drafts[m.group(1)]]
            return 200, {"id": m.group(1), "message": self._resource(msg, q.get("format", "full"), None)}
        if method != "GET":
            raise _Answer(405, _error(405, "methodNotAllowed"))
        _need(scopes, METADATA)
        if "q" in q:
            raise _Answer(403, _error(403, "forbidden", message="Metadata scope does not support 'q' parameter"))
        if rest == "messages":
            labels = q.get("labelIds", [])
            labels = [labels] if isinstance(labels, str) else labels
            listed = [self._ref(m) for m in reversed(list(self.messages.values())) if set(labels) <= set(m["labelIds"])]
            return 200, _page([{"id": r["id"], "threadId": r["threadId"]} for r in listed], "messages", q, 100, self.page_size)
        m = re.fullmatch(r"messages/([^/]+)", rest)
        if m:
            if m.group(1) not in self.messages:
                raise _Answer(404, _error(404, "notFound"))
            return 200, self._resource(self.messages[m.group(1)], q.get("format", "full"), q.get("metadataHeaders"))
        m = re.fullmatch(r"threads/([^/]+)", rest)
        if m:
            found = [x for x in self.messages.values() if x["threadId"] == m.group(1)]
            if not found:
                raise _Answer(404, _error(404, "notFound"))
            fmt = q.get("format", "full")
            return 200, {"id": m.group(1), "messages": [self._resource(x, fmt, q.get("metadataHeaders")) for x in found]}
        if rest == "history":
            start = int(q["startHistoryId"])
            if start < self.history_floor:
                raise _Answer(404, _error(404, "notFound"))
            label = q.get("labelId")
            records = []
            for h in self.history:
                if int(h["id"]) <= start:
                    continue
                added = [a for a in h["messagesAdded"] if not label or label in a["message"]["labelIds"]]
                if added:
                    records.append({"id": h["id"], "messages": [a["message"] for a in added], "messagesAdded": added})
            answer = _page(records, "history", q, 100, self.page_size)
            answer["historyId"] = str(self.history_id)
            return 200, answer
        raise _Answer(404, _error(404, "notFound"))

    def _resource(self, m: dict, fmt: str, wanted) -> dict:
        if fmt not in ("metadata", "minimal"):
            raise _Answer(403, _error(403, "forbidden", message=f"Metadata scope doesn't allow format {fmt.upper()}"))
        out = {**self._ref(m), "snippet": "", "historyId": m["historyId"], "internalDate": m["internalDate"],
               "sizeEstimate": len(m["raw"])}
        if fmt == "metadata":
            wanted = [wanted] if isinstance(wanted, str) else wanted
            names = {w.lower() for w in wanted} if wanted else None
            msg = email.message_from_bytes(m["raw"], policy=policy.compat32)
            out["payload"] = {"mimeType": msg.get_content_type(), "headers": [
                {"name": k, "value": " ".join(str(v).split())} for k, v in msg.items() if names is None or k.lower() in names]}
        return out


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address) -> None:
        pass  # clients drop connections (and the fake drops them) on purpose


class _Answer(Exception):
    def __init__(self, status: int, body: object):
        self.status, self.body = status, body


def _error(status: int, reason: str, state: str = "", message: str = "") -> dict:
    return {"error": {"code": status, "message": message or reason, "status": state or reason,
                      "errors": [{"domain": "global", "reason": reason, "message": message or reason}]}}


def _need(scopes: list[str], *any_of: str) -> None:
    if not set(any_of) & set(scopes):
        raise _Answer(403, _error(403, "insufficientPermissions", "PERMISSION_DENIED", "Request had insufficient authentication scopes."))


def _page(items: list, name: str, q: dict, default: int, cap: int | None) -> dict:
    size = min(int(q.get("maxResults", default)), cap or 10_000)
    offset = int(q.get("pageToken", "0"))
    answer = {name: items[offset:offset + size], "resultSizeEstimate": len(items)}
    if offset + size < len(items):
        answer["nextPageToken"] = str(offset + size)
    return answer


def _instant(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value.replace("Z", "+00:00")) if value else None


def _start(e: dict, key: str = "start") -> datetime:
    v = e[key]
    if "dateTime" in v:
        return _instant(v["dateTime"])
    return datetime.combine(date.fromisoformat(v["date"]), datetime.min.time(), tzinfo=timezone.utc)


def _overlaps(e: dict, lo: datetime | None, hi: datetime | None) -> bool:
    start, end = _start(e), _start(e, "end") if "end" in e else _start(e) + timedelta(hours=1)
    return (lo is None or end > lo) and (hi is None or start < hi)


def event_resource(event, **extra) -> dict:
    """A Google event resource for a ``daemon.core.model.Event`` (timed, with people), for tests."""
    def person(p, **more):
        out = {"email": p.email, "displayName": p.name, **more}
        status = {"ACCEPTED": "accepted", "DECLINED": "declined", "TENTATIVE": "tentative"}.get(p.partstat, "needsAction")
        return {**out, "responseStatus": status}

    org = event.organizer
    res = {
        "id": re.sub(r"[^a-v0-9]", "", event.uid.lower()) or f"e{abs(hash(event.uid))}",
        "iCalUID": event.uid, "summary": event.title, "status": event.status.lower(),
        "start": {"dateTime": event.start.isoformat()}, "end": {"dateTime": event.end.isoformat()},
        "attendees": [person(a, **({"organizer": True} if org and a.email == org.email else {})) for a in event.attendees],
    }
    if org:
        res["organizer"] = {"email": org.email, "displayName": org.name}
    if not res["attendees"]:
        del res["attendees"]
    return {**res, **extra}


def settings_for(fake: GoogleFake, tmp_path: Path, scopes: list[str] | None = None):
    """``[google]`` settings pointing at ``fake``, with a token file for its account (a finished sign-in)."""
    from connectors.google.api import Settings

    settings = Settings(tmp_path / "client_secret.json", tmp_path / "google", fake.url, fake.token_uri)
    fake.token_file(settings.path(fake.account), scopes)
    return settings


def session_for(fake: GoogleFake, settings, **kw):
    """A new Session (a new process) on ``settings``; backoff sleeps are recorded in ``session.slept``."""
    from connectors.google.api import Session

    slept: list[float] = []
    session = Session(settings, fake.account, sleep=slept.append, **kw)
    session.slept = slept
    return session


# -- fixtures shared by the Google tests (import them by name into a test module) -----------------

import pytest  # noqa: E402


@pytest.fixture
def fake():
    """A running fake Google, stopped after the test."""
    with GoogleFake() as f:
        yield f


@pytest.fixture
def settings(fake, tmp_path):
    """[google] settings pointing at ``fake``, with a signed-in account."""
    return settings_for(fake, tmp_path)
