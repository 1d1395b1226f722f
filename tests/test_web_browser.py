"""The web UI in a real browser: Playwright driving Debian's chromium against `followthrough run`.

A real config, ICS calendar and Maildir in a temporary folder (the end-to-end World); the service
runs as a subprocess with ``--now`` after the interview; the link comes from `status --json`.
The debrief is filled in as a person would (people edited, added and removed, the decision date
read as it is typed), previewed, edited and created; the drafts are then read from the Maildir.
Autosave must survive a reload, a closed tab and a restart of the service. Screenshots of the
form and the dashboard are taken every run; they replace docs/*.png (shown in the README) when
missing or with UPDATE_SCREENSHOTS=1, so an ordinary test run leaves the work tree unchanged.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import time
from pathlib import Path

import pytest

from .conftest import ROOT
from .test_e2e import AFTER_END, World
from .test_web import free_port, listening, web_world

playwright = pytest.importorskip("playwright.sync_api")
expect = playwright.expect
CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run"]
DOCS = ROOT / "docs"
pytestmark = pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian's chromium (apt-get install chromium)")

EARLIER = """\
BEGIN:VEVENT
UID:screen-globex@example
DTSTAMP:20260820T000000Z
DTSTART;TZID=America/New_York:20260828T140000
DTEND;TZID=America/New_York:20260828T143000
SUMMARY:Phone screen: Globex - Platform Engineer
ORGANIZER;CN=Jordan Lee:mailto:jordan.lee@globex.example
ATTENDEE;CN=Jordan Lee;PARTSTAT=ACCEPTED:mailto:jordan.lee@globex.example
ATTENDEE;CN=Robin Vega;PARTSTAT=ACCEPTED:mailto:robin.vega@example.org
END:VEVENT
BEGIN:VEVENT
UID:final-initech@example
DTSTAMP:20260820T000000Z
DTSTART;TZID=America/New_York:20260908T130000
DTEND;TZID=America/New_York:20260908T150000
SUMMARY:Final round interview - Initech
ORGANIZER;CN=Sam Ortiz:mailto:sam.ortiz@initech.example
ATTENDEE;CN=Sam Ortiz;PARTSTAT=ACCEPTED:mailto:sam.ortiz@initech.example
ATTENDEE;CN=Robin Vega;PARTSTAT=ACCEPTED:mailto:robin.vega@example.org
END:VEVENT
"""


def screenshot(page, name: str, tmp_path: Path) -> None:
    target = DOCS / name
    if target.exists() and not os.environ.get("UPDATE_SCREENSHOTS"):
        target = tmp_path / name
    target.parent.mkdir(exist_ok=True)
    page.screenshot(path=str(target), full_page=True)


@pytest.fixture(scope="module")
def browser():
    with playwright.sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS, headless=True)
        yield b
        b.close()


class Service:
    """`followthrough run` in a subprocess, with the web UI on ``port``."""

    def __init__(self, world: World, port: int):
        self.world, self.port, self.proc = world, port, None

    def start(self) -> "Service":
        self.proc = subprocess.Popen(self.world.argv(AFTER_END, "run"), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                                     text=True, env=self.world.env, cwd=ROOT)
        deadline = time.monotonic() + 30
        while "127.0.0.1" not in listening(self.port):
            assert self.proc.poll() is None and time.monotonic() < deadline, self.proc.stderr.read() if self.proc.poll() is not None else "slow"
            time.sleep(0.05)
        return self

    def stop(self) -> None:
        self.proc.send_signal(signal.SIGTERM)
        _, err = self.proc.communicate(timeout=30)
        assert self.proc.returncode == 0, err

    def link(self, title: str) -> str:
        rows = json.loads(self.world.cli(AFTER_END, "status", "--json").stdout)
        return next(r["debrief_url"] for r in rows if r["title"] == title)


@pytest.fixture
def service(tmp_path):
    port = free_port()
    world = web_world(tmp_path, port)
    ics = tmp_path / "calendar.ics"
    ics.write_text(ics.read_text().replace("END:VCALENDAR", EARLIER + "END:VCALENDAR"))
    s = Service(world, port).start()
    yield s
    if s.proc.poll() is None:
        s.stop()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1100, "height": 900})
    page = context.new_page()
    page.problems = []
    page.on("console", lambda m: m.type in ("error", "warning") and page.problems.append(m.text))  # CSP violations land here
    page.on("pageerror", lambda e: page.problems.append(str(e)))
    page.on("dialog", lambda d: d.accept())
    yield page
    context.close()


ACME = "Interview with Acme - Backend Engineer"


def person(page, index: int):
    return page.locator("fieldset.person").nth(index)


def test_debrief_in_the_browser_from_link_to_drafts_in_the_maildir(service, page, tmp_path):
    link = service.link(ACME)
    page.goto(link)
    assert page.url.endswith("/debrief/2") and "key=" not in page.url  # the secret is swapped for a cookie
    assert page.input_value("[name=met-0-name]") == "Kim Okafor" and page.input_value("[name=met-1-name]") == "Priya Shah"

    person(page, 0).locator("[name$=-title]").fill("Engineering Manager")
    person(page, 0).locator("[name$=-honorific]").fill("Dr.")
    person(page, 0).locator("[name$=-focus]").fill("how the team balances on-call load")
    person(page, 1).locator("button.remove").click()  # Priya was not there after all
    page.click("#add-person")
    new = page.locator("fieldset.person").last
    new.locator("[name$=-name]").fill("Lee Park")
    new.locator("[name$=-email]").fill("lee.park@acme.example")
    new.locator("[name$=-focus]").fill("moving batch jobs to streams")
    page.check("input[name=formal][value='0']")
    page.fill("[name=excited]", "your plans to move the telemetry pipeline onto streaming")
    page.fill("[name=problems]", "to cut alert noise before the Q3 launch")
    page.fill("[name=fit]", "In my last role I cut false alerts by 60% by rebuilding our thresholds")
    page.fill("[name=personal]", "I hope the new Thai place lives up to your review")
    page.fill("[name=next_step]", "a final round with the CTO")
    page.fill("[name=went_badly]", "BROWSER-PRIVATE rambled on the first question")
    # each answer shows the sentence it becomes, as it is typed
    expect(page.locator("#s-problems")).to_contain_text("I understand your team needs to cut alert noise before the Q3 launch.")
    page.locator("#q-wish_said").press_sequentially("that i have run kafka in prod", delay=10)
    expect(page.locator("#s-wish_said")).to_contain_text("I have run Kafka in production.")
    assert page.locator("#s-went_badly").count() == 0  # a private answer becomes no sentence

    decision = page.locator("#q-decision_by")
    decision.press_sequentially("by Friday", delay=20)
    expect(page.locator("#decision-read .date")).to_contain_text("Fri 4 Sep 2026")
    decision.fill("")
    decision.press_sequentially("within two weeks", delay=20)
    expect(page.locator("#decision-read .date")).to_contain_text("Wed 16 Sep 2026")
    assert "two weeks after the interview" in page.inner_text("#decision-read small")
    expect(page.locator("#saved")).to_contain_text("Saved at")
    screenshot(page, "debrief-form.png", tmp_path)

    page.click("button[type=submit].primary")
    page.wait_for_selector("article.draft")
    drafts = page.locator("article.draft")
    expect(drafts).to_have_count(2)  # Kim and Lee; Priya removed, the spare row gone
    kim = drafts.filter(has_text="kim.okafor@acme.example")
    body = kim.locator("textarea").input_value()
    assert body.startswith("Hi Kim,") and "how the team balances on-call load" in body and "BROWSER-PRIVATE" not in body
    assert "Wed 16 Sep 2026" in page.inner_text(".decision-line")
    kim.locator("textarea").fill(body.replace("Hi Kim,", "Hi Kim,\n\nEDITED-IN-THE-BROWSER: thank you again."))
    kim.locator("input[name$=-subject]").fill("Thank you, Kim")
    assert service.world.drafts() == []  # nothing written before "Create"
    page.click("text=Create 2 drafts in your mailbox")
    page.wait_for_selector("text=Your drafts are in your mailbox")
    assert str(service.world.mail / "Drafts") in page.inner_text("main")

    written = {m["To"].addresses[0].addr_spec: m for m in service.world.drafts()}
    assert set(written) == {"kim.okafor@acme.example", "lee.park@acme.example"}
    assert written["kim.okafor@acme.example"]["Subject"] == "Thank you, Kim"
    assert "EDITED-IN-THE-BROWSER: thank you again." in written["kim.okafor@acme.example"].get_content()
    assert "Hi Lee," in written["lee.park@acme.example"].get_content()

    page.click("text=Back to the pipeline")
    page.wait_for_selector("text=Thank-you drafts to send")
    assert "Waiting for your debrief" in page.inner_text("main") and "Coming up" in page.inner_text("main")
    expect(page.locator("#iv-2 .state.draft")).to_have_count(2)
    screenshot(page, "dashboard.png", tmp_path)
    page.click(".companies a:has-text('Acme')")
    page.wait_for_selector("ol.timeline")
    assert "you debriefed" in page.inner_text("ol.timeline")
    page.goto(page.url.split("/company")[0] + "/review")
    assert "BROWSER-PRIVATE" in page.inner_text("main")
    assert page.problems == []  # no CSP violation, no script error


def test_outcome_buttons_in_the_browser(service, page):
    page.goto(service.link(ACME))
    page.fill("[name=excited]", "the streaming migration")  # a debrief with nothing to say is refused
    page.click("button[type=submit].primary")
    page.click("text=Create 2 drafts in your mailbox")
    page.click("text=Back to the pipeline")
    page.locator("#iv-2").get_by_role("button", name="Rejected → closing note").click()  # the confirm() is accepted
    page.wait_for_selector(".said")
    assert "outcome rejected" in page.inner_text(".said")
    assert "Closed" in page.inner_text("main") and page.problems == []


def test_the_form_works_without_javascript(service, browser):
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(service.link(ACME))
        spare = page.locator("fieldset.person.spare")  # with JavaScript off, the spare row adds a person
        spare.locator("[name$=-name]").fill("Lee Park")
        spare.locator("[name$=-email]").fill("lee.park@acme.example")
        page.fill("[name=excited]", "the streaming migration")
        page.click("button[type=submit].primary")
        expect(page.locator("article.draft")).to_have_count(3)
        page.click("text=Create 3 drafts in your mailbox")
        page.wait_for_selector("text=Your drafts are in your mailbox")
    finally:
        context.close()
    assert len(service.world.drafts()) == 3


def test_autosave_survives_a_reload_a_closed_tab_and_a_service_restart(service, page):
    page.goto(service.link(ACME))
    base = page.url.split("/debrief")[0]
    page.locator("[name=excited]").press_sequentially("REMEMBERED-1", delay=10)
    expect(page.locator("#saved")).to_contain_text("Saved at")
    page.reload()
    assert page.input_value("[name=excited]") == "REMEMBERED-1"

    # Typed and the tab closed at once, before the autosave's pause: the page-hide beacon keeps it.
    page.fill("[name=fit]", "REMEMBERED-2")
    page.close(run_before_unload=True)
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and "REMEMBERED-2" not in json.dumps(answers(service)):
        time.sleep(0.1)
    assert answers(service)["fit"] == "REMEMBERED-2"

    service.stop()
    service.start()
    again = page.context.new_page()
    again.goto(base + "/debrief/2")  # the session cookie still holds after the restart
    assert again.input_value("[name=excited]") == "REMEMBERED-1" and again.input_value("[name=fit]") == "REMEMBERED-2"


def answers(service) -> dict:
    """The stored partial answers of the Acme interview, read straight from the state file."""
    import sqlite3

    db = sqlite3.connect(service.world.root / "state.sqlite")
    try:
        row = db.execute("SELECT answers FROM debriefs WHERE interview_id = 2").fetchone()
    finally:
        db.close()
    return json.loads(row[0]) if row else {}
