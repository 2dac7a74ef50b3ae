"""Packaging: the desktop entry, AppStream metainfo, icons, the PyInstaller
spec, and the self-test the packaged app runs in CI."""

from __future__ import annotations

import ast
import importlib.util
import os
import re
import struct
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

from PySide6.QtGui import QImage

REPO = Path(__file__).resolve().parents[1]
PACKAGING = REPO / "packaging"
APP_ID = "io.github.companion.Companion"
DESKTOP = REPO / "assets" / f"{APP_ID}.desktop"
METAINFO = REPO / "assets" / f"{APP_ID}.metainfo.xml"
THEME = REPO / "assets" / "icons" / "hicolor"
SIZES = (16, 22, 24, 32, 48, 64, 128, 256)


def run(*command: str, timeout: float = 60) -> subprocess.CompletedProcess:
    return subprocess.run(command, capture_output=True, text=True, timeout=timeout, cwd=REPO)


def png_size(path: Path) -> tuple[int, int]:
    head = path.read_bytes()[:24]
    assert head[:8] == b"\x89PNG\r\n\x1a\n" and head[12:16] == b"IHDR", f"{path} is not a PNG"
    return struct.unpack(">II", head[16:24])


# -- desktop entry and AppStream ------------------------------------------------
def test_desktop_file_validates():
    result = run("desktop-file-validate", str(DESKTOP))
    assert result.returncode == 0 and result.stdout.strip() == "", result.stdout + result.stderr


def test_metainfo_validates_without_errors_or_warnings():
    result = run("appstreamcli", "validate", "--no-net", str(METAINFO))
    report = result.stdout + result.stderr
    assert result.returncode == 0, report
    assert not re.search(r"^\s*[EW]: ", report, re.MULTILINE), report


def test_ids_icon_and_command_agree():
    entry = dict(line.split("=", 1) for line in DESKTOP.read_text(encoding="utf-8").splitlines() if "=" in line)
    root = ET.parse(METAINFO).getroot()
    assert root.findtext("id") == APP_ID == entry["Icon"]
    assert root.findtext("launchable") == DESKTOP.name
    assert root.findtext("provides/binary") == entry["Exec"].split()[0] == "companion"
    import tomllib

    scripts = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]["scripts"]
    assert "companion" in scripts, "the desktop entry runs a command pip install creates"


# -- icons -------------------------------------------------------------------------
def test_every_icon_size_is_a_real_png_of_that_size():
    for size in SIZES:
        path = THEME / f"{size}x{size}" / "apps" / f"{APP_ID}.png"
        assert png_size(path) == (size, size)
        image = QImage(str(path))
        assert not image.isNull() and image.hasAlphaChannel()
        # Corners are see-through, the middle is the teal circle: it was really drawn.
        assert image.pixelColor(0, 0).alpha() == 0
        middle = image.pixelColor(size // 2, size // 4)
        assert middle.alpha() == 255 and middle.green() > middle.red()
    scalable = THEME / "scalable" / "apps" / f"{APP_ID}.svg"
    assert scalable.read_bytes() == (REPO / "assets" / "companion.svg").read_bytes()


def test_render_icons_script_redraws_them(tmp_path, qapp):
    spec = importlib.util.spec_from_file_location("render_icons", PACKAGING / "render_icons.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert module.APP_ID == APP_ID and module.SIZES == SIZES
    written = module.render(theme=tmp_path)
    assert len(written) == len(SIZES) + 1
    for size in SIZES:
        assert png_size(tmp_path / f"{size}x{size}" / "apps" / f"{APP_ID}.png") == (size, size)


# -- PyInstaller -------------------------------------------------------------------
def test_spec_is_python_and_points_at_real_files():
    source = (PACKAGING / "companion.spec").read_text(encoding="utf-8")
    tree = ast.parse(source)
    called = {node.func.id for node in ast.walk(tree) if isinstance(node, ast.Call) and isinstance(node.func, ast.Name)}
    assert {"Analysis", "PYZ", "EXE", "COLLECT", "collect_submodules"} <= called
    assert (PACKAGING / "launcher.py").exists() and '"launcher.py"' in source
    for name in re.findall(r'"([\w.-]+\.(?:svg|json))"', source):
        assert (REPO / "assets" / name).exists(), name
    assert 'exclude_binaries=True' in source, "a one-folder build"


def test_build_script_is_valid_shell():
    result = run("sh", "-n", str(PACKAGING / "build.sh"))
    assert result.returncode == 0, result.stderr
    assert "dist/companion/companion self-test" in (PACKAGING / "build.sh").read_text(encoding="utf-8")


def test_self_test_starts_the_tray_and_quits_without_touching_real_data(private_dirs):
    code = (
        "import argparse, sys\n"
        "from companion.commands import self_test\n"
        "parser = argparse.ArgumentParser()\n"
        "self_test.add_parser(parser.add_subparsers())\n"
        "args = parser.parse_args(['self-test'])\n"
        "sys.exit(args.run(args))\n"
    )
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60,
                            cwd=REPO, env=env)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.strip().splitlines()[-1] == "self-test ok"
    assert "Qt platform: offscreen" in result.stdout
    for folder in ("data", "config"):
        assert not (private_dirs / folder / "companion").exists() or not any(
            (private_dirs / folder / "companion").iterdir()), f"the self-test wrote into the {folder} folder"


def test_pip_install_ships_every_companion_package():
    # `pipx install .` installs only the packages pyproject lists; a missing one
    # (as companion.commands once was) gives a `companion` that cannot start.
    import tomllib

    listed = set(tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]["packages"])
    on_disk = {
        ".".join(path.parent.relative_to(REPO).parts)
        for path in (REPO / "companion").rglob("__init__.py")
        if "__pycache__" not in path.parts
    }
    assert on_disk <= listed, f"add to [tool.setuptools] packages: {sorted(on_disk - listed)}"


def test_the_pyinstaller_build_starts_and_passes_its_self_test(tmp_path):
    # The real one-folder build, as a packager makes it (about a minute here),
    # then the built program itself: it starts, shows its tray icon and quits.
    dist, work = tmp_path / "dist", tmp_path / "work"
    built = run(sys.executable, "-m", "PyInstaller", "--noconfirm", "--log-level", "WARN",
                "--distpath", str(dist), "--workpath", str(work), str(PACKAGING / "companion.spec"),
                timeout=600)
    assert built.returncode == 0, built.stdout[-3000:] + built.stderr[-3000:]
    program = dist / "companion" / ("companion.exe" if os.name == "nt" else "companion")
    assert program.exists()
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    result = subprocess.run([str(program), "self-test"], capture_output=True, text=True, timeout=120, env=env)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.strip().splitlines()[-1] == "self-test ok"
    logged = subprocess.run([str(program), "log", "great", "--tag", "thanked"], capture_output=True, text=True,
                            timeout=60, env=env)
    assert logged.returncode == 0 and "Logged a great call" in logged.stdout, logged.stderr
