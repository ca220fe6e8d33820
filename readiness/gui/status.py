"""Status icons and words. Status is always shown by icon AND word, never colour alone."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QIcon

from readiness.gui.icons import icon
from readiness.model import Status, Verdict

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


def status_icon(status: Status | str) -> QIcon:
    key = status.value if isinstance(status, Status) else status
    return icon("status-" + key.replace("_", "-"))


def verdict_icon(verdict: Verdict | str) -> QIcon:
    key = verdict.value if isinstance(verdict, Verdict) else verdict
    return status_icon({"ready": "pass", "ready_with_cautions": "warn",
                        "not_ready": "fail"}.get(key, "unknown"))

