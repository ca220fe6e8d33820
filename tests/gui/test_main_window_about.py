"""The About box carries the privacy statement (issue 6)."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from readiness.gui.about_box import privacy_statement
from tests.gui.conftest import MakeWindow


def test_privacy_statement_is_shipped_and_plain() -> None:
    text = privacy_statement()
    assert "Nothing leaves this computer unless you turn it on" in text
    assert "**" not in text and not text.startswith("#")
    # Flowing paragraphs: no sentence broken by the file's hard wrap.
    assert "checks this computer's own settings, on this computer. It asks for no client " \
        "information and stores none." in text
    assert "\n• Trusted timestamps send only a fingerprint" in text


def test_about_box_shows_it(qtbot: QtBot, make_window: MakeWindow) -> None:
    window = make_window(None)
    window._about()
    box = window.findChild(QMessageBox, "about_box")
    assert box is not None
    assert "timestamp" in box.informativeText()
    box.close()
