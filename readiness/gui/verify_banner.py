"""One file's account at a glance, like a PDF reader's signature panel: a tinted banner with an
icon, a sentence and, where there is something to do, the button that does it.

The states are ``readiness.signing.verify_standing``'s (kept as plain strings here so the
Verify screen can be built before the signing libraries load; a test keeps them equal). Each
state has its own icon shape and word, so none depends on colour.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QEvent, QSize, Qt, Signal
from PySide6.QtGui import QColor, QFont, QGuiApplication, QPalette
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from readiness.gui.status import status_icon

VALID = "valid"
CHANGED = "changed"
NOT_ACCEPTED = "not_accepted"
UNKNOWN_SIGNER = "unknown_signer"
NOT_SIGNED = "not_signed"
KEY_CARD = "keycard"
HANDOVER = "handover"
NOTHING = ""  # no file chosen yet

GOOD, BAD, ASK, INFO = "good", "bad", "ask", "info"
TONE = {VALID: GOOD, CHANGED: BAD, NOT_ACCEPTED: BAD, NOT_SIGNED: BAD, UNKNOWN_SIGNER: ASK,
        KEY_CARD: INFO, HANDOVER: INFO, NOTHING: INFO}
# The status icons' shapes: tick, cross, exclamation mark, question mark.
ICON = {GOOD: "pass", BAD: "fail", ASK: "warn", INFO: "unknown"}
TINT = {GOOD: QColor("#1e7b45"), BAD: QColor("#b3261e"), ASK: QColor("#b86e00"),
        INFO: QColor("#3d6ea8")}


def _mix(a: QColor, b: QColor, t: float) -> QColor:
    return QColor(round(a.red() * (1 - t) + b.red() * t),
                  round(a.green() * (1 - t) + b.green() * t),
                  round(a.blue() * (1 - t) + b.blue() * t))


@dataclass(frozen=True)
class Account:
    """What the banner says about one file."""

    state: str
    title: str
    detail: str
    action: str = ""  # the button's text; "" for none


class FileBanner(QFrame):
    action_clicked = Signal(str)  # the state the action was offered for

    def __init__(self, parent: QWidget | None = None, *, icon_px: int = 40) -> None:
        super().__init__(parent)
        self.setObjectName("fileBanner")
        self._icon_px = icon_px
        self.state = NOTHING
        layout = QHBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.setSpacing(14)
        self.icon = QLabel()
        self.icon.setFixedSize(QSize(icon_px, icon_px))
        layout.addWidget(self.icon, 0, Qt.AlignmentFlag.AlignTop)
        text = QVBoxLayout()
        text.setSpacing(4)
        self.title = QLabel()
        font = QFont(self.font())
        font.setPointSizeF(font.pointSizeF() * 1.35)
        font.setBold(True)
        self.title.setFont(font)
        self.title.setWordWrap(True)
        self.title.setTextFormat(Qt.TextFormat.PlainText)
        self.title.setAccessibleName(self.tr("Signature status"))
        self.detail = QLabel()
        self.detail.setWordWrap(True)
        self.detail.setTextFormat(Qt.TextFormat.PlainText)
        self.detail.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.detail.setAccessibleName(self.tr("What this means"))
        text.addWidget(self.title)
        text.addWidget(self.detail)
        layout.addLayout(text, 1)
        self.action = QPushButton()
        self.action.clicked.connect(lambda: self.action_clicked.emit(self.state))
        layout.addWidget(self.action, 0, Qt.AlignmentFlag.AlignVCenter)
        self.show_account(Account(NOTHING, self.tr("Choose a checklist to check"),
                                  self.tr("Drop signed checklists or a folder here, or open "
                                          "them with the buttons above.")))

    def show_account(self, account: Account) -> None:
        self.state = account.state
        tone = TONE.get(account.state, INFO)
        self.icon.setPixmap(status_icon(ICON[tone]).pixmap(
            QSize(self._icon_px, self._icon_px), self.devicePixelRatioF()))
        self.icon.setAccessibleName(account.title)
        self.title.setText(account.title)
        self.detail.setText(account.detail)
        self.action.setText(account.action)
        self.action.setAccessibleName(account.action.replace("&", "").rstrip("…")
                                      or self.tr("No action needed"))
        self.action.setVisible(bool(account.action))
        self.setAccessibleName(self.tr("Signature status"))
        self.setAccessibleDescription(f"{account.title}. {account.detail}")
        self._restyle()

    @property
    def tone(self) -> str:
        return TONE.get(self.state, INFO)

    def _restyle(self) -> None:
        # As the verdict banner: a soft tint over the theme's base, calm in light and dark.
        base = QGuiApplication.palette().color(QPalette.ColorRole.Base)
        tint = TINT[self.tone]
        bg = _mix(base, tint, 0.22 if base.lightness() < 128 else 0.10)
        sheet = (
            "#fileBanner {"
            f"background: {bg.name()}; border: 1px solid {_mix(base, tint, 0.55).name()};"
            f"border-left: 6px solid {tint.name()}; border-radius: 8px; }}"
        )
        if sheet != self.styleSheet():
            self.setStyleSheet(sheet)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.ApplicationPaletteChange:
            self._restyle()
        super().changeEvent(event)
