"""One file's account at a glance, like a PDF reader's signature panel: a tinted banner with an
icon, a sentence and, where there is something to do, the button that does it.

The states are ``readiness.signing.verify_standing``'s (kept as plain strings here so the
Verify screen can be built before the signing libraries load; a test keeps them equal). Each
state has its own icon shape and word, so none depends on colour.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QEvent, QSize, Qt, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from readiness.gui import theme, typescale
from readiness.gui.status import status_icon

VALID = "valid"
CHANGED = "changed"
NOT_ACCEPTED = "not_accepted"
UNKNOWN_SIGNER = "unknown_signer"
NOT_SIGNED = "not_signed"
KEY_CARD = "keycard"
HANDOVER = "handover"  # one that readiness' own check accepted: from a key you trust
# The screen's own states (not the library's): a hand-over that did not pass that check,
# from a key not trusted here (it may be someone else's), or refused outright.
HANDOVER_UNTRUSTED = "handover_untrusted"
HANDOVER_REFUSED = "handover_refused"
NOTHING = ""  # no file chosen yet

GOOD, BAD, ASK, INFO = theme.GOOD, theme.BAD, theme.ASK, theme.INFO
TONE = {VALID: GOOD, CHANGED: BAD, NOT_ACCEPTED: BAD, NOT_SIGNED: BAD, UNKNOWN_SIGNER: ASK,
        KEY_CARD: INFO, HANDOVER: INFO, HANDOVER_UNTRUSTED: ASK, HANDOVER_REFUSED: BAD,
        NOTHING: INFO}
SCREEN_ONLY = (HANDOVER_UNTRUSTED, HANDOVER_REFUSED, NOTHING)
# The status icons' shapes: tick, cross, exclamation mark, question mark.
ICON = {GOOD: "pass", BAD: "fail", ASK: "warn", INFO: "unknown"}


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
        self.title.setObjectName("fileBannerTitle")
        typescale.apply(self.title, typescale.TITLE)
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
        # As the verdict banner: a soft tint over the theme's base, none in high contrast.
        sheet = theme.Tint(self.tone).frame_sheet("fileBanner", "fileBannerTitle")
        if sheet != self.styleSheet():
            self.setStyleSheet(sheet)

    def changeEvent(self, event: QEvent) -> None:
        # Qt 6 tells a widget of a new application palette by PaletteChange; our own
        # style sheet causes one too, ended by the unchanged-sheet test in _restyle.
        if event.type() in (QEvent.Type.ApplicationPaletteChange,
                            QEvent.Type.PaletteChange):
            self._restyle()
        super().changeEvent(event)
