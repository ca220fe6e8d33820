"""Sign and save: says in words what will be signed (the exact statement one disclosure
further), lists practice questions not answered yet with a way to answer them first, checks the
passphrase, then signs and writes the PDF and bundle to the chosen folder, and says plainly
whether a trusted timestamp was added, queued, or is switched off."""

from __future__ import annotations

import json
import logging
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from readiness import profile
from readiness.gui import open_things, sign_errors, signing_adapter, typescale
from readiness.gui.sign_summary import UnansweredList, summary_html
from readiness.gui.worker import BackgroundCall
from readiness.model import RunReport
from readiness.settings import Settings, default_output_folder

log = logging.getLogger(__name__)


class SignDialog(QDialog):
    signed = Signal(object)  # SignedChecklist
    folder_chosen = Signal(str)
    answer_requested = Signal(str)  # check id: the dialog has closed; answer it on Check

    def __init__(self, report: RunReport, settings: Settings,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.report = report
        self.settings = settings
        self.result_value: Any = None
        self._task: BackgroundCall | None = None
        self._tasks: list[BackgroundCall] = []  # the key check and the signing, both waited for
        self.setWindowTitle(self.tr("Sign and save the checklist"))
        self.setAccessibleName(self.tr("Sign and save the checklist"))
        self.setMinimumWidth(560)
        layout = QVBoxLayout(self)
        heading = typescale.apply(QLabel(self.tr("Sign and save your checklist")),
                                  typescale.HEADING)
        layout.addWidget(heading)
        layout.addWidget(self._build_body(), 1)
        # Outside the scrolling area: the unanswered questions are seen before signing.
        self.unanswered = UnansweredList()
        self.unanswered.answer_requested.connect(self._answer_now)
        self.unanswered.setVisible(False)
        layout.addWidget(self.unanswered)
        layout.addLayout(self._build_form())
        self.timestamp_note = self._label(self.tr("Trusted timestamp"))
        layout.addWidget(self.timestamp_note)
        self.progress = QProgressBar()
        self.progress.setRange(0, 0)  # busy: signing has no meaningful percentage
        self.progress.setAccessibleName(self.tr("Signing in progress"))
        self.progress.setVisible(False)
        layout.addWidget(self.progress)
        self.status = self._label(self.tr("Signing status"))
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.status)
        layout.addLayout(self._build_buttons())
        self._prepare()
        self.resize(max(640, self.sizeHint().width()), min(640, self.sizeHint().height() + 160))

    @staticmethod
    def _label(name: str) -> QLabel:
        label = QLabel()
        label.setWordWrap(True)
        label.setAccessibleName(name)
        return label

    def _build_body(self) -> QScrollArea:
        # Everything of variable length scrolls in one area, so nothing can be pushed over the
        # folder, passphrase and buttons below, whatever the window size.
        body = QWidget()
        column = QVBoxLayout(body)
        column.setContentsMargins(0, 0, 8, 0)
        self.intro = self._label(self.tr("What will be signed"))
        self.intro.setTextFormat(Qt.TextFormat.RichText)
        column.addWidget(self.intro)
        self.preview_toggle = QToolButton()
        self.preview_toggle.setText(self.tr("Show exactly what will be signed"))
        self.preview_toggle.setCheckable(True)
        self.preview_toggle.setArrowType(Qt.ArrowType.RightArrow)
        self.preview_toggle.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.preview_toggle.setAccessibleName(self.tr("Show exactly what will be signed"))
        self.preview_toggle.toggled.connect(self._toggle_preview)
        column.addWidget(self.preview_toggle)
        self.preview = QPlainTextEdit()
        self.preview.setReadOnly(True)
        self.preview.setAccessibleName(self.tr("The statement that will be signed"))
        self.preview.setVisible(False)
        self.preview.setMinimumHeight(220)
        column.addWidget(self.preview)
        column.addStretch(1)
        self.body = QScrollArea()
        self.body.setWidgetResizable(True)
        self.body.setFrameShape(QFrame.Shape.NoFrame)
        self.body.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.body.setWidget(body)
        self.body.setMinimumHeight(120)
        return self.body

    def _build_form(self) -> QFormLayout:
        form = QFormLayout()
        folder_row = QHBoxLayout()
        self.folder = QLineEdit(self.settings.output_folder or str(default_output_folder()))
        self.folder.setReadOnly(True)
        self.folder.setAccessibleName(self.tr("Folder the checklist is saved to"))
        self.choose = QPushButton(self.tr("C&hoose…"))
        self.choose.setAccessibleName(self.tr("Choose the folder"))
        self.choose.clicked.connect(self._choose_folder)
        folder_row.addWidget(self.folder, 1)
        folder_row.addWidget(self.choose)
        form.addRow(self.tr("Save to:"), folder_row)
        self.passphrase = QLineEdit()
        self.passphrase.setEchoMode(QLineEdit.EchoMode.Password)
        self.passphrase.setAccessibleName(self.tr("Signing key passphrase"))
        self.passphrase_label = QLabel(self.tr("&Passphrase:"))
        self.passphrase_label.setBuddy(self.passphrase)
        form.addRow(self.passphrase_label, self.passphrase)
        return form

    def _build_buttons(self) -> QHBoxLayout:
        buttons = QHBoxLayout()
        self.open_folder = QPushButton(self.tr("&Open the folder"))
        self.open_folder.setAccessibleName(self.tr("Open the folder"))
        self.open_folder.setVisible(False)
        self.open_folder.clicked.connect(self._open_folder)
        self.sign_button = QPushButton(self.tr("&Sign and save"))
        self.sign_button.setAccessibleName(self.tr("Sign and save"))
        self.sign_button.setDefault(True)
        self.sign_button.clicked.connect(self.sign)
        self.close_button = QPushButton(self.tr("&Close"))
        self.close_button.setAccessibleName(self.tr("Close"))
        self.close_button.clicked.connect(self.reject)
        buttons.addWidget(self.open_folder)
        buttons.addStretch(1)
        buttons.addWidget(self.sign_button)
        buttons.addWidget(self.close_button)
        return buttons

    def _prepare(self) -> None:
        self.unanswered.set_results(self.report.results)
        try:
            if not signing_adapter.has_key():
                self._disable(self.tr("You have no signing key yet. Create one in File → "
                                      "First-run setup, then sign."))
                return
            needs_pass = signing_adapter.needs_passphrase()
            preview = signing_adapter.preview(self.report, profile.attestations())
        except Exception as exc:  # described in a sentence; unexpected ones are logged
            self._disable(sign_errors.describe(exc, Path(self.folder.text())))
            return
        self._show_summary(preview)
        self.preview.setPlainText(json.dumps(preview, indent=2, ensure_ascii=False))
        self.passphrase.setVisible(needs_pass)
        self.passphrase_label.setVisible(needs_pass)
        if self.settings.trusted_timestamps:
            self.timestamp_note.setText(self.tr(
                "A trusted timestamp will be requested. Only a fingerprint (hash) of the "
                "signature is sent to the timestamp service, never the checklist."))
        else:
            self.timestamp_note.setText(self.tr(
                "Trusted timestamps are off, so the time comes from this computer's clock. "
                "You can turn them on in Settings."))

    def _show_summary(self, preview: dict[str, Any]) -> None:
        text = "<p>" + self.tr("Your checklist will be signed with your key and saved as a PDF "
                               "and a bundle file. It will say:") + "</p>"
        text += summary_html(self.report, preview)
        if self.report.replayed_from:
            text += "<p>" + self.tr("These results were replayed from a recorded snapshot, and "
                                    "the checklist will say so.") + "</p>"
        self.intro.setText(text)

    def _disable(self, message: str) -> None:
        self.intro.setText(self.tr("Your checklist cannot be signed yet."))
        self.status.setText(message)
        self.sign_button.setEnabled(False)
        self.passphrase.setVisible(False)
        self.passphrase_label.setVisible(False)
        self.preview_toggle.setVisible(False)

    def _toggle_preview(self, on: bool) -> None:
        self.preview.setVisible(on)
        self.preview_toggle.setArrowType(Qt.ArrowType.DownArrow if on
                                         else Qt.ArrowType.RightArrow)
        text = (self.tr("Hide the exact statement") if on
                else self.tr("Show exactly what will be signed"))
        self.preview_toggle.setText(text)
        self.preview_toggle.setAccessibleName(text)
        if on:
            self.body.ensureWidgetVisible(self.preview)

    def _choose_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, self.tr("Save checklists to…"),
                                                  self.folder.text())
        if folder:
            self.folder.setText(folder)

    def _answer_now(self, check_id: str) -> None:
        if self.busy:
            return
        self.reject()
        self.answer_requested.emit(check_id)

    @property
    def busy(self) -> bool:
        return self._task is not None and self._task.running

    def _run(self, work: Any, done: Any, status: str) -> None:
        self.sign_button.setEnabled(False)
        self.choose.setEnabled(False)
        self.unanswered.setEnabled(False)
        self.progress.setVisible(True)
        self.status.setText(status)
        task = BackgroundCall(work, self)
        task.done.connect(done)
        task.error.connect(self._on_error)
        self._task = task
        self._tasks.append(task)
        task.start()

    def sign(self) -> bool:
        """Check the key (and passphrase) first; only then sign and ask for a timestamp."""
        if self.busy:
            return False
        needs_pass = self.passphrase.isVisibleTo(self)
        passphrase = self.passphrase.text() if needs_pass else None
        if needs_pass and not passphrase:
            self.status.setText(self.tr("Enter the passphrase that protects your signing key."))
            self.passphrase.setFocus()
            return False
        self._run(lambda: signing_adapter.check_key(passphrase),
                  lambda _none: self._sign_checked(passphrase),
                  self.tr("Checking your passphrase…") if needs_pass
                  else self.tr("Unlocking your signing key…"))
        return True

    def _sign_checked(self, passphrase: str | None) -> None:
        try:
            answers = profile.attestations()
        except profile.ProfileError as exc:
            self._on_error(exc)
            return
        out_dir = Path(self.folder.text())
        timestamp = self.settings.trusted_timestamps
        report = self.report

        def work() -> Any:
            out_dir.mkdir(parents=True, exist_ok=True)
            return signing_adapter.sign(report, out_dir, passphrase=passphrase,
                                        timestamp=timestamp, attestations=answers)

        self._run(work, self._on_signed,
                  self.tr("Signing and asking for a trusted timestamp…") if timestamp
                  else self.tr("Signing…"))

    def _on_signed(self, signed: Any) -> None:
        self.result_value = signed
        self.progress.setVisible(False)
        self.choose.setEnabled(True)
        self.unanswered.setEnabled(True)  # answering now still helps the next checklist
        self.passphrase.clear()
        lines = [self.tr("Saved: %1").replace("%1", Path(str(signed.pdf_path)).name)]
        if signed.timestamped:
            lines.append(self.tr("A trusted timestamp was added."))
        elif signed.timestamp_queued:
            lines.append(self.tr("The timestamp service could not be reached (are you "
                                 "offline?). Your checklist is signed and saved; the timestamp "
                                 "is queued and will be added next time you are online."))
        else:
            lines.append(self.tr("No trusted timestamp (they are switched off)."))
        self.status.setText("\n".join(lines))
        self.open_folder.setVisible(True)
        self.open_folder.setFocus()
        if self.folder.text() != self.settings.output_folder:
            self.folder_chosen.emit(self.folder.text())
        self.signed.emit(signed)

    def _on_error(self, exc: BaseException) -> None:
        self.progress.setVisible(False)
        self.sign_button.setEnabled(True)
        self.choose.setEnabled(True)
        self.unanswered.setEnabled(True)
        message = sign_errors.describe(exc, Path(self.folder.text()))
        self.status.setText(message + " " + self.tr("Nothing was saved."))
        if self.passphrase.isVisibleTo(self):
            self.passphrase.selectAll()
            self.passphrase.setFocus()

    def _open_folder(self) -> None:
        problem = open_things.open_folder(self.folder.text())
        if problem is not None:
            self.status.setText(problem)

    def done(self, result: int) -> None:
        for task in self._tasks:
            task.wait()  # never leave a signing thread behind a closed dialog
        super().done(result)
