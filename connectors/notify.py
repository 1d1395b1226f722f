"""Notifiers: how a debrief prompt reaches the user. Every prompt is also logged.

With no ``[notify] urls`` the prompt goes to the log only (and to the terminal of `run --once`).
With URLs, Apprise pushes it (desktop, ntfy, Telegram, Slack, e-mail, ...). To read a URL Apprise
loads every one of its plugins (some 40 MB), and a Python process never gives that back; so each
notification is handed to a short-lived child process (``python -m connectors.notify``) and the
service stays small between prompts. The URLs, which may carry tokens, reach the child on its
standard input, never on its command line.
"""

from __future__ import annotations

import abc
import json
import logging
import subprocess
import sys

log = logging.getLogger("followthrough.notify")


class Notifier(abc.ABC):
    """Pushes a short message to the user. Must not raise: a lost notification is logged, not fatal."""

    @abc.abstractmethod
    def notify(self, title: str, body: str) -> bool:
        """Deliver the message; True when every channel accepted it."""


class LogNotifier(Notifier):
    """The null twin: the prompt is logged and nothing else happens."""

    def __init__(self):
        self.sent: list[tuple[str, str]] = []

    def notify(self, title: str, body: str) -> bool:
        self.sent.append((title, body))
        from daemon.web import redact

        log.info("%s\n%s", title, redact(body))  # the web UI's secret stays out of the journal
        return True


class AppriseNotifier(Notifier):
    """Apprise URLs from the configuration, delivered by a child process; the prompt is logged as well."""

    #: Seconds one notification may take (every URL, retries included) before the child is killed.
    TIMEOUT = 120

    def __init__(self, urls: list[str]):
        self.urls = list(urls)
        self._log = LogNotifier()

    def notify(self, title: str, body: str) -> bool:
        self._log.notify(title, body)
        request = json.dumps({"urls": self.urls, "title": title, "body": body})
        try:
            proc = subprocess.run([sys.executable, "-m", "connectors.notify"], input=request, capture_output=True,
                                  text=True, timeout=self.TIMEOUT)
        except (OSError, subprocess.TimeoutExpired) as exc:  # a notification service being down must not stop the service
            log.error("notify: could not deliver the prompt (%s)", exc)
            return False
        try:
            answer = json.loads(proc.stdout.strip().splitlines()[-1])
        except (ValueError, IndexError):
            last = (proc.stderr.strip().splitlines() or [f"exit code {proc.returncode}"])[-1]
            log.error("notify: could not deliver the prompt (%s)", last)
            return False
        for url in answer.get("refused", []):
            log.error("notify: cannot use the Apprise URL %s (check [notify] urls)", url)
        if not answer.get("ok"):
            why = answer.get("error") or (proc.stderr.strip().splitlines() or ["Apprise reported a failure"])[-1]
            log.error("notify: could not deliver the prompt (%s)", why)
        return bool(answer.get("ok"))


def deliver(request: dict) -> dict:
    """In the child process: push one message to every URL with Apprise; what happened, for the parent."""
    try:
        import apprise

        ap = apprise.Apprise()
        refused = [_redact(u) for u in request["urls"] if not ap.add(u)]
        return {"ok": bool(ap.notify(title=request["title"], body=request["body"])), "refused": refused}
    except Exception as exc:
        return {"ok": False, "refused": [], "error": f"{type(exc).__name__}: {exc}"}


def _redact(url: str) -> str:
    """A URL without its secrets, for messages."""
    scheme, sep, rest = url.partition("://")
    return f"{scheme}://…" if sep else "…"


def from_config(urls: list[str]) -> Notifier:
    return AppriseNotifier(urls) if urls else LogNotifier()


if __name__ == "__main__":
    print(json.dumps(deliver(json.load(sys.stdin))))
