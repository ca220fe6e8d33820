"""Settings shows what the organisation manages locked, "Set by your organisation", lists what
only it sets, says in a sentence when part of its policy could not be used, and never saves a
managed value as the practitioner's own."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

from readiness import policy
from readiness import settings as settings_mod
from readiness.gui.settings_dialog import SettingsDialog
from readiness.probe import snapshot
from readiness.probe.replay import ReplayHost
from readiness.settings import Settings
from tests.keychain import MemoryKeyring

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "policy"


def _report(case: str) -> policy.PolicyReport:
    return policy.read(ReplayHost(snapshot.load(FIXTURES / case / "snapshot.json")))


def _notes(dialog: SettingsDialog) -> list[QLabel]:
    return [w for w in dialog.findChildren(QLabel) if w.objectName() == "managedNote"]


@pytest.mark.parametrize("system", ["linux", "windows", "macos"])
def test_every_managed_setting_is_locked_and_labelled(
        qtbot: QtBot, memory_keyring: MemoryKeyring, system: str) -> None:
    mine = Settings(output_folder="/home/me/Mine", reminder_days=7)
    dialog = SettingsDialog(mine, policy=_report(f"{system}_handmade_full"))
    qtbot.addWidget(dialog)
    for widget in (dialog.folder, dialog.timestamps, dialog.lifecycle, dialog.reminder):
        assert not widget.isEnabled()
        assert widget.accessibleDescription() == "Set by your organisation"
    assert len(_notes(dialog)) == 4
    assert all(n.text() == "Set by your organisation" for n in _notes(dialog))
    assert dialog.reminder.value() == 30 and dialog.timestamps.isChecked()
    section = dialog.managed
    assert section is not None
    assert section.rows["video_platform"].text() == "Zoom for Healthcare"
    assert "timestamp.sectigo.com" in section.rows["timestamp_authorities"].text()
    cards = section.rows["trusted_key_cards"].text()
    # The replayed machine's card is not on this one: said, never shown as trusted.
    assert "clinical-lead-readiness-key-card.pdf: not trusted, it cannot be read" in cards
    practice = section.rows["practice_not_applicable"].text().lower()
    assert "ico" in practice and "insurance" in practice
    assert not section.problem.isVisibleTo(dialog)


def test_saving_keeps_the_practitioners_own_values(
        qtbot: QtBot, memory_keyring: MemoryKeyring) -> None:
    mine = Settings(output_folder="/home/me/Mine", reminder_days=7, lifecycle_refresh=True)
    dialog = SettingsDialog(mine, policy=policy.PolicyReport(
        policy.Policy(reminder_days=90, trusted_timestamps=True), "a test"))
    qtbot.addWidget(dialog)
    dialog.folder.setText("/home/me/Elsewhere")
    dialog.lifecycle.setChecked(False)
    got = dialog.collected()
    assert (got.reminder_days, got.trusted_timestamps) == (90, True)  # in force
    assert got.output_folder == "/home/me/Elsewhere" and not got.lifecycle_refresh
    settings_mod.save(got)
    saved = json.loads(settings_mod.settings_path().read_text(encoding="utf-8"))
    assert saved["reminder_days"] == 7 and saved["trusted_timestamps"] is False
    assert saved["output_folder"] == "/home/me/Elsewhere"


def test_key_cards_say_which_are_trusted(qtbot: QtBot, memory_keyring: MemoryKeyring,
                                         tmp_path: Path) -> None:
    card = tmp_path / "cards" / "jane-readiness-key-card.pdf"
    card.parent.mkdir()
    card.write_bytes(b"%PDF-1.7\n")
    open_to_all = tmp_path / "open" / "lee-readiness-key-card.pdf"
    open_to_all.parent.mkdir()
    open_to_all.write_bytes(b"%PDF-1.7\n")
    open_to_all.chmod(0o666)
    dialog = SettingsDialog(Settings(), policy=policy.PolicyReport(
        policy.Policy(trusted_key_cards=(str(card), str(open_to_all))), "a test"))
    qtbot.addWidget(dialog)
    assert dialog.managed is not None
    lines = dialog.managed.rows["trusted_key_cards"].text().splitlines()
    assert lines[0] == "jane-readiness-key-card.pdf (added by your organisation)"
    assert lines[1].endswith("not trusted, other users of this computer can change it")


def test_no_policy_changes_nothing(qtbot: QtBot, memory_keyring: MemoryKeyring) -> None:
    dialog = SettingsDialog(Settings(reminder_days=7), policy=policy.NO_POLICY)
    qtbot.addWidget(dialog)
    assert dialog.managed is None and _notes(dialog) == []
    assert dialog.reminder.isEnabled() and dialog.folder.isEnabled()
    assert dialog.collected() == Settings(reminder_days=7,
                                          output_folder=dialog.folder.text().strip())


def test_a_policy_partly_unusable_says_so_in_a_sentence(
        qtbot: QtBot, memory_keyring: MemoryKeyring) -> None:
    dialog = SettingsDialog(Settings(), policy=_report("linux_handmade_invalid_fields"))
    qtbot.addWidget(dialog)
    section = dialog.managed
    assert section is not None and section.problem.isVisibleTo(dialog)
    text = section.problem.text()
    assert text.startswith("Some of your organisation's settings (/etc/readiness/policy.json)")
    assert "ReminderDays must be a whole number" in text
    assert dialog.reminder.isEnabled()  # the bad value is ignored: the user's own applies
    assert section.rows["video_platform"].text() == "Teams"


def test_screenshot(qtbot: QtBot, memory_keyring: MemoryKeyring, tmp_path: Path) -> None:
    dialog = SettingsDialog(Settings(), policy=_report("windows_handmade_full"))
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    shot = tmp_path / "settings-managed.png"
    assert dialog.grab().save(str(shot))
    assert shot.stat().st_size > 0


def test_verify_words_know_the_organisation_label() -> None:
    from readiness.gui import verify_text
    from readiness.signing.policy_signers import ADDED_BY_ORGANISATION

    assert verify_text._ORGANISATION_LABEL == f" ({ADDED_BY_ORGANISATION})"
