"""Start at login: a real .desktop file under the test's XDG config folder,
checked by desktop-file-validate; the Windows Run key through a fake
registry; a real LaunchAgent plist in a temporary folder."""

from __future__ import annotations

import os
import plistlib
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from fake_winreg import REG_SZ, FakeWinreg

from companion.platform import autostart
from companion.platform.autostart import (
    RUN_KEY,
    MacLaunchAgent,
    WindowsRunKey,
    XdgAutostart,
    for_this_system,
    launch_command,
)


def validate(path: Path) -> None:
    if shutil.which("desktop-file-validate") is None:
        pytest.fail("desktop-file-validate is missing: apt package desktop-file-utils.", pytrace=False)
    done = subprocess.run(["desktop-file-validate", str(path)], capture_output=True, text=True, check=False)
    assert done.returncode == 0 and not done.stdout.strip(), done.stdout + done.stderr


def desktop_exec_args(path: Path) -> list[str]:
    """Read Exec back as the Desktop Entry spec says a desktop does: string
    escapes first, then quoting (inside quotes a backslash escapes " ` $ \\),
    then %% is a literal %."""
    line = next(line for line in path.read_text().splitlines() if line.startswith("Exec="))
    value = line[len("Exec="):].replace("\\\\", "\\")
    args, current, quoted, i, started = [], "", False, 0, False
    while i < len(value):
        c = value[i]
        if quoted and c == "\\" and value[i + 1] in '"`$\\':
            current, i = current + value[i + 1], i + 2
            continue
        if c == '"':
            quoted, started = not quoted, True
        elif c == " " and not quoted:
            if started:
                args.append(current)
            current, started = "", False
        else:
            current, started = current + c, True
        i += 1
    if started:
        args.append(current)
    return [arg.replace("%%", "%") for arg in args]


def test_linux_entry_lands_in_the_xdg_autostart_folder_and_is_valid():
    entry = XdgAutostart()
    assert entry.path == Path(os.environ["XDG_CONFIG_HOME"]) / "autostart" / "companion.desktop"
    assert not entry.is_enabled()
    entry.enable(["/usr/bin/companion"])
    assert entry.is_enabled()
    validate(entry.path)
    text = entry.path.read_text()
    assert "Exec=/usr/bin/companion\n" in text
    assert "Name=Companion\n" in text
    entry.disable()
    assert not entry.path.exists()
    assert not entry.is_enabled()
    entry.disable()  # turning off twice is fine


def test_linux_awkward_paths_survive_the_exec_quoting():
    command = ["/home/sam/My Apps/py$thon", "-m", "companion", 'say "hi"', "back\\slash", "100%"]
    entry = XdgAutostart()
    entry.enable(command)
    validate(entry.path)
    assert desktop_exec_args(entry.path) == command


def test_linux_a_line_break_in_the_command_is_refused():
    with pytest.raises(ValueError):
        XdgAutostart().enable(["/usr/bin/companion", "two\nlines"])


def test_linux_the_desktops_own_off_switches_count_as_off(tmp_path):
    entry = XdgAutostart(tmp_path)
    entry.enable(["/usr/bin/companion"])
    entry.path.write_text(entry.path.read_text() + "Hidden=true\n")
    assert not entry.is_enabled()
    entry.enable(["/usr/bin/companion"])
    entry.path.write_text(entry.path.read_text().replace("Autostart-enabled=true", "Autostart-enabled=false"))
    assert not entry.is_enabled()


def test_linux_from_a_checkout_the_entry_starts_in_the_checkout(tmp_path, monkeypatch):
    monkeypatch.setattr(autostart, "source_checkout", lambda: Path("/srv/companion src"))
    entry = XdgAutostart(tmp_path)
    entry.enable([sys.executable, "-m", "companion"])
    validate(entry.path)
    assert "Path=/srv/companion src\n" in entry.path.read_text()


def test_module_functions_use_this_system(monkeypatch):
    monkeypatch.setattr(autostart, "launch_command", lambda: ["/opt/companion/bin/companion"])
    assert isinstance(for_this_system("linux"), XdgAutostart)
    autostart.enable()
    assert autostart.is_enabled()
    assert "Exec=/opt/companion/bin/companion" in XdgAutostart().path.read_text()
    autostart.disable()
    assert not autostart.is_enabled()


def test_launch_command_starts_companion():
    command = launch_command()
    assert command[-1].endswith("companion") or command[-2:] == ["-m", "companion"]
    assert Path(command[0]).is_absolute()


# -- Windows -------------------------------------------------------------------------
def test_windows_run_key_on_and_off():
    reg = FakeWinreg()
    run = WindowsRunKey(reg)
    assert not run.is_enabled()
    run.enable([r"C:\Program Files\Python312\pythonw.exe", "-m", "companion"])
    assert run.is_enabled()
    assert reg.get(RUN_KEY, "Companion") == r'"C:\Program Files\Python312\pythonw.exe" -m companion'
    assert ("SetValueEx", "Companion", REG_SZ, reg.get(RUN_KEY, "Companion")) in reg.calls
    run.disable()
    assert not run.is_enabled()
    run.disable()  # already off: no error


def test_windows_other_programs_in_the_run_key_are_left_alone():
    reg = FakeWinreg()
    reg.put(RUN_KEY, "Softphone", r"C:\Softphone\phone.exe /tray")
    run = WindowsRunKey(reg)
    run.enable([r"C:\Companion\companion.exe"])
    run.disable()
    assert reg.get(RUN_KEY, "Softphone") == r"C:\Softphone\phone.exe /tray"


# -- macOS ---------------------------------------------------------------------------------
def test_macos_launch_agent_on_and_off(tmp_path):
    agent = MacLaunchAgent(tmp_path / "LaunchAgents")
    assert not agent.is_enabled()
    agent.enable(["/Applications/Companion.app/Contents/MacOS/Companion"])
    assert agent.is_enabled()
    assert agent.path.name == "io.github.companion.plist"
    with agent.path.open("rb") as source:
        plist = plistlib.load(source)
    assert plist == {
        "Label": "io.github.companion",
        "ProgramArguments": ["/Applications/Companion.app/Contents/MacOS/Companion"],
        "RunAtLoad": True,
        "ProcessType": "Interactive",
    }
    agent.disable()
    assert not agent.path.exists()
    assert not agent.is_enabled()


def test_macos_a_damaged_plist_reads_as_off(tmp_path):
    agent = MacLaunchAgent(tmp_path)
    agent.path.write_text("not a plist")
    assert not agent.is_enabled()
