"""The Summary view's work off the GUI thread: read the folder tree (saying how many files it
will check), summarise it against the people trusted and the service's interval, and write an
export atomically."""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Signal

from readiness.files import atomic_write_bytes
from readiness.gui import signing_adapter
from readiness.gui.summary_model import Interval, interval_from, load_effective_settings

if TYPE_CHECKING:
    from readiness.settings import Settings


class Progress(QObject):
    counted = Signal(int, int)  # run number, files to check


@dataclass(frozen=True)
class Outcome:
    summary: Any  # readiness.signing.summary.Summary
    interval: Interval
    unreadable: list[str]


def _unreadable(summary: Any, root: Path) -> list[str]:
    """The folders under ``root`` that could not be read (the core lists them)."""
    return [os.path.relpath(f, root) for f in summary.unreadable_folders]


def readable(root: Path) -> None:
    """Raise the OSError that says why ``root`` cannot be read (the walk would say nothing)."""
    with os.scandir(root):
        pass


def summarise_folder(root: Path, settings: Settings | None, run: int,
                     progress: Progress) -> Outcome:
    """The summary of ``root``; ``settings`` None: read them here (not on the GUI thread)."""
    try:
        from readiness.signing.summary import collect, summarise
    except ImportError as exc:
        raise signing_adapter.SigningUnavailable(str(exc)) from exc
    readable(root)
    interval = interval_from(load_effective_settings() if settings is None else settings)
    found = collect(root)  # walked once: counted here, then checked
    progress.counted.emit(run, len(found.files))
    summary = summarise(root, interval_days=interval.days, found=found)
    return Outcome(summary, interval, _unreadable(summary, root))


def write_export(path: Path, make: Callable[[], bytes]) -> Path:
    atomic_write_bytes(path, make(), mode=0o644)
    return path
