"""Start-up of the command line (issue 10).

Target: ``readiness --version`` within 1.5x a bare interpreter start (``python -c pass``) in the
same venv, both measured interleaved in fresh processes in the same run. A check run's import
cost is reported beside it (the modules a ``check`` loads before it probes anything).
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time

from bench.common import Measurement

ROUNDS = 15
BARE = [sys.executable, "-c", "pass"]
VERSION = [sys.executable, "-c", "import sys; from readiness.cli.main import main; "
           "sys.exit(main(['--version']))"]
CHECK_IMPORTS = [sys.executable, "-c", "import readiness.cli.main as m; "
                 "m.build_parser('check'); import readiness.engine"]


def _once(argv: list[str]) -> float:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    t0 = time.perf_counter()
    subprocess.run(argv, check=True, capture_output=True, env=env, timeout=60)
    return time.perf_counter() - t0


def run() -> list[Measurement]:
    for argv in (BARE, VERSION, CHECK_IMPORTS):  # warm-up: bytecode written, files cached
        _once(argv)
    bare, version, check = [], [], []
    for _ in range(ROUNDS):
        bare.append(_once(BARE))
        version.append(_once(VERSION))
        check.append(_once(CHECK_IMPORTS))
    b, v, c = (statistics.median(x) * 1000 for x in (bare, version, check))
    return [
        Measurement("bare interpreter start (python -c pass, median)", b, "ms", "reference",
                    True),
        Measurement(f"readiness --version (median; {v / b:.2f}x bare)", v, "ms",
                    f"<= {1.5 * b:.0f} ms (1.5x bare)", v <= 1.5 * b),
        Measurement("readiness check's imports before probing (median)", c, "ms",
                    "reported (no target)", True),
    ]


if __name__ == "__main__":
    for m in run():
        print(m.line())
