"""Settings → Your key: where the backup of the key is and when it was made, saving another
copy, and the way to restore or replace the key."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFileDialog, QHBoxLayout, QPushButton, QVBoxLayout, QWidget

from readiness.gui import signing_adapter, typescale
from readiness.gui.key_backup_page import app_sentence, label
from readiness.gui.verify_text import local_time
from readiness.gui.worker import BackgroundCall
from readiness.visible import visible


class KeyBackupSection(QWidget):
    key_changed = Signal()  # restored or replaced: the name and fingerprint shown may change

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._task: BackgroundCall | None = None
        self._saving = False  # until the result is in (the thread may still be ending)
        self.dialog: Any = None
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        title = label(self.tr("Backup of your key"))
        typescale.apply(title, typescale.HEADING)
        lay.addWidget(title)
        self.where = label(name=self.tr("Where your key's backup is"))
        self.where.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        lay.addWidget(self.where)
        row = QHBoxLayout()
        self.save_button = self._button(self.tr("Save a copy of my &backup…"),
                                        self.tr("Save a copy of my backup"), self._choose, row)
        self.restore_button = self._button(self.tr("Rest&ore my key…"),
                                           self.tr("Restore my key"), self.open_restore, row)
        self.replace_button = self._button(self.tr("Re&place my key…"),
                                           self.tr("Replace my key"), self.open_replace, row)
        row.addStretch(1)
        lay.addLayout(row)
        self.note = label(name=self.tr("Backup status"))
        self.note.setVisible(False)
        lay.addWidget(self.note)
        self.refresh()

    def _button(self, text: str, name: str, slot: Any, row: QHBoxLayout) -> QPushButton:
        b = QPushButton(text)
        b.setAccessibleName(name)
        b.clicked.connect(lambda _c=False: slot())
        row.addWidget(b)
        return b

    def lines(self, info: Any, own: Any, copies: list[Any]) -> list[str]:
        """Sentences about the backup of the key ``info``: the copy kept here (``own``, a
        BackupSummary or None) and the copies saved elsewhere (newest first)."""
        if info is None:
            return [self.tr("You have no signing key yet, so there is nothing to back up.")]
        lines = [self.tr("Your backup was made %1.").replace("%1", local_time(own.created_at))
                 if own is not None else
                 self.tr("There is no backup of your key on this computer: replace your "
                         "key to get a new backup and recovery code.")]
        mine = [c for c in copies if c.fingerprint == info.fingerprint_ssh]
        if not mine:
            lines.append(self.tr("It has not been saved anywhere else yet: save a copy to a "
                                 "USB stick or your cloud folder, in case this computer is "
                                 "lost."))
            return lines
        newest = mine[0]
        lines.append(self.tr("Saved to %1 on %2.").replace("%1", visible(newest.path))
                     .replace("%2", local_time(newest.saved_at)))
        if not newest.present:
            lines.append(self.tr("It is not there now: is the USB stick plugged in?"))
        if len(mine) > 1:
            n = len(mine) - 1
            lines.append(self.tr("Also saved in 1 other place.") if n == 1 else
                          self.tr("Also saved in %1 other places.").replace("%1", str(n)))
        return lines

    def refresh(self) -> None:
        try:
            info = signing_adapter.key_info()
            own_path = signing_adapter.own_backup() if info is not None else None
            own = signing_adapter.backup_summary(own_path) if own_path is not None else None
            copies = signing_adapter.backup_copies()
        except Exception as exc:  # a damaged key or backup file: say so, offer a restore
            info = None
            self.where.setText(self.tr("Your key or its backup could not be read: %1").replace(
                "%1", app_sentence(exc)))
        else:
            self.where.setText(" ".join(self.lines(info, own, copies)))
        self.save_button.setVisible(info is not None)
        self.replace_button.setVisible(info is not None)

    def _choose(self) -> None:
        folder = QFileDialog.getExistingDirectory(
            self, self.tr("Save the backup to a USB stick or your cloud folder"))
        if folder:
            self.save_copy(Path(folder))

    def save_copy(self, folder: Path) -> bool:
        if self._saving:
            return False
        self._saving = True
        self.save_button.setEnabled(False)
        task = BackgroundCall(lambda: signing_adapter.save_backup_copy(folder), self)
        task.done.connect(self._saved)
        task.error.connect(self._not_saved)
        self._task = task
        task.start()
        return True

    def _saved(self, copy: Any) -> None:
        self._saving = False
        self.save_button.setEnabled(True)
        self._say(self.tr("Saved and checked: %1.").replace("%1", visible(copy.path)))
        self.refresh()

    def _not_saved(self, exc: BaseException) -> None:
        self._saving = False
        self.save_button.setEnabled(True)
        self._say(app_sentence(exc))

    def _say(self, text: str) -> None:
        self.note.setText(text)
        self.note.setVisible(bool(text))

    def open_restore(self) -> Any:
        from readiness.gui.key_recovery_dialog import RestoreKeyDialog

        return self._open(RestoreKeyDialog(self.window()), "restored")

    def open_replace(self) -> Any:
        from readiness.gui.key_replace_dialog import ReplaceKeyDialog

        return self._open(ReplaceKeyDialog(self.window()), "replaced")

    def _open(self, dialog: Any, signal: str) -> Any:
        getattr(dialog, signal).connect(self._key_changed)
        dialog.finished.connect(lambda _r: self.refresh())
        dialog.open()
        self.dialog = dialog
        return dialog

    def _key_changed(self, _value: object) -> None:
        self.refresh()
        self.key_changed.emit()

    def wait(self) -> None:
        if self._task is not None:
            self._task.wait()
