"""The Verify screen's Summary view (issue 14): a clinical lead chooses a folder tree of many
practitioners' signed checklists and sees one row per person trusted, hand-overs followed,
with what needs attention by icon and word; then exports it as CSV or as a one-page PDF.

The folder is read and checked on a background thread (the screen stays usable, and says how
many files it is checking); the exports are written there too, atomically, through the same
exporters as ``readiness verify DIR --summary``. Failures are sentences.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QDragEnterEvent, QDropEvent, QShowEvent, QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from readiness.files import describe_os_error
from readiness.gui.summary_model import (
    SORT_ROLE,
    SummaryWords,
    fill,
)
from readiness.gui.summary_task import Outcome, Progress, summarise_folder, write_export
from readiness.gui.verify_banner import NOT_SIGNED, NOTHING, Account
from readiness.gui.verify_banner import FileBanner as Banner
from readiness.gui.worker import BackgroundCall
from readiness.visible import visible

if TYPE_CHECKING:
    from readiness.settings import Settings

log = logging.getLogger(__name__)


class SummaryView(QWidget):
    error = Signal(str, str, str)  # title, sentence, details
    verify_requested = Signal(list)  # the files that did not verify: see why in Files
    finished = Signal(object)  # Outcome
    exported = Signal(str)  # the file written

    def __init__(self, settings: Callable[[], Settings | None] | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAcceptDrops(True)
        self.words = SummaryWords(self)
        self.settings_source = settings or self._window_settings
        self.root: Path | None = None
        self.outcome: Outcome | None = None
        self._run = 0
        self._task: BackgroundCall | None = None
        self._export: BackgroundCall | None = None
        self._again = False
        self._waiting = False
        self._exporting = False
        self.progress = Progress(self)
        self.progress.counted.connect(self._on_counted)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 6, 0, 0)
        layout.setSpacing(8)
        self.banner = Banner(icon_px=32)
        self.banner.action_clicked.connect(self._banner_action)
        layout.addWidget(self.banner)
        layout.addWidget(self._build_table(), 1)
        self.notes = QLabel()
        self.notes.setWordWrap(True)
        self.notes.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.notes.setAccessibleName(self.tr("Notes on the summary"))
        layout.addWidget(self.notes)
        layout.addLayout(self._export_row())
        self._show(NOTHING, self.tr("Summarise a folder of checklists"), self.tr(
            "Choose the folder that holds your practitioners' signed checklists (its "
            "subfolders are read too). Each person you trust gets one row: their latest "
            "checklist, whether a self-audit is overdue, and whether their series is "
            "complete."), self.tr("Choose a folder…"))
        self._idle()

    def _build_table(self) -> QTableView:
        self.model = QStandardItemModel(self)
        self.model.setHorizontalHeaderLabels(self.words.headers())
        for c, tip in enumerate(self.words.header_tips()):
            self.model.setHeaderData(c, Qt.Orientation.Horizontal, tip,
                                     Qt.ItemDataRole.ToolTipRole)
        self.model.setSortRole(SORT_ROLE)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setAccessibleName(self.tr("One row per practitioner"))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.setWordWrap(False)  # one line a row; a cell cut short has its tip
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        header.setSortIndicator(-1, Qt.SortOrder.AscendingOrder)  # the core's order first
        self.table.setSortingEnabled(True)
        return self.table

    def _export_row(self) -> QHBoxLayout:
        row = QHBoxLayout()
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.status.setAccessibleName(self.tr("Export status"))
        self.export_csv_button = QPushButton(self.tr("Export CS&V…"))
        self.export_csv_button.setAccessibleName(self.tr("Export the summary as a CSV file"))
        self.export_csv_button.clicked.connect(lambda: self._choose_export("csv"))
        self.export_pdf_button = QPushButton(self.tr("Export &PDF…"))
        self.export_pdf_button.setAccessibleName(self.tr("Export the summary as a one-page "
                                                         "PDF"))
        self.export_pdf_button.clicked.connect(lambda: self._choose_export("pdf"))
        row.addWidget(self.status, 1)
        row.addWidget(self.export_csv_button)
        row.addWidget(self.export_pdf_button)
        return row

    def _window_settings(self) -> Settings | None:
        from readiness.settings import Settings

        found = getattr(self.window(), "settings", None)
        return found if isinstance(found, Settings) else None

    def _show(self, state: str, title: str, detail: str, action: str = "") -> None:
        self.banner.show_account(Account(state, title, detail, action))
        self.banner.setAccessibleName(self.tr("Summary status"))

    # -- summarising -----------------------------------------------------------------------
    @property
    def busy(self) -> bool:
        """A summary is being made (its result not yet shown)."""
        return self._waiting

    def choose_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(
            self, self.tr("Choose the folder of practitioners' checklists"),
            str(self.root or ""))
        if folder:
            self.summarise(folder)

    def summarise(self, folder: str | Path) -> bool:
        """Start summarising ``folder``; False (nothing done) while a summary is running."""
        if self._waiting:
            return False
        if self._task is not None:
            self._task.wait()  # delivered already; its thread is only winding down
            self._task.deleteLater()
        self._waiting = True
        self._run += 1
        self.root = root = Path(folder)
        self.outcome = None
        self.model.removeRows(0, self.model.rowCount())
        self.notes.clear()
        self.status.clear()
        self._show(NOTHING, self.tr("Looking for checklists in %1…").replace(
            "%1", visible(root.name or str(root))), self.tr(
            "You can keep using Readiness while this runs."))
        self._idle()
        settings, run, progress = self.settings_source(), self._run, self.progress
        task = BackgroundCall(lambda: summarise_folder(root, settings, run, progress), self)
        task.done.connect(self._on_done)
        task.error.connect(self._on_error)
        self._task = task
        task.start()
        return True

    def recheck(self) -> None:
        """Summarise the same folder again (the people trusted changed)."""
        if self._waiting:
            self._again = True
        elif self.root is not None:
            self.summarise(self.root)

    def _on_counted(self, run: int, files: int) -> None:
        if run == self._run and self._waiting:
            self._show(NOTHING, self.tr("Checking %1 files…").replace("%1", str(files)),
                       self.tr("You can keep using Readiness while this runs."))

    def _finish(self) -> bool:
        self._waiting = False
        self._idle()
        if self._again and self.root is not None:
            self._again = False
            self.summarise(self.root)
            return False
        return True

    def _on_error(self, exc: BaseException) -> None:
        if not self._finish():
            return
        title = self.tr("The folder could not be summarised")
        sentence = self.words.failure(exc, self.root)
        self._show(NOT_SIGNED, title, sentence, self.tr("Choose a folder…"))
        self.error.emit(title, sentence, f"{type(exc).__name__}: {exc}")

    def _on_done(self, outcome: Outcome) -> None:
        if not self._finish():
            return
        self.outcome = outcome
        rows = list(outcome.summary.rows)
        self.table.setSortingEnabled(False)  # the core's order: most in need first
        fill(self.model, self.words, rows)
        self.table.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        self.table.setSortingEnabled(True)
        self._fit_columns()
        self.notes.setText("\n".join(self.words.notes(outcome.summary, outcome.interval,
                                                      outcome.unreadable)))
        self._show_result(outcome)
        self._idle()
        self.finished.emit(outcome)

    def _fit_columns(self) -> None:
        # All but the last (which stretches over what is left, at least 150 px): to their
        # contents, narrowed together (elided, the whole text in each tip) when they would
        # not fit; with no rows, shares.
        width = self.table.viewport().width()
        columns = range(self.model.columnCount() - 1)
        if self.model.rowCount() == 0:
            wanted = [width * share for share in (0.16, 0.12, 0.14, 0.17, 0.14, 0.11, 0.08)]
        else:
            wanted = [float(self.table.sizeHintForColumn(c) + 12) for c in columns]
            wanted = [max(w, self.table.horizontalHeader().sectionSizeHint(c) + 0.0)
                      for c, w in zip(columns, wanted, strict=True)]
        room = max(width - 150, width / 2)
        scale = min(1.0, room / sum(wanted)) if sum(wanted) else 1.0
        for c, w in zip(columns, wanted, strict=False):
            self.table.setColumnWidth(c, max(48, int(w * scale)))

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self.model.rowCount() == 0:
            self._fit_columns()

    def _show_result(self, outcome: Outcome) -> None:
        account = self.words.account(outcome.summary.rows, outcome.summary.not_verified)
        self._show(account.state, account.title, account.detail, account.action)

    def _banner_action(self, _state: str) -> None:
        if self.outcome is not None and self.outcome.summary.not_verified:
            from readiness.signing.summary_walk import FOLDER, LINK

            # Links and unreadable folders are listed here with their reason; the Files view
            # would follow a link and show the result of a file outside the folder under its
            # name, so they are not handed over.
            files = [str(v.path) for v in self.outcome.summary.not_verified
                     if v.kind not in (LINK, FOLDER)]
            if files:
                self.verify_requested.emit(files)
        else:
            self.choose_folder()

    def _idle(self) -> None:
        ready = self.outcome is not None and not self._waiting and not self._exporting
        self.export_csv_button.setEnabled(ready)
        self.export_pdf_button.setEnabled(ready)

    # -- exporting -------------------------------------------------------------------------
    def _choose_export(self, kind: str) -> None:
        start = (self.root.parent if self.root else Path.home()) / (
            f"readiness-summary-{dt.date.today().isoformat()}.{kind}")
        dialog = QFileDialog(self, self.tr("Export the summary"), str(start),
                             self.tr("CSV files (*.csv)") if kind == "csv"
                             else self.tr("PDF files (*.pdf)"))
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        dialog.setDefaultSuffix(kind)
        if dialog.exec() and dialog.selectedFiles():
            self.export(Path(dialog.selectedFiles()[0]), kind)

    def export(self, path: Path, kind: str) -> bool:
        """Write the summary shown to ``path`` as ``kind`` ("csv" or "pdf"), off the GUI
        thread; False (nothing done) when there is nothing to export or a write is running."""
        if self.outcome is None or self._exporting or self._waiting:
            return False
        from readiness.signing.summary_export import EXPORT_CSV, to_csv_bytes, to_pdf

        summary = self.outcome.summary

        def make() -> bytes:
            return to_csv_bytes(summary) if kind == "csv" else to_pdf(summary,
                                                                      more_where=EXPORT_CSV)

        if self._export is not None:
            self._export.wait()
            self._export.deleteLater()
        self._exporting = True
        self._idle()
        self.status.setText(self.tr("Saving %1…").replace("%1", visible(path.name)))
        task = BackgroundCall(lambda: write_export(path, make), self)
        task.done.connect(self._on_exported)
        task.error.connect(lambda exc: self._on_export_failed(path, exc))
        self._export = task
        task.start()
        return True

    def _on_exported(self, path: Path) -> None:
        self._exporting = False
        self._idle()
        self.status.setText(self.tr("Saved %1 in %2.").replace("%1", visible(path.name))
                            .replace("%2", visible(str(path.parent))))
        self.exported.emit(str(path))

    def _on_export_failed(self, path: Path, exc: BaseException) -> None:
        self._exporting = False
        self._idle()
        if isinstance(exc, OSError):
            sentence = (self.tr("Readiness could not save %1 in the folder %2 (%3).")
                        .replace("%1", visible(path.name))
                        .replace("%2", visible(str(path.parent)))
                        .replace("%3", describe_os_error(exc)))
        else:
            log.error("summary export failed", exc_info=exc)
            sentence = self.tr("Something went wrong while writing the summary.")
        self.status.setText(sentence)
        self.error.emit(self.tr("The summary was not saved"), sentence,
                        f"{type(exc).__name__}: {exc}")

    # -- drops and closing -----------------------------------------------------------------
    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if event.mimeData().hasUrls():
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        """One folder is summarised; files are checked one by one in the Files view."""
        paths = [u.toLocalFile() for u in event.mimeData().urls() if u.isLocalFile()]
        if not paths:
            return
        event.acceptProposedAction()
        if len(paths) == 1 and Path(paths[0]).is_dir():
            self.summarise(paths[0])
        else:
            self.verify_requested.emit(paths)

    def shutdown(self) -> None:
        for task in (self._task, self._export):
            if task is not None:
                task.wait()
