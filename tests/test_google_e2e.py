"""The whole flow through the CLI with Google Calendar and Gmail: the real client against the fake.

Sign in (`auth google`), the interview ends → `run --once` → prompt; `debrief --answers` → one
Gmail draft per person; the user sends them from Gmail (which gives one a new Message-ID); one
person replies; after the decision date exactly one follow-up in the primary contact's thread,
quoting the Message-ID Gmail kept; nothing more later; no send call ever.
"""

from __future__ import annotations

import base64
import email
import json
import subprocess
from email.policy import default as POLICY

from .conftest import ROOT, followthrough
from .fakes.google_fake import GoogleFake
from .test_e2e import AFTER_DECISION, AFTER_END, ANSWERS, BEFORE_DECISION, DEBRIEF_AT, LATER
from .test_google_auth import cli_env, sign_in, write_config

INTERVIEW = {
    "id": "e2einterview", "iCalUID": "e2e-interview@acme.example", "summary": "Interview with Acme - Backend Engineer",
    "start": {"dateTime": "2026-09-02T10:00:00-04:00", "timeZone": "America/New_York"},
    "end": {"dateTime": "2026-09-02T11:00:00-04:00", "timeZone": "America/New_York"},
    "organizer": {"email": "kim.okafor@acme.example", "displayName": "Kim Okafor"},
    "attendees": [
        {"email": "kim.okafor@acme.example", "displayName": "Kim Okafor", "organizer": True, "responseStatus": "accepted"},
        {"email": "priya.shah@acme.example", "displayName": "Priya Shah", "responseStatus": "accepted"},
        {"email": "robin.vega@example.org", "displayName": "Robin Vega", "self": True, "responseStatus": "accepted"},
        {"email": "c_4b@resource.calendar.google.com", "displayName": "Room 4B", "resource": True, "responseStatus": "accepted"},
    ],
}


def test_the_whole_flow_with_google_calendar_and_gmail(tmp_path):
    with GoogleFake() as fake:
        write_config(tmp_path, fake)
        (tmp_path / "answers.toml").write_text(ANSWERS)
        fake.put_event(INTERVIEW)
        assert sign_in(tmp_path).returncode == 0

        def cli(now: str, *args: str) -> str:
            argv = followthrough("--config", str(tmp_path / "config.toml"), "--now", now, *args)
            proc = subprocess.run(argv, capture_output=True, text=True, env=cli_env(tmp_path), cwd=ROOT, timeout=120)
            assert proc.returncode == 0, f"{args}: exit {proc.returncode}\n{proc.stdout}\n{proc.stderr}"
            return proc.stdout

        out = cli(AFTER_END, "run", "--once")
        assert "How did it go? Interview with Acme - Backend Engineer" in out
        assert "How did it go?" not in cli(AFTER_END, "run", "--once")
        cli(DEBRIEF_AT, "debrief", "1", "--answers", str(tmp_path / "answers.toml"))
        drafts = fake.draft_messages()
        assert sorted(m["To"].addresses[0].addr_spec for m in drafts) == ["kim.okafor@acme.example", "priya.shah@acme.example"]
        assert all("SECRET-PRIVATE-NOTE" not in m.as_string() and m["Message-ID"].startswith("<ft-")
                   and "X-Followthrough-Key" not in m for m in drafts)

        kim_draft = next(d for d, mid in fake.drafts.items() if "kim.okafor" in fake.messages[mid]["raw"].decode())
        kim_sent = fake.user_sends(kim_draft, new_message_id=True)  # Gmail gave it its own Message-ID
        fake.user_sends_all()
        assert "sent by you" in cli(DEBRIEF_AT, "run", "--once")
        priya = next(m for m in fake.sent_messages() if "priya.shah" in m["To"])
        fake.deliver(f"From: Priya Shah <priya.shah@acme.example>\nTo: robin.vega@example.org\nSubject: Re: {priya['Subject']}\n"
                     f"Date: Thu, 03 Sep 2026 10:00:00 -0400\nMessage-ID: <p1@acme.example>\nIn-Reply-To: {priya['Message-ID']}\n"
                     f"References: {priya['Message-ID']}\n\nThanks Robin!\n")
        cli(BEFORE_DECISION, "run", "--once")
        assert fake.drafts == {}

        mark = len(fake.log)
        cli(AFTER_DECISION, "run", "--once")
        [follow] = fake.draft_messages()
        [created] = [json.loads(r["body"])["message"] for r in fake.log[mark:] if r["method"] == "POST" and r["path"].endswith("/drafts")]
        kim = email.message_from_bytes(kim_sent["raw"], policy=POLICY)
        assert follow["To"].addresses[0].addr_spec == "kim.okafor@acme.example"
        assert created["threadId"] == kim_sent["threadId"]
        assert follow["In-Reply-To"] == kim["Message-ID"] == kim_sent["mid"] and kim_sent["mid"] in follow["References"]
        assert follow["Subject"] == "Re: " + kim["Subject"]
        assert email.message_from_bytes(base64.urlsafe_b64decode(created["raw"]), policy=POLICY)["Subject"] == follow["Subject"]

        mark = len(fake.log)
        cli(LATER, "run", "--once")
        assert len(fake.drafts) == 1
        steady = [(r["method"], r["path"].split("/v3/")[-1].split("/v1/users/me/")[-1]) for r in fake.log[mark:]]
        assert sorted(steady) == [("GET", "calendars/primary/events"), ("GET", "drafts"), ("GET", "history")], steady
        assert '"stage": "followed_up"' in cli(LATER, "status", "--json")
        assert not [r for r in fake.log if r["path"].endswith("/send")]  # the whole run: zero send calls
        assert all(r["query"].get("format") in ("metadata", "minimal") for r in fake.log if "/messages/" in r["path"])


def test_scan_reads_google_calendars_with_the_google_table(tmp_path):
    """`scan` builds the configured calendars as `run` does: token_dir, api_root and token_uri from [google]."""
    with GoogleFake() as fake:
        write_config(tmp_path, fake, gmail=False)
        fake.put_event(INTERVIEW)
        assert sign_in(tmp_path).returncode == 0
        argv = followthrough("--config", str(tmp_path / "config.toml"), "--now", AFTER_END, "scan", "--json")
        proc = subprocess.run(argv, capture_output=True, text=True, env=cli_env(tmp_path), cwd=ROOT, timeout=120)
        assert proc.returncode == 0, proc.stderr
        [found] = json.loads(proc.stdout)
        assert found["uid"] == "e2e-interview@acme.example" and found["start"] == "2026-09-02T10:00:00-04:00"
        assert [p["email"] for p in found["interviewers"]] == ["kim.okafor@acme.example", "priya.shah@acme.example"]
