"""The command line: thin commands that call the core; errors are handled once, here.

Imports beyond argparse happen inside the commands, so `followthrough --help` (and a mistyped
command) answers about as fast as Python starts.
"""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING

from daemon import __version__
from daemon.core.errors import FollowthroughError, UsageError

if TYPE_CHECKING:
    from daemon.service.config import Config

EPILOG = """\
examples:
  followthrough demo                                   the whole flow on sample data, nothing of yours touched
  followthrough scan --ics ~/calendar.ics --me me@example.org
  followthrough scan --ics https://example.org/basic.ics --since 2026-09-01 --until 2026-10-01 --json
  followthrough run --once                             sync, prompt, write due drafts, exit
  followthrough status                                 the pipeline and what happens next
  followthrough debrief 3 --answers notes.toml         thank-you drafts from your answers
  followthrough --now 2026-09-03T11:05:00-04:00 run --once

The configuration is read from --config, else $FOLLOWTHROUGH_CONFIG, else the platform config
folder (see config.example.toml for every setting).
"""


class _Sized(argparse.HelpFormatter):
    """argparse's formatters sized to the terminal as ``shutil.get_terminal_size`` does, without importing
    shutil (and the compression modules it brings): a good part of the time `followthrough --help` took."""

    def __init__(self, prog: str, *args, width: int | None = None, **kwargs):
        kwargs["width"] = (_columns() - 2) if width is None else width
        super().__init__(prog, *args, **kwargs)


class _Formatter(_Sized, argparse.RawDescriptionHelpFormatter):
    pass


class _PlainFormatter(_Sized, argparse.HelpFormatter):
    pass


def _columns() -> int:
    import os

    try:
        columns = int(os.environ.get("COLUMNS", "0"))
    except ValueError:
        columns = 0
    if columns <= 0:
        try:
            columns = os.get_terminal_size(sys.__stdout__.fileno()).columns if sys.__stdout__ is not None else 0
        except (AttributeError, ValueError, OSError):
            columns = 0
    return columns or 80


class _Parser(argparse.ArgumentParser):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("formatter_class", _PlainFormatter)
        super().__init__(*args, **kwargs)

    def error(self, message: str):  # argparse's own errors: same shape and exit code as ours
        self.print_usage(sys.stderr)
        raise UsageError(message)


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="followthrough",
        description="Watches your calendar for interviews, asks you to debrief, and writes thank-you and "
        "follow-up drafts for you to review. It never sends mail itself.",
        epilog=EPILOG,
        formatter_class=_Formatter,
    )
    parser.add_argument("--config", metavar="PATH", help="configuration file (default: $FOLLOWTHROUGH_CONFIG or the platform config folder)")
    parser.add_argument(
        "--now",
        metavar="ISO8601",
        help="pretend the time is now (for demos, tests and catching up); a time without offset is local",
    )
    parser.add_argument("-v", "--verbose", action="count", default=0, help="more log output (-vv for debug)")
    parser.add_argument("--version", action="version", version=f"followthrough {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    scan = sub.add_parser(
        "scan",
        help="detect interviews in calendars, changing nothing",
        description="Read calendars and list the interviews found, with the people to thank. Changes no state. "
        "With --ics (and --me) no configuration is needed.",
        epilog="example: followthrough scan --ics ~/calendar.ics --me me@example.org --since 2026-09-01 --json",
    )
    scan.add_argument("--ics", action="append", metavar="PATH_OR_URL", default=[], help="an .ics file or URL (repeatable); replaces the configured calendars")
    scan.add_argument("--me", action="append", metavar="EMAIL", default=[], help="an address that is you (repeatable); replaces [identity] emails")
    scan.add_argument("--since", metavar="DATE", help="start of the window (default: a year before now)")
    scan.add_argument("--until", metavar="DATE", help="end of the window (default: a year after now)")
    scan.add_argument("--all", action="store_true", help="list every event with the decision, not only interviews")
    scan.add_argument("--json", action="store_true", help="machine-readable output (a JSON list)")
    scan.add_argument("--model", choices=("off", "builtin", "command"),
                      help="try a second opinion on unsure events without changing the configuration "
                           "('command' uses [detection] model_command); replaces [detection] model")
    scan.set_defaults(func=cmd_scan)

    run = sub.add_parser(
        "run",
        help="the service: watch calendars and mail, prompt, write drafts (foreground)",
        description="Runs in the foreground (systemd or launchd runs this). Everything that became due while it "
        "was not running happens once on start. It never sends mail.",
        epilog="example: followthrough --now 2026-09-03T11:05:00-04:00 run --once",
    )
    run.add_argument("--once", action="store_true", help="sync every calendar and mailbox, perform every action due now, exit")
    run.set_defaults(func=cmd_run)

    status = sub.add_parser("status", help="the pipeline: interviews, stages, next actions, drafts",
                            description="Shows every interview followthrough knows, what happens next and when.")
    status.add_argument("--json", action="store_true", help="machine-readable output")
    status.add_argument("--all", action="store_true", help="include closed, skipped and cancelled interviews in the table")
    status.set_defaults(func=cmd_status)

    debrief = sub.add_parser(
        "debrief",
        help="answer the debrief for an interview; creates the thank-you drafts",
        description="Asks what you heard and who you met, then writes one thank-you draft per person into your "
        "Drafts folder. Without --answers it asks in the terminal and keeps every answer as you type.",
        epilog="example: followthrough debrief 3 --answers notes.toml   (see the README for the answers format)",
    )
    debrief.add_argument("interview", metavar="ID_OR_UID", help="the number from `followthrough status`, or the event UID")
    debrief.add_argument("--answers", metavar="FILE.toml", help="read the answers from a TOML file instead of asking")
    debrief.set_defaults(func=cmd_debrief)

    outcome = sub.add_parser("outcome", help="record the outcome: offer, rejected, next-round or withdrawn",
                             description="Ends the wait for news. 'rejected' also drafts a gracious closing note.")
    outcome.add_argument("interview", metavar="ID_OR_UID")
    outcome.add_argument("outcome", choices=["offer", "rejected", "next-round", "withdrawn"])
    outcome.set_defaults(func=cmd_outcome)

    mark = sub.add_parser(
        "mark",
        help="tell followthrough an event is (or is not) an interview; remembered for its series and organizer",
        description="Overrides detection for this event's series from now on, and for other events from the same "
        "organizer unless a more specific rule says otherwise. `scan --all` shows the rule that applied.",
        epilog="example: followthrough mark 3 not-interview    or    followthrough mark abc123@google.com interview",
    )
    mark.add_argument("interview", metavar="ID_OR_UID", help="a number from `status`, or an event UID from `scan --all --json`")
    mark.add_argument("verdict", choices=["interview", "not-interview"])
    mark.set_defaults(func=cmd_mark)

    wait = sub.add_parser(
        "wait", help="they replied only to say they'd get back to you: bring the follow-up back",
        description="A reply from the primary contact ends the wait for news (followthrough never reads the body). "
        "If it only said they would get back to you, this brings the follow-up back, the default wait "
        "([schedule] default_decision_business_days) after their reply.",
        epilog="example: followthrough wait 3",
    )
    wait.add_argument("interview", metavar="ID_OR_UID")
    wait.set_defaults(func=cmd_wait)

    skip = sub.add_parser("skip", help="ignore an interview: no prompts, drafts or follow-ups")
    skip.add_argument("interview", metavar="ID_OR_UID")
    skip.set_defaults(func=cmd_skip)

    service = sub.add_parser("service", help="install the user service (systemd or launchd)",
                             description="Installs, removes or checks the user service that runs `followthrough run`.")
    service.add_argument("action", choices=["install", "uninstall", "status"])
    service.add_argument("--dry-run", action="store_true", help="print the service file and commands; change nothing")
    service.set_defaults(func=cmd_service)

    auth = sub.add_parser(
        "auth",
        help="sign in to Google (Calendar, Gmail) with your own OAuth client",
        description="Opens Google's sign-in in a browser and saves the account's token (readable by you only). "
        "The service never signs in by itself: when Google refuses a token it asks you to run this again.",
        epilog="examples:\n  followthrough auth google --account robin@gmail.com\n"
        "  followthrough auth google --no-browser --port 8089    (on a server: prints an ssh -L recipe)",
        formatter_class=_Formatter,
    )
    auth.add_argument("provider", choices=_SignIns(), metavar="PROVIDER", help="where to sign in: %(choices)s")
    auth.add_argument("--client-secret", metavar="FILE", help="your OAuth client JSON (default: [google] client_secret)")
    auth.add_argument("--account", metavar="EMAIL", help="the account to sign in (default: the one in the configuration)")
    auth.add_argument("--no-browser", action="store_true", help="print the sign-in address instead of opening a browser")
    auth.add_argument("--port", type=int, default=0, metavar="N", help="local port for Google's redirect (default: any; 8089 with --no-browser)")
    auth.set_defaults(func=cmd_auth)

    web = sub.add_parser("web", help="print the link to the local dashboard (secret included)",
                         description="The dashboard runs inside `followthrough run` when [web] enabled = true. "
                         "The link carries your per-install secret: open it on this machine only.")
    web.set_defaults(func=cmd_web)

    doctor = sub.add_parser("doctor", help="check the configuration, folders, state, calendars and mailbox",
                            description="Checks every part and says what is wrong. With --recover, copies what can "
                            "still be read from a damaged state file into a new one (the damaged file is kept beside it).")
    doctor.add_argument("--recover", action="store_true",
                        help="recover a damaged state file: read what can be read into a new file, keep the old one (stop the service first)")
    doctor.set_defaults(func=cmd_doctor)

    demo = sub.add_parser(
        "demo",
        help="show what followthrough does, on bundled sample data",
        description="Runs on a bundled sample calendar in a temporary folder; touches nothing of yours.",
    )
    demo.set_defaults(func=cmd_demo)
    return parser


# -- context shared by commands ------------------------------------------------------------------


class Context:
    """What every command needs: the parsed arguments, the configuration (loaded on demand), now."""

    def __init__(self, args: argparse.Namespace, *, command_line: bool = False):
        self.args = args
        self.command_line = command_line  # argv is this process's own (not main(argv) called from Python)
        self._config: Config | None = None

    def config(self, *, required: bool = True):
        if self._config is None:
            from daemon.service import config

            self._config = config.load(self.args.config, required=required)
        return self._config

    @property
    def zone(self):
        from daemon.service.clock import local_zone

        cfg = self._config
        return local_zone(cfg.identity.timezone if cfg is not None else "")

    def service(self):
        from daemon.service.app import build_service

        return build_service(self.config(), self.zone)

    @property
    def now(self):
        from daemon.core.timeutil import parse_instant
        from daemon.service.clock import real_now

        if self.args.now:
            return parse_instant(self.args.now, self.zone, what="--now")
        return real_now()


# -- commands -----------------------------------------------------------------------------------


def cmd_scan(ctx: Context) -> int:
    import json
    import logging
    from datetime import timedelta

    from connectors.registry import ics_calendar
    from daemon.service.app import calendars
    from daemon.detection import Identity
    from daemon.service.scan import as_json, print_table, scan
    from daemon.core.timeutil import parse_day

    args = ctx.args
    cfg = ctx.config(required=not args.ics)
    zone = ctx.zone
    now = ctx.now
    start = parse_day(args.since, zone, what="--since") if args.since else now - timedelta(days=365)
    end = parse_day(args.until, zone, what="--until") if args.until else now + timedelta(days=365)
    if args.until and len(args.until.strip()) == 10:
        end += timedelta(days=1)  # a date as --until includes that whole day
    if end <= start:
        raise UsageError(f"--until ({args.until}) must be after --since ({args.since or 'a year before now'})")
    if args.ics:
        sources = [ics_calendar(s, zone) for s in args.ics]
    else:
        sources = calendars(cfg, zone)
        if not sources:
            raise UsageError("no calendars to scan", hint="pass --ics PATH_OR_URL or add a [[calendars]] table to the configuration")
    emails = args.me or cfg.identity.emails
    if not emails:
        logging.getLogger("followthrough").warning("no --me and no [identity] emails: you cannot be told apart from the interviewers")
    me = Identity.of(emails, cfg.identity.name)
    if args.model:
        cfg.detection.model = args.model
        if args.model == "command" and not cfg.detection.model_command:
            raise UsageError("--model command needs [detection] model_command in the configuration",
                             hint="see docs/detection.md for what the command reads and answers")
    found, warnings = scan(sources, me, start, end, _rules(cfg))
    for w in warnings:
        print(f"warning: {w}", file=sys.stderr)
    shown = found if args.all else [f for f in found if f.detection.is_interview or f.detection.ask]
    if args.json:
        rows = [as_json(f, zone) for f in shown]
        if args.all:
            for row, f in zip(rows, shown):
                row["interview"] = f.detection.is_interview
        json.dump(rows, sys.stdout, indent=2, ensure_ascii=False)
        print()
        return 0
    print_table(shown, zone, total=len(found))
    return 0


def _rules(cfg):
    """The user's detection rules, with the marks stored in the state (read only: scan changes nothing)."""
    from daemon.service.app import state_path
    from daemon.service.judge import rules_from_config
    from daemon.service.state import read_marks

    return rules_from_config(cfg.detection, read_marks(state_path(cfg)) if cfg.path is not None else [])


def cmd_mark(ctx: Context) -> int:
    from datetime import timedelta

    from daemon.core.errors import NotFound
    from daemon.service.scan import scan

    service = ctx.service()
    now = ctx.now
    key = ctx.args.interview
    verdict = ctx.args.verdict == "interview"
    try:
        iv = service.state.interview(key)
        uid, organizer, title = iv.uid, (iv.organizer or {}).get("email", ""), iv.title
    except NotFound:
        iv = None
        found, _ = scan(service.calendars, service.me, now - timedelta(days=365), now + timedelta(days=365))
        event = next((f.event for f in found if f.event.uid == key), None)
        if event is None:
            raise NotFound(f"no interview or calendar event with id or UID {key!r}",
                           hint="`followthrough status` lists interviews; `followthrough scan --all --json` lists event UIDs") from None
        uid, organizer, title = event.uid, event.organizer.email if event.organizer else "", event.title
    if iv is not None:
        service.answer(iv, verdict, now)  # remembered as a mark; a yes to a question prompts at once
    else:
        service.state.add_mark(uid, organizer, verdict, now)
    print(f"marked {title!r} {'an interview' if verdict else 'not an interview'}"
          + (f"; other events from {organizer} will be treated the same" if organizer else ""))
    for line in service.said:  # the debrief prompt, when the yes made it due
        print(line)
    if verdict:
        service.sync_calendars(now)
    return 0


def cmd_run(ctx: Context) -> int:
    from daemon.service.app import state_path
    from daemon.service.state import ServiceLock

    if not ctx.args.once and ctx.command_line:
        _with_system_malloc()
    cfg = ctx.config()
    service = ctx.service()
    with ServiceLock(state_path(cfg)):
        if ctx.args.once:
            now = ctx.now
            try:
                service.tick(now)  # a state that cannot be read or written raises: a non-zero exit
            finally:
                for line in service.said:
                    print(line)
            nxt = service.next_wakeup()
            print(f"next action: {nxt.astimezone(ctx.zone):%a %Y-%m-%d %H:%M}" if nxt else "nothing scheduled")
            return 0
        from daemon.service.serve import serve
        from daemon.service.clock import real_now

        offset = ctx.now - real_now()
        return serve(
            service,
            lambda: real_now() + offset,
            calendar_minutes=[c.interval_minutes for c in cfg.calendars],
            mail_minutes=cfg.mail.interval_minutes,
            heartbeat_seconds=cfg.schedule.heartbeat_seconds,
        )


def _with_system_malloc() -> None:
    """Run the long-running service on the C library's malloc (``PYTHONMALLOC=malloc``), by re-executing once.

    Parsing a large calendar leaves a few live objects scattered over Python's small-object arenas, which
    are then never given back: the service kept 60 MB more after one read of a 10,000-event calendar.
    With glibc's malloc, ``malloc_trim`` after each step returns it (daemon.service.serve.release_memory). Linux only;
    a PYTHONMALLOC the user set is left alone; the process id stays the same (systemd, launchd).
    """
    import os

    if not sys.platform.startswith("linux") or "PYTHONMALLOC" in os.environ or len(sys.orig_argv) < 2:
        return
    try:
        os.execve(sys.executable, [sys.executable, *sys.orig_argv[1:]], {**os.environ, "PYTHONMALLOC": "malloc"})
    except OSError:  # run on as we are
        pass


def cmd_status(ctx: Context) -> int:
    service = ctx.service()
    rows = service.status()
    if ctx.args.json:
        import json

        json.dump(rows, sys.stdout, indent=2, ensure_ascii=False)
        print()
        return 0
    replied = [r for r in rows if r["stage"] == "closed" and (r.get("closed_reason") or "").startswith("reply from ")]
    shown = [r for r in rows if ctx.args.all or r["stage"] not in ("closed", "skipped", "cancelled") or r in replied]
    if not shown:
        print("No interviews yet." if not rows else "Nothing open (use --all to see closed ones).")
        return 0
    for r in shown:
        print(f"#{r['id']:<3} {r['start'][:16].replace('T', ' ')}  {r['stage']:<16} {r['title']}")
        if r["stage"] == "unconfirmed":
            print(f"     was it an interview? followthrough mark {r['id']} interview|not-interview"
                  + (f" (unsure: {r['unsure']})" if r.get("unsure") else ""))
        if r in replied:
            print(f"     {r['closed_reason'].removeprefix('reply from ')} replied, so no follow-up; if they'll get back to you: "
                  f"followthrough wait {r['id']}")
        if r["next_action"]:
            when = f" at {r['next_action_at'][:16].replace('T', ' ')}" if r["next_action_at"] else ""
            print(f"     next: {r['next_action']}{when}")
        for d in r["drafts"]:
            print(f"     draft {d['kind']:<13} {d['state']:<8} to {d['to']}: {d['subject']}")
    return 0


def _interview(ctx: Context, service):
    return service.state.interview(ctx.args.interview)


def cmd_debrief(ctx: Context) -> int:
    from daemon.cli.answers import ask_in_terminal, load_answers
    from daemon.core.debrief import prefill
    from daemon.core.prompts import terminal_words

    service = ctx.service()
    iv = _interview(ctx, service)
    now = ctx.now
    if iv.stage == "unconfirmed":  # starting the debrief of an unsure event answers its question: yes
        print(service.answer(iv, True, now, debriefing=True))
        iv = service.state.interview(iv.id)
    stored, completed = service.state.debrief(iv.id)
    if ctx.args.answers:
        answers = {**prefill(iv), **load_answers(ctx.args.answers)}
    else:
        say = terminal_words(service.prompt_language())
        if completed is not None:
            print(say["again"].format(id=iv.id))
        answers = stored or prefill(iv)
        try:
            answers = ask_in_terminal(iv, answers, lambda a: service.state.save_answers(iv.id, a, now), out=sys.stdout,
                                      lang=service.prompt_language())
        except (EOFError, KeyboardInterrupt):
            print("\n" + say["paused"].format(id=iv.id))
            return 130
    notes = service.complete_debrief(iv, answers, now)
    for line in service.said:
        print(line)
    for n in notes:
        print(n)
    return 0


def cmd_outcome(ctx: Context) -> int:
    service = ctx.service()
    print(service.record_outcome(_interview(ctx, service), ctx.args.outcome, ctx.now))
    return 0


def cmd_wait(ctx: Context) -> int:
    service = ctx.service()
    print(service.keep_waiting(_interview(ctx, service), ctx.now))
    return 0


def cmd_skip(ctx: Context) -> int:
    service = ctx.service()
    print(service.skip(_interview(ctx, service), ctx.now))
    return 0


def cmd_service(ctx: Context) -> int:
    import os

    from daemon.cli import unit

    config = ctx.args.config or os.environ.get("FOLLOWTHROUGH_CONFIG")
    if ctx.args.action == "install":
        return unit.install(dry_run=ctx.args.dry_run, config=config, out=sys.stdout)
    if ctx.args.action == "uninstall":
        return unit.uninstall(dry_run=ctx.args.dry_run, out=sys.stdout)
    return unit.status(out=sys.stdout)


class _SignIns:
    """The `auth` providers the connector kinds use, read from the registry only when `auth` is parsed or
    its help shown (with a metavar, argparse leaves it alone while the parser is built: `--help` stays fast)."""

    def _names(self) -> list[str]:
        from connectors.registry import SIGN_IN

        return list(SIGN_IN)

    def __contains__(self, name: object) -> bool:
        return name in self._names()

    def __iter__(self):
        return iter(self._names())


def cmd_auth(ctx: Context) -> int:
    from connectors.registry import sign_in

    a = ctx.args
    return sign_in(a.provider, ctx.config(required=False), account=a.account, client_secret=a.client_secret,
                   no_browser=a.no_browser, port=a.port, out=sys.stdout)


def cmd_web(ctx: Context) -> int:
    from daemon import web
    from daemon.service.app import state_path

    cfg = ctx.config()
    if not cfg.web.enabled:
        raise UsageError("the web UI is off", hint="set enabled = true in [web] and restart `followthrough run`")
    print(web.link(web.settings(cfg.web, state_path(cfg)), "/"))
    return 0


def cmd_doctor(ctx: Context) -> int:
    from daemon.cli.doctor import run_doctor

    return run_doctor(ctx, out=sys.stdout)


def cmd_demo(ctx: Context) -> int:
    from daemon.cli.demo import run_demo

    return run_demo(out=sys.stdout)


# -- entry point --------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    # Each line out at once, through a pipe or the journal too: console scripts installed by pip/pipx
    # start Python with -E, which ignores the units' PYTHONUNBUFFERED (and the sign-in address that
    # google-auth-oauthlib prints would otherwise wait in a buffer while the sign-in waits for it).
    reconfigure = getattr(sys.stdout, "reconfigure", None)
    if reconfigure:
        reconfigure(line_buffering=True)
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
        import logging

        quiet = args.command != "run" or getattr(args, "once", False)
        logging.basicConfig(
            level=[logging.WARNING if quiet else logging.INFO, logging.INFO, logging.DEBUG][min(args.verbose, 2)],
            format="%(levelname)s: %(message)s",
            stream=sys.stderr,
        )
        if not args.command:
            parser.print_help()
            return 2
        return args.func(Context(args, command_line=argv is None)) or 0
    except FollowthroughError as exc:
        print(exc.render(), file=sys.stderr)
        return exc.EXIT_CODE
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0
