"""Status icons and words. Status is always shown by icon AND word, never colour alone.

The words are the core's (``Status.label``, ``Verdict.label``), the ones the CLI and the signed
PDF print, translated here at run time; the marks below only let Qt's lupdate find them.
"""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication
from PySide6.QtGui import QIcon

from readiness.gui.icons import icon
from readiness.model import NOT_ANSWERED, CheckResult, Status, Verdict

PENDING = "pending"
UNANSWERED = "unanswered"  # a practice question with no answer yet (CheckResult.unanswered)
CONTEXT = "status"

# For lupdate only (it reads literals, not the core's properties); a test keeps this list equal
# to the core's labels.
MARKED = (
    QT_TRANSLATE_NOOP("status", "Pass"),
    QT_TRANSLATE_NOOP("status", "Warning"),
    QT_TRANSLATE_NOOP("status", "Fail"),
    QT_TRANSLATE_NOOP("status", "Unknown"),
    QT_TRANSLATE_NOOP("status", "Not applicable"),
    QT_TRANSLATE_NOOP("status", "Ready"),
    QT_TRANSLATE_NOOP("status", "Ready with cautions"),
    QT_TRANSLATE_NOOP("status", "Not ready"),
    QT_TRANSLATE_NOOP("status", "Not answered yet"),
)


def status_word(status: Status | str) -> str:
    """The translated word for a status, for ``PENDING``, or an unknown value as it is."""
    if status == PENDING:
        return QCoreApplication.translate("status", "Not checked yet")
    if status == UNANSWERED:
        return QCoreApplication.translate(CONTEXT, NOT_ANSWERED)
    try:
        label = Status(status).label
    except ValueError:
        return str(status)
    return QCoreApplication.translate(CONTEXT, label)


def result_key(result: CheckResult) -> str:
    """The key of the word and icon to show for ``result``."""
    return UNANSWERED if result.unanswered else result.status.value


def verdict_word(verdict: Verdict | str) -> str:
    try:
        label = Verdict(verdict).label
    except ValueError:
        return str(verdict)
    return QCoreApplication.translate(CONTEXT, label)


def status_icon(status: Status | str) -> QIcon:
    key = status.value if isinstance(status, Status) else status
    return icon("status-" + key.replace("_", "-"))


def verdict_icon(verdict: Verdict | str) -> QIcon:
    try:
        return status_icon(Verdict(verdict).status)
    except ValueError:
        return status_icon(Status.UNKNOWN)
