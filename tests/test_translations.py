"""Companion can be translated: every word on screen goes through Qt's tr()
as a whole sentence, the template comes out of packaging/update_translations.sh,
and a compiled translation really changes what the windows say."""

from __future__ import annotations

import ast
import re
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QLocale
from PySide6.QtWidgets import QApplication

from companion.core.models import NudgeReason
from companion.core.settings import SCHEMA
from companion.translations import core_text, install_translators

pytestmark = pytest.mark.qt_log_ignore(r"This plugin does not support (propagateSizeHints|raise)\(\)")

REPO = Path(__file__).resolve().parents[1]
SCRIPT = REPO / "packaging" / "update_translations.sh"
UI_FILES = sorted((REPO / "companion" / "ui").glob("*.py"))
APP = REPO / "companion" / "app.py"

# Calls whose text argument a person reads (or hears, for accessible names).
SHOWN = {"setText", "setToolTip", "setAccessibleName", "setAccessibleDescription", "setPlaceholderText",
         "setWindowTitle", "addTab", "setTitle", "setWhatsThis", "setSuffix", "setPrefix",
         "setSpecialValueText", "QLabel", "QPushButton", "QCheckBox", "QRadioButton", "QAction", "addAction",
         "QGroupBox", "showMessage", "setHorizontalHeaderLabels", "QListWidgetItem", "QTableWidgetItem",
         "question", "information", "warning", "critical", "setStatusTip"}
FIRST_ONLY = {"addItem"}  # addItem(text, data): only the text is shown


@pytest.fixture(scope="module")
def template(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("translations")
    done = subprocess.run(["sh", str(SCRIPT), str(out)], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert "messages" in done.stdout
    return out / "companion_en.ts"


def messages(ts: Path) -> dict[tuple[str, str], ET.Element]:
    root = ET.parse(ts).getroot()
    return {(context.findtext("name"), message.findtext("source")): message
            for context in root.iter("context") for message in context.iter("message")}


def _name(func: ast.expr) -> str | None:
    return func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", None)


def _words(node: ast.expr) -> bool:
    """A literal (or f-string, or sum of them) with letters in it: words a person reads."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return any(ch.isalpha() for ch in node.value)
    if isinstance(node, ast.JoinedStr):
        return any(_words(v) for v in node.values if isinstance(v, ast.Constant))
    if isinstance(node, ast.BinOp):
        return _words(node.left) or _words(node.right)
    if isinstance(node, (ast.List, ast.Tuple)):
        return any(_words(e) for e in node.elts)
    return False


def calls(path: Path):
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Call):
            yield node, _name(node.func)


def translated_text(node: ast.Call, name: str) -> ast.expr | None:
    """The source-text argument of tr(text, ...) or translate(context, text, ...)."""
    index = 1 if name == "translate" else 0
    return node.args[index] if len(node.args) > index else None


def test_template_has_every_window_s_words(template):
    found = messages(template)
    assert len(found) > 300
    for context, source in [
        ("BreatheWindow", "How do you feel now?"),
        ("WelcomeWindow", "Save and start"),
        ("SettingsDialog", "Restore defaults"),
        ("SettingsDialog", "Saturday"),
        ("HistoryWindow", "Delete this entry?"),
        ("WordsPanel", "Copy"),
        ("NudgeToast", "Breathe now"),
        ("Tray", "&Quit Companion"),  # "&" marks its Alt letter
        ("core_text", "Breathing pattern"),
    ]:
        assert (context, source) in found, (context, source)
    # Everything core says on screen comes along, under the core_text context.
    for s in SCHEMA:
        assert ("core_text", s.label) in found and ("core_text", s.help) in found, s.key


def test_every_context_is_a_class_tr_will_look_in(template):
    # PySide's tr() looks a string up under the class names of the object; a
    # string filed under anything else (say, a function's parameter name)
    # would never be found by a translation.
    classes = {node.name for path in (REPO / "companion").rglob("*.py")
               for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))) if isinstance(node, ast.ClassDef)}
    contexts = {context for context, _ in messages(template)}
    assert contexts - classes == {"core_text"}


@pytest.mark.parametrize("path", [*UI_FILES, APP], ids=lambda p: p.name)
def test_no_tr_is_given_an_f_string(path):
    bad = [f"{path.name}:{node.lineno}" for node, name in calls(path) if name in ("tr", "translate")
           and isinstance(translated_text(node, name), (ast.JoinedStr, ast.BinOp))]
    assert not bad, f"tr() needs the sentence as written, with {{placeholders}} filled in after: {bad}"


@pytest.mark.parametrize("path", UI_FILES, ids=lambda p: p.name)
def test_windows_translate_only_literal_sentences(path):
    # A variable passed to tr() cannot be found by lupdate; core's words go
    # through core_text() and are listed in core_text.py instead.
    bad = [f"{path.name}:{node.lineno}: {ast.unparse(node)[:70]}" for node, name in calls(path)
           if name in ("tr", "translate") and not isinstance(translated_text(node, name), ast.Constant)]
    assert not bad, bad


@pytest.mark.parametrize("path", [*UI_FILES, APP], ids=lambda p: p.name)
def test_no_words_reach_the_screen_without_tr(path):
    bad = []
    for node, name in calls(path):
        args = node.args[:1] if name in FIRST_ONLY else node.args if name in SHOWN else []
        bad += [f"{path.name}:{node.lineno}: {ast.unparse(a)[:70]}" for a in args if _words(a)]
    assert not bad, f"words shown without tr(): {bad}"


def test_english_reads_right_without_plural_forms(template):
    # English ships no .qm, so "%n" must read right for 1 and for 5 as written:
    # followed by a unit symbol (min, s) or by nothing at all.
    for (context, source), message in messages(template).items():
        if message.get("numerus") == "yes":
            for word in re.findall(r"%n(?: (\w+))?", source):
                assert word in ("", "min", "s", "h"), (context, source)


def test_nudge_words_read_right_for_one_and_many():
    from companion.ui.nudge import nudge_text

    assert "1 rough calls" not in nudge_text(NudgeReason.ROUGH_STREAK, 1, 0)
    assert "4 rough calls in a row" in nudge_text(NudgeReason.ROUGH_STREAK, 4, 0)
    assert "1 h 05 min" in nudge_text(NudgeReason.LONG_STRETCH, 0, 65)
    assert "45 min" in nudge_text(NudgeReason.LONG_STRETCH, 0, 45)


def _pseudo_translate(template: Path, target: Path, language: str) -> None:
    """Every string in [brackets]: easy to spot, placeholders untouched."""
    tree = ET.parse(template)
    root = tree.getroot()
    root.set("language", language)
    for message in root.iter("message"):
        source = message.findtext("source")
        translation = message.find("translation")
        translation.attrib.pop("type", None)
        if message.get("numerus") == "yes":
            for form in list(translation):
                translation.remove(form)
            for _ in range(2):  # German, like English, has one and many
                ET.SubElement(translation, "numerusform").text = f"[{source}]"
        else:
            translation.text = f"[{source}]"
    tree.write(target, encoding="utf-8", xml_declaration=True)


def test_a_translation_changes_what_the_windows_say(qtbot, template, tmp_path, settings):
    from companion.ui.nudge import NudgeToast
    from companion.ui.settings import SettingsDialog
    from companion.ui.welcome import WelcomeWindow

    ts = tmp_path / "companion_de.ts"
    _pseudo_translate(template, ts, "de")
    # The script compiles every companion_<lang>.ts it finds next to the template.
    done = subprocess.run(["sh", str(SCRIPT), str(tmp_path)], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "companion_de.qm").stat().st_size > 1000

    app = QApplication.instance()
    installed = install_translators(app, QLocale("de_DE"), folder=tmp_path)
    try:
        assert installed
        welcome = WelcomeWindow(settings)
        qtbot.addWidget(welcome)
        assert welcome.windowTitle() == "[Welcome to Companion]"
        assert welcome.save_button.text() == "[Save and start]"
        toast = NudgeToast(settings)  # its buttons are made in the base class
        qtbot.addWidget(toast)
        assert toast.breathe_button.text() == "[Breathe now]"
        toast.show_nudge(1, "", None)
        assert toast.snooze_button.text() == "[Snooze 10 min]"
        toast.expire_timer.stop()
        dialog = SettingsDialog(settings)  # core's labels, through core_text
        qtbot.addWidget(dialog)
        assert dialog.editors["rough_streak"].widget.accessibleName() == \
            "[Nudge after this many rough calls in a row]"
        assert core_text("Work starts at") == "[Work starts at]"
        assert QCoreApplication.translate("SettingsDialog", "Monday") == "[Monday]"
    finally:
        for translator in installed:
            app.removeTranslator(translator)
    assert WelcomeWindow(settings).windowTitle() == "Welcome to Companion"


def test_english_installs_no_translation_of_ours():
    app = QApplication.instance()
    installed = install_translators(app, QLocale("en_GB"))
    try:
        # English is the source language: nothing of ours to load, the words are as written.
        assert not [t.filePath() for t in installed if "companion_" in t.filePath()]
        assert QCoreApplication.translate("WelcomeWindow", "Save and start") == "Save and start"
    finally:
        for translator in installed:
            app.removeTranslator(translator)
