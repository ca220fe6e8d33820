"""First run: the wizard creates the key, shows the recovery code, asks for part of it back,
keeps privacy options off unless ticked, and records the backup channel. Skippable."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QWizard
from pytestqt.qtbot import QtBot

from readiness import profile
from readiness import settings as settings_mod
from readiness.gui.wizard import confirm_group
from readiness.settings import Settings
from readiness.signing import keys
from tests.gui.conftest import MakeWindow
from tests.keychain import PASSPHRASE, MemoryKeyring

if TYPE_CHECKING:
    from readiness.gui.main_window import MainWindow
    from readiness.gui.wizard import FirstRunWizard


def open_wizard(window: MainWindow) -> FirstRunWizard:
    window.open_wizard()
    return window.wizard


def test_first_run_with_a_passphrase(qtbot: QtBot, make_window: MakeWindow,
                                     handmade_replay: Path) -> None:
    window = make_window(handmade_replay, settings=Settings())
    wizard = open_wizard(window)
    about = wizard.about
    qtbot.keyClicks(about.name, "Alex Example")
    qtbot.keyClicks(about.registration, "BACP 000000")
    wizard.next()
    page = wizard.key_page
    assert wizard.currentPage() is page
    assert page.pass_box.isVisibleTo(page)  # no keychain here: a passphrase is needed
    qtbot.keyClicks(page.passphrase, PASSPHRASE)
    qtbot.keyClicks(page.passphrase2, "something else entirely")
    assert not page.create_key()
    assert "not the same" in page.state.text()
    page.passphrase2.clear()
    qtbot.keyClicks(page.passphrase2, PASSPHRASE)
    with qtbot.waitSignal(page.completeChanged, timeout=30_000):
        page.create_button.click()
    qtbot.waitUntil(lambda: page.key is not None, timeout=30_000)
    code = page.code.text()
    assert code and code == page.key.recovery_code
    # The key change counts as seen only once the code is on screen (not when made).
    from readiness.signing import keys

    assert keys.interrupted_notice() == ""
    # Cannot go on until part of the code is typed back.
    assert not wizard.button(QWizard.WizardButton.NextButton).isEnabled()
    n, group = confirm_group(code)
    assert f"group {n}" in page.confirm_label.text()
    qtbot.keyClicks(page.confirm, "WRONG")
    assert not page.isComplete()
    page.confirm.clear()
    qtbot.keyClicks(page.confirm, group.lower())
    assert not page.isComplete()  # and where the backup goes (test_key_recovery saves one)
    page.recovery.later.setChecked(True)
    assert page.isComplete()
    wizard.next()
    privacy = wizard.privacy
    assert not privacy.timestamps.isChecked() and not privacy.lifecycle.isChecked()
    wizard.next()
    backup = wizard.backup.form
    backup.channel.setCurrentIndex(backup.channel.findData("phone"))
    qtbot.keyClicks(backup.description, "my work mobile")
    backup.clients_told.setChecked(True)
    wizard.accept()

    assert keys.has_key()
    info = keys.key_info()
    assert info is not None and info.name == "Alex Example"
    assert info.registration == "BACP 000000"
    saved = settings_mod.load()
    assert saved.first_run_done
    assert not saved.trusted_timestamps and not saved.lifecycle_refresh
    assert window.settings == saved
    channel = profile.attestations()["backup_channel"]
    assert channel["channel"] == "phone" and channel["clients_told"] is True


def test_first_run_with_a_keychain(qtbot: QtBot, make_window: MakeWindow, handmade_replay: Path,
                                   memory_keyring: MemoryKeyring) -> None:
    window = make_window(handmade_replay, settings=Settings())
    wizard = open_wizard(window)
    wizard.next()
    page = wizard.key_page
    assert not page.pass_box.isVisibleTo(page)
    assert not page.create_key()  # a key carries a name
    assert "needs your name" in page.state.text()
    wizard.about.name.setText("Sam Example")
    page.create_button.click()
    qtbot.waitUntil(lambda: page.key is not None, timeout=30_000)
    assert page.key.protection == "keychain"
    assert "keychain" in page.state.text()
    assert memory_keyring.store


def test_skipping_the_wizard_is_remembered(qtbot: QtBot, make_window: MakeWindow,
                                           handmade_replay: Path) -> None:
    window = make_window(handmade_replay, settings=Settings())
    wizard = open_wizard(window)
    wizard.reject()
    assert settings_mod.load().first_run_done
    assert not keys.has_key()
    # Still reachable from the menu.
    assert window.wizard_action.isEnabled()
