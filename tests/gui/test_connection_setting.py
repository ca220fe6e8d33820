"""The connection check is off unless the practitioner turns it on in Settings, and then the
runs carry their platform (issue 13, item 6)."""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot

from readiness import settings as settings_mod
from readiness.gui.connection_setting import ConnectionSetting
from readiness.gui.settings_dialog import SettingsDialog
from readiness.settings import Settings


def test_off_by_default_and_saved_when_turned_on(qtbot: QtBot, tmp_path: Path) -> None:
    dialog = SettingsDialog(Settings(first_run_done=True))
    qtbot.addWidget(dialog)
    assert not dialog.connection.enabled.isChecked()
    assert settings_mod.connection_options(dialog.collected()) == {}
    dialog.connection.enabled.setChecked(True)
    dialog.connection.platform.setCurrentIndex(dialog.connection.platform.findData("teams"))
    chosen = dialog.collected()
    assert chosen.connection_check and chosen.video_platform == "teams"
    assert settings_mod.connection_options(chosen) == {"connection_target": "teams"}
    settings_mod.save(chosen)
    assert settings_mod.load().video_platform == "teams"
    dialog.grab().save(str(tmp_path / "settings.png"))


def test_another_platform_needs_a_host_name(qtbot: QtBot) -> None:
    w = ConnectionSetting(True, "")
    qtbot.addWidget(w)
    w.platform.setCurrentIndex(w.platform.findData("other"))
    w.host.setText("https://video.example.org/room")
    assert not w.valid() and "web address" in w.problem.text()
    w.host.setText("video.example.org")
    assert w.valid() and w.platform_value() == "video.example.org"


def test_an_organisation_platform_is_locked(qtbot: QtBot) -> None:
    w = ConnectionSetting(False, "doxy", platform_managed=True)
    qtbot.addWidget(w)
    assert not w.platform.isEnabled() and w.platform.currentData() == "doxy"
    assert w.enabled.isEnabled(), "turning the check on stays the practitioner's choice"
