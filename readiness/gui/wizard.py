"""First run: who you are, your signing key and its recovery code, privacy choices, and your
backup contact channel. Skippable; reachable again from File → First-run setup."""

from __future__ import annotations

import logging
from typing import Any

from PySide6.QtCore import QSize, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QFormLayout,
    QFrame,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from readiness.gui import signing_adapter, typescale
from readiness.gui.attestation_form import BackupChannelForm
from readiness.gui.icons import app_icon
from readiness.gui.key_backup_page import RecoveryPanel, app_sentence, confirm_group
from readiness.gui.verify_text import short_fp
from readiness.gui.worker import BackgroundCall
from readiness.settings import Settings

log = logging.getLogger(__name__)
__all__ = ["AboutYouPage", "BackupPage", "FirstRunWizard", "KeyPage", "PrivacyPage",
           "confirm_group"]

MIN_PASSPHRASE = 10


def _label(text: str) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setAccessibleName(text)
    return label


class AboutYouPage(QWizardPage):
    def __init__(self, settings: Settings) -> None:
        super().__init__()
        self.setTitle(self.tr("Welcome to Readiness"))
        self.setSubTitle(self.tr("Readiness checks this computer before online sessions and "
                                 "keeps a signed checklist you can show your supervisor."))
        form = QFormLayout(self)
        # The name and registration go into the signing key, their one home (not settings).
        self.name = QLineEdit()
        self.name.setAccessibleName(self.tr("Your name"))
        self.registration = QLineEdit()
        self.registration.setAccessibleName(self.tr("Professional registration"))
        self.registration.setPlaceholderText(self.tr("e.g. BACP membership number (optional)"))
        form.addRow(self.tr("Your &name:"), self.name)
        form.addRow(self.tr("&Registration:"), self.registration)
        form.addRow(_label(self.tr("They stay on this computer and are printed on your signed "
                                   "checklists. Your name is needed for a signing key; the "
                                   "registration is optional.")))
        self.verify_only = QCheckBox(self.tr("I only &verify other people's checklists (I am a "
                                             "supervisor or clinical lead)"))
        self.verify_only.setChecked(settings.verify_only)
        self.verify_only.setAccessibleName(self.tr("I only verify other people's checklists"))
        form.addRow(self.verify_only)
        form.addRow(_label(self.tr("Then no signing key is made and no reminders are shown: "
                                   "Readiness opens on Verify, where you add each "
                                   "practitioner's key card.")))
        self.verify_only.toggled.connect(self._toggled)
        self._toggled(self.verify_only.isChecked())

    def _toggled(self, on: bool) -> None:
        self.name.setEnabled(not on)
        self.registration.setEnabled(not on)
        self.setFinalPage(on)
        self.completeChanged.emit()

    def nextId(self) -> int:
        # A supervisor set-up ends here: the key, privacy and backup pages are a
        # practitioner's.
        return -1 if self.verify_only.isChecked() else super().nextId()


class KeyPage(QWizardPage):
    def __init__(self, wizard: FirstRunWizard) -> None:
        super().__init__()
        self._wizard = wizard
        self.key: Any = None
        self._task: BackgroundCall | None = None
        self.setTitle(self.tr("Your signing key"))
        self.setSubTitle(self.tr("Your key signs each checklist so anyone can check it is "
                                 "yours and unchanged. It never leaves this computer."))
        # The recovery part is tall: in a scroll area it stays readable in a small wizard.
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        inner = QWidget()
        scroll.setWidget(inner)
        outer.addWidget(scroll)
        lay = QVBoxLayout(inner)
        self.state = _label("")
        lay.addWidget(self.state)
        self.pass_box = QWidget()
        pf = QFormLayout(self.pass_box)
        pf.setContentsMargins(0, 0, 0, 0)
        self.passphrase = QLineEdit()
        self.passphrase.setEchoMode(QLineEdit.EchoMode.Password)
        self.passphrase.setAccessibleName(self.tr("New passphrase"))
        self.passphrase2 = QLineEdit()
        self.passphrase2.setEchoMode(QLineEdit.EchoMode.Password)
        self.passphrase2.setAccessibleName(self.tr("Repeat the passphrase"))
        pf.addRow(_label(self.tr("This computer has no keychain, so your key is protected by a "
                                 "passphrase instead (a little weaker). Choose one of at least "
                                 "%1 characters.").replace("%1", str(MIN_PASSPHRASE))))
        pf.addRow(self.tr("&Passphrase:"), self.passphrase)
        pf.addRow(self.tr("Repea&t:"), self.passphrase2)
        lay.addWidget(self.pass_box)
        self.create_button = QPushButton(self.tr("&Create my signing key"))
        self.create_button.setAccessibleName(self.tr("Create my signing key"))
        self.create_button.clicked.connect(self.create_key)
        lay.addWidget(self.create_button)
        self.progress = QProgressBar()
        self.progress.setRange(0, 0)
        self.progress.setAccessibleName(self.tr("Creating the key"))
        self.progress.setVisible(False)
        lay.addWidget(self.progress)
        # The code, its copy and print, and the backup saved away from this computer.
        self.recovery = RecoveryPanel()
        self.recovery.changed.connect(self.completeChanged)
        self.recovery.setVisible(False)
        lay.addWidget(self.recovery)
        self.code, self.confirm = self.recovery.code, self.recovery.confirm
        self.confirm_label = self.recovery.confirm_label
        lay.addStretch(1)

    def initializePage(self) -> None:
        try:
            has = signing_adapter.has_key()
            needs = signing_adapter.needs_passphrase()
        except Exception as exc:
            self.state.setText(self.tr("Signing is not available: ") + str(exc))
            self.create_button.setEnabled(False)
            self.pass_box.setVisible(False)
            return
        if has and self.key is None:
            info = signing_adapter.key_info()
            self.state.setText(self.tr("You already have a signing key (fingerprint %1). "
                                       "Settings shows where its backup is.")
                               .replace("%1", short_fp(str(getattr(info, "fingerprint_ssh", "")))))
            self.create_button.setVisible(False)
            self.pass_box.setVisible(False)
            return
        if self.key is None:
            self.state.setText(self.tr("Create your key now, or skip this and do it later from "
                                       "File → First-run setup."))
            self.pass_box.setVisible(needs)

    def create_key(self) -> bool:
        if self._task is not None and self._task.running:
            return False
        name = self._wizard.about.name.text().strip()
        reg = self._wizard.about.registration.text().strip()
        if not name:
            self.state.setText(self.tr("Your key needs your name: it is printed on every signed "
                                       "checklist. Go back and enter it first."))
            return False
        passphrase: str | None = None
        if self.pass_box.isVisible():
            if len(self.passphrase.text()) < MIN_PASSPHRASE:
                self.state.setText(self.tr("The passphrase needs at least %1 characters.")
                                   .replace("%1", str(MIN_PASSPHRASE)))
                return False
            if self.passphrase.text() != self.passphrase2.text():
                self.state.setText(self.tr("The two passphrases are not the same."))
                return False
            passphrase = self.passphrase.text()
        self.create_button.setEnabled(False)
        self.progress.setVisible(True)
        self.state.setText(self.tr("Creating your key…"))
        task = BackgroundCall(lambda: signing_adapter.init_key(name, reg, passphrase), self)
        task.done.connect(self._created)
        task.error.connect(self._failed)
        self._task = task
        task.start()
        return True

    def _created(self, key: Any) -> None:
        self.key = key
        self.progress.setVisible(False)
        self.pass_box.setVisible(False)
        self.create_button.setVisible(False)
        self.passphrase.clear()
        self.passphrase2.clear()
        weaker = getattr(key, "protection", "") == "passphrase"
        self.state.setText(
            self.tr("Your key is ready (fingerprint %1).")
            .replace("%1", short_fp(key.fingerprint_ssh))
            + (" " + self.tr("It is protected by your passphrase.") if weaker else
               " " + self.tr("It is protected by this computer's keychain.")))
        self.recovery.show_key(key)
        self.recovery.setVisible(True)
        self.recovery.confirm.setFocus()
        self.completeChanged.emit()
        self._code_on_screen()

    def _code_on_screen(self) -> None:
        try:
            signing_adapter.recovery_code_shown()
        except Exception:  # the key is made; a leftover note is the worst outcome
            log.exception("could not record that the recovery code was shown")

    def _failed(self, exc: BaseException) -> None:
        self.progress.setVisible(False)
        self.create_button.setEnabled(True)
        self.state.setText(self.tr("The key was not created: ") + app_sentence(exc))

    def isComplete(self) -> bool:
        if self.key is None:
            return True  # skipping is allowed; signing will ask for a key later
        return self.recovery.is_done()

    def wait(self) -> None:
        if self._task is not None:
            self._task.wait()
        self.recovery.wait()


class PrivacyPage(QWizardPage):
    def __init__(self, settings: Settings) -> None:
        super().__init__()
        self.setTitle(self.tr("Privacy"))
        self.setSubTitle(self.tr("Nothing leaves this computer unless you turn it on here."))
        lay = QVBoxLayout(self)
        self.timestamps = QCheckBox(self.tr("Add &trusted timestamps to my checklists"))
        self.timestamps.setChecked(settings.trusted_timestamps)
        self.timestamps.setAccessibleName(self.tr("Trusted timestamps"))
        lay.addWidget(self.timestamps)
        lay.addWidget(_label(self.tr("A public timestamp service confirms when you signed; only "
                                     "a fingerprint (hash) of the signature is sent, never the "
                                     "checklist.")))
        self.lifecycle = QCheckBox(self.tr("Keep &end-of-support dates up to date"))
        self.lifecycle.setChecked(settings.lifecycle_refresh)
        self.lifecycle.setAccessibleName(self.tr("Refresh end-of-support dates"))
        lay.addWidget(self.lifecycle)
        lay.addWidget(_label(self.tr("Readiness downloads the public list of when each operating "
                                     "system stops getting updates; nothing about you is "
                                     "sent.")))
        lay.addStretch(1)


class BackupPage(QWizardPage):
    def __init__(self) -> None:
        super().__init__()
        self.setTitle(self.tr("Your backup contact channel"))
        self.setSubTitle(self.tr("How clients can reach you if the session platform fails "
                                 "(GPiA 047 §3). Describe it without numbers or addresses."))
        lay = QVBoxLayout(self)
        self.record = QCheckBox(self.tr("&Record this now"))
        self.record.setChecked(True)
        self.record.setAccessibleName(self.tr("Record the backup channel now"))
        lay.addWidget(self.record)
        self.form = BackupChannelForm()
        self.form.save_button.setVisible(False)  # saved when the wizard finishes
        self.form.load(None)
        self.record.toggled.connect(self._record_toggled)
        lay.addWidget(self.form)
        self.problem = QLabel()
        self.problem.setWordWrap(True)
        self.problem.setObjectName("problem")
        self.problem.setAccessibleName(self.tr("What to change"))
        lay.addWidget(self.problem)
        lay.addStretch(1)

    def validatePage(self) -> bool:
        """Refused on the page, with the reason, by the validator the command line uses."""
        problem = self.form.problem() if self.record.isChecked() else ""
        self.problem.setText(problem)
        if problem:
            self.form.hint.clear()  # said once, here, not also in the form's own line
        return not problem

    def _record_toggled(self, on: bool) -> None:
        self.form.setEnabled(on)
        if not on:  # nothing is recorded: nothing to correct
            self.problem.clear()
            self.form.hint.clear()


class FirstRunWizard(QWizard):
    finished_settings = Signal(object)  # Settings

    def __init__(self, settings: Settings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.settings = settings
        self.setWindowTitle(self.tr("Set up Readiness"))
        self.setAccessibleName(self.tr("Set up Readiness"))
        self.setWizardStyle(QWizard.WizardStyle.ModernStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnStartPage, True)
        self.setButtonText(QWizard.WizardButton.CancelButton, self.tr("Skip setup"))
        self.setButtonText(QWizard.WizardButton.FinishButton, self.tr("Finish"))
        self.about = AboutYouPage(settings)
        self.key_page = KeyPage(self)
        self.privacy = PrivacyPage(settings)
        self.backup = BackupPage()
        for page in (self.about, self.key_page, self.privacy, self.backup):
            self.addPage(page)
        for which in (QWizard.WizardButton.NextButton, QWizard.WizardButton.BackButton,
                      QWizard.WizardButton.FinishButton, QWizard.WizardButton.CancelButton):
            b = self.button(which)
            b.setAccessibleName(b.text().replace("&", "").replace(" >", "").replace("< ", ""))
        # The app's icon in the header (drawn for the screen's pixel ratio), titles in the
        # app's type scale: Qt draws them at body size otherwise.
        self.setPixmap(QWizard.WizardPixmap.LogoPixmap, app_icon().pixmap(
            QSize(40, 40), self.devicePixelRatioF()))
        self.currentIdChanged.connect(lambda _id: self._style_title())
        self.resize(640, 540)

    def _style_title(self) -> None:
        page = self.currentPage()
        for label in self.findChildren(QLabel):
            if page is not None and label.text() == page.title() and label.parent() is not page:
                typescale.apply(label, typescale.TITLE)

    def collected(self) -> Settings:
        if self.about.verify_only.isChecked():
            return self.settings.with_changes(verify_only=True, reminder_days=0,
                                              first_run_done=True)
        return self.settings.with_changes(
            trusted_timestamps=self.privacy.timestamps.isChecked(),
            lifecycle_refresh=self.privacy.lifecycle.isChecked(),
            first_run_done=True,
            verify_only=False,
        )

    def accept(self) -> None:
        self.key_page.wait()
        if self.backup.record.isChecked() and not self.about.verify_only.isChecked():
            self.backup.form.save()
        self.finished_settings.emit(self.collected())
        super().accept()

    def reject(self) -> None:
        # Skipping still counts as "seen": it will not pop up again, and stays in the menu.
        self.key_page.wait()
        self.finished_settings.emit(self.settings.with_changes(first_run_done=True))
        super().reject()
