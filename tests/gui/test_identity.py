"""One owner of the practitioner's identity: the signing key. Settings shows its name (never a
copy that could disagree), and a new name comes only with a new key, which then signs it."""

from __future__ import annotations

import json
from pathlib import Path

from pytestqt.qtbot import QtBot

from readiness import settings as settings_mod
from readiness.gui.settings_dialog import SettingsDialog
from readiness.settings import Settings
from readiness.signing import checklist, keys
from readiness.signing.pdf_sign import read_attachments
from tests.keychain import MemoryKeyring
from tests.signing.helpers import HANDMADE_CATALOGUE, handmade_report


def _signed_name(tmp_path: Path) -> tuple[str, str]:
    """The name and registration inside a freshly signed checklist's statement."""
    signed = checklist.sign_report(handmade_report(), tmp_path, catalogue=HANDMADE_CATALOGUE)
    files = read_attachments(signed.pdf_path.read_bytes())
    who = json.loads(files[checklist.STATEMENT_NAME])["predicate"]["practitioner"]
    return who["name"], who["registration"]


def test_settings_shows_the_name_that_is_signed_and_a_rename_rotates_the_key(
        qtbot: QtBot, memory_keyring: MemoryKeyring, tmp_path: Path) -> None:
    keys.init_key("Jane Doe", "BACP 1")
    dialog = SettingsDialog(Settings())
    qtbot.addWidget(dialog)
    assert (dialog.name.text(), dialog.registration.text()) == ("Jane Doe", "BACP 1")
    assert _signed_name(tmp_path / "a") == ("Jane Doe", "BACP 1")

    rotation = keys.rotate_key(name="Jane  Smith", registration="BACP 2")
    assert rotation.old.name == "Jane Doe" and rotation.new.name == "Jane Smith"
    dialog = SettingsDialog(Settings())
    qtbot.addWidget(dialog)
    assert (dialog.name.text(), dialog.registration.text()) == ("Jane Smith", "BACP 2")
    assert _signed_name(tmp_path / "b") == ("Jane Smith", "BACP 2")
    # Saving settings never writes a second copy of the name.
    settings_mod.save(dialog.collected())
    assert "Jane" not in settings_mod.settings_path().read_text(encoding="utf-8")


def test_a_rotation_keeps_the_name_unless_told(memory_keyring: MemoryKeyring) -> None:
    keys.init_key("Jane Doe", "BACP 1")
    rotation = keys.rotate_key()
    assert (rotation.new.name, rotation.new.registration) == ("Jane Doe", "BACP 1")
