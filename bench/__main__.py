"""Run every bench/bench_*.py module and print each measurement against its target."""

from __future__ import annotations

import importlib
import sys
from pathlib import Path


def main() -> int:
    missed = 0
    for path in sorted(Path(__file__).parent.glob("bench_*.py")):
        module = importlib.import_module(f"bench.{path.stem}")
        print(f"== {path.stem}")
        for m in module.run():
            print("  " + m.line())
            missed += not m.met
    print(f"{missed} target(s) missed")
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
