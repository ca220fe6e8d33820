"""Quick mode (``readiness --quick``): a small window that runs the checks at once and says
go or no-go, listing only what needs attention. For the minute before a session."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QRect, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QListView,
    QListWidget,
    QListWidgetItem,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from readiness.gui.banner import VerdictBanner
from readiness.gui.check_page import RunnerFactory
from readiness.gui.errors import show_error
from readiness.gui.icons import app_icon
from readiness.gui.status import result_key, status_icon, status_word
from readiness.gui.worker import RunController
from readiness.model import CheckResult, RunReport, Status

# What breaks a session in the next few minutes: started first, and listed first.
SESSION_FIRST = ("restart_pending", "devices_ready", "headphones", "connection_quality")
ROW_PADDING = 20  # the icon's gap and the style's margins around a row's text


def session_first(check_id: str) -> int:
    return SESSION_FIRST.index(check_id) if check_id in SESSION_FIRST else len(SESSION_FIRST)


class QuickWindow(QWidget):
    run_finished = Signal(object)  # RunReport

    def __init__(self, factory: RunnerFactory, replayed_from: str | None = None,
                 open_full: Callable[[str | None], None] | None = None) -> None:
        super().__init__()
        self.factory = factory
        self.replayed_from = replayed_from
        self.report: RunReport | None = None
        self.setWindowTitle(self.tr("Readiness – quick check"))
        self.setWindowIcon(app_icon())
        self.setAccessibleName(self.tr("Quick check"))
        self.resize(520, 420)
        layout = QVBoxLayout(self)
        self.banner = VerdictBanner(icon_px=44)
        layout.addWidget(self.banner)
        self.progress = QProgressBar()
        self.progress.setAccessibleName(self.tr("Progress of the checks"))
        self.progress.setFormat(self.tr("%v of %m checked"))
        layout.addWidget(self.progress)
        self.items = QListWidget()
        self.items.setAccessibleName(self.tr("Items that need attention"))
        self.items.setIconSize(QSize(20, 20))
        self.items.setWordWrap(True)
        self.items.setSpacing(4)  # rows apart, so two findings never read as one
        # Each row's height is measured here for the width the list has now, and again on
        # every resize: the list's own measure, taken before a scroll bar or a window manager
        # narrowed it, cut the first row's second line short with "…" in a real window.
        self.items.setResizeMode(QListView.ResizeMode.Adjust)
        self.items.viewport().installEventFilter(self)
        self.items.setToolTip(self.tr("Double-click an item (or press Enter) to fix it in "
                                      "the full app."))
        layout.addWidget(self.items, 1)
        row = QHBoxLayout()
        self.again = QPushButton(self.tr("Check &again"))
        self.again.setAccessibleName(self.tr("Run the checks again"))
        self.again.clicked.connect(self.start)
        self.full = QPushButton(self.tr("Open the full &app"))
        self.full.setAccessibleName(self.tr("Open the full app"))
        self.full.setVisible(open_full is not None)
        if open_full is not None:
            self.full.clicked.connect(lambda: open_full(None))
            # Each row's one action: open it in the full app, with these results.
            self.items.itemActivated.connect(
                lambda item: open_full(item.data(Qt.ItemDataRole.UserRole) or None))
        self.close_button = QPushButton(self.tr("&Close"))
        self.close_button.setAccessibleName(self.tr("Close"))
        self.close_button.clicked.connect(self.close)
        row.addWidget(self.again)
        row.addStretch(1)
        row.addWidget(self.full)
        row.addWidget(self.close_button)
        layout.addLayout(row)
        self.controller = RunController(self)
        self.controller.result.connect(self._on_result)
        self.controller.finished.connect(self._on_finished)
        self.controller.idle.connect(lambda: self.again.setEnabled(True))
        self.controller.failed.connect(
            lambda m: show_error(self, self.tr("The checks stopped unexpectedly"),
                                 self.tr("Something went wrong while checking."), m))

    def start(self) -> bool:
        if self.controller.busy:
            return False
        try:
            runner = self.factory(None)
        except Exception as exc:
            show_error(self, self.tr("The checks could not start"), str(exc), repr(exc))
            return False
        # The checks run side by side; the session's own start first.
        runner.checks = sorted(runner.checks, key=lambda c: session_first(c.id))
        self._done = 0
        self._total = len(runner.checks)
        self.items.clear()
        self.progress.setRange(0, max(self._total, 1))
        self.progress.setValue(0)
        self.progress.setVisible(True)
        self.again.setEnabled(False)
        self.banner.show_running(0, self._total)
        self.controller.start(runner)
        return True

    def _on_result(self, result: CheckResult) -> None:
        self._done += 1
        self.progress.setValue(self._done)
        self.banner.show_running(self._done, self._total)

    def _on_finished(self, report: RunReport) -> None:
        self.report = report
        self.progress.setVisible(False)
        self.banner.show_results(list(report.results))
        # What needs attention, most severe first; among equals, the session's own first.
        needing = sorted((r for r in report.results if r.status.rank > Status.PASS.rank),
                         key=lambda r: (-r.status.rank, session_first(r.check_id)))
        for r in needing:
            item = QListWidgetItem(status_icon(result_key(r)),
                                   f"{status_word(result_key(r))}: {r.title}\n{r.summary}")
            item.setData(Qt.ItemDataRole.AccessibleTextRole,
                         f"{status_word(result_key(r))}: {r.title}. {r.summary}")
            item.setData(Qt.ItemDataRole.UserRole, r.check_id)
            self.items.addItem(item)
        if not needing:
            self.items.addItem(QListWidgetItem(status_icon(Status.PASS),
                                               self.tr("Nothing needs attention.")))
        self._fit_rows()
        self.run_finished.emit(report)

    def _fit_rows(self) -> None:
        items = self.items
        room = max(items.viewport().width() - 2 * items.spacing(), 50)
        text_room = max(room - items.iconSize().width() - ROW_PADDING, 50)
        metrics = items.fontMetrics()
        for row in range(items.count()):
            item = items.item(row)
            text = metrics.boundingRect(QRect(0, 0, text_room, 100_000),
                                        int(Qt.TextFlag.TextWordWrap), item.text())
            item.setSizeHint(QSize(room, max(text.height(), items.iconSize().height()) + 6))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.items.viewport() and event.type() == QEvent.Type.Resize:
            QTimer.singleShot(0, self._fit_rows)
        return super().eventFilter(watched, event)

    def closeEvent(self, event: QCloseEvent) -> None:
        self.controller.shutdown()
        super().closeEvent(event)
