"""Wiring: build the service's parts from the configuration (the only place that does)."""

from __future__ import annotations

from pathlib import Path

from daemon.service import paths
from daemon.service.config import Config


def state_path(cfg: Config) -> Path:
    return Path(cfg.state.path) if cfg.state.path else paths.default_state_path()


def templates_dir(cfg: Config) -> Path:
    """``templates/`` beside the configuration file: the user's overrides."""
    base = cfg.path.parent if cfg.path else paths.config_dir()
    return base / "templates"


def calendars(cfg: Config, zone) -> list:
    """Every configured calendar source: the one way commands build them from the configuration."""
    from connectors.registry import calendar_from_config

    return [calendar_from_config(c, zone, cfg.google) for c in cfg.calendars]


def mailbox(cfg: Config, state=None):
    """The configured mailbox: the one way commands build it from the configuration.

    ``state``: the open state, where a Maildir or IMAP mailbox keeps what it has seen (the service passes it).
    """
    from connectors.registry import mailbox_from_config

    return mailbox_from_config(cfg.mail, cfg.google, state)


def build_service(cfg: Config, zone, state=None):
    from connectors.registry import notifier_from_config
    from daemon.service.runner import Service
    from daemon.service.state import open_state
    from daemon.web import debrief_link, settings

    web = settings(cfg.web, state_path(cfg))
    state = state or open_state(state_path(cfg))
    return Service(
        state=state,
        calendars=calendars(cfg, zone),
        mailbox=mailbox(cfg, state),
        notifier=notifier_from_config(cfg.notify.urls),
        identity=cfg.identity,
        schedule=cfg.schedule,
        zone=zone,
        templates_dir=templates_dir(cfg),
        detection=cfg.detection,
        debrief_url=(lambda iv: debrief_link(web, iv.id)) if web.enabled else None,
        web=web,
        drafts=cfg.drafts,
    )
