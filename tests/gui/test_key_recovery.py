"""Recovery a counsellor can do in the app: at key creation the encrypted backup is saved to a
folder they choose and checked there, the recovery code can be copied or printed; 'Restore my
key' takes a backup file from anywhere and the code; 'Replace my key' makes a new key with a
hand-over and saves the new key card; Settings says where the backup is and when it was made."""

from __future__ import annotations

import errno
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from pypdf import PdfReader
from PySide6.QtGui import QGuiApplication
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QWizard
from pytestqt.qtbot import QtBot

from readiness import files
from readiness.gui.key_backup_page import RecoveryPanel, app_sentence, confirm_group
from readiness.gui.key_recovery_dialog import RestoreKeyDialog
from readiness.gui.key_replace_dialog import ReplaceKeyDialog
from readiness.settings import Settings
from readiness.signing import key_backup, keys
from tests.gui.conftest import MakeWindow
from tests.gui.test_keyboard import not_reachable_by_tab
from tests.keychain import PASSPHRASE

if TYPE_CHECKING:
    from readiness.gui.wizard import KeyPage

WAIT = 30_000


def _usb(tmp_path: Path) -> Path:
    folder = tmp_path / "USB STICK"
    folder.mkdir()
    return folder


def _saved_or_refused(qtbot: QtBot, panel: Any) -> None:
    qtbot.waitUntil(lambda: panel.save_button.isEnabled(), timeout=WAIT)


def _new_key_in_wizard(qtbot: QtBot, make_window: MakeWindow, replay: Path) -> KeyPage:
    window = make_window(replay, settings=Settings())
    window.open_wizard()
    wizard = window.wizard
    wizard.about.name.setText("Alex Example")
    wizard.next()
    page = wizard.key_page
    page.passphrase.setText(PASSPHRASE)
    page.passphrase2.setText(PASSPHRASE)
    page.create_button.click()
    qtbot.waitUntil(lambda: page.key is not None, timeout=WAIT)
    return page


def test_key_creation_saves_the_backup_to_a_chosen_folder(
        qtbot: QtBot, make_window: MakeWindow, handmade_replay: Path, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    page = _new_key_in_wizard(qtbot, make_window, handmade_replay)
    panel = page.recovery
    assert panel.isVisibleTo(page) and panel.code.text() == page.key.recovery_code
    wizard = page.wizard()
    usb = _usb(tmp_path)
    # A write-protected stick: a sentence, nothing saved, the page does not go on.
    with monkeypatch.context() as m:
        m.setattr(files, "atomic_write_bytes", _read_only)
        assert panel.save_copy(usb)
        _saved_or_refused(qtbot, panel)
    assert panel.saved is None and list(usb.iterdir()) == []
    assert "could not be saved" in panel.save_note.text()
    assert "read-only" in panel.save_note.text() and "Traceback" not in panel.save_note.text()
    assert panel.save_note.isVisibleTo(page)
    # A folder that is not there: a sentence too.
    panel.save_copy(tmp_path / "gone")
    _saved_or_refused(qtbot, panel)
    assert "is not a folder" in panel.save_note.text() and panel.saved is None
    _n, group = confirm_group(page.key.recovery_code)
    qtbot.keyClicks(panel.confirm, group.lower())
    assert not page.isComplete()  # the code alone is not enough: where is the backup?
    assert not wizard.button(QWizard.WizardButton.NextButton).isEnabled()
    assert panel.save_copy(usb)
    _saved_or_refused(qtbot, panel)
    saved = Path(key_backup.backup_copies()[0].path)
    assert saved.parent == usb.resolve()
    assert saved.read_bytes() == keys.backup_path().read_bytes()  # confirmed: it is there
    assert "Saved and checked" in panel.save_note.text() and saved.name in panel.save_note.text()
    assert page.isComplete()
    assert [c.path for c in key_backup.backup_copies()] == [str(saved)]


def _read_only(*_a: object, **_k: object) -> None:
    raise OSError(errno.EROFS, "Read-only file system")


def test_saving_later_is_a_choice_made_on_the_page(
        qtbot: QtBot, make_window: MakeWindow, handmade_replay: Path) -> None:
    page = _new_key_in_wizard(qtbot, make_window, handmade_replay)
    _n, group = confirm_group(page.key.recovery_code)
    page.recovery.confirm.setText(group)
    assert not page.isComplete()
    page.recovery.later.setChecked(True)
    assert page.isComplete()
    assert not_reachable_by_tab(page) == []


def test_recovery_code_copy_and_print(qtbot: QtBot, tmp_path: Path) -> None:
    info = keys.init_key("Alex Example", "BACP 000000", passphrase=PASSPHRASE)
    panel = RecoveryPanel()
    qtbot.addWidget(panel)
    panel.show_key(info)
    panel.copy_button.click()
    assert QGuiApplication.clipboard().text() == info.recovery_code
    assert "clipboard is cleared" in panel.code_note.text()
    panel._clear_clipboard()  # the timer's work: only while the clipboard still holds the code
    assert QGuiApplication.clipboard().text() == ""
    QGuiApplication.clipboard().setText("something else")
    panel._clear_clipboard()
    assert QGuiApplication.clipboard().text() == "something else"
    printer = QPrinter()
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    out = tmp_path / "recovery.pdf"
    printer.setOutputFileName(str(out))
    assert panel.print_code(printer)
    text = " ".join(" ".join((p.extract_text() or "") for p in PdfReader(out).pages).split())
    assert info.recovery_code in text
    assert "Alex Example" in text and "Restore my key" in text
    assert "readiness keys" not in text  # no terminal commands


def _wipe_keys() -> None:
    """As on a new computer: none of the app's key files are left."""
    for p in sorted(keys.keys_dir().rglob("*"), reverse=True):
        p.rmdir() if p.is_dir() else p.unlink()


def test_restore_from_a_backup_in_another_folder(
        qtbot: QtBot, make_window: MakeWindow, handmade_replay: Path, tmp_path: Path) -> None:
    info = keys.init_key("Alex Example", "BACP 000000", passphrase=PASSPHRASE)
    copy = Path(key_backup.save_backup_copy(_usb(tmp_path)).path)
    _wipe_keys()
    window = make_window(handmade_replay)
    window.restore_key_action.trigger()
    dialog = window.key_dialog
    assert isinstance(dialog, RestoreKeyDialog)
    assert dialog.file.text() == ""  # nothing kept here to offer
    assert not dialog.restore() and "Choose your backup file" in dialog.status.text()
    assert not dialog.set_backup(tmp_path / "nothing.json")
    assert "cannot be used" in dialog.about_file.text()
    assert dialog.set_backup(copy)
    assert "Alex Example (BACP 000000)" in dialog.about_file.text()
    assert not dialog.replace.isVisibleTo(dialog)
    assert dialog.passphrase.isVisibleTo(dialog)  # no keychain here
    dialog.passphrase.setText(PASSPHRASE)
    dialog.passphrase2.setText(PASSPHRASE)
    # A wrong code: a sentence, and nothing changed.
    dialog.code.setText(keys.new_recovery_code())
    assert dialog.restore()
    qtbot.waitUntil(lambda: dialog.restore_button.isEnabled(), timeout=WAIT)
    assert "nothing was changed" in dialog.status.text()
    assert "does not open this backup file" in dialog.status.text()
    assert not keys.has_key() and list(keys.keys_dir().glob("*.json")) == []
    dialog.code.setText("not a code")
    dialog.restore()
    qtbot.waitUntil(lambda: dialog.restore_button.isEnabled(), timeout=WAIT)
    assert "28 letters and digits" in dialog.status.text() and not keys.has_key()
    # The right code, typed loosely.
    dialog.code.setText(info.recovery_code.lower().replace("-", " "))
    with qtbot.waitSignal(dialog.restored, timeout=WAIT):
        dialog.restore()
    assert keys.key_info().fingerprint_ssh == info.fingerprint_ssh  # type: ignore[union-attr]
    assert "Your key is restored" in dialog.status.text()
    assert keys.load_key(PASSPHRASE).info.name == "Alex Example"
    assert not_reachable_by_tab(dialog) == []


def test_restoring_over_a_different_key_needs_a_tick(
        qtbot: QtBot, tmp_path: Path) -> None:
    first = keys.init_key("Alex Example", passphrase=PASSPHRASE)
    copy = Path(key_backup.save_backup_copy(_usb(tmp_path)).path)
    _wipe_keys()
    second = keys.init_key("Alex Example", passphrase=PASSPHRASE)
    dialog = RestoreKeyDialog()
    qtbot.addWidget(dialog)
    dialog.set_backup(copy)
    assert dialog.replace.isVisibleTo(dialog)
    dialog.code.setText(first.recovery_code)
    dialog.passphrase.setText(PASSPHRASE)
    dialog.passphrase2.setText(PASSPHRASE)
    assert not dialog.restore() and "tick the box" in dialog.status.text()
    assert keys.key_info().fingerprint_ssh == second.fingerprint_ssh  # type: ignore[union-attr]
    dialog.replace.setChecked(True)
    with qtbot.waitSignal(dialog.restored, timeout=WAIT):
        dialog.restore()
    assert keys.key_info().fingerprint_ssh == first.fingerprint_ssh  # type: ignore[union-attr]


def test_replace_my_key(qtbot: QtBot, make_window: MakeWindow, handmade_replay: Path,
                        tmp_path: Path) -> None:
    old = keys.init_key("Alex Example", "BACP 000000", passphrase=PASSPHRASE)
    keys.recovery_code_shown()
    old_copy = key_backup.save_backup_copy(_usb(tmp_path))
    window = make_window(handmade_replay)
    window.replace_key_action.trigger()
    dialog = window.key_dialog
    assert isinstance(dialog, ReplaceKeyDialog)
    assert dialog.name.text() == "Alex Example" and dialog.passphrase.isVisibleTo(dialog)
    assert not_reachable_by_tab(dialog) == []
    # A wrong passphrase: a sentence, and the key is the same.
    dialog.passphrase.setText("not the passphrase at all")
    assert dialog.go()
    qtbot.waitUntil(lambda: dialog.go_button.isEnabled(), timeout=WAIT)
    assert "nothing was changed" in dialog.status.text()
    assert "passphrase does not unlock" in dialog.status.text()
    assert keys.key_info().fingerprint_ssh == old.fingerprint_ssh  # type: ignore[union-attr]
    dialog.passphrase.setText(PASSPHRASE)
    dialog.registration.setText("BACP 111111")
    with qtbot.waitSignal(dialog.replaced, timeout=WAIT):
        dialog.go()
    rotation = dialog.rotation
    new = keys.key_info()
    assert new is not None and new.fingerprint_ssh == rotation.new.fingerprint_ssh
    assert new.fingerprint_ssh != old.fingerprint_ssh and new.registration == "BACP 111111"
    handover = Path(rotation.handover_path)
    assert handover.is_file()
    assert not keys.interrupted_notice()  # the new code is on screen
    # The new code and backup, as at creation; the old backup copy is named for deletion.
    assert dialog.step == 1
    assert dialog.recovery.code.text() == rotation.new.recovery_code
    assert old_copy.path in dialog.old_copies.text()
    assert not dialog.go_button.isEnabled()
    dialog.recovery.confirm.setText(confirm_group(rotation.new.recovery_code)[1])
    dialog.recovery.save_copy(tmp_path / "USB STICK")
    qtbot.waitUntil(lambda: dialog.recovery.saved is not None, timeout=WAIT)
    assert dialog.go_button.isEnabled()
    dialog.go()
    assert dialog.step == 2
    # The new key card and the hand-over, saved together where chosen.
    out = tmp_path / "for my supervisor"
    paths = dialog.export(out)
    names = sorted(p.name for p in paths)
    assert handover.name in names and any(n.endswith("key-card.pdf") for n in names)
    assert (out / handover.name).read_bytes() == handover.read_bytes()
    assert "Give these to your supervisor" in dialog.export_note.text()
    assert dialog.open_button.isVisibleTo(dialog)
    dialog.go()
    assert not dialog.isVisible()


def test_replace_without_a_key_says_what_to_do(qtbot: QtBot) -> None:
    dialog = ReplaceKeyDialog()
    qtbot.addWidget(dialog)
    assert not dialog.go_button.isEnabled()
    assert "First-run setup" in dialog.status.text()


def test_key_card_folder_that_cannot_be_written(qtbot: QtBot, tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    keys.init_key("Alex Example", passphrase=PASSPHRASE)
    dialog = ReplaceKeyDialog()
    qtbot.addWidget(dialog)
    dialog.passphrase.setText(PASSPHRASE)
    with qtbot.waitSignal(dialog.replaced, timeout=WAIT):
        dialog.go()
    monkeypatch.setattr(files, "atomic_write_bytes", _read_only)
    assert dialog.export(tmp_path / "card") == []
    assert "The key card was not saved" in dialog.export_note.text()
    assert "read-only" in dialog.export_note.text()


def test_settings_shows_where_the_backup_is_and_when(
        qtbot: QtBot, make_window: MakeWindow, handmade_replay: Path, tmp_path: Path) -> None:
    keys.init_key("Alex Example", passphrase=PASSPHRASE)
    window = make_window(handmade_replay)
    window.open_settings()
    section = window.settings_dialog.key_backup
    assert "Your backup was made" in section.where.text()
    assert "not been saved anywhere else" in section.where.text()
    usb = _usb(tmp_path)
    assert section.save_copy(usb)
    qtbot.waitUntil(lambda: section.save_button.isEnabled(), timeout=WAIT)
    copy = key_backup.backup_copies()[0]
    text = section.where.text()
    assert f"Saved to {copy.path} on " in text
    assert str(keys.key_info().created_at[:4]) in text  # type: ignore[union-attr]
    assert "Saved and checked" in section.note.text()
    assert not_reachable_by_tab(window.settings_dialog) == []
    Path(copy.path).unlink()  # the USB stick is not plugged in
    section.refresh()
    assert "not there now" in section.where.text()
    # Restore and Replace are reachable from here too.
    assert isinstance(section.open_restore(), RestoreKeyDialog)
    section.dialog.reject()
    assert isinstance(section.open_replace(), ReplaceKeyDialog)
    section.dialog.reject()


def test_library_sentences_name_the_menu_not_commands() -> None:
    said = app_sentence("the key's secret is missing from this computer's keychain. Restore "
                        "the key from your recovery code and backup file: readiness keys "
                        "restore")
    assert "readiness keys" not in said and said.endswith("File → Restore my key…")
    assert app_sentence("there is no backup file at X; name it with --backup FILE") == \
        "There is no backup file at X."


def test_unexpected_errors_are_not_shown_raw() -> None:
    said = app_sentence(RuntimeError("Traceback: boom at 0x7f"))
    assert "boom" not in said and "log" in said
    assert app_sentence(PermissionError(13, "Permission denied", "/media/usb")) == \
        "Permission denied (/media/usb)."
