"""Runner overhead and a full quick check on this machine.

Targets: a run takes at most 1.3x its slowest single probe (issue 2); `readiness check` on
this machine completes in under 2 seconds (issue 3, quick check).
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass, field

from bench.common import Measurement
from readiness.catalogue import Catalogue, Clause, Entry, Fix, Framework
from readiness.check import CheckContext
from readiness.model import CheckKind, Outcome, Status
from readiness.probe import snapshot
from readiness.probe.replay import ReplayHost
from readiness.probe.types import CommandResult
from readiness.runner import Runner


class SleepyHost(ReplayHost):
    """Each command takes as long as its first argument says (in milliseconds)."""

    def run(self, argv: Sequence[str], *, timeout: float,
            encoding: str | None = None) -> CommandResult:
        time.sleep(int(argv[1]) / 1000)
        return CommandResult(tuple(argv), 0, stdout="ok")


@dataclass(frozen=True)
class SleepCheck:
    id: str
    ms: int
    budget_s: float = 10.0
    kind: CheckKind = field(default=CheckKind.MACHINE)

    def evaluate(self, ctx: CheckContext) -> Outcome:
        ctx.run(["sleep", str(self.ms)])
        return Outcome(Status.PASS, "ok")


def _catalogue(ids: list[str]) -> Catalogue:
    entries = tuple(Entry(i, CheckKind.MACHINE, f"T {i}", "this_computer", "w" * 30,
                          {"linux": Fix(("x",))}) for i in ids)
    fw = Framework("f", "F", "F", (Clause("f", "1", "c", "automated", tuple(ids)),))
    return Catalogue("2026.1.0", "0" * 64, entries, (fw,))


def runner_overhead(repeats: int = 5) -> Measurement:
    # Twenty checks with probes from 10 ms to 400 ms: the run should take about 400 ms.
    durations = [10 + 20 * i for i in range(20)]
    checks = [SleepCheck(f"c{i:02d}_x", ms) for i, ms in enumerate(durations)]
    cat = _catalogue([c.id for c in checks])
    host = SleepyHost(snapshot.parse({"format": snapshot.FORMAT,
                                      "platform": {"system": "Linux"}}))
    ratios = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        Runner(checks, cat, host).run()
        ratios.append((time.perf_counter() - t0) / (max(durations) / 1000))
    ratio = statistics.median(ratios)
    return Measurement("run time / slowest probe", ratio, "x", "<= 1.3", ratio <= 1.3)


def full_quick_check(repeats: int = 3) -> Measurement:
    times = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        subprocess.run([sys.executable, "-m", "readiness", "check", "--json"],
                       capture_output=True, check=False, timeout=120)
        times.append(time.perf_counter() - t0)
    best = statistics.median(times)
    return Measurement("readiness check --json (whole process)", best, "s", "< 2", best < 2)


def run() -> list[Measurement]:
    return [runner_overhead(), full_quick_check()]
