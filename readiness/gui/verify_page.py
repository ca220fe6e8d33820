"""Verify (the supervisor's side): drop or open checklists and see, for each file, one banner
that tells the truth at a glance (signed and unchanged; changed after signing; signed by
someone not added yet), with the results only when they can be trusted; add key cards after
comparing the fingerprint, and manage the people trusted."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtGui import (
    QDragEnterEvent,
    QDropEvent,
    QShowEvent,
    QStandardItem,
    QStandardItemModel,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QTableView,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from readiness.gui import signing_adapter, typescale
from readiness.gui.status import status_icon
from readiness.gui.verify_banner import ICON, TONE, FileBanner
from readiness.gui.verify_keys import VerifyKeys
from readiness.gui.verify_text import VerifyWords, shown_state
from readiness.gui.verify_views import VerifyViews
from readiness.gui.worker import BackgroundCall

log = logging.getLogger(__name__)

ROW_ROLE = Qt.ItemDataRole.UserRole + 20


def judge(results: Sequence[Any], trusted: Sequence[Any] | None = None) -> list[Any]:
    """Each result's standing (``verify_standing``) against this computer's trusted list."""
    try:
        from readiness.signing import signers, tsa
        from readiness.signing.verify_standing import standings
    except ImportError as exc:
        raise signing_adapter.SigningUnavailable(str(exc)) from exc
    people = signers.load_trust() if trusted is None else trusted
    return standings(list(results), people, tsa.load_roots())


def _trust_now() -> list[Any]:
    from readiness.signing import signers

    return signers.load_trust()  # as verify_run loads it (the organisation's cards too)


def _run(targets: list[Path]) -> tuple[Any, list[Any]]:
    # The standings must be judged against the list the files were verified with: a key
    # added in between would make a trusted key's untrusted result look "changed".
    for _ in range(3):
        before = [(s.fingerprint, s.name) for s in _trust_now()]
        run = signing_adapter.verify_run(targets)
        people = _trust_now()
        if [(s.fingerprint, s.name) for s in people] == before:
            break
    return run, judge(run.results, people)


class VerifyPage(VerifyKeys):
    error = Signal(str, str, str)
    verified = Signal(list)  # [Verification]

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAcceptDrops(True)
        self.words = VerifyWords(self)
        self.results: list[Any] = []
        self.standings: list[Any] = []
        self.paths: list[str] = []  # what was last checked: checked again when trust changes
        self._ignored: list[Path] = []
        self._task: BackgroundCall | None = None
        self._sized = False
        self._again = False  # the trusted list changed during a check: check again after
        self._waiting = False
        layout = QVBoxLayout(self)
        layout.setContentsMargins(typescale.PAGE_MARGIN, typescale.PAGE_MARGIN,
                                  typescale.PAGE_MARGIN, typescale.SECTION_GAP)
        layout.setSpacing(typescale.SECTION_GAP)
        top = self._top_row()
        layout.addLayout(top)
        files = QWidget()  # the files checked; beside it, the Summary of a folder
        files_lay = QVBoxLayout(files)
        files_lay.setContentsMargins(0, 8, 0, 0)
        self.summary = QLabel(self.tr("Nothing checked yet."))
        self.summary.setWordWrap(True)
        self.summary.setAccessibleName(self.tr("Verification summary"))
        files_lay.addWidget(self.summary)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self._build_table())
        lower = QWidget()
        lower_lay = QVBoxLayout(lower)
        lower_lay.setContentsMargins(0, 6, 0, 0)
        self.banner = FileBanner()
        self.banner.action_clicked.connect(self._banner_action)
        self.details = QTextBrowser()
        self.details.setOpenLinks(False)
        self.details.setAccessibleName(self.tr("Details of the selected file"))
        self.details.setPlaceholderText(self.tr("Choose a file to see the details."))
        lower_lay.addWidget(self.banner)
        lower_lay.addWidget(self.details, 1)
        split.addWidget(lower)
        split.setChildrenCollapsible(False)
        split.setStretchFactor(0, 2)
        split.setStretchFactor(1, 3)
        files_lay.addWidget(split, 1)
        self.views = VerifyViews(files, self.verify)
        self.views.summary_view.error.connect(self.error)
        top.addWidget(self.views.summary_button)
        layout.addWidget(self.views, 1)
        layout.addLayout(self.build_keys_row())

    def _top_row(self) -> QHBoxLayout:
        top = QHBoxLayout()
        words = QVBoxLayout()
        words.setSpacing(typescale.TIGHT_GAP)
        heading = typescale.apply(QLabel(self.tr("Check signed checklists")), typescale.HEADING)
        heading.setAccessibleName(self.tr("Check signed checklists"))
        self.drop_hint = QLabel(self.tr("Drop checklists (PDF or .readiness.json) or a folder "
                                        "here, or:"))
        self.drop_hint.setWordWrap(True)
        self.drop_hint.setAccessibleName(self.tr("Drop area"))
        words.addWidget(heading)
        words.addWidget(self.drop_hint)
        self.open_files = QPushButton(self.tr("Open file&s…"))  # Alt+F is the File menu
        self.open_files.setAccessibleName(self.tr("Open checklist files to verify"))
        self.open_files.clicked.connect(self._choose_files)
        self.open_folder = QPushButton(self.tr("Open a f&older…"))
        self.open_folder.setAccessibleName(self.tr("Open a folder of checklists to verify"))
        self.open_folder.clicked.connect(self._choose_folder)
        top.addLayout(words, 1)
        top.addWidget(self.open_files)
        top.addWidget(self.open_folder)
        return top

    def _build_table(self) -> QTableView:
        self.model = QStandardItemModel(self)
        self.model.setHorizontalHeaderLabels([
            self.tr("File"), self.tr("Status"), self.tr("Signed by"), self.tr("Signed"),
            self.tr("Verdict")])
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setAccessibleName(self.tr("Verification results"))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        # Sized to the contents when filled and on first show; the reader may then drag.
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.selectionModel().currentRowChanged.connect(self._show_details)
        return self.table

    # -- choosing files ------------------------------------------------------------------
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

    # -- verifying -----------------------------------------------------------------------
    @property
    def busy(self) -> bool:
        """A check is under way (its result not yet shown)."""
        return self._waiting

    def verify(self, paths: Sequence[str], *, show: bool = True) -> bool:
        """Check ``paths``; ``show``: bring the Files view forward (not for a recheck)."""
        if self.busy:
            return False
        if show:
            self.views.show_files()
        if self._task is not None:
            self._task.wait()  # delivered already; its thread is only winding down
        self._waiting = True
        self.paths = [str(p) for p in paths]
        targets = [Path(p) for p in paths]
        self.summary.setText(self.tr("Verifying…"))
        self.open_files.setEnabled(False)
        self.open_folder.setEnabled(False)
        task = BackgroundCall(lambda: _run(targets), self)
        task.done.connect(self._on_run)
        task.error.connect(self._on_error)
        self._task = task
        task.start()
        return True

    def recheck(self) -> bool:
        """Check the files shown again (after the trusted list changed); if a check is
        running, once it ends, so no banner is left judged against the old list."""
        if self.busy:
            self._again = True
            return True
        return bool(self.paths) and self.verify(self.paths, show=False)

    def shutdown(self) -> None:
        self.views.summary_view.shutdown()
        if self._task is not None:
            self._task.wait()

    def trust_changed(self) -> None:
        super().trust_changed()
        self.views.summary_view.recheck()  # its rows are the people trusted

    def _on_error(self, exc: BaseException) -> None:
        self._idle()
        self._again = False
        self.summary.setText(self.tr("Verification could not run."))
        self.error.emit(self.tr("Verification could not run"),
                        str(exc) if isinstance(exc, signing_adapter.user_errors())
                        else self.tr("Something went wrong while verifying."),
                        f"{type(exc).__name__}: {exc}")

    def _idle(self) -> None:
        self._waiting = False
        self.open_files.setEnabled(True)
        self.open_folder.setEnabled(True)

    def _on_run(self, outcome: tuple[Any, list[Any]]) -> None:
        run, standings = outcome
        self._ignored = list(run.ignored)
        self._on_verified(run.results, standings)
        if self._again:
            self._again = False
            self.recheck()

    def _on_verified(self, results: list[Any], standings: list[Any] | None = None) -> None:
        self._idle()
        self.refresh_signers()  # the banners name whom you trust
        self.results = list(results)
        self.standings = list(standings) if standings is not None else judge(self.results)
        self.model.removeRows(0, self.model.rowCount())
        for v, s in zip(self.results, self.standings, strict=True):
            cells = [QStandardItem(text) for text in self.words.cells(v, s)]
            # Icon and word together: the states never rely on colour alone.
            cells[1].setIcon(status_icon(ICON[TONE.get(shown_state(v, s), "info")]))
            for c in cells:
                c.setData((v, s), ROW_ROLE)
            self.model.appendRow(cells)
        self.summary.setText(self._summary_text())
        self._fit_columns()
        if self.results:
            self.table.selectRow(0)
            if self.isVisible():  # keyboard users land on the results, not the button
                self.table.setFocus(Qt.FocusReason.OtherFocusReason)
        else:
            self.banner.show_account(self.banner_idle())
            self.details.clear()
        self.verified.emit(self.results)

    def banner_idle(self) -> Any:
        from readiness.gui.verify_banner import NOTHING, Account

        return Account(NOTHING, self.tr("No checklists found there"),
                       self.tr("Choose signed checklists (PDF or .readiness.json) or a folder "
                               "that holds them."))

    def _summary_text(self) -> str:
        counts: dict[str, int] = {}
        for v, s in zip(self.results, self.standings, strict=True):
            word = self.words.row_word(shown_state(v, s))
            counts[word] = counts.get(word, 0) + 1
        text = (self.tr("%1 of %2 files verified.")
                .replace("%1", str(sum(1 for v in self.results if v.ok)))
                .replace("%2", str(len(self.results))))
        others = [f"{word}: {n}" for word, n in counts.items()
                  if word != self.words.row_word("valid")]
        if others:
            text += " " + "; ".join(others) + "."
        if self._ignored:
            # Nothing in a folder is skipped silently: name what was not a checklist.
            names = ", ".join(p.name for p in self._ignored[:5])
            more = len(self._ignored) - 5
            text += " " + self.tr("Not looked at (not checklists): %1").replace(
                "%1", names + (self.tr(" and %1 more").replace("%1", str(more))
                               if more > 0 else ""))
        return text

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self._sized:  # columns sized to their contents the first time they are seen
            self._sized = True
            self._fit_columns()

    def _fit_columns(self) -> None:
        # All but the last, which stretches over what is left (sizing it too would stop that).
        # With no rows yet, shares of the width, so the empty headers do not bunch up.
        empty = self.model.rowCount() == 0
        width = self.table.viewport().width()
        for c, share in zip(range(self.model.columnCount() - 1), (0.34, 0.16, 0.16, 0.2),
                            strict=False):
            if empty:
                self.table.setColumnWidth(c, int(width * share))
            else:
                self.table.resizeColumnToContents(c)

    def selected(self) -> tuple[Any, Any] | None:
        index = self.table.currentIndex()
        data = index.data(ROW_ROLE) if index.isValid() else None
        return data if isinstance(data, tuple) else None

    def _show_details(self, current: QModelIndex, _previous: QModelIndex) -> None:
        data = current.data(ROW_ROLE) if current.isValid() else None
        if data is None:
            self.details.clear()
            return
        v, s = data
        self.banner.show_account(self.words.account(v, s, self.trusted_names))
        self.details.setHtml(self.words.details_html(v, s))

    def _banner_action(self, state: str) -> None:
        chosen = self.selected()
        if state in ("keycard", "handover") and chosen is not None:
            self.add_key_card(Path(str(chosen[0].path)))  # this very file
        else:
            self.choose_key_card()
