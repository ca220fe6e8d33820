"""Window geometry and the last tab, kept with QSettings in an INI file under our config
folder (not the registry or ~/.config/<org>), so READINESS_HOME moves it along with the rest."""

from __future__ import annotations

from PySide6.QtCore import QSettings

from readiness.paths import config_dir


def qsettings() -> QSettings:
    path = config_dir() / "window.ini"
    path.parent.mkdir(parents=True, exist_ok=True)
    return QSettings(str(path), QSettings.Format.IniFormat)
