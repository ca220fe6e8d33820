"""Opening the right system settings page for a fix: a URI through the desktop, or a program
started directly from an argument list (never through a shell)."""

from __future__ import annotations

import logging
import os
import platform
from collections.abc import Mapping
from typing import Any

from PySide6.QtCore import QProcess, QUrl
from PySide6.QtGui import QDesktopServices

log = logging.getLogger(__name__)


def current_desktop() -> str:
    """gnome, kde, or other (from XDG_CURRENT_DESKTOP, e.g. "ubuntu:GNOME")."""
    value = os.environ.get("XDG_CURRENT_DESKTOP", "").lower()
    if "gnome" in value or "unity" in value:
        return "gnome"
    if "kde" in value:
        return "kde"
    return "other"


def running_os_key() -> str:
    return {"Windows": "windows", "Darwin": "macos", "Linux": "linux"}.get(
        platform.system(), "other"
    )


def applicable(setting: Mapping[str, Any]) -> bool:
    """Whether a settings link fits this desktop (GNOME/KDE-only links are filtered)."""
    desktop = str(setting.get("desktop", "any"))
    return desktop == "any" or desktop == current_desktop()


def open_setting(setting: Mapping[str, Any]) -> bool:
    """Open a catalogue settings link. Returns False when the system refused."""
    uri = setting.get("uri")
    if isinstance(uri, str):
        opened = bool(QDesktopServices.openUrl(QUrl(uri)))
        log.info("open settings %s -> %s", uri, opened)
        return opened
    argv = setting.get("argv")
    if isinstance(argv, list) and argv and all(isinstance(a, str) for a in argv):
        ok, _pid = QProcess.startDetached(argv[0], argv[1:])
        log.info("start settings program %s -> %s", argv, ok)
        return bool(ok)
    return False
