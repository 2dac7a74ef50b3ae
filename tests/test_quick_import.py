"""The review chart's import steps around PySide's per-module source scan,
and puts PySide's import hook back exactly as it was."""

from __future__ import annotations

import builtins
import gc
import json
import os
import subprocess
import sys

import pytest

from companion.ui.quick_import import collector_paused, without_feature_scan

IN_A_FRESH_PROCESS = r"""
import builtins, gc, json, sys
import PySide6.QtWidgets
app = PySide6.QtWidgets.QApplication([])
scanned = sys.modules["shibokensupport.feature"].pyside_feature_dict
from companion.ui import review_chart
hook = builtins.__import__
collections = []
gc.callbacks.append(lambda phase, info: phase == "stop" and collections.append(info["generation"]))
pg = review_chart._pyqtgraph()
gc.callbacks.clear()
chart_modules = sorted(m for m in scanned if m.split(".")[0] in ("pyqtgraph", "numpy"))
import colorsys  # after the chart library: the scan is back on
chart = pg.PlotWidget()
line = chart.plot([1, 2, 3], [3, 1, 2])
print(json.dumps({
    "hook_back": builtins.__import__ is hook and hook.__name__ == "__feature_import__",
    "pyqtgraph_scanned": chart_modules,
    "later_scanned": "colorsys" in scanned,
    "plot_works": list(line.getData()[1]) == [3, 1, 2],
    "collector_back": gc.isenabled(),
    "few_collections": len(collections) <= 2,  # about a hundred with the collector on
}))
"""


def test_pyqtgraph_loads_without_the_scan_and_the_hook_comes_back():
    run = subprocess.run([sys.executable, "-c", IN_A_FRESH_PROCESS], capture_output=True, text=True, timeout=120,
                         env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})
    assert run.returncode == 0, run.stderr
    seen = json.loads(run.stdout.splitlines()[-1])
    assert seen == {"hook_back": True, "pyqtgraph_scanned": [], "later_scanned": True, "plot_works": True,
                    "collector_back": True, "few_collections": True}


def test_the_hook_comes_back_after_an_error():
    import PySide6.QtCore  # noqa: F401 - installs PySide's hook, if this run has not yet

    hook = builtins.__import__
    with pytest.raises(ImportError), without_feature_scan():
        assert builtins.__import__ is not hook
        import no_such_module_here  # noqa: F401
    assert builtins.__import__ is hook


def test_someone_elses_import_hook_is_left_alone(monkeypatch):
    def their_hook(*args, **kwargs):
        return builtins.__orig_import__(*args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", their_hook)
    with without_feature_scan():
        assert builtins.__import__ is their_hook
    assert builtins.__import__ is their_hook


TRAY_START = r"""
import builtins, json, os, sys
import companion.start as start  # first, as `python -m companion` imports it
with start.without_feature_scan():  # as run_tray imports it
    import companion.app as app
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

seen = {}

def shown(self):
    scanned = sys.modules["shibokensupport.feature"].pyside_feature_dict
    seen.update(ours_scanned=sorted(m for m in scanned if m.split(".")[0] == "companion"),
                scan_off_while_running=builtins.__import__ is builtins.__orig_import__,
                tray_visible=self.tray.icon.isVisible())
    QTimer.singleShot(0, QApplication.instance().quit)

app.CompanionApp.settle = shown  # runs on the first turn of the event loop, after the start
start.run_tray()
hook = builtins.__import__
seen["hook_back"] = hook.__name__ == "__feature_import__" and hook is not builtins.__orig_import__
print(json.dumps(seen), flush=True)
os._exit(0)
"""


def test_the_tray_runs_without_the_scan_and_leaves_the_hook_in_place():
    # The scan stays off while the tray runs (what it imports later is ours or
    # Qt's too), and PySide's hook is back once it is done.
    run = subprocess.run([sys.executable, "-c", TRAY_START], capture_output=True, text=True, timeout=120,
                         env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})
    assert run.returncode == 0, run.stderr
    seen = json.loads(run.stdout.splitlines()[-1])
    assert seen == {"ours_scanned": [], "scan_off_while_running": True, "tray_visible": True, "hook_back": True}


@pytest.mark.parametrize("was_on", [True, False])
def test_the_collector_pauses_and_comes_back_as_it_was_even_after_an_error(was_on):
    before = gc.isenabled()
    (gc.enable if was_on else gc.disable)()
    try:
        with pytest.raises(ImportError), collector_paused():
            assert not gc.isenabled()
            import no_such_module_either  # noqa: F401
        assert gc.isenabled() is was_on
    finally:
        (gc.enable if before else gc.disable)()
