"""Answers change only when the practitioner changes them, unsaved edits say so and are never
signed, and leaving an item with unsaved edits asks (issue 12, item 1)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QDate, QPoint, QPointF, Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import QAbstractSpinBox, QApplication, QComboBox, QWidget
from pytestqt.qtbot import QtBot

from readiness import profile
from readiness.gui import unsaved
from readiness.gui.app import application
from readiness.gui.check_page import CheckPage
from tests.gui.conftest import MakeWindow
from tests.gui.test_check_page import run_and_wait

BACKUP = {"channel": "sms", "description": "my work mobile", "clients_told": True,
          "last_tried": "2026-11-01"}


def _wheel(widget: QWidget, steps: int) -> None:
    centre = QPointF(widget.rect().center())
    for _ in range(abs(steps)):
        event = QWheelEvent(centre, QPointF(widget.mapToGlobal(centre.toPoint())), QPoint(0, 0),
                            QPoint(0, -120 if steps < 0 else 120), Qt.MouseButton.NoButton,
                            Qt.KeyboardModifier.NoModifier, Qt.ScrollPhase.NoScrollPhase, False)
        QApplication.sendEvent(widget, event)


def _values(root: QWidget) -> list[object]:
    out: list[object] = []
    for w in root.findChildren(QWidget):
        if isinstance(w, QComboBox):
            out.append(w.currentIndex())
        elif isinstance(w, QAbstractSpinBox):
            out.append(w.text())
    return out


def _backup_page(qtbot: QtBot, make_window: MakeWindow, replay: Path) -> CheckPage:
    application()  # the app-wide filters, as the real app installs them
    profile.save_attestation("backup_channel", BACKUP)
    window = make_window(replay)
    window.show()
    page = window.check_page
    run_and_wait(qtbot, page)
    page.select("backup_channel")
    return page


def test_wheel_over_unfocused_inputs_changes_nothing(qtbot: QtBot, make_window: MakeWindow,
                                                     handmade_replay: Path) -> None:
    page = _backup_page(qtbot, make_window, handmade_replay)
    form = page.detail.backup_form
    form.tried.setChecked(True)
    form.load(profile.attestations()["backup_channel"])
    page.view.setFocus()
    before = _values(page.detail)
    inputs = [w for w in page.detail.findChildren(QWidget)
              if isinstance(w, (QComboBox, QAbstractSpinBox)) and w.isVisible()]
    assert form.channel in inputs and form.last_tried in inputs and form.same_connection in inputs
    for w in inputs:
        assert w.focusPolicy() is Qt.FocusPolicy.StrongFocus, w.accessibleName()
        _wheel(w, 3)
        _wheel(w, -5)
    assert _values(page.detail) == before
    assert not form.is_dirty()
    assert profile.attestations()["backup_channel"]["channel"] == "sms"
    # Focused (clicked or tabbed to), the wheel still works as people expect.
    form.channel.setFocus()
    qtbot.waitUntil(form.channel.hasFocus, timeout=2_000)
    _wheel(form.channel, -1)
    assert form.channel.currentIndex() != before[0] or form.channel.count() == 1


def test_unsaved_edits_are_shown_and_leaving_asks(qtbot: QtBot, make_window: MakeWindow,
                                                  handmade_replay: Path) -> None:
    page = _backup_page(qtbot, make_window, handmade_replay)
    form = page.detail.backup_form
    assert not form.is_dirty() and form.hint.text() == ""
    form.description.setText("the practice landline")
    assert form.is_dirty() and "Not saved yet" in form.hint.text()
    asked: list[str] = []

    def stay(_parent: QWidget, title: str) -> unsaved.Choice:
        asked.append(title)
        return unsaved.Choice.STAY

    page.ask_unsaved = stay
    page.select("headphones")
    from readiness import catalogue

    assert asked == [catalogue.load().entry("backup_channel").title]
    assert page.detail.check_id == "backup_channel"
    assert form.description.text() == "the practice landline"  # nothing lost
    # Signing is asked about too, and an unsaved edit is never what gets signed.
    with qtbot.assertNotEmitted(page.sign_requested):
        page.sign_button.click()
    assert profile.attestations()["backup_channel"]["description"] == "my work mobile"

    page.ask_unsaved = lambda _p, _t: unsaved.Choice.DISCARD
    page.select("headphones")
    assert page.detail.check_id == "headphones"
    page.select("backup_channel")
    assert page.detail.backup_form.description.text() == "my work mobile"

    form.description.setText("the practice landline")
    page.ask_unsaved = lambda _p, _t: unsaved.Choice.SAVE
    page.select("headphones")
    assert profile.attestations()["backup_channel"]["description"] == "the practice landline"


def test_a_result_arriving_does_not_wipe_what_is_being_typed(
        qtbot: QtBot, make_window: MakeWindow, handmade_replay: Path) -> None:
    page = _backup_page(qtbot, make_window, handmade_replay)
    form = page.detail.backup_form
    form.description.setText("half-typed")
    with qtbot.waitSignal(page.run_finished, timeout=20_000):
        page.run_all()
    assert form.description.text() == "half-typed" and form.is_dirty()


def test_last_tried_starts_as_not_tried(qtbot: QtBot) -> None:
    from readiness.gui.attestation_form import BackupChannelForm

    form = BackupChannelForm()
    qtbot.addWidget(form)
    assert not form.tried.isChecked() and not form.last_tried.isEnabled()
    form.description.setText("my work mobile")
    assert form.answer()["last_tried"] == "never"
    form.tried.setChecked(True)
    form.last_tried.setDate(QDate(2026, 11, 1))
    assert form.answer()["last_tried"] == "2026-11-01"
