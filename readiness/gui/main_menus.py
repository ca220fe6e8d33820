"""The main window's menus: File (settings, set-up, key recovery, logs, quit) and Help."""

from __future__ import annotations

from typing import Any

from PySide6.QtGui import QAction

from readiness.paths import log_dir


def build_menus(window: Any) -> None:
    """File and Help menus; the actions are kept on the window (tests and shortcuts use them)."""
    file_menu = window.menuBar().addMenu(window.tr("&File"))
    window.settings_action = QAction(window.tr("&Settings…"), window)
    window.settings_action.triggered.connect(window.open_settings)
    window.wizard_action = QAction(window.tr("First-run &setup…"), window)
    window.wizard_action.triggered.connect(window.open_wizard)
    window.restore_key_action = QAction(window.tr("&Restore my key…"), window)
    window.restore_key_action.triggered.connect(lambda: window.open_key_dialog("restore"))
    window.replace_key_action = QAction(window.tr("Re&place my key…"), window)
    window.replace_key_action.triggered.connect(lambda: window.open_key_dialog("replace"))
    logs = QAction(window.tr("Open the &log folder"), window)
    logs.triggered.connect(lambda: open_log_folder(window))
    window.quit_action = quit_action = QAction(window.tr("&Quit"), window)
    quit_action.triggered.connect(window.close)
    for a in (window.settings_action, window.wizard_action, window.restore_key_action,
              window.replace_key_action, logs):
        file_menu.addAction(a)
    for a in (window.settings_action, window.wizard_action):
        a.setEnabled(False)  # until the pages are built: both act on them
    file_menu.addSeparator()
    file_menu.addAction(quit_action)
    help_menu = window.menuBar().addMenu(window.tr("&Help"))
    about = QAction(window.tr("&About Readiness"), window)
    about.triggered.connect(window._about)
    help_menu.addAction(about)


def open_log_folder(window: Any) -> None:
    from readiness.gui import open_things

    folder = log_dir()
    try:
        folder.mkdir(parents=True, exist_ok=True)  # nothing logged yet: still open it
    except OSError:
        pass  # open_folder says the folder is missing
    problem = open_things.open_folder(folder)
    if problem is not None:
        window.show_error(window.tr("The log folder could not be opened"), problem)
