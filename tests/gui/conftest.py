"""GUI test fixtures: handmade replay snapshots, a deliberately slow host, and windows that
are always shut down (threads joined) at teardown."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

import pytest
from pytestqt.qtbot import QtBot

from readiness.probe import snapshot as snapshot_mod
from readiness.probe.replay import ReplayHost
from readiness.probe.types import CommandResult
from tests.helpers import cmd, make_snapshot

if TYPE_CHECKING:  # the GUI modules are imported inside the fixture, as the app does
    from readiness.gui.check_page import RunnerFactory
    from readiness.gui.main_window import MainWindow
    from readiness.settings import Settings

INACTIVE = {"stdout": "inactive\n", "returncode": 3}


def handmade_snapshot(os_key: str = "linux") -> dict[str, Any]:
    """A handmade snapshot (not a recording): on Linux every firewall front-end is inactive,
    so the firewall check fails; on the other systems it holds nothing, so checks cannot
    tell and say so."""
    if os_key != "linux":
        return make_snapshot(os_key)
    return make_snapshot(
        "linux",
        commands=[
            cmd(["systemctl", "is-active", unit], **INACTIVE)  # type: ignore[arg-type]
            for unit in ("ufw.service", "firewalld.service", "nftables.service")
        ],
    )


def write_snapshot(folder: Path, data: dict[str, Any]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / snapshot_mod.FILENAME).write_text(json.dumps(data), encoding="utf-8")
    return folder


@pytest.fixture
def handmade_replay(tmp_path: Path) -> Path:
    return write_snapshot(tmp_path / "handmade-linux-snapshot", handmade_snapshot("linux"))


class SlowHost(ReplayHost):
    """Replays a snapshot, but every command takes ``delay`` seconds (a slow probe).

    The wait is on an event so teardown can release it at once."""

    def __init__(self, data: dict[str, Any], delay: float) -> None:
        super().__init__(snapshot_mod.parse(data))
        self.delay = delay
        self.release = threading.Event()
        self.calls = 0

    def run(self, argv: Sequence[str], *, timeout: float,
            encoding: str | None = None) -> CommandResult:
        self.calls += 1
        self.release.wait(self.delay)
        return super().run(argv, timeout=timeout, encoding=encoding)


@pytest.fixture
def slow_hosts() -> Iterator[list[SlowHost]]:
    hosts: list[SlowHost] = []
    yield hosts
    for h in hosts:
        h.release.set()


class MakeWindow(Protocol):
    def __call__(self, replay: Path | None, *, settings: Settings | None = None,
                 factory: RunnerFactory | None = None,
                 restore_state: bool = True) -> MainWindow: ...


@pytest.fixture
def make_window(qtbot: QtBot) -> Iterator[MakeWindow]:
    """Build the real main window over a replayed snapshot; shut it down at teardown."""
    from readiness import catalogue as catalogue_mod
    from readiness.gui.app import make_factory
    from readiness.gui.main_window import MainWindow
    from readiness.settings import Settings

    windows: list[MainWindow] = []

    def build(replay: Path | None, *, settings: Settings | None = None,
              factory: RunnerFactory | None = None, restore_state: bool = True) -> MainWindow:
        window = MainWindow(catalogue_mod.load(), factory or make_factory(replay),
                            settings=settings or Settings(first_run_done=True),
                            restore_state=restore_state)
        qtbot.addWidget(window)
        windows.append(window)
        return window

    yield build
    for w in windows:
        w.check_page.shutdown()
        w.verify_page.shutdown()
