"""The people whose checklists count as valid here: see, rename and remove them.

One row a person: a practitioner who moved to a new key (a hand-over) is one row with their
current key's fingerprint; renaming or removing them covers all of their keys.
"""

from __future__ import annotations

import logging
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from readiness.gui import signing_adapter
from readiness.gui.verify_text import short_fp
from readiness.visible import visible

log = logging.getLogger(__name__)


def _signers_module() -> Any:
    from readiness.signing import signers

    return signers


class TrustedSignersDialog(QDialog):
    changed = Signal()  # the list changed: files shown should be checked again
    add_requested = Signal()
    error = Signal(str, str, str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("People you trust"))
        self.setAccessibleName(self.windowTitle())
        self.resize(640, 360)
        lay = QVBoxLayout(self)
        intro = QLabel(self.tr("Checklists count as valid only when signed by someone on this "
                               "list. Remove someone and their checklists no longer verify "
                               "here."))
        intro.setWordWrap(True)
        lay.addWidget(intro)
        self.table = QTableWidget(0, 3)
        self.table.setHorizontalHeaderLabels([self.tr("Name"), self.tr("Fingerprint"),
                                              self.tr("Added")])
        self.table.setAccessibleName(self.tr("People you trust"))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(
            QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        lay.addWidget(self.table, 1)
        row = QHBoxLayout()
        self.add_button = QPushButton(self.tr("&Add a key card…"))
        self.add_button.clicked.connect(self.add_requested.emit)
        self.rename_button = QPushButton(self.tr("Re&name…"))
        self.rename_button.clicked.connect(self._rename)
        self.remove_button = QPushButton(self.tr("&Remove…"))
        self.remove_button.clicked.connect(self._remove)
        for b in (self.add_button, self.rename_button, self.remove_button):
            b.setAccessibleName(b.text().replace("&", "").rstrip("…"))
            row.addWidget(b)
        row.addStretch(1)
        lay.addLayout(row)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        buttons.button(QDialogButtonBox.StandardButton.Close).setAccessibleName(self.tr("Close"))
        lay.addWidget(buttons)
        self.table.itemSelectionChanged.connect(self._update)
        self.refresh()

    def refresh(self) -> None:
        self.people: list[Any] = []
        try:
            mod = _signers_module()
            self.people = [lineage[-1] for lineage in mod.lineages(mod.list_signers())]
        except Exception as exc:
            log.exception("signers unreadable")
            self.error.emit(self.tr("The list of people you trust could not be read"),
                            str(exc), repr(exc))
        self.table.setRowCount(len(self.people))
        for r, s in enumerate(self.people):
            for c, text in enumerate((visible(s.name), short_fp(s.fingerprint),
                                      visible(str(s.added_at)[:10]) or "—")):
                self.table.setItem(r, c, QTableWidgetItem(text))
        for c in range(self.table.columnCount() - 1):  # the last one stretches
            self.table.resizeColumnToContents(c)
        if self.people:
            self.table.selectRow(0)
        self._update()

    def _update(self) -> None:
        chosen = self.current() is not None
        self.rename_button.setEnabled(chosen)
        self.remove_button.setEnabled(chosen)

    def current(self) -> Any | None:
        row = self.table.currentRow()
        return self.people[row] if 0 <= row < len(self.people) else None

    def rename(self, signer: Any, name: str) -> bool:
        return self._apply(lambda m: m.rename_signer(signer.fingerprint, name),
                           self.tr("The name was not changed"))

    def remove(self, signer: Any) -> bool:
        return self._apply(lambda m: m.remove_signer(signer.fingerprint),
                           self.tr("Nobody was removed"))

    def _apply(self, change: Any, failed: str) -> bool:
        try:
            change(_signers_module())
        except signing_adapter.user_errors() as exc:
            self.error.emit(failed, str(exc), repr(exc))
            return False
        self.refresh()
        self.changed.emit()
        return True

    def _rename(self) -> None:
        signer = self.current()
        if signer is None:
            return
        name, ok = QInputDialog.getText(self, self.tr("Rename"),
                                        self.tr("The name to show for this person:"),
                                        text=signer.name)
        if ok and name.strip():
            self.rename(signer, name)

    def _remove(self) -> None:
        signer = self.current()
        if signer is None:
            return
        answer = QMessageBox.question(
            self, self.tr("Remove %1?").replace("%1", visible(signer.name)),
            self.tr("Checklists signed by %1 will no longer verify here. You can add them "
                    "again from their key card.").replace("%1", visible(signer.name)))
        if answer == QMessageBox.StandardButton.Yes:
            self.remove(signer)
