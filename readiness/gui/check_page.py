"""The home screen: verdict banner, Run checks with progress, live grouped results, details."""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import QItemSelection, QModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QProgressBar,
    QPushButton,
    QSplitter,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from readiness import last_run, profile
from readiness.catalogue import Catalogue
from readiness.gui import unsaved
from readiness.gui.banner import VerdictBanner
from readiness.gui.column_fit import ColumnFitter
from readiness.gui.detail_panel import DetailPanel
from readiness.gui.group_tiles import GroupTiles
from readiness.gui.results_model import CHECK_ID_ROLE, COL_SUMMARY, COL_TITLE, ResultsModel
from readiness.gui.worker import RunController
from readiness.model import CheckResult, RunReport, merge_recheck
from readiness.runner import Runner
from readiness.timefmt import local_time

log = logging.getLogger(__name__)

# Builds a runner for all checks (None) or just some ids; raises on a bad snapshot or profile.
RunnerFactory = Callable[[Sequence[str] | None], Runner]


class CheckPage(QWidget):
    report_changed = Signal(object)  # RunReport | None
    run_started = Signal()
    run_finished = Signal()
    error = Signal(str, str, str)  # title, message, details
    sign_requested = Signal()

    def __init__(self, catalogue: Catalogue, factory: RunnerFactory,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.catalogue = catalogue
        self.ask_unsaved: Callable[[QWidget, str], unsaved.Choice] = unsaved.ask
        self.factory = factory
        self.report: RunReport | None = None
        self.os_key: str | None = None
        self._partial: list[str] | None = None  # ids of a single-item re-check in progress
        self._done = 0
        self._total = 0
        self.controller = RunController(self)
        self.controller.result.connect(self._on_result)
        self.controller.finished.connect(self._on_finished)
        self.controller.failed.connect(self._on_failed)
        self.controller.idle.connect(self._on_idle)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 16, 16, 12)
        layout.setSpacing(12)
        self.banner = VerdictBanner()
        layout.addWidget(self.banner)

        row = QHBoxLayout()
        self.run_button = QPushButton(self.tr("&Run checks"))
        self.run_button.setAccessibleName(self.tr("Run checks"))
        self.run_button.setDefault(True)
        self.run_button.clicked.connect(self.run_all)
        self.cancel_button = QPushButton(self.tr("Sto&p"))
        self.cancel_button.setAccessibleName(self.tr("Stop the checks"))
        self.cancel_button.clicked.connect(self.cancel)
        self.cancel_button.setVisible(False)
        self.progress = QProgressBar()
        self.progress.setAccessibleName(self.tr("Progress of the checks"))
        self.progress.setTextVisible(True)
        self.progress.setFormat(self.tr("%v of %m checked"))
        self.progress.setVisible(False)
        self.sign_button = QPushButton(self.tr("S&ign and save…"))
        self.sign_button.setAccessibleName(self.tr("Sign and save the checklist"))
        self.sign_button.setEnabled(False)
        self.sign_button.setToolTip(self.tr("Run the checks first."))
        self.sign_button.clicked.connect(self._sign_clicked)
        row.addWidget(self.run_button)
        row.addWidget(self.cancel_button)
        row.addWidget(self.progress, 1)
        row.addStretch(0)
        row.addWidget(self.sign_button)
        layout.addLayout(row)

        self.model = ResultsModel(catalogue, self)
        self.tiles = GroupTiles(catalogue, self.model, self.select)
        layout.insertWidget(1, self.tiles)  # under the verdict: the overview by group
        self.view = QTreeView()
        self.view.setModel(self.model)
        self.view.setAccessibleName(self.tr("Check results"))
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setUniformRowHeights(True)
        self.view.setAlternatingRowColors(True)
        self.view.setRootIsDecorated(False)
        self.view.setItemsExpandable(False)
        self.view.expandAll()
        header = self.view.header()
        header.setStretchLastSection(True)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(COL_TITLE, QHeaderView.ResizeMode.Interactive)
        self.view.setColumnWidth(COL_TITLE, 300)
        self.columns = ColumnFitter(self.view, COL_TITLE)  # follows the list's width
        self.view.setStyleSheet("QTreeView::item { padding: 3px 2px; }")
        self.view.setColumnHidden(COL_SUMMARY, False)
        self.view.selectionModel().selectionChanged.connect(self._on_selection)

        self.detail = DetailPanel(catalogue)
        self.detail.recheck_requested.connect(self.recheck)
        self.detail.problem_requested.connect(self.report_problem)
        self.detail.attestation_saved.connect(self.recheck)
        self.detail.error.connect(self.error)

        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(self.view)
        self.splitter.addWidget(self.detail)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.setSizes([600, 460])
        layout.addWidget(self.splitter, 1)
        self.setTabOrder(self.run_button, self.sign_button)
        self.setTabOrder(self.sign_button, self.view)
        self.setTabOrder(self.view, self.detail)

    # -- running -------------------------------------------------------------------------
    @property
    def replayed_from(self) -> str | None:
        """The snapshot the shown report was replayed from: it travels with the report."""
        return self.report.replayed_from if self.report is not None else None

    @property
    def busy(self) -> bool:
        return self.controller.busy

    def _make_runner(self, only: Sequence[str] | None) -> Runner | None:
        try:
            return self.factory(only)
        except Exception as exc:  # bad snapshot, damaged profile, broken catalogue
            log.exception("could not start the checks")
            self.error.emit(self.tr("The checks could not start"), str(exc),
                            f"{type(exc).__name__}: {exc}")
            return None

    def run_all(self) -> bool:
        if self.busy:
            return False
        runner = self._make_runner(None)
        if runner is None:
            return False
        self._partial = None
        self.os_key = runner.host.platform.os_key
        self._start(runner, [c.id for c in runner.checks])
        return True

    def recheck(self, check_id: str) -> bool:
        """Run one item again (after a fix, or after answering an attestation)."""
        if self.busy or not check_id:
            return False
        runner = self._make_runner([check_id])
        if runner is None:
            return False
        self._partial = [check_id]
        self.os_key = runner.host.platform.os_key
        self._start(runner, [check_id])
        return True

    def _start(self, runner: Runner, ids: list[str]) -> None:
        self._done, self._total = 0, len(ids)
        self.model.reset_pending(ids)
        self.progress.setRange(0, max(self._total, 1))
        self.progress.setValue(0)
        self.progress.setVisible(True)
        self.cancel_button.setVisible(True)
        self.run_button.setEnabled(False)
        self.sign_button.setEnabled(False)
        self.detail.set_recheck_enabled(False)
        if self._partial is None:
            self.banner.show_running(0, self._total)
        self.controller.start(runner)
        self.run_started.emit()
        self._refresh_detail()

    def cancel(self) -> None:
        self.controller.cancel()

    def shutdown(self) -> bool:
        return self.controller.shutdown()

    def _on_result(self, result: CheckResult) -> None:
        self.model.set_result(result)
        self._done += 1
        self.progress.setValue(self._done)
        if self._partial is None:
            self.banner.show_running(self._done, self._total)
        if result.check_id == self.detail.check_id:
            self._refresh_detail()

    def _on_finished(self, report: RunReport) -> None:
        if self.controller.cancelled:
            # A cancelled run is not a checklist: nothing half-done may be signed.
            if self.report is not None:
                for r in self.report.results:
                    self.model.set_result(r)
                self.banner.show_results(list(self.report.results))
            else:
                self.banner.show_idle()
                self.banner.reason.setText(self.tr("The checks were stopped. Run them again "
                                                   "when you are ready."))
            self._refresh_detail()
            return
        if self._partial is not None and self.report is not None:
            # The core merges (each result keeps its own time); the page only shows it.
            try:
                self.report = merge_recheck(self.report, report)
            except ValueError as exc:
                log.warning("re-check not merged: %s", exc)
                for r in self.report.results:  # show what the kept report says
                    self.model.set_result(r)
                self.error.emit(self.tr("The item could not be checked again"), str(exc), "")
        elif self._partial is None:
            self.report = report
        if self.report is not None:
            self.banner.show_results(list(self.report.results))
            self._keep(self.report)
        elif self._partial is not None:
            self.banner.show_idle()
        self._refresh_detail()
        self.report_changed.emit(self.report)

    @staticmethod
    def _keep(report: RunReport) -> None:
        try:
            last_run.save(report)
        except last_run.LastRunError as exc:  # a convenience for the next launch, no more
            log.info("%s", exc)

    def show_saved(self, report: RunReport | None) -> None:
        """Show the last run's results from before this launch, labelled with their time.
        They are for reading only: signing needs a fresh run (``self.report`` stays unset)."""
        if report is None or self.report is not None or self.busy:
            return
        for r in report.results:
            self.model.set_result(r)
        self.banner.show_results(list(report.results))
        when = local_time(report.generated_at)
        self.banner.reason.setText(
            self.tr("Results from %1. Run the checks again before a session, and to sign.")
            .replace("%1", when) + " " + self.banner.reason.text())
        self.sign_button.setToolTip(self.tr("Run the checks first: these results are from "
                                            "%1.").replace("%1", when))
        self._refresh_detail()

    def _on_failed(self, message: str) -> None:
        self.error.emit(self.tr("The checks stopped unexpectedly"),
                        self.tr("Something went wrong while checking. Your earlier results "
                                "are unchanged."), message)

    def _on_idle(self) -> None:
        self.progress.setVisible(False)
        self.cancel_button.setVisible(False)
        self.run_button.setEnabled(True)
        self.detail.set_recheck_enabled(True)
        self.sign_button.setEnabled(self.report is not None)
        self.sign_button.setToolTip("" if self.report else self.tr("Run the checks first."))
        self._partial = None
        self.run_finished.emit()

    # -- selection -----------------------------------------------------------------------
    def select(self, check_id: str) -> None:
        index = self.model.index_for(check_id)
        self.view.setCurrentIndex(index)
        self.view.scrollTo(index)

    def _on_selection(self, selected: QItemSelection, _deselected: QItemSelection) -> None:
        left = self.detail.check_id
        if left and left != self._current_id() and not self.settle_unsaved():
            self.select(left)  # "Go back to it": the edits stay on screen
            return
        self._refresh_detail()

    def report_problem(self, check_id: str) -> None:
        """"This result is wrong": run the check again (from the same source) into a redacted
        report the practitioner can save and send."""
        from readiness.gui.problem_dialog import ProblemDialog

        dialog = ProblemDialog(check_id, self.catalogue.entry(check_id).title,
                               self.replayed_from, self)
        self.problem_dialog = dialog
        dialog.open()

    def settle_unsaved(self) -> bool:
        """Before leaving an answer with unsaved edits, ask: save, discard or go back (False).
        Unsaved edits are never signed, so this only spares the practitioner lost work."""
        if not self.detail.has_unsaved():
            return True
        title = self.catalogue.entry(self.detail.check_id).title
        choice = self.ask_unsaved(self, title)
        if choice is unsaved.Choice.SAVE:
            return self.detail.save_unsaved()
        if choice is unsaved.Choice.DISCARD:
            self.detail.check_id = ""  # reloaded from the saved answer when shown again
            return True
        return False

    def _sign_clicked(self) -> None:
        if self.settle_unsaved():
            self.sign_requested.emit()

    def _current_id(self) -> str:
        index: QModelIndex = self.view.currentIndex()
        if not index.isValid():
            return ""
        value = index.data(CHECK_ID_ROLE)
        return str(value) if value else ""

    def _refresh_detail(self) -> None:
        check_id = self._current_id()
        if not check_id:
            self.detail.clear()
            return
        entry = self.catalogue.entry(check_id)
        answer: Any = None
        if entry.kind == "attestation":
            try:
                answer = profile.attestations().get(check_id)
            except profile.ProfileError as exc:
                log.warning("profile unreadable: %s", exc)
        self.detail.show_item(entry, self.model.result(check_id), answer, self.os_key)
        self.detail.set_recheck_enabled(not self.busy)

    def show_report(self, report: RunReport) -> None:
        """Show a finished report without running (the screenshot command uses this)."""
        self.report = report
        self.os_key = {"Windows": "windows", "Darwin": "macos", "Linux": "linux"}.get(
            report.platform.get("system", ""), None)
        for r in report.results:
            self.model.set_result(r)
        self.banner.show_results(list(report.results))
        self.sign_button.setEnabled(True)
        self._refresh_detail()
        self.report_changed.emit(report)
