"""Reading one registry value on Windows (imported only there)."""

from __future__ import annotations

import importlib
import os
from typing import Any

from readiness.probe.types import RegistryRead

_TYPES = {
    1: "REG_SZ",
    2: "REG_EXPAND_SZ",
    3: "REG_BINARY",
    4: "REG_DWORD",
    7: "REG_MULTI_SZ",
    11: "REG_QWORD",
}


def split(path: str) -> tuple[str, str, str]:
    """``HKLM\\A\\B\\Name`` -> (hive, ``A\\B``, ``Name``)."""
    parts = path.split("\\")
    if len(parts) < 3:
        raise ValueError(f"registry path needs hive, key and value name: {path}")
    return parts[0].upper(), "\\".join(parts[1:-1]), parts[-1]


def read(path: str) -> RegistryRead:
    if os.name != "nt":
        return RegistryRead(path, None, None, "not on this system")
    # Imported by name: its stubs exist only for win32, and this module type-checks everywhere.
    winreg: Any = importlib.import_module("winreg")

    hives = {
        "HKLM": winreg.HKEY_LOCAL_MACHINE,
        "HKEY_LOCAL_MACHINE": winreg.HKEY_LOCAL_MACHINE,
        "HKCU": winreg.HKEY_CURRENT_USER,
        "HKEY_CURRENT_USER": winreg.HKEY_CURRENT_USER,
    }
    try:
        hive, key, name = split(path)
    except ValueError as exc:
        return RegistryRead(path, None, None, str(exc))
    if hive not in hives:
        return RegistryRead(path, None, None, f"unsupported hive {hive}")
    try:
        # KEY_WOW64_64KEY: a 32-bit build must still see the 64-bit view the OS uses.
        with winreg.OpenKey(
            hives[hive], key, 0, winreg.KEY_READ | winreg.KEY_WOW64_64KEY
        ) as handle:
            value, kind = winreg.QueryValueEx(handle, name)
    except FileNotFoundError:
        return RegistryRead(path, None, None, "missing")
    except PermissionError:
        return RegistryRead(path, None, None, "permission denied")
    except OSError as exc:
        return RegistryRead(path, None, None, f"unreadable ({exc})")
    if isinstance(value, bytes):
        value = value.hex()
    return RegistryRead(path, _TYPES.get(kind, str(kind)), value)
