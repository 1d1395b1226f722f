"""Signing in to Google (`followthrough auth google`) and the token status `doctor` shows.

The user's own OAuth client (a "Desktop app" client in their own Google Cloud project) is used:
Gmail's scopes are restricted, and an own client keeps the data between the user and Google.
The flow is google-auth-oauthlib's InstalledAppFlow on a loopback port; without a browser on this
machine, a fixed port and an ``ssh -L`` tunnel carry Google's redirect back here.
"""

from __future__ import annotations

import os
import socket
import stat
from typing import TextIO

from connectors.google import CALENDAR_SCOPE, COMPOSE_SCOPE, METADATA_SCOPE, SCOPES, scopes_for
from connectors.google.api import Settings, _document, _http, sign_in_hint, write_private
from daemon.core.errors import AuthRequired, ConfigError, UsageError

HEADLESS_PORT = 8089
TIMEOUT_SECONDS = 900


def accounts(used) -> list[str]:
    """Every Google account the configuration uses, in order. ``used``: the (kind, table) pairs whose kind
    signs in with Google (connectors.registry.signed_in)."""
    found = [table.account for _, table in used]
    return list(dict.fromkeys(a.strip().lower() for a in found if a))


def wanted_scopes(used, account: str | None) -> list[str]:
    """Only what the configuration uses for ``account``: Calendar (a calendar kind), Gmail (a mail kind) or both."""
    me = (account or "").lower()
    sections = {kind.section for kind, table in used if not me or table.account.lower() == me}
    return scopes_for("calendars" in sections, "mail" in sections)


def sign_in(cfg, used, *, account: str | None, client_secret: str | None, no_browser: bool, port: int, out: TextIO) -> int:
    """Run the browser sign-in and save the account's token (mode 0600). Never called by a connector."""
    settings = Settings.from_config(cfg.google)
    account = (account or "").strip().lower() or None
    if account is None and len(accounts(used)) == 1:
        account = accounts(used)[0]
    scopes = wanted_scopes(used, account)
    secret = os.path.expanduser(client_secret) if client_secret else str(settings.client_secret)
    if not os.path.exists(secret):
        raise ConfigError(f"no OAuth client file at {secret}",
                          hint="create your own OAuth client (README: 'Google Calendar and Gmail') and save its JSON "
                               "there, or pass --client-secret FILE")
    from google_auth_oauthlib.flow import InstalledAppFlow

    try:
        flow = InstalledAppFlow.from_client_secrets_file(secret, scopes=scopes)
    except ValueError as exc:
        raise ConfigError(f"{secret}: not an OAuth client file of type 'Desktop app' ({exc})") from None
    if settings.token_uri:
        flow.client_config["token_uri"] = settings.token_uri
    port = port or (HEADLESS_PORT if no_browser else 0)
    print("followthrough asks Google for:", file=out)
    for scope in scopes:
        print(f"  {scope.rsplit('/', 1)[-1]}: {SCOPES[scope]}", file=out)
    if no_browser:
        print(f"\nNo browser here? On your own computer, open a tunnel first:\n"
              f"  ssh -N -L {port}:localhost:{port} {os.environ.get('USER', 'you')}@{socket.gethostname()}\n"
              f"then open the address below there; Google's redirect to localhost:{port} comes back through it.",
              file=out)
    out.flush()
    try:
        creds = flow.run_local_server(
            host="localhost", port=port, open_browser=not no_browser, timeout_seconds=TIMEOUT_SECONDS,
            authorization_prompt_message="\nOpen this address to sign in:\n{url}\n",
            success_message="followthrough is signed in. You can close this tab.",
            prompt="consent", **({"login_hint": account} if account else {}),
        )
    except OSError as exc:
        raise UsageError(f"cannot listen on localhost:{port} for Google's redirect ({exc.strerror or exc})",
                         hint="pass another --port N") from None
    except Exception as exc:  # timeout, access denied, a refused code: nothing is saved
        raise AuthRequired(f"sign-in did not complete: {exc}; nothing was saved") from None
    granted = set(creds.granted_scopes or scopes)
    who = _whoami(creds, settings, granted)
    if account and who and who != account:
        raise UsageError(f"you signed in as {who}, not {account}; nothing was saved",
                         hint=f"sign in again and choose {account}")
    account = account or who
    if not account:
        raise UsageError("cannot tell which account signed in; nothing was saved", hint="pass --account EMAIL")
    path = settings.path(account)
    write_private(path, creds.to_json())
    try:
        settings.path(account, ".reauth").unlink()
    except FileNotFoundError:
        pass
    print(f"\nSigned in as {account}. Token saved in {path} (readable by you only).", file=out)
    for scope in set(scopes) - granted:
        print(f"warning: {scope.rsplit('/', 1)[-1]} was not granted: {SCOPES[scope]} will not work; "
              f"sign in again and tick every box", file=out)
    print("A running followthrough service picks the new token up at its next poll.", file=out)
    return 0


def _whoami(creds, settings: Settings, granted: set[str]) -> str:
    """The signed-in address: Gmail's profile, else the primary calendar's id (its address)."""
    import google_auth_httplib2
    from googleapiclient.discovery import build_from_document

    http = google_auth_httplib2.AuthorizedHttp(creds, http=_http(30))
    try:
        if COMPOSE_SCOPE in granted or METADATA_SCOPE in granted:
            api = build_from_document(_document("gmail", settings.api_root), http=http)
            return api.users().getProfile(userId="me").execute()["emailAddress"].lower()
        if CALENDAR_SCOPE in granted:
            api = build_from_document(_document("calendar", settings.api_root), http=http)
            return api.events().list(calendarId="primary", maxResults=1).execute().get("summary", "").lower()
    except Exception:
        return ""
    return ""


def status(cfg, used) -> list[tuple[bool | None, str]]:
    """Lines for `doctor`: the scopes and why, the OAuth client file, each account's token."""
    names = accounts(used)
    if not names:
        return []
    settings = Settings.from_config(cfg.google)
    asked = {s for account in names for s in wanted_scopes(used, account)}
    lines: list[tuple[bool | None, str]] = [(None, "Google scopes asked (only what your configuration uses):")]
    lines += [(None, f"  {s.rsplit('/', 1)[-1]}: {why}") for s, why in SCOPES.items() if s in asked]
    have = settings.client_secret.exists()
    lines.append((True if have else None, f"Google OAuth client: {settings.client_secret}"
                  + ("" if have else " (missing; needed only to sign in, see the README)")))
    for account in names:
        token, marker = settings.path(account), settings.path(account, ".reauth")
        if not token.exists():
            lines.append((False, f"Google account {account}: not signed in; {sign_in_hint(account)}"))
        elif marker.exists() and marker.stat().st_mtime_ns >= token.stat().st_mtime_ns:
            reason = marker.read_text(encoding="utf-8", errors="replace").strip()
            lines.append((False, f"Google account {account}: must sign in again ({reason}); {sign_in_hint(account)}"))
        elif stat.S_IMODE(token.stat().st_mode) & 0o077:
            lines.append((False, f"Google account {account}: {token} is readable by others; chmod 600 it"))
        else:
            lines.append((True, f"Google account {account}: token {token} (mode 0600)"))
    return lines
