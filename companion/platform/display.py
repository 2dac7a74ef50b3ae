"""Is there a desktop session to show windows in? Asked before Qt starts,
because without one Qt aborts with a message about a missing xcb-cursor
library that sends people looking for the wrong fix."""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Mapping

NO_DESKTOP = ("Companion needs a desktop session (a graphical login) to show its icon and windows, "
              "and there is none here; 'companion log', 'companion stats' and 'companion export' "
              "work without one.")


def desktop_session_missing(environ: Mapping[str, str] | None = None, platform: str | None = None) -> bool:
    """True only when no display server can be reached at all. Windows and
    macOS always have one; a chosen Qt platform (offscreen, vnc) is trusted."""
    environ = os.environ if environ is None else environ
    platform = platform or sys.platform
    if platform in ("win32", "darwin") or environ.get("QT_QPA_PLATFORM"):
        return False
    return not (_wayland_reachable(environ) or _x11_reachable(environ.get("DISPLAY", "")))


def _wayland_reachable(environ: Mapping[str, str]) -> bool:
    name = environ.get("WAYLAND_DISPLAY", "")
    if not name:
        return False
    path = name if os.path.isabs(name) else os.path.join(environ.get("XDG_RUNTIME_DIR", ""), name)
    return _accepts(path)


def _x11_reachable(display: str) -> bool:
    if not display:
        return False
    local = re.fullmatch(r"(?:unix)?:(\d+)(?:\.\d+)?", display)
    if not local:
        return True  # host:N (ssh forwarding, a remote server): Qt will say if it fails
    path = f"/tmp/.X11-unix/X{local.group(1)}"
    # Linux X servers listen on an abstract socket of the same name as well.
    return _accepts(path) or (sys.platform.startswith("linux") and _accepts("\0" + path))


def _accepts(path: str) -> bool:
    try:
        # The C module behind `socket`: every start asks this before its icon
        # shows, and socket.py's own import (its enums) took 2-3 ms of that.
        from _socket import AF_UNIX, SOCK_STREAM, socket
    except ImportError:  # a Python without it still has the module itself
        from socket import AF_UNIX, SOCK_STREAM, socket
    probe = socket(AF_UNIX, SOCK_STREAM)
    try:
        probe.settimeout(1)
        probe.connect(path)
    except OSError:
        return False
    finally:
        probe.close()
    return True


def require_desktop_session() -> None:
    if desktop_session_missing():
        raise SystemExit(f"companion: {NO_DESKTOP}")


def click_opens_menu(environ: Mapping[str, str] | None = None) -> bool:
    """GNOME's AppIndicator extension opens the tray menu on a single click
    (its design); elsewhere a click activates the icon."""
    environ = os.environ if environ is None else environ
    return "GNOME" in environ.get("XDG_CURRENT_DESKTOP", "").upper().split(":")


def popups_by_the_tray(platform_name: str, environ: Mapping[str, str] | None = None) -> bool:
    """Can a small window of Companion's appear by the tray corner without
    taking the keyboard from the window the agent types in? Decided per desktop:

    - X11: yes. Window managers honour a window that asks not to be focused
      (Qt's WA_ShowWithoutActivating) and let it be placed (tested with
      openbox and trayer, tests/test_e2e_openbox.py).
    - Windows and macOS: yes (show-without-activating is native there).
    - Wayland: no. xdg-shell lets no client place its window or decline the
      focus: sway tiles the popup as a window with a title bar, GNOME puts it
      top-left, and both focus it. The layer-shell protocol would allow both
      on wlroots and KDE, but Qt's support for it (LayerShellQt) has no
      Python binding, so it is not ours to use.
    - X11 clients inside a Wayland session (Xwayland): no either. The
      compositor still decides: sway centres the popup and focuses it; GNOME
      floats it unfocused but bottom-right, because a StatusNotifierItem has
      no geometry to place it by.
    Where the answer is no, what Companion shows on its own goes out as a
    desktop notification, which the desktop places and never focuses
    (ui/follow_ups.py). Qt's offscreen platform (tests) counts as yes."""
    environ = os.environ if environ is None else environ
    if platform_name == "wayland":
        return False
    if platform_name == "xcb":
        return environ.get("XDG_SESSION_TYPE", "").lower() != "wayland" and not environ.get("WAYLAND_DISPLAY")
    return True
