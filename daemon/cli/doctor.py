"""`followthrough doctor`: where everything is, and whether each part works. Changes nothing."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import TextIO

from daemon.service import config as config_mod
from daemon.service import paths
from daemon.core.errors import FollowthroughError


def run_doctor(ctx, out: TextIO) -> int:
    problems = 0

    def line(ok: bool | None, text: str) -> None:
        nonlocal problems
        mark = {True: "ok  ", False: "FAIL", None: "info"}[ok]
        problems += ok is False
        print(f"[{mark}] {text}", file=out)

    path = Path(ctx.args.config).expanduser() if ctx.args.config else config_mod.default_path()
    line(None, f"config folder: {paths.config_dir()}")
    line(None, f"data folder:   {paths.data_dir()}")
    try:
        cfg = ctx.config()
        line(True, f"configuration {path} loads")
    except FollowthroughError as exc:
        line(False, exc.render().replace("\n", "\n       "))
        return 1
    from daemon.service.app import state_path, templates_dir

    if getattr(ctx.args, "recover", False):
        return _recover(state_path(cfg), ctx.now, out)
    _doctor_state(state_path(cfg), line)
    line(None, f"your templates (override the bundled ones): {templates_dir(cfg)}")
    if not cfg.identity.emails:
        line(False, "[identity] emails is empty: you cannot be told apart from your interviewers")
    else:
        line(True, "you are: " + ", ".join(cfg.identity.emails))
    from connectors import registry

    now = ctx.now
    for cal in cfg.calendars:
        try:
            source = registry.calendar_from_config(cal, ctx.zone, cfg.google)  # one at a time: a broken one is reported alone
            if hasattr(source, "check"):  # CalDAV: login and the calendars listed
                for text in source.check():
                    line(True, text)
            fetch = source.fetch(now - timedelta(days=30), now + timedelta(days=90))
            line(True, f"calendar {source.name}: {len(fetch.events)} events in the coming weeks")
            for w in fetch.warnings[:5]:
                line(None, w)
        except FollowthroughError as exc:
            line(False, exc.message)
    if not cfg.calendars:
        line(False, "no [[calendars]]: nothing to watch")
    mail_kind = registry.kind_of("mail", cfg.mail.kind)
    if mail_kind is not None:
        try:  # the kind's own check (Maildir: the folders), else the mailbox built and asked to check()
            for ok, text in registry.doctor_lines(mail_kind, cfg.mail, registry.Wiring(cfg.google)):
                line(ok, text)
        except FollowthroughError as exc:
            line(False, exc.message + (f" ({exc.hint})" if exc.hint else ""))
    for provider in registry.SIGN_IN:  # scopes, client, tokens of each sign-in the configuration uses
        for ok, text in registry.sign_in_status(provider, cfg):
            line(ok, text)
    _doctor_detection(cfg.detection, line)
    line(None, f"notifications: {len(cfg.notify.urls)} Apprise URL(s)" if cfg.notify.urls else "notifications: log only ([notify] urls is empty)")
    line(None, "followthrough never sends mail: drafts wait for you in your Drafts folder")
    print(f"\n{problems} problem{'s' if problems != 1 else ''} found.", file=out)
    return 1 if problems else 0


def _doctor_state(path: Path, line) -> None:
    """The state file: there, writable, and sound (SQLite's integrity check, read only)."""
    from daemon.service.recover import integrity
    from daemon.service.state import _access_problem

    if not path.exists():
        line(None, f"state: {path} (created on the first run)")
        return
    problem = _access_problem(path)
    if problem:
        line(False, f"state {path}: cannot be written: {problem} (the file itself is kept as it is; do not move it aside)")
    problems = integrity(path)
    if problems:
        line(False, f"state {path} is damaged: " + "; ".join(problems[:3])
             + "\n       `followthrough doctor --recover` copies what can still be read into a new file and keeps this one")
    elif not problem:
        line(True, f"state {path}: integrity check passed")


def _recover(path: Path, now, out: TextIO) -> int:
    from daemon.service.recover import integrity, recover

    problems = integrity(path) if path.exists() else []
    if path.exists() and not problems:
        print(f"state {path} passes the integrity check: nothing to recover", file=out)
        return 0
    report = recover(path, now)
    print(f"recovered state {report.recovered} (the damaged file is kept as {report.damaged}):", file=out)
    for text in report.lines():
        print(f"  {text}", file=out)
    return 0


def _doctor_detection(detection, line) -> None:
    """The second opinion, if one is on: the classifier loads, or the command answers a sample event."""
    if detection.model == "off":
        line(None, "detection: the rules alone ([detection] model = 'off'; "
                   "`followthrough scan --all --model builtin` shows what a second opinion would change)")
        return
    from daemon.service.judge import BuiltinJudge, CommandJudge

    if detection.model == "builtin":
        try:
            builtin = BuiltinJudge()
            n = builtin.trained_on.get("events", "?")
        except (OSError, ValueError) as exc:
            line(False, f"detection: the built-in classifier cannot be read ({exc})")
            return
        line(True, f"detection: the rules, with the built-in classifier as a second opinion (trained on {n} invitations)")
        return
    from datetime import datetime, timedelta, timezone

    from daemon.detection import Identity, Rules, detect
    from daemon.core.model import Event, Person

    start = datetime(2026, 9, 2, 14, tzinfo=timezone.utc)
    dana = Person("dana@example.com", "Dana Example", partstat="ACCEPTED")
    me = Person("me@example.org", "Me", partstat="ACCEPTED")
    sample = Event("doctor", "doctor-sample", "Call", start, start + timedelta(minutes=30),
                   description="Thanks for applying. Looking forward to our chat.", organizer=dana, attendees=[dana, me])
    judge = CommandJudge(detection.model_command, detection.model_timeout_seconds)
    d = detect(sample, Identity.of(["me@example.org"], "Me"), Rules(judge=judge))
    failed = next((r for r in d.reasons if r.endswith("; the rules decide")), None)
    if failed:
        line(False, f"detection: {failed.removeprefix('judge.unavailable: ').removesuffix('; the rules decide')}")
    else:
        said = "an interview" if d.is_interview else "not an interview"
        line(True, f"detection: the model command {detection.model_command[0]!r} answers (a sample recruiter call: {said})")
