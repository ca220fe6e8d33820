"""Status icons and words. Status is always shown by icon AND word, never colour alone."""

from __future__ import annotations

from functools import cache

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QIcon

from readiness.model import Status, Verdict
from readiness.paths import assets_dir

PENDING = "pending"


# Spelled out in full (not through a helper) so Qt's lupdate finds each string.
def status_word(status: Status | str) -> str:
    key = status.value if isinstance(status, Status) else status
    return {
        "pass": QCoreApplication.translate("status", "Pass"),
        "warn": QCoreApplication.translate("status", "Caution"),
        "fail": QCoreApplication.translate("status", "Fail"),
        "unknown": QCoreApplication.translate("status", "Could not check"),
        "not_applicable": QCoreApplication.translate("status", "Not applicable"),
        PENDING: QCoreApplication.translate("status", "Not checked yet"),
    }.get(key, key)


def verdict_word(verdict: Verdict | str) -> str:
    key = verdict.value if isinstance(verdict, Verdict) else verdict
    return {
        "ready": QCoreApplication.translate("status", "Ready"),
        "ready_with_cautions": QCoreApplication.translate("status", "Ready with cautions"),
        "not_ready": QCoreApplication.translate("status", "Not ready"),
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
