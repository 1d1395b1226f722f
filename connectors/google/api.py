"""One signed-in Google account: its token file, the API services, and how a request is run.

* Tokens: ``<token_dir>/<account>.json`` (google-auth's authorized-user JSON), written atomically
  (temp file + rename) with mode 0600, and saved again after a refresh so each process does not
  refresh anew. A token rewritten by ``followthrough auth`` is picked up by a running service.
* A token Google refuses (``invalid_grant``: revoked, expired, or the 7-day limit of apps in
  "Testing") marks the account with ``<account>.reauth``; the user is told once how to sign in
  again, and until then every call raises :class:`AuthRequired` without touching the network.
  Connectors never start a sign-in: ``followthrough auth google`` does, and clears the mark.
* Requests go through the real google-api-python-client, built from its bundled discovery
  documents (no network), whose ``rootUrl`` is ``[google] api_root`` when set (tests, proxies).
* 429, 403 rate limits and 5xx are retried with bounded exponential backoff and jitter (``sleep``
  is injected). A request that is not safe to repeat (drafts.create) is never repeated here, nor by
  httplib2: the caller gets :class:`MaybeDone` and reconciles first.
* Network down: the error is raised as the connector's CalendarError/MailboxError (the core keeps
  its state and tries again next poll), and logged once until Google answers again.
"""

from __future__ import annotations

import json
import logging
import os
import random
import re
import tempfile
import time
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from types import SimpleNamespace
from typing import Any, Callable

from daemon.core.errors import AuthRequired, CalendarError, FollowthroughError, MailboxError

log = logging.getLogger(__name__)

RATE_REASONS = {"rateLimitExceeded", "userRateLimitExceeded", "RATE_LIMIT_EXCEEDED"}
SCOPE_REASONS = {"insufficientPermissions", "ACCESS_TOKEN_SCOPE_INSUFFICIENT"}
DOCUMENTS = {"calendar": ("calendar", "v3"), "gmail": ("gmail", "v1")}


class CalendarAuthRequired(AuthRequired, CalendarError):
    """A Google calendar's account needs `followthrough auth google`."""


class MailboxAuthRequired(AuthRequired, MailboxError):
    """The Gmail account needs `followthrough auth google`."""


AUTH_ERRORS = {CalendarError: CalendarAuthRequired, MailboxError: MailboxAuthRequired}


class Status(Exception):
    """An HTTP status the caller asked to handle itself (404, 410)."""

    def __init__(self, status: int):
        super().__init__(status)
        self.status = status


class MaybeDone(Exception):
    """A request that is not safe to repeat failed in a way that may have left it done."""


class Resent(ConnectionError):
    """The transport was about to send a non-GET request a second time."""


@dataclass(frozen=True)
class Settings:
    """The ``[google]`` table with its defaults filled in."""

    client_secret: Path
    token_dir: Path
    api_root: str = ""
    token_uri: str = ""

    @classmethod
    def from_config(cls, google: SimpleNamespace | None) -> "Settings":
        from daemon.service import paths

        g = google or SimpleNamespace(client_secret="", token_dir="", api_root="", token_uri="")
        return cls(
            client_secret=Path(g.client_secret) if g.client_secret else paths.config_dir() / "client_secret.json",
            token_dir=Path(g.token_dir) if g.token_dir else paths.data_dir() / "google",
            api_root=g.api_root,
            token_uri=g.token_uri,
        )

    def path(self, account: str, suffix: str = ".json") -> Path:
        """``<token_dir>/<account><suffix>``: the token (.json), the re-auth mark (.reauth), ..."""
        return self.token_dir / (re.sub(r"[^a-z0-9@._+-]", "_", account.strip().lower()) + suffix)


def write_private(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` atomically (temp file + rename), readable by the user only."""
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")  # mode 0600
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(text)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


def sign_in_hint(account: str) -> str:
    return f"run: followthrough auth google --account {account}"


def mark_reauth(settings: Settings, account: str, reason: str) -> bool:
    """Mark ``account`` as needing sign-in; True when it was not marked before."""
    marker = settings.path(account, ".reauth")
    if marker.exists():
        return False
    stamp = datetime.now(timezone.utc).isoformat(timespec="seconds")
    write_private(marker, f"{stamp} {reason}\n")
    return True


def _document(api: str, root: str) -> dict:
    from googleapiclient.discovery_cache import get_static_doc

    doc = json.loads(get_static_doc(*DOCUMENTS[api]))
    if root:
        doc["rootUrl"] = root.rstrip("/") + "/"  # every path (and batch and uploads) goes there
    return doc


def _http(timeout: float):
    """An httplib2.Http that sends a non-GET request at most once.

    httplib2 sends a request again when the connection drops before the answer (even a POST, even
    with RETRIES = 1); a lost answer to drafts.create would then be a second draft.
    """
    import httplib2

    class SendOnceHttp(httplib2.Http):
        def _conn_request(self, conn, request_uri, method, body, headers):
            if method in ("GET", "HEAD"):
                return super()._conn_request(conn, request_uri, method, body, headers)
            sent: list[bool] = []

            def once(*args, **kwargs):
                if sent:
                    raise Resent(f"{method} {request_uri}: the connection dropped after the request was sent")
                sent.append(True)
                return type(conn).request(conn, *args, **kwargs)

            conn.request = once
            try:
                return super()._conn_request(conn, request_uri, method, body, headers)
            except Resent:
                conn.close()
                raise
            finally:
                conn.__dict__.pop("request", None)

    return SendOnceHttp(timeout=timeout)


def _reasons(exc) -> set[str]:
    """The ``reason`` strings of a Google JSON error (``errors[]`` and ``details[]``)."""
    try:
        err = json.loads(exc.content.decode("utf-8"))["error"]
    except Exception:
        return set()
    items = (err.get("errors") or []) + (err.get("details") or [])
    return {str(i.get("reason")) for i in items if isinstance(i, dict) and i.get("reason")}


class Session:
    """One Google account: credentials from its token file, the API services, and :meth:`call`."""

    def __init__(self, settings: Settings, account: str, *, sleep: Callable[[float], None] = time.sleep,
                 rand: Callable[[], float] = random.random, timeout: float = 30, attempts: int = 5):
        self.settings = settings
        self.account = account.strip().lower()
        self.sleep, self.rand, self.timeout, self.attempts = sleep, rand, timeout, attempts
        self._creds = None
        self._stamp: tuple[int, int, int] | None = None  # (inode, mtime, size) of the token file the credentials came from
        self._saved_token = None
        self._http = None
        self._services: dict[str, Any] = {}
        self._offline = False

    # -- credentials ------------------------------------------------------------------------------

    def _auth_required(self, error: type[FollowthroughError], reason: str, mark: bool = True) -> FollowthroughError:
        if mark and mark_reauth(self.settings, self.account, reason):
            log.error("Google account %s must be signed in again (%s). Nothing stored is lost; the other "
                      "calendars go on, and this one resumes after you %s", self.account, reason, sign_in_hint(self.account))
        return AUTH_ERRORS[error](f"Google account {self.account} is not signed in ({reason})", hint=sign_in_hint(self.account))

    def credentials(self, error: type[FollowthroughError]):
        """The account's credentials, loaded again when the token file changed.

        :raises AuthRequired: no token, an unreadable token, or the account is marked for sign-in.
        """
        path = self.settings.path(self.account)
        try:
            st = path.stat()
        except FileNotFoundError:
            raise self._auth_required(error, f"no token in {self.settings.token_dir}", mark=False) from None
        marker = self.settings.path(self.account, ".reauth")
        if marker.exists() and marker.stat().st_mtime_ns >= st.st_mtime_ns:
            reason = marker.read_text(encoding="utf-8", errors="replace").strip().partition(" ")[2]
            raise self._auth_required(error, reason or "sign-in needed", mark=False)
        stamp = (st.st_ino, st.st_mtime_ns, st.st_size)
        if stamp != self._stamp:
            from google.oauth2.credentials import Credentials

            try:
                creds = Credentials.from_authorized_user_info(json.loads(path.read_text(encoding="utf-8")))
            except (OSError, ValueError) as exc:
                raise self._auth_required(error, f"unreadable token {path.name}: {exc}", mark=False) from None
            if self.settings.token_uri:
                creds = creds.with_token_uri(self.settings.token_uri)  # from_authorized_user_info resets it
            self._creds, self._stamp, self._saved_token = creds, stamp, creds.token
            if self._http is not None:
                self._http.credentials = creds
        return self._creds

    def _save_refreshed(self) -> None:
        """Keep a refreshed access token, unless the file changed meanwhile (a new sign-in wins)."""
        if self._creds is None or self._creds.token == self._saved_token:
            return
        path = self.settings.path(self.account)
        try:
            st = path.stat()
            if (st.st_ino, st.st_mtime_ns, st.st_size) != self._stamp:
                return
            write_private(path, self._creds.to_json())
            st = path.stat()
        except OSError as exc:
            log.warning("cannot save the refreshed Google token %s: %s", path, exc)
            return
        self._stamp, self._saved_token = (st.st_ino, st.st_mtime_ns, st.st_size), self._creds.token

    # -- requests ---------------------------------------------------------------------------------

    def service(self, api: str, error: type[FollowthroughError]):
        creds = self.credentials(error)
        if api not in self._services:
            import google_auth_httplib2
            from googleapiclient.discovery import build_from_document

            if self._http is None:
                self._http = google_auth_httplib2.AuthorizedHttp(creds, http=_http(self.timeout))
            self._services[api] = build_from_document(_document(api, self.settings.api_root), http=self._http)
        return self._services[api]

    def call(self, api: str, build: Callable[[Any], Any], *, error: type[FollowthroughError], what: str,
             expect: tuple[int, ...] = (), unsafe: bool = False) -> dict:
        """Run the request ``build(service)`` and return its JSON.

        :raises Status: the answer's status is in ``expect``.
        :raises MaybeDone: ``unsafe`` and the request may have been carried out (dropped, timed out, 5xx).
        :raises error: anything else, with a message naming ``what``; an AuthRequired flavour of it
            when the token is refused or lacks a scope.
        """
        import http.client

        import httplib2
        from google.auth.exceptions import RefreshError, TransportError
        from googleapiclient.errors import HttpError

        service = self.service(api, error)
        for attempt in range(self.attempts):
            try:
                result = build(service).execute(num_retries=0)
            except HttpError as exc:
                status, reasons = exc.resp.status, _reasons(exc)
                if status in expect:
                    raise Status(status) from None
                busy = status == 429 or status == 403 and reasons & RATE_REASONS or status >= 500
                if status >= 500 and unsafe:
                    raise MaybeDone(f"{what}: Google answered {status}") from None
                if busy and attempt + 1 < self.attempts:
                    self._backoff(attempt, what, status)
                    continue
                if status == 403 and reasons & SCOPE_REASONS:
                    raise self._auth_required(error, "a permission was not granted; allow every box at sign-in") from None
                detail = "Google is busy; will try again" if busy else exc.reason
                raise error(f"{what}: Google answered {status} ({detail})") from None
            except RefreshError as exc:
                if getattr(exc, "retryable", False):
                    raise self._network(error, what, exc) from None
                reason = str(exc.args[0]) if exc.args else "token refused"
                raise self._auth_required(error, reason) from None
            except TransportError as exc:  # refreshing the token failed: nothing was sent
                raise self._network(error, what, exc) from None
            except (OSError, httplib2.HttpLib2Error, http.client.HTTPException) as exc:
                if unsafe:
                    raise MaybeDone(f"{what}: {exc}") from None
                raise self._network(error, what, exc) from None
            if self._offline:
                log.info("Google answers again (%s)", self.account)
                self._offline = False
            self._save_refreshed()
            return result
        raise AssertionError("unreachable")

    def backoff(self, attempt: int) -> None:
        """Sleep 2**attempt seconds, with jitter (1x to 2x), at most 32 s."""
        self.sleep(min(32.0, (1 + self.rand()) * 2**attempt))

    def _backoff(self, attempt: int, what: str, status: int) -> None:
        log.info("%s: Google answered %s; retrying (attempt %d of %d)", what, status, attempt + 2, self.attempts)
        self.backoff(attempt)

    def _network(self, error: type[FollowthroughError], what: str, exc: BaseException) -> FollowthroughError:
        if not self._offline:
            log.warning("cannot reach Google for %s (%s); everything stored is kept, trying again on the next poll",
                        self.account, exc or type(exc).__name__)
            self._offline = True
        return error(f"{what}: cannot reach Google ({exc or type(exc).__name__}); will try again")


_SESSIONS: dict[tuple[Settings, str], Session] = {}


def session(settings: Settings, account: str) -> Session:
    """The process's one Session per account: calendars and Gmail of one account share a token."""
    key = (settings, account.strip().lower())
    if key not in _SESSIONS:
        _SESSIONS[key] = Session(settings, account)
    return _SESSIONS[key]
