"""Global shortcuts, for real: the X key grab on a real (virtual) X server,
pressed with xdotool, held by another X client, with NumLock on; the
settings that hold the keys; and the tray app opening Breathe with the test
PulseAudio microphone muted when Ctrl+Alt+B is pressed in another window."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from e2e_helpers import PYTHON, REPO, Processes, app_env, require_tools, start_xvfb, visible_windows, wait_until
from pulse import pulse_server  # noqa: F401 - fixture

from companion.core.keys import KeyCombination, parse_keys
from companion.core.settings import SettingError, Settings


# -- the keys, as text ------------------------------------------------------------------
@pytest.mark.parametrize("text, expected", [
    ("Ctrl+Alt+B", "Ctrl+Alt+B"), ("ctrl+alt+b", "Ctrl+Alt+B"), ("Alt + Ctrl + b", "Ctrl+Alt+B"),
    ("Super+Shift+F5", "Meta+Shift+F5"), ("F9", "F9"), ("Meta+Ctrl+Alt+Shift+B", "Meta+Ctrl+Alt+Shift+B"),
])
def test_key_combinations_read_as_qt_writes_them(text, expected):
    assert str(parse_keys(text)) == expected


@pytest.mark.parametrize("text", ["B", "Shift+B", "Hyper+B", "Ctrl+"])
def test_combinations_no_desktop_should_grab_are_refused_in_words(text):
    with pytest.raises(ValueError) as refused:
        parse_keys(text)
    assert "Ctrl" in str(refused.value) or "not a key combination" in str(refused.value)


def test_settings_keep_the_keys_tidy_and_refuse_one_combination_twice(tmp_path):
    settings = Settings(tmp_path / "settings.toml")
    assert settings["shortcut_breathe"] == "Ctrl+Alt+B" and settings["shortcut_rough"] == ""
    assert settings.set("shortcut_rough", "alt+ctrl+r") == "Ctrl+Alt+R"
    with pytest.raises(SettingError) as refused:
        settings.set("shortcut_ok", "Ctrl+Alt+B")
    assert refused.value.key == "shortcut_ok" and "Mute & breathe" in refused.value.note
    with pytest.raises(SettingError):
        settings.set("shortcut_great", "G")
    (tmp_path / "settings.toml").write_text('shortcut_rough = "Ctrl+Alt+B"\n')
    again = Settings(tmp_path / "settings.toml")
    assert again["shortcut_rough"] == "" and any("shortcut_rough" in p for p in again.problems)


# -- the X key grab ----------------------------------------------------------------------
@pytest.fixture
def x_display(tmp_path):
    require_tools()
    processes = Processes(tmp_path)
    try:
        yield start_xvfb(processes)
    finally:
        processes.stop_all()


def _press(display: str, keys: str) -> None:
    subprocess.run(["xdotool", "key", keys], env={**os.environ, "DISPLAY": display}, check=True, timeout=20)


def test_a_grabbed_combination_works_from_anywhere_also_with_numlock_on(qapp, qtbot, x_display):
    from companion.platform.shortcuts_x11 import X11Shortcuts

    keys = X11Shortcuts(x_display)
    try:
        assert keys.bind("breathe", parse_keys("Ctrl+Alt+B")) is None
        with qtbot.waitSignal(keys.activated, timeout=5000) as pressed:
            _press(x_display, "ctrl+alt+b")
        assert pressed.args == ["breathe"]
        _press(x_display, "Num_Lock")
        with qtbot.waitSignal(keys.activated, timeout=5000) as pressed:
            _press(x_display, "ctrl+alt+b")
        assert pressed.args == ["breathe"]
        # Other keys pass by; a second action is told apart.
        assert keys.bind("rough", parse_keys("Ctrl+Alt+R")) is None
        with qtbot.waitSignal(keys.activated, timeout=5000) as pressed:
            _press(x_display, "ctrl+alt+r")
        assert pressed.args == ["rough"]
    finally:
        keys.close()


HOLDER = """
import sys
from PySide6.QtCore import QCoreApplication
from companion.core.keys import parse_keys
from companion.platform.shortcuts_x11 import X11Shortcuts
app = QCoreApplication([])
keys = X11Shortcuts(sys.argv[1])
print(keys.bind("other", parse_keys("Ctrl+Alt+B")), flush=True)
sys.stdin.readline()
"""


def test_a_combination_another_program_holds_is_reported_and_free_once_it_lets_go(qapp, x_display):
    from companion.platform.shortcuts_x11 import X11Shortcuts

    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(REPO), os.environ.get("PYTHONPATH")]))}
    holder = subprocess.Popen([sys.executable, "-c", HOLDER, x_display], env=env, stdin=subprocess.PIPE,
                              stdout=subprocess.PIPE, text=True)
    keys = X11Shortcuts(x_display)
    try:
        assert holder.stdout.readline().strip() == "None"  # the other program has it
        said = keys.bind("breathe", KeyCombination(frozenset({"Ctrl", "Alt"}), "B"))
        assert said == "Ctrl+Alt+B is already used by another program; choose another combination in Settings."
        holder.communicate("\n", timeout=20)  # it quits: X releases its grabs
        assert keys.bind("breathe", parse_keys("Ctrl+Alt+B")) is None
    finally:
        keys.close()
        if holder.poll() is None:
            holder.kill()


def test_quitting_releases_the_grab_for_other_programs(qapp, x_display):
    from companion.platform.shortcuts_x11 import X11Shortcuts

    first = X11Shortcuts(x_display)
    assert first.bind("breathe", parse_keys("Ctrl+Alt+B")) is None
    first.release_all()
    second = X11Shortcuts(x_display)
    try:
        assert second.bind("breathe", parse_keys("Ctrl+Alt+B")) is None
    finally:
        first.close()
        second.close()


# -- the app's shortcuts ----------------------------------------------------------------
class TakenHere:
    """A desktop where another program holds some combinations."""

    available = True

    def __init__(self, taken: set[str]) -> None:
        from PySide6.QtCore import QObject, Signal

        class Signals(QObject):
            activated = Signal(str)

        self._signals = Signals()
        self.activated = self._signals.activated
        self.taken, self.bound = taken, {}

    def bind(self, action, keys):
        if str(keys) in self.taken:
            return f"{keys} is already used by another program; choose another combination in Settings."
        self.bound[action] = str(keys)
        return None

    def release(self, action):
        self.bound.pop(action, None)

    def release_all(self):
        self.bound.clear()


def test_ctrl_alt_b_taken_means_the_next_free_combination_and_a_word(qapp, settings):
    from companion.ui.global_keys import GlobalKeys

    told = []
    keys = GlobalKeys(settings, lambda: None, lambda rating: None, lambda title, text: told.append(text))
    desktop = TakenHere({"Ctrl+Alt+B"})
    settings.on_change(lambda key, value: keys.bind(key))
    keys.apply(desktop)
    assert settings["shortcut_breathe"] == "Ctrl+Alt+Shift+B" and desktop.bound == {"breathe": "Ctrl+Alt+Shift+B"}
    assert told == ["Ctrl+Alt+B is used by another program, so Mute & breathe is on Ctrl+Alt+Shift+B. "
                    "You can change it in Settings."]
    assert keys.states["shortcut_breathe"] == (True, "Works from any window.")
    # A combination the person chose is theirs: taken, it is reported, not swapped.
    settings.set("shortcut_rough", "Ctrl+Alt+R")
    desktop.taken.add("Ctrl+Alt+R")
    keys.bind("shortcut_rough")
    assert settings["shortcut_rough"] == "Ctrl+Alt+R" and keys.states["shortcut_rough"][0] is False


def test_where_no_shortcut_can_be_set_settings_says_so_and_offers_the_command(qapp, qtbot, settings):
    from PySide6.QtGui import QGuiApplication
    from PySide6.QtWidgets import QLabel, QPushButton

    from companion.platform.shortcuts import Unavailable
    from companion.ui.global_keys import GlobalKeys
    from companion.ui.settings import SettingsDialog

    keys = GlobalKeys(settings, lambda: None, lambda rating: None, lambda title, text: None)
    keys.apply(Unavailable("This Wayland desktop does not let programs set global shortcuts; bind the command "
                           "below in your desktop's keyboard settings instead."))
    dialog = SettingsDialog(settings, keys=keys)
    qtbot.addWidget(dialog)
    note = dialog.notes["shortcut_breathe"].findChild(QLabel, "note")
    assert not note.isHidden() and "companion breathe" in note.text() and "Wayland" in note.text()
    copy = dialog.findChild(QPushButton, "copy_shortcut_breathe")
    assert not copy.isHidden()
    copy.click()
    assert QGuiApplication.clipboard().text() == "companion breathe"


# -- the real tray app: Ctrl+Alt+B in another window -------------------------------------
def test_ctrl_alt_b_in_another_window_opens_breathe_and_mutes_the_microphone(pulse_server, tmp_path):  # noqa: F811
    require_tools()
    processes = Processes(tmp_path)
    try:
        display = start_xvfb(processes)
        ready = tmp_path / "ready"
        env = app_env(display, tmp_path, COMPANION_READY_FILE=str(ready))
        # The agent is typing in another program (the CRM): it has the focus.
        crm = processes.start("crm", ["xterm", "-title", "CRM"], env) if _have("xterm") else None
        app = processes.start("companion", [PYTHON, "-m", "companion"], env, cwd=REPO)
        wait_until(lambda: ready.exists() and "settled" in ready.read_text(), "the tray app to settle",
                   watch={"companion": app}, logs=processes.logs)
        assert pulse_server.mute_of() == "Mute: no"
        _press(display, "ctrl+alt+b")
        wait_until(lambda: visible_windows(env, "--name", "Breathe"), "the Breathe window",
                   watch={"companion": app}, logs=processes.logs)
        wait_until(lambda: pulse_server.mute_of() == "Mute: yes", "the microphone muted", logs=processes.logs)
        assert crm is None or crm.poll() is None
    finally:
        processes.stop_all()


def _have(tool: str) -> bool:
    import shutil

    return shutil.which(tool) is not None


def test_the_welcome_offers_the_shortcut_only_where_it_works(qapp, qtbot, settings):
    from PySide6.QtWidgets import QLabel

    from companion.ui.welcome import WelcomeWindow

    offered = WelcomeWindow(settings, shortcut="Ctrl+Alt+B")
    plain = WelcomeWindow(settings)
    for window in (offered, plain):
        qtbot.addWidget(window)
    line = offered.findChild(QLabel, "welcome_shortcut")
    assert line is not None and "Ctrl+Alt+B does the same" in line.text()
    assert plain.findChild(QLabel, "welcome_shortcut") is None
