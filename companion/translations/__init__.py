"""Companion's translations: loading them, and the one door core's English
passes through on its way to the screen.

Widgets translate their own words with self.tr(). Core is plain Python and
writes plain English (setting labels and help, breathing pattern names); the
windows show those through core_text(), so a translation can carry them too.
Every such string is listed in core_text.py, which packaging/update_translations.sh
regenerates from core before it runs lupdate."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

CORE_CONTEXT = "core_text"
FOLDER = Path(__file__).resolve().parent


def core_text(text: str) -> str:
    """Core's English `text` in the user's language, when a translation has it."""
    return QCoreApplication.translate(CORE_CONTEXT, text) if text else text


def install_translators(app: QCoreApplication, locale: QLocale | None = None,
                        folder: Path | str | None = None) -> list[QTranslator]:
    """Install companion_<lang>.qm (and Qt's own words for its standard
    buttons) for `locale`, the system's by default. English needs neither:
    the source text is English. Returns what was installed."""
    locale = locale if locale is not None else QLocale()
    installed = []
    sources = ((folder or FOLDER, "companion"),
               (QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath), "qtbase"))
    for where, name in sources:
        translator = QTranslator(app)  # parented: it lives as long as the app
        if translator.load(locale, name, "_", str(where)):
            app.installTranslator(translator)
            installed.append(translator)
        else:
            translator.deleteLater()
    return installed
