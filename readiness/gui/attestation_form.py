"""Answering attestations inline: yes / no / not applicable (with a reason), and the backup
contact channel's own fields. Answers are the practitioner's statements and say so."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from PySide6.QtCore import QDate, Signal
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


class AttestationForm(QWidget):
    """Yes / no / not applicable with a reason; emits ``saved(check_id)`` after saving."""

    saved = Signal(str)
    save_failed = Signal(str, str)  # check_id, message

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.check_id = ""
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.question = QLabel()
        self.question.setWordWrap(True)
        self.question.setAccessibleName(self.tr("Question"))
        layout.addWidget(self.question)
        row = QHBoxLayout()
        self.yes = QRadioButton(self.tr("&Yes"))
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
        self._update()

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
            return None, str(exc)

    def _update(self) -> None:
        self.reason.setEnabled(self.na.isChecked())
        answer, problem = self._validated()
        self.save_button.setEnabled(answer is not None)
        self.hint.setText(problem)

    def save(self) -> None:
        answer = self.answer()
        if answer is None:
            return
        try:
            profile.save_attestation(self.check_id, answer)
        except (OSError, profile.ProfileError) as exc:
            self.save_failed.emit(self.check_id, str(exc))
            return
        self.hint.setText(self.tr("Saved."))
        self.saved.emit(self.check_id)


class BackupChannelForm(QWidget):
    """The backup contact channel (GPiA 047 §3): how clients reach you if the platform fails.

    Only a non-identifying description is asked for; no client details are ever recorded.
    """

    saved = Signal(str)
    save_failed = Signal(str, str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.check_id = BACKUP_CHANNEL_ID
        form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
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
        form.addRow(self.tr("&Channel:"), self.channel)
        self.description = QLineEdit()
        self.description.setPlaceholderText(self.tr("e.g. “my work mobile” (no numbers needed)"))
        self.description.setAccessibleName(self.tr("Description of the channel"))
        form.addRow(self.tr("&Description:"), self.description)
        self.clients_told = QCheckBox(self.tr("My clients know to use it if a session drops"))
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
            self.tr("Depends on the same internet connection"))
        form.addRow(self.tr("Needs the &internet?"), self.same_connection)
        self.last_tried = QDateEdit()
        self.last_tried.setCalendarPopup(True)
        self.last_tried.setDisplayFormat("d MMMM yyyy")
        self.last_tried.setDate(QDate.currentDate())
        self.last_tried.setMaximumDate(QDate.currentDate())
        self.last_tried.setAccessibleName(self.tr("Date it was last tried"))
        form.addRow(self.tr("&Last tried:"), self.last_tried)
        self.save_button = QPushButton(self.tr("&Save backup channel"))
        self.save_button.setAccessibleName(self.tr("Save backup channel"))
        self.save_button.clicked.connect(self.save)
        self.hint = QLabel()
        self.hint.setAccessibleName(self.tr("Answer hint"))
        form.addRow(self.save_button, self.hint)

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
        self.last_tried.setDate(tried if tried.isValid() else QDate.currentDate())
        self.hint.setText("")

    def answer(self) -> dict[str, Any]:
        """The record as the core validates it (an ``AnswerError`` says what to change)."""
        return answers.backup_answer(
            channel=str(self.channel.currentData()),
            description=self.description.text(),
            clients_told=self.clients_told.isChecked(),
            same_connection=self.same_connection.currentData(),
            last_tried=self.last_tried.date().toString("yyyy-MM-dd"),
        )

    def save(self) -> None:
        try:
            record = self.answer()
        except answers.AnswerError as exc:
            self.hint.setText(str(exc))  # the practitioner's to fix: said here, not an error
            return
        try:
            profile.save_attestation(self.check_id, record)
        except (OSError, profile.ProfileError) as exc:
            self.save_failed.emit(self.check_id, str(exc))
            return
        self.hint.setText(self.tr("Saved."))
        self.saved.emit(self.check_id)
