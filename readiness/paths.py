"""Where Readiness keeps its files.

Config and data live under platformdirs' per-user locations; ``READINESS_HOME`` overrides all of
them at once (tests and portable use). Assets ship beside the packages (or inside the frozen
bundle).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import platformdirs

APP_NAME = "Readiness"
APP_AUTHOR = "Readiness"


def _home() -> Path | None:
    value = os.environ.get("READINESS_HOME")
    return Path(value) if value else None


def config_dir() -> Path:
    home = _home()
    if home is not None:
        return home / "config"
    return Path(platformdirs.user_config_dir(APP_NAME, APP_AUTHOR))


def data_dir() -> Path:
    home = _home()
    if home is not None:
        return home / "data"
    return Path(platformdirs.user_data_dir(APP_NAME, APP_AUTHOR))


def log_dir() -> Path:
    home = _home()
    if home is not None:
        return home / "logs"
    return Path(platformdirs.user_log_dir(APP_NAME, APP_AUTHOR))


def assets_dir() -> Path:
    override = os.environ.get("READINESS_ASSETS")
    if override:
        return Path(override)
    frozen = getattr(sys, "_MEIPASS", None)
    if frozen:
        return Path(frozen) / "assets"
    return Path(__file__).resolve().parent.parent / "assets"
