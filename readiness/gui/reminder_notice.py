"""The self-audit reminder's words, and the tray notification that carries them."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QSystemTrayIcon, QWidget

from readiness.gui.icons import app_icon


def notice_text(days: int | None) -> str:
    if days is None:
        return QCoreApplication.translate(
            "MainWindow", "You have not saved a signed checklist yet. Run the checks, then "
            "choose “Sign and save”.")
    return QCoreApplication.translate(
        "MainWindow", "Time for your self-audit: your last signed checklist was %1 days "
        "ago.").replace("%1", str(days))


def notify_tray(parent: QWidget, tray: QSystemTrayIcon | None, text: str,
                on_click: Callable[[], None]) -> QSystemTrayIcon | None:
    """Show ``text`` from the tray where the desktop has one; returns the tray icon kept."""
    if not QSystemTrayIcon.isSystemTrayAvailable():
        return tray
    if tray is None:
        tray = QSystemTrayIcon(app_icon(), parent)
        tray.setToolTip(QCoreApplication.translate("MainWindow", "Readiness"))
        tray.messageClicked.connect(on_click)
    tray.show()
    if QSystemTrayIcon.supportsMessages():
        tray.showMessage(QCoreApplication.translate("MainWindow", "Readiness"), text,
                         QSystemTrayIcon.MessageIcon.Information)
    return tray
