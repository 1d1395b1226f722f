"""The local web UI: the debrief form, the pipeline dashboard and draft previews, on loopback only.

This module is standard library only: the CLI builds debrief links with it and stays fast.
Starlette and uvicorn are imported by :mod:`daemon.web.app` and :mod:`daemon.web.server` when
`followthrough run` starts the UI.

Access needs the per-install secret, which only the user can read: the link in the prompt
carries it once, the app swaps it for a session cookie and redirects to a URL without it.
"""

from __future__ import annotations

import os
import re
import secrets
from pathlib import Path
from types import SimpleNamespace

_SECRET_IN_URL = re.compile(r"([?&]key=)[^&\s]+")


def redact(text: str) -> str:
    """``text`` without the secret of any UI link in it: logs end up in the journal, the link must not."""
    return _SECRET_IN_URL.sub(r"\1…", text)


#: The only addresses the UI listens on.
LOOPBACK = ("127.0.0.1", "::1")


def settings(web: SimpleNamespace, state_path: Path) -> SimpleNamespace:
    """The UI's settings: ``[web]`` plus the secret's file, beside the state (one per install)."""
    return SimpleNamespace(enabled=web.enabled, port=web.port, secret_file=Path(str(state_path) + ".web-secret"))


def load_secret(path: Path) -> str:
    """The per-install secret: created once (random, 256 bits), readable and writable by the user only."""
    try:
        st = path.stat()
    except FileNotFoundError:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as f:
            f.write(secrets.token_urlsafe(32) + "\n")
        try:
            os.link(tmp, path)  # atomic, and never replaces a secret another process made meanwhile
        except FileExistsError:
            pass
        finally:
            tmp.unlink()
    else:
        if st.st_mode & 0o077:
            os.chmod(path, 0o600)
    secret = path.read_text().strip()
    if len(secret) < 32:
        raise ValueError(f"{path}: the web UI's secret is too short; delete the file to make a new one")
    return secret


def base_url(web: SimpleNamespace) -> str:
    return f"http://127.0.0.1:{web.port}"


def link(web: SimpleNamespace, path: str) -> str:
    """A URL that opens ``path`` in the UI, secret included (for the prompt and `status --json`)."""
    return f"{base_url(web)}{path}?key={load_secret(web.secret_file)}"


def debrief_link(web: SimpleNamespace, interview_id: int) -> str:
    return link(web, f"/debrief/{interview_id}")
