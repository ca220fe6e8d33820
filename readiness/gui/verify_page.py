"""Verify (the supervisor's side): drop or open checklists, see who signed, when, and whether
anything changed; manage the trusted signers."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtGui import QDragEnterEvent, QDropEvent, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from readiness.gui import signing_adapter
from readiness.gui.status import status_icon, status_word, verdict_word
from readiness.gui.worker import BackgroundCall
from readiness.visible import visible

log = logging.getLogger(__name__)

ROW_ROLE = Qt.ItemDataRole.UserRole + 20


def _value(v: Any) -> str:
    return str(getattr(v, "value", v)) if v is not None else ""


class VerifyPage(QWidget):
    error = Signal(str, str, str)
    verified = Signal(list)  # [Verification]

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAcceptDrops(True)
        self.results: list[Any] = []
        self._task: BackgroundCall | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 16, 16, 12)
        top = QHBoxLayout()
        self.drop_hint = QLabel(self.tr("Drop checklists (PDF or .readiness.json) or a folder "
                                        "here, or:"))
        self.drop_hint.setWordWrap(True)
        self.drop_hint.setAccessibleName(self.tr("Drop area"))
        self.open_files = QPushButton(self.tr("Open &files…"))
        self.open_files.setAccessibleName(self.tr("Open checklist files to verify"))
        self.open_files.clicked.connect(self._choose_files)
        self.open_folder = QPushButton(self.tr("Open a f&older…"))
        self.open_folder.setAccessibleName(self.tr("Open a folder of checklists to verify"))
        self.open_folder.clicked.connect(self._choose_folder)
        top.addWidget(self.drop_hint, 1)
        top.addWidget(self.open_files)
        top.addWidget(self.open_folder)
        layout.addLayout(top)
        self.summary = QLabel()
        self.summary.setAccessibleName(self.tr("Verification summary"))
        layout.addWidget(self.summary)

        self.model = QStandardItemModel(self)
        self.model.setHorizontalHeaderLabels([
            self.tr("File"), self.tr("Valid"), self.tr("Signer"), self.tr("When"),
            self.tr("Verdict")])
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setAccessibleName(self.tr("Verification results"))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(
            QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.selectionModel().currentRowChanged.connect(self._show_details)
        self.details = QPlainTextEdit()
        self.details.setReadOnly(True)
        self.details.setAccessibleName(self.tr("Details of the selected file"))
        self.details.setPlaceholderText(self.tr("Choose a file to see the details."))
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.table)
        split.addWidget(self.details)
        split.setChildrenCollapsible(False)
        layout.addWidget(split, 1)

        box = QGroupBox(self.tr("Trusted signers"))
        box.setAccessibleName(self.tr("Trusted signers"))
        bl = QVBoxLayout(box)
        self.signers = QPlainTextEdit()
        self.signers.setReadOnly(True)
        self.signers.setMaximumHeight(90)
        self.signers.setAccessibleName(self.tr("Trusted signers and their fingerprints"))
        bl.addWidget(self.signers)
        row = QHBoxLayout()
        note = QLabel(self.tr("Only checklists signed by someone on this list count as valid."))
        note.setWordWrap(True)
        self.add_button = QPushButton(self.tr("&Add a key card…"))
        self.add_button.setAccessibleName(self.tr("Add a trusted signer from a key card"))
        self.add_button.clicked.connect(self._choose_signer)
        row.addWidget(note, 1)
        row.addWidget(self.add_button)
        bl.addLayout(row)
        layout.addWidget(box)

    # -- signers -------------------------------------------------------------------------
    def refresh_signers(self) -> None:
        try:
            signers = signing_adapter.list_signers()
        except signing_adapter.SigningUnavailable as exc:
            self.signers.setPlainText(str(exc))
            return
        except Exception as exc:
            log.exception("signers unreadable")
            self.signers.setPlainText(self.tr("The list of trusted signers could not be read: ")
                                      + str(exc))
            return
        if not signers:
            self.signers.setPlainText(self.tr("No trusted signers yet. Add the key card a "
                                              "practitioner gave you."))
            return
        self.signers.setPlainText("\n".join(
            f"{visible(s.name)} — {s.fingerprint} ({self.tr('added')} "
            f"{visible(str(s.added_at)[:10])})"
            for s in signers))

    def _choose_signer(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, self.tr("Choose a key card or public key"), "",
            self.tr("Key cards and public keys (*.pdf *.pub *.txt *allowed_signers);;"
                    "All files (*)"))
        if not path:
            return
        name, ok = QInputDialog.getText(self, self.tr("Signer's name"),
                                        self.tr("The name to show for this signer:"))
        if ok and name.strip():
            self.add_signer(Path(path), name.strip())

    def add_signer(self, path: Path, name: str) -> bool:
        try:
            signing_adapter.add_signer(path, name)
        except signing_adapter.user_errors() as exc:
            self.error.emit(self.tr("The signer was not added"), str(exc), repr(exc))
            return False
        except Exception as exc:
            log.exception("add signer failed")
            self.error.emit(self.tr("The signer was not added"),
                            self.tr("That file could not be read as a key card or public key."),
                            f"{type(exc).__name__}: {exc}")
            return False
        self.refresh_signers()
        return True

    # -- verifying -----------------------------------------------------------------------
    def _choose_files(self) -> None:
        paths, _ = QFileDialog.getOpenFileNames(
            self, self.tr("Choose checklists to verify"), "",
            self.tr("Checklists (*.pdf *.readiness.json);;All files (*)"))
        if paths:
            self.verify(paths)

    def _choose_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, self.tr("Choose a folder of checklists"))
        if folder:
            self.verify([folder])

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if event.mimeData().hasUrls():
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        paths = [u.toLocalFile() for u in event.mimeData().urls() if u.isLocalFile()]
        if paths:
            event.acceptProposedAction()
            self.verify(paths)

    @property
    def busy(self) -> bool:
        return self._task is not None and self._task.running

    def verify(self, paths: Sequence[str]) -> bool:
        if self.busy:
            return False
        targets = [Path(p) for p in paths]
        self.summary.setText(self.tr("Verifying…"))
        self.open_files.setEnabled(False)
        self.open_folder.setEnabled(False)
        self._ignored: list[Path] = []
        task = BackgroundCall(lambda: signing_adapter.verify_run(targets), self)
        task.done.connect(self._on_run)
        task.error.connect(self._on_error)
        self._task = task
        task.start()
        return True

    def shutdown(self) -> None:
        if self._task is not None:
            self._task.wait()

    def _on_error(self, exc: BaseException) -> None:
        self._idle()
        self.summary.setText("")
        self.error.emit(self.tr("Verification could not run"),
                        str(exc) if isinstance(exc, signing_adapter.user_errors())
                        else self.tr("Something went wrong while verifying."),
                        f"{type(exc).__name__}: {exc}")

    def _idle(self) -> None:
        self.open_files.setEnabled(True)
        self.open_folder.setEnabled(True)

    def _on_run(self, run: Any) -> None:
        self._ignored = list(run.ignored)
        self._on_verified(run.results)

    def _on_verified(self, results: list[Any]) -> None:
        self._idle()
        self.results = list(results)
        self.model.removeRows(0, self.model.rowCount())
        for v in self.results:
            ok = bool(v.ok)
            valid = QStandardItem(status_icon("pass" if ok else "fail"),
                                  self.tr("Valid") if ok else self._not_valid(v))
            when = str(v.signed_at or "")
            if when:
                when += (self.tr(" (trusted time)") if v.time_source == "tsa"
                         else self.tr(" (signer's clock)"))
            verdict = verdict_word(_value(v.verdict)) if v.verdict else ""
            if v.replayed:
                verdict += self.tr(" (replayed from a snapshot)")
            cells = [QStandardItem(visible(Path(str(v.path)).name)), valid,
                     QStandardItem(visible(v.signer_name) if v.signer_name else
                                   "" if v.kind in ("keycard", "handover") else
                                   self.tr("unknown signer")),
                     QStandardItem(when), QStandardItem(verdict)]
            for c in cells:
                c.setData(v, ROW_ROLE)
            self.model.appendRow(cells)
        good = sum(1 for v in self.results if v.ok)
        text = (self.tr("%1 of %2 files verified.")
                .replace("%1", str(good)).replace("%2", str(len(self.results))))
        ignored = getattr(self, "_ignored", [])
        if ignored:
            # Nothing in a folder is skipped silently: name what was not a checklist.
            names = ", ".join(visible(p.name) for p in ignored[:5])
            more = len(ignored) - 5
            text += " " + self.tr("Not looked at (not checklists): %1").replace(
                "%1", names + (self.tr(" and %1 more").replace("%1", str(more))
                               if more > 0 else ""))
        self.summary.setText(text)
        if self.results:
            self.table.selectRow(0)
        self.verified.emit(self.results)

    def _not_valid(self, v: Any) -> str:
        if v.kind == "keycard":
            return self.tr("Key card, not a checklist")
        if v.kind == "handover":
            return self.tr("Key hand-over, not a checklist")
        return self.tr("Not valid")

    def _show_details(self, current: QModelIndex, _previous: QModelIndex) -> None:
        v = current.data(ROW_ROLE) if current.isValid() else None
        if v is None:
            self.details.clear()
            return
        source = (self.tr("trusted timestamp") if v.time_source == "tsa"
                  else self.tr("the signer’s own clock"))
        lines = [
            f"{self.tr('File')}: {visible(Path(str(v.path)).name)}",
            f"{self.tr('Valid')}: {self.tr('yes') if v.ok else self.tr('no')}",
            f"{self.tr('Unaltered')}: {self.tr('yes') if v.unaltered else self.tr('no')}",
            f"{self.tr('Signed by')}: {visible(v.signer_name or self.tr('unknown'))}",
            f"{self.tr('Key fingerprint')}: {v.fingerprint or ''}",
            f"{self.tr('Signed at')}: {visible(v.signed_at or '')} ({source})",
            f"{self.tr('Position in the chain')}: {v.chain_position}",
            f"{self.tr('Verdict')}: {verdict_word(_value(v.verdict)) if v.verdict else ''}",
        ]
        if v.replayed:
            lines.append(self.tr("These results were replayed from a snapshot, not a live "
                                 "computer."))
        if v.problems:
            lines += ["", self.tr("Problems:")] + [f"  • {visible(p)}" for p in v.problems]
        if v.results:
            lines += ["", self.tr("Results:")]
            for r in v.results:
                tag = self.tr(" (attested)") if r.get("attested") else ""
                word = status_word(str(r.get("status", "?")))
                title = visible(r.get("title") or r.get("id") or r.get("check_id"))
                lines.append(f"  {visible(word):<16} {title}{tag}")
        self.details.setPlainText("\n".join(lines))
