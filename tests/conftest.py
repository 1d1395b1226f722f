"""Shared fixtures: the user's identity, a project root, and a way to run the real CLI."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
ME = ["robin.vega@example.org", "robin@vega.dev", "rvega@currentco.example.com"]


#: The product under test. `make test` installs the wheel with pipx, as a user does, and sets
#: FOLLOWTHROUGH_BIN to that `followthrough`; every test that runs the CLI runs it. Without it
#: (a single test run by hand), this checkout's `python -m daemon`.
INSTALLED = os.environ.get("FOLLOWTHROUGH_BIN", "")


def followthrough(*args: str) -> list[str]:
    """The argv that runs the product's CLI with ``args``."""
    return [INSTALLED, *args] if INSTALLED else [sys.executable, "-m", "daemon", *args]


def product_python(code: str, *args: str) -> list[str]:
    """The argv that runs ``code`` in the product's own Python (the pipx venv's, isolated from this checkout)."""
    if INSTALLED:
        return [str(Path(INSTALLED).resolve().parent / "python"), "-I", "-c", code, *args]
    return [sys.executable, "-c", code, *args]


@pytest.fixture
def run_cli(tmp_path):
    """Run the product's CLI in a subprocess with an isolated HOME and XDG folders."""

    def run(*args: str, env: dict | None = None, check: bool = False, input: str | None = None):
        full_env = {
            **os.environ,
            "HOME": str(tmp_path / "home"),
            "XDG_CONFIG_HOME": str(tmp_path / "xdg-config"),
            "XDG_DATA_HOME": str(tmp_path / "xdg-data"),
            "XDG_STATE_HOME": str(tmp_path / "xdg-state"),
            "TZ": "America/New_York",
        }
        full_env.pop("FOLLOWTHROUGH_CONFIG", None)
        full_env.update(env or {})
        proc = subprocess.run(
            followthrough(*args),
            capture_output=True,
            text=True,
            env=full_env,
            cwd=ROOT,
            input=input,
            timeout=120,
        )
        if check and proc.returncode != 0:
            raise AssertionError(f"exit {proc.returncode}\nstdout:\n{proc.stdout}\nstderr:\n{proc.stderr}")
        return proc

    return run


@pytest.fixture(scope="session")
def dovecot():
    """One Dovecot for the session; each test takes its own user (a fresh, empty account)."""
    from .servers import Dovecot, dovecot_version

    if dovecot_version() is None:
        if os.environ.get("CI"):
            raise RuntimeError("dovecot is missing: .ci/run installs dovecot-imapd")
        pytest.skip("dovecot is not installed (apt-get install dovecot-imapd)")
    with Dovecot() as server:
        yield server


@pytest.fixture
def imap_user(request):
    """A user name no other test uses: a fresh mailbox on the session's Dovecot."""
    import re
    import uuid

    return re.sub(r"[^a-z0-9]", "", request.node.name.lower())[:40] + uuid.uuid4().hex[:6]
