"""`followthrough auth google` through the fake's OAuth endpoints, `doctor`, tokens on disk, lazy imports."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import urllib.request
from pathlib import Path


from connectors.google.api import Settings, write_private

from .conftest import ROOT, followthrough
from .fakes.google_fake import GoogleFake, fake  # noqa: F401 (fixture)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def write_config(root: Path, fake: GoogleFake, *, calendar: bool = True, gmail: bool = True) -> Path:
    text = '[identity]\nname = "Robin Vega"\nemails = ["robin.vega@example.org"]\ntimezone = "America/New_York"\n'
    if calendar:
        text += f'[[calendars]]\nkind = "google"\naccount = "{fake.account}"\n'
    if gmail:
        text += f'[mail]\nkind = "gmail"\naccount = "{fake.account}"\n'
    text += (f'[state]\npath = "state.sqlite"\n[web]\nenabled = false\n[google]\nclient_secret = "client_secret.json"\n'
             f'token_dir = "google"\napi_root = "{fake.url}"\ntoken_uri = "{fake.token_uri}"\n')
    (root / "config.toml").write_text(text)
    fake.client_secret_file(root / "client_secret.json")
    return root / "config.toml"


def cli_env(root: Path) -> dict:
    env = {**os.environ, "HOME": str(root), "XDG_DATA_HOME": str(root / "data"), "XDG_CONFIG_HOME": str(root / "cfg"),
           "TZ": "America/New_York", "PYTHONUNBUFFERED": "1", "OAUTHLIB_INSECURE_TRANSPORT": "1"}  # the fake is plain http
    env.pop("FOLLOWTHROUGH_CONFIG", None)
    return env


def sign_in(root: Path, *args: str) -> subprocess.CompletedProcess:
    """Run `auth google --no-browser` and play the browser: open the printed address, consent."""
    port = free_port()
    argv = followthrough("--config", str(root / "config.toml"), "auth", "google", "--no-browser", "--port", str(port), *args)
    proc = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=cli_env(root), cwd=ROOT)
    lines = []
    for line in proc.stdout:
        lines.append(line)
        if "/o/oauth2/auth?" in line:
            urllib.request.urlopen(line.strip(), timeout=30).read()  # follows the redirect to localhost:port
            break
    out, err = proc.communicate(timeout=60)
    return subprocess.CompletedProcess(argv, proc.returncode, "".join(lines) + out, err)


def test_sign_in_saves_a_private_token_and_clears_the_mark(fake, tmp_path):
    write_config(tmp_path, fake)
    settings = Settings(tmp_path / "client_secret.json", tmp_path / "google")
    write_private(settings.path(fake.account, ".reauth"), "2026-09-01T00:00:00+00:00 invalid_grant\n")
    done = sign_in(tmp_path)
    assert done.returncode == 0, done.stderr
    assert "ssh -N -L" in done.stdout and "gmail.metadata: read headers only" in done.stdout
    assert f"Signed in as {fake.account}" in done.stdout
    token = settings.path(fake.account)
    assert oct(token.stat().st_mode)[-3:] == "600" and json.loads(token.read_text())["refresh_token"].startswith("rt-")
    assert not settings.path(fake.account, ".reauth").exists()
    [auth] = fake.requests("GET", "/o/oauth2/auth")
    assert sorted(auth["query"]["scope"].split()) == sorted(
        ["https://www.googleapis.com/auth/calendar.events.readonly", "https://www.googleapis.com/auth/gmail.compose",
         "https://www.googleapis.com/auth/gmail.metadata"])
    assert auth["query"]["login_hint"] == fake.account and auth["query"]["access_type"] == "offline"


def test_calendar_only_asks_for_the_calendar_scope_only(fake, tmp_path):
    write_config(tmp_path, fake, gmail=False)
    assert sign_in(tmp_path).returncode == 0
    [auth] = fake.requests("GET", "/o/oauth2/auth")
    assert auth["query"]["scope"] == "https://www.googleapis.com/auth/calendar.events.readonly"


def test_signing_in_as_someone_else_saves_nothing(fake, tmp_path):
    write_config(tmp_path, fake)
    done = sign_in(tmp_path, "--account", "someone@example.org")
    assert done.returncode == 2 and "you signed in as robin.vega@example.org, not someone@example.org" in done.stderr
    assert not (tmp_path / "google" / "someone@example.org.json").exists()


def test_a_missing_client_file_says_where_to_put_it(fake, tmp_path, run_cli):
    write_config(tmp_path, fake)
    (tmp_path / "client_secret.json").unlink()
    proc = run_cli("--config", str(tmp_path / "config.toml"), "auth", "google")
    assert proc.returncode == 3 and "no OAuth client file" in proc.stderr and "Traceback" not in proc.stderr


def test_doctor_lists_the_scopes_and_each_accounts_token(fake, tmp_path, run_cli):
    write_config(tmp_path, fake)
    before = run_cli("--config", str(tmp_path / "config.toml"), "--now", "2026-09-02T10:00:00-04:00", "doctor")
    assert before.returncode == 1 and "not signed in; run: followthrough auth google --account robin.vega@example.org" in before.stdout
    for scope in ("calendar.events.readonly", "gmail.compose", "gmail.metadata"):
        assert scope in before.stdout
    fake.token_file(tmp_path / "google" / f"{fake.account}.json")
    after = run_cli("--config", str(tmp_path / "config.toml"), "--now", "2026-09-02T10:00:00-04:00", "doctor")
    assert after.returncode == 0, after.stdout
    assert "(mode 0600)" in after.stdout and "mail gmail: robin.vega@example.org" in after.stdout
    assert "calendar google:robin.vega@example.org/primary: 0 events" in after.stdout


def test_commands_do_not_import_the_google_client():
    code = ("import sys; from daemon.cli import main as cli; cli.build_parser(); import connectors.registry, daemon.cli.doctor, "
            "connectors.google.calendar, connectors.google.gmail, connectors.google.auth; "
            "print(sorted(m for m in sys.modules if m.startswith(('googleapiclient', 'google.', 'httplib2'))))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True).stdout
    assert out.strip() == "[]"


def test_tokens_are_written_atomically_and_privately(tmp_path):
    path = tmp_path / "google" / "a@example.org.json"
    write_private(path, "one")
    write_private(path, "two")
    assert path.read_text() == "two" and oct(path.stat().st_mode)[-3:] == "600"
    assert oct(path.parent.stat().st_mode)[-3:] == "700" and sorted(os.listdir(path.parent)) == [path.name]
