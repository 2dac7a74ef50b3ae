"""Guards against a binding fault that killed the app within seconds:
PySide6 6.12.0 released a reference to None on every call that returns
nothing, and on Python before 3.12 None can run out of references."""

import sys

from PySide6.QtCore import QObject


def test_void_qt_calls_keep_none_alive():
    obj = QObject()
    before = sys.getrefcount(None)
    for _ in range(10_000):
        obj.setObjectName("pacer")
    assert sys.getrefcount(None) >= before - 100
