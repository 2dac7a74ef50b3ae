"""Renders assets/companion.svg into the PNG sizes Linux desktops look up
(hicolor theme), plus the scalable SVG under the same name.

Run it again after changing the SVG:  python3 packaging/render_icons.py
The PNGs are committed, so neither installing nor building needs Qt's SVG
support at build time."""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

APP_ID = "io.github.companion.Companion"
SIZES = (16, 22, 24, 32, 48, 64, 128, 256)
ROOT = Path(__file__).resolve().parents[1]
SOURCE = ROOT / "assets" / "companion.svg"
THEME = ROOT / "assets" / "icons" / "hicolor"


def render(source: Path = SOURCE, theme: Path = THEME) -> list[Path]:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QGuiApplication, QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    _app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])  # noqa: F841 - painting needs it
    renderer = QSvgRenderer(str(source))
    if not renderer.isValid():
        raise SystemExit(f"{source} is not an SVG Qt can draw.")
    written = []
    for size in SIZES:
        image = QImage(size, size, QImage.Format.Format_ARGB32)
        image.fill(Qt.GlobalColor.transparent)
        painter = QPainter(image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        renderer.render(painter)
        painter.end()
        target = theme / f"{size}x{size}" / "apps" / f"{APP_ID}.png"
        target.parent.mkdir(parents=True, exist_ok=True)
        if not image.save(str(target), "PNG"):
            raise SystemExit(f"Could not write {target}.")
        written.append(target)
    scalable = theme / "scalable" / "apps" / f"{APP_ID}.svg"
    scalable.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(source, scalable)
    written.append(scalable)
    return written


if __name__ == "__main__":
    for path in render():
        print(path.relative_to(ROOT))
