"""One look everywhere: Settings, the self-check, the welcome and every
confirmation wear the calm colours of the popups (from companion.ui.style),
light and dark, and a confirmation asks in plain words, with the safe answer
on Escape and Enter."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QColor, QPalette
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QAbstractButton, QApplication, QDialogButtonBox, QLabel, QMessageBox
from ui_gallery import BUILDERS, sample, set_palette

from companion.service import Service
from companion.ui.style import _DARK, _LIGHT, CALM, calm_colours, window_style

pytestmark = pytest.mark.qt_log_ignore(r"This plugin does not support (propagateSizeHints|raise)\(\)")

STOCK_WORDS = {"yes", "no", "ok", "cancel", "&yes", "&no", "&ok", "&cancel"}


@pytest.fixture
def data(tmp_path):
    clock, store, settings, card = sample(tmp_path)
    yield clock, store, settings, card
    store.close()


@pytest.fixture
def palette_back():
    yield
    set_palette(dark=False)
    QApplication.processEvents()


def when_asked(answer):
    """Look at the question as soon as it is up, then `answer(dialog)`. What
    was seen is returned; the dialog is closed whatever happens, so a test can
    never hang on a modal question."""
    seen: dict = {}

    def look() -> None:
        dialog = QApplication.activeModalWidget()
        if dialog is None:
            QTimer.singleShot(10, look)
            return
        try:
            seen["dialog_type"] = type(dialog)
            seen["name"] = dialog.accessibleName()
            seen["description"] = dialog.accessibleDescription()
            seen["buttons"] = [b.text() for b in dialog.findChildren(QAbstractButton) if b.isVisible()]
            seen["button_boxes"] = len(dialog.findChildren(QDialogButtonBox))
            seen["icons"] = [label for label in dialog.findChildren(QLabel)
                             if label.isVisible() and label.pixmap() is not None and not label.pixmap().isNull()]
            focus = dialog.focusWidget()  # where the keyboard is in it (the window may not be active yet)
            seen["focus"] = focus.text() if isinstance(focus, QAbstractButton) else None
            seen["look"] = dialog.property("look")
            answer(dialog)
        finally:
            if dialog.isVisible():
                dialog.reject()

    QTimer.singleShot(0, look)
    return seen


def press(key):
    return lambda dialog: QTest.keyClick(dialog.focusWidget() or dialog, key)


def click(text):
    return lambda dialog: next(b for b in dialog.findChildren(QAbstractButton) if b.text() == text).click()


def test_deleting_from_history_asks_in_plain_words_and_escape_keeps_the_call(data, qtbot):
    from companion.ui.history import HistoryWindow

    clock, store, settings, card = data
    window = HistoryWindow(Service(store, settings, clock))
    qtbot.addWidget(window)
    window.show_window()
    window.table.selectRow(0)
    entry = window.current_entry()
    assert entry.kind == "call"

    seen = when_asked(press(Qt.Key.Key_Escape))
    window.delete_button.click()
    assert seen["dialog_type"] is not QMessageBox and not issubclass(seen["dialog_type"], QMessageBox)
    assert seen["button_boxes"] == 0 and seen["icons"] == [], "no stock buttons, no warning icon"
    assert sorted(seen["buttons"]) == ["Delete this call", "Keep it"]
    assert not STOCK_WORDS & {b.lower() for b in seen["buttons"]}
    assert seen["focus"] == "Keep it", "the keyboard lands on the safe choice"
    assert seen["name"] == "Delete this entry?" and "cannot be undone" in seen["description"]
    assert seen["look"] == CALM
    assert store.call(entry.id) is not None, "Escape keeps the call"

    when_asked(press(Qt.Key.Key_Return))
    window.delete_button.click()
    assert store.call(entry.id) is not None, "Enter keeps it too"

    when_asked(click("Delete this call"))
    window.delete_button.click()
    assert store.call(entry.id) is None
    assert window.status_label.text() == "Deleted."


def test_restore_defaults_in_settings_asks_in_plain_words(data, qtbot):
    from companion.ui.settings import SettingsDialog

    _clock, _store, settings, _card = data
    settings.set("snooze_minutes", 30)
    dialog = SettingsDialog(settings)
    qtbot.addWidget(dialog)
    dialog.show()

    seen = when_asked(press(Qt.Key.Key_Escape))
    dialog.restore_button.click()
    assert not issubclass(seen["dialog_type"], QMessageBox) and seen["icons"] == []
    assert sorted(seen["buttons"]) == ["Keep my settings", "Restore defaults"]
    assert seen["focus"] == "Keep my settings"
    assert settings["snooze_minutes"] == 30, "Escape keeps every setting"

    when_asked(click("Restore defaults"))
    dialog.restore_button.click()
    assert settings["snooze_minutes"] == 10


def test_restoring_the_original_phrases_asks_in_plain_words(data, qtbot):
    from companion.ui.words import WordsWindow

    _clock, _store, _settings, card = data
    card.remove("boundary", 0)
    left = len(card.group("boundary").phrases)
    window = WordsWindow(card)
    qtbot.addWidget(window)
    window.show_card()
    seen = when_asked(press(Qt.Key.Key_Escape))
    window.restore_button.click()
    assert sorted(seen["buttons"]) == ["Keep my phrases", "Restore the originals"]
    assert not issubclass(seen["dialog_type"], QMessageBox)
    assert len(card.group("boundary").phrases) == left


@pytest.mark.parametrize("dark", [False, True], ids=["light", "dark"])
@pytest.mark.parametrize("name", ["settings", "settings-tags", "selfcheck", "selfcheck-result", "welcome",
                                  "confirm", "phrase", "summary", "review"])
def test_windows_and_dialogs_wear_the_shared_look(data, qtbot, palette_back, name, dark):
    set_palette(dark)
    shown = BUILDERS[name](data[1], data[2], data[0], data[3])
    window = shown.widget
    qtbot.addWidget(window)
    QApplication.processEvents()
    colours = calm_colours()
    assert colours is (_DARK if dark else _LIGHT)
    panel = QColor(colours["panel"])
    assert window.property("look") == CALM
    assert window_style(QApplication.palette()) in window.styleSheet()
    assert window.palette().color(QPalette.ColorRole.Window) == panel
    # Drawn so: the window's edge is the panel colour, not the system's grey.
    image = window.grab().toImage()
    corners = {image.pixelColor(x, y).name() for x, y in ((1, 1), (image.width() - 2, image.height() - 2))}
    assert corners == {panel.name()}, f"{name} is not drawn on the calm panel: {corners}"


def test_settings_pages_and_the_self_check_answers_sit_on_the_calm_panel(data, qtbot, palette_back):
    from companion.ui.selfcheck import SelfCheckDialog
    from companion.ui.settings import SettingsDialog

    clock, store, settings, _card = data
    for dark in (False, True):
        set_palette(dark)
        panel = QColor(calm_colours()["panel"])
        dialog = SettingsDialog(settings)
        check = SelfCheckDialog(Service(store, settings, clock))
        for widget in (dialog, check):
            qtbot.addWidget(widget)
        for i in range(dialog.tabs.count()):
            page = dialog.tabs.widget(i)
            assert page.viewport().palette().color(QPalette.ColorRole.Window) == panel, dialog.tabs.tabText(i)
        assert check.grid_box.palette().color(QPalette.ColorRole.Window) == panel
        # Switching while open: the pages follow.
        set_palette(not dark)
        QApplication.processEvents()
        other = QColor(calm_colours()["panel"])
        assert dialog.tabs.widget(0).viewport().palette().color(QPalette.ColorRole.Window) == other
        assert check.grid_box.palette().color(QPalette.ColorRole.Window) == other


def _luminance(colour: QColor) -> float:
    def part(c: float) -> float:
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    return 0.2126 * part(colour.redF()) + 0.7152 * part(colour.greenF()) + 0.0722 * part(colour.blueF())


def contrast(a: str, b: str) -> float:
    high, low = sorted((_luminance(QColor(a)), _luminance(QColor(b))), reverse=True)
    return (high + 0.05) / (low + 0.05)


# Text colour, and the backgrounds the look puts it on.
READ_ON = {
    "text": ("panel", "button", "hover", "chosen", "head"),
    "quiet": ("panel", "button", "hover", "head"),
    "problem": ("panel", "button", "hover", "head"),
    "link": ("panel", "button", "head"),
    "on_primary": ("primary", "primary_hover"),
    "note_text": ("note_back",),
    "error_text": ("error_back",),
}


@pytest.mark.parametrize("colours", [_LIGHT, _DARK], ids=["light", "dark"])
def test_every_text_colour_of_the_look_reads_at_4_5_to_1(colours):
    weak = [f"{text} on {back}: {contrast(colours[text], colours[back]):.2f}"
            for text, backs in READ_ON.items() for back in backs
            if contrast(colours[text], colours[back]) < 4.5]
    assert not weak, weak
    # A focus ring stands out from the panel (3:1 for the parts of a control).
    assert contrast(colours["ring"], colours["panel"]) >= 3
