"""Runs checks off the GUI thread: one QThread, one worker QObject, generic signals.

The core ``Runner`` streams results through a plain callback; the worker turns each into a
``result`` signal, which Qt delivers to the GUI thread through a queued connection. Cancel is
cooperative (``Runner.cancel`` sets an event the checks see at their next probe call); the
thread is never terminated and nothing busy-waits.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Qt, QThread, Signal, Slot

from readiness.model import CheckResult, RunReport
from readiness.runner import Runner

log = logging.getLogger(__name__)


class CheckWorker(QObject):
    """Lives on the worker thread; ``run`` blocks there until the runner is done."""

    started = Signal()
    result = Signal(object)  # CheckResult
    finished = Signal(object)  # RunReport
    failed = Signal(str)

    def __init__(self, runner: Runner) -> None:
        super().__init__()
        self._runner = runner

    def cancel(self) -> None:
        # Thread-safe: Runner.cancel only sets a threading.Event.
        self._runner.cancel()

    @Slot()
    def run(self) -> None:
        self.started.emit()
        try:
            report = self._runner.run(self.result.emit)
        except Exception as exc:  # the runner contains check errors; this is a bug elsewhere
            log.exception("the run failed")
            self.failed.emit(f"{type(exc).__name__}: {exc}")
            return
        self.finished.emit(report)


class RunController(QObject):
    """Owns at most one running worker thread and re-emits its signals on the GUI thread."""

    started = Signal()
    result = Signal(object)  # CheckResult
    finished = Signal(object)  # RunReport
    failed = Signal(str)
    idle = Signal()  # the thread has ended (after finished, failed or a cancel)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._thread: QThread | None = None
        self._worker: CheckWorker | None = None
        self._cancelled = False

    @property
    def busy(self) -> bool:
        return self._thread is not None

    @property
    def cancelled(self) -> bool:
        return self._cancelled

    def start(self, runner: Runner) -> bool:
        """Start a run; returns False (and does nothing) when one is already running."""
        if self._thread is not None:
            return False
        self._cancelled = False
        thread = QThread(self)
        thread.setObjectName("readiness-checks")
        worker = CheckWorker(runner)
        worker.moveToThread(thread)
        thread.started.connect(worker.run)
        worker.started.connect(self.started)
        worker.result.connect(self._on_result)
        worker.finished.connect(self._on_finished)
        worker.failed.connect(self._on_failed)
        # The thread stops once the worker is done either way. Direct connections (quit is
        # thread-safe): a queued one would never run while shutdown() blocks in wait().
        worker.finished.connect(thread.quit, Qt.ConnectionType.DirectConnection)
        worker.failed.connect(thread.quit, Qt.ConnectionType.DirectConnection)
        thread.finished.connect(self._on_thread_finished)
        self._thread, self._worker = thread, worker
        thread.start()
        return True

    def cancel(self) -> None:
        if self._worker is not None:
            self._cancelled = True
            self._worker.cancel()

    def shutdown(self, timeout_ms: int = 10_000) -> bool:
        """Cancel and join the thread (for closing the window). True when it has ended."""
        thread = self._thread
        if thread is None:
            return True
        self.cancel()
        ended = thread.wait(timeout_ms)
        if ended:
            self._on_thread_finished()
        else:  # a check ignoring cancel past its budget; the runner itself will give up
            log.warning("the check thread did not stop within %d ms", timeout_ms)
        return bool(ended)

    def _on_result(self, result: CheckResult) -> None:
        self.result.emit(result)

    def _on_finished(self, report: RunReport) -> None:
        self.finished.emit(report)

    def _on_failed(self, message: str) -> None:
        self.failed.emit(message)

    def _on_thread_finished(self) -> None:
        thread, worker = self._thread, self._worker
        if thread is None:
            return
        self._thread = self._worker = None
        if worker is not None:
            worker.deleteLater()
        thread.deleteLater()
        self.idle.emit()


class BackgroundCall(QObject):
    """Runs one plain function on its own thread (signing, verifying, timestamping).

    ``done`` carries the return value, ``error`` the exception; both arrive on the GUI thread.
    """

    done = Signal(object)
    error = Signal(object)  # the exception instance

    def __init__(self, fn: Callable[[], Any], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._fn = fn
        self._thread = QThread(self)
        self._thread.setObjectName("readiness-task")
        self._inner = _CallWorker(fn)
        self._inner.moveToThread(self._thread)
        self._thread.started.connect(self._inner.run)
        self._inner.done.connect(self._thread.quit, Qt.ConnectionType.DirectConnection)
        self._inner.done.connect(self._deliver)
        self._value: Any = None
        self._exc: BaseException | None = None
        if parent is not None:
            # Qt aborts the whole app when a running QThread is destroyed, which is what
            # happens to this one when its owner (a dialog, a page) is deleted mid-task. The
            # owner announces its end before its children go: wait for the task then (each
            # task has its own timeouts, so the wait is bounded).
            parent.destroyed.connect(self._owner_gone)

    def _owner_gone(self) -> None:
        if self._thread.isRunning():
            self._thread.quit()
            self._thread.wait()

    def start(self) -> None:
        self._thread.start()

    @property
    def running(self) -> bool:
        return bool(self._thread.isRunning())

    def wait(self, timeout_ms: int = 30_000) -> bool:
        return bool(self._thread.wait(timeout_ms))

    def _deliver(self, outcome: tuple[bool, Any]) -> None:
        ok, value = outcome
        if ok:
            self.done.emit(value)
        else:
            self.error.emit(value)


class _CallWorker(QObject):
    done = Signal(object)  # (ok, value-or-exception)

    def __init__(self, fn: Callable[[], Any]) -> None:
        super().__init__()
        self._fn = fn

    @Slot()
    def run(self) -> None:
        try:
            value = self._fn()
        except Exception as exc:
            log.info("background task failed: %s", exc)
            self.done.emit((False, exc))
            return
        self.done.emit((True, value))
