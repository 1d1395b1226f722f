"""Platform folders (platformdirs): config, data and state live where the OS expects them."""

from __future__ import annotations

from pathlib import Path

APP = "followthrough"


def config_dir() -> Path:
    import platformdirs

    return Path(platformdirs.user_config_dir(APP, appauthor=False))


def data_dir() -> Path:
    import platformdirs

    return Path(platformdirs.user_data_dir(APP, appauthor=False))


def default_state_path() -> Path:
    return data_dir() / "state.sqlite"
