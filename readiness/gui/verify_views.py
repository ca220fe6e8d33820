"""The Verify screen's two views, switched by tabs: the files checked one by one, and the
Summary of a folder of many practitioners' checklists (readiness.gui.summary_view)."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtWidgets import QPushButton, QStackedWidget, QTabBar, QVBoxLayout, QWidget

from readiness.gui.summary_view import SummaryView

FILES, SUMMARY = 0, 1


class VerifyViews(QWidget):
    def __init__(self, files: QWidget, verify: Callable[[Sequence[str]], bool],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._verify = verify
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        self.bar = QTabBar()
        self.bar.setAccessibleName(self.tr("Verify views"))
        self.bar.setDocumentMode(True)
        self.bar.setExpanding(False)
        self.bar.addTab(self.tr("Files"))
        self.bar.addTab(self.tr("Summary of a folder"))
        self.bar.setTabToolTip(FILES, self.tr("Each file checked, with its signature"))
        self.bar.setTabToolTip(SUMMARY, self.tr("One row per practitioner you trust"))
        self.summary_view = SummaryView()
        self.summary_view.verify_requested.connect(self._verify_files)
        self.stack = QStackedWidget()
        self.stack.addWidget(files)
        self.stack.addWidget(self.summary_view)
        self.bar.currentChanged.connect(self.stack.setCurrentIndex)
        layout.addWidget(self.bar)
        layout.addWidget(self.stack, 1)
        self.summary_button = QPushButton(self.tr("S&ummary of a folder…"))
        self.summary_button.setAccessibleName(self.tr(
            "Summarise a folder of many practitioners' checklists"))
        self.summary_button.clicked.connect(self.choose_summary)

    def show_files(self) -> None:
        self.bar.setCurrentIndex(FILES)

    def show_summary(self) -> None:
        self.bar.setCurrentIndex(SUMMARY)

    def choose_summary(self) -> None:
        self.show_summary()
        self.summary_view.choose_folder()

    def _verify_files(self, paths: list[str]) -> None:
        if self._verify(paths):
            self.show_files()
