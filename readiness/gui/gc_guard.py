"""Garbage collection on the GUI thread only.

Python's cycle collector runs on whichever thread happens to allocate when a threshold is
crossed. If the garbage it finds holds a Qt object (a closed dialog whose slots close over
itself, say), that object's C++ destructor then runs on a check or signing thread, and Qt
crashes the process. So while the app runs, automatic collection is off and the GUI thread
collects on a timer instead, with the same thresholds the automatic collector would use.
"""

from __future__ import annotations

import gc

from PySide6.QtCore import QObject, QTimer

INTERVAL_MS = 500

_installed: MainThreadCollector | None = None


def collect_if_due() -> int:
    """Collect the oldest generation whose threshold has been crossed, as CPython would;
    returns how many objects were found unreachable (0 when nothing was due)."""
    counts, thresholds = gc.get_count(), gc.get_threshold()
    due = -1
    for generation in range(3):
        if thresholds[generation] and counts[generation] > thresholds[generation]:
            due = generation
        else:
            break  # an older generation is only due once the younger one is
    return gc.collect(due) if due >= 0 else 0


class MainThreadCollector(QObject):
    """Switches automatic collection off and collects from a timer on the thread it lives on
    (the GUI thread). ``stop`` gives collection back to Python if it had it before."""

    def __init__(self, parent: QObject | None = None, interval_ms: int = INTERVAL_MS) -> None:
        super().__init__(parent)
        self._timer = QTimer(self)
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(self.tick)
        self._was_enabled = gc.isenabled()
        gc.disable()
        self._timer.start()

    def tick(self) -> int:
        return collect_if_due()

    def stop(self) -> None:
        self._timer.stop()
        gc.collect()
        if self._was_enabled:
            gc.enable()


def install(app: QObject) -> MainThreadCollector:
    """Install the collector once per process, owned by the application object."""
    global _installed
    if _installed is None:
        _installed = MainThreadCollector(app)
    return _installed
