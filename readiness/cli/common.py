"""Exit codes and small helpers shared by the subcommands."""

from __future__ import annotations

import sys

from readiness.visible import visible

__all__ = ["EXIT_FAILED", "EXIT_OK", "EXIT_USAGE", "error", "visible"]

EXIT_OK = 0
EXIT_FAILED = 1  # something failed (a check, a verification)
EXIT_USAGE = 2  # bad arguments or unreadable input


def error(message: str) -> None:
    print(f"readiness: error: {message}", file=sys.stderr)

