"""Run followthrough as a user service: a systemd user unit on Linux, a launchd agent on macOS.

``install``/``uninstall``/``status`` back ``followthrough service install|uninstall|status``. They touch one
file (the unit or the plist) and talk to the service manager through ``run`` (``subprocess.run`` by default).
"""

from __future__ import annotations

import getpass
import os
import plistlib
import shlex
import subprocess
import sys
import tempfile
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import TextIO

from daemon.core.errors import FollowthroughError

UNIT_NAME = "followthrough.service"
LABEL = "org.followthrough.agent"
JOURNAL = f"journalctl --user -u {UNIT_NAME}"

Runner = Callable[..., subprocess.CompletedProcess]


# -- rendering ----------------------------------------------------------------------------------


def default_exe() -> list[str]:
    """The service's command: the ``followthrough`` script next to this Python, else ``python -m daemon``."""
    bindir = Path(os.path.abspath(sys.executable)).parent
    script = bindir / ("followthrough.exe" if sys.platform == "win32" else "followthrough")
    if script.is_file() and os.access(script, os.X_OK):
        return [str(script), "run"]
    return [os.path.abspath(sys.executable), "-m", "daemon", "run"]


def service_argv(exe: list[str], config: str | None) -> list[str]:
    """``exe`` plus ``--config PATH`` (made absolute); it is a global option, so it goes before a final ``run``."""
    argv = list(exe)
    if config:
        at = len(argv) - 1 if argv and argv[-1] == "run" else len(argv)
        argv[at:at] = ["--config", os.path.abspath(os.path.expanduser(config))]
    return argv


def _systemd_quote(arg: str, *, program: bool = False) -> str:
    """One ExecStart word: % specifiers escaped, and $ variables too except in the program (always literal)."""
    arg = arg.replace("%", "%%") if program else arg.replace("%", "%%").replace("$", "$$")
    if arg and not any(c in arg for c in " \t\n\r\"'\\;"):
        return arg
    for raw, esc in (("\\", "\\\\"), ('"', '\\"'), ("\n", "\\n"), ("\r", "\\r"), ("\t", "\\t")):
        arg = arg.replace(raw, esc)
    return f'"{arg}"'


def render_systemd(exe: list[str], config: str | None) -> str:
    """The systemd user unit (Type=notify: ``run`` sends READY=1 and a WATCHDOG=1 every minute)."""
    argv = service_argv(exe, config)
    exec_start = " ".join([_systemd_quote(argv[0], program=True), *map(_systemd_quote, argv[1:])])
    return f"""\
# Written by `followthrough service install`; `followthrough service uninstall` removes it.
[Unit]
Description=followthrough: interview debriefs, thank-you and follow-up drafts (never sends mail)

[Service]
Type=notify
ExecStart={exec_start}
Restart=on-failure
RestartSec=30
WatchdogSec=120
TimeoutStartSec=120
Environment=PYTHONUNBUFFERED=1
NoNewPrivileges=yes
Nice=10

[Install]
WantedBy=default.target
"""


def render_launchd(exe: list[str], config: str | None, log_dir: str | Path) -> str:
    """The launchd agent's plist: started at login, restarted only after a failure."""
    log_dir = Path(log_dir)
    agent = {
        "Label": LABEL,
        "ProgramArguments": service_argv(exe, config),
        "RunAtLoad": True,
        "KeepAlive": {"SuccessfulExit": False},
        "ThrottleInterval": 30,
        "ProcessType": "Background",
        "EnvironmentVariables": {"PYTHONUNBUFFERED": "1"},
        "StandardOutPath": str(log_dir / "followthrough.log"),
        "StandardErrorPath": str(log_dir / "followthrough.err.log"),
    }
    return plistlib.dumps(agent, sort_keys=False).decode()


# -- where things go ----------------------------------------------------------------------------


def _kind(platform: str) -> str:
    if platform.startswith("linux"):
        return "systemd"
    if platform == "darwin":
        return "launchd"
    raise FollowthroughError(
        f"running followthrough as a background service is supported on Linux (systemd) and macOS (launchd), not on {platform}",
        hint="start `followthrough run` yourself, for example from your system's startup programs",
    )


def _where(platform: str, home: Path | None, env: Mapping[str, str] | None) -> tuple[Path, Path]:
    """The home folder (the user's unless given) and the service file in it."""
    home = Path(home) if home is not None else Path.home()
    return home, service_file(platform, home, env)


def _sayer(out: TextIO):
    """print() to ``out``, one line at a time (the commands speak to the user)."""
    return lambda line="": print(line, file=out)


def service_file(platform: str = sys.platform, home: Path | None = None, env: Mapping[str, str] | None = None) -> Path:
    """The unit (Linux, under $XDG_CONFIG_HOME or ~/.config) or the agent plist (macOS)."""
    home = Path(home) if home is not None else Path.home()
    env = os.environ if env is None else env
    if _kind(platform) == "systemd":
        xdg = env.get("XDG_CONFIG_HOME", "")
        base = Path(xdg) if os.path.isabs(xdg) else home / ".config"
        return base / "systemd" / "user" / UNIT_NAME
    return home / "Library" / "LaunchAgents" / f"{LABEL}.plist"


def _log_dir(home: Path) -> Path:
    return home / "Library" / "Logs" / "followthrough"


def _write_atomic(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` (mode 0644) through a temporary file and a rename."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as f:
                f.write(text)
                f.flush()
                os.fchmod(f.fileno(), 0o644)
                os.fsync(f.fileno())
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    except OSError as exc:
        raise FollowthroughError(f"could not write the service file {path}: {exc.strerror or exc}") from exc


def _call(run: Runner, argv: list[str]) -> subprocess.CompletedProcess | None:
    """Run a service-manager command; None when the program is not installed."""
    try:
        return run(argv, capture_output=True, text=True, check=False)
    except FileNotFoundError:
        return None
    except OSError as exc:
        return subprocess.CompletedProcess(argv, 126, "", str(exc))


def _said(proc: subprocess.CompletedProcess) -> str:
    return ((proc.stderr or "") + (proc.stdout or "")).strip() or f"exit status {proc.returncode}"


def _user() -> str:
    try:
        return getpass.getuser()
    except Exception:  # no name for this uid
        return "$USER"


def _systemctl(*args: str) -> list[str]:
    return ["systemctl", "--user", *args]


def _launchctl_domain() -> str:
    return f"gui/{os.getuid()}"


# -- commands -----------------------------------------------------------------------------------


def install(
    *,
    dry_run: bool,
    config: str | None,
    out: TextIO,
    platform: str = sys.platform,
    home: Path | None = None,
    run: Runner = subprocess.run,
    exe: list[str] | None = None,
    env: Mapping[str, str] | None = None,
) -> int:
    """Write the service file (replacing an older one) and start the service; 0 when it runs."""
    home, path = _where(platform, home, env)
    exe = exe or default_exe()
    replaced = path.exists()
    if _kind(platform) == "systemd":
        text = render_systemd(exe, config)
        commands = [_systemctl("daemon-reload"), _systemctl("enable", "--now", UNIT_NAME)]
        if replaced:  # `enable --now` leaves a running old version alone
            commands.append(_systemctl("restart", UNIT_NAME))
    else:
        text = render_launchd(exe, config, _log_dir(home))
        target = f"{_launchctl_domain()}/{LABEL}"
        commands = ([["launchctl", "bootout", target]] if replaced else []) + [
            ["launchctl", "bootstrap", _launchctl_domain(), str(path)]
        ]

    say = _sayer(out)

    if dry_run:
        say(f"Dry run: nothing is written or started. followthrough would {'replace' if replaced else 'write'} {path}:")
        say()
        out.write(text)
        say()
        say("and then run:")
        for argv in commands:
            say(f"  {shlex.join(argv)}")
        if _kind(platform) == "systemd":
            say(f"To keep it running after you log out, you would also run once: loginctl enable-linger {_user()}")
        return 0

    if platform == "darwin":
        _log_dir(home).mkdir(parents=True, exist_ok=True)
    _write_atomic(path, text)
    say(f"{'Replaced' if replaced else 'Wrote'} the service file {path}")

    if _kind(platform) == "systemd":
        for argv in commands:
            proc = _call(run, argv)
            if proc is None:
                say("systemctl was not found, so this system does not seem to use systemd: nothing was started.")
                say("Start `followthrough run` another way, for example from your desktop's startup programs.")
                return 1
            if proc.returncode != 0:
                say(f"Could not start the service: `{shlex.join(argv)}` said: {_said(proc)}")
                say(f"Check it with `systemctl --user status {UNIT_NAME}` and its log with `{JOURNAL}`.")
                return 1
        say("The followthrough service is running, and will start again each time you log in.")
        say(f"To keep it running after you log out (and start it at boot), run once: loginctl enable-linger {_user()}")
        say(f"Its log: {JOURNAL}")
        return 0

    for argv in commands:
        proc = _call(run, argv)
        if argv[1] == "bootout":
            continue  # the old agent may not be loaded: fine
        if proc is None or proc.returncode != 0:
            why = "launchctl was not found" if proc is None else f"launchctl said: {_said(proc)}"
            say(f"Could not load the agent ({why}).")
            say(f"Load it yourself with: {shlex.join(argv)}")
            return 1
    say("The followthrough agent is running, and will start again each time you log in.")
    say(f"Its log files are in {_log_dir(home)}")
    return 0


def uninstall(
    *,
    dry_run: bool,
    out: TextIO,
    platform: str = sys.platform,
    home: Path | None = None,
    run: Runner = subprocess.run,
    env: Mapping[str, str] | None = None,
) -> int:
    """Stop the service and remove its file (nothing else: settings, data, drafts and logs stay)."""
    home, path = _where(platform, home, env)
    if _kind(platform) == "systemd":
        before, after = [_systemctl("disable", "--now", UNIT_NAME)], [_systemctl("daemon-reload")]
    else:
        before, after = [["launchctl", "bootout", f"{_launchctl_domain()}/{LABEL}"]], []

    say = _sayer(out)

    if not path.exists():
        say(f"The followthrough service is not installed (there is no {path}). Nothing to do.")
        return 0
    if dry_run:
        say("Dry run: nothing is stopped or removed. followthrough would run:")
        for argv in before:
            say(f"  {shlex.join(argv)}")
        say(f"then remove {path}" + (" and run:" if after else ""))
        for argv in after:
            say(f"  {shlex.join(argv)}")
        return 0

    for argv in before:
        proc = _call(run, argv)
        if proc is not None and proc.returncode != 0 and _kind(platform) == "systemd":
            say(f"Note: `{shlex.join(argv)}` said: {_said(proc)}")
    try:
        path.unlink()
    except FileNotFoundError:
        pass
    except OSError as exc:
        raise FollowthroughError(f"could not remove the service file {path}: {exc.strerror or exc}") from exc
    for argv in after:
        _call(run, argv)
    say(f"Removed {path}: followthrough no longer runs in the background.")
    say("Your settings, interviews and drafts were not touched.")
    return 0


def status(
    *,
    out: TextIO,
    platform: str = sys.platform,
    home: Path | None = None,
    run: Runner = subprocess.run,
    env: Mapping[str, str] | None = None,
) -> int:
    """Say whether the service is installed (and running); 0 when installed and not known to be stopped."""
    home, path = _where(platform, home, env)

    say = _sayer(out)

    if not path.exists():
        say(f"The followthrough service is not installed (there is no {path}).")
        say("Install it with: followthrough service install")
        return 1
    say(f"The followthrough service is installed: {path}")

    if _kind(platform) == "systemd":
        proc = _call(run, _systemctl("is-active", UNIT_NAME))
        if proc is None:
            say("systemctl was not found, so whether it runs is unknown.")
            return 0
        state = (proc.stdout or "").strip()
        meaning = {
            "active": "running",
            "activating": "starting",
            "reloading": "running",
            "deactivating": "stopping",
            "inactive": "not running; start it with: systemctl --user start " + UNIT_NAME,
            "failed": f"stopped after an error; see why with: {JOURNAL}",
        }.get(state)
        if meaning is None:
            say(f"State: unknown (systemctl said: {_said(proc)})")
            return 0
        say(f"State: {state} ({meaning})")
        say(f"Its log: {JOURNAL}")
        return 0 if state in ("active", "activating", "reloading") else 1

    proc = _call(run, ["launchctl", "print", f"{_launchctl_domain()}/{LABEL}"])
    if proc is None:
        say("launchctl was not found, so whether it runs is unknown.")
        return 0
    if proc.returncode != 0:
        say(f"State: not loaded; load it with: launchctl bootstrap {_launchctl_domain()} {shlex.quote(str(path))}")
        return 1
    running = "state = running" in (proc.stdout or "")
    say("State: " + ("running" if running else "loaded, not running at the moment (launchd restarts it after a failure)"))
    say(f"Its log files are in {_log_dir(home)}")
    return 0
