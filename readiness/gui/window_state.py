"""Window geometry and the last tab, kept with QSettings in an INI file under our config
folder (not the registry or ~/.config/<org>), so READINESS_HOME moves it along with the rest."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QByteArray, QSettings

from readiness.paths import config_dir


def qsettings() -> QSettings:
    path = config_dir() / "window.ini"
    path.parent.mkdir(parents=True, exist_ok=True)
    return QSettings(str(path), QSettings.Format.IniFormat)


def restore_geometry(window: Any) -> None:
    geometry = qsettings().value("window/geometry")
    if isinstance(geometry, QByteArray) and not geometry.isEmpty():
        window.restoreGeometry(geometry)


def restore_pages(window: Any, default_tab: int) -> None:
    qs = qsettings()
    splitter = qs.value("window/splitter")
    if isinstance(splitter, QByteArray) and not splitter.isEmpty():
        window.check_page.splitter.restoreState(splitter)
    try:
        tab = int(qs.value("window/tab", default_tab))  # type: ignore[call-overload]
    except (TypeError, ValueError):
        tab = default_tab
    if 0 <= tab < window.tabs.count():
        window.tabs.setCurrentIndex(tab)


def save_state(window: Any, *, pages: bool) -> None:
    qs = qsettings()
    qs.setValue("window/geometry", window.saveGeometry())
    if pages:  # closed while still getting ready: keep the saved page state
        qs.setValue("window/splitter", window.check_page.splitter.saveState())
        qs.setValue("window/tab", window.tabs.currentIndex())
    qs.sync()
