"""Headphones in use (GPiA 047 §4: the client must not be overheard in the practitioner's room).

An attested practice item that the machine can sometimes confirm. The practitioner's recorded
answer decides, as for every practice question (``checks.practice``), unless this computer
positively sees headphones or a headset as the default sound output right now: then the
result is a pass of kind "machine", with the probe as its evidence and a summary that says the
computer saw it. Whatever the machine finds otherwise (speakers, a device of unknown type, or
nothing readable) never lowers the answer's result; the summary just says what was found.
Nothing is played or recorded: only the system's description of its outputs is read.

Windows: Core Audio's default endpoints and their form factor (``facts_windows``, with the
value table). macOS: ``system_profiler`` audio and Bluetooth reports (``facts_macos``).
Linux: the sound server's default sink, its port type and form factor (``facts_linux``).
``decide`` combines the finding with the answer's outcome and is pure.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from checks.headphones import decide as rules
from checks.headphones import facts_linux, facts_macos, facts_windows
from checks.headphones.model import Finding
from readiness.check import Cancelled, CheckContext
from readiness.model import CheckKind, Outcome

__all__ = ["AttestedWithMachineCheck"]

log = logging.getLogger(__name__)

Look = Callable[[CheckContext], Finding]
LOOKS: Mapping[str, Look] = {"windows": facts_windows.gather, "macos": facts_macos.gather,
                             "linux": facts_linux.gather}


def look(ctx: CheckContext, looks: Mapping[str, Look] = LOOKS) -> Finding:
    """What this computer says about its sound output; a failure to look is a finding too,
    so the practitioner's answer still decides."""
    gather = looks.get(ctx.platform.os_key)
    if gather is None:
        return Finding(problem=f"Readiness cannot read the sound output on "
                       f"{ctx.platform.system or 'this system'}")
    try:
        return gather(ctx)
    except Cancelled:
        raise
    except Exception as exc:  # a bug in looking must not lose the practitioner's answer
        log.exception("looking at the sound output failed")
        return Finding(problem=f"an internal error ({type(exc).__name__})")


@dataclass(frozen=True)
class AttestedWithMachineCheck:
    """A practice question whose answer the machine may confirm: the answer decides, unless
    the machine positively sees the arrangement now (then a machine pass). The check's kind
    stays "attestation" (it is asked and answered like every practice question); a machine
    pass carries kind "machine" in its outcome, so it is never labelled a statement."""

    id: str
    decide: Callable[[CheckContext, Mapping[str, Any] | None], Outcome]
    looks: Mapping[str, Look] = field(default_factory=lambda: dict(LOOKS))
    # The slowest look (macOS: two system_profiler reports, 20 s each) must end well within
    # the budget: a look that overran would lose the answer with it.
    budget_s: float = 45.0
    kind: CheckKind = field(default=CheckKind.ATTESTATION)

    def evaluate(self, ctx: CheckContext) -> Outcome:
        answer = ctx.attestation(self.id)  # first, so the statement leads the evidence
        attested = self.decide(ctx, answer)
        return rules.combine(look(ctx, self.looks), answer, attested)
