"""Adding a key card: show what trust will rest on, and ask that it was compared.

Trust in a practitioner's checklists rests on one thing: that the key added is theirs. So the
dialog shows the card's name, registration and short fingerprint in large type, the long one
beneath, and the Add button stays off until the supervisor says they compared the fingerprint
with the practitioner. Cancel adds nothing. The key added is the one shown (``key_offer``).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from readiness.visible import visible


def _plain(text: str) -> QLabel:
    label = QLabel(text)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(True)
    return label


class KeyCardDialog(QDialog):
    def __init__(self, offer: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.offer = offer
        handover = offer.kind == "handover"
        self.setWindowTitle(self.tr("Add a key hand-over") if handover
                            else self.tr("Add a key card"))
        self.setAccessibleName(self.windowTitle())
        self.setMinimumWidth(520)
        lay = QVBoxLayout(self)
        lay.setSpacing(10)
        lay.addWidget(_plain(self._intro()))
        form = QFormLayout()
        self.file_name = _plain(visible(offer.file_name))
        self.file_name.setAccessibleName(self.tr("File"))
        form.addRow(self.tr("File:"), self.file_name)
        self.name = QLineEdit(visible(offer.name))
        self.name.setAccessibleName(self.tr("Name to show for this person"))
        self.name.setMaxLength(200)
        self.name.setReadOnly(handover)  # a hand-over keeps the name of the key it follows
        form.addRow(self.tr("&Name:"), self.name)
        self.registration = _plain(visible(offer.registration) or self.tr("Not on the card")
                                   if offer.kind == "card" else self.tr("Not shown in this "
                                                                        "kind of file"))
        self.registration.setAccessibleName(self.tr("Registration"))
        form.addRow(self.tr("Registration:"), self.registration)
        lay.addLayout(form)
        lay.addWidget(_plain(self.tr("Fingerprint to compare:")))
        self.short = QLabel(offer.short_fingerprint)
        mono = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
        mono.setPointSizeF(max(mono.pointSizeF(), 10) * 1.8)
        mono.setWeight(QFont.Weight.Bold)
        self.short.setFont(mono)
        self.short.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.short.setAccessibleName(self.tr("Fingerprint to compare"))
        lay.addWidget(self.short)
        self.long = _plain(self.tr("Long form: %1").replace("%1", offer.fingerprint))
        self.long.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.long.setAccessibleName(self.tr("Long fingerprint"))
        lay.addWidget(self.long)
        self.note = _plain(self._note())
        self.note.setAccessibleName(self.tr("Note"))
        self.note.setVisible(bool(self.note.text()))
        lay.addWidget(self.note)
        self.twin = _plain("")
        self.twin.setAccessibleName(self.tr("Warning about the name"))
        self.twin.setStyleSheet("font-weight: bold")
        lay.addWidget(self.twin)
        self.compared = QCheckBox(self.tr("I have &compared this fingerprint with the "
                                          "practitioner, in person or on a call"))
        self.compared.setAccessibleName(self.tr("I have compared the fingerprint"))
        lay.addWidget(self.compared)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.add_button = self.buttons.addButton(self.tr("&Add"),
                                                 QDialogButtonBox.ButtonRole.AcceptRole)
        self.add_button.setAccessibleName(self.tr("Add this person"))
        cancel = self.buttons.button(QDialogButtonBox.StandardButton.Cancel)
        cancel.setAccessibleName(self.tr("Cancel: add nobody"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        lay.addWidget(self.buttons)
        self.compared.toggled.connect(self._update)
        self.name.textChanged.connect(self._update)
        self._update()

    def _intro(self) -> str:
        if self.offer.kind == "handover":
            return self.tr("%1, whom you trust, has moved to a new key. Ask them to read the "
                           "fingerprint of their new key from their Settings and compare it "
                           "with the one below.").replace("%1", visible(self.offer.name))
        return self.tr("Checklists signed with this key will be shown as this person's. Ask "
                       "them to read the fingerprint aloud from their own Settings (or compare "
                       "it with the card they gave you in person), group by group.")

    def _note(self) -> str:
        notes = []
        if self.offer.older_card:
            notes.append(self.tr("This card was made by an earlier version of Readiness and "
                                 "shows only the long fingerprint: compare that one, or the "
                                 "short one from their Settings."))
        if self.offer.known_as:
            notes.append(self.tr("This key is already on your list as %1; adding it again "
                                 "shows it under the name above.").replace(
                                     "%1", visible(self.offer.known_as)))
        return " ".join(notes)

    def _update(self) -> None:
        self.add_button.setEnabled(self.compared.isChecked() and bool(self.name.text().strip()))
        twin = "" if self.offer.kind == "handover" else self.offer.named_like_another(
            self.name.text())
        self.twin.setText(self.tr(
            "You already trust someone called %1, with a different key. If %1 has a new key, "
            "ask them for a hand-over from their old one instead. A second key under the same "
            "name could be someone else's: add it only if %1 read you this fingerprint "
            "themselves.").replace("%1", visible(twin)) if twin else "")
        self.twin.setVisible(bool(twin))

    def chosen_name(self) -> str:
        return " ".join(self.name.text().split())
