"""The opt-in connection check in Settings: off by default; when on, the practitioner names
their video platform (or types its address), and a few timed connections are made to it."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from checks.connection.model import PLATFORMS
from readiness.probe.connection import parse_target

OTHER = "other"


class ConnectionSetting(QWidget):
    def __init__(self, enabled: bool, platform: str, *, platform_managed: bool = False,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        self.enabled = QCheckBox(self.tr("Check the connection to my video platform"))
        self.enabled.setAccessibleName(self.tr("Check the connection to my video platform"))
        self.enabled.setChecked(enabled)
        lay.addWidget(self.enabled)
        row = QHBoxLayout()
        self.platform = QComboBox()
        self.platform.setAccessibleName(self.tr("Video platform"))
        for key, label in (("zoom", "Zoom"), ("teams", "Microsoft Teams"),
                           ("meet", "Google Meet"), ("doxy", "Doxy.me"),
                           (OTHER, self.tr("Another (type its web address)"))):
            self.platform.addItem(label, key)
        self.host = QLineEdit()
        self.host.setAccessibleName(self.tr("The video platform's web address"))
        self.host.setPlaceholderText(self.tr("e.g. video.example.org"))
        row.addWidget(self.platform)
        row.addWidget(self.host, 1)
        lay.addLayout(row)
        why = QLabel(self.tr("When on, Readiness makes a few timed connections to the platform "
                             "before a session to see whether a call would hold. Nothing else "
                             "is sent."))
        why.setWordWrap(True)
        lay.addWidget(why)
        self.problem = QLabel()
        self.problem.setWordWrap(True)
        self.problem.setAccessibleName(self.tr("What to change"))
        lay.addWidget(self.problem)
        known = platform.strip().lower()
        index = self.platform.findData(known if known in PLATFORMS else OTHER)
        self.platform.setCurrentIndex(max(index, 0))
        if known and known not in PLATFORMS:
            self.host.setText(platform.strip())
        self.platform.setEnabled(not platform_managed)
        self.host.setEnabled(not platform_managed)
        self.platform.currentIndexChanged.connect(self._update)
        self.enabled.toggled.connect(self._update)
        self.host.textChanged.connect(self._update)
        self._update()

    def platform_value(self) -> str:
        key = str(self.platform.currentData())
        return self.host.text().strip() if key == OTHER else key

    def valid(self) -> bool:
        """Off, or on with a platform Readiness can measure (a host name, not an address)."""
        if not self.enabled.isChecked():
            return True
        value = self.platform_value()
        if value in PLATFORMS:
            return True
        try:
            parse_target(value)
        except ValueError:
            return False
        return True

    def _update(self) -> None:
        other = self.platform.currentData() == OTHER
        self.host.setVisible(other)
        self.problem.setText("" if self.valid() else self.tr(
            "Type the platform's web address, such as video.example.org (no https://)."))
