"""Companion's place on an XDG desktop for a user-level install (pipx, a venv):
the applications-menu entry, the hicolor icons and the AppStream metainfo,
under the user's XDG data folder. Distribution packages install the same
files system-wide; pip and pipx have no way to, so `companion desktop-entry
install` does it on request and `remove` takes back exactly those files.

Why a command and not a silent first-start step: it writes outside
Companion's own folders, into places the whole desktop reads, and a packaged
copy would then have two menu entries. The README's install line runs it."""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

from ..core.paths import asset
from .autostart import ICON as APP_ID
from .autostart import exec_lines, launch_command

ICON_SIZES = ("16x16", "22x22", "24x24", "32x32", "48x48", "64x64", "128x128", "256x256")


def data_home() -> Path:
    env = os.environ.get("XDG_DATA_HOME", "")
    return Path(env) if os.path.isabs(env) else Path.home() / ".local" / "share"


class DesktopEntry:
    """The files one user-level install puts on the desktop, all under `home`."""

    def __init__(self, home: Path | None = None) -> None:
        self.home = Path(home) if home is not None else data_home()

    @property
    def entry(self) -> Path:
        return self.home / "applications" / f"{APP_ID}.desktop"

    @property
    def metainfo(self) -> Path:
        return self.home / "metainfo" / f"{APP_ID}.metainfo.xml"

    def icons(self) -> list[Path]:
        theme = self.home / "icons" / "hicolor"
        found = [theme / size / "apps" / f"{APP_ID}.png" for size in ICON_SIZES]
        return found + [theme / "scalable" / "apps" / f"{APP_ID}.svg"]

    def files(self) -> list[Path]:
        return [self.entry, self.metainfo, *self.icons()]

    def is_installed(self) -> bool:
        return self.entry.exists()

    def install(self, command: Sequence[str] | None = None) -> list[Path]:
        """Write every file (again, if there), the entry starting `command`:
        menus notice new entries by watching the folder, so nothing else is run.
        by default this very installation, by its full path, so the menu works
        even where ~/.local/bin is not on the desktop session's PATH."""
        shipped = asset(f"{APP_ID}.desktop").read_text(encoding="utf-8")
        self._write(self.entry, _with_exec(shipped, command or launch_command()).encode("utf-8"))
        self._write(self.metainfo, asset(f"{APP_ID}.metainfo.xml").read_bytes())
        for target in self.icons():
            size = target.parent.parent.name
            self._write(target, asset(f"icons/hicolor/{size}/apps/{target.name}").read_bytes())
        return self.files()

    def remove(self) -> list[Path]:
        """Delete what install wrote, and the folders it made if now empty;
        nothing else. Returns the files that were there."""
        removed = [path for path in self.files() if path.exists()]
        for path in removed:
            path.unlink()
        for path in self.files():
            _prune_empty(path.parent, stop=self.home)
        return removed

    @staticmethod
    def _write(path: Path, data: bytes) -> None:
        # Readable by all (the desktop shell and icon loaders read these),
        # written whole so a menu never reads half an entry.
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        temporary.write_bytes(data)
        temporary.chmod(0o644)
        os.replace(temporary, path)


def _with_exec(entry: str, command: Sequence[str]) -> str:
    lines = []
    for line in entry.splitlines():
        lines.extend(exec_lines(command) if line.startswith("Exec=") else [line])
    return "\n".join(lines) + "\n"


def _prune_empty(folder: Path, stop: Path) -> None:
    while folder != stop and stop in folder.parents:
        try:
            folder.rmdir()  # only succeeds when empty
        except OSError:
            return
        folder = folder.parent

