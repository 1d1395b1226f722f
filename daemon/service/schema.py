"""One configuration setting's declaration, shared by daemon.service.config and the connector registry.

Kept apart from daemon.service.config so that the connector kinds can declare their keys without importing
the loader, and the loader can read the kinds without an import circle.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable


@dataclass(frozen=True)
class Key:
    """One setting: its TOML type, default, help line, and optional allowed values."""

    name: str
    type: str  # "str", "int", "bool", "list[str]"
    default: Any
    help: str
    choices: tuple[str, ...] = ()
    example: Any = None  # shown in config.example.toml when it differs from the default
    path: bool = False  # "~" is expanded and relative paths are taken from the config file's folder
    minimum: int | None = None
    maximum: int | None = None
    check: Callable[[Any], str | None] | None = None  # returns a reason when the value is wrong
