"""Replace my key: a new key (with a new name or registration if they changed), a hand-over
signed by the old and the new key so earlier checklists keep their meaning, the new recovery
code and backup kept as at creation, and the new key card for the supervisor.

Three steps in one window: what replacing means (and the passphrase), the new code and backup,
then the key card and hand-over saved together where the user chooses.
"""

from __future__ import annotations

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
    QLineEdit,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from readiness import files
from readiness.gui import signing_adapter
from readiness.gui.key_backup_page import RecoveryPanel, app_sentence, label
from readiness.gui.verify_text import short_fp
from readiness.gui.worker import BackgroundCall
from readiness.visible import visible

log = logging.getLogger(__name__)


class ExportError(Exception):
    """The key card or hand-over could not be written; the message is a sentence."""


def export_for_supervisor(folder: Path, handover: Path) -> list[Path]:
    """The new key card files and the hand-over statement, side by side in ``folder``."""
    try:
        written = signing_adapter.export_card(folder)
        dest = folder / handover.name
        files.atomic_write_bytes(dest, handover.read_bytes(), mode=0o644)
    except OSError as exc:
        raise ExportError(files.one_line(
            f"{folder} cannot be written ({files.describe_os_error(exc)}); choose another "
            "folder")) from None
    return [*written, dest]


class ReplaceKeyDialog(QDialog):
    replaced = Signal(object)  # Rotation

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.rotation: Any = None
        self.exported: list[Path] = []
        self._folder = Path()
        self._task: BackgroundCall | None = None
        self.setWindowTitle(self.tr("Replace my key"))
        self.setAccessibleName(self.windowTitle())
        self.setMinimumSize(620, 560)
        lay = QVBoxLayout(self)
        # One step shown at a time. Not a QStackedWidget: its layout ignores the height a
        # wrapped label needs. The code and backup step is the tallest: it scrolls if need be.
        holder = QWidget()
        self._steps_box = QVBoxLayout(holder)
        self._steps_box.setContentsMargins(0, 0, 0, 0)
        self.pages: list[QWidget] = []
        self.step = 0
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(holder)
        lay.addWidget(scroll, 1)
        self._add_step(self._build_start())
        self.recovery = RecoveryPanel()
        self.recovery.changed.connect(self._update)
        step2 = QWidget()
        l2 = QVBoxLayout(step2)
        self.old_copies = label(name=self.tr("About the old backup"))
        l2.addWidget(self.old_copies)
        l2.addWidget(self.recovery)
        l2.addStretch(1)
        self._add_step(step2)
        self._add_step(self._build_card())
        self._steps_box.addStretch(1)
        self.progress = QProgressBar()
        self.progress.setRange(0, 0)
        self.progress.setAccessibleName(self.tr("Making the new key"))
        self.progress.setVisible(False)
        lay.addWidget(self.progress)
        self.status = label(name=self.tr("Status"))
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        lay.addWidget(self.status)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        self.go_button = QPushButton(self.tr("&Replace my key"))
        self.go_button.setAccessibleName(self.tr("Replace my key"))
        self.go_button.setDefault(True)
        self.go_button.clicked.connect(self.go)
        self.close_button = QPushButton(self.tr("Cancel"))
        self.close_button.setAccessibleName(self.tr("Cancel"))
        self.close_button.clicked.connect(self.reject)
        buttons.addWidget(self.go_button)
        buttons.addWidget(self.close_button)
        lay.addLayout(buttons)
        self._load_key()

    def _add_step(self, page: QWidget) -> None:
        page.setVisible(not self.pages)
        self.pages.append(page)
        self._steps_box.addWidget(page)

    def show_step(self, step: int) -> None:
        self.step = step
        for i, page in enumerate(self.pages):
            page.setVisible(i == step)

    def _build_start(self) -> QWidget:
        page = QWidget()
        lay = QVBoxLayout(page)
        lay.addWidget(label(self.tr(
            "A new key replaces your current one: for example when your name or registration "
            "has changed, or this computer may have been misused. Your current key signs a "
            "hand-over to the new one, so checklists you signed before still verify. You get a "
            "new recovery code and backup file, and your supervisor needs your new key card.")))
        form = QFormLayout()
        self.name = QLineEdit()
        self.name.setAccessibleName(self.tr("Your name"))
        self.name.setMaxLength(200)
        self.registration = QLineEdit()
        self.registration.setAccessibleName(self.tr("Professional registration"))
        self.registration.setMaxLength(200)
        self.passphrase = QLineEdit()
        self.passphrase.setEchoMode(QLineEdit.EchoMode.Password)
        self.passphrase.setAccessibleName(self.tr("Your current passphrase"))
        form.addRow(self.tr("Your &name:"), self.name)
        form.addRow(self.tr("Re&gistration:"), self.registration)
        form.addRow(label(self.tr("They are printed on every checklist the new key signs.")))
        self.pass_label = label(self.tr("Current &passphrase:"))
        self.pass_label.setBuddy(self.passphrase)
        form.addRow(self.pass_label, self.passphrase)
        lay.addLayout(form)
        lay.addStretch(1)
        return page

    def _build_card(self) -> QWidget:
        page = QWidget()
        lay = QVBoxLayout(page)
        lay.addWidget(label(self.tr(
            "Last step: give your supervisor your new key card and the hand-over statement. "
            "Save them together (a USB stick, or a folder you then e-mail from), and compare "
            "the new fingerprint with them when they add the card.")))
        self.new_fp = label(name=self.tr("The new key's fingerprint"))
        lay.addWidget(self.new_fp)
        row = QHBoxLayout()
        self.export_button = QPushButton(self.tr("&Save the key card and hand-over to…"))
        self.export_button.setAccessibleName(self.tr("Save the key card and hand-over"))
        self.export_button.clicked.connect(self._choose_export)
        self.open_button = QPushButton(self.tr("&Open the folder"))
        self.open_button.setAccessibleName(self.tr("Open the folder"))
        self.open_button.setVisible(False)
        self.open_button.clicked.connect(self._open_folder)
        row.addWidget(self.export_button)
        row.addWidget(self.open_button)
        row.addStretch(1)
        lay.addLayout(row)
        self.export_note = label(name=self.tr("Where the key card was saved"))
        self.export_note.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        lay.addWidget(self.export_note)
        lay.addStretch(1)
        return page

    def _load_key(self) -> None:
        try:
            info = signing_adapter.key_info()
        except Exception as exc:
            info = None
            self.status.setText(self.tr("Your key cannot be read: %1").replace(
                "%1", app_sentence(exc)))
        else:
            if info is None:
                self.status.setText(self.tr("You have no signing key yet: create one in "
                                            "File → First-run setup…"))
        if info is None:
            self.go_button.setEnabled(False)
            return
        self.name.setText(visible(info.name))
        self.registration.setText(visible(info.registration))
        needs = info.protection == "passphrase"
        self.pass_label.setVisible(needs)
        self.passphrase.setVisible(needs)

    # -- step 1: make the new key -------------------------------------------------------
    def go(self) -> bool:
        """The button of the current step: replace, then go on, then close."""
        step = self.step
        if step == 1:
            self.show_step(2)
            self._update()
            return True
        if step == 2:
            self.accept()
            return True
        return self.replace_key()

    def replace_key(self) -> bool:
        if not self.progress.isHidden():  # busy until the result is in
            return False
        name = " ".join(self.name.text().split())
        if not name:
            self.status.setText(self.tr("Your name is needed: it is printed on every signed "
                                        "checklist."))
            return False
        if not self.passphrase.isHidden() and not self.passphrase.text():
            self.status.setText(self.tr("Type your current passphrase: the current key signs "
                                        "the hand-over to the new one."))
            return False
        passphrase = self.passphrase.text() if not self.passphrase.isHidden() else None
        registration = " ".join(self.registration.text().split())
        self._busy(True)
        self.status.setText(self.tr("Making your new key…"))
        task = BackgroundCall(lambda: signing_adapter.rotate_key(
            passphrase, name=name, registration=registration), self)
        task.done.connect(self._replaced)
        task.error.connect(self._failed)
        self._task = task
        task.start()
        return True

    def _busy(self, busy: bool) -> None:
        self.progress.setVisible(busy)
        for w in (self.go_button, self.close_button, self.name, self.registration,
                  self.passphrase):
            w.setEnabled(not busy)

    def _failed(self, exc: BaseException) -> None:
        self._busy(False)
        self.status.setText(self.tr("Your key was not replaced; nothing was changed. %1")
                            .replace("%1", app_sentence(exc)))

    def _replaced(self, rotation: Any) -> None:
        self._busy(False)
        self.rotation = rotation
        self.passphrase.clear()
        self.recovery.show_key(rotation.new)
        self._old_copies(rotation.old.fingerprint_ssh)
        self.show_step(1)
        self.close_button.setText(self.tr("Close"))
        self.close_button.setAccessibleName(self.tr("Close"))
        self.new_fp.setText(self.tr("Your new key's fingerprint: %1").replace(
            "%1", short_fp(rotation.new.fingerprint_ssh)))
        self.recovery.confirm.setFocus()
        self._update()
        try:
            signing_adapter.recovery_code_shown()
        except Exception:  # the key is made; a leftover note is the worst outcome
            log.exception("could not record that the recovery code was shown")
        self.replaced.emit(rotation)

    def _old_copies(self, old_fp: str) -> None:
        try:
            old = [c.path for c in signing_adapter.backup_copies() if c.fingerprint == old_fp]
        except Exception:
            old = []
        text = self.tr("Your new key is ready and the old one can no longer sign.")
        if old:
            text += " " + self.tr("Delete the old backup file you saved (%1): it opens only "
                                  "the old key.").replace("%1", visible(", ".join(old)))
        self.old_copies.setText(text)

    def _update(self) -> None:
        step = self.step
        self.go_button.setText([self.tr("&Replace my key"), self.tr("&Next"),
                                self.tr("&Done")][step])
        self.go_button.setAccessibleName(self.go_button.text().replace("&", ""))
        if step == 1:
            self.go_button.setEnabled(self.recovery.is_done())
            self.status.setText("" if self.recovery.is_done() else self.tr(
                "Type the group of the code asked for, and save the backup (or tick 'later'), "
                "to go on."))
        elif step == 2:
            self.go_button.setEnabled(True)
            self.close_button.setVisible(False)  # Done closes: one way out
            self.status.setText("")

    # -- step 3: the key card -----------------------------------------------------------
    def _choose_export(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, self.tr("Save the key card to…"))
        if folder:
            self.export(Path(folder))

    def export(self, folder: Path) -> list[Path]:
        if self.rotation is None:
            return []
        try:
            paths = export_for_supervisor(folder, Path(self.rotation.handover_path))
        except Exception as exc:
            said = app_sentence(str(exc) if isinstance(exc, ExportError) else exc)
            self.export_note.setText(self.tr("The key card was not saved: %1").replace(
                "%1", said))
            return []
        self.exported = paths
        self._folder = folder
        self.open_button.setVisible(True)
        self.export_note.setText(self.tr("Saved in %1: %2. Give these to your supervisor.")
                                 .replace("%1", visible(str(folder)))
                                 .replace("%2", ", ".join(visible(p.name) for p in paths)))
        return paths

    def _open_folder(self) -> None:
        from readiness.gui import open_things

        problem = open_things.open_folder(self._folder)
        if problem is not None:
            self.export_note.setText(problem)

    def reject(self) -> None:
        if not self.progress.isHidden():  # busy until the result is in
            return  # the change finishes first (it takes a few seconds)
        self.recovery.wait()
        super().reject()
