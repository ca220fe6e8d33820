"""The runner: concurrency, budgets, crashes, ordering, streaming and cancellation."""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field

import pytest

from readiness.catalogue import Catalogue, Clause, Entry, Fix, Framework
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
        Entry(i, CheckKind.MACHINE, f"Title {i}", "this_computer", "why " * 6,
              {"linux": Fix((f"fix {i}",))})
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
    fast_done = threading.Event()

    def slow(ctx: CheckContext) -> Outcome:
        fast_done.wait(10)  # finishes after b_fast, whatever the scheduler does
        return passing(ctx)

    def fast(ctx: CheckContext) -> Outcome:
        try:
            return passing(ctx)
        finally:
            fast_done.set()

    checks = [FakeCheck("a_slow", slow), FakeCheck("b_fast", fast)]
    seen: list[str] = []
    report = Runner(checks, catalogue_for("a_slow", "b_fast"), host()).run(
        lambda r: seen.append(r.check_id))
    assert seen == ["b_fast", "a_slow"]  # streamed in finishing order
    assert [r.check_id for r in report.results] == ["a_slow", "b_fast"]  # catalogue order
    assert report.verdict is Verdict.READY


def test_checks_run_concurrently() -> None:
    ids = [f"c{i}_x" for i in range(6)]
    # Each check passes only once all six are running at the same time; run one after
    # another, the first would wait alone, break the barrier and every check be unknown.
    together = threading.Barrier(len(ids), timeout=10)

    def meet(ctx: CheckContext) -> Outcome:
        together.wait()
        return passing(ctx)

    report = Runner([FakeCheck(i, meet) for i in ids], catalogue_for(*ids), host()).run()
    assert [r.status for r in report.results] == [Status.PASS] * len(ids)


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

    returned = threading.Event()

    def hang(ctx: CheckContext) -> Outcome:
        ctx.run(["tool"])
        release.wait(60)
        returned.set()
        return Outcome(Status.PASS, "too late")

    report = Runner([FakeCheck("hang_x", hang, budget_s=0.3)], catalogue_for("hang_x"),
                    host()).run()
    assert not returned.is_set()  # the run ended while the check was still stuck
    release.set()
    (r,) = report.results
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


def test_cancel_stops_the_run() -> None:
    started = threading.Event()
    idle = threading.Event()  # never set: a pause between probes

    def waits(ctx: CheckContext) -> Outcome:
        started.set()
        while True:  # ends only when cancelled (or, broken, at its 30 s budget: not a pass)
            ctx.run(["tool"])  # raises Cancelled at the next probe call once cancelled
            idle.wait(0.02)

    runner = Runner([FakeCheck("w_x", waits, budget_s=30)], catalogue_for("w_x"), host())
    out: list[CheckResult] = []
    t = threading.Thread(target=lambda: out.extend(runner.run().results))
    t.start()
    assert started.wait(5)
    runner.cancel()
    t.join(60)  # only so a broken build cannot hang CI; the check is on the result
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
