"""The local web UI over plain HTTP (http.client), against the real app on real loopback sockets.

Each security test fails when its protection is removed: loopback-only sockets, the private
per-install secret, the secret link swapped for a strict cookie, 403 without a session, CSRF on
every POST, the Host allow-list, autoescaping, the Content-Security-Policy and no external assets.
The rest checks what the pages do: the debrief form (the terminal's questions and checks),
autosave, the decision date, the preview (nothing written) and its edits, outcomes, the dashboard,
the timeline and the review.
"""

from __future__ import annotations

import email.utils
import http.client
import json
import os
import re
import signal
import socket
import stat
import subprocess
import sys
import threading
import time
import zipfile
from datetime import datetime, timezone
from pathlib import Path
from urllib.parse import urlencode, urlsplit
from zoneinfo import ZoneInfo

import pytest
from markupsafe import escape

from daemon.service import config
from daemon.service.app import build_service
from daemon.core.debrief import questions_for
from daemon.core.timeutil import parse_instant

from .conftest import ROOT, product_python
from .test_e2e import AFTER_END, World

NY = ZoneInfo("America/New_York")
XSS = "<script>alert(1)</script>"
INFORMATIONAL = """\
BEGIN:VEVENT
UID:e2e-coffee@beta.example
DTSTAMP:20260901T000000Z
DTSTART;TZID=America/New_York:20260902T150000
DTEND;TZID=America/New_York:20260902T153000
SUMMARY:Informational interview with Dana Ruiz (Beta Labs) """ + XSS + """
ORGANIZER;CN=Robin Vega:mailto:robin.vega@example.org
ATTENDEE;CN=Dana Ruiz;PARTSTAT=ACCEPTED:mailto:dana.ruiz@beta.example
ATTENDEE;CN=Robin Vega;PARTSTAT=ACCEPTED:mailto:robin.vega@example.org
END:VEVENT
"""


def free_port() -> int:
    """A port free on both loopback addresses."""
    for _ in range(50):
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        try:
            with socket.socket(socket.AF_INET6) as s6:
                s6.bind(("::1", port))
        except OSError:
            continue
        return port
    raise RuntimeError("no free port")


def web_world(root: Path, port: int, *, informational: bool = False) -> World:
    """The end-to-end World with the web UI enabled on ``port``."""
    world = World(root)
    if informational:
        ics = root / "calendar.ics"
        ics.write_text(ics.read_text().replace("END:VCALENDAR", INFORMATIONAL + "END:VCALENDAR"))
    cfg = root / "config.toml"
    cfg.write_text(cfg.read_text().replace("enabled = false", f"enabled = true\nport = {port}"))
    return world


class Client:
    """A plain HTTP client for one origin, with an optional session cookie."""

    def __init__(self, port: int, address: str = "127.0.0.1", host: str | None = None):
        self.port, self.address = port, address
        self.host = host or f"127.0.0.1:{port}"
        self.cookie = ""

    def request(self, method: str, path: str, body: dict | str | None = None, headers: dict | None = None):
        conn = http.client.HTTPConnection(self.address, self.port, timeout=20)
        data = urlencode(body) if isinstance(body, dict) else body
        head = {"Host": self.host, **({"Cookie": self.cookie} if self.cookie else {})}
        if data is not None:
            head["Content-Type"] = "application/x-www-form-urlencoded"
        head.update(headers or {})
        conn.putrequest(method, path, skip_host=True, skip_accept_encoding=True)
        for k, v in head.items():
            conn.putheader(k, v)
        payload = data.encode() if data is not None else None
        if payload is not None:
            conn.putheader("Content-Length", str(len(payload)))
        conn.endheaders(payload)
        resp = conn.getresponse()
        text = resp.read().decode("utf-8", "replace")
        conn.close()
        return resp.status, resp, text

    def get(self, path: str, **kw):
        return self.request("GET", path, **kw)

    def post(self, path: str, body: dict, **kw):
        return self.request("POST", path, body, **kw)

    def sign_in(self, link: str) -> "Client":
        status, resp, _ = self.get(urlsplit(link).path + "?" + urlsplit(link).query)
        assert status == 303, status
        self.cookie = resp.getheader("Set-Cookie").split(";")[0]
        return self

    def csrf(self, path: str = "/") -> str:
        status, _, html = self.get(path)
        assert status == 200, html
        return re.search(r'name="csrf" value="([^"]+)"', html).group(1)


class Running:
    """A service built from the World's config, its web UI started in this process on real sockets."""

    def __init__(self, world: World, port: int, now: str = AFTER_END):
        self.world, self.port = world, port
        self.cfg = config.load(world.root / "config.toml")
        self.svc = build_service(self.cfg, NY)
        self.now = parse_instant(now, NY)
        self.svc.tick(self.now)
        self.lock = threading.Lock()
        self.changes = 0
        from daemon.web.server import start

        self.web = start(self.svc, self.call, self.svc.web)

    def call(self, fn, changes=False):
        with self.lock:
            self.changes += changes
            return fn(self.now)

    def link(self, iid: int = 1) -> str:
        [row] = [r for r in self.svc.status() if r["id"] == iid]
        return row["debrief_url"]

    def client(self, **kw) -> Client:
        return Client(self.port, **kw).sign_in(self.link())

    def iv(self, iid: int = 1):
        return self.svc.state.interview(iid)


@pytest.fixture
def running(tmp_path):
    port = free_port()
    r = Running(web_world(tmp_path, port, informational=True), port)
    yield r
    r.web.stop()


def person(i: int, name: str, email: str, focus: str = "", **extra) -> dict:
    return {f"met-{i}-name": name, f"met-{i}-email": email, f"met-{i}-focus": focus,
            **{f"met-{i}-{k}": v for k, v in extra.items()}}


def form(csrf: str, **answers) -> dict:
    base = {"csrf": csrf, "formal": "0", "excited": "the streaming migration", "problems": "to cut alert noise before launch",
            "fit": "I rebuilt alerting at my last job", "decision_by": "within two weeks", "went_badly": "PRIVATE-BADLY froze on SQL",
            "went_well": "PRIVATE-WELL system design",
            **person(0, "Kim Okafor", "kim.okafor@acme.example", "on-call load"),
            **person(1, "Priya Shah", "priya.shah@acme.example", "batch to streams")}
    base.update(answers)
    return base


# -- security ------------------------------------------------------------------------------------


def thanked(running) -> tuple[Client, str]:
    """A session that debriefed interview #1 and created its drafts, which the user then sent; and its token."""
    c = running.client()
    token = c.csrf("/debrief/1")
    c.post("/debrief/1/preview", form(token))
    c.post("/debrief/1/create", {"csrf": token})
    running.world.send_all_drafts()
    return c, token


def listening(port: int) -> set[str]:
    """Local addresses with a listening TCP socket on ``port``, read from /proc/net (Linux)."""
    found = set()
    for name, width in (("tcp", 8), ("tcp6", 32)):
        path = Path("/proc/net") / name
        if not path.exists():
            continue
        for line in path.read_text().splitlines()[1:]:
            local, state = line.split()[1], line.split()[3]
            addr, _, hexport = local.partition(":")
            if state == "0A" and int(hexport, 16) == port:  # 0A: LISTEN
                raw = bytes.fromhex(addr)
                if width == 8:
                    found.add(socket.inet_ntop(socket.AF_INET, raw[::-1]))
                else:
                    words = b"".join(raw[i:i + 4][::-1] for i in range(0, 16, 4))
                    found.add(socket.inet_ntop(socket.AF_INET6, words))
    return found


@pytest.mark.skipif(not Path("/proc/net/tcp").exists(), reason="reads /proc/net (Linux)")
def test_listens_on_loopback_only(running):
    assert {h for h, _ in running.web.addresses} <= {"127.0.0.1", "::1"}
    assert listening(running.port) and listening(running.port) <= {"127.0.0.1", "::1"}
    for address in ("127.0.0.1", "::1"):
        status, _, _ = Client(running.port, address=address).get("/")
        assert status == 403  # reachable on both loopbacks, and closed without a session


def test_secret_is_per_install_private_and_in_the_status_link(tmp_path, running):
    secret_file = running.svc.web.secret_file
    secret = secret_file.read_text().strip()
    assert stat.S_IMODE(secret_file.stat().st_mode) == 0o600 and len(secret) >= 40
    from daemon.web import load_secret

    (tmp_path / "other").mkdir()
    other = web_world(tmp_path / "other", free_port())
    assert load_secret(build_service(config.load(other.root / "config.toml"), NY).web.secret_file) != secret
    status = json.loads(running.world.cli(AFTER_END, "status", "--json").stdout)
    links = {r["id"]: r.get("debrief_url") for r in status}
    waiting = [r["id"] for r in status if r["stage"] == "awaiting_debrief"]
    assert waiting and all(links[i] == f"http://127.0.0.1:{running.port}/debrief/{i}?key={secret}" for i in waiting)
    assert all(links[r["id"]] is None for r in status if r["stage"] != "awaiting_debrief")


def test_a_new_secret_is_born_private_and_a_loose_one_is_made_private_again(tmp_path, running):
    from daemon.web import load_secret

    old = os.umask(0)
    try:
        fresh = load_secret(tmp_path / "new" / "state.sqlite.web-secret")
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "new" / "state.sqlite.web-secret").stat().st_mode) == 0o600 and len(fresh) >= 40
    path = running.svc.web.secret_file
    os.chmod(path, 0o644)
    load_secret(path)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_the_link_sets_a_strict_session_cookie_and_drops_the_secret(running):
    link = running.link()
    status, resp, body = Client(running.port).get(urlsplit(link).path + "?" + urlsplit(link).query)
    assert status == 303
    assert resp.getheader("Location") == "/debrief/1" and "key" not in body
    cookie = resp.getheader("Set-Cookie")
    assert "HttpOnly" in cookie and "SameSite=Strict" in cookie and "Path=/" in cookie
    assert running.svc.web.secret_file.read_text().strip() not in cookie
    c = Client(running.port)
    c.cookie = cookie.split(";")[0]
    status, _, html = c.get("/debrief/1")
    assert status == 200 and "Kim Okafor" in html


@pytest.mark.parametrize("path", ["/", "/debrief/1", "/debrief/1/decision?text=Friday", "/debrief/1/done", "/review",
                                  "/company?name=Acme", "/static/app.js", "/nothing-here"])
def test_without_a_session_every_request_gets_403_and_no_data(running, path):
    for cookie in ("", "followthrough-%d=abc.def" % running.port, "followthrough-%d=%s" % (running.port, "x" * 20)):
        c = Client(running.port)
        c.cookie = cookie
        status, _, body = c.get(path)
        assert status == 403
        assert "Kim" not in body and "Acme" not in body and "debrief_url" in body  # the link page only
    status, _, _ = Client(running.port).get(path + ("&" if "?" in path else "?") + "key=not-the-secret")
    assert status == 403


def test_a_session_ends_after_its_lifetime_and_cannot_be_stretched():
    from daemon.web.security import SESSION_LIFETIME, Tokens

    tokens = Tokens("s" * 43)
    cookie = tokens.new_session(1_000_000.0)
    assert tokens.session(cookie, 1_000_000.0 + SESSION_LIFETIME - 1) is not None
    assert tokens.session(cookie, 1_000_000.0 + SESSION_LIFETIME) is None
    assert tokens.session(cookie, 999_000.0) is None  # issued in the future: a clock set back, not a session
    nonce, began, mac = cookie.split(".")
    assert tokens.session(f"{nonce}.{int(began) + 3600}.{mac}", 1_000_000.0 + SESSION_LIFETIME) is None  # signed


def test_an_old_session_cookie_gets_the_link_page(running):
    from daemon.web.security import SESSION_LIFETIME

    c = running.client()
    assert c.get("/")[0] == 200
    guard = running.web.server.config.app
    real = guard.clock
    guard.clock = lambda: real() + SESSION_LIFETIME + 1
    try:
        status, _, body = c.get("/")
        assert status == 403 and "Kim" not in body
    finally:
        guard.clock = real
    _, resp, _ = Client(running.port).get(urlsplit(running.link()).path + "?" + urlsplit(running.link()).query)
    assert f"Max-Age={SESSION_LIFETIME}" in resp.getheader("Set-Cookie")


@pytest.mark.parametrize("iid", ["9" * 500, str(2**63), "0"])
def test_an_interview_id_too_large_or_unknown_is_404_not_500(running, iid):
    c = running.client()
    for path in (f"/debrief/{iid}", f"/debrief/{iid}/done", f"/debrief/{iid}/decision?text=Friday"):
        status, _, body = c.get(path)
        assert status == 404, (path, status)
        assert "9" * 40 not in body
    status, _, _ = c.post(f"/debrief/{iid}/save", form(c.csrf("/debrief/1")))
    assert status == 404


def test_without_a_session_a_post_changes_nothing(running):
    c = running.client()
    token = c.csrf("/debrief/1")
    stranger = Client(running.port)
    status, _, _ = stranger.post("/debrief/1/save", form(token, excited="STRANGER"))
    assert status == 403 and running.svc.state.debrief(1)[0] == {}


def post_routes(running) -> set[str]:
    app = running.web.server.config.app.app  # Guard → Starlette
    return {r.path for r in app.routes if "POST" in (getattr(r, "methods", None) or ())}


def test_every_post_needs_the_csrf_token_of_its_session(running):
    c = running.client()
    token = c.csrf("/debrief/1")
    other = running.client()  # a second session: its own token
    other_token = other.csrf("/")
    tried = set()
    for path, body in [("/debrief/{iid}/save", form("")), ("/debrief/{iid}/preview", form("")),
                       ("/debrief/{iid}/create", {"csrf": ""}), ("/interview/{iid}/outcome", {"outcome": "offer"}),
                       ("/interview/{iid}/skip", {}), ("/interview/{iid}/answer", {"answer": "no"}),
                       ("/interview/{iid}/wait", {})]:
        tried.add(path)
        url = path.replace("{iid:int}", "1").replace("{iid}", "1")
        for bad in (None, "", "0" * 64, other_token):
            data = {k: v for k, v in body.items() if k != "csrf"}
            if bad is not None:
                data["csrf"] = bad
            status, _, _ = c.post(url, data)
            assert status == 403, (url, bad)
        status, _, _ = c.post(url, {k: v for k, v in body.items() if k != "csrf"}, headers={"X-CSRF-Token": other_token})
        assert status == 403
    assert {p.replace(":int", "") for p in post_routes(running)} == tried  # no POST route left untested
    assert running.svc.state.debrief(1)[0] == {} and running.iv().stage == "awaiting_debrief"
    assert running.svc.state.drafts() == []
    status, _, _ = c.post("/debrief/1/save", form(token))
    assert status == 200 and running.svc.state.debrief(1)[0]["excited"] == "the streaming migration"


def test_cross_origin_posts_are_refused_even_with_the_token(running):
    c = running.client()
    token = c.csrf("/debrief/1")
    for origin in ("http://evil.example", "null", f"http://127.0.0.1:{running.port + 1}"):
        status, _, _ = c.post("/debrief/1/save", form(token), headers={"Origin": origin})
        assert status == 403
    status, _, _ = c.post("/debrief/1/save", form(token), headers={"Origin": f"http://127.0.0.1:{running.port}"})
    assert status == 200


def test_only_loopback_host_names_are_served(running):
    """DNS rebinding: a page on evil.example re-pointed at 127.0.0.1 sends Host: evil.example."""
    c = running.client()
    for host in (f"evil.example:{running.port}", "evil.example", f"127.0.0.1:{running.port + 1}", f"localhost.evil.example:{running.port}", ""):
        c.host = host
        status, _, body = c.get("/")
        assert status == 400 and "Kim" not in body, host
    for host in (f"127.0.0.1:{running.port}", f"localhost:{running.port}"):
        c.host = host
        assert c.get("/")[0] == 200
    six = Client(running.port, address="::1", host=f"[::1]:{running.port}")
    six.cookie = c.cookie
    assert six.get("/")[0] == 200


def test_pages_are_autoescaped(running):
    c = running.client()
    token = c.csrf("/debrief/1")
    evil = form(token, went_badly=XSS, **person(0, f"Kim {XSS}", "kim.okafor@acme.example", "<img src=x onerror=alert(2)>"))
    assert c.post("/debrief/1/save", evil)[0] == 200
    for path in ("/", "/debrief/1", "/review", "/debrief/2"):
        status, _, html = c.get(path)
        assert status == 200
        assert "<script>alert" not in html and "<img src=x" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in c.get("/review")[2]  # the title, from the calendar, and the note


def test_strict_content_security_policy_and_no_inline_or_external_code(running):
    c = running.client()
    for path in ("/", "/debrief/1", "/review", "/company?name=Acme", "/debrief/1/decision?text=x", "/static/style.css", "/missing"):
        status, resp, html = c.get(path)
        csp = resp.getheader("Content-Security-Policy")
        assert "default-src 'self'" in csp and "frame-ancestors 'none'" in csp and "script-src 'self'" in csp
        assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
        assert resp.getheader("X-Frame-Options") == "DENY" and resp.getheader("Referrer-Policy") == "same-origin"
        if resp.getheader("Content-Type", "").startswith("text/html"):
            assert not re.search(r"<script(?![^>]*\bsrc=)", html), path  # no inline script
            assert not re.search(r"\son[a-z]+\s*=", html) and " style=" not in html, path
            assert not re.search(r"""(?:src|href|action)=["'](?:https?:)?//""", html), path  # no external assets
    assert Client(running.port).get("/")[1].getheader("Content-Security-Policy")  # on the 403 page too
    assert "http" not in (Path(__file__).parent.parent / "daemon/web/static/style.css").read_text().replace("http://www.w3.org", "")


# -- the debrief form ----------------------------------------------------------------------------


def test_form_asks_the_debrief_questions_of_the_kind_with_hints_and_the_people_met(running):
    c = running.client()
    html = c.get("/debrief/1")[2]
    for q in questions_for(running.iv().kind):
        assert str(escape(q.text)) in html and str(escape(q.hint)) in html
    assert 'value="Kim Okafor"' in html and 'value="priya.shah@acme.example"' in html and "Room 4B" not in html
    assert running.iv(2).kind == "informational"
    info = c.get("/debrief/2")[2]
    assert 'name="advice"' in info and 'name="will_do"' in info and 'name="problems"' not in info


def test_form_validates_like_the_terminal(running):
    c = running.client()
    token = c.csrf("/debrief/1")
    status, _, html = c.post("/debrief/1/preview", form(token, **person(0, "Kim Okafor", "kim at acme")))
    assert status == 422
    assert "[[met]] #1.email = &#39;kim at acme&#39;: is not an e-mail address" in html
    assert running.svc.state.drafts() == [] and running.svc.state.debrief(1)[0]["met"][0]["email"] == "kim at acme"


def test_autosave_keeps_partial_answers_and_the_form_shows_them_again(running):
    c = running.client()
    token = c.csrf("/debrief/1")
    body = {"csrf": token, "excited": "half a thought", **person(0, "Kim Okafor", "kim.okafor@acme.example", "on-call"),
            **person(1, "", ""), **person(2, "Sam New", "sam@acme.example", title="CTO")}
    assert c.post("/debrief/1/save", body)[0] == 200
    answers, completed = running.svc.state.debrief(1)
    assert completed is None and answers["excited"] == "half a thought"
    assert [p["name"] for p in answers["met"]] == ["Kim Okafor", "Sam New"]  # Priya removed, the blank row dropped
    html = c.get("/debrief/1")[2]
    assert "half a thought" in html and 'value="Sam New"' in html and 'value="CTO"' in html and "Priya" not in html


def test_decision_date_is_read_as_you_type(running):
    c = running.client()
    reading = json.loads(c.get("/debrief/1/decision?" + urlencode({"text": "by Friday"}))[2])
    assert reading["read"] and reading["date"] == "2026-09-04" and "Fri 4 Sep 2026" in reading["label"]
    vague = json.loads(c.get("/debrief/1/decision?" + urlencode({"text": "soon"}))[2])
    assert not vague["read"] and "default" in vague["label"] and vague["date"] == "2026-09-11"


def test_preview_writes_nothing_and_create_honours_the_edits(running):
    c = running.client()
    token = c.csrf("/debrief/1")
    status, _, html = c.post("/debrief/1/preview", form(token))
    assert status == 200
    assert html.count("<article class=\"draft\">") == 2 and "Hi Kim," in html and "on-call load" in html
    assert "PRIVATE" not in html
    assert running.svc.state.drafts() == [] and running.world.drafts() == [] and running.iv().stage == "awaiting_debrief"
    edited = {"csrf": token, "d-0-purpose": "thank_you", "d-0-to": "kim.okafor@acme.example", "d-0-subject": "Thanks, Kim",
              "d-0-body": "Hi Kim,\r\n\r\nMY OWN WORDS about on-call.\r\n\r\nRobin"}
    status, resp, _ = c.post("/debrief/1/create", edited)
    assert status == 303 and resp.getheader("Location") == "/debrief/1/done"
    drafts = {m["To"].addresses[0].addr_spec: m for m in running.world.drafts()}
    assert set(drafts) == {"kim.okafor@acme.example", "priya.shah@acme.example"}
    kim = drafts["kim.okafor@acme.example"]
    assert kim["Subject"] == "Thanks, Kim" and "MY OWN WORDS about on-call." in kim.get_content() and "\r" not in kim.get_content()
    assert "batch to streams" in drafts["priya.shah@acme.example"].get_content()  # not edited: as previewed
    assert running.changes  # the scheduler was asked to recompute its next wake-up
    done = c.get("/debrief/1/done")[2]
    assert str(running.world.mail / "Drafts") in done and "Thanks, Kim" in done and "Drafts/cur/" in done


def test_preview_is_what_complete_debrief_writes(running):
    from daemon.core.debrief import validate_answers

    answers = validate_answers({"formal": True, "excited": "x", "decision_by": "by Friday", "referred_by": {"name": "Sam Lee", "email": "sam@example.com"},
                                "met": [{"name": "Dr. Kim Okafor", "email": "kim.okafor@acme.example", "focus": "on-call"}]}, "test")
    iv = running.iv()
    shown = running.svc.preview(iv, answers)
    assert [d["purpose"] for d in shown] == ["thank_you", "referral"]
    running.svc.complete_debrief(iv, answers, running.now)
    written = {m["To"].addresses[0].addr_spec: m for m in running.world.drafts()}
    for d in shown:
        assert written[d["to"]]["Subject"] == d["subject"] and written[d["to"]].get_content() == d["body"]


def test_outcome_buttons_record_the_outcome_and_rejection_drafts_a_closing_note(running):
    c, token = thanked(running)
    running.svc.sync_mail(running.now)
    html = c.get("/")[2]
    assert "Rejected → closing note" in html and '<span class="state sent">sent</span>' in html
    status, resp, _ = c.post("/interview/1/outcome", {"csrf": token, "outcome": "rejected"})
    assert status == 303
    assert running.iv().stage == "closed" and running.iv().outcome == "rejected"
    [closing] = running.world.drafts()
    assert closing["To"].addresses[0].addr_spec == "kim.okafor@acme.example" and closing["In-Reply-To"]
    said = c.get(resp.getheader("Location"))[2]
    assert "outcome rejected" in said and "closing note" in said
    assert c.post("/interview/1/outcome", {"csrf": token, "outcome": "hired!"})[0] == 400  # the CLI's check, as a page
    assert c.post("/interview/2/skip", {"csrf": token})[0] == 303 and running.iv(2).stage == "skipped"


@pytest.fixture
def asked(tmp_path):
    """The web world with an unsure event too, both ended: #1 prompted, #2 (Harriet's call) asked about."""
    from .test_e2e_unsure import ENDED, UNSURE

    port = free_port()
    world = web_world(tmp_path, port)
    ics = tmp_path / "calendar.ics"
    ics.write_text(ics.read_text().replace("END:VCALENDAR", UNSURE))
    r = Running(world, port, now=ENDED)
    assert [n["kind"] for n in r.svc.state.notices()] == ["prompt", "question"] and r.iv(2).stage == "unconfirmed"
    yield r
    r.web.stop()


def test_the_question_has_yes_and_no_on_the_dashboard_and_the_debrief_page(asked):
    c = asked.client()
    html = c.get("/")[2]
    assert "Was it an interview?" in html and "some signs of hiring, not enough to be sure" in html
    assert 'action="/interview/2/answer"' in html and 'value="yes"' in html and 'value="no"' in html
    html = c.get("/debrief/2")[2]
    assert 'action="/interview/2/answer"' in html and "Answering the debrief below also says yes" in html
    row = next(r for r in asked.svc.status() if r["id"] == 2)
    assert row["debrief_url"].startswith(f"http://127.0.0.1:{asked.port}/debrief/2?key=")  # the question's one-click link
    [(_, body)] = [n for n in asked.svc.notifier.sent if n[0].startswith("Was ‘")]
    assert row["debrief_url"] in body


def test_yes_opens_the_debrief_and_sends_its_prompt(asked):
    c = asked.client()
    token = c.csrf("/")
    changes = asked.changes
    status, resp, _ = c.post("/interview/2/answer", {"csrf": token, "answer": "yes"})
    assert status == 303 and resp.getheader("Location") == "/debrief/2"
    assert asked.iv(2).stage == "awaiting_debrief" and asked.changes == changes + 1  # rescheduled: reminders to come
    assert [n["kind"] for n in asked.svc.state.notices(2)] == ["question", "prompt"]
    assert asked.svc.state.marks()[-1][2] is True
    html = c.get("/debrief/2")[2]
    assert 'action="/interview/2/answer"' not in html  # answered: the question is gone


def test_no_is_remembered_and_a_bad_answer_is_refused(asked):
    c = asked.client()
    token = c.csrf("/")
    assert c.post("/interview/2/answer", {"csrf": token, "answer": "maybe"})[0] == 400
    assert asked.iv(2).stage == "unconfirmed"
    status, resp, _ = c.post("/interview/2/answer", {"csrf": token, "answer": "no"})
    assert status == 303 and resp.getheader("Location").startswith("/?")
    assert "not an interview" in c.get(resp.getheader("Location"))[2]
    assert asked.iv(2).stage == "skipped" and asked.svc.state.marks()[-1][2] is False
    assert [n["kind"] for n in asked.svc.state.notices(2)] == ["question"]


def test_typing_into_the_debrief_of_an_unsure_event_says_yes(asked):
    c = asked.client()
    token = c.csrf("/debrief/2")
    assert c.post("/debrief/2/save", {"csrf": token, "excited": "forecasting at scale"})[0] == 200
    assert asked.iv(2).stage == "awaiting_debrief"
    assert [n["kind"] for n in asked.svc.state.notices(2)] == ["question"]  # already debriefing: no prompt on top
    assert asked.svc.state.debrief(2)[0]["excited"] == "forecasting at scale"


def test_dashboard_stages_drafts_replied_gone_quiet_timeline_and_review(running):
    c, token = thanked(running)
    priya = next(m for m in running.world.sent() if "priya" in m["To"])
    running.world.deliver(sender="priya.shah@acme.example", name="Priya Shah", in_reply_to=priya["Message-ID"], subject="Re: hi")
    running.svc.sync_mail(running.now)
    html = c.get("/")[2]
    assert "Waiting for news" in html and "Coming up" in html  # #1 waits; #2 (informational) is later today
    assert '<span class="state replied">replied</span>' in html and '<span class="state sent">sent</span>' in html
    assert "first follow-up if nobody has answered" in html
    running.svc.state.update(1, running.now, stage="gone_quiet")
    html = c.get("/")[2]
    assert "Gone quiet" in html and "No answer after the follow-ups" in html
    timeline = c.get("/company?name=Acme")[2]
    for seen in ("Interview with Acme - Backend Engineer", "prompt", "you debriefed", "thank-you to kim.okafor@acme.example",
                 "you sent", "reply from priya.shah@acme.example", "decision promised: within two weeks"):
        assert seen in timeline, seen
    review = c.get("/review")[2]
    assert "PRIVATE-WELL system design" in review and "PRIVATE-BADLY froze on SQL" in review


def test_a_reply_from_the_primary_contact_shows_with_keep_waiting(running):
    c, token = thanked(running)
    primary = running.iv().primary
    thanks = next(m for m in running.world.sent() if primary in m["To"])
    running.world.deliver(sender=primary, name="Kim Okafor", in_reply_to=thanks["Message-ID"], subject="Re: thanks")
    running.svc.sync_mail(running.now)
    assert running.iv().stage == "closed" and "replied" in [n["kind"] for n in running.svc.state.notices()]
    html = c.get("/")[2]
    assert "They replied" in html and f"{primary} replied, so no follow-up will be written" in html
    assert 'action="/interview/1/wait"' in html
    status, resp, _ = c.post("/interview/1/wait", {"csrf": token})
    assert status == 303 and running.iv().stage == "waiting" and running.iv().wait_until is not None
    assert "waiting again" in c.get(resp.headers["Location"])[2]


def test_unknown_interview_is_a_404_page(running):
    status, _, html = running.client().get("/debrief/99")
    assert status == 404 and "99" in html


def thread_switches(tid: int) -> int:
    """Context switches of one thread of this process so far: each wake-up of a sleeping thread is one."""
    lines = Path(f"/proc/self/task/{tid}/status").read_text().splitlines()
    return sum(int(line.split()[1]) for line in lines if line.startswith(("voluntary_ctxt_switches", "nonvoluntary_ctxt_switches")))


@pytest.mark.skipif(not Path("/proc/self/task").exists(), reason="reads /proc (Linux)")
def test_the_idle_server_sleeps_until_a_connection_and_still_dates_its_answers(running):
    """uvicorn's own main loop wakes ten times a second; ours sleeps until a connection or a stop."""
    tid = running.web.thread.native_id
    before = thread_switches(tid)
    time.sleep(3)
    assert thread_switches(tid) - before <= 2  # ~30 with uvicorn's tick
    status, resp, _ = Client(running.port).get("/")
    assert status == 403
    sent = email.utils.parsedate_to_datetime(resp.getheader("Date"))
    assert abs((sent - datetime.now(timezone.utc)).total_seconds()) < 5
    assert resp.getheader("Content-Security-Policy") and len(resp.headers.get_all("Date")) == 1
    stopped = time.monotonic()
    running.web.stop()
    assert not running.web.thread.is_alive() and time.monotonic() - stopped < 5


# -- in the service process ----------------------------------------------------------------------


def test_run_once_and_status_do_not_load_the_web_stack(tmp_path):
    world = web_world(tmp_path, free_port())
    code = ("import sys; from daemon.cli.main import main; main(sys.argv[1:]); "
            "print('LOADED', sorted(m for m in ('uvicorn', 'starlette', 'daemon.web.app') if m in sys.modules))")
    for args in (("run", "--once"), ("status", "--json")):
        argv = world.argv(AFTER_END, *args)[3:]
        proc = subprocess.run(product_python(code, *argv), capture_output=True, text=True, env=world.env, cwd=ROOT, timeout=120)
        assert proc.returncode == 0, proc.stderr
        assert "LOADED []" in proc.stdout, proc.stdout


def test_the_service_serves_the_link_on_loopback_and_stops_on_sigterm(tmp_path):
    port = free_port()
    world = web_world(tmp_path, port)
    proc = subprocess.Popen(world.argv(AFTER_END, "run"), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env=world.env, cwd=ROOT)
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and not listening(port) and proc.poll() is None:
            time.sleep(0.1)
        assert listening(port) <= {"127.0.0.1", "::1"} and "127.0.0.1" in listening(port)
        [row] = json.loads(world.cli(AFTER_END, "status", "--json").stdout)
        assert Client(port).sign_in(row["debrief_url"]).get("/debrief/1")[0] == 200
        started = time.monotonic()
        proc.send_signal(signal.SIGTERM)
        out, err = proc.communicate(timeout=30)
    finally:
        proc.kill()
    assert proc.returncode == 0, err
    assert time.monotonic() - started < 10
    assert "web UI on http://127.0.0.1:%d" % port in err and "GET /" not in err  # no access log: links carry the secret
    assert not listening(port)


def test_a_taken_port_leaves_the_service_running_without_the_ui(tmp_path, caplog):
    from daemon.service.serve import start_web

    port = free_port()
    r = Running(web_world(tmp_path, port), port)
    try:
        assert start_web(r.svc, r.call) is None
        assert "web UI:" in caplog.text and "form and dashboard are off" in caplog.text
    finally:
        r.web.stop()


def test_the_wheel_ships_the_web_templates_and_static_files(tmp_path):
    proc = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", str(tmp_path), str(ROOT)],
                          capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr
    [wheel] = tmp_path.glob("followthrough-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    assert {"daemon/web/app.py", "daemon/web/static/app.js", "daemon/web/static/style.css",
            "daemon/templates/web/debrief.html", "daemon/templates/web/dashboard.html"} <= names


def test_each_answer_shows_the_sentence_it_becomes_and_it_follows_the_typing(running):
    c = running.client()
    token = c.csrf("/debrief/1")
    c.post("/debrief/1/save", form(token, problems="their nightly batch misses the morning SLA"))
    html = c.get("/debrief/1")[2]
    assert 'id="s-problems"' in html and "your nightly batch misses the morning SLA." in html  # beside the answer
    status, resp, body = c.get("/debrief/1/sentence?" + urlencode({"field": "fit", "text": "led the on-call rotation for 2 yrs"}))
    assert status == 200 and json.loads(body)["sentence"] == "I led the on-call rotation for 2 years."
    status, _, body = c.get("/debrief/1/sentence?" + urlencode({"field": "went_badly", "text": "x"}))
    assert status == 400 and "went_badly" not in body.split("one of")[-1]  # a private answer has no sentence
