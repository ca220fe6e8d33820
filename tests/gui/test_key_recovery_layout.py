"""The recovery screens as drawn: the key page after creation, Restore my key, each step of
Replace my key and Settings' backup section, over a 1024×700 main window: no overlapping or
clipped controls, unique Alt-shortcuts, no literal '&'."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from readiness.gui.key_backup_page import confirm_group
from readiness.gui.key_replace_dialog import ReplaceKeyDialog
from readiness.settings import Settings
from readiness.signing import keys
from tests.gui.conftest import MakeWindow
from tests.gui.layout_checks import (
    clashing_shortcuts,
    clipped_texts,
    literal_ampersands,
    overlaps,
)
from tests.keychain import PASSPHRASE

WAIT = 30_000


def _check(qtbot: QtBot, top: QWidget, shot: Path) -> None:
    top.show()
    qtbot.waitExposed(top)
    qtbot.wait(100)  # pending layout requests first: the picture is what a user sees
    assert top.grab().save(str(shot))
    assert overlaps(top) == [], shot.name
    assert clipped_texts(top) == [], shot.name
    assert clashing_shortcuts(top) == [], shot.name
    assert literal_ampersands(top) == [], shot.name


def test_recovery_screens_lay_out_cleanly(qtbot: QtBot, make_window: MakeWindow,
                                          handmade_replay: Path, tmp_path: Path) -> None:
    window = make_window(handmade_replay, settings=Settings())
    window.resize(1024, 700)
    window.show()
    window.open_wizard()
    wizard = window.wizard
    wizard.about.name.setText("Alex Example")
    wizard.next()
    page = wizard.key_page
    page.passphrase.setText(PASSPHRASE)
    page.passphrase2.setText(PASSPHRASE)
    page.create_button.click()
    qtbot.waitUntil(lambda: page.key is not None, timeout=WAIT)
    page.recovery.copy_code()
    page.recovery.save_copy(tmp_path)
    qtbot.waitUntil(lambda: page.recovery.saved is not None, timeout=WAIT)
    _check(qtbot, wizard, tmp_path / "wizard-key.png")
    wizard.reject()

    window.restore_key_action.trigger()
    restore = window.key_dialog
    _check(qtbot, restore, tmp_path / "restore.png")
    restore.reject()

    window.replace_key_action.trigger()
    replace = window.key_dialog
    assert isinstance(replace, ReplaceKeyDialog)
    _check(qtbot, replace, tmp_path / "replace-1.png")
    replace.passphrase.setText(PASSPHRASE)
    with qtbot.waitSignal(replace.replaced, timeout=WAIT):
        replace.go()
    _check(qtbot, replace, tmp_path / "replace-2.png")
    replace.recovery.confirm.setText(confirm_group(replace.rotation.new.recovery_code)[1])
    replace.recovery.later.setChecked(True)
    replace.go()
    replace.export(tmp_path / "card")
    _check(qtbot, replace, tmp_path / "replace-3.png")
    replace.go()

    assert keys.has_key()
    window.open_settings()
    section = window.settings_dialog.key_backup
    window.settings_dialog.show()
    qtbot.waitExposed(window.settings_dialog)
    assert overlaps(section) == [] and clipped_texts(section) == []
