"""The command line: thin commands that call the core; errors are handled once, here."""

from __future__ import annotations

import argparse
import json
import logging
import sys
from datetime import timedelta

from daemon import __version__
from daemon.errors import FollowthroughError, UsageError

log = logging.getLogger("followthrough")

EPILOG = """\
examples:
  followthrough scan --ics ~/calendar.ics --me me@example.org
  followthrough scan --ics https://example.org/basic.ics --since 2026-09-01 --until 2026-10-01 --json
  followthrough --now 2026-09-03T11:05:00-04:00 scan
  followthrough demo

The configuration is read from --config, else $FOLLOWTHROUGH_CONFIG, else the platform config
folder (see config.example.toml for every setting).
"""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str):  # argparse's own errors: same shape and exit code as ours
        self.print_usage(sys.stderr)
        raise UsageError(message)


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="followthrough",
        description="Watches your calendar for interviews, asks you to debrief, and writes thank-you and "
        "follow-up drafts for you to review. It never sends mail itself.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
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
    scan.set_defaults(func=cmd_scan)

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

    def __init__(self, args: argparse.Namespace):
        self.args = args
        self._config = None

    def config(self, *, required: bool = True):
        if self._config is None:
            from daemon import config

            self._config = config.load(self.args.config, required=required)
        return self._config

    @property
    def zone(self):
        from daemon.timeutil import local_zone

        cfg = self._config
        return local_zone(cfg.identity.timezone if cfg is not None else "")

    @property
    def now(self):
        from daemon.timeutil import parse_instant, real_now

        if self.args.now:
            return parse_instant(self.args.now, self.zone, what="--now")
        return real_now()


# -- commands -----------------------------------------------------------------------------------


def cmd_scan(ctx: Context) -> int:
    from connectors.registry import calendar_from_config, ics_calendar
    from daemon.detect import Identity
    from daemon.scan import as_json, scan
    from daemon.timeutil import parse_day

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
        sources = [calendar_from_config(c, zone) for c in cfg.calendars]
        if not sources:
            raise UsageError("no calendars to scan", hint="pass --ics PATH_OR_URL or add a [[calendars]] table to the configuration")
    emails = args.me or cfg.identity.emails
    if not emails:
        log.warning("no --me and no [identity] emails: you cannot be told apart from the interviewers")
    me = Identity.of(emails, cfg.identity.name)
    found, warnings = scan(sources, me, start, end)
    for w in warnings:
        print(f"warning: {w}", file=sys.stderr)
    shown = found if args.all else [f for f in found if f.detection.is_interview]
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


def print_table(found, zone, *, total: int) -> None:
    if not found:
        print(f"No interviews found among {total} events.")
        return
    for f in found:
        e, d = f.event, f.detection
        when = e.start.astimezone(zone).strftime("%a %Y-%m-%d %H:%M") if not e.all_day else e.start.strftime("%a %Y-%m-%d all day")
        mark = (d.kind or "-") if d.is_interview else "not"
        print(f"{when}  {mark:<14} {d.confidence:>4.2f}  {e.title}")
        who = ", ".join(p.label() for p in d.interviewers)
        if who:
            print(f"{'':22}thank: {who}")
    interviews = sum(1 for f in found if f.detection.is_interview)
    print(f"\n{interviews} interview{'s' if interviews != 1 else ''} among {total} events.")


def cmd_demo(ctx: Context) -> int:
    from daemon.demo import run_demo

    return run_demo(out=sys.stdout)


# -- entry point --------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
        logging.basicConfig(
            level=[logging.WARNING, logging.INFO, logging.DEBUG][min(args.verbose, 2)],
            format="%(levelname)s: %(message)s",
            stream=sys.stderr,
        )
        if not args.command:
            parser.print_help()
            return 2
        return args.func(Context(args)) or 0
    except FollowthroughError as exc:
        print(exc.render(), file=sys.stderr)
        return exc.EXIT_CODE
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0
