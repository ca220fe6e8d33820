"""The runner: concurrency, budgets, crashes, ordering, streaming and cancellation."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field

import pytest

from readiness.catalogue import Catalogue, Clause, Entry, Framework
from readiness.check import CheckContext
from readiness.model import CheckKind, CheckResult, Outcome, Status, Verdict, overall_verdict
from readiness.probe import snapshot
from readiness.probe.replay import ReplayHost
from readiness.runner import Runner
from tests.helpers import cmd, make_snapshot


@dataclass(frozen=True)
class FakeCheck:
    id: str
    fn: Callable[[CheckContext], Outcome]
    budget_s: float = 5.0
    kind: CheckKind = field(default=CheckKind.MACHINE)

    def evaluate(self, ctx: CheckContext) -> Outcome:
        return self.fn(ctx)


def catalogue_for(*ids: str) -> Catalogue:
    entries = tuple(
        Entry(i, "machine", f"Title {i}", "this_computer", "high", "why " * 6,
              {"linux": {"steps": [f"fix {i}"]}}, {})
        for i in ids
    )
    fw = Framework("gpia047", "GPiA", "GPiA 047", (Clause("gpia047", "4", "Security",
                                                          "automated", ids),))
    return Catalogue("2026.1.0", "0" * 64, entries, (fw,))


def host() -> ReplayHost:
    return ReplayHost(snapshot.parse(make_snapshot(commands=[cmd(["tool"], "ok")])))


def passing(ctx: CheckContext) -> Outcome:
    ctx.run(["tool"])
    return Outcome(Status.PASS, "fine")


def test_results_in_catalogue_order_and_streamed_as_they_finish() -> None:
    def slow(ctx: CheckContext) -> Outcome:
        time.sleep(0.3)
        return passing(ctx)

    checks = [FakeCheck("a_slow", slow), FakeCheck("b_fast", passing)]
    seen: list[str] = []
    report = Runner(checks, catalogue_for("a_slow", "b_fast"), host()).run(
        lambda r: seen.append(r.check_id))
    assert seen == ["b_fast", "a_slow"]  # streamed in finishing order
    assert [r.check_id for r in report.results] == ["a_slow", "b_fast"]  # catalogue order
    assert report.verdict is Verdict.READY


def test_checks_run_concurrently() -> None:
    def slow(ctx: CheckContext) -> Outcome:
        time.sleep(0.4)
        return passing(ctx)

    ids = [f"c{i}_x" for i in range(6)]
    t0 = time.monotonic()
    Runner([FakeCheck(i, slow) for i in ids], catalogue_for(*ids), host()).run()
    assert time.monotonic() - t0 < 1.5  # six 0.4 s checks, not 2.4 s in series


def test_a_raising_check_becomes_unknown() -> None:
    def boom(ctx: CheckContext) -> Outcome:
        raise ValueError("parser blew up")

    report = Runner([FakeCheck("boom_x", boom), FakeCheck("ok_x", passing)],
                    catalogue_for("boom_x", "ok_x"), host()).run()
    boom_r, ok_r = report.results
    assert boom_r.status is Status.UNKNOWN and "parser blew up" in boom_r.summary
    assert ok_r.status is Status.PASS
    assert report.verdict is Verdict.CAUTIONS


def test_an_overrunning_check_becomes_unknown_without_blocking() -> None:
    release = threading.Event()

    def hang(ctx: CheckContext) -> Outcome:
        ctx.run(["tool"])
        release.wait(10)
        return Outcome(Status.PASS, "too late")

    t0 = time.monotonic()
    report = Runner([FakeCheck("hang_x", hang, budget_s=0.3)], catalogue_for("hang_x"),
                    host()).run()
    release.set()
    (r,) = report.results
    assert time.monotonic() - t0 < 3
    assert r.status is Status.UNKNOWN and "time limit" in r.summary
    assert r.evidence, "what was gathered before the overrun is kept"


def test_pass_without_evidence_is_not_a_pass() -> None:
    report = Runner([FakeCheck("vibes_x", lambda ctx: Outcome(Status.PASS, "trust me"))],
                    catalogue_for("vibes_x"), host()).run()
    assert report.results[0].status is Status.UNKNOWN


def test_remediation_only_when_something_needs_fixing() -> None:
    def failing(ctx: CheckContext) -> Outcome:
        ctx.run(["tool"])
        return Outcome(Status.FAIL, "off")

    report = Runner([FakeCheck("p_x", passing), FakeCheck("f_x", failing)],
                    catalogue_for("p_x", "f_x"), host()).run()
    p, f = report.results
    assert p.remediation == () and f.remediation == ("fix f_x",)
    assert f.references[0].clause == "4"
    assert report.failed and report.verdict is Verdict.NOT_READY


def test_cancel_stops_the_run_promptly() -> None:
    started = threading.Event()

    def waits(ctx: CheckContext) -> Outcome:
        started.set()
        for _ in range(200):
            ctx.run(["tool"])  # raises Cancelled at the next probe call once cancelled
            time.sleep(0.02)
        return Outcome(Status.PASS, "finished")

    runner = Runner([FakeCheck("w_x", waits, budget_s=30)], catalogue_for("w_x"), host())
    out: list[CheckResult] = []
    t = threading.Thread(target=lambda: out.extend(runner.run().results))
    t.start()
    assert started.wait(5)
    runner.cancel()
    t.join(5)
    assert not t.is_alive()
    assert out[0].status is Status.UNKNOWN and "cancel" in out[0].summary


def test_a_broken_observer_does_not_lose_the_run() -> None:
    def observer(r: CheckResult) -> None:
        raise RuntimeError("ui gone")

    report = Runner([FakeCheck("p_x", passing)], catalogue_for("p_x"), host()).run(observer)
    assert report.results[0].status is Status.PASS


@pytest.mark.parametrize(
    ("statuses", "verdict"),
    [
        ([], Verdict.READY),
        ([Status.PASS, Status.NOT_APPLICABLE], Verdict.READY),
        ([Status.PASS, Status.UNKNOWN], Verdict.CAUTIONS),
        ([Status.WARN], Verdict.CAUTIONS),
        ([Status.WARN, Status.FAIL, Status.PASS], Verdict.NOT_READY),
        ([Status.UNKNOWN] * 3, Verdict.CAUTIONS),
    ],
)
def test_overall_verdict(statuses: list[Status], verdict: Verdict) -> None:
    assert overall_verdict(statuses) is verdict
