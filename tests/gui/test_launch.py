"""The launch path: `readiness` paints the window frame first and builds the pages straight
after; a damaged install is said in the window; `readiness` with no arguments and Quick mode's
"Open the full app" end to end; the Settings dialog."""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QPushButton
from pytestqt.qtbot import QtBot

from readiness import catalogue as catalogue_mod
from readiness import settings as settings_mod
from readiness.gui import app as app_mod
from readiness.gui.errors import ErrorDialog
from readiness.gui.main_window import MainWindow
from readiness.gui.quick import QuickWindow
from readiness.gui.wizard import FirstRunWizard
from readiness.logs import LOG_NAME
from readiness.paths import log_dir
from readiness.settings import Settings
from tests.gui.conftest import MakeWindow


class PaintCounter(QObject):
    def __init__(self) -> None:
        super().__init__()
        self.paints = 0

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            self.paints += 1
        return False


def built(window: MainWindow) -> bool:
    """Read afresh (an assert on the property would narrow it for mypy for good)."""
    return window.pages_built


def test_the_frame_paints_first_then_the_pages_are_built(qtbot: QtBot,
                                                         handmade_replay: Path) -> None:
    window, _settings = app_mod.launch_main_window(str(handmade_replay), restore_state=False)
    qtbot.addWidget(window)
    counter = PaintCounter()
    window.installEventFilter(counter)
    assert not built(window)
    assert window.loading.text() == "Getting ready…"
    assert not window.settings_action.isEnabled()  # it acts on pages that do not exist yet
    painted_before: list[int] = []
    window.ready.connect(lambda: painted_before.append(counter.paints))
    with qtbot.waitSignal(window.ready, timeout=10_000):
        window.show()
    assert painted_before and painted_before[0] >= 1  # the frame was on screen first
    assert built(window) and window.tabs.count() == 3
    assert window.tabs.isVisible() and not window.loading.isVisible()
    assert window.settings_action.isEnabled() and window.wizard_action.isEnabled()

    def replayed_from() -> str | None:  # read afresh: mypy would keep the first assert's None
        return window.check_page.replayed_from

    assert replayed_from() is None  # nothing run yet
    with qtbot.waitSignal(window.check_page.run_finished, timeout=20_000):
        assert window.check_page.run_all()
    # Where the run came from travels with the host into the report, not beside it.
    assert replayed_from() == str(handmade_replay)
    window.finish_building()  # a second call (the fallback timer) changes nothing
    assert window.tabs.count() == 3


def test_a_damaged_catalogue_is_said_in_the_window(qtbot: QtBot,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    def damaged() -> catalogue_mod.Catalogue:
        raise catalogue_mod.CatalogueError("catalogue.json: not valid JSON (line 1)")

    monkeypatch.setattr(catalogue_mod, "load", damaged)
    window, _settings = app_mod.launch_main_window(restore_state=False)
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.load_failed, timeout=10_000) as failed:
        window.show()
    assert "not valid JSON" in failed.args[0]
    assert not window.pages_built
    assert "damaged" in window.loading.text() and "reinstall" in window.loading.text()
    assert window.last_error is not None
    assert "reinstall" in window.last_error.message.text()
    assert "not valid JSON" in window.last_error.details.toPlainText()
    window.last_error.close()
    window.close()  # nothing to shut down, nothing raised


def test_closing_before_the_pages_are_built_never_builds_them(qtbot: QtBot, handmade_replay: Path,
                                                              readiness_home: Path) -> None:
    window, _settings = app_mod.launch_main_window(str(handmade_replay))
    qtbot.addWidget(window)
    assert window.check_reminder() is False  # its banner comes with the pages
    window.close()
    window.finish_building()  # what the fallback timer would do after the close
    assert not window.pages_built
    assert (readiness_home / "config" / "window.ini").is_file()  # geometry still saved


def drive(entry: Callable[[], int], step: Callable[[], bool], timeout_ms: int = 30_000) -> int:
    """Run an entry point that blocks in app.exec(); ``step`` is polled on the GUI thread
    until it returns True, then every window is closed (which quits the app). A deadline
    quits in any case so a failing test cannot hang the suite."""
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    poll = QTimer()
    poll.setInterval(20)

    def tick() -> None:
        try:
            finished = step()
        except Exception:
            finished = True
            raise
        finally:
            if finished:
                poll.stop()
                for w in QApplication.topLevelWidgets():
                    w.close()
                QTimer.singleShot(0, app.quit)

    poll.timeout.connect(tick)
    poll.start()
    QTimer.singleShot(timeout_ms, app.quit)
    return entry()


def top_level(kind: type) -> list[Any]:
    return [w for w in QApplication.topLevelWidgets() if isinstance(w, kind) and w.isVisible()]


def test_readiness_with_no_arguments_opens_the_window_and_the_first_run_wizard(
        qtbot: QtBot, readiness_home: Path) -> None:
    seen: dict[str, Any] = {}

    def step() -> bool:
        windows = top_level(MainWindow)
        if not windows or not windows[0].pages_built:
            return False
        wizards = [w for w in windows[0].findChildren(FirstRunWizard) if w.isVisible()]
        if not wizards:
            return False
        seen["tabs"] = windows[0].tabs.count()
        seen["title"] = windows[0].windowTitle()
        wizards[0].reject()
        return True

    root = logging.getLogger()
    before = list(root.handlers)
    try:
        assert drive(lambda: app_mod.main([]), step) == 0
    finally:
        for handler in [h for h in root.handlers if h not in before]:  # main's log file
            root.removeHandler(handler)
            handler.close()
    assert seen == {"tabs": 3, "title": "Readiness"}
    assert "window ready" in (log_dir() / LOG_NAME).read_text(encoding="utf-8")


def test_quick_mode_opens_the_full_app(qtbot: QtBot, handmade_replay: Path) -> None:
    settings_mod.save(Settings(first_run_done=True))
    state: dict[str, Any] = {}

    def step() -> bool:
        if "clicked" not in state:
            quick = top_level(QuickWindow)
            if not quick or quick[0].report is None:
                return False
            assert quick[0].full.isVisible()
            quick[0].full.click()
            state["clicked"] = True
            return False
        windows = top_level(MainWindow)
        if not windows:
            return False
        state["full"] = windows[0].pages_built
        state["quick_still_open"] = bool(top_level(QuickWindow))
        return True

    assert drive(lambda: app_mod.quick_main([], replay=str(handmade_replay)), step) == 0
    assert state == {"clicked": True, "full": True, "quick_still_open": False}


def test_settings_dialog_saves_changes_and_reopens_the_wizard(qtbot: QtBot, make_window: MakeWindow,
                                                              handmade_replay: Path) -> None:
    window = make_window(handmade_replay, settings=Settings(first_run_done=True))
    window.open_settings()
    dialog = window.settings_dialog
    assert not dialog.timestamps.isChecked() and not dialog.lifecycle.isChecked()
    assert dialog.name.text() == "(no signing key yet)"  # the key owns the name
    dialog.reminder.setValue(14)
    with qtbot.waitSignal(window.settings_changed, timeout=5_000) as changed:
        dialog.accept()
    assert changed.args[0].reminder_days == 14
    saved = settings_mod.load()
    assert saved.reminder_days == 14
    assert saved.trusted_timestamps is False and saved.lifecycle_refresh is False

    window.open_settings()
    again = window.settings_dialog
    assert again.reminder.value() == 14
    [button] = [b for b in again.findChildren(QPushButton)
                if b.accessibleName() == "Run first-run setup again"]
    button.click()
    assert not again.isVisible()
    assert window.wizard.isVisible()
    window.wizard.reject()


def test_cancelling_settings_changes_nothing(qtbot: QtBot, make_window: MakeWindow,
                                             handmade_replay: Path) -> None:
    window = make_window(handmade_replay, settings=Settings(first_run_done=True))
    window.open_settings()
    window.settings_dialog.reminder.setValue(3)
    window.settings_dialog.reject()
    assert window.settings.reminder_days == settings_mod.DEFAULT_REMINDER_DAYS
    assert not settings_mod.settings_path().exists() or (
        settings_mod.load().reminder_days == settings_mod.DEFAULT_REMINDER_DAYS)


def test_quick_mode_with_a_damaged_catalogue_says_so(qtbot: QtBot,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    def damaged() -> catalogue_mod.Catalogue:
        raise catalogue_mod.CatalogueError("checks/firewall_on.json: missing 'title'")

    monkeypatch.setattr(catalogue_mod, "load", damaged)
    seen: list[str] = []

    def step() -> bool:
        dialogs = top_level(ErrorDialog)
        if not dialogs:
            return False
        seen.append(dialogs[0].message.text())
        seen.append(dialogs[0].details.toPlainText())
        return True

    assert drive(lambda: app_mod.quick_main([]), step) == 0
    assert "reinstall" in seen[0] and "missing 'title'" in seen[1]
    assert not top_level(QuickWindow)
