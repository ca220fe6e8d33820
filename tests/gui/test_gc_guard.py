"""Cycles are collected on the GUI thread only (readiness.gui.gc_guard): a Qt object found by
the collector on a check thread crashes the process (seen in CI as a segfault mid-run)."""

from __future__ import annotations

import gc
import threading

from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from readiness.gui import gc_guard
from readiness.gui.app import application


class Node:
    """A self-referencing object that records which thread finalised it."""

    def __init__(self, seen: list[str]) -> None:
        self.me = self
        self.seen = seen

    def __del__(self) -> None:
        self.seen.append(threading.current_thread().name)


def test_cycles_made_garbage_are_collected_on_the_gui_thread_not_a_worker(qtbot: QtBot) -> None:
    seen: list[str] = []
    collector = gc_guard.MainThreadCollector(interval_ms=10)
    try:
        assert not gc.isenabled()
        Node(seen)
        kept: list[list[object]] = []
        # Enough new containers on a worker to cross every threshold many times over.
        worker = threading.Thread(target=lambda: kept.extend([] for _ in range(200_000)),
                                  name="check-thread")
        worker.start()
        worker.join()
        assert seen == []  # nothing collected on the worker
        qtbot.waitUntil(lambda: bool(seen), timeout=5_000)
        assert seen == [threading.main_thread().name]
    finally:
        collector.stop()


def test_collect_if_due_follows_the_thresholds() -> None:
    before = gc.get_threshold()
    try:
        gc.collect()
        gc.set_threshold(1_000_000, 10, 10)
        assert gc_guard.collect_if_due() == 0  # nothing due yet
        seen: list[str] = []
        Node(seen)
        gc.set_threshold(1, 10, 10)
        gc_guard.collect_if_due()
        assert seen == [threading.current_thread().name]
    finally:
        gc.set_threshold(*before)


def test_the_app_installs_the_collector_once(qapp: QApplication) -> None:
    application()
    first = gc_guard._installed
    application()
    assert first is not None and gc_guard._installed is first
    assert not gc.isenabled()
