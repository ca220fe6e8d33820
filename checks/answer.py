"""A command's answer as a pure decision needs it: plain data, no host and no context.

Fact gatherers keep an ``Answer`` where the decision reads more than one value of a command's
result; ``decide`` functions then take facts alone and are table-tested without a host.
"""

from __future__ import annotations

from dataclasses import dataclass

from readiness.probe.types import CommandResult


@dataclass(frozen=True)
class Answer:
    ok: bool  # ran and exited 0
    ran: bool  # started and finished in time with an exit code
    returncode: int | None
    stdout: str
    stderr: str
    error: str | None  # e.g. "not installed"
    problem: str | None  # CommandResult.problem(): a plain reason it cannot be trusted

    @classmethod
    def of(cls, res: CommandResult) -> Answer:
        return cls(res.ok, res.ran, res.returncode, res.stdout, res.stderr, res.error,
                   res.problem())

    @classmethod
    def failed(cls, problem: str, error: str | None = None) -> Answer:
        """An answer that never came (for tests and for probes that were not run)."""
        return cls(False, False, None, "", "", error, problem)
