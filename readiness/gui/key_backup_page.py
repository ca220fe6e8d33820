"""The recovery code and the backup file, as a counsellor can keep them: the code shown once
with Copy and Print, the encrypted backup saved to a folder the user chooses (a USB stick or a
cloud folder) and checked there, and part of the code typed back. Used when a key is created
(first-run setup) and when it is replaced."""

from __future__ import annotations

import html
import logging
import re
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt, QTimer, Signal
from PySide6.QtGui import QFontDatabase, QGuiApplication, QTextDocument
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QCheckBox,
    QFileDialog,
        QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from readiness import files
from readiness.gui import signing_adapter
from readiness.gui.verify_text import local_time, short_fp
from readiness.gui.worker import BackgroundCall
from readiness.visible import visible

log = logging.getLogger(__name__)
CLEAR_CLIPBOARD_MS = 120_000
# Library messages name command-line steps; the app names its own menu items instead.
_IN_APP = (
    (re.compile(r"\s*\(?e\.g\. --[a-z-]+ FILE\)?|;? ?name it with --backup FILE"), ""),
    (re.compile(r"\s*Repeat with the replace option if that is intended\."), ""),
    (re.compile(r"'?readiness keys restore'?"), "File → Restore my key…"),
    (re.compile(r"'?readiness keys rotate'?( for a new key and code)?"),
     "File → Replace my key…"),
    (re.compile(r"'?readiness keys init'?"), "File → First-run setup…"),
)


def app_sentence(exc: BaseException | str) -> str:
    """A library message as the app says it: one sentence, menu items not commands. An
    exception not written for the user is logged and described in general words."""
    if isinstance(exc, OSError):
        text = files.describe_os_error(exc) + (f" ({exc.filename})" if exc.filename else "")
    elif isinstance(exc, BaseException) and not isinstance(exc, signing_adapter.user_errors()):
        log.error("key recovery step failed: %r", exc)
        return QCoreApplication.translate(
            "RecoveryPanel", "An unexpected problem stopped this; nothing more was changed. "
            "The details are in the log (File → Open the log folder).")
    else:
        text = str(exc)
    text = visible(text).strip()
    for pattern, words in _IN_APP:
        text = pattern.sub(words, text)
    text = text[:1].upper() + text[1:]
    return text if text.endswith((".", "…")) else text + "."


def label(text: str = "", name: str = "") -> QLabel:
    out = QLabel(text)
    out.setWordWrap(True)
    out.setTextFormat(Qt.TextFormat.PlainText)
    out.setAccessibleName(name or text)
    return out


def confirm_group(code: str) -> tuple[int, str]:
    """Which group of the recovery code to ask for (1-based) and its characters."""
    groups = [g for g in re.split(r"[\s-]+", code.strip()) if g]
    if len(groups) >= 3:
        return 3, groups[2]
    if groups:
        return len(groups), groups[-1]
    return 0, ""


def recovery_sheet(info: Any) -> str:
    """The printed page: who, the code, and how to restore, in the app's words."""
    who = html.escape(visible(info.name)) + (
        f" ({html.escape(visible(info.registration))})" if info.registration else "")
    return (
        "<h2>Readiness: recovery code for your signing key</h2>"
        f"<p>Key of <b>{who}</b>, made {html.escape(local_time(info.created_at))}.<br>"
        f"Fingerprint: {html.escape(short_fp(info.fingerprint_ssh))}</p>"
        f"<p style='font-size:20pt; font-family:monospace'><b>{html.escape(info.recovery_code)}"
        "</b></p>"
        "<p>With your backup file this code restores your key if this computer is lost or its "
        "keychain is reset: in Readiness choose File → Restore my key…, pick the backup file "
        "and type this code.</p>"
        "<p>Keep this page somewhere safe and apart from the USB stick or cloud folder that "
        "holds the backup file: together they are your key.</p>"
        "<p>My backup file is kept at: ______________________________________</p>"
    )


class RecoveryPanel(QWidget):
    """Shows a new key's recovery code and saves a copy of its backup; ``changed`` fires
    when :meth:`is_done` may have changed."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.info: Any = None
        self.saved: Any = None  # the BackupCopy once saved and checked
        self._task: BackgroundCall | None = None
        self._saving = False  # until the result is in (the thread may still be ending)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(label(self.tr(
            "Your recovery code. With the backup file it restores your key if this computer is "
            "lost or its keychain is reset. It is shown only once: write it down, print it, or "
            "copy it into your password manager.")))
        self.code = QLabel()
        mono = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
        mono.setPointSizeF(mono.pointSizeF() * 1.3)
        self.code.setFont(mono)
        self.code.setWordWrap(True)
        self.code.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.code.setAccessibleName(self.tr("Recovery code"))
        lay.addWidget(self.code)
        row = QHBoxLayout()
        self.copy_button = self._button(self.tr("C&opy the code"), self.copy_code, row)
        self.print_button = self._button(self.tr("Pr&int the code…"), self.print_code, row)
        row.addStretch(1)
        lay.addLayout(row)
        self.code_note = label(name=self.tr("About the copied code"))
        lay.addWidget(self.code_note)
        lay.addSpacing(8)
        lay.addWidget(label(self.tr(
            "Save the backup file away from this computer: on a USB stick, or in your cloud "
            "folder (OneDrive, Dropbox, iCloud Drive, Google Drive). It is encrypted: only this "
            "code opens it.")))
        row = QHBoxLayout()
        self.save_button = self._button(self.tr("&Save the backup to…"), self.choose_folder, row)
        self.later = QCheckBox(self.tr("I will do this &later (Settings)"))
        self.later.setAccessibleName(self.tr("I will save the backup later"))
        self.later.toggled.connect(lambda _on: self.changed.emit())
        row.addWidget(self.later)
        row.addStretch(1)
        lay.addLayout(row)
        self.save_note = label(name=self.tr("Where the backup was saved"))
        self.save_note.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        lay.addWidget(self.save_note)
        lay.addSpacing(8)
        self.confirm = QLineEdit()
        self.confirm.setAccessibleName(self.tr("Confirm part of the recovery code"))
        self.confirm.setMaxLength(40)
        self.confirm.setMaximumWidth(self.confirm.fontMetrics().horizontalAdvance("M" * 12))
        self.confirm.textChanged.connect(lambda _t: self.changed.emit())
        self.confirm_label = QLabel()
        self.confirm_label.setWordWrap(True)
        self.confirm_label.setBuddy(self.confirm)
        lay.addWidget(self.confirm_label)
        lay.addWidget(self.confirm)
        for note in (self.code_note, self.save_note):
            note.setVisible(False)
        self._clear_timer = QTimer(self)
        self._clear_timer.setSingleShot(True)
        self._clear_timer.timeout.connect(self._clear_clipboard)

    @staticmethod
    def _note(note: QLabel, text: str) -> None:
        note.setText(text)
        note.setVisible(bool(text))

    def _button(self, text: str, slot: Any, row: QHBoxLayout) -> QPushButton:
        b = QPushButton(text)
        b.setAccessibleName(text.replace("&", "").rstrip("…"))
        b.clicked.connect(lambda _c=False: slot())
        row.addWidget(b)
        return b

    def show_key(self, info: Any) -> None:
        self.info, self.saved = info, None
        self.code.setText(info.recovery_code)
        n, _group = confirm_group(info.recovery_code)
        self.confirm_label.setText(self.tr("To show you have it, &type group %1 of the code:")
                                   .replace("%1", str(n)))
        self.confirm.clear()
        self._note(self.save_note, "")
        self._note(self.code_note, "")
        self.later.setChecked(False)
        self.changed.emit()

    def code_confirmed(self) -> bool:
        if self.info is None:
            return False
        _n, group = confirm_group(self.info.recovery_code)
        return re.sub(r"[\s-]", "", self.confirm.text()).upper() == group.upper()

    def is_done(self) -> bool:
        return self.code_confirmed() and (self.saved is not None or self.later.isChecked())

    # -- the code ------------------------------------------------------------------------
    def copy_code(self) -> None:
        if self.info is None:
            return
        QGuiApplication.clipboard().setText(self.info.recovery_code)
        self._clear_timer.start(CLEAR_CLIPBOARD_MS)
        self._note(self.code_note, self.tr("Copied. Paste it into your password manager now: the "
                                       "clipboard is cleared in two minutes."))

    def _clear_clipboard(self) -> None:
        # Only if it still holds the code: never wipe something the user copied since.
        board = QGuiApplication.clipboard()
        if self.info is not None and board.text() == self.info.recovery_code:
            board.clear()

    def print_code(self, printer: QPrinter | None = None) -> bool:
        """Print the recovery sheet (asking for a printer unless one is given)."""
        if self.info is None:
            return False
        if printer is None:
            printer = QPrinter(QPrinter.PrinterMode.HighResolution)
            dialog = QPrintDialog(printer, self)
            dialog.setWindowTitle(self.tr("Print the recovery code"))
            if dialog.exec() != QPrintDialog.DialogCode.Accepted:
                return False
        doc = QTextDocument()
        doc.setHtml(recovery_sheet(self.info))
        doc.print_(printer)
        self._note(self.code_note, self.tr("Sent to the printer. Keep the page somewhere safe, "
                                       "apart from the backup file."))
        return True

    # -- the backup file -----------------------------------------------------------------
    def choose_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(
            self, self.tr("Save the backup to a USB stick or your cloud folder"))
        if folder:
            self.save_copy(Path(folder))

    def save_copy(self, folder: Path) -> bool:
        """Save and check the copy off the GUI thread (a USB stick can take seconds)."""
        if self.info is None or self._saving:
            return False
        self._saving = True
        self.save_button.setEnabled(False)
        self._note(self.save_note, self.tr("Saving the backup to %1…").replace(
            "%1", visible(str(folder))))

        def work() -> tuple[Any, bool]:
            return (signing_adapter.save_backup_copy(folder),
                    signing_adapter.same_disk_as_app(folder))

        task = BackgroundCall(work, self)
        task.done.connect(self._saved)
        task.error.connect(self._not_saved)
        self._task = task
        task.start()
        return True

    def _saved(self, outcome: tuple[Any, bool]) -> None:
        copy, same_disk = outcome
        self.saved = copy
        self._saving = False
        self.save_button.setEnabled(True)
        text = self.tr("Saved and checked: %1.").replace("%1", visible(copy.path))
        if same_disk:
            text += " " + self.tr("That is on this computer's own disk: right for a cloud "
                                  "folder; otherwise save a copy to a USB stick too.")
        self._note(self.save_note, text)
        self.changed.emit()

    def _not_saved(self, exc: BaseException) -> None:
        self._saving = False
        self.save_button.setEnabled(True)
        self._note(self.save_note, app_sentence(exc))
        self.changed.emit()

    def wait(self) -> None:
        if self._task is not None:
            self._task.wait()
