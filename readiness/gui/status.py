"""Status icons and words. Status is always shown by icon AND word, never colour alone."""

from __future__ import annotations

from functools import cache

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QIcon

from readiness.model import Status, Verdict
from readiness.paths import assets_dir

PENDING = "pending"


def _tr(text: str) -> str:
    return QCoreApplication.translate("status", text)


def status_word(status: Status | str) -> str:
    key = status.value if isinstance(status, Status) else status
    return {
        "pass": _tr("Pass"),
        "warn": _tr("Caution"),
        "fail": _tr("Fail"),
        "unknown": _tr("Could not check"),
        "not_applicable": _tr("Not applicable"),
        PENDING: _tr("Not checked yet"),
    }.get(key, key)


def verdict_word(verdict: Verdict | str) -> str:
    key = verdict.value if isinstance(verdict, Verdict) else verdict
    return {
        "ready": _tr("Ready"),
        "ready_with_cautions": _tr("Ready with cautions"),
        "not_ready": _tr("Not ready"),
    }.get(key, key)


def icon_path(name: str) -> str:
    return str(assets_dir() / "icons" / f"{name}.svg")


@cache
def icon(name: str) -> QIcon:
    # SVG through Qt's icon engine: crisp at any device pixel ratio.
    return QIcon(icon_path(name))


def status_icon(status: Status | str) -> QIcon:
    key = status.value if isinstance(status, Status) else status
    return icon("status-" + key.replace("_", "-"))


def verdict_icon(verdict: Verdict | str) -> QIcon:
    key = verdict.value if isinstance(verdict, Verdict) else verdict
    return status_icon({"ready": "pass", "ready_with_cautions": "warn",
                        "not_ready": "fail"}.get(key, "unknown"))


def app_icon() -> QIcon:
    return icon("app")
