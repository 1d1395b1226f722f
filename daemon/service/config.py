"""The configuration: one schema (types, defaults, help) from which loading, validation and
``config.example.toml`` all come. The keys of each connector kind are declared with the kind, in
connectors.registry, and join their section's here.

Errors name the file, the key, the value and the reason, and every problem is reported at once.
"""

from __future__ import annotations

import difflib
import os
import tomllib
from dataclasses import dataclass, field, replace
from pathlib import Path
from types import SimpleNamespace
from typing import Any

from connectors import registry
from daemon.service import paths
from daemon.core.errors import ConfigError
from daemon.service.schema import Key

ENV_VAR = "FOLLOWTHROUGH_CONFIG"


@dataclass(frozen=True)
class Section:
    name: str
    help: str
    keys: tuple[Key, ...]
    array: bool = False  # [[name]]: a list of tables
    required: tuple[str, ...] = ()  # keys that must be set in every table of an array
    example_tables: tuple[dict[str, Any], ...] = field(default=())
    #: A section whose tables name a connector kind (connectors.registry): its "kind" key takes the
    #: registered kinds, and their keys follow ``keys``, before ``tail``.
    kinds: bool = False
    tail: tuple[Key, ...] = ()


def _check_email(value: str) -> str | None:
    return None if "@" in value and " " not in value.strip() else "is not an e-mail address"


def _check_emails(values: list[str]) -> str | None:
    bad = [v for v in values if _check_email(v)]
    return f"{', '.join(map(repr, bad))} is not an e-mail address" if bad else None


def _check_patterns(values: list[str]) -> str | None:
    import re

    for v in values:
        try:
            re.compile(v)
        except re.error as exc:
            return f"{v!r} is not a regular expression ({exc})"
    return None


def _check_zone(value: str) -> str | None:
    if not value:
        return None
    from zoneinfo import ZoneInfo

    try:
        ZoneInfo(value)
    except Exception:
        return "is not a known IANA time zone (for example Europe/Berlin)"
    return None


#: The sections as written here; :func:`schema` joins in the keys of the registered connector kinds.
_SCHEMA: tuple[Section, ...] = (
    Section(
        "identity",
        "Who you are. Every address listed here is 'me': on invitations, in Sent mail.",
        (
            Key("name", "str", "", "Your name, as it appears in From: and signatures.", example="Robin Vega"),
            Key(
                "emails",
                "list[str]",
                [],
                "Every address that is you (personal and work calendars).",
                example=["robin.vega@example.org"],
                check=_check_emails,
            ),
            Key(
                "timezone",
                "str",
                "",
                "Your IANA time zone for floating and all-day events; empty: the system's zone.",
                check=_check_zone,
            ),
        ),
    ),
    Section(
        "calendars",
        "Calendars to watch for interviews; repeat the [[calendars]] table for each one.",
        (
            Key("kind", "str", "ics", "Where the calendar lives."),
            Key("name", "str", "", "A short name for this calendar, and the key its interviews are stored under; default: "
                "its source. Set it for a URL, so that a new secret address keeps your interviews."),
        ),
        array=True,
        required=("kind",),
        example_tables=({"kind": "ics", "source": "~/calendar.ics"},),
        kinds=True,
        tail=(Key("interval_minutes", "int", 15, "How often the service reads this calendar.", minimum=1, maximum=1440),),
    ),
    Section(
        "mail",
        "Where drafts are written and where sent mail and replies are seen (headers only).",
        (Key("kind", "str", "maildir", "The mailbox kind."),),
        kinds=True,
        tail=(Key("interval_minutes", "int", 15, "How often the service looks at sent mail and replies.", minimum=1, maximum=1440),),
    ),
    Section(
        "notify",
        "How the debrief prompt reaches you.",
        (
            Key(
                "urls",
                "list[str]",
                [],
                "Apprise URLs (desktop, ntfy, Telegram, Slack, ...); empty: the log and the terminal only.",
            ),
        ),
    ),
    Section(
        "drafts",
        "How the notes are written, and the language followthrough asks you in.",
        (
            Key("language", "str", "", "The language drafts and prompts are written in: English, German, French, "
                "Spanish, Portuguese or Dutch. Prompts are the notifications (the debrief prompt, its reminders, the "
                "nudge, the question about an unsure event) and the debrief's questions, in the terminal and the web "
                "form. For drafts a debrief's own `language` wins; empty: drafts in the language the debrief's answers "
                "are typed in when that is clear, else English, and prompts in English.",
                choices=("en", "de", "fr", "es", "pt", "nl")),
        ),
    ),
    Section(
        "state",
        "Where followthrough keeps what it knows about your interviews.",
        (Key("path", "str", "", "The SQLite file; empty: state.sqlite in the platform data folder.", path=True),),
    ),
    Section(
        "web",
        "The local debrief form and dashboard.",
        (
            Key("enabled", "bool", True, "Serve the form on loopback (127.0.0.1 and ::1) only."),
            Key("port", "int", 8765, "The loopback port.", minimum=1, maximum=65535),
        ),
    ),
    Section(
        "detection",
        "Your own rules, which win over detection (`followthrough scan --all` shows which applied). "
        "Title patterns are case-insensitive regular expressions.",
        (
            Key("include_titles", "list[str]", [], "Titles that are always interviews.", check=_check_patterns),
            Key("exclude_titles", "list[str]", [], "Titles that never are (exclusions win).", example=["^HOLD\\b"], check=_check_patterns),
            Key("include_organizer_domains", "list[str]", [], "Organizer domains whose events are always interviews."),
            Key("exclude_organizer_domains", "list[str]", [], "Organizer domains whose events never are (e.g. your employer's)."),
            Key("include_calendars", "list[str]", [], "Calendars (by name) whose every event is an interview."),
            Key("exclude_calendars", "list[str]", [], "Calendars (by name) never to look at for interviews."),
            Key("model", "str", "off", "A second opinion on events the rules are unsure of: 'builtin' (a small classifier "
                "shipped with followthrough, on this machine) or 'command' (your own program, JSON in and out: docs/detection.md).",
                choices=("off", "builtin", "command")),
            Key("model_command", "list[str]", [], "model = 'command': the program and its arguments (JSON in, JSON out)."),
            Key("model_timeout_seconds", "int", 10, "model = 'command': how long to wait for each answer.", minimum=1, maximum=30),
        ),
    ),
    Section(
        "schedule",
        "When followthrough acts. Business days are Monday to Friday.",
        (
            Key("prompt_delay_minutes", "int", 5, "Ask for the debrief this long after an interview ends.", minimum=0, maximum=1440),
            Key("all_day_prompt_hour", "int", 18, "For all-day events (assessment days, superdays): the hour to ask, in your zone.", minimum=0, maximum=23),
            Key("reminder_after_hours", "int", 3, "One reminder this long after an unanswered prompt; another the next morning.", minimum=1, maximum=48),
            Key("morning_hour", "int", 9, "The hour of 'the next morning' for reminders.", minimum=0, maximum=23),
            Key("nudge_after_hours", "int", 20, "Nudge once when a thank-you draft is still unsent after this long.", minimum=1, maximum=168),
            Key("grace_business_days", "int", 2, "Follow up this many business days after the decision date.", minimum=0, maximum=30),
            Key("default_decision_business_days", "int", 7, "With no usable decision date: follow up this long after the interview.", minimum=1, maximum=60),
            Key("out_of_office_business_days", "int", 3, "An automatic out-of-office reply moves the follow-up to at least this long after it.", minimum=0, maximum=30),
            Key("second_followup_business_days", "int", 7, "A second follow-up this long after the first; then the interview has gone quiet.", minimum=1, maximum=60),
            Key("heartbeat_seconds", "int", 60, "Without a wall-clock timer (outside Linux): how often the service re-checks due "
                "work after sleep or a clock jump. On Linux nothing ticks: the wall clock itself wakes it.", minimum=5, maximum=3600),
        ),
    ),
    Section(
        "google",
        "Google Calendar and Gmail, with your own OAuth client (opt-in).",
        (
            Key(
                "client_secret",
                "str",
                "",
                "Your OAuth client file; empty: client_secret.json in the config folder.",
                path=True,
            ),
            Key("token_dir", "str", "", "Where tokens live (one <account>.json each); empty: the data folder + /google.", path=True),
            Key("api_root", "str", "", "Testing and proxies only: one root replacing both Google API hosts."),
            Key("token_uri", "str", "", "Testing and proxies only: replaces the OAuth token endpoint of stored tokens."),
        ),
    ),
)

_TYPE_NAMES = {"str": "a string", "int": "an integer", "bool": "true or false", "list[str]": "a list of strings"}


def _kind_keys(section: Section) -> tuple[Key, ...]:
    """The keys of every kind registered for ``section``, once each, in the order the kinds were registered.

    A key several kinds read is documented with each one's help ("maildir: ... imap: ...") and checked
    with the first one's type, choices and range; each kind then reads it with its own default.
    """
    own = {k.name for k in section.keys + section.tail}
    merged: dict[str, Key] = {}
    helps: dict[str, list[str]] = {}
    for kind in registry.kinds(section.name):
        for key in kind.keys:
            first = merged.setdefault(key.name, key)
            checked = ("type", "choices", "minimum", "maximum", "check")
            if key.name in own or any(getattr(first, a) != getattr(key, a) for a in checked):
                raise AssertionError(f"kind {kind.name!r}: [{section.name}] {key.name} is the section's own key, "
                                     "or another kind reads it with another type, choices, range or check")
            helps.setdefault(key.name, []).append(f"{kind.name}: {key.help}")
    return tuple(replace(key, help=" ".join(helps[name])) for name, key in merged.items())


def schema() -> tuple[Section, ...]:
    """Every section with every key: the sections written here, with the registered kinds' keys joined in."""
    out = []
    for section in _SCHEMA:
        if section.kinds:
            names = tuple(k.name for k in registry.kinds(section.name))
            keys = tuple(replace(k, choices=names) if k.name == "kind" else k for k in section.keys)
            section = replace(section, keys=keys + _kind_keys(section) + section.tail, tail=())
        out.append(section)
    return tuple(out)


def _type_ok(kind: str, value: Any) -> bool:
    if kind == "str":
        return isinstance(value, str)
    if kind == "int":
        return isinstance(value, int) and not isinstance(value, bool)
    if kind == "bool":
        return isinstance(value, bool)
    if kind == "list[str]":
        return isinstance(value, list) and all(isinstance(v, str) for v in value)
    raise AssertionError(kind)


def _suggest(name: str, options: list[str]) -> str:
    close = difflib.get_close_matches(name, options, n=1)
    return f" (did you mean {close[0]!r}?)" if close else ""


class Config(SimpleNamespace):
    """A validated configuration: ``cfg.identity.emails``, ``cfg.calendars[0].source``, ..."""

    path: Path | None

    @property
    def me(self) -> set[str]:
        return {e.strip().lower() for e in self.identity.emails}


def _problem(key: Key, value: Any, where: str) -> str | None:
    """What is wrong with ``value`` for ``key``, naming the table and the key; None when it is right."""
    if not _type_ok(key.type, value):
        return f"{where}.{key.name} = {value!r}: must be {_TYPE_NAMES[key.type]}"
    if key.choices and value not in key.choices and not (value == "" == key.default):  # "": the default chooses
        return f"{where}.{key.name} = {value!r}: must be one of {', '.join(key.choices)}"
    if key.minimum is not None and value < key.minimum or key.maximum is not None and value > key.maximum:
        return f"{where}.{key.name} = {value!r}: must be between {key.minimum} and {key.maximum}"
    if key.check and (reason := key.check(value)):
        return f"{where}.{key.name} = {value!r}: {reason}"
    return None


def _expand(key: Key, value: Any, base: Path | None) -> Any:
    if key.path and value:
        p = Path(os.path.expanduser(value))
        if not p.is_absolute() and base is not None:
            p = base / p
        return str(p)
    return value


def _validate_table(section: Section, table: Any, where: str, problems: list[str], base: Path | None) -> SimpleNamespace:
    keys = {k.name: k for k in section.keys}
    out: dict[str, Any] = {k.name: (list(k.default) if isinstance(k.default, list) else k.default) for k in section.keys}
    if not isinstance(table, dict):
        problems.append(f"{where}: must be a table, not {table!r}")
        return SimpleNamespace(**out)
    for name, value in table.items():
        key = keys.get(name)
        if key is None:
            problems.append(f"{where}.{name}: unknown key{_suggest(name, list(keys))}")
        elif reason := _problem(key, value, where):
            problems.append(reason)
        else:
            out[name] = _expand(key, value, base)
    for name in section.required:
        if name not in table:
            problems.append(f"{where}: missing key {name!r}")
    return SimpleNamespace(**out)


def validate(data: dict[str, Any], *, source: str = "<config>", base: Path | None = None) -> Config:
    """Check ``data`` against the schema and fill in defaults; raise ConfigError listing every problem."""
    problems: list[str] = []
    values: dict[str, Any] = {}
    sections = schema()
    names = [s.name for s in sections]
    for name, value in data.items():
        if name not in names:
            problems.append(f"[{name}]: unknown section{_suggest(name, names)}")
    for section in sections:
        raw = data.get(section.name)
        if section.array:
            if raw is None:
                raw = []
            if not isinstance(raw, list):
                problems.append(f"{section.name}: must be written as [[{section.name}]] tables")
                raw = []
            tables = [_validate_table(section, t, f"[[{section.name}]] #{i + 1}", problems, base) for i, t in enumerate(raw)]
            values[section.name] = tables
        else:
            values[section.name] = _validate_table(section, raw if raw is not None else {}, f"[{section.name}]", problems, base)
    for section in sections:
        if section.kinds:
            problems += _kind_problems(section, data.get(section.name), values[section.name], base)
    problems += _same_calendars(values["calendars"])
    if values["detection"].model == "command" and not values["detection"].model_command:
        problems.append("[detection]: model 'command' needs model_command (the program to ask, and its arguments)")
    if problems:
        raise ConfigError(f"{source}: {len(problems)} problem{'s' if len(problems) > 1 else ''} in the configuration", problems=problems)
    return Config(path=None, **values)


def _kind_problems(section: Section, raw: Any, got: Any, base: Path | None) -> list[str]:
    """Each table of a kinds section read as its kind says: the kind's own defaults, the keys it needs, its check."""
    merged = {k.name: k for k in section.keys}
    tables, written = (got, raw if isinstance(raw, list) else []) if section.array else ([got], [raw])
    problems: list[str] = []
    for i, table in enumerate(tables):
        where = f"[[{section.name}]] #{i + 1}" if section.array else f"[{section.name}]"
        mine = written[i] if i < len(written) and isinstance(written[i], dict) else {}
        kind = registry.kind_of(section.name, table.kind)
        if kind is None or mine.get("kind", table.kind) != table.kind:
            continue  # its kind is wrong, and already told
        for key in kind.keys:  # a key it shares with another kind, read with its own default
            if (key.default, key.path) != (merged[key.name].default, merged[key.name].path):
                value = mine.get(key.name, key.default)
                setattr(table, key.name, _expand(key, value, base) if _problem(key, value, where) is None else key.default)
        for name, what in kind.needs:
            if not str(getattr(table, name)).strip():
                problems.append(f"{where}: kind {kind.name!r} needs {name}" + (f" ({what})" if what else ""))
        if kind.check:
            problems += kind.check(table, where, base)
    return problems


def _same_calendars(calendars: list[SimpleNamespace]) -> list[str]:
    """Two tables that would store their interviews under one name."""
    problems: list[str] = []
    names: dict[str, int] = {}
    for i, cal in enumerate(calendars):
        kind = registry.kind_of("calendars", cal.kind)
        name = cal.name or (kind.store_name(cal) if kind and kind.store_name else "")
        if name and name in names:
            problems.append(f"[[calendars]] #{i + 1}: same calendar as #{names[name] + 1} ({name!r}); give each a different name")
        names.setdefault(name, i)
    return problems


def default_path() -> Path:
    env = os.environ.get(ENV_VAR)
    return Path(os.path.expanduser(env)) if env else paths.config_dir() / "config.toml"


def load(path: str | os.PathLike | None = None, *, required: bool = True) -> Config:
    """Load the configuration from ``path`` (else $FOLLOWTHROUGH_CONFIG, else the platform config dir).

    With ``required=False`` a missing file gives the defaults (``scan --ics`` needs no config).
    """
    explicit = path is not None or bool(os.environ.get(ENV_VAR))
    file = Path(os.path.expanduser(str(path))) if path is not None else default_path()
    if not file.exists():
        if required or explicit:
            raise ConfigError(
                f"no configuration file at {file}",
                hint="copy config.example.toml there and edit it, or pass --config PATH",
            )
        cfg = validate({}, source="(defaults)")
        return cfg
    try:
        text = file.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{file}: cannot read the configuration ({exc})") from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{file}: not valid TOML: {exc}") from None
    cfg = validate(data, source=str(file), base=file.parent)
    cfg.path = file
    return cfg


def _toml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, list):
        return "[" + ", ".join(_toml_value(v) for v in value) + "]"
    return '"' + str(value).replace("\\", "\\\\").replace('"', '\\"') + '"'


def render_example() -> str:
    """config.example.toml, generated from the schema: every key, its default and its help."""
    lines = [
        "# followthrough configuration: every setting, with its default and what it does.",
        "# Copy it to the platform config folder (`followthrough doctor` prints the path; on Linux",
        "# ~/.config/followthrough/config.toml), or pass --config PATH, or set FOLLOWTHROUGH_CONFIG.",
        "# Unknown keys are errors. Paths may start with ~ and are relative to this file's folder.",
        "",
    ]
    for section in schema():
        lines.append(f"# {section.help}")
        tables = section.example_tables or ({},) if section.array else ({},)
        for table in tables:
            lines.append(f"[[{section.name}]]" if section.array else f"[{section.name}]")
            for key in section.keys:
                help_line = key.help + (f" One of: {', '.join(key.choices)}." if key.choices else "")
                lines.append(f"# {help_line}")
                if key.name in table:
                    lines.append(f"{key.name} = {_toml_value(table[key.name])}")
                elif key.example is not None:
                    lines.append(f"{key.name} = {_toml_value(key.example)}")
                else:
                    lines.append(f"# {key.name} = {_toml_value(key.default)}")
            lines.append("")
    return "\n".join(lines).rstrip() + "\n"


if __name__ == "__main__":  # python -m daemon.service.config > config.example.toml
    print(render_example(), end="")
