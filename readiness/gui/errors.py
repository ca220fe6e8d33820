"""Friendly error dialogs: a plain sentence first, the technical details one click away."""

from __future__ import annotations

import logging

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QStyle,
    QVBoxLayout,
    QWidget,
)

log = logging.getLogger(__name__)


class ErrorDialog(QDialog):
    def __init__(self, parent: QWidget | None, title: str, message: str, details: str = "") -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setAccessibleName(title)
        self.setMinimumWidth(440)
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        icon = QLabel()
        size = self.style().pixelMetric(QStyle.PixelMetric.PM_MessageBoxIconSize)
        icon.setPixmap(
            self.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning).pixmap(size)
        )
        icon.setAccessibleName(self.tr("Warning"))
        top.addWidget(icon, 0, Qt.AlignmentFlag.AlignTop)
        self.message = QLabel(message)
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.message.setAccessibleName(self.tr("Message"))
        top.addWidget(self.message, 1)
        layout.addLayout(top)

        self.details = QPlainTextEdit(details or message)
        self.details.setReadOnly(True)
        self.details.setAccessibleName(self.tr("Technical details"))
        self.details.setVisible(False)
        self.details.setMinimumHeight(120)
        layout.addWidget(self.details)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.show_details = QPushButton(self.tr("Show &details"))
        self.show_details.setCheckable(True)
        self.show_details.setAccessibleName(self.tr("Show technical details"))
        self.show_details.toggled.connect(self._toggle)
        self.copy = QPushButton(self.tr("&Copy details"))
        self.copy.setAccessibleName(self.tr("Copy details to the clipboard"))
        self.copy.clicked.connect(self.copy_details)
        buttons.addButton(self.show_details, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.copy, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        close = buttons.button(QDialogButtonBox.StandardButton.Close)
        close.setAccessibleName(self.tr("Close"))
        close.setDefault(True)
        layout.addWidget(buttons)

    def _toggle(self, on: bool) -> None:
        self.details.setVisible(on)
        self.show_details.setText(self.tr("Hide &details") if on else self.tr("Show &details"))

    def copy_details(self) -> None:
        text = f"{self.windowTitle()}\n{self.message.text()}\n\n{self.details.toPlainText()}"
        QGuiApplication.clipboard().setText(text)
        self.copy.setText(self.tr("Copied"))


def show_error(parent: QWidget | None, title: str, message: str, details: str = "") -> ErrorDialog:
    """Open (not exec: the event loop keeps running) a friendly error dialog and log it."""
    log.warning("%s: %s | %s", title, message, details)
    dialog = ErrorDialog(parent, title, message, details)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    return dialog
