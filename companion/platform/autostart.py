"""Start Companion at login: an XDG autostart entry on Linux, the Run key on
Windows, a LaunchAgent on macOS. Turning it off removes what we added and
nothing else.

`for_this_system()` picks the right one; each takes the place it writes to
(or the registry module) as an argument, so tests use temporary folders and
a fake registry. Module-level `enable`, `disable` and `is_enabled` use the
one for this system."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Protocol

from ..core.files import write_private

APP_ID = "companion"
APP_NAME = "Companion"
MAC_LABEL = "io.github.companion"
# The hicolor icon name the packages and `companion desktop-entry install` provide.
ICON = "io.github.companion.Companion"
RUN_KEY = r"Software\Microsoft\Windows\CurrentVersion\Run"


class Autostart(Protocol):
    def enable(self, command: Sequence[str]) -> None: ...

    def disable(self) -> None: ...

    def is_enabled(self) -> bool: ...


def launch_command() -> list[str]:
    """How to start the tray app from a login: the installed `companion`
    script, a frozen build's own executable, or this Python with -m."""
    if getattr(sys, "frozen", False):
        return [sys.executable]
    # Started as the installed script (say ~/.local/bin/companion, which a
    # fresh pipx install has not yet put on PATH): that very script.
    started_as = Path(sys.argv[0]) if sys.argv and sys.argv[0] else None
    if started_as and started_as.name == APP_ID and started_as.is_file() and os.access(started_as, os.X_OK):
        return [str(started_as.resolve())]
    script = shutil.which(APP_ID)
    if script:
        return [str(Path(script).resolve())]
    python = Path(sys.executable)
    if sys.platform == "win32" and python.name.lower() == "python.exe":
        windowless = python.with_name("pythonw.exe")  # no console window at login
        if windowless.exists():
            python = windowless
    return [str(python), "-m", APP_ID]


def source_checkout() -> Path | None:
    """The folder to start in when Companion runs from a source checkout
    rather than an installed package (`-m companion` needs it)."""
    root = Path(__file__).resolve().parents[2]
    installed = any(part in ("site-packages", "dist-packages") for part in root.parts)
    return None if installed or not (root / "companion" / "__main__.py").exists() else root


# -- Linux and other XDG desktops ---------------------------------------------------
def _exec_quote(arg: str) -> str:
    """One argument of a desktop entry's Exec key (Desktop Entry spec,
    "The Exec key"), already escaped for a string value."""
    if "\n" in arg or "\r" in arg:
        raise ValueError("a command for login cannot contain a line break")
    arg = arg.replace("%", "%%")
    if arg and not any(c in arg for c in " \t\"'\\><~|&;$*?#()`"):
        return arg
    quoted = '"' + "".join("\\" + c if c in '"`$\\' else c for c in arg) + '"'
    return quoted.replace("\\", "\\\\")  # string values escape backslashes once more


def exec_lines(command: Sequence[str]) -> list[str]:
    """The Exec key for `command`, and from a source checkout the folder
    `-m companion` must start in."""
    lines = ["Exec=" + " ".join(_exec_quote(arg) for arg in command)]
    checkout = source_checkout()
    if checkout is not None and list(command[1:3]) == ["-m", APP_ID]:
        lines.append(f"Path={checkout}")
    return lines


class XdgAutostart:
    def __init__(self, config_home: Path | None = None, comment: str | None = None) -> None:
        if config_home is None:
            env = os.environ.get("XDG_CONFIG_HOME", "")
            config_home = Path(env) if os.path.isabs(env) else Path.home() / ".config"
        self.path = Path(config_home) / "autostart" / f"{APP_ID}.desktop"
        self.comment = comment or "Breathing and break companion for call-centre agents"

    def enable(self, command: Sequence[str]) -> None:
        lines = [
            "[Desktop Entry]",
            "Type=Application",
            f"Name={APP_NAME}",
            f"Comment={self.comment}",
            *exec_lines(command),
            f"Icon={ICON}",
            "Terminal=false",
            "Categories=Utility;",
            "X-GNOME-Autostart-enabled=true",
        ]
        self.path.parent.mkdir(parents=True, exist_ok=True)
        write_private(self.path, ("\n".join(lines) + "\n").encode("utf-8"))

    def disable(self) -> None:
        self.path.unlink(missing_ok=True)

    def is_enabled(self) -> bool:
        try:
            text = self.path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            return False
        # The desktop's own "don't start this" switches count as off.
        keys = dict(line.split("=", 1) for line in text.splitlines() if "=" in line)
        return keys.get("Hidden", "false").strip() != "true" and \
            keys.get("X-GNOME-Autostart-enabled", "true").strip() != "false"


# -- Windows ----------------------------------------------------------------------------
class WindowsRunKey:
    """A value named Companion under HKCU\\...\\Run. `registry` is the winreg
    module, or a stand-in with the same functions for tests."""

    def __init__(self, registry: Any = None) -> None:
        if registry is None:
            import winreg as registry
        self._reg = registry

    def enable(self, command: Sequence[str]) -> None:
        reg = self._reg
        with reg.CreateKeyEx(reg.HKEY_CURRENT_USER, RUN_KEY, 0, reg.KEY_SET_VALUE) as key:
            reg.SetValueEx(key, APP_NAME, 0, reg.REG_SZ, subprocess.list2cmdline(list(command)))

    def disable(self) -> None:
        reg = self._reg
        try:
            with reg.OpenKey(reg.HKEY_CURRENT_USER, RUN_KEY, 0, reg.KEY_SET_VALUE) as key:
                reg.DeleteValue(key, APP_NAME)
        except FileNotFoundError:
            pass  # already off

    def is_enabled(self) -> bool:
        reg = self._reg
        try:
            with reg.OpenKey(reg.HKEY_CURRENT_USER, RUN_KEY, 0, reg.KEY_READ) as key:
                value, _kind = reg.QueryValueEx(key, APP_NAME)
        except OSError:
            return False
        return bool(str(value).strip())


# -- macOS --------------------------------------------------------------------------------
class MacLaunchAgent:
    """~/Library/LaunchAgents/<label>.plist with RunAtLoad. launchd reads the
    folder at login; we do not load it now, which would start a second copy."""

    def __init__(self, agents_dir: Path | None = None) -> None:
        agents_dir = agents_dir or Path.home() / "Library" / "LaunchAgents"
        self.path = Path(agents_dir) / f"{MAC_LABEL}.plist"

    def enable(self, command: Sequence[str]) -> None:
        agent: dict[str, Any] = {
            "Label": MAC_LABEL,
            "ProgramArguments": list(command),
            "RunAtLoad": True,
            "ProcessType": "Interactive",
        }
        checkout = source_checkout()
        if checkout is not None and list(command[1:3]) == ["-m", APP_ID]:
            agent["WorkingDirectory"] = str(checkout)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        import plistlib  # macOS only: elsewhere its XML parser (pyexpat) stays out of the tray

        write_private(self.path, plistlib.dumps(agent))

    def disable(self) -> None:
        self.path.unlink(missing_ok=True)

    def is_enabled(self) -> bool:
        import plistlib

        try:
            with self.path.open("rb") as source:
                agent = plistlib.load(source)
        except (OSError, plistlib.InvalidFileException, ValueError):
            return False
        return bool(agent.get("RunAtLoad")) and not agent.get("Disabled", False)


# -- this system ------------------------------------------------------------------------------
def for_this_system(platform: str | None = None) -> Autostart:
    platform = platform or sys.platform
    if platform == "win32":
        return WindowsRunKey()
    if platform == "darwin":
        return MacLaunchAgent()
    return XdgAutostart()


def enable(command: Sequence[str] | None = None) -> None:
    for_this_system().enable(command or launch_command())


def disable() -> None:
    for_this_system().disable()


def is_enabled() -> bool:
    return for_this_system().is_enabled()
