"""Notifiers: how a debrief prompt reaches the user. Every prompt is also logged.

With no ``[notify] urls`` the prompt goes to the log only (and to the terminal of `run --once`).
With URLs, Apprise pushes it (desktop, ntfy, Telegram, Slack, e-mail, ...). Apprise is imported
only when a URL is configured, so the service stays small without it.
"""

from __future__ import annotations

import abc
import logging

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
    """Apprise URLs from the configuration; the prompt is logged as well."""

    def __init__(self, urls: list[str]):
        self.urls = list(urls)
        self._log = LogNotifier()

    def notify(self, title: str, body: str) -> bool:
        self._log.notify(title, body)
        try:
            import apprise

            ap = apprise.Apprise()
            for url in self.urls:
                if not ap.add(url):
                    log.error("notify: cannot use the Apprise URL %s (check [notify] urls)", _redact(url))
            return bool(ap.notify(title=title, body=body))
        except Exception as exc:  # a notification service being down must not stop the service
            log.error("notify: could not deliver the prompt (%s)", exc)
            return False


def _redact(url: str) -> str:
    """A URL without its secrets, for messages."""
    scheme, sep, rest = url.partition("://")
    return f"{scheme}://…" if sep else "…"


def from_config(urls: list[str]) -> Notifier:
    return AppriseNotifier(urls) if urls else LogNotifier()
