"""Resolving a command to an executable in the OS's own system directories.

A check names a tool (``nmcli``) or an absolute path (``/usr/libexec/ApplicationFirewall/
socketfilterfw``). We never search the current directory or the user's PATH: a user-writable
directory earlier on PATH could shadow a system tool and forge the answer a check relies on.
"""

from __future__ import annotations

import os
import stat
import sys
from pathlib import Path, PureWindowsPath

POSIX_DIRS: dict[str, tuple[str, ...]] = {
    "linux": ("/usr/sbin", "/usr/bin", "/sbin", "/bin", "/usr/local/sbin", "/usr/local/bin"),
    "darwin": ("/usr/bin", "/bin", "/usr/sbin", "/sbin", "/usr/libexec"),
}

# Absolute paths a check may name directly must live under one of these roots.
POSIX_ROOTS: dict[str, tuple[str, ...]] = {
    "linux": ("/usr/", "/bin/", "/sbin/", "/lib/", "/opt/"),
    "darwin": ("/usr/", "/bin/", "/sbin/", "/System/", "/Library/Apple/"),
}


class ExecutableNotFound(Exception):
    """The tool is not installed in a system directory (or is not trustworthy there)."""


def windows_dirs() -> tuple[str, ...]:
    root = os.environ.get("SystemRoot", r"C:\Windows")
    system32 = str(PureWindowsPath(root, "System32"))
    return (
        system32,
        str(PureWindowsPath(system32, "WindowsPowerShell", "v1.0")),
        str(PureWindowsPath(system32, "wbem")),
        str(PureWindowsPath(system32, "OpenSSH")),
        root,
    )


def _posix_trusted(path: Path) -> bool:
    """Owned by root and not writable by group or others, file and directory alike."""
    for p in (path, path.parent):
        try:
            st = p.stat()
        except OSError:
            return False
        if st.st_uid != 0 or st.st_mode & (stat.S_IWGRP | stat.S_IWOTH):
            return False
    return True


def resolve(name: str, platform: str | None = None) -> str:
    """Return the absolute path of ``name`` from the system directories, or raise."""
    plat = platform or sys.platform
    if plat.startswith("win"):
        return _resolve_windows(name)
    key = "darwin" if plat == "darwin" else "linux"
    if name.startswith("/"):
        candidate = Path(name)
        if not any(name.startswith(r) for r in POSIX_ROOTS[key]):
            raise ExecutableNotFound(f"{name} is outside the system directories")
        if candidate.is_file() and os.access(candidate, os.X_OK) and _posix_trusted(candidate):
            return str(candidate)
        raise ExecutableNotFound(f"{name} not found")
    if "/" in name:
        raise ExecutableNotFound(f"{name}: relative paths are not allowed")
    for d in POSIX_DIRS[key]:
        candidate = Path(d, name)
        if candidate.is_file() and os.access(candidate, os.X_OK) and _posix_trusted(candidate):
            return str(candidate)
    raise ExecutableNotFound(f"{name} not found in the system directories")


def _resolve_windows(name: str) -> str:
    dirs = windows_dirs()
    pure = PureWindowsPath(name)
    if pure.is_absolute():
        if not any(str(pure.parent).lower() == d.lower() for d in dirs):
            raise ExecutableNotFound(f"{name} is outside the system directories")
        if Path(name).is_file():
            return name
        raise ExecutableNotFound(f"{name} not found")
    if len(pure.parts) != 1:
        raise ExecutableNotFound(f"{name}: relative paths are not allowed")
    base = name if name.lower().endswith(".exe") else name + ".exe"
    for d in dirs:
        candidate = Path(d, base)
        if candidate.is_file():
            return str(candidate)
    raise ExecutableNotFound(f"{name} not found in the system directories")
