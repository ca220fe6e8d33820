"""The Verify screen's part about people: who is trusted, adding a key card (compared first),
renaming and removing. Any change checks the files shown again, so their banners follow."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QFileDialog, QHBoxLayout, QLabel, QPushButton, QWidget

from readiness.gui import signing_adapter
from readiness.gui.key_card_dialog import KeyCardDialog
from readiness.gui.trusted_signers_dialog import TrustedSignersDialog
from readiness.visible import visible

log = logging.getLogger(__name__)


def _offers() -> Any:
    try:
        from readiness.signing import key_offer
    except ImportError as exc:
        raise signing_adapter.SigningUnavailable(str(exc)) from exc
    return key_offer


class VerifyKeys(QWidget):
    """Base of VerifyPage: it provides ``error`` (a Signal) and ``recheck()``."""

    error: Any

    def recheck(self) -> bool:
        raise NotImplementedError

    def build_keys_row(self) -> QHBoxLayout:
        self.trusted_names: list[str] = []
        self.key_dialog: KeyCardDialog | None = None
        self.signers_dialog: TrustedSignersDialog | None = None
        row = QHBoxLayout()
        self.signers = QLabel()
        self.signers.setWordWrap(True)
        self.signers.setAccessibleName(self.tr("People you trust"))
        self.add_button = QPushButton(self.tr("&Add a key card…"))
        self.add_button.setAccessibleName(self.tr("Add a person you trust from their key card"))
        self.add_button.clicked.connect(self.choose_key_card)
        self.manage_button = QPushButton(self.tr("&Manage people…"))
        self.manage_button.setAccessibleName(self.tr("Rename or remove people you trust"))
        self.manage_button.clicked.connect(self.open_signers_dialog)
        row.addWidget(self.signers, 1)
        row.addWidget(self.add_button)
        row.addWidget(self.manage_button)
        return row

    def refresh_signers(self) -> None:
        try:
            from readiness.signing import signers as mod

            # As verification trusts them (the organisation's key cards too, if any).
            people = [lineage[-1].name for lineage in mod.lineages(mod.load_trust())]
        except ImportError:
            self.signers.setText(self.tr("Checking checklists is not available in this build."))
            return
        except Exception as exc:
            log.exception("signers unreadable")
            self.signers.setText(self.tr("The list of people you trust could not be read: %1")
                                 .replace("%1", str(exc)))
            return
        self.trusted_names = people
        self.signers.setText(
            self.tr("People you trust: %1").replace("%1", ", ".join(visible(n) for n in people))
            if people else
            self.tr("You trust nobody yet: add the key card a practitioner gave you."))

    # -- adding ----------------------------------------------------------------------------
    def choose_key_card(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, self.tr("Choose a key card"), "",
            self.tr("Key cards and key files (*.pdf *.pub *.pem *.json *allowed_signers);;"
                    "All files (*)"))
        if path:
            self.add_key_card(Path(path))

    def add_key_card(self, path: Path) -> KeyCardDialog | None:
        """Show what ``path`` offers and ask for the comparison; adds only on confirmation."""
        try:
            offer = _offers().read_offer(path)
        except signing_adapter.user_errors() as exc:
            self.error.emit(self.tr("Nobody was added"), str(exc), repr(exc))
            return None
        except Exception as exc:
            log.exception("key card unreadable")
            self.error.emit(self.tr("Nobody was added"),
                            self.tr("That file could not be read as a key card."),
                            f"{type(exc).__name__}: {exc}")
            return None
        dialog = KeyCardDialog(offer, self)
        dialog.accepted.connect(lambda: self._trust(dialog))
        self.key_dialog = dialog
        dialog.open()
        return dialog

    def _trust(self, dialog: KeyCardDialog) -> bool:
        offer = dialog.offer
        try:
            _offers().trust_offer(offer, dialog.chosen_name(), rename=bool(offer.known_as))
        except signing_adapter.user_errors() as exc:
            self.error.emit(self.tr("Nobody was added"), str(exc), repr(exc))
            return False
        self.trust_changed()
        return True

    def add_signer(self, path: Path, name: str) -> bool:
        """Add without asking (scripts and tests); the screen goes through add_key_card."""
        try:
            offer = _offers().read_offer(path)
            _offers().trust_offer(offer, name or offer.name)
        except signing_adapter.user_errors() as exc:
            self.error.emit(self.tr("Nobody was added"), str(exc), repr(exc))
            return False
        except Exception as exc:
            log.exception("add signer failed")
            self.error.emit(self.tr("Nobody was added"),
                            self.tr("That file could not be read as a key card."),
                            f"{type(exc).__name__}: {exc}")
            return False
        self.trust_changed()
        return True

    # -- managing --------------------------------------------------------------------------
    def open_signers_dialog(self) -> TrustedSignersDialog:
        dialog = TrustedSignersDialog(self)
        dialog.changed.connect(self.trust_changed)
        dialog.error.connect(self.error)
        dialog.add_requested.connect(self.choose_key_card)
        self.signers_dialog = dialog
        dialog.open()
        return dialog

    def trust_changed(self) -> None:
        self.refresh_signers()
        if self.signers_dialog is not None and self.signers_dialog.isVisible():
            self.signers_dialog.refresh()
        self.recheck()
