"""The worker: results stream as signals, the GUI thread stays responsive, cancel joins."""

from __future__ import annotations

import threading
from collections.abc import Sequence
from pathlib import Path

from pytestqt.qtbot import QtBot

from readiness import catalogue as catalogue_mod
from readiness.engine import make_runner
from readiness.gui.worker import BackgroundCall, RunController
from readiness.model import CheckResult, RunReport, Status
from readiness.probe.types import CommandResult
from tests.gui.conftest import SlowHost, handmade_snapshot


def test_results_stream_as_signals(qtbot: QtBot, handmade_replay: Path) -> None:
    controller = RunController()
    runner = make_runner(replay=handmade_replay)
    streamed: list[CheckResult] = []
    controller.result.connect(streamed.append)
    with qtbot.waitSignal(controller.idle, timeout=10_000):
        with qtbot.waitSignal(controller.finished, timeout=10_000) as done:
            assert controller.start(runner)
            assert not controller.start(runner)  # one run at a time
    report: RunReport = done.args[0]
    assert len(streamed) == len(report.results) == len(runner.checks)
    assert {r.check_id for r in streamed} == {r.check_id for r in report.results}
    firewall = next(r for r in report.results if r.check_id == "firewall_on")
    assert firewall.status is Status.FAIL
    assert not controller.busy


def test_slow_probes_run_off_the_gui_thread(qtbot: QtBot,
                                           slow_hosts: list[SlowHost]) -> None:
    # How long the event loop stalls during such a run is measured in bench/bench_gui.py;
    # here, structurally: no probe runs on the GUI thread, and results arrive on it.
    gui_thread = threading.get_ident()
    probe_threads: set[int] = set()

    class RecordingHost(SlowHost):
        def run(self, argv: Sequence[str], *, timeout: float,
                encoding: str | None = None) -> CommandResult:
            probe_threads.add(threading.get_ident())
            return super().run(argv, timeout=timeout, encoding=encoding)

    host = RecordingHost(handmade_snapshot("linux"), delay=0.1)
    slow_hosts.append(host)
    runner = make_runner(host=host, catalogue=catalogue_mod.load())
    controller = RunController()
    received_on: set[int] = set()
    controller.result.connect(lambda r: received_on.add(threading.get_ident()))
    with qtbot.waitSignal(controller.idle, timeout=20_000):
        controller.start(runner)
    assert host.calls >= 3  # three slow systemctl calls
    assert probe_threads and gui_thread not in probe_threads
    assert received_on == {gui_thread}


def test_cancel_joins(qtbot: QtBot, slow_hosts: list[SlowHost]) -> None:
    host = SlowHost(handmade_snapshot("linux"), delay=60)
    slow_hosts.append(host)
    controller = RunController()
    finished: list[RunReport] = []
    controller.finished.connect(finished.append)
    controller.start(make_runner(host=host))
    qtbot.waitUntil(lambda: host.calls >= 1, timeout=5_000)
    # Ended while a probe still waits out its 60 s: cancelled, not waited for.
    assert controller.shutdown(timeout_ms=30_000)
    assert not host.release.is_set()
    assert not controller.busy
    qtbot.waitUntil(lambda: bool(finished), timeout=5_000)  # queued from the worker thread
    (report,) = finished
    assert any("cancelled" in r.summary for r in report.results)


def test_background_call_delivers_value_and_error(qtbot: QtBot) -> None:
    ok = BackgroundCall(lambda: 42)
    with qtbot.waitSignal(ok.done, timeout=5_000) as got:
        ok.start()
    assert got.args == [42]
    ok.wait()

    def boom() -> None:
        raise ValueError("nope")

    bad = BackgroundCall(boom)
    with qtbot.waitSignal(bad.error, timeout=5_000) as err:
        bad.start()
    assert isinstance(err.args[0], ValueError)
    bad.wait()
