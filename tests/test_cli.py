"""The command-line contract, driven in subprocesses as a user or a script would."""

from __future__ import annotations

import json
from datetime import datetime

from daemon.cli.demo import sample_calendar

ME = ["--me", "robin.vega@example.org", "--me", "rvega@currentco.example.com"]
WINDOW = ["--since", "2026-08-30", "--until", "2026-09-13"]


def test_scan_json_needs_no_config_and_follows_the_contract(run_cli):
    proc = run_cli("scan", "--ics", str(sample_calendar()), *ME, *WINDOW, "--json", check=True)
    rows = json.loads(proc.stdout)
    assert [r["uid"] for r in rows] == [
        "sample-screen-northwind@followthrough.example",
        "sample-technical-acme@greenhouse.io",
        "sample-info@followthrough.example",
        "sample-final-globex@followthrough.example",
    ]
    for r in rows:
        assert {"uid", "recurrence_id", "title", "start", "end", "kind", "confidence", "interviewers", "source"} <= set(r)
        assert datetime.fromisoformat(r["start"]).utcoffset() is not None
        assert r["kind"] in ("screen", "technical", "hiring_manager", "panel", "onsite", "final", "assessment", "informational", "other")
        assert 0 <= r["confidence"] <= 1
        assert all(set(p) >= {"name", "email"} for p in r["interviewers"])
        assert r["reasons"]
    acme = rows[1]
    assert acme["kind"] == "technical"
    assert datetime.fromisoformat(acme["start"]) == datetime.fromisoformat("2026-09-02T14:00:00+00:00")
    assert [p["email"] for p in acme["interviewers"]] == ["kim.okafor@acme-robotics.example.com", "priya.shah@acme-robotics.example.com"]
    globex = rows[3]  # TZID "Pacific Standard Time" (a Windows name): 13:00 in Los Angeles
    assert datetime.fromisoformat(globex["start"]) == datetime.fromisoformat("2026-09-08T20:00:00+00:00")
    assert rows[2]["kind"] == "informational"


def test_global_options_before_the_command_and_now_sets_the_window(run_cli):
    proc = run_cli("--now", "2026-09-01T08:00:00", "scan", "--ics", str(sample_calendar()), *ME, "--json", check=True)
    assert len(json.loads(proc.stdout)) == 4
    proc = run_cli("--now", "2028-01-01T00:00:00-05:00", "scan", "--ics", str(sample_calendar()), *ME, "--json", check=True)
    assert json.loads(proc.stdout) == []


def test_scan_table_is_readable(run_cli):
    proc = run_cli("scan", "--ics", str(sample_calendar()), *ME, *WINDOW, check=True)
    assert "Interview with Acme Robotics" in proc.stdout
    assert "thank: Kim Okafor <kim.okafor@acme-robotics.example.com>" in proc.stdout
    assert "4 interviews among 10 events." in proc.stdout
    assert "Podcast" not in proc.stdout


def test_scan_all_explains_rejections(run_cli):
    proc = run_cli("scan", "--ics", str(sample_calendar()), *ME, *WINDOW, "--all", "--json", check=True)
    rows = {r["uid"]: r for r in json.loads(proc.stdout)}
    podcast = rows["sample-podcast@followthrough.example"]
    assert podcast["interview"] is False and any("podcast" in r for r in podcast["reasons"])
    assert any("declined" in r for r in rows["sample-declined@followthrough.example"]["reasons"])


def test_scan_uses_the_configured_calendars(run_cli, tmp_path):
    cfg = tmp_path / "c.toml"
    cfg.write_text(
        f'[identity]\nemails = ["robin.vega@example.org"]\ntimezone = "America/New_York"\n'
        f'[[calendars]]\nkind = "ics"\nsource = "{sample_calendar()}"\n'
    )
    proc = run_cli("--config", str(cfg), "scan", *WINDOW, "--json", check=True)
    assert len(json.loads(proc.stdout)) == 4
    proc = run_cli("scan", *WINDOW, "--json", env={"FOLLOWTHROUGH_CONFIG": str(cfg)}, check=True)
    assert len(json.loads(proc.stdout)) == 4


def test_missing_calendar_is_a_clear_error_without_traceback(run_cli, tmp_path):
    proc = run_cli("scan", "--ics", str(tmp_path / "missing.ics"), "--json")
    assert proc.returncode == 4
    assert "missing.ics" in proc.stderr and "file not found" in proc.stderr
    assert "Traceback" not in proc.stderr and proc.stdout == ""


def test_unreachable_url_is_a_clear_error(run_cli):
    proc = run_cli("scan", "--ics", "http://127.0.0.1:9/calendar.ics")
    assert proc.returncode == 4 and "127.0.0.1:9" in proc.stderr and "Traceback" not in proc.stderr


def test_bad_config_lists_problems(run_cli, tmp_path):
    cfg = tmp_path / "c.toml"
    cfg.write_text('[web]\nport = "x"\n[identity]\nemail = "a@b.c"\n')
    proc = run_cli("--config", str(cfg), "scan")
    assert proc.returncode == 3
    assert "2 problems" in proc.stderr and "[web].port" in proc.stderr and "did you mean 'emails'" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_no_config_and_no_ics_explains_what_to_do(run_cli):
    proc = run_cli("scan")
    assert proc.returncode == 3 and "no configuration file at" in proc.stderr and "config.example.toml" in proc.stderr


def test_bad_arguments(run_cli):
    proc = run_cli("--now", "yesterday-ish", "scan", "--ics", str(sample_calendar()))
    assert proc.returncode == 2 and "--now" in proc.stderr and "ISO 8601" in proc.stderr
    proc = run_cli("scan", "--ics", str(sample_calendar()), "--since", "2026-09-10", "--until", "2026-09-01")
    assert proc.returncode == 2 and "--until" in proc.stderr
    proc = run_cli("frobnicate")
    assert proc.returncode == 2 and "invalid choice" in proc.stderr


def test_help_teaches(run_cli):
    out = run_cli("--help", check=True).stdout
    assert "scan" in out and "demo" in out and "examples:" in out and "never sends mail" in out
    out = run_cli("scan", "--help", check=True).stdout
    assert "--ics" in out and "--me" in out and "--json" in out and "example:" in out


def test_demo_runs(run_cli):
    proc = run_cli("demo", check=True)
    out = proc.stdout
    assert "Traceback" not in proc.stderr + out and "Error" not in proc.stderr, proc.stderr
    assert [n for n in range(1, 8) if f"── {n}. " not in out] == []  # every stage, from the wheel too
    assert "Interview with Acme Robotics" in out and "title says 'podcast'" in out
    assert "How did it go?" in out
    assert out.count("Subject: Thank you — Acme Robotics interview on September 2") == 2
    assert "Dear Dr. Okafor," in out and "rambled" not in out  # private notes never in a draft
    flat = " ".join(out.split())
    assert "In my last role I cut false alerts by 60%" in flat and "I'd bring in my" not in flat  # the fit, as a sentence
    assert "Subject: Re: Thank you — Acme Robotics interview on September 2" in out and "In-Reply-To: <" in out
    assert "#2 followed_up" in out


def test_scan_can_try_a_second_opinion_without_changing_the_configuration(run_cli, tmp_path):
    ics = tmp_path / "unsure.ics"
    ics.write_text(
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\nBEGIN:VEVENT\r\nUID:unsure-1\r\n"
        "DTSTAMP:20260801T000000Z\r\nDTSTART:20260902T140000Z\r\nDTEND:20260902T144500Z\r\nSUMMARY:Call\r\n"
        "DESCRIPTION:Thanks for applying. Looking forward to our chat.\r\n"
        "ORGANIZER;CN=Dana Ruiz:mailto:dana.ruiz@quarry.example\r\n"
        "ATTENDEE;CN=Dana Ruiz;PARTSTAT=ACCEPTED:mailto:dana.ruiz@quarry.example\r\n"
        "ATTENDEE;CN=Robin Vega;PARTSTAT=ACCEPTED:mailto:robin.vega@example.org\r\n"
        "END:VEVENT\r\nEND:VCALENDAR\r\n"
    )
    args = ("scan", "--ics", str(ics), *ME, *WINDOW, "--all", "--json")
    alone = json.loads(run_cli(*args, check=True).stdout)[0]
    assert not any("classifier" in r for r in alone["reasons"])
    judged = json.loads(run_cli(*args, "--model", "builtin", check=True).stdout)[0]
    assert any("the local classifier gives it" in r for r in judged["reasons"])
    proc = run_cli("scan", "--ics", str(sample_calendar()), *ME, *WINDOW, "--model", "command")
    assert proc.returncode == 2 and "model_command" in proc.stderr and "Traceback" not in proc.stderr


def test_help_imports_nothing_beyond_argparse():
    """`followthrough --help` answers about as fast as Python starts: no logging, json, datetime or shutil, no core."""
    import subprocess
    import sys

    code = ("import sys\nfrom daemon.cli.main import main\ntry:\n    main(['--help'])\nexcept SystemExit:\n    pass\n"
            "heavy = ('logging', 'json', 'datetime', 'shutil', 'lzma', 'daemon.service.config', 'daemon.service.runner', 'connectors')\n"
            "print('LOADED', sorted(m for m in heavy if m in sys.modules and m not in sys.argv[1:]))")
    # what the interpreter loads before any of ours (a dependency's .pth file may import shutil at start-up)
    bare = subprocess.run([sys.executable, "-c", "import sys; print(' '.join(sys.modules))"], capture_output=True, text=True,
                          timeout=60, env={"PATH": "/usr/bin:/bin"}).stdout.split()
    proc = subprocess.run([sys.executable, "-c", code, *bare], capture_output=True, text=True, timeout=60, env={"PATH": "/usr/bin:/bin"})
    assert "LOADED []" in proc.stdout, proc.stdout + proc.stderr
    assert "usage: followthrough" in proc.stdout


def test_wait_teaches_what_it_undoes(run_cli):
    out = run_cli("wait", "--help", check=True).stdout
    assert "get back to you" in out and "example: followthrough wait 3" in out
