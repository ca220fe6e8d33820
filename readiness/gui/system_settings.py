"""Opening the right system settings page for a fix: a URI through the desktop, or a program
started directly from an argument list (never through a shell).

Programs are started by :mod:`readiness.gui.open_things`, found as the probe layer finds them
(``execs.resolve``: the system folders only, never PATH), so a look-alike earlier on PATH
cannot be started in place of the settings app.
On Linux and BSD a URI goes through xdg-open resolved the same way: Qt's own launcher would
look it up on PATH. Windows and macOS open URIs through the system API, with no program
lookup.
"""

from __future__ import annotations

import logging
import os
import platform
import sys
from collections.abc import Mapping
from typing import Any

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices

from readiness.gui import open_things

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
    """Whether a settings link can work here: it fits this desktop (GNOME/KDE-only links are
    filtered) and, for a program, the program is installed. A button that cannot open
    anything is not offered; the numbered steps still say what to do."""
    desktop = str(setting.get("desktop", "any"))
    if desktop not in ("any", current_desktop()):
        return False
    argv = setting.get("argv")
    if isinstance(argv, list) and argv and isinstance(argv[0], str):
        return open_things.installed(argv[0])
    return True


def open_setting(setting: Mapping[str, Any]) -> bool:
    """Open a catalogue settings link. Returns False when the system refused."""
    uri = setting.get("uri")
    if isinstance(uri, str):
        if sys.platform.startswith("win") or sys.platform == "darwin":
            opened = bool(QDesktopServices.openUrl(QUrl(uri)))
            log.info("open settings %s -> %s", uri, opened)
            return opened
        return open_things.start_program(["xdg-open", uri])
    argv = setting.get("argv")
    if isinstance(argv, list) and argv and all(isinstance(a, str) for a in argv):
        return open_things.start_program(argv)
    return False
