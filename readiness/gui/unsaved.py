"""Leaving an answer with unsaved edits asks first: Save, Discard or stay."""

from __future__ import annotations

from enum import StrEnum

from PySide6.QtWidgets import QMessageBox, QWidget


class Choice(StrEnum):
    SAVE = "save"
    DISCARD = "discard"
    STAY = "stay"


def ask(parent: QWidget, title: str) -> Choice:
    """Ask what to do with the unsaved answer to ``title`` (a modal question)."""
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Question)
    box.setWindowTitle(parent.tr("Unsaved answer"))
    box.setText(parent.tr("Your answer to “%1” is not saved yet.").replace("%1", title))
    box.setInformativeText(parent.tr("Only saved answers go into your signed checklist."))
    save = box.addButton(parent.tr("Save it"), QMessageBox.ButtonRole.AcceptRole)
    discard = box.addButton(parent.tr("Discard the change"),
                            QMessageBox.ButtonRole.DestructiveRole)
    stay = box.addButton(parent.tr("Go back to it"), QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(save)
    box.setEscapeButton(stay)
    box.exec()
    clicked = box.clickedButton()
    if clicked is save:
        return Choice.SAVE
    if clicked is discard:
        return Choice.DISCARD
    return Choice.STAY
