"""Restore my key: the backup file (from a USB stick, a cloud folder, or the copy kept here) and
the recovery code rebuild the signing key, on a new computer or after the keychain was reset.

The file is read first and described (whose key, when made) so the user sees they picked the
right one; replacing a different key set up here needs an explicit tick. A wrong code changes
nothing (the library opens the backup before it writes anything).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from readiness.gui import signing_adapter
from readiness.gui.key_backup_page import app_sentence, label
from readiness.gui.verify_text import local_time, short_fp
from readiness.gui.worker import BackgroundCall
from readiness.visible import visible

MIN_PASSPHRASE = 10


class RestoreKeyDialog(QDialog):
    restored = Signal(object)  # KeyInfo

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.summary: Any = None
        self.result_info: Any = None
        self._task: BackgroundCall | None = None
        self.setWindowTitle(self.tr("Restore my key"))
        self.setAccessibleName(self.windowTitle())
        self.setMinimumWidth(560)
        lay = self._lay = QVBoxLayout(self)
        lay.addWidget(label(self.tr(
            "Use this on a new computer, or when Readiness says your key cannot be unlocked. "
            "You need your backup file (on your USB stick or in your cloud folder) and your "
            "recovery code.")))
        form = QFormLayout()
        row = QHBoxLayout()
        self.file = QLineEdit()
        self.file.setReadOnly(True)
        self.file.setAccessibleName(self.tr("Backup file"))
        self.file.setPlaceholderText(self.tr("readiness-key-backup-….json"))
        self.choose = QPushButton(self.tr("C&hoose…"))
        self.choose.setAccessibleName(self.tr("Choose the backup file"))
        self.choose.clicked.connect(self._choose)
        row.addWidget(self.file, 1)
        row.addWidget(self.choose)
        form.addRow(self.tr("Backup file:"), row)
        lay.addLayout(form)
        # Outside the form: a wrapped label in a form row gets a wrong height.
        self.about_file = label(name=self.tr("About the backup file"))
        self.about_file.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        lay.addWidget(self.about_file)
        # A check box does not wrap its text: the warning is a label above a short box.
        self.other_key = label(name=self.tr("A different key is set up here"))
        self.replace = QCheckBox(self.tr("Re&place the key set up here with this one"))
        self.replace.setAccessibleName(self.tr("Replace the key set up here"))
        for w in (self.other_key, self.replace):
            w.setVisible(False)
            lay.addWidget(w)
        form = QFormLayout()
        self.code = QLineEdit()
        self.code.setAccessibleName(self.tr("Recovery code"))
        self.code.setPlaceholderText(self.tr("XXXX-XXXX-XXXX-XXXX-XXXX-XXXX-XXXX"))
        self.code.setMaxLength(80)
        form.addRow(self.tr("Recovery &code:"), self.code)
        self.passphrase = self._secret(self.tr("New passphrase"))
        self.passphrase2 = self._secret(self.tr("Repeat the new passphrase"))
        self.pass_note = label(self.tr(
            "This computer has no keychain, so the restored key is protected by a passphrase. "
            "Choose one of at least %1 characters.").replace("%1", str(MIN_PASSPHRASE)))
        lay.addLayout(form)
        lay.addWidget(self.pass_note)
        form = QFormLayout()
        form.addRow(self.tr("New &passphrase:"), self.passphrase)
        form.addRow(self.tr("Repea&t it:"), self.passphrase2)
        lay.addLayout(form)
        self.progress = QProgressBar()
        self.progress.setRange(0, 0)
        self.progress.setAccessibleName(self.tr("Restoring the key"))
        self.progress.setVisible(False)
        lay.addWidget(self.progress)
        self.status = label(name=self.tr("Restore status"))
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        lay.addWidget(self.status)
        lay.addStretch(1)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        self.restore_button = QPushButton(self.tr("&Restore my key"))
        self.restore_button.setAccessibleName(self.tr("Restore my key"))
        self.restore_button.setDefault(True)
        self.restore_button.clicked.connect(self.restore)
        self.close_button = QPushButton(self.tr("Close"))
        self.close_button.setAccessibleName(self.tr("Close"))
        self.close_button.clicked.connect(self.reject)
        buttons.addWidget(self.restore_button)
        buttons.addWidget(self.close_button)
        lay.addLayout(buttons)
        self._set_protection()
        self._use_own_backup()

    def _grow(self) -> None:
        # Rows appear (the warning, a sentence): the dialog grows to show them, never shrinks.
        lay = self._lay
        lay.activate()
        need = lay.totalHeightForWidth(self.width()) if lay.hasHeightForWidth() else -1
        height = max(self.height(), need, self.sizeHint().height())
        if height > self.height():
            self.resize(self.width(), height)

    def _secret(self, name: str) -> QLineEdit:
        edit = QLineEdit()
        edit.setEchoMode(QLineEdit.EchoMode.Password)
        edit.setAccessibleName(name)
        return edit

    def _set_protection(self) -> None:
        try:
            needs = not signing_adapter.keychain_available()
        except Exception:  # signing unavailable: restore says so when pressed
            needs = False
        for w in (self.pass_note, self.passphrase, self.passphrase2):
            w.setVisible(needs)

    def _use_own_backup(self) -> None:
        # A reset keychain on this computer: the backup kept here is the one to use.
        try:
            own = signing_adapter.own_backup()
        except Exception:
            own = None
        if own is not None:
            self.set_backup(own)

    def _choose(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(
            self, self.tr("Choose your key backup file"), "",
            self.tr("Readiness key backups (*.json);;All files (*)"))
        if path:
            self.set_backup(Path(path))

    def set_backup(self, path: Path) -> bool:
        """Read ``path`` as a backup and describe it; False (with the reason) if it is not."""
        self.file.setText(str(path))
        self.summary = None
        self.replace.setVisible(False)
        self.other_key.setVisible(False)
        self.replace.setChecked(False)
        try:
            summary = signing_adapter.backup_summary(path)
            other = signing_adapter.other_key_here(summary.fingerprint)
        except Exception as exc:
            self.about_file.setText(self.tr("This file cannot be used: %1").replace(
                "%1", app_sentence(exc)))
            self._grow()
            return False
        self.summary = summary
        who = visible(summary.name) + (f" ({visible(summary.registration)})"
                                       if summary.registration else "")
        self.about_file.setText(self.tr("The key of %1, made %2. Fingerprint %3.")
                                .replace("%1", who).replace("%2", local_time(summary.created_at))
                                .replace("%3", short_fp(summary.fingerprint)))
        if other:
            self.other_key.setText(self.tr(
                "A different key is set up here (fingerprint %1). Restoring this backup "
                "replaces it: the key set up here will no longer sign.")
                .replace("%1", short_fp(other)))
            self.other_key.setVisible(True)
            self.replace.setVisible(True)
        self._grow()
        return True

    def _problem(self) -> str:
        if self.summary is None:
            return self.tr("Choose your backup file first: it is named "
                           "readiness-key-backup-… and is on your USB stick or in your cloud "
                           "folder.")
        if not self.code.text().strip():
            return self.tr("Type your recovery code: seven groups of four letters and digits.")
        if not self.replace.isHidden() and not self.replace.isChecked():
            return self.tr("A different key is set up here: tick the box to replace it, or "
                           "choose another backup file.")
        if not self.passphrase.isHidden():
            if len(self.passphrase.text()) < MIN_PASSPHRASE:
                return self.tr("The new passphrase needs at least %1 characters.").replace(
                    "%1", str(MIN_PASSPHRASE))
            if self.passphrase.text() != self.passphrase2.text():
                return self.tr("The two passphrases are not the same.")
        return ""

    def restore(self) -> bool:
        if not self.progress.isHidden():  # busy until the result is in
            return False
        problem = self._problem()
        if problem:
            self.status.setText(problem)
            self._grow()
            return False
        backup, code = Path(self.summary.path), self.code.text()
        passphrase = self.passphrase.text() if not self.passphrase.isHidden() else None
        replace = self.replace.isChecked()
        self._busy(True)
        self.status.setText(self.tr("Restoring your key…"))
        task = BackgroundCall(lambda: signing_adapter.restore_key(
            backup, code, passphrase, replace_existing=replace), self)
        task.done.connect(self._done)
        task.error.connect(self._failed)
        self._task = task
        task.start()
        return True

    def _busy(self, busy: bool) -> None:
        self.progress.setVisible(busy)
        for w in (self.restore_button, self.close_button, self.choose, self.code):
            w.setEnabled(not busy)

    def _done(self, info: Any) -> None:
        self._busy(False)
        self.result_info = info
        self.passphrase.clear()
        self.passphrase2.clear()
        self.code.clear()
        self.restore_button.setEnabled(False)
        self.status.setText(self.tr("Your key is restored (fingerprint %1). Checklists you sign "
                                    "now are signed with it; your recovery code and backup "
                                    "file stay the same.")
                            .replace("%1", short_fp(info.fingerprint_ssh)))
        self.close_button.setFocus()
        self._grow()
        self.restored.emit(info)

    def _failed(self, exc: BaseException) -> None:
        self._busy(False)
        self.status.setText(self.tr("Your key was not restored; nothing was changed. %1")
                            .replace("%1", app_sentence(exc)))
        self._grow()

    def reject(self) -> None:
        if not self.progress.isHidden():  # busy until the result is in
            return  # the change finishes first (it takes a few seconds)
        super().reject()
