"""Parts of the main window built with its pages: the header (the app's icon and name) and
the self-audit reminder banner."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QEvent, QSize, Qt
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from readiness.gui import typescale
from readiness.gui.icons import app_icon

if TYPE_CHECKING:
    from readiness.gui.main_window import MainWindow

ICON_PX = 36  # beside a title-sized name; drawn from the SVG at the screen's pixel ratio


def _tr(text: str) -> str:
    return QCoreApplication.translate("MainWindow", text)


class AppHeader(QWidget):
    """The app's icon and name with one line on what it is for, above the screens."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("appHeader")
        lay = QHBoxLayout(self)
        lay.setContentsMargins(typescale.PAGE_MARGIN, typescale.SECTION_GAP,
                               typescale.PAGE_MARGIN, 0)
        lay.setSpacing(typescale.SECTION_GAP)
        self.icon = QLabel()
        self.icon.setFixedSize(QSize(ICON_PX, ICON_PX))
        self.icon.setAccessibleName(_tr("Readiness"))
        lay.addWidget(self.icon, 0, Qt.AlignmentFlag.AlignVCenter)
        words = QVBoxLayout()
        words.setSpacing(0)
        self.name = typescale.apply(QLabel(_tr("Readiness")), typescale.TITLE)
        self.caption = typescale.apply(QLabel(), typescale.CAPTION)
        self.caption.setWordWrap(True)
        words.addWidget(self.name)
        words.addWidget(self.caption)
        lay.addLayout(words, 1)
        self.set_verify_only(False)
        self._paint_icon()

    def set_verify_only(self, verify_only: bool) -> None:
        self.caption.setText(
            _tr("Checks the signed checklists practitioners send you.") if verify_only else
            _tr("Checks that this computer is ready for an online session."))

    def _paint_icon(self) -> None:
        # Rendered for this screen's pixel ratio: crisp at 1x and 2x, again on a move.
        self.icon.setPixmap(app_icon().pixmap(QSize(ICON_PX, ICON_PX),
                                              self.devicePixelRatioF()))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.DevicePixelRatioChange:
            self._paint_icon()
        super().changeEvent(event)

    def showEvent(self, event: object) -> None:
        self._paint_icon()
        super().showEvent(event)  # type: ignore[arg-type]


def build_reminder(window: MainWindow) -> QFrame:
    """The self-audit reminder banner (hidden until due), its text and buttons on ``window``."""
    window.reminder = reminder = QFrame()
    reminder.setObjectName("reminderBanner")
    reminder.setFrameShape(QFrame.Shape.StyledPanel)
    rl = QHBoxLayout(reminder)
    rl.setContentsMargins(typescale.PAGE_MARGIN, typescale.ROW_GAP,
                          typescale.PAGE_MARGIN, typescale.ROW_GAP)
    window.reminder_text = QLabel()
    window.reminder_text.setWordWrap(True)
    window.reminder_text.setAccessibleName(_tr("Reminder"))
    window.reminder_run = QPushButton(_tr("Run checks no&w"))
    window.reminder_run.setAccessibleName(_tr("Run checks now"))
    window.reminder_dismiss = QPushButton(_tr("&Later"))
    window.reminder_dismiss.setAccessibleName(_tr("Dismiss the reminder"))
    window.reminder_dismiss.clicked.connect(lambda: reminder.setVisible(False))
    rl.addWidget(window.reminder_text, 1)
    rl.addWidget(window.reminder_run)
    rl.addWidget(window.reminder_dismiss)
    reminder.setVisible(False)
    return reminder
