"""One place that opens a folder, a file or a web address with the desktop's own programs.

Each call returns None when the desktop accepted the request, or one sentence saying why it
did not and what to do instead, for the caller to show: never a program's raw output.

Windows and macOS open through the system API (QDesktopServices). Inside a Flatpak or Snap
sandbox QDesktopServices goes through the desktop portal, the only door out. Elsewhere on
Linux and BSD xdg-open is started from the system folders (``execs.resolve``), never found on
PATH, where a look-alike could be started in its place (Qt's own launcher searches PATH).
"""

from __future__ import annotations

import logging
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QProcess, QUrl
from PySide6.QtGui import QDesktopServices

from readiness.probe import execs

log = logging.getLogger(__name__)


def _tr(text: str) -> str:
    return QCoreApplication.translate("open_things", text)


def file_manager_name() -> str:
    if sys.platform.startswith("win"):
        return _tr("File Explorer")
    if sys.platform == "darwin":
        return _tr("the Finder")
    return _tr("your file manager")


def _uses_system_api() -> bool:
    if sys.platform.startswith("win") or sys.platform == "darwin":
        return True
    # Sandboxed: only the portal can reach the desktop, and Qt uses it there.
    return os.path.exists("/.flatpak-info") or "SNAP" in os.environ


def start_program(argv: Sequence[str]) -> bool:
    """Start ``argv[0]`` from the system folders, detached; False when it is not there or
    would not start."""
    try:
        program = execs.resolve(argv[0])
    except execs.ExecutableNotFound as exc:
        log.info("program not started: %s", exc)
        return False
    ok, _pid = QProcess.startDetached(program, list(argv[1:]))
    log.info("start %s %s -> %s", program, list(argv[1:]), ok)
    return bool(ok)


def installed(program: str) -> bool:
    """Whether ``program`` is in the system folders (so a button for it can work)."""
    try:
        execs.resolve(program)
    except execs.ExecutableNotFound:
        return False
    return True


def _launch(url: QUrl) -> bool:
    if _uses_system_api():
        opened = bool(QDesktopServices.openUrl(url))
        log.info("open %s -> %s", url.toString(), opened)
        return opened
    return start_program(["xdg-open", url.toString()])


def _no_opener(what: str, where: str) -> str:
    return (_tr("This computer has no program set up to open %1 for other apps. Open %2 "
                "yourself and go to: %3").replace("%1", what)
            .replace("%2", file_manager_name()).replace("%3", where))


def open_folder(folder: str | Path) -> str | None:
    """Show ``folder`` in the file manager. None when asked; else a sentence why not."""
    path = Path(folder)
    if not str(folder).strip():
        return _tr("No folder has been chosen yet.")
    if not path.is_dir():
        return (_tr("The folder %1 does not exist any more. It may have been moved, renamed or "
                    "on a drive that is not plugged in.").replace("%1", str(path)))
    if _launch(QUrl.fromLocalFile(str(path))):
        return None
    return _no_opener(_tr("folders"), str(path))


def open_file(file: str | Path) -> str | None:
    """Open ``file`` in its usual program (a PDF reader, say). None when asked; else why not."""
    path = Path(file)
    if not path.is_file():
        return (_tr("The file %1 is not there any more. It may have been moved, renamed or "
                    "deleted; its folder was %2.").replace("%1", path.name)
                .replace("%2", str(path.parent)))
    if _launch(QUrl.fromLocalFile(str(path))):
        return None
    kind = _tr("PDF files") if path.suffix.lower() == ".pdf" else _tr("this kind of file")
    return _no_opener(kind, str(path))


def open_url(url: str) -> str | None:
    """Open a web address (https only) in the browser. None when asked; else why not."""
    if not url.startswith("https://"):
        return _tr("Readiness only opens secure web addresses (starting https://).")
    if _launch(QUrl(url)):
        return None
    return (_tr("No web browser could be opened. Type this address into your browser: %1")
            .replace("%1", url))
