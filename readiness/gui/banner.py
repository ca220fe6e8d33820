"""The large verdict banner: icon, word and a one-line reason; colour only as a soft tint."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QSize, Qt
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from readiness.gui import theme, typescale
from readiness.gui.status import PENDING, status_icon, verdict_icon, verdict_word
from readiness.model import CheckResult, Status, Verdict, overall_verdict

# The banner's tone for each verdict (theme.Tint turns it into colours for the palette).
TONE = {"ready": theme.GOOD, "ready_with_cautions": theme.ASK, "not_ready": theme.BAD,
        PENDING: theme.NEUTRAL}


class VerdictBanner(QFrame):
    def __init__(self, parent: QWidget | None = None, *, icon_px: int = 56) -> None:
        super().__init__(parent)
        self.setObjectName("verdictBanner")
        self.setAccessibleName(self.tr("Verdict"))
        self._icon_px = icon_px
        self._key = PENDING
        layout = QHBoxLayout(self)
        layout.setContentsMargins(20, 16, 20, 16)
        layout.setSpacing(16)
        self.icon = QLabel()
        self.icon.setFixedSize(QSize(icon_px, icon_px))
        layout.addWidget(self.icon, 0, Qt.AlignmentFlag.AlignVCenter)
        text = QVBoxLayout()
        text.setSpacing(2)
        self.word = QLabel()
        self.word.setObjectName("verdictWord")
        typescale.apply(self.word, typescale.DISPLAY)
        self.word.setAccessibleName(self.tr("Verdict"))
        self.reason = QLabel()
        self.reason.setWordWrap(True)
        self.reason.setAccessibleName(self.tr("Reason"))
        text.addWidget(self.word)
        text.addWidget(self.reason)
        layout.addLayout(text, 1)
        self.show_idle()

    # -- states -------------------------------------------------------------------------
    def show_idle(self) -> None:
        self._set(PENDING, self.tr("Not checked yet"),
                  self.tr("Run the checks to see whether this computer is ready for a session."))

    def show_running(self, done: int, total: int) -> None:
        self._set(PENDING, self.tr("Checking…"),
                  self.tr("Checked %1 of %2 items so far.").replace("%1", str(done))
                  .replace("%2", str(total)))

    def show_results(self, results: list[CheckResult]) -> None:
        verdict = overall_verdict([r.status for r in results])
        self._set(verdict.value, verdict_word(verdict), self.reason_for(verdict, results))

    def reason_for(self, verdict: Verdict, results: list[CheckResult]) -> str:
        fails = [r for r in results if r.status is Status.FAIL]
        attention = [r for r in results if r.status in (Status.WARN, Status.UNKNOWN)]
        if verdict is Verdict.NOT_READY:
            if len(fails) == 1:
                return self.tr("Fix this before your session: %1").replace(
                    "%1", fails[0].summary)
            return (self.tr("%1 items need fixing before your session. First: %2")
                    .replace("%1", str(len(fails))).replace("%2", fails[0].summary))
        if verdict is Verdict.CAUTIONS:
            if len(attention) == 1:
                return self.tr("Nothing failed; one item needs a look: %1").replace(
                    "%1", attention[0].summary)
            return self.tr("Nothing failed; %1 items need a look.").replace(
                "%1", str(len(attention)))
        return self.tr("Every item passed or does not apply to you.")

    @property
    def verdict_key(self) -> str:
        return self._key

    def _set(self, key: str, word: str, reason: str) -> None:
        self._key = key
        icon = verdict_icon(key) if key != PENDING else status_icon(PENDING)
        self.icon.setPixmap(icon.pixmap(QSize(self._icon_px, self._icon_px),
                                        self.devicePixelRatioF()))
        self.icon.setAccessibleName(word)
        self.word.setText(word)
        self.reason.setText(reason)
        self.setAccessibleDescription(f"{word}. {reason}")
        self._restyle()

    def _restyle(self) -> None:
        # A soft tint over the theme's own base, none under high contrast (theme.Tint). The
        # application palette, not our own: a style sheet changes our own palette, which
        # would feed back into this method.
        sheet = theme.Tint(TONE.get(self._key, theme.NEUTRAL)).frame_sheet(
            "verdictBanner", "verdictWord")
        if sheet != self.styleSheet():  # no restyle loop on palette change events
            self.setStyleSheet(sheet)

    def changeEvent(self, event: QEvent) -> None:
        # Qt 6 tells a widget of a new application palette by PaletteChange; our own
        # style sheet causes one too, ended by the unchanged-sheet test in _restyle.
        if event.type() in (QEvent.Type.ApplicationPaletteChange,
                            QEvent.Type.PaletteChange):
            self._restyle()
        super().changeEvent(event)
