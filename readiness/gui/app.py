"""Application entry points: the main window (``readiness``, ``readiness-gui``) and Quick mode
(``readiness --quick``). This is the composition root: it picks the host (real, or a replayed
snapshot), loads settings and wires the window."""

from __future__ import annotations

import importlib
import logging
import os
import sys
import threading
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator
from PySide6.QtWidgets import QApplication

from readiness import __version__
from readiness import settings as settings_mod
from readiness.gui import gc_guard, wheel_guard
from readiness.gui.icons import app_icon

# Kept off the launch path (the catalogue pulls in jsonschema, the pages most of the GUI):
# they are imported once the window frame has painted. See main_window.MainWindow.
if TYPE_CHECKING:
    from readiness import catalogue as catalogue_mod
    from readiness.engine import Session
    from readiness.gui.check_page import RunnerFactory
    from readiness.gui.main_window import MainWindow
    from readiness.gui.quick import QuickWindow
    from readiness.runner import Runner

log = logging.getLogger(__name__)

DESKTOP_ID = "org.readiness.Readiness"


def make_factory(replay: str | Path | None = None,
                 catalogue: catalogue_mod.Catalogue | None = None) -> RunnerFactory:
    sessions: list[Session] = []

    def factory(only: Sequence[str] | None) -> Runner:
        from readiness import profile
        from readiness.engine import Session  # usually imported already: see preload()

        # One session (host, catalogue, reference data) for every run of this window, opened
        # at the first run, not at launch; answers are read fresh each run so a just-saved
        # attestation counts at once.
        if not sessions:
            sessions.append(Session.open(replay=replay, catalogue=catalogue))
        runner = sessions[0].runner(only=only, attestations=profile.attestations())
        # The opt-in connection check, as the practitioner set it (read fresh each run).
        runner.options = {**runner.options, **settings_mod.connection_options(
            load_settings()[0])}
        return runner
    return factory


def application(argv: Sequence[str] = ()) -> QApplication:
    existing = QApplication.instance()
    if isinstance(existing, QApplication):
        app = existing
    else:
        app = QApplication([sys.argv[0] if sys.argv else "readiness", *argv])
    app.setApplicationName("Readiness")
    app.setOrganizationName("Readiness")
    app.setApplicationVersion(__version__)
    app.setDesktopFileName(DESKTOP_ID)
    app.setWindowIcon(app_icon())
    gc_guard.install(app)  # Qt objects must never be collected on a check thread
    if not any(isinstance(c, wheel_guard.WheelGuard) for c in app.children()):
        wheel_guard.install(app)  # a wheel turn never changes an unfocused answer
    if not _translators:
        _translators.extend(install_translations(app, QLocale()))
    return app


_translators: list[QTranslator] = []


def install_translations(app: QCoreApplication, locale: QLocale,
                         folder: Path | None = None) -> list[QTranslator]:
    """Qt's own strings (button boxes, file dialogs) and ours in the user's language, where a
    translation exists: ours are ``assets/i18n/readiness_<language>.qm`` (``make
    translations``); without one the UK English source strings are shown. Returns the
    translators installed, so they can be removed again."""
    from readiness.paths import assets_dir

    installed = []
    for name, where in (("qtbase", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)),
                        ("readiness", str(folder or assets_dir() / "i18n"))):
        translator = QTranslator(app)
        if translator.load(locale, name, "_", where):
            QCoreApplication.installTranslator(translator)
            installed.append(translator)
    return installed


def load_settings() -> tuple[settings_mod.Settings, str | None]:
    """The practitioner's settings with the organisation's managed settings over them
    (readiness.policy: a policy problem is logged and shown in Settings, never stops here)."""
    from readiness import policy

    managed = policy.current().policy
    try:
        return settings_mod.apply_policy(settings_mod.load(), managed), None
    except settings_mod.SettingsError as exc:
        return (settings_mod.apply_policy(settings_mod.Settings(first_run_done=True), managed),
                str(exc))


def load_pages(replay: str | None = None) -> tuple[catalogue_mod.Catalogue, RunnerFactory]:
    """The catalogue (validated against its schema) and the runner factory over it."""
    from readiness import catalogue as catalogue_mod

    cat = catalogue_mod.load()
    return cat, make_factory(replay, cat)


def _warn_settings_problem(window: MainWindow, problem: str | None) -> None:
    if problem:
        window.show_error(QCoreApplication.translate("app", "Settings could not be read"),
                          QCoreApplication.translate(
                              "app", "Readiness is using its defaults for now; your settings "
                              "file was left as it is."), problem)


def build_main_window(replay: str | None = None, *,
                      restore_state: bool = True) -> tuple[MainWindow, settings_mod.Settings]:
    """The whole window at once (screenshots, tests, and Quick mode's "Open the full app");
    raises CatalogueError when the list of checks is damaged."""
    from readiness.gui.main_window import MainWindow

    settings, problem = load_settings()
    cat, factory = load_pages(replay)
    window = MainWindow(cat, factory, settings=settings,
                        restore_state=restore_state)
    _warn_settings_problem(window, problem)
    _show_last_run(window, replay)
    return window, settings


def _show_last_run(window: MainWindow, replay: str | None) -> None:
    """The results of the last run from the same source, so a relaunch is not blank."""
    from readiness import last_run

    window.check_page.show_saved(last_run.load(str(replay) if replay else None))


def launch_main_window(replay: str | None = None, *, restore_state: bool = True,
                       prepare: Callable[[], None] | None = None,
                       ) -> tuple[MainWindow, settings_mod.Settings]:
    """The launch path: a window whose frame paints at once and whose pages are built
    straight after (``window.ready``), or which says the install is damaged
    (``window.load_failed``). ``prepare`` runs first in that second step."""
    from readiness.gui.main_window import MainWindow

    def load() -> tuple[catalogue_mod.Catalogue, RunnerFactory]:
        if prepare is not None:
            prepare()
        return load_pages(replay)

    settings, problem = load_settings()
    window = MainWindow(None, settings=settings,
                        restore_state=restore_state, loader=load)
    window.ready.connect(lambda: _warn_settings_problem(window, problem))
    window.ready.connect(lambda: _show_last_run(window, replay))
    window.load_failed.connect(lambda why: window.show_error(*_cannot_start(), why))
    return window, settings


def _cannot_start() -> tuple[str, str]:
    return (QCoreApplication.translate("app", "Readiness cannot start"),
            QCoreApplication.translate("app", "The list of checks is damaged; please reinstall "
                                       "Readiness."))


def start_logging() -> None:
    from readiness.logs import setup_logging

    setup_logging()
    log.info("Readiness %s starting", __version__)


def preload() -> None:
    """Import the checks on a background thread once the window is up: the first window
    does not wait for them, and "Run checks" does not pay for them on the GUI thread."""
    threading.Thread(target=importlib.import_module, args=("readiness.engine",),
                     name="readiness-preload", daemon=True).start()


NO_DISPLAY = ("Readiness needs a desktop session to open its window, and none was found. "
              "In a terminal, `readiness check` runs the same checks.")


def no_display(env: Mapping[str, str] | None = None, system: str | None = None) -> bool:
    """True where Qt would abort with a plugin message: a Linux or BSD session with no X or
    Wayland display (an SSH login, a console) and no platform chosen on purpose."""
    env = os.environ if env is None else env
    system = sys.platform if system is None else system
    if system in ("win32", "darwin") or env.get("QT_QPA_PLATFORM"):
        return False
    return not (env.get("DISPLAY") or env.get("WAYLAND_DISPLAY"))


def _refuse_without_display() -> int | None:
    if no_display():
        print(NO_DISPLAY, file=sys.stderr)
        return 2
    return None


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if (code := _refuse_without_display()) is not None:
        return code
    app = application(args)
    # The log file is opened once the frame is on screen: before that, nothing is done that
    # could go wrong except in Qt or Python themselves, which report on the console.
    window, settings = launch_main_window(prepare=start_logging)

    def when_ready() -> None:
        log.info("window ready")
        preload()
        from readiness.gui import background_tasks

        tasks = background_tasks.start(settings, window)
        app.aboutToQuit.connect(lambda: [t.wait(5_000) for t in tasks])
        if not settings.first_run_done:
            window.open_wizard()
        else:
            window.check_reminder()

    window.ready.connect(when_ready)
    window.show()
    return int(app.exec())


def hand_over(quick: QuickWindow, replay: str | None, check_id: str | None) -> MainWindow:
    """Quick mode's "Open the full app": one window, which takes over the quick run's
    results (no second run) and shows the chosen item; the quick window closes."""
    window, _settings = build_main_window(replay)
    if quick.report is not None and not quick.controller.busy:
        window.check_page.show_report(quick.report)
    if check_id:
        window.check_page.select(check_id)
    window.show()
    quick.close()
    return window


def quick_main(argv: Sequence[str] | None = None, replay: str | None = None) -> int:
    from readiness.gui.quick import QuickWindow

    if (code := _refuse_without_display()) is not None:
        return code
    start_logging()
    app = application(list(argv or []))
    holder: dict[str, object] = {}

    def open_full(check_id: str | None) -> None:
        holder["main"] = hand_over(quick, replay, check_id)

    from readiness import catalogue as catalogue_mod

    try:
        cat = catalogue_mod.load()
    except catalogue_mod.CatalogueError as exc:
        from readiness.gui.errors import show_error

        # Held here while the loop runs: a parentless dialog with no reference would be
        # collected at once, leaving an app with no window that never quits.
        dialog = show_error(None, *_cannot_start(), str(exc))
        code = int(app.exec())
        del dialog
        return code
    quick = QuickWindow(make_factory(replay, cat), replay, open_full=open_full)
    quick.show()
    quick.start()
    return int(app.exec())
