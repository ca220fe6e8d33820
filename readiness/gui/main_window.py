"""The main window: Check (home), History and Verify tabs, the reminder banner and menus."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QMainWindow, QVBoxLayout, QWidget

from readiness import settings as settings_mod
from readiness.gui import window_state
from readiness.gui.icons import app_icon
from readiness.settings import Settings

# The pages (and the catalogue with its schema validation) and most Qt widget types are
# imported when they are first used, not with this module: the frame paints before that.
if TYPE_CHECKING:
    from PySide6.QtGui import QAction, QCloseEvent, QPaintEvent
    from PySide6.QtWidgets import QFrame, QPushButton, QSystemTrayIcon, QTabWidget

    from readiness.catalogue import Catalogue
    from readiness.gui.check_page import CheckPage, RunnerFactory
    from readiness.gui.errors import ErrorDialog
    from readiness.gui.history_page import HistoryPage
    from readiness.gui.sign_dialog import SignDialog
    from readiness.gui.verify_page import VerifyPage
    from readiness.gui.window_parts import AppHeader

    PageLoader = Callable[[], tuple[Catalogue, RunnerFactory]]

log = logging.getLogger(__name__)

TAB_CHECK, TAB_HISTORY, TAB_VERIFY = 0, 1, 2


class MainWindow(QMainWindow):
    """The main window. Built in two steps: the frame (title, menus and a "Getting ready" line)
    and then the pages with the reminder banner. Given a catalogue it builds both at once;
    given only a ``loader`` (the launch path) it paints the frame first and builds the pages
    straight after, so the window appears without waiting for the catalogue to be validated
    and the pages to be imported."""

    settings_changed = Signal(object)  # Settings
    ready = Signal()  # the pages are built (deferred launch only)
    load_failed = Signal(str)  # the pages could not be built: why (deferred launch only)

    # Built with the pages (see _build_pages).
    check_page: CheckPage
    history_page: HistoryPage
    verify_page: VerifyPage
    tabs: QTabWidget
    reminder: QFrame
    reminder_text: QLabel
    reminder_run: QPushButton
    reminder_dismiss: QPushButton
    header: AppHeader
    # Menu actions (main_menus.build_menus).
    settings_action: QAction
    wizard_action: QAction
    restore_key_action: QAction
    replace_key_action: QAction
    quit_action: QAction

    def __init__(self, catalogue: Catalogue | None, factory: RunnerFactory | None = None, *,
                 settings: Settings | None = None,
                 restore_state: bool = True, loader: PageLoader | None = None) -> None:
        super().__init__()
        self.settings = settings or Settings()
        self.setWindowTitle(self.tr("Readiness"))
        self.setWindowIcon(app_icon())
        self.setAccessibleName(self.tr("Readiness"))
        self.resize(1100, 740)
        self.last_error: ErrorDialog | None = None
        self.tray: QSystemTrayIcon | None = None
        self._persist = restore_state
        self._loader = loader
        self._pages_built = False

        central = QWidget()
        self._outer = outer = QVBoxLayout(central)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(0)
        # The frame is only the menus and this line, centred by stretches in plain text: it
        # must paint before anything creates Qt's enums and widget types (alignment flags,
        # rich text, key sequences, tabs), whose first use costs more than the frame itself
        # (measured by bench/bench_gui.py). The rest is built with the pages.
        self.loading = QLabel(self.tr("Getting ready…"))
        self.loading.setObjectName("loading")
        self.loading.setWordWrap(True)
        self.loading.setAccessibleName(self.tr("Getting ready"))
        self.loading_panel = QWidget()
        across = QHBoxLayout()
        across.addStretch(1)
        across.addWidget(self.loading)
        across.addStretch(1)
        down = QVBoxLayout(self.loading_panel)
        down.addStretch(1)
        down.addLayout(across)
        down.addStretch(1)
        outer.addWidget(self.loading_panel, 1)
        self.setCentralWidget(central)
        self._build_menus()
        if restore_state:
            self._restore_geometry()

        if catalogue is not None:
            if factory is None:
                raise TypeError("a catalogue needs its runner factory")
            self._build_pages(catalogue, factory)
        elif loader is None:
            raise TypeError("MainWindow needs a catalogue or a loader")
        else:
            # Normally built right after the first paint (see paintEvent); this covers a
            # window that is not painted soon, such as one started minimised.
            QTimer.singleShot(250, self, self.finish_building)

    @property
    def pages_built(self) -> bool:
        return self._pages_built

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        if self._loader is not None and not self._pages_built:
            # With self as the timer's context, so it never fires on a deleted window.
            QTimer.singleShot(0, self, self.finish_building)

    def finish_building(self) -> None:
        """Build the pages from the loader (deferred launch); does nothing once built or
        after a failed load."""
        loader, self._loader = self._loader, None
        if loader is None or self._pages_built:
            return
        try:
            catalogue, factory = loader()
        except Exception as exc:  # a damaged install: say so in the window, keep it open
            log.exception("the list of checks could not be loaded")
            self.loading.setText(self.tr("Readiness cannot start: the list of checks is "
                                         "damaged. Please reinstall Readiness."))
            self.load_failed.emit(str(exc))
            return
        self._build_pages(catalogue, factory)
        self.ready.emit()

    def _build_pages(self, catalogue: Catalogue, factory: RunnerFactory) -> None:
        from PySide6.QtWidgets import QTabWidget

        from readiness.gui.check_page import CheckPage
        from readiness.gui.history_page import HistoryPage
        from readiness.gui.verify_page import VerifyPage
        from readiness.gui.window_parts import AppHeader, build_reminder

        self.header = AppHeader()
        self.header.set_verify_only(self.settings.verify_only)
        self._outer.insertWidget(0, self.header)
        self._outer.insertWidget(1, build_reminder(self))
        self.tabs = QTabWidget()
        self.tabs.setAccessibleName(self.tr("Screens"))
        self.tabs.setDocumentMode(True)
        self._outer.addWidget(self.tabs, 1)
        self.check_page = CheckPage(catalogue, factory)
        self.history_page = HistoryPage()
        self.verify_page = VerifyPage()
        self.tabs.addTab(self.check_page, self.tr("&Check"))
        self.tabs.addTab(self.history_page, self.tr("Histor&y"))
        self.tabs.addTab(self.verify_page, self.tr("&Verify"))

        self.reminder_run.clicked.connect(self._run_from_reminder)
        self.check_page.error.connect(self.show_error)
        self.check_page.sign_requested.connect(self.open_sign_dialog)
        self.history_page.error.connect(self.show_error)
        self.history_page.verify_requested.connect(self._verify_from_history)
        self.history_page.reminder_changed.connect(self._set_reminder_days)
        self.verify_page.error.connect(self.show_error)
        self.tabs.currentChanged.connect(self._tab_changed)
        self.history_page.set_reminder_days(self.settings.reminder_days)
        if self._persist:
            self._restore_pages()
        if self.settings.verify_only:  # a supervisor's copy opens where their work is
            self.tabs.setCurrentIndex(TAB_VERIFY)
        self.loading_panel.setVisible(False)
        self.tabs.setVisible(True)  # added to a window already shown: not shown by itself
        self._set_shortcuts()
        for action in (self.settings_action, self.wizard_action):
            action.setEnabled(True)
        self._pages_built = True

    # -- menus ---------------------------------------------------------------------------
    def _build_menus(self) -> None:
        from readiness.gui.main_menus import build_menus

        build_menus(self)

    def _set_shortcuts(self) -> None:
        # Set with the pages, not the frame: the standard key sequences are costly to create.
        from PySide6.QtGui import QKeySequence

        self.settings_action.setShortcut(QKeySequence.StandardKey.Preferences)
        self.quit_action.setShortcut(QKeySequence.StandardKey.Quit)

    def _about(self) -> None:
        from readiness.gui.about_box import show_about

        show_about(self)

    # -- state (kept in window.ini: see window_state) ------------------------------------
    def _restore_geometry(self) -> None:
        window_state.restore_geometry(self)

    def _restore_pages(self) -> None:
        window_state.restore_pages(self, TAB_CHECK)

    def save_state(self) -> None:
        window_state.save_state(self, pages=self._pages_built)

    def closeEvent(self, event: QCloseEvent) -> None:
        if self._persist:
            self.save_state()
        self._loader = None  # closed before the pages were built: never build them
        # Closing during a run cancels it and joins the thread: nothing is left running.
        if self._pages_built:
            self.check_page.shutdown()
            self.history_page.shutdown()
            self.verify_page.shutdown()
        if self.tray is not None:
            self.tray.hide()
        super().closeEvent(event)

    def _tab_changed(self, index: int) -> None:
        if index == TAB_HISTORY:
            self.history_page.refresh()
        elif index == TAB_VERIFY:
            self.verify_page.refresh_signers()

    # -- errors --------------------------------------------------------------------------
    def show_error(self, title: str, message: str, details: str = "") -> None:
        from readiness.gui.errors import show_error

        self.last_error = show_error(self, title, message, details)

    # -- reminder ------------------------------------------------------------------------
    def check_reminder(self, notify: bool = True) -> bool:
        """Show the self-audit reminder when the last signed checklist is N days old."""

        if not self._pages_built:  # the banner is built with the pages; main() waits for them
            return False
        from readiness import reminders
        from readiness.gui import signing_adapter

        if self.settings.reminder_days <= 0:
            self.reminder.setVisible(False)
            return False
        try:
            entries = signing_adapter.history_entries()
        except Exception as exc:  # no store yet, or it is unreadable: no nagging then
            log.info("history unavailable for the reminder: %s", exc)
            entries = []
        due = reminders.self_audit([str(e.generated_at) for e in entries],
                                   self.settings.reminder_days, datetime.now(UTC))
        if due is None or not due.due:
            self.reminder.setVisible(False)
            return False
        from readiness.gui.reminder_notice import notice_text, notify_tray

        text = notice_text(due.days)
        self.reminder_text.setText(text)
        self.reminder.setVisible(True)
        if notify:
            self.tray = notify_tray(self, self.tray, text, self._run_from_reminder)
        return True

    def _run_from_reminder(self) -> None:
        self.reminder.setVisible(False)
        self.tabs.setCurrentIndex(TAB_CHECK)
        self.check_page.run_all()

    def _set_reminder_days(self, days: int) -> None:
        self.apply_settings(self.settings.with_changes(reminder_days=days))
        self.check_reminder(notify=False)

    # -- settings and flows --------------------------------------------------------------
    def apply_settings(self, new: Settings) -> None:
        try:
            settings_mod.save(new)
        except OSError as exc:
            self.show_error(self.tr("Settings not saved"),
                            self.tr("Readiness could not save your settings."), str(exc))
            return
        self.settings = new
        self.history_page.set_reminder_days(new.reminder_days)
        self.header.set_verify_only(new.verify_only)
        if new.verify_only:
            self.reminder.setVisible(False)
            self.tabs.setCurrentIndex(TAB_VERIFY)
        self.settings_changed.emit(new)

    def open_settings(self) -> None:
        from readiness.gui.settings_dialog import SettingsDialog

        dialog = SettingsDialog(self.settings, self)
        dialog.accepted_settings.connect(self.apply_settings)
        dialog.wizard_requested.connect(self.open_wizard)
        dialog.open()
        self.settings_dialog = dialog

    def open_key_dialog(self, which: str) -> QWidget:
        from readiness.gui.key_recovery_dialog import RestoreKeyDialog
        from readiness.gui.key_replace_dialog import ReplaceKeyDialog

        dialog = RestoreKeyDialog(self) if which == "restore" else ReplaceKeyDialog(self)
        dialog.open()
        self.key_dialog = dialog
        return dialog

    def open_wizard(self) -> None:
        from readiness.gui.wizard import FirstRunWizard

        wizard = FirstRunWizard(self.settings, self)
        wizard.finished_settings.connect(self.apply_settings)
        wizard.finished_settings.connect(lambda _s: self.check_page._refresh_detail())
        wizard.open()
        self.wizard = wizard

    def open_sign_dialog(self) -> SignDialog | None:
        from readiness.gui.sign_dialog import SignDialog

        report = self.check_page.report
        if report is None:
            return None
        dialog = SignDialog(report, self.settings, self)
        dialog.folder_chosen.connect(
            lambda folder: self.apply_settings(self.settings.with_changes(output_folder=folder)))
        dialog.signed.connect(lambda _r: self.history_page.refresh())
        dialog.signed.connect(lambda _r: self.check_reminder(notify=False))
        dialog.answer_requested.connect(self._answer_question)
        dialog.open()
        self.sign_dialog = dialog
        return dialog

    def _answer_question(self, check_id: str) -> None:
        # "Answer now" in the sign dialog: the question, selected, on the Check screen.
        self.tabs.setCurrentIndex(TAB_CHECK)
        self.check_page.select(check_id)

    def _verify_from_history(self, paths: list[str]) -> None:
        self.tabs.setCurrentIndex(TAB_VERIFY)
        self.verify_page.verify([*paths])

