"""Every screen works by keyboard alone and reads to a screen reader: each visible control can be
reached with Tab and has an accessible name, and the main flows (run, pick an item, switch
screens, open settings) go by keys."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from readiness.gui.app import make_factory
from readiness.gui.errors import ErrorDialog
from readiness.gui.quick import QuickWindow
from readiness.settings import Settings
from readiness.signing import keys
from tests.gui.conftest import MakeWindow
from tests.gui.controls import own_controls
from tests.keychain import PASSPHRASE


def not_reachable_by_tab(top: QWidget, *, shown_only: bool = True) -> list[str]:
    """Controls (by default only the visible, enabled ones) that Tab would skip (Qt moves focus
    only to widgets whose focus policy includes TabFocus), or that a screen reader could not
    name."""
    return [
        f"{type(w).__name__}:{w.accessibleName() or w.objectName() or '(no name)'}"
        for w in own_controls(top)
        if (not shown_only or (w.isVisibleTo(top) and w.isEnabled()))
        and (not (w.focusPolicy() & Qt.FocusPolicy.TabFocus) or not w.accessibleName())
    ]


def run(qtbot: Any, window: Any) -> None:
    with qtbot.waitSignal(window.check_page.run_finished, timeout=20_000):
        assert window.check_page.run_all()


def test_main_window_screens_are_reachable_by_tab(qtbot: QtBot, make_window: MakeWindow,
                                                  handmade_replay: Path) -> None:
    window = make_window(handmade_replay)
    window.show()
    run(qtbot, window)
    window.check_page.select("firewall_on")
    for index in range(window.tabs.count()):
        window.tabs.setCurrentIndex(index)
        assert not_reachable_by_tab(window.tabs.currentWidget()) == [], window.tabs.tabText(index)


def test_dialogs_are_reachable_by_tab(qtbot: QtBot, make_window: MakeWindow,
                                      handmade_replay: Path) -> None:
    keys.init_key("Alex Example", "", passphrase=PASSPHRASE)
    window = make_window(handmade_replay, settings=Settings(first_run_done=True))
    window.show()
    run(qtbot, window)
    window.open_settings()
    assert not_reachable_by_tab(window.settings_dialog) == []
    window.settings_dialog.reject()
    dialog = window.open_sign_dialog()
    assert dialog is not None and not_reachable_by_tab(dialog) == []
    dialog.reject()
    window.open_wizard()
    wizard = window.wizard
    assert not_reachable_by_tab(wizard) == []
    for page_id in wizard.pageIds():  # every page, not only the one showing
        page = wizard.page(page_id)
        assert not_reachable_by_tab(page, shown_only=False) == [], type(page).__name__
    wizard.reject()
    error = ErrorDialog(window, "Title", "Message", "details")
    error.show()
    error.show_details.setChecked(True)
    assert not_reachable_by_tab(error) == []
    error.close()


def test_quick_window_is_reachable_by_tab(qtbot: QtBot, handmade_replay: Path) -> None:
    quick = QuickWindow(make_factory(handmade_replay), str(handmade_replay),
                        open_full=lambda _id: None)
    qtbot.addWidget(quick)
    quick.show()
    with qtbot.waitSignal(quick.run_finished, timeout=20_000):
        quick.start()
    assert not_reachable_by_tab(quick) == []
    quick.close()


def test_main_flow_by_keys_alone(qtbot: QtBot, make_window: MakeWindow,
                                 handmade_replay: Path) -> None:
    window = make_window(handmade_replay, settings=Settings(first_run_done=True))
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    page = window.check_page
    # Space presses the focused button.
    with qtbot.waitSignal(page.run_finished, timeout=20_000):
        qtbot.keyClick(page.run_button, Qt.Key.Key_Space)
    # Arrow keys move through the results; the detail follows the selection.
    page.view.setFocus()
    titles = []
    for _ in range(3):
        qtbot.keyClick(page.view, Qt.Key.Key_Down)
        titles.append(page.detail.title.text())
    assert len({t for t in titles if t}) >= 2
    # Ctrl+Tab moves between the screens.
    qtbot.keyClick(window.tabs, Qt.Key.Key_Tab, Qt.KeyboardModifier.ControlModifier)
    assert window.tabs.currentIndex() == 1
    qtbot.keyClick(window.tabs, Qt.Key.Key_Tab, Qt.KeyboardModifier.ControlModifier)
    assert window.tabs.currentIndex() == 2
    # The Settings action has the platform's Preferences shortcut, or is in the File menu.
    assert window.settings_action.isEnabled()
    window.settings_action.trigger()
    assert window.settings_dialog.isVisible()
    window.settings_dialog.reject()
