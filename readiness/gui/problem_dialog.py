""""This result is wrong": describe the problem, see exactly what would be saved (the redacted
snapshot), then save a zip to send to support. The app sends nothing."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from readiness import problem_report
from readiness.gui.attestation_form import sentence
from readiness.gui.worker import BackgroundCall


class ProblemDialog(QDialog):
    def __init__(self, check_id: str, title: str, replay: str | None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.check_id, self.replay = check_id, replay
        self.report: problem_report.ProblemReport | None = None
        self._task: BackgroundCall | None = None
        self._asked = ""  # the note as it was when the file was prepared
        self.setWindowTitle(self.tr("This result is wrong"))
        self.resize(640, 520)
        lay = QVBoxLayout(self)
        intro = QLabel(self.tr("Readiness will run “%1” once more and save what it saw, with "
                               "names of this computer, you and your networks replaced, and "
                               "your note. Nothing is sent: you choose whether to e-mail the "
                               "file to support.").replace("%1", title))
        intro.setWordWrap(True)
        lay.addWidget(intro)
        note = QLabel(self.tr("What is &wrong (one line, no client details):"))
        self.description = QLineEdit()
        self.description.setAccessibleName(self.tr("What is wrong"))
        note.setBuddy(self.description)
        # What is saved must be what is on screen: an edit after preparing (say, a client's
        # name taken out) withdraws the prepared file until it is prepared again.
        self.description.textChanged.connect(self._note_changed)
        lay.addWidget(note)
        lay.addWidget(self.description)
        self.prepare = QPushButton(self.tr("&Prepare and show what will be saved"))
        self.prepare.clicked.connect(self.start)
        lay.addWidget(self.prepare)
        self.preview = QPlainTextEdit()
        self.preview.setReadOnly(True)
        self.preview.setAccessibleName(self.tr("What will be saved"))
        self.preview.setPlaceholderText(self.tr("What will be saved appears here."))
        lay.addWidget(self.preview, 1)
        self.state = QLabel()
        self.state.setWordWrap(True)
        self.state.setAccessibleName(self.tr("State"))
        lay.addWidget(self.state)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.save_button = self.buttons.addButton(self.tr("&Save as…"),
                                                  QDialogButtonBox.ButtonRole.ActionRole)
        self.save_button.setEnabled(False)
        self.save_button.clicked.connect(self.choose_and_save)
        self.buttons.rejected.connect(self.reject)
        lay.addWidget(self.buttons)

    def start(self) -> None:
        """Run the check again off the GUI thread and show the redacted snapshot."""
        text = self._asked = self.description.text()
        self.prepare.setEnabled(False)
        self.save_button.setEnabled(False)
        self.state.setText(self.tr("Checking again…"))
        task = BackgroundCall(lambda: problem_report.build(self.check_id, text,
                                                           replay=self.replay), self)
        task.done.connect(self._prepared)
        task.error.connect(self._failed)
        self._task = task
        task.start()

    def _note_changed(self) -> None:
        if self.report is None:
            return
        self.report = None
        self.save_button.setEnabled(False)
        self.preview.clear()
        self.state.setText(self.tr("Your note changed: prepare the file again to see what "
                                   "will be saved."))

    def _prepared(self, report: Any) -> None:
        if self.description.text() != self._asked:
            # Edited while the check ran again: what was prepared is not what is on screen.
            self.prepare.setEnabled(True)
            self.state.setText(self.tr("Your note changed: prepare the file again to see "
                                       "what will be saved."))
            return
        self.report = report
        note = self.tr("Your note: %1").replace("%1", report.description)
        self.preview.setPlainText(f"{note}\n\n{report.snapshot_text()}")
        self.state.setText(self.tr("This is everything the file will hold, besides your note "
                                   "and the result (%1).").replace("%1", report.result.label))
        self.prepare.setEnabled(True)
        self.save_button.setEnabled(True)

    def _failed(self, exc: BaseException) -> None:
        self.prepare.setEnabled(True)
        msg = str(exc) if isinstance(exc, problem_report.ProblemReportError) else \
            self.tr("the check could not be run again")
        self.state.setText(sentence(msg))

    def save_to(self, path: Path) -> bool:
        if self.report is None:
            return False
        try:
            problem_report.save(self.report, path)
        except problem_report.ProblemReportError as exc:
            self.state.setText(sentence(str(exc)))
            return False
        self.state.setText(self.tr("Saved %1. Nothing was sent; attach it to an e-mail to "
                                   "support if you wish.").replace("%1", path.name))
        return True

    def choose_and_save(self) -> None:
        name, _ = QFileDialog.getSaveFileName(
            self, self.tr("Save the problem report"),
            str(Path.home() / f"readiness-{self.check_id}-problem.zip"),
            self.tr("Zip files (*.zip)"))
        if name:
            self.save_to(Path(name))

    def done(self, result: int) -> None:
        if self._task is not None and self._task.running:
            self._task.wait(60_000)  # the check has a timeout; never leave its thread behind
        super().done(result)
