"""Sign and save: shows what will be signed, writes the PDF and bundle to the chosen folder,
and says plainly whether a trusted timestamp was added, queued, or is switched off."""

from __future__ import annotations

import json
import logging
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from readiness import profile
from readiness.gui import signing_adapter
from readiness.gui.status import verdict_word
from readiness.gui.worker import BackgroundCall
from readiness.model import RunReport
from readiness.settings import Settings, default_output_folder

log = logging.getLogger(__name__)


class SignDialog(QDialog):
    signed = Signal(object)  # SignedChecklist
    folder_chosen = Signal(str)

    def __init__(self, report: RunReport, settings: Settings,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.report = report
        self.settings = settings
        self.result_value: Any = None
        self._task: BackgroundCall | None = None
        self.setWindowTitle(self.tr("Sign and save the checklist"))
        self.setAccessibleName(self.tr("Sign and save the checklist"))
        self.setMinimumWidth(560)
        layout = QVBoxLayout(self)

        self.intro = QLabel()
        self.intro.setWordWrap(True)
        self.intro.setAccessibleName(self.tr("What will be signed"))
        layout.addWidget(self.intro)
        self.preview_toggle = QToolButton()
        self.preview_toggle.setText(self.tr("Show exactly what will be signed"))
        self.preview_toggle.setCheckable(True)
        self.preview_toggle.setArrowType(Qt.ArrowType.RightArrow)
        self.preview_toggle.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.preview_toggle.setAccessibleName(self.tr("Show exactly what will be signed"))
        self.preview_toggle.toggled.connect(self._toggle_preview)
        layout.addWidget(self.preview_toggle)
        self.preview = QPlainTextEdit()
        self.preview.setReadOnly(True)
        self.preview.setAccessibleName(self.tr("The statement that will be signed"))
        self.preview.setVisible(False)
        self.preview.setMinimumHeight(180)
        layout.addWidget(self.preview)

        form = QFormLayout()
        folder_row = QHBoxLayout()
        self.folder = QLineEdit(settings.output_folder or str(default_output_folder()))
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
        layout.addLayout(form)

        self.timestamp_note = QLabel()
        self.timestamp_note.setWordWrap(True)
        self.timestamp_note.setAccessibleName(self.tr("Trusted timestamp"))
        layout.addWidget(self.timestamp_note)
        self.progress = QProgressBar()
        self.progress.setRange(0, 0)  # busy: signing has no meaningful percentage
        self.progress.setAccessibleName(self.tr("Signing in progress"))
        self.progress.setVisible(False)
        layout.addWidget(self.progress)
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.status.setAccessibleName(self.tr("Signing status"))
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.status)

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
        layout.addLayout(buttons)
        self._prepare()

    def _prepare(self) -> None:
        verdict = verdict_word(self.report.verdict)
        n = len(self.report.results)
        attested = sum(1 for r in self.report.results if r.attested)
        self.intro.setText(self.tr(
            "Your checklist will be signed with your key and saved as a PDF and a bundle file. "
            "It records the verdict (%1), %2 items (%3 of them your own statements), this "
            "computer's system, and your name. It never contains client information.")
            .replace("%1", verdict).replace("%2", str(n)).replace("%3", str(attested)))
        if self.report.replayed_from:
            self.intro.setText(self.intro.text() + "\n" + self.tr(
                "These results were replayed from a recorded snapshot, and the checklist "
                "will say so."))
        try:
            has_key = signing_adapter.has_key()
            if not has_key:
                self._disable(self.tr("You have no signing key yet. Create one in File → "
                                      "First-run setup, then sign."))
                return
            needs_pass = signing_adapter.needs_passphrase()
            preview = signing_adapter.preview(self.report, profile.attestations())
            self.preview.setPlainText(json.dumps(preview, indent=2, ensure_ascii=False))
        except self._expected_errors() as exc:
            self._disable(str(exc))
            return
        except Exception as exc:
            log.exception("sign preview failed")
            self._disable(self.tr("Signing is not ready: ") + f"{type(exc).__name__}: {exc}")
            return
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

    @staticmethod
    def _expected_errors() -> tuple[type[BaseException], ...]:
        return (*signing_adapter.user_errors(), profile.ProfileError)

    def _disable(self, message: str) -> None:
        self.status.setText(message)
        self.sign_button.setEnabled(False)
        self.passphrase.setVisible(False)
        self.passphrase_label.setVisible(False)

    def _toggle_preview(self, on: bool) -> None:
        self.preview.setVisible(on)
        self.preview_toggle.setArrowType(Qt.ArrowType.DownArrow if on
                                         else Qt.ArrowType.RightArrow)

    def _choose_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, self.tr("Save checklists to…"),
                                                  self.folder.text())
        if folder:
            self.folder.setText(folder)

    @property
    def busy(self) -> bool:
        return self._task is not None and self._task.running

    def sign(self) -> bool:
        if self.busy:
            return False
        out_dir = Path(self.folder.text())
        passphrase = self.passphrase.text() if self.passphrase.isVisible() else None
        timestamp = self.settings.trusted_timestamps
        try:
            answers = profile.attestations()
        except profile.ProfileError as exc:
            self.status.setText(str(exc))
            return False
        self.sign_button.setEnabled(False)
        self.choose.setEnabled(False)
        self.progress.setVisible(True)
        self.status.setText(self.tr("Signing and asking for a trusted timestamp…") if timestamp
                            else self.tr("Signing…"))
        report = self.report

        def work() -> Any:
            out_dir.mkdir(parents=True, exist_ok=True)
            return signing_adapter.sign(report, out_dir, passphrase=passphrase,
                                        timestamp=timestamp, attestations=answers)

        task = BackgroundCall(work, self)
        task.done.connect(self._on_signed)
        task.error.connect(self._on_error)
        self._task = task
        task.start()
        return True

    def _on_signed(self, signed: Any) -> None:
        self.result_value = signed
        self.progress.setVisible(False)
        self.choose.setEnabled(True)
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
        if isinstance(exc, signing_adapter.user_errors()):
            message = str(exc)
        elif isinstance(exc, OSError):
            message = self.tr("The folder could not be written to: ") + str(exc)
        else:
            log.error("signing failed: %r", exc)
            message = self.tr("Signing failed: ") + f"{type(exc).__name__}: {exc}"
        self.status.setText(message + "\n" + self.tr("Nothing was saved; try again."))

    def _open_folder(self) -> None:
        QDesktopServices.openUrl(QUrl.fromLocalFile(self.folder.text()))

    def done(self, result: int) -> None:
        if self._task is not None:
            self._task.wait()  # never leave a signing thread behind a closed dialog
        super().done(result)
