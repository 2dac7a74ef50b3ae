"""Where Companion keeps its files. platformdirs honours XDG_DATA_HOME and
XDG_CONFIG_HOME on Linux, which is also how tests point the app at a
temporary folder."""

from __future__ import annotations

import os
import stat
from functools import lru_cache
from pathlib import Path

import platformdirs

_APP = "companion"


def data_dir() -> Path:
    return _private_dir(platformdirs.user_data_path(_APP, appauthor=False))


def config_dir() -> Path:
    return _private_dir(platformdirs.user_config_path(_APP, appauthor=False))


def database_path() -> Path:
    return data_dir() / "companion.db"


def settings_path() -> Path:
    return config_dir() / "settings.toml"


def _private_dir(path: Path) -> Path:
    # Call notes are personal: the folder is readable by the user only.
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    # Only when it is not private yet: a folder on a read-only disk that is
    # already 0700 must not fail here (the store then says it cannot write).
    if os.name == "posix" and stat.S_IMODE(path.stat().st_mode) != 0o700:
        os.chmod(path, 0o700)
    return path


def asset(name: str) -> Path:
    """A file shipped in assets/: installed as the companion_assets package,
    or straight from the source tree when run from a checkout."""
    for folder in _asset_folders():
        candidate = folder / name
        if candidate.exists():
            return candidate
    return Path(__file__).resolve().parents[2] / "assets" / name


@lru_cache(maxsize=1)
def _asset_folders() -> tuple[Path, ...]:
    # The package's own folders, not importlib.resources.files(): the tray's
    # icon is looked up before it shows, and importing importlib.resources and
    # its readers took 6-10 ms of that (companion_assets has no code to run).
    try:
        import companion_assets
    except ModuleNotFoundError:
        return ()
    return tuple(Path(folder) for folder in companion_assets.__path__)
