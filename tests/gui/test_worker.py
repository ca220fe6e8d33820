"""The worker: results stream as signals, the GUI thread stays responsive, cancel joins."""

from __future__ import annotations

import itertools
import time

from PySide6.QtCore import QTimer

from readiness import catalogue as catalogue_mod
from readiness.engine import make_runner
from readiness.gui.worker import BackgroundCall, RunController
from readiness.model import CheckResult, RunReport, Status
from tests.gui.conftest import SlowHost, handmade_snapshot


def test_results_stream_as_signals(qtbot, handmade_replay):
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


def test_gui_thread_stays_responsive_with_slow_probes(qtbot, slow_hosts):
    host = SlowHost(handmade_snapshot("linux"), delay=0.4)
    slow_hosts.append(host)
    runner = make_runner(host=host, catalogue=catalogue_mod.load())
    controller = RunController()
    ticks: list[float] = []
    timer = QTimer()
    timer.setInterval(10)
    timer.timeout.connect(lambda: ticks.append(time.monotonic()))
    timer.start()
    with qtbot.waitSignal(controller.idle, timeout=20_000):
        controller.start(runner)
    timer.stop()
    assert host.calls >= 3  # three slow systemctl calls, one after another
    gaps = [b - a for a, b in itertools.pairwise(ticks)]
    # The run took over a second; the event loop never stalled for long during it.
    assert ticks[-1] - ticks[0] > 1.0
    assert max(gaps) < 0.25, f"event loop stalled for {max(gaps):.3f}s"


def test_cancel_joins_promptly(qtbot, slow_hosts):
    host = SlowHost(handmade_snapshot("linux"), delay=60)
    slow_hosts.append(host)
    controller = RunController()
    controller.start(make_runner(host=host))
    qtbot.waitUntil(lambda: host.calls >= 1, timeout=5_000)
    t0 = time.monotonic()
    assert controller.shutdown(timeout_ms=5_000)
    assert time.monotonic() - t0 < 2.0
    assert not controller.busy


def test_background_call_delivers_value_and_error(qtbot):
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
