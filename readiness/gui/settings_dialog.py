"""Settings: name, registration, where checklists are saved, privacy options, the reminder,
the key card, and the first-run setup again. What the organisation manages (readiness.policy)
is shown locked, "Set by your organisation", and is never saved as the practitioner's own."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices, QFontDatabase
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from readiness import policy as policy_mod
from readiness.gui import managed_settings, signing_adapter, typescale
from readiness.gui.key_backup_section import KeyBackupSection
from readiness.gui.verify_text import short_fp
from readiness.settings import Settings, apply_policy, default_output_folder


class SettingsDialog(QDialog):
    accepted_settings = Signal(object)  # Settings
    wizard_requested = Signal()

    def __init__(self, settings: Settings, parent: QWidget | None = None, *,
                 policy: policy_mod.PolicyReport | None = None) -> None:
        super().__init__(parent)
        self.policy = policy if policy is not None else policy_mod.current()
        self.settings = apply_policy(settings, self.policy.policy)
        settings = self.settings
        self.setWindowTitle(self.tr("Settings"))
        self.setAccessibleName(self.tr("Settings"))
        self.setMinimumWidth(520)
        lay = QVBoxLayout(self)
        form = QFormLayout()
        form.addRow(self._heading(self.tr("You and your key")))
        # Shown, not edited: the signing key owns the name, so what is here is what is signed.
        self.name = QLabel()
        self.name.setAccessibleName(self.tr("Your name"))
        self.registration = QLabel()
        self.registration.setAccessibleName(self.tr("Professional registration"))
        self.identity_note = QLabel()
        self.identity_note.setWordWrap(True)
        self.identity_note.setAccessibleName(self.tr("About your name"))
        form.addRow(self.tr("Your name:"), self.name)
        form.addRow(self.tr("Registration:"), self.registration)
        # The short fingerprint, as on the key card and the supervisor's screen: read aloud.
        self.fingerprint = QLabel()
        self.fingerprint.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.fingerprint.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.fingerprint.setAccessibleName(self.tr("Your key's fingerprint"))
        self.fingerprint.setToolTip(self.tr("Your supervisor compares this with you when they "
                                            "add your key card."))
        form.addRow(self.tr("Key fingerprint:"), self.fingerprint)
        form.addRow("", self.identity_note)
        # Where the key's backup is and when it was made; restoring or replacing the key.
        self.key_backup = KeyBackupSection(self)
        self.key_backup.key_changed.connect(self._show_identity)
        form.addRow(self.key_backup)
        self._show_identity()
        form.addRow(self._heading(self.tr("Your checklists")))
        row = QHBoxLayout()
        self.folder = QLineEdit(settings.output_folder or str(default_output_folder()))
        self.folder.setAccessibleName(self.tr("Folder for signed checklists"))
        choose = QPushButton(self.tr("C&hoose…"))
        choose.setAccessibleName(self.tr("Choose the folder for signed checklists"))
        choose.clicked.connect(self._choose)
        row.addWidget(self.folder, 1)
        row.addWidget(choose)
        folder_label = QLabel(self.tr("Save checklists &to:"))
        folder_label.setBuddy(self.folder)
        form.addRow(folder_label, row)
        if settings.is_managed("output_folder"):
            managed_settings.lock_inline(row, self.folder, choose)
        self.timestamps = QCheckBox(self.tr("Add trusted timestamps (sends only a hash)"))
        self.timestamps.setChecked(settings.trusted_timestamps)
        self.timestamps.setAccessibleName(self.tr("Trusted timestamps"))
        self.lifecycle = QCheckBox(self.tr("Download up-to-date end-of-support dates"))
        self.lifecycle.setChecked(settings.lifecycle_refresh)
        self.lifecycle.setAccessibleName(self.tr("Refresh end-of-support dates"))
        form.addRow(self.tr("Privacy:"), self.timestamps)
        if settings.is_managed("trusted_timestamps"):
            managed_settings.lock(form, self.timestamps)
        form.addRow("", self.lifecycle)
        if settings.is_managed("lifecycle_refresh"):
            managed_settings.lock(form, self.lifecycle)
        self.reminder = QSpinBox()
        self.reminder.setRange(0, 365)
        self.reminder.setSuffix(self.tr(" days"))
        self.reminder.setSpecialValueText(self.tr("never"))
        self.reminder.setValue(settings.reminder_days)
        self.reminder.setAccessibleName(self.tr("Self-audit reminder interval in days"))
        if settings.is_managed("reminder_days"):
            reminder_row = QHBoxLayout()
            reminder_row.addWidget(self.reminder, 1)
            managed_settings.lock_inline(reminder_row, self.reminder)
            form.addRow(self.tr("Self-audit reminder every:"), reminder_row)
        else:
            form.addRow(self.tr("Self-audit &reminder every:"), self.reminder)
        from readiness.gui.connection_setting import ConnectionSetting

        self.connection = ConnectionSetting(
            settings.connection_check, settings.video_platform,
            platform_managed=settings.is_managed("video_platform"))
        form.addRow(self.tr("Connection:"), self.connection)
        lay.addLayout(form)
        self.managed: managed_settings.ManagedSection | None = None
        if self.policy.policy or self.policy.problems:
            self.managed = managed_settings.ManagedSection(self.policy, self)
            lay.addWidget(self.managed)
        tools = QHBoxLayout()
        card = QPushButton(self.tr("Export my &key card…"))
        card.setAccessibleName(self.tr("Export my key card for my supervisor"))
        card.clicked.connect(self._export_card)
        wizard = QPushButton(self.tr("Run first-run set&up again"))
        wizard.setAccessibleName(self.tr("Run first-run setup again"))
        wizard.clicked.connect(self._wizard)
        tools.addWidget(card)
        tools.addWidget(wizard)
        tools.addStretch(1)
        lay.addLayout(tools)
        self.note = QLabel()
        self.note.setWordWrap(True)
        self.note.setAccessibleName(self.tr("Note"))
        lay.addWidget(self.note)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        for b in buttons.buttons():
            b.setAccessibleName(b.text().replace("&", ""))
        lay.addWidget(buttons)
        if self.managed is not None:
            # Taller than Qt's first guess (two thirds of a small screen) would allow: without
            # this the key backup rows are squeezed under the managed settings.
            self.setMinimumHeight(lay.totalSizeHint().height())
            self.folder.setCursorPosition(0)


    @staticmethod
    def _heading(text: str) -> QLabel:
        heading = typescale.apply(QLabel(text), typescale.HEADING)
        heading.setContentsMargins(0, typescale.ROW_GAP, 0, 0)  # sections apart
        heading.setAccessibleName(text)
        return heading
    def _show_identity(self) -> None:
        try:
            info = signing_adapter.key_info()
        except Exception as exc:  # a damaged key file or no signing in this build: say so
            info = None
            self.identity_note.setText(self.tr("Your signing key could not be read: ")
                                       + str(exc))
        else:
            self.identity_note.setText(
                self.tr("Printed on every signed checklist exactly as shown: they are part of "
                        "your signing key. They change only with a new key: Replace my key, "
                        "below.") if info else
                self.tr("Set when you create your signing key (first-run setup)."))
        self.name.setText(info.name if info else self.tr("(no signing key yet)"))
        self.registration.setText(info.registration if info else "")
        self.fingerprint.setText(short_fp(info.fingerprint_ssh) if info else
                                 self.tr("(no signing key yet)"))

    def collected(self) -> Settings:
        """The settings as changed here, the organisation's still in force; a managed
        setting keeps the practitioner's own saved value."""
        shown = {"output_folder": self.folder.text().strip(),
                 "trusted_timestamps": self.timestamps.isChecked(),
                 "lifecycle_refresh": self.lifecycle.isChecked(),
                 "reminder_days": self.reminder.value(),
                 "connection_check": self.connection.enabled.isChecked()
                 and self.connection.valid(),
                 "video_platform": self.connection.platform_value()}
        return self.settings.with_changes(
            **{k: v for k, v in shown.items() if not self.settings.is_managed(k)})

    def accept(self) -> None:
        self.accepted_settings.emit(self.collected())
        super().accept()

    def _choose(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, self.tr("Save checklists to…"),
                                                  self.folder.text())
        if folder:
            self.folder.setText(folder)

    def _wizard(self) -> None:
        self.reject()
        self.wizard_requested.emit()

    def _export_card(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, self.tr("Save the key card to…"))
        if folder:
            self.export_card(Path(folder))

    def export_card(self, folder: Path) -> list[Path]:
        try:
            paths = signing_adapter.export_card(folder)
        except Exception as exc:
            self.note.setText(self.tr("The key card was not exported: ") + str(exc))
            return []
        self.note.setText(self.tr("Saved the key card to %1. Give it to your supervisor "
                                  "once.").replace("%1", folder.as_posix()))
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))
        return paths
