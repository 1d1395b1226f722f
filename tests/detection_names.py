"""Every module-level name of the detection package in one namespace, for tests that look at all its patterns."""

from __future__ import annotations

import importlib
import pkgutil
from types import SimpleNamespace

import daemon.detection


def everything() -> SimpleNamespace:
    """The names defined in daemon/detection/ and its lexicon (each module's own, not those it imports)."""
    names: dict[str, object] = {}
    for info in pkgutil.walk_packages(daemon.detection.__path__, "daemon.detection."):
        module = importlib.import_module(info.name)
        for key, value in vars(module).items():
            if not key.startswith("__"):
                names.setdefault(key, value)
    return SimpleNamespace(**names)
