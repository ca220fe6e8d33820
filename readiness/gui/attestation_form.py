"""Answering attestations inline: yes / no / not applicable (with a reason), and the backup
contact channel's own fields. Answers are the practitioner's statements and say so."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from PySide6.QtCore import QCoreApplication, QDate, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from readiness import answers, profile
from readiness.answers import BACKUP_CHANNEL_ID, CHANNELS

__all__ = ["BACKUP_CHANNEL_ID", "CHANNELS", "AttestationForm", "BackupChannelForm"]



def sentence(message: str) -> str:
    """A validator's message as a sentence: capital first letter, full stop."""
    message = message.strip()
    if not message:
        return message
    message = message[0].upper() + message[1:]
    return message if message.endswith((".", "!", "?")) else message + "."


def unsaved_note() -> str:
    """Shown while an answer on screen differs from the saved one: only saved answers are
    signed."""
    return QCoreApplication.translate(
        "AttestationForm",
        "Not saved yet: press Save, or this change is not part of your checklist.")


class AttestationForm(QWidget):
    """Yes / no / not applicable with a reason; emits ``saved(check_id)`` after saving."""

    saved = Signal(str)
    save_failed = Signal(str, str)  # check_id, message
    dirty_changed = Signal(bool)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.check_id = ""
        self._baseline: tuple[str, str] = ("", "")  # the saved answer, as _state() reads it
        self._was_dirty = False
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.question = QLabel()
        self.question.setWordWrap(True)
        self.question.setAccessibleName(self.tr("Question"))
        layout.addWidget(self.question)
        row = QHBoxLayout()
        self.yes = QRadioButton(self.tr("Y&es"))
        self.no = QRadioButton(self.tr("&No"))
        self.na = QRadioButton(self.tr("N&ot applicable"))
        self.group = QButtonGroup(self)
        for button, name in ((self.yes, "yes"), (self.no, "no"), (self.na, "not_applicable")):
            button.setObjectName(name)
            button.setAccessibleName(button.text().replace("&", ""))
            self.group.addButton(button)
            row.addWidget(button)
        row.addStretch(1)
        layout.addLayout(row)
        self.reason = QLineEdit()
        self.reason.setPlaceholderText(
            self.tr("Why it does not apply (needed for “Not applicable”)"))
        self.reason.setAccessibleName(self.tr("Reason it does not apply"))
        layout.addWidget(self.reason)
        self.save_button = QPushButton(self.tr("&Save answer"))
        self.save_button.setAccessibleName(self.tr("Save answer"))
        self.save_button.clicked.connect(self.save)
        self.hint = QLabel()
        self.hint.setWordWrap(True)
        self.hint.setAccessibleName(self.tr("Answer hint"))
        bottom = QHBoxLayout()
        bottom.addWidget(self.save_button)
        bottom.addWidget(self.hint, 1)
        layout.addLayout(bottom)
        self.group.buttonToggled.connect(self._update)
        self.reason.textChanged.connect(self._update)

    def load(self, check_id: str, question: str, answer: Mapping[str, Any] | None) -> None:
        self.check_id = check_id
        self.question.setText(question)
        self.group.setExclusive(False)
        for b in (self.yes, self.no, self.na):
            b.setChecked(False)
        self.group.setExclusive(True)
        value = (answer or {}).get("answer")
        button = {"yes": self.yes, "no": self.no, "not_applicable": self.na}.get(str(value))
        if button is not None:
            button.setChecked(True)
        self.reason.setText(str((answer or {}).get("reason", "")))
        self._baseline = self._state()
        self._update()

    def _state(self) -> tuple[str, str]:
        button = self.group.checkedButton()
        reason = self.reason.text().strip() if button is self.na else ""
        return (button.objectName() if button is not None else "", reason)

    def is_dirty(self) -> bool:
        """Edited since the answer was loaded or saved (such edits are never signed)."""
        return self._state() != self._baseline

    def answer(self) -> dict[str, Any] | None:
        """The answer as the core validates it; None when none is chosen or it is invalid."""
        return self._validated()[0]

    def _validated(self) -> tuple[dict[str, Any] | None, str]:
        button = self.group.checkedButton()
        if button is None:
            return None, ""
        if button is self.na and not self.reason.text().strip():
            return None, self.tr("Add a short reason to save “Not applicable”.")
        try:
            # The reason box is only open for "Not applicable"; text left in it is not saved.
            reason = self.reason.text() if button is self.na else None
            return answers.practice_answer(button.objectName(), reason), ""
        except answers.AnswerError as exc:
            return None, sentence(str(exc))

    def _update(self) -> None:
        self.reason.setEnabled(self.na.isChecked())
        answer, problem = self._validated()
        dirty = self.is_dirty()
        self.save_button.setEnabled(answer is not None and dirty)
        self.hint.setText(problem or (unsaved_note() if dirty else ""))
        if dirty != self._was_dirty:
            self._was_dirty = dirty
            self.dirty_changed.emit(dirty)

    def save(self) -> None:
        answer = self.answer()
        if answer is None:
            return
        try:
            profile.save_attestation(self.check_id, answer)
        except (OSError, profile.ProfileError) as exc:
            self.save_failed.emit(self.check_id, str(exc))
            return
        self._baseline = self._state()
        self._update()
        self.hint.setText(self.tr("Saved."))
        self.saved.emit(self.check_id)


class BackupChannelForm(QWidget):
    """The backup contact channel (GPiA 047 §3): how clients reach you if the platform fails.

    Only a non-identifying description is asked for; no client details are ever recorded.
    """

    saved = Signal(str)
    save_failed = Signal(str, str)
    dirty_changed = Signal(bool)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.check_id = BACKUP_CHANNEL_ID
        self._baseline: tuple[Any, ...] = ()
        self._was_dirty = False
        form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        # Labels above their fields: the detail pane is narrow on a small screen, and the
        # questions are sentences, not one-word labels.
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapAllRows)
        self.channel = QComboBox()
        labels = {
            "phone": self.tr("Phone call"),
            "sms": self.tr("Text message (SMS)"),
            "email": self.tr("Email"),
            "second_platform": self.tr("A second video platform"),
        }
        for key in CHANNELS:
            self.channel.addItem(labels[key], key)
        self.channel.setAccessibleName(self.tr("Backup channel"))
        form.addRow(self.tr("Cha&nnel:"), self.channel)
        self.description = QLineEdit()
        self.description.setPlaceholderText(self.tr("e.g. “my work mobile” (no numbers needed)"))
        self.description.setAccessibleName(self.tr("Description of the channel"))
        form.addRow(self.tr("&Description:"), self.description)
        self.clients_told = QCheckBox(self.tr("My clients know to use it"))
        self.clients_told.setAccessibleName(self.tr("Clients have been told"))
        form.addRow("", self.clients_told)
        # Three answers, not a tick box: an unticked box would claim "independent connection"
        # for email or a second platform when the practitioner simply did not say.
        self.same_connection = QComboBox()
        self.same_connection.addItem(self.tr("Not sure"), None)
        self.same_connection.addItem(self.tr("Yes, it uses the same internet connection"), True)
        self.same_connection.addItem(
            self.tr("No, it works without it (e.g. the mobile phone network)"), False)
        self.same_connection.setAccessibleName(
            self.tr("Does it need the same internet connection as your sessions?"))
        same_label = QLabel(self.tr("Does it need the &same internet connection as your "
                                    "sessions?"))
        same_label.setWordWrap(True)
        same_label.setBuddy(self.same_connection)
        form.addRow(same_label, self.same_connection)
        why = QLabel(self.tr("If your internet connection drops, a channel that needs it drops "
                             "too; a phone call or text over the mobile network still works."))
        why.setWordWrap(True)
        why.setAccessibleName(self.tr("Why this matters"))
        form.addRow("", why)
        # Not tried yet unless the practitioner says otherwise: a date filled in for them would
        # attest a test that never happened.
        self.tried = QCheckBox(self.tr("I have &tried it, on:"))
        self.tried.setAccessibleName(self.tr("I have tried it"))
        self.last_tried = QDateEdit()
        self.last_tried.setCalendarPopup(True)
        self.last_tried.setDisplayFormat("d MMMM yyyy")
        self.last_tried.setDate(QDate.currentDate())
        self.last_tried.setMaximumDate(QDate.currentDate())
        self.last_tried.setMinimumDate(QDate(2000, 1, 1))
        self.last_tried.setAccessibleName(self.tr("Date it was last tried"))
        tried_row = QHBoxLayout()
        tried_row.addWidget(self.tried)
        tried_row.addWidget(self.last_tried, 1)
        form.addRow(self.tr("Last tried:"), tried_row)
        self.save_button = QPushButton(self.tr("Save bac&kup channel"))
        self.save_button.setAccessibleName(self.tr("Save backup channel"))
        self.save_button.clicked.connect(self.save)
        self.hint = QLabel()
        self.hint.setWordWrap(True)
        self.hint.setAccessibleName(self.tr("Answer hint"))
        form.addRow(self.save_button)
        form.addRow(self.hint)
        self.tried.toggled.connect(self.last_tried.setEnabled)
        for signal in (self.channel.currentIndexChanged, self.description.textChanged,
                       self.clients_told.toggled, self.same_connection.currentIndexChanged,
                       self.tried.toggled, self.last_tried.dateChanged):
            signal.connect(self._update)
        self.load(None)

    def load(self, answer: Mapping[str, Any] | None) -> None:
        answer = answer or {}
        i = self.channel.findData(answer.get("channel"))
        self.channel.setCurrentIndex(max(i, 0))
        self.description.setText(str(answer.get("description", "")))
        self.clients_told.setChecked(answer.get("clients_told") is True)
        same = answer.get("same_connection")
        self.same_connection.setCurrentIndex(
            max(self.same_connection.findData(same if isinstance(same, bool) else None), 0))
        tried = QDate.fromString(str(answer.get("last_tried", "")), "yyyy-MM-dd")
        self.tried.setChecked(tried.isValid())
        self.last_tried.setEnabled(tried.isValid())
        self.last_tried.setDate(tried if tried.isValid() else QDate.currentDate())
        self._baseline = self._state() if answer else ()
        self._update()
        self.hint.setText("")

    def _state(self) -> tuple[Any, ...]:
        tried = self.last_tried.date().toString("yyyy-MM-dd") if self.tried.isChecked() else None
        return (self.channel.currentData(), self.description.text().strip(),
                self.clients_told.isChecked(), self.same_connection.currentData(), tried)

    def is_dirty(self) -> bool:
        """Edited since the record was loaded or saved (such edits are never signed). With
        nothing recorded yet, any entry is an edit: untouched defaults are not an answer."""
        if not self._baseline:
            default = (self.channel.itemData(0), "", False, None, None)
            return self._state() != default
        return self._state() != self._baseline

    def _update(self) -> None:
        dirty = self.is_dirty()
        self.save_button.setEnabled(dirty or not self._baseline)
        self.hint.setText(unsaved_note() if dirty else "")
        if dirty != self._was_dirty:
            self._was_dirty = dirty
            self.dirty_changed.emit(dirty)

    def answer(self) -> dict[str, Any]:
        """The record as the core validates it (an ``AnswerError`` says what to change)."""
        return answers.backup_answer(
            channel=str(self.channel.currentData()),
            description=self.description.text(),
            clients_told=self.clients_told.isChecked(),
            same_connection=self.same_connection.currentData(),
            last_tried=(self.last_tried.date().toString("yyyy-MM-dd")
                        if self.tried.isChecked() else None),
        )

    def problem(self) -> str:
        """Why the record on screen cannot be saved, or "" (the wizard asks before going on)."""
        try:
            self.answer()
        except answers.AnswerError as exc:
            return sentence(str(exc))
        return ""

    def save(self) -> None:
        try:
            record = self.answer()
        except answers.AnswerError as exc:
            self.hint.setText(sentence(str(exc)))  # the practitioner's to fix: said here
            return
        try:
            profile.save_attestation(self.check_id, record)
        except (OSError, profile.ProfileError) as exc:
            self.save_failed.emit(self.check_id, str(exc))
            return
        self._baseline = self._state()
        self._update()
        self.hint.setText(self.tr("Saved."))
        self.saved.emit(self.check_id)
