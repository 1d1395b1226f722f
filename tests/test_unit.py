"""The user service: rendering the systemd unit and launchd plist, install/uninstall/status.

The service manager (systemctl, launchctl) is the boundary: a recorder stands in for ``subprocess.run``.
"""

from __future__ import annotations

import configparser
import io
import os
import plistlib
import shlex
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from daemon.cli import unit
from daemon.core.errors import FollowthroughError

ROOT = Path(__file__).resolve().parent.parent
EXE = ["/opt/followthrough/bin/followthrough", "run"]
UID = os.getuid() if hasattr(os, "getuid") else 0


class Recorder:
    """Records each argv; answers from ``replies`` (argv joined by spaces → (code, stdout, stderr))."""

    def __init__(self, replies: dict | None = None, missing: bool = False):
        self.calls: list[list[str]] = []
        self.replies = replies or {}
        self.missing = missing

    def __call__(self, argv, **kwargs):
        self.calls.append(list(argv))
        if self.missing:
            raise FileNotFoundError(2, "No such file or directory", argv[0])
        code, out, err = self.replies.get(" ".join(argv), (0, "", ""))
        return subprocess.CompletedProcess(argv, code, out, err)


def parse_unit(text: str) -> configparser.ConfigParser:
    parser = configparser.ConfigParser(strict=False, interpolation=None)
    parser.optionxform = str
    parser.read_string(text)
    return parser


def files_under(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*") if p.is_file())


@pytest.fixture
def linux(tmp_path):
    """Keyword arguments for a Linux home in tmp_path, with a recording systemctl."""
    rec = Recorder()
    out = io.StringIO()
    kw = dict(out=out, platform="linux", home=tmp_path, run=rec, env={})
    return kw, rec, out, tmp_path / ".config" / "systemd" / "user" / "followthrough.service"


@pytest.fixture
def darwin(tmp_path):
    rec = Recorder()
    out = io.StringIO()
    kw = dict(out=out, platform="darwin", home=tmp_path, run=rec, env={})
    return kw, rec, out, tmp_path / "Library" / "LaunchAgents" / "org.followthrough.agent.plist"


# -- rendering ----------------------------------------------------------------------------------


def test_systemd_unit_keys():
    parsed = parse_unit(unit.render_systemd(EXE, None))
    svc = parsed["Service"]
    assert parsed["Unit"]["Description"].startswith("followthrough")
    assert svc["Type"] == "notify"
    assert svc["ExecStart"] == "/opt/followthrough/bin/followthrough run"
    assert (svc["Restart"], svc["RestartSec"], svc["WatchdogSec"], svc["TimeoutStartSec"]) == ("on-failure", "30", "120", "120")
    assert svc["Environment"] == "PYTHONUNBUFFERED=1"
    assert (svc["NoNewPrivileges"], svc["Nice"]) == ("yes", "10")
    assert parsed["Install"]["WantedBy"] == "default.target"


def test_systemd_config_goes_before_run_and_is_absolute(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    svc = parse_unit(unit.render_systemd(EXE, "client.toml"))["Service"]
    assert shlex.split(svc["ExecStart"]) == [EXE[0], "--config", str(tmp_path / "client.toml"), "run"]


def test_systemd_quoting_of_spaces_quotes_percent_and_dollar():
    exe = ["/Users/Robin Vega/$venv/bin/python", "-m", "daemon", "run"]
    line = parse_unit(unit.render_systemd(exe, '/cfg/50% "mine"/$HOME.toml'))["Service"]["ExecStart"]
    # the program is never variable-expanded by systemd, so its $ stays single; % specifiers apply everywhere
    assert line == (
        '"/Users/Robin Vega/$venv/bin/python" -m daemon --config "/cfg/50%% \\"mine\\"/$$HOME.toml" run'
    )
    # systemd's double-quote rules for \\ and \" match POSIX shell words; %% and $$ are its own escapes
    words = [w.replace("%%", "%").replace("$$", "$") for w in shlex.split(line)]
    assert words == [exe[0], "-m", "daemon", "--config", '/cfg/50% "mine"/$HOME.toml', "run"]


@pytest.mark.skipif(not shutil.which("systemd-analyze"), reason="needs systemd-analyze")
def test_systemd_analyze_accepts_the_unit(tmp_path):
    """systemd's own parser: the unit is valid and the quoted program path (space, %, $) is found."""
    odd = tmp_path / "a b%c$d"
    odd.mkdir()
    program = odd / "followthrough"
    program.symlink_to(sys.executable)
    path = tmp_path / "followthrough.service"
    path.write_text(unit.render_systemd([str(program), "run"], str(tmp_path / "my config.toml")))
    (tmp_path / "runtime").mkdir(mode=0o700)
    env = {**os.environ, "XDG_RUNTIME_DIR": str(tmp_path / "runtime"), "SYSTEMD_LOG_LEVEL": "notice"}
    proc = subprocess.run(["systemd-analyze", "verify", "--user", str(path)], capture_output=True, text=True, env=env, cwd=tmp_path, timeout=60)
    if "Failed to initialize manager" in proc.stderr or "Failed to connect" in proc.stderr:
        pytest.skip(f"systemd-analyze cannot run here: {proc.stderr.strip()}")
    assert proc.returncode == 0, proc.stderr


def test_launchd_plist():
    agent = plistlib.loads(unit.render_launchd(EXE, "/home/r/ft.toml", "/Users/r/Library/Logs/followthrough").encode())
    assert agent["Label"] == unit.LABEL
    assert agent["ProgramArguments"] == [EXE[0], "--config", "/home/r/ft.toml", "run"]
    assert agent["RunAtLoad"] is True
    assert agent["KeepAlive"] == {"SuccessfulExit": False}
    assert agent["ProcessType"] == "Background"
    assert agent["EnvironmentVariables"] == {"PYTHONUNBUFFERED": "1"}
    assert Path(agent["StandardOutPath"]).parent == Path("/Users/r/Library/Logs/followthrough")
    assert Path(agent["StandardErrorPath"]).parent == Path("/Users/r/Library/Logs/followthrough")
    assert agent["StandardOutPath"] != agent["StandardErrorPath"]


def test_default_exe_prefers_the_console_script(tmp_path, monkeypatch):
    bindir = tmp_path / "bin"
    bindir.mkdir()
    monkeypatch.setattr(sys, "executable", str(bindir / "python"))
    assert unit.default_exe() == [str(bindir / "python"), "-m", "daemon", "run"]
    script = bindir / "followthrough"
    script.write_text("#!/bin/sh\n")
    script.chmod(0o755)
    assert unit.default_exe() == [str(script), "run"]


def test_default_exe_in_this_venv_is_absolute_and_runs():
    exe = unit.default_exe()
    assert os.path.isabs(exe[0]) and exe[-1] == "run"
    proc = subprocess.run([*exe[:-1], "--help"], capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert proc.returncode == 0 and "followthrough" in proc.stdout


def test_contrib_examples_match_the_renderers():
    service = parse_unit((ROOT / "contrib" / "followthrough.service").read_text())
    rendered = parse_unit(unit.render_systemd(["/X", "run"], None))
    assert service["Service"].pop("ExecStart") == "%h/.local/bin/followthrough run"
    rendered["Service"].pop("ExecStart")
    assert {s: dict(service[s]) for s in service.sections()} == {s: dict(rendered[s]) for s in rendered.sections()}

    agent = plistlib.loads((ROOT / "contrib" / "org.followthrough.agent.plist").read_bytes())
    expected = plistlib.loads(unit.render_launchd(["/X", "run"], None, "/L").encode())
    for key in ("ProgramArguments", "StandardOutPath", "StandardErrorPath"):
        agent.pop(key), expected.pop(key)
    assert agent == expected


# -- Linux: systemd -----------------------------------------------------------------------------


def test_install_linux_writes_0644_unit_and_enables_it(linux):
    kw, rec, out, path = linux
    assert unit.install(dry_run=False, config="/home/r/ft.toml", exe=EXE, **kw) == 0
    assert path.read_text() == unit.render_systemd(EXE, "/home/r/ft.toml")
    assert stat.S_IMODE(path.stat().st_mode) == 0o644
    assert rec.calls == [
        ["systemctl", "--user", "daemon-reload"],
        ["systemctl", "--user", "enable", "--now", "followthrough.service"],
    ]
    text = out.getvalue()
    assert str(path) in text and "loginctl enable-linger" in text and "journalctl --user -u followthrough.service" in text


def test_install_respects_xdg_config_home(linux, tmp_path):
    kw, rec, out, _ = linux
    kw["env"] = {"XDG_CONFIG_HOME": str(tmp_path / "xdg")}
    assert unit.install(dry_run=False, config=None, exe=EXE, **kw) == 0
    assert files_under(tmp_path) == [tmp_path / "xdg" / "systemd" / "user" / "followthrough.service"]
    kw["env"] = {"XDG_CONFIG_HOME": "relative/ignored"}  # the XDG spec says relative values are ignored
    assert unit.service_file("linux", tmp_path, kw["env"]) == tmp_path / ".config" / "systemd" / "user" / "followthrough.service"


def test_install_twice_replaces_and_restarts(linux):
    kw, rec, out, path = linux
    assert unit.install(dry_run=False, config=None, exe=EXE, **kw) == 0
    rec.calls.clear()
    assert unit.install(dry_run=False, config="/home/r/other.toml", exe=EXE, **kw) == 0
    assert "--config /home/r/other.toml" in path.read_text()
    assert files_under(path.parent) == [path]  # no temporary file left behind
    assert rec.calls[-1] == ["systemctl", "--user", "restart", "followthrough.service"]
    assert "Replaced" in out.getvalue()


def test_install_dry_run_writes_and_runs_nothing(linux, tmp_path):
    kw, rec, out, path = linux
    assert unit.install(dry_run=True, config=None, exe=EXE, **kw) == 0
    assert files_under(tmp_path) == [] and rec.calls == []
    text = out.getvalue()
    assert "Dry run" in text and str(path) in text
    assert unit.render_systemd(EXE, None) in text
    assert "systemctl --user enable --now followthrough.service" in text and "loginctl enable-linger" in text


def test_install_without_systemctl_explains(linux):
    kw, _, out, path = linux
    kw["run"] = Recorder(missing=True)
    assert unit.install(dry_run=False, config=None, exe=EXE, **kw) == 1
    assert path.is_file()
    assert "systemctl was not found" in out.getvalue()


def test_install_reports_systemctl_failure(linux):
    kw, _, out, path = linux
    kw["run"] = Recorder({"systemctl --user daemon-reload": (1, "", "Failed to connect to bus: No medium found\n")})
    assert unit.install(dry_run=False, config=None, exe=EXE, **kw) == 1
    text = out.getvalue()
    assert "Failed to connect to bus" in text and "systemctl --user status followthrough.service" in text


def test_uninstall_linux_removes_only_the_unit(linux):
    kw, rec, out, path = linux
    unit.install(dry_run=False, config=None, exe=EXE, **kw)
    neighbour = path.parent / "other.service"
    neighbour.write_text("[Service]\n")
    settings = path.parent.parent.parent / "followthrough" / "config.toml"
    settings.parent.mkdir(parents=True)
    settings.write_text("")
    rec.calls.clear()

    assert unit.uninstall(dry_run=True, **kw) == 0
    assert path.exists() and rec.calls == []
    assert "systemctl --user disable --now followthrough.service" in out.getvalue()

    assert unit.uninstall(dry_run=False, **kw) == 0
    assert not path.exists() and neighbour.exists() and settings.exists()
    assert rec.calls == [
        ["systemctl", "--user", "disable", "--now", "followthrough.service"],
        ["systemctl", "--user", "daemon-reload"],
    ]
    rec.calls.clear()
    assert unit.uninstall(dry_run=False, **kw) == 0  # again: nothing to do
    assert rec.calls == [] and "not installed" in out.getvalue()


def test_status_linux(linux):
    kw, rec, out, path = linux
    assert unit.status(**kw) == 1
    assert "not installed" in out.getvalue() and "followthrough service install" in out.getvalue()
    assert rec.calls == []

    unit.install(dry_run=False, config=None, exe=EXE, **kw)
    kw["run"] = Recorder({"systemctl --user is-active followthrough.service": (0, "active\n", "")})
    out.seek(0), out.truncate()
    assert unit.status(**kw) == 0
    assert str(path) in out.getvalue() and "active (running)" in out.getvalue()
    assert kw["run"].calls == [["systemctl", "--user", "is-active", "followthrough.service"]]

    kw["run"] = Recorder({"systemctl --user is-active followthrough.service": (3, "failed\n", "")})
    out.seek(0), out.truncate()
    assert unit.status(**kw) == 1
    assert "journalctl --user -u followthrough.service" in out.getvalue()

    kw["run"] = Recorder(missing=True)
    assert unit.status(**kw) == 0


# -- macOS: launchd -----------------------------------------------------------------------------


def test_install_darwin_writes_plist_and_bootstraps(darwin, tmp_path):
    kw, rec, out, path = darwin
    assert unit.install(dry_run=False, config=None, exe=EXE, **kw) == 0
    assert stat.S_IMODE(path.stat().st_mode) == 0o644
    agent = plistlib.loads(path.read_bytes())
    assert agent["ProgramArguments"] == EXE
    assert Path(agent["StandardOutPath"]).parent == tmp_path / "Library" / "Logs" / "followthrough"
    assert (tmp_path / "Library" / "Logs" / "followthrough").is_dir()
    assert rec.calls == [["launchctl", "bootstrap", f"gui/{UID}", str(path)]]

    rec.calls.clear()
    assert unit.install(dry_run=False, config="/Users/r/ft.toml", exe=EXE, **kw) == 0
    assert plistlib.loads(path.read_bytes())["ProgramArguments"][1:3] == ["--config", "/Users/r/ft.toml"]
    assert rec.calls == [
        ["launchctl", "bootout", f"gui/{UID}/org.followthrough.agent"],
        ["launchctl", "bootstrap", f"gui/{UID}", str(path)],
    ]


def test_install_darwin_failure_prints_the_command(darwin):
    kw, _, out, path = darwin
    kw["run"] = Recorder({f"launchctl bootstrap gui/{UID} {path}": (5, "", "Bootstrap failed: 5: Input/output error\n")})
    assert unit.install(dry_run=False, config=None, exe=EXE, **kw) == 1
    text = out.getvalue()
    assert "Input/output error" in text and f"launchctl bootstrap gui/{UID} {path}" in text


def test_install_darwin_dry_run(darwin, tmp_path):
    kw, rec, out, path = darwin
    assert unit.install(dry_run=True, config=None, exe=EXE, **kw) == 0
    assert files_under(tmp_path) == [] and not (tmp_path / "Library").exists() and rec.calls == []
    assert "<key>ProgramArguments</key>" in out.getvalue() and "launchctl bootstrap" in out.getvalue()


def test_uninstall_and_status_darwin(darwin):
    kw, rec, out, path = darwin
    unit.install(dry_run=False, config=None, exe=EXE, **kw)
    log = path.parent.parent / "Logs" / "followthrough" / "followthrough.log"
    log.write_text("kept\n")
    kw["run"] = Recorder({f"launchctl print gui/{UID}/org.followthrough.agent": (0, "\tstate = running\n", "")})
    assert unit.status(**kw) == 0
    assert "State: running" in out.getvalue()

    kw["run"] = rec
    rec.calls.clear()
    assert unit.uninstall(dry_run=False, **kw) == 0
    assert not path.exists() and log.exists()
    assert rec.calls == [["launchctl", "bootout", f"gui/{UID}/org.followthrough.agent"]]
    assert unit.status(**kw) == 1


def test_unsupported_platform_is_a_clear_error(tmp_path):
    with pytest.raises(FollowthroughError, match="Linux \\(systemd\\) and macOS \\(launchd\\)"):
        unit.install(dry_run=True, config=None, out=io.StringIO(), platform="win32", home=tmp_path, run=Recorder())
