"""History: past signed checklists from the local store, a chart, and the reminder setting."""

from __future__ import annotations

import logging
import shutil
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSpinBox,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from readiness.gui import open_things, signing_adapter, typescale
from readiness.gui.status import verdict_icon, verdict_word
from readiness.gui.verdict_chart import Point, VerdictChart
from readiness.timefmt import clock_time, local_time

log = logging.getLogger(__name__)

ENTRY_ROLE = Qt.ItemDataRole.UserRole + 10


def _value(v: Any) -> str:
    return str(getattr(v, "value", v))


def short_date(iso: str) -> str:
    """``2026-12-02T14:14:00Z`` as "2 Dec" in local time, as people write dates, not ISO."""
    try:
        when = datetime.fromisoformat(iso.replace("Z", "+00:00"))
    except ValueError:
        return iso[:10]
    when = (when if when.tzinfo else when.replace(tzinfo=UTC)).astimezone()
    return f"{when.day} {when:%b}"


class HistoryPage(QWidget):
    error = Signal(str, str, str)
    verify_requested = Signal(list)  # [str paths]
    reminder_changed = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.entries: list[Any] = []
        layout = QVBoxLayout(self)
        layout.setContentsMargins(typescale.PAGE_MARGIN, typescale.PAGE_MARGIN,
                                  typescale.PAGE_MARGIN, typescale.SECTION_GAP)
        heading = typescale.apply(QLabel(self.tr("Your signed checklists")), typescale.HEADING)
        heading.setAccessibleName(self.tr("Your signed checklists"))
        layout.addWidget(heading)
        self.chart = VerdictChart()
        layout.addWidget(self.chart)
        self.empty = QLabel(self.tr("No signed checklists yet. Run the checks on the Check "
                                    "screen, then choose “Sign and save”."))
        self.empty.setWordWrap(True)
        self.empty.setAccessibleName(self.tr("History is empty"))
        layout.addWidget(self.empty)
        self.model = QStandardItemModel(self)
        self.model.setHorizontalHeaderLabels([
            self.tr("Date"), self.tr("Verdict"), self.tr("Trusted time"), self.tr("File")])
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setAccessibleName(self.tr("Signed checklists"))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.horizontalHeader().setSectionResizeMode(
            QHeaderView.ResizeMode.ResizeToContents)
        self.table.doubleClicked.connect(lambda _i: self.open_selected())
        layout.addWidget(self.table, 1)

        row = QHBoxLayout()
        self.open_button = QPushButton(self.tr("&Open"))
        self.open_button.setAccessibleName(self.tr("Open the selected checklist"))
        self.open_button.clicked.connect(self.open_selected)
        self.folder_button = QPushButton(self.tr("Open its fol&der"))
        self.folder_button.setAccessibleName(self.tr("Open the folder of the selected checklist"))
        self.folder_button.clicked.connect(self.open_selected_folder)
        self.verify_button = QPushButton(self.tr("Ve&rify"))
        self.verify_button.setAccessibleName(self.tr("Verify the selected checklist"))
        self.verify_button.clicked.connect(self.verify_selected)
        self.export_button = QPushButton(self.tr("Re-e&xport…"))
        self.export_button.setAccessibleName(self.tr("Copy the selected checklist to a folder"))
        self.export_button.clicked.connect(self.reexport_selected)
        for b in (self.open_button, self.folder_button, self.verify_button, self.export_button):
            row.addWidget(b)
        row.addStretch(1)
        remind = QLabel(self.tr("Remind me to run a self-audit every"))
        self.reminder_days = QSpinBox()
        self.reminder_days.setRange(0, 365)
        self.reminder_days.setSuffix(self.tr(" days"))
        self.reminder_days.setSpecialValueText(self.tr("never"))
        self.reminder_days.setAccessibleName(self.tr("Reminder interval in days"))
        remind.setBuddy(self.reminder_days)
        self.reminder_days.editingFinished.connect(
            lambda: self.reminder_changed.emit(self.reminder_days.value()))
        row.addWidget(remind)
        row.addWidget(self.reminder_days)
        layout.addLayout(row)
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._update_buttons())
        self._update_buttons()

    def set_reminder_days(self, days: int) -> None:
        self.reminder_days.blockSignals(True)
        self.reminder_days.setValue(days)
        self.reminder_days.blockSignals(False)

    def shutdown(self) -> None:
        pass

    def refresh(self) -> None:
        try:
            entries = signing_adapter.history_entries()
        except signing_adapter.SigningUnavailable:
            entries = []
        except Exception as exc:
            log.exception("history unreadable")
            self.error.emit(self.tr("History could not be read"),
                            self.tr("Your signed files are untouched; the list of them could "
                                    "not be read."), f"{type(exc).__name__}: {exc}")
            entries = []
        self.entries = sorted(entries, key=lambda e: str(e.generated_at))
        self.model.removeRows(0, self.model.rowCount())
        for e in reversed(self.entries):
            verdict = _value(e.verdict)
            date = QStandardItem(local_time(str(e.generated_at)))
            v = QStandardItem(verdict_icon(verdict), verdict_word(verdict))
            stamped = QStandardItem(self._stamp_state(e))
            name = QStandardItem(Path(str(e.pdf_path)).name)
            for item in (date, v, stamped, name):
                item.setData(e, ENTRY_ROLE)
            self.model.appendRow([date, v, stamped, name])
        self.chart.set_points([Point(short_date(str(e.generated_at)), _value(e.verdict),
                                     clock_time(str(e.generated_at)))
                               for e in self.entries])
        self.empty.setVisible(not self.entries)
        # Rows filled while the page is showing are not measured by themselves: without
        # this the columns keep the width of their headings ("2 De…", "Not r…").
        for column in range(self.model.columnCount() - 1):  # the last one stretches
            self.table.resizeColumnToContents(column)
        if self.entries:
            self.table.selectRow(0)
        self._update_buttons()

    def _stamp_state(self, e: Any) -> str:
        """Trusted timestamp: there, waiting to be added (queued), or not asked for."""
        if e.timestamped:
            return self.tr("Yes")
        if getattr(e, "timestamp_queued", False):
            return self.tr("Queued: added when the service can be reached")
        return self.tr("No")

    def selected(self) -> Any:
        index: QModelIndex = self.table.currentIndex()
        if not index.isValid():
            return None
        return index.data(ENTRY_ROLE)

    def _update_buttons(self) -> None:
        has = self.selected() is not None
        for b in (self.open_button, self.folder_button, self.verify_button, self.export_button):
            b.setEnabled(has)

    def open_selected(self) -> str | None:
        """Open the selected checklist's PDF; a sentence says why not (also returned)."""
        e = self.selected()
        if e is None:
            return None
        problem = open_things.open_file(str(e.pdf_path))
        if problem is not None:
            self.error.emit(self.tr("The checklist could not be opened"), problem, "")
        return problem

    def open_selected_folder(self) -> str | None:
        """Show the folder the selected checklist was saved in; a sentence says why not."""
        e = self.selected()
        if e is None:
            return None
        problem = open_things.open_folder(Path(str(e.pdf_path)).parent)
        if problem is not None:
            self.error.emit(self.tr("The folder could not be opened"), problem, "")
        return problem

    def verify_selected(self) -> None:
        e = self.selected()
        if e is not None:
            self.verify_requested.emit([str(e.pdf_path)])

    def reexport_selected(self) -> None:
        e = self.selected()
        if e is None:
            return
        folder = QFileDialog.getExistingDirectory(self, self.tr("Copy the checklist to…"))
        if folder:
            self.reexport(e, Path(folder))

    def reexport(self, entry: Any, folder: Path) -> list[Path]:
        out: list[Path] = []
        try:
            for src in (Path(str(entry.pdf_path)), Path(str(entry.bundle_path))):
                dest = folder / src.name
                shutil.copy2(src, dest)
                out.append(dest)
        except OSError as exc:
            self.error.emit(self.tr("The checklist was not copied"),
                            self.tr("Readiness could not copy the files; the originals are "
                                    "untouched."), str(exc))
        return out
