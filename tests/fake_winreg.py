"""A stand-in for Python's `winreg` module: the handful of functions
Companion calls, over an in-memory tree, so the Windows registry code runs
(and is tested) on any OS. Key names are case-insensitive, as on Windows."""

from __future__ import annotations

from dataclasses import dataclass, field

HKEY_CURRENT_USER = "HKEY_CURRENT_USER"
KEY_READ, KEY_WRITE, KEY_SET_VALUE, KEY_QUERY_VALUE, KEY_ALL_ACCESS = 0x20019, 0x20006, 0x2, 0x1, 0xF003F
REG_SZ, REG_EXPAND_SZ, REG_DWORD, REG_QWORD = 1, 2, 4, 11


@dataclass
class Key:
    name: str
    values: dict[str, tuple[object, int]] = field(default_factory=dict)
    children: dict[str, Key] = field(default_factory=dict)  # lower-case name -> key

    def __enter__(self) -> Key:
        return self

    def __exit__(self, *exc) -> None:
        pass


class FakeWinreg:
    HKEY_CURRENT_USER = HKEY_CURRENT_USER
    KEY_READ, KEY_WRITE, KEY_SET_VALUE = KEY_READ, KEY_WRITE, KEY_SET_VALUE
    KEY_QUERY_VALUE, KEY_ALL_ACCESS = KEY_QUERY_VALUE, KEY_ALL_ACCESS
    REG_SZ, REG_EXPAND_SZ, REG_DWORD, REG_QWORD = REG_SZ, REG_EXPAND_SZ, REG_DWORD, REG_QWORD

    def __init__(self) -> None:
        self.roots = {HKEY_CURRENT_USER: Key(HKEY_CURRENT_USER)}
        self.calls: list[tuple] = []

    # -- building a tree for a test -------------------------------------------------
    def put(self, path: str, name: str, value: object, kind: int = REG_SZ) -> None:
        self.CreateKey(HKEY_CURRENT_USER, path).values[name] = (value, kind)

    def get(self, path: str, name: str):
        return self._find(self.roots[HKEY_CURRENT_USER], path).values[name][0]

    # -- the winreg functions used ------------------------------------------------
    def _parent(self, key) -> Key:
        return self.roots[key] if isinstance(key, str) else key

    def _find(self, key: Key, path: str) -> Key:
        for part in filter(None, path.split("\\")):
            try:
                key = key.children[part.lower()]
            except KeyError:
                raise FileNotFoundError(2, "The system cannot find the file specified") from None
        return key

    def OpenKey(self, key, sub_key: str, reserved: int = 0, access: int = KEY_READ) -> Key:  # noqa: N802
        self.calls.append(("OpenKey", sub_key, access))
        return self._find(self._parent(key), sub_key)

    def CreateKey(self, key, sub_key: str) -> Key:  # noqa: N802
        node = self._parent(key)
        for part in filter(None, sub_key.split("\\")):
            node = node.children.setdefault(part.lower(), Key(part))
        return node

    def CreateKeyEx(self, key, sub_key: str, reserved: int = 0, access: int = KEY_WRITE) -> Key:  # noqa: N802
        return self.CreateKey(key, sub_key)

    def EnumKey(self, key: Key, index: int) -> str:  # noqa: N802
        children = list(key.children.values())
        if index >= len(children):
            raise OSError(259, "No more data is available")
        return children[index].name

    def QueryValueEx(self, key: Key, name: str):  # noqa: N802
        for stored, value in key.values.items():
            if stored.lower() == name.lower():
                return value
        raise FileNotFoundError(2, "The system cannot find the file specified")

    def SetValueEx(self, key: Key, name: str, reserved: int, kind: int, value: object) -> None:  # noqa: N802
        self.calls.append(("SetValueEx", name, kind, value))
        key.values[name] = (value, kind)

    def DeleteValue(self, key: Key, name: str) -> None:  # noqa: N802
        self.calls.append(("DeleteValue", name))
        for stored in list(key.values):
            if stored.lower() == name.lower():
                del key.values[stored]
                return
        raise FileNotFoundError(2, "The system cannot find the file specified")

    def CloseKey(self, key: Key) -> None:  # noqa: N802
        pass
