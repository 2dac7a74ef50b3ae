"""Every window on a real X screen, light, dark and at double scale, saved to
test-artifacts/looks-*.png for a person to look at.

The windows are drawn by tests/ui_gallery.py in a child process on Xvfb with
the xcb platform, so fonts, antialiasing and scaling are the real thing."""

from __future__ import annotations

import subprocess

import pytest
from e2e_helpers import ARTIFACTS, PYTHON, REPO, Processes, app_env, require_tools, start_xvfb
from PySide6.QtGui import QColor, QImage

GALLERY = REPO / "tests" / "ui_gallery.py"
# The windows that matter most at large scale (QT_SCALE_FACTOR=2 doubles
# everything, pixels included; the 200 % text test is in test_accessibility).
SCALED = ("breathe,breathe-unmuted,breathe-rating,tag-popup,nudge,settings,words,history,welcome,selfcheck,"
          "selfcheck-result,confirm")


def _grab(env: dict[str, str], prefix: str, *extra: str, only: str = "") -> dict[str, tuple[int, int]]:
    argv = [PYTHON, str(GALLERY), str(ARTIFACTS), "--prefix", prefix, *extra]
    if only:
        argv += ["--only", only]
    done = subprocess.run(argv, env=env, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr[-3000:]
    sizes = {}
    for line in done.stdout.splitlines():
        path, width, height = line.rsplit(" ", 2)
        sizes[path] = (int(width), int(height))
    return sizes


def _background(path: str) -> QColor:
    """The most common colour of a picture: its background."""
    image = QImage(path)
    counts: dict[int, int] = {}
    for y in range(0, image.height(), 4):
        for x in range(0, image.width(), 4):
            rgb = image.pixel(x, y)
            if (rgb >> 24) & 0xFF > 200:  # skip the see-through corners of rounded popups
                counts[rgb & 0xFFFFFF] = counts.get(rgb & 0xFFFFFF, 0) + 1
    return QColor(max(counts, key=counts.get))


@pytest.fixture
def screen(tmp_path):
    require_tools()
    processes = Processes(tmp_path)
    try:
        # The gallery's sample data goes to the test's own folder.
        yield app_env(start_xvfb(processes), tmp_path, TMPDIR=str(tmp_path))
    finally:
        processes.stop_all()


def test_every_window_light_dark_and_large(screen):
    light = _grab(screen, "looks-light")
    dark = _grab(screen, "looks-dark", "--dark")
    big = _grab(dict(screen, QT_SCALE_FACTOR="2"), "looks-scale2", only=SCALED)
    large_text = _grab(screen, "looks-text2", "--text-scale", "2", only=SCALED)

    assert len(light) == len(dark) >= 17
    for path in light:
        assert _background(path).lightness() > 180, path
    for path in dark:
        assert _background(path).lightness() < 90, path
    assert len(big) == len(large_text) == len(SCALED.split(","))
    for path, (width, height) in large_text.items():
        assert width <= 1280 and height <= 800, (path, width, height)  # fits the screen
    for path, (width, _height) in big.items():
        assert QImage(path).width() >= 2 * width - 2, path  # really drawn at double size
