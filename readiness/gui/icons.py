"""The app's SVG icons (high-DPI through Qt's icon engine). Apart from status.py so the
window frame can have its icon without loading the result model."""

from __future__ import annotations

from functools import cache

from PySide6.QtGui import QIcon

from readiness.paths import assets_dir


def icon_path(name: str) -> str:
    return str(assets_dir() / "icons" / f"{name}.svg")


@cache
def icon(name: str) -> QIcon:
    # SVG through Qt's icon engine: crisp at any device pixel ratio.
    return QIcon(icon_path(name))


def app_icon() -> QIcon:
    return icon("app")
