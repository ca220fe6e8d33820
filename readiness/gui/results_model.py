"""The results as a model: one row per catalogue entry, under its group, updated live."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QModelIndex, QObject, Qt
from PySide6.QtGui import QFont, QStandardItem, QStandardItemModel

from readiness.catalogue import Catalogue
from readiness.gui.status import PENDING, result_key, status_icon, status_word
from readiness.model import CheckResult, Status

COL_STATUS = 0
COL_TITLE = 1
COL_SUMMARY = 2

CHECK_ID_ROLE = Qt.ItemDataRole.UserRole + 1
STATUS_ROLE = Qt.ItemDataRole.UserRole + 2

GROUP_ORDER = ("this_computer", "network", "practice")


def group_label(group: str) -> str:
    return {
        "this_computer": QCoreApplication.translate("results", "This computer"),
        "network": QCoreApplication.translate("results", "Network"),
        "practice": QCoreApplication.translate("results", "Practice arrangements"),
    }.get(group, group)


class ResultsModel(QStandardItemModel):
    """Groups are top-level rows; each check is a child row with status, title and summary."""

    def __init__(self, catalogue: Catalogue, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.catalogue = catalogue
        self._results: dict[str, CheckResult] = {}
        self._rows: dict[str, QStandardItem] = {}  # the status cell of each row
        self.setHorizontalHeaderLabels([
            QCoreApplication.translate("results", "Status"),
            QCoreApplication.translate("results", "Item"),
            QCoreApplication.translate("results", "What was found"),
        ])
        self._build()

    def _build(self) -> None:
        root = self.invisibleRootItem()
        groups: dict[str, QStandardItem] = {}
        present = {e.group for e in self.catalogue.entries}
        for group in (*GROUP_ORDER, *sorted(present - set(GROUP_ORDER))):
            if group not in present:
                continue
            item = QStandardItem(group_label(group))
            font = QFont()
            font.setBold(True)
            item.setFont(font)
            item.setEditable(False)
            item.setSelectable(False)
            filler = [QStandardItem(""), QStandardItem("")]
            for f in filler:
                f.setEditable(False)
                f.setSelectable(False)
                f.setEnabled(False)  # a click there must not leave a lone focus box
            root.appendRow([item, *filler])
            groups[group] = item
        for entry in self.catalogue.entries:
            parent = groups[entry.group]
            title = entry.title
            if entry.kind == "attestation":
                title += QCoreApplication.translate("results", " (you state this)")
            cells = [QStandardItem(), QStandardItem(title), QStandardItem()]
            for c in cells:
                c.setEditable(False)
                c.setData(entry.id, CHECK_ID_ROLE)
            parent.appendRow(cells)
            self._rows[entry.id] = cells[0]
            self._set_status_cells(entry.id, PENDING, "")

    def _set_status_cells(self, check_id: str, status: str, summary: str) -> None:
        status_item = self._rows[check_id]
        parent = status_item.parent()
        row = status_item.row()
        status_item.setText(status_word(status))
        status_item.setIcon(status_icon(status))
        status_item.setData(status, STATUS_ROLE)
        title_item = parent.child(row, COL_TITLE)
        summary_item = parent.child(row, COL_SUMMARY)
        summary_item.setText(summary)
        summary_item.setToolTip(summary)
        # What a screen reader announces for the row's first cell.
        status_item.setData(
            f"{status_word(status)}: {title_item.text()}",
            Qt.ItemDataRole.AccessibleTextRole,
        )

    def reset_pending(self, only: list[str] | None = None) -> None:
        """Mark rows as not checked yet (all, or just ``only``) before a run."""
        for check_id in self._rows:
            if only is None or check_id in only:
                self._results.pop(check_id, None)
                self._set_status_cells(check_id, PENDING, "")
                self._set_title(check_id, machine=False)

    def set_result(self, result: CheckResult) -> None:
        if result.check_id not in self._rows:
            return
        self._results[result.check_id] = result
        self._set_status_cells(result.check_id, result_key(result), result.summary)
        self._set_title(result.check_id, machine=not result.attested)

    def _set_title(self, check_id: str, *, machine: bool) -> None:
        """"(you state this)" only while the result is the practitioner's statement: a
        question the computer confirmed this time is shown, and signed, as checked."""
        item = self._rows[check_id]
        title_item = item.parent().child(item.row(), COL_TITLE)
        suffix = QCoreApplication.translate("results", " (you state this)")
        base = title_item.text().removesuffix(suffix)
        entry_attested = self.catalogue.entry(check_id).kind == "attestation"
        title_item.setText(base if machine or not entry_attested else base + suffix)

    def result(self, check_id: str) -> CheckResult | None:
        return self._results.get(check_id)

    def results(self) -> list[CheckResult]:
        return [self._results[c] for c in self._rows if c in self._results]

    def index_for(self, check_id: str, column: int = COL_STATUS) -> QModelIndex:
        return self._rows[check_id].index().siblingAtColumn(column)

    def check_ids(self) -> list[str]:
        return list(self._rows)

    def counts(self) -> dict[Status, int]:
        out: dict[Status, int] = {}
        for r in self._results.values():
            out[r.status] = out.get(r.status, 0) + 1
        return out
