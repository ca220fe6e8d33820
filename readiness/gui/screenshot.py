"""Render the window after a replayed run and save a PNG (docs and tests), or open the real
window over a replayed snapshot."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication

from readiness import profile
from readiness.catalogue import CatalogueError
from readiness.engine import UsageError
from readiness.gui import signing_adapter
from readiness.gui.app import application, build_main_window, make_factory
from readiness.model import Status
from readiness.probe.snapshot import SnapshotError

TABS = {"check": 0, "history": 1, "verify": 2}


class ScreenshotError(Exception):
    """The snapshot, profile or output path is unusable; the message says which."""


def take(replay: str | None, out: str | Path, *, view: str = "check",
         select: str | None = None, size: tuple[int, int] = (1100, 740)) -> Path:
    app = application()
    try:
        runner = make_factory(replay)(None)
    except (SnapshotError, UsageError, CatalogueError, profile.ProfileError) as exc:
        raise ScreenshotError(str(exc)) from None
    # A screenshot is a still: run synchronously, then show the finished state.
    report = runner.run()
    window, settings = build_main_window(replay, restore_state=False)
    window.resize(*size)
    page = window.check_page
    page.show_report(report)
    wanted = select
    if wanted is None:
        order = (Status.FAIL, Status.WARN, Status.UNKNOWN)
        for status in order:
            hit = next((r for r in report.results if r.status is status), None)
            if hit is not None:
                wanted = hit.check_id
                break
    if wanted:
        if wanted not in page.model.check_ids():
            raise ScreenshotError(f"no item {wanted!r} to select")
        page.select(wanted)
    if view == "history":
        window.history_page.refresh()
    if view == "verify":
        window.verify_page.refresh_signers()
        folder = Path(settings.output_folder) if settings.output_folder else None
        if folder is not None and folder.is_dir():
            try:
                window.verify_page._on_verified(signing_adapter.verify([folder]))
            except Exception as exc:  # a screenshot still shows the screen without rows
                window.verify_page.summary.setText(str(exc))
    window.tabs.setCurrentIndex(TABS[view])
    window.check_reminder(notify=False)
    window.show()
    for _ in range(3):
        QCoreApplication.processEvents()
    pixmap = window.grab()
    target = Path(out)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ScreenshotError(f"cannot write {target}: {exc}") from None
    if not pixmap.save(str(target), "PNG"):
        window.close()
        raise ScreenshotError(f"cannot write {target}")
    window.close()
    app.processEvents()
    return target


def open_replayed(replay: str) -> int:
    app = application()
    try:
        window, _settings = build_main_window(replay)
    except CatalogueError as exc:
        raise ScreenshotError(str(exc)) from None
    window.show()
    return int(app.exec())
