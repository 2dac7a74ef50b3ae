"""A user-level install's place on the desktop: `companion desktop-entry
install` puts the menu entry, icons and metainfo under the user's XDG data
folder (run for real, as a subprocess), the files pass the desktop's own
validators, autostart's icon name resolves to one of them, and `remove`
leaves nothing behind."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

from companion.platform import autostart
from companion.platform.desktop_entry import APP_ID, DesktopEntry

REPO = Path(__file__).resolve().parents[1]


def companion(*args: str) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONPATH=str(REPO))
    return subprocess.run([sys.executable, "-m", "companion", *args], capture_output=True, text=True,
                          env=env, timeout=60)


def keys(entry: Path) -> dict[str, str]:
    return dict(line.split("=", 1) for line in entry.read_text(encoding="utf-8").splitlines() if "=" in line)


def test_install_puts_a_valid_entry_icons_and_metainfo_under_the_data_folder():
    done = companion("desktop-entry", "install")
    assert done.returncode == 0, done.stderr
    home = Path(os.environ["XDG_DATA_HOME"])
    entry = home / "applications" / f"{APP_ID}.desktop"
    assert str(entry) in done.stdout
    check = subprocess.run(["desktop-file-validate", str(entry)], capture_output=True, text=True)
    assert check.returncode == 0 and not check.stdout.strip(), check.stdout
    meta = subprocess.run(["appstreamcli", "validate", "--no-net", str(home / "metainfo" / f"{APP_ID}.metainfo.xml")],
                          capture_output=True, text=True)
    assert meta.returncode == 0 and not re.search(r"^\s*[EW]: ", meta.stdout, re.MULTILINE), meta.stdout
    for size in (16, 22, 24, 32, 48, 64, 128, 256):
        icon = home / "icons" / "hicolor" / f"{size}x{size}" / "apps" / f"{APP_ID}.png"
        assert icon.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert (home / "icons" / "hicolor" / "scalable" / "apps" / f"{APP_ID}.svg").read_bytes().lstrip().startswith(b"<")
    # The entry starts this very installation, by a path that exists.
    program = keys(entry)["Exec"].split()[0]
    assert Path(program).is_file() and os.access(program, os.X_OK)
    # Readable by the desktop shell, which may run as another process owner.
    assert entry.stat().st_mode & 0o777 == 0o644


def test_the_autostart_icon_is_one_the_install_provides(tmp_path):
    DesktopEntry(tmp_path / "share").install(["companion"])
    login = autostart.XdgAutostart(config_home=tmp_path / "config")
    login.enable(["companion"])
    icon = keys(login.path)["Icon"]
    provided = {path.stem for path in (tmp_path / "share" / "icons" / "hicolor").rglob("*.*")}
    assert provided == {icon}


def test_remove_takes_back_exactly_what_install_wrote():
    home = Path(os.environ["XDG_DATA_HOME"])
    neighbour = home / "applications" / "someone-else.desktop"
    neighbour.parent.mkdir(parents=True)
    neighbour.write_text("[Desktop Entry]\n")
    assert companion("desktop-entry", "install").returncode == 0
    done = companion("desktop-entry", "remove")
    assert done.returncode == 0, done.stderr
    assert "11 files" in done.stdout
    left = sorted(str(p.relative_to(home)) for p in home.rglob("*"))
    assert left == ["applications", "applications/someone-else.desktop"]
    again = companion("desktop-entry", "remove")
    assert again.returncode == 0 and "nothing to remove" in again.stdout


def test_install_into_a_folder_that_cannot_be_written_says_so(tmp_path):
    blocked = tmp_path / "share"
    blocked.write_text("a file where the folder should be")
    env = dict(os.environ, PYTHONPATH=str(REPO), XDG_DATA_HOME=str(blocked))
    done = subprocess.run([sys.executable, "-m", "companion", "desktop-entry", "install"], capture_output=True,
                          text=True, env=env, timeout=60)
    assert done.returncode == 1
    assert done.stderr.startswith("companion desktop-entry: ") and "Traceback" not in done.stderr


def test_started_as_the_installed_script_the_entry_runs_that_script(tmp_path, monkeypatch):
    script = tmp_path / "bin" / "companion"
    script.parent.mkdir()
    script.write_text("#!/bin/sh\n")
    script.chmod(0o755)
    monkeypatch.setattr(sys, "argv", [str(script), "desktop-entry", "install"])
    assert autostart.launch_command() == [str(script.resolve())]
