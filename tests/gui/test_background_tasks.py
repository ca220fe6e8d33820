"""The opt-in start-up tasks run only when turned on, and never on the GUI thread's time."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest
from PySide6.QtCore import QObject
from pytestqt.qtbot import QtBot

from readiness.gui import background_tasks
from readiness.settings import Settings


def test_nothing_starts_by_default(qtbot: QtBot) -> None:
    parent = QObject()
    assert background_tasks.start(Settings(), parent) == []


def test_each_option_starts_only_its_task(qtbot: QtBot, monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[str] = []

    def task(name: str) -> Callable[[], str]:
        def run() -> str:
            calls.append(name)
            return "ok"
        return run

    monkeypatch.setattr(background_tasks, "_refresh_lifecycle", task("lifecycle"))
    monkeypatch.setattr(background_tasks, "_timestamp_queued", task("tsa"))
    parent = QObject()
    tasks = background_tasks.start(Settings(trusted_timestamps=True), parent)
    for t in tasks:
        assert t.wait(5_000)
    assert calls == ["tsa"]

    calls.clear()
    tasks = background_tasks.start(Settings(lifecycle_refresh=True), parent,
                                   today=date(2999, 1, 1))
    for t in tasks:
        assert t.wait(5_000)
    assert calls == ["lifecycle"]


def test_fresh_lifecycle_data_is_not_fetched_again(qtbot: QtBot) -> None:
    from readiness import lifecycle

    fetched = date.fromisoformat(lifecycle.load().fetched_at)
    tasks = background_tasks.start(Settings(lifecycle_refresh=True), QObject(), today=fetched)
    assert tasks == []


def test_a_failing_task_is_only_logged(qtbot: QtBot, monkeypatch: pytest.MonkeyPatch,
                                       caplog: pytest.LogCaptureFixture) -> None:
    def boom() -> str:
        raise OSError("offline")

    monkeypatch.setattr(background_tasks, "_timestamp_queued", boom)
    parent = QObject()  # kept alive: Qt aborts if a running thread's owner is destroyed
    (task,) = background_tasks.start(Settings(trusted_timestamps=True), parent)
    with qtbot.waitSignal(task.error, timeout=5_000):
        pass
    assert task.wait(5_000)
