"""The GUI forms refuse what ``readiness attest`` refuses: both use readiness.answers."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QDate
from pytestqt.qtbot import QtBot

from readiness import profile
from readiness.cli.main import main
from readiness.gui.attestation_form import AttestationForm, BackupChannelForm

BAD_DESCRIPTIONS = ["call 07700 900123", "me@example.org", "   "]


@pytest.mark.parametrize("description", BAD_DESCRIPTIONS)
def test_the_backup_form_and_the_cli_refuse_the_same_description(
        qtbot: QtBot, capsys: pytest.CaptureFixture[str], description: str) -> None:
    assert main(["attest", "backup_channel", "--channel", "phone", "--description", description,
                 "--clients-told", "yes", "--last-tried", "2026-01-01"]) == 2
    cli_message = capsys.readouterr().err.strip()

    form = BackupChannelForm()
    qtbot.addWidget(form)
    form.load(None)
    form.description.setText(description)
    form.tried.setChecked(True)
    form.last_tried.setDate(QDate(2026, 1, 1))
    form.save_button.click()
    assert "backup_channel" not in profile.attestations()
    # The same message; the app shows it as a sentence.
    shown = form.hint.text()
    assert shown[0].isupper() and shown.endswith(".")
    assert shown.rstrip(".").lower() in cli_message.lower()


def test_the_practice_form_refuses_contact_details_in_its_reason(qtbot: QtBot) -> None:
    form = AttestationForm()
    qtbot.addWidget(form)
    form.load("headphones", "Do you use headphones?", None)
    form.na.setChecked(True)
    assert not form.save_button.isEnabled()  # no reason yet
    form.reason.setText("ring me on 07700 900123")
    assert not form.save_button.isEnabled() and "phone number" in form.hint.text()
    form.reason.setText("I work alone in a soundproofed room")
    assert form.save_button.isEnabled()
    form.save_button.click()
    assert profile.attestations()["headphones"]["reason"] == "I work alone in a soundproofed room"
