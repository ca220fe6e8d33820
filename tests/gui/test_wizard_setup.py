"""The set-up wizard validates what it asks with the command line's validator, starts "last
tried" empty, and offers a supervisor set-up (issue 12, item 7)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QWizard
from pytestqt.qtbot import QtBot

from readiness import profile
from readiness import settings as settings_mod
from readiness.gui.main_window import TAB_VERIFY
from readiness.settings import Settings
from readiness.signing import keys
from tests.gui.conftest import MakeWindow


def test_supervisor_set_up_makes_no_key_and_opens_on_verify(
        qtbot: QtBot, make_window: MakeWindow, handmade_replay: Path) -> None:
    window = make_window(handmade_replay, settings=Settings())
    window.open_wizard()
    wizard = window.wizard
    wizard.about.verify_only.click()
    assert not wizard.about.name.isEnabled()
    assert wizard.about.nextId() == -1
    assert wizard.button(QWizard.WizardButton.FinishButton).isVisible() or \
        wizard.about.isFinalPage()
    with qtbot.waitSignal(wizard.finished_settings, timeout=5_000):
        wizard.accept()
    saved = settings_mod.load()
    assert saved.verify_only and saved.reminder_days == 0 and saved.first_run_done
    assert window.tabs.currentIndex() == TAB_VERIFY
    assert not window.check_reminder(notify=False)
    assert not keys.has_key()
    assert "backup_channel" not in profile.attestations()


def test_backup_page_refuses_contact_details_on_the_page(
        qtbot: QtBot, make_window: MakeWindow, handmade_replay: Path) -> None:
    window = make_window(handmade_replay, settings=Settings())
    window.open_wizard()
    page = window.wizard.backup
    form = page.form
    assert not form.tried.isChecked(), "'last tried' starts empty"
    form.description.setText("ring 07700 900123")
    assert not page.validatePage()
    assert "phone number" in page.problem.text() and page.problem.text()[0].isupper()
    form.description.setText("my work mobile")
    assert page.validatePage() and page.problem.text() == ""
    page.record.setChecked(False)
    form.description.setText("me@example.org")
    assert page.validatePage(), "nothing is recorded, so nothing to refuse"
