"""Who may talk to the UI, in one ASGI layer in front of every route.

A Host allow-list (DNS rebinding), the secret link swapped for an HttpOnly SameSite=Strict session
cookie, a CSRF token on every state-changing request (checked here, on the raw body, so no route
can forget it), and strict response headers (CSP without inline script, no framing, no referrer).
Tokens are HMACs of the per-install secret, so sessions survive a restart of the service; a session
carries the time it began and ends after SESSION_LIFETIME (the link in the next notification opens a new one).
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import time
from email.utils import formatdate
from urllib.parse import parse_qsl, urlencode

CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; "
       "form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'")
HEADERS = [
    (b"content-security-policy", CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"same-origin"),  # "no-referrer" would make form posts say Origin: null
    (b"cache-control", b"no-store"),
    (b"cross-origin-opener-policy", b"same-origin"),
    (b"cross-origin-resource-policy", b"same-origin"),
]
MAX_BODY = 1 << 20  # a debrief is a few kilobytes
FORM = "application/x-www-form-urlencoded"
SESSION_LIFETIME = 12 * 3600  # a working day: a debrief started in the morning can be finished in the evening


class Tokens:
    """Session and CSRF tokens derived from the secret: ``nonce.mac`` cookies, a CSRF token per session."""

    def __init__(self, secret: str):
        self.secret = secret.encode()

    def _mac(self, purpose: str, nonce: str) -> str:
        return hmac.new(self.secret, f"{purpose}|{nonce}".encode(), hashlib.sha256).hexdigest()

    def is_secret(self, key: str) -> bool:
        return hmac.compare_digest(key.encode(), self.secret)

    def new_session(self, now: float) -> str:
        """``nonce.began.mac``: the start time is signed with the nonce, so it cannot be moved on."""
        nonce = f"{secrets.token_urlsafe(16)}.{int(now)}"
        return f"{nonce}.{self._mac('session', nonce)}"

    def session(self, cookie: str, now: float) -> str | None:
        """The session's nonce if the cookie is genuine and younger than SESSION_LIFETIME, else None."""
        nonce, _, mac = cookie.rpartition(".")
        _, _, began = nonce.partition(".")
        if not (nonce and began.isdigit() and hmac.compare_digest(mac.encode(), self._mac("session", nonce).encode())):
            return None
        return nonce if 0 <= now - int(began) < SESSION_LIFETIME else None

    def csrf(self, nonce: str) -> str:
        return self._mac("csrf", nonce)


async def respond(send, status: int, body: bytes = b"", headers: list | None = None, kind: bytes = b"text/html; charset=utf-8") -> None:
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", kind), (b"content-length", str(len(body)).encode()), *(headers or [])]})
    await send({"type": "http.response.body", "body": body})


class Guard:
    """ASGI middleware: nothing reaches ``app`` without a good Host, a session and (for POST) a CSRF token."""

    def __init__(self, app, *, secret: str, port: int, denied: bytes, clock=time.time):
        self.app = app
        self.clock = clock
        self.tokens = Tokens(secret)
        self.hosts = {f"127.0.0.1:{port}", f"localhost:{port}", f"[::1]:{port}"}
        if port == 80:
            self.hosts |= {"127.0.0.1", "localhost", "[::1]"}
        self.origins = {f"http://{h}" for h in self.hosts}
        self.cookie = f"followthrough-{port}"
        self.denied = denied

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)

        async def send_with_headers(message):
            if message["type"] == "http.response.start":
                # Date here, fresh per response: the server does not keep a clock ticking for it.
                message["headers"] = [*message.get("headers", []), *HEADERS, (b"date", formatdate(usegmt=True).encode())]
            await send(message)

        out = send_with_headers
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}
        if headers.get("host", "") not in self.hosts:  # a rebound DNS name pointing at 127.0.0.1
            return await respond(out, 400, b"unknown Host header", kind=b"text/plain")
        method = scope["method"]
        if method not in ("GET", "HEAD", "POST"):
            return await respond(out, 405, b"method not allowed", kind=b"text/plain")
        query = parse_qsl(scope.get("query_string", b"").decode("latin-1"), keep_blank_values=True)
        key = next((v for k, v in query if k == "key"), None)
        if key is not None and method != "POST":
            if not self.tokens.is_secret(key):
                return await respond(out, 403, self.denied)
            rest = urlencode([(k, v) for k, v in query if k != "key"])
            path = "/" + scope.get("raw_path", scope["path"].encode()).decode("latin-1").lstrip("/")
            cookie = (f"{self.cookie}={self.tokens.new_session(self.clock())}; Path=/; HttpOnly; SameSite=Strict; "
                      f"Max-Age={SESSION_LIFETIME}")
            return await respond(out, 303, headers=[(b"location", (path + ("?" + rest if rest else "")).encode("latin-1")),
                                                    (b"set-cookie", cookie.encode())])
        nonce = self.tokens.session(self._cookie(headers.get("cookie", "")), self.clock())
        if nonce is None:
            return await respond(out, 403, self.denied)
        csrf = self.tokens.csrf(nonce)
        scope = {**scope, "followthrough.csrf": csrf}
        if method == "POST":
            if headers.get("origin", f"http://{headers['host']}") not in self.origins:
                return await respond(out, 403, b"cross-origin request refused", kind=b"text/plain")
            if headers.get("content-type", "").split(";")[0].strip().lower() != FORM:
                return await respond(out, 415, b"forms only", kind=b"text/plain")
            body = await self._body(receive)
            if body is None:
                return await respond(out, 413, b"too large", kind=b"text/plain")
            given = headers.get("x-csrf-token") or dict(parse_qsl(body.decode("utf-8", "replace"))).get("csrf", "")
            if not hmac.compare_digest(given.encode(), csrf.encode()):
                return await respond(out, 403, b"missing or wrong CSRF token: reload the page", kind=b"text/plain")
            receive = self._replay(body, receive)
        return await self.app(scope, receive, out)

    def _cookie(self, header: str) -> str:
        for part in header.split(";"):
            name, _, value = part.strip().partition("=")
            if name == self.cookie:
                return value
        return ""

    @staticmethod
    async def _body(receive) -> bytes | None:
        chunks, size = [], 0
        while True:
            message = await receive()
            if message["type"] != "http.request":
                return b""
            chunks.append(message.get("body", b""))
            size += len(chunks[-1])
            if size > MAX_BODY:
                return None
            if not message.get("more_body"):
                return b"".join(chunks)

    @staticmethod
    def _replay(body: bytes, receive):
        """The app reads the body we already consumed."""
        sent = False

        async def replay():
            nonlocal sent
            if not sent:
                sent = True
                return {"type": "http.request", "body": body, "more_body": False}
            return await receive()

        return replay
