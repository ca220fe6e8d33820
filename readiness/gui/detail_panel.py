"""The detail of one item: what was found, why it matters, how to fix it on this OS."""

from __future__ import annotations

import html
from collections.abc import Mapping, Sequence
from typing import Any

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from readiness.catalogue import Catalogue, Entry
from readiness.evidence_text import evidence_report
from readiness.gui import system_settings, typescale
from readiness.gui.attestation_form import BACKUP_CHANNEL_ID, AttestationForm, BackupChannelForm
from readiness.gui.status import PENDING, result_key, status_icon, status_word
from readiness.model import CheckResult, os_display_name


def _heading(text: str) -> QLabel:
    label = QLabel(text)
    typescale.apply(label, typescale.HEADING)
    label.setAccessibleName(text)
    return label


def _para(name: str) -> QLabel:
    label = QLabel()
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    label.setAccessibleName(name)
    return label


def format_evidence(result: CheckResult) -> str:
    """The evidence behind a result in words: each fact found with a readable label, how it
    was checked, and each thing run or read with the computer's own output under it (the same
    words as the signed PDF's evidence appendix)."""
    return evidence_report(result.observed, result.method,
                           [e.to_json() for e in result.evidence])


class DetailPanel(QScrollArea):
    recheck_requested = Signal(str)
    problem_requested = Signal(str)
    attestation_saved = Signal(str)
    error = Signal(str, str, str)  # title, message, details

    def __init__(self, catalogue: Catalogue, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.catalogue = catalogue
        self.check_id = ""
        self.os_key = system_settings.running_os_key()
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        # Text wraps to the panel's width instead of scrolling sideways.
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setAccessibleName(self.tr("Details of the selected item"))
        body = QWidget()
        self.setWidget(body)
        lay = QVBoxLayout(body)
        lay.setContentsMargins(16, 8, 16, 16)
        lay.setSpacing(8)

        self.placeholder = _para(self.tr("Hint"))
        self.placeholder.setText(self.tr("Choose an item in the list to see what was found and "
                                         "how to fix it."))
        lay.addWidget(self.placeholder)
        body.setMinimumWidth(300)

        self.content = QWidget()
        c = QVBoxLayout(self.content)
        c.setContentsMargins(0, 0, 0, 0)
        c.setSpacing(8)
        lay.addWidget(self.content)
        lay.addStretch(1)

        self.title = QLabel()
        typescale.apply(self.title, typescale.TITLE)
        self.title.setWordWrap(True)
        self.title.setAccessibleName(self.tr("Item"))
        c.addWidget(self.title)
        status_row = QHBoxLayout()
        self.status_icon = QLabel()
        self.status_icon.setFixedSize(QSize(20, 20))
        self.status_word = QLabel()
        self.status_word.setAccessibleName(self.tr("Status"))
        status_row.addWidget(self.status_icon)
        status_row.addWidget(self.status_word, 1)
        c.addLayout(status_row)
        self.attested_note = _para(self.tr("Attested"))
        c.addWidget(self.attested_note)

        c.addWidget(_heading(self.tr("What was found")))
        self.found = _para(self.tr("What was found"))
        c.addWidget(self.found)
        self.evidence_toggle = QToolButton()
        self.evidence_toggle.setText(self.tr("Show the evidence"))
        self.evidence_toggle.setCheckable(True)
        self.evidence_toggle.setArrowType(Qt.ArrowType.RightArrow)
        self.evidence_toggle.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.evidence_toggle.setAccessibleName(self.tr("Show the evidence"))
        self.evidence_toggle.toggled.connect(self._toggle_evidence)
        c.addWidget(self.evidence_toggle)
        self.evidence = QPlainTextEdit()
        self.evidence.setReadOnly(True)
        self.evidence.setAccessibleName(self.tr("Evidence: what was run or read"))
        mono = QFont("monospace")
        mono.setStyleHint(QFont.StyleHint.Monospace)
        self.evidence.setFont(mono)
        self.evidence.setMinimumHeight(140)
        self.evidence.setVisible(False)
        c.addWidget(self.evidence)

        self.answer_heading = _heading(self.tr("Your answer"))
        c.addWidget(self.answer_heading)
        self.form = AttestationForm()
        self.form.saved.connect(self.attestation_saved)
        self.form.save_failed.connect(self._save_failed)
        c.addWidget(self.form)
        self.backup_form = BackupChannelForm()
        self.backup_form.saved.connect(self.attestation_saved)
        self.backup_form.save_failed.connect(self._save_failed)
        c.addWidget(self.backup_form)

        c.addWidget(_heading(self.tr("Why it matters")))
        self.why = _para(self.tr("Why it matters"))
        c.addWidget(self.why)
        self.sections = _para(self.tr("Fact-sheet sections"))
        c.addWidget(self.sections)

        self.fix_heading = _heading("")
        c.addWidget(self.fix_heading)
        self.steps = _para(self.tr("Steps to fix it"))
        self.steps.setTextFormat(Qt.TextFormat.RichText)
        c.addWidget(self.steps)

        buttons = QHBoxLayout()
        self.settings_buttons: list[QPushButton] = []
        self.settings_row = buttons
        self.recheck = QPushButton(self.tr("Check &again"))
        self.recheck.setAccessibleName(self.tr("Check this item again"))
        self.recheck.clicked.connect(lambda: self.recheck_requested.emit(self.check_id))
        buttons.addStretch(1)
        # For a machine check a practitioner believes is wrong: a redacted report to send.
        self.wrong = QPushButton(self.tr("This result is &wrong…"))
        self.wrong.setAccessibleName(self.tr("Report that this result is wrong"))
        self.wrong.clicked.connect(lambda: self.problem_requested.emit(self.check_id))
        buttons.addWidget(self.wrong)
        buttons.addWidget(self.recheck)
        c.addLayout(buttons)
        self.clear()

    # -----------------------------------------------------------------------------------
    def clear(self) -> None:
        self.check_id = ""
        self.placeholder.setVisible(True)
        self.content.setVisible(False)

    def _open_form(self) -> AttestationForm | BackupChannelForm | None:
        if not self.check_id:
            return None
        if self.check_id == BACKUP_CHANNEL_ID:
            return self.backup_form
        return self.form if self.form.check_id == self.check_id else None

    def has_unsaved(self) -> bool:
        """The shown answer has edits not saved (and so not part of any signed checklist)."""
        form = self._open_form()
        return form is not None and form.is_dirty()

    def save_unsaved(self) -> bool:
        """Save the shown answer's edits; False when they cannot be saved (the form says why)."""
        form = self._open_form()
        if form is None or not form.is_dirty():
            return True
        form.save()
        return not form.is_dirty()

    def set_recheck_enabled(self, enabled: bool) -> None:
        self.recheck.setEnabled(enabled)

    def show_item(self, entry: Entry, result: CheckResult | None,
                  answer: Mapping[str, Any] | None, os_key: str | None = None) -> None:
        """Show one catalogue entry with its latest result (None when not checked yet)."""
        if os_key:
            self.os_key = os_key
        same_item = entry.id == self.check_id
        if not same_item:
            self.verticalScrollBar().setValue(0)  # a new item is read from its top
        self.check_id = entry.id
        self.placeholder.setVisible(False)
        self.content.setVisible(True)
        self.title.setText(entry.title)
        status = result_key(result) if result else PENDING
        self.status_icon.setPixmap(status_icon(status).pixmap(QSize(20, 20),
                                                               self.devicePixelRatioF()))
        self.status_icon.setAccessibleName(status_word(status))
        self.status_word.setText(status_word(status))
        attested = entry.kind == "attestation"
        # A question the computer can sometimes confirm (headphones in use): the result's own
        # kind says which it was this time, and the label must match what is signed.
        confirmed = attested and result is not None and not result.attested
        self.wrong.setVisible((not attested or confirmed) and result is not None)
        self.attested_note.setVisible(attested)
        self.attested_note.setText(self.tr(
            "The computer confirmed this just now; it is signed as checked by the computer. "
            "Your own answer is kept for the times it cannot tell.") if confirmed else self.tr(
            "You state this; the computer cannot check it. It is labelled “attested” in "
            "your signed checklist."))

        self.found.setText(result.summary if result else self.tr("Not checked yet."))
        self.evidence.setPlainText(format_evidence(result) if result else "")
        self.evidence_toggle.setEnabled(result is not None)

        is_backup = entry.id == BACKUP_CHANNEL_ID
        self.answer_heading.setVisible(attested)
        self.form.setVisible(attested and not is_backup)
        self.backup_form.setVisible(is_backup)
        if same_item and self.has_unsaved():
            pass  # a result arriving for this item must not wipe what is being typed
        elif is_backup:
            self.backup_form.load(answer)
        elif attested:
            question = entry.question or entry.title
            self.form.load(entry.id, question, answer)

        self.why.setText(entry.why)
        refs = result.references if result else self.catalogue.references(entry.id)
        self.sections.setText("\n".join(
            f"{r.framework} §{r.clause}: {r.title}" if r.framework.startswith("GPiA")
            else f"{r.framework}: {r.title}" for r in refs))

        steps = list(result.remediation) if result else []
        settings = [s for s in (result.settings if result else ()) if
                    system_settings.applicable(s)]
        os_name = os_display_name(self.os_key)
        if attested:
            self.fix_heading.setText(self.tr("What to do"))
        elif os_name:
            self.fix_heading.setText(self.tr("How to fix it on %1").replace("%1", os_name))
        else:
            self.fix_heading.setText(self.tr("How to fix it"))
        self.fix_heading.setVisible(bool(steps))
        self.steps.setVisible(bool(steps))
        self.steps.setText("<ol style='margin-left:-20px'>" + "".join(
            f"<li style='margin-bottom:4px'>{html.escape(s)}</li>" for s in steps) + "</ol>")
        self._set_settings_buttons(settings)

    def _set_settings_buttons(self, settings: Sequence[Mapping[str, Any]]) -> None:
        for b in self.settings_buttons:
            self.settings_row.removeWidget(b)
            b.deleteLater()
        self.settings_buttons = []
        for i, setting in enumerate(settings):
            button = QPushButton(str(setting.get("label", self.tr("Open settings"))))
            button.setAccessibleName(button.text())
            button.setProperty("setting", dict(setting))
            button.clicked.connect(lambda _=False, s=dict(setting): self.open_setting(s))
            self.settings_row.insertWidget(i, button)
            self.settings_buttons.append(button)

    def open_setting(self, setting: Mapping[str, Any]) -> None:
        if not system_settings.open_setting(setting):
            self.error.emit(
                self.tr("Could not open settings"),
                self.tr("The settings page could not be opened. Follow the steps above "
                        "instead."),
                repr(dict(setting)),
            )

    def _toggle_evidence(self, on: bool) -> None:
        self.evidence.setVisible(on)
        self.evidence_toggle.setArrowType(Qt.ArrowType.DownArrow if on
                                          else Qt.ArrowType.RightArrow)
        text = self.tr("Hide the evidence") if on else self.tr("Show the evidence")
        self.evidence_toggle.setText(text)
        self.evidence_toggle.setAccessibleName(text)

    def _save_failed(self, check_id: str, message: str) -> None:
        self.error.emit(self.tr("Your answer was not saved"),
                        self.tr("Readiness could not save your answer. Nothing was lost; "
                                "try again."), message)
