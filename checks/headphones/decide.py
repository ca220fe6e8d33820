"""The headphones item: the machine's finding upgrades to a pass, or says what it found.

The practitioner's answer (``checks.practice``) decides unless this computer positively sees
headphones or a headset as the default sound output right now; then the result is a pass of
kind "machine" whose evidence is the probe, never the practitioner's word.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from typing import Any

from checks.headphones.model import EXPECTED, Finding
from readiness.model import CheckKind, Outcome, Scalar, Status


def describe(f: Finding) -> str:
    """One sentence on what this computer found, for any result."""
    if f.problem or not f.outputs:
        return (f"This computer could not tell which sound output is in use "
                f"({f.problem or 'no default output was reported'}).")
    first = f.outputs[0]
    text = f"This computer's default sound output now is '{first.name}' ({first.kind})"
    others = [o for o in f.outputs[1:] if o.name != first.name]
    if others:
        text += "; for calls it is " + ", ".join(f"'{o.name}' ({o.kind})" for o in others)
    if f.sees_headphones:
        return text + "."
    return text + ", not headphones: plug them in or choose them before the session."


def observed_of(f: Finding) -> dict[str, Scalar]:
    out: dict[str, Scalar] = {"machine_default_output": f.outputs[0].name if f.outputs else None,
                              "machine_sees_headphones": f.sees_headphones}
    if f.outputs:
        out["machine_output_type"] = f.outputs[0].evidence
    out.update(f.extra)
    return out


def machine_pass(f: Finding, answer: Mapping[str, Any] | None) -> Outcome:
    observed = observed_of(f)
    recorded = answer.get("answer") if answer is not None else None
    extra = ""
    if recorded is not None:
        observed["recorded_answer"] = str(recorded)
        if recorded != "yes":
            extra = (" You recorded a different answer; if you use headphones for sessions, "
                     "record your answer again.")
    return Outcome(Status.PASS,
                   describe(f).rstrip(".") + ": headphones are connected and in use now "
                   "(seen by this computer, not only stated)." + extra,
                   observed, EXPECTED,
                   f"seen by this computer: {f.method}", kind=CheckKind.MACHINE)


def combine(f: Finding, answer: Mapping[str, Any] | None, attested: Outcome) -> Outcome:
    """The item's outcome from the machine's finding and the answer's own outcome."""
    if f.sees_headphones:
        return machine_pass(f, answer)
    return replace(attested, summary=f"{attested.summary} {describe(f)}",
                   observed={**attested.observed, **observed_of(f)},
                   method=f"{attested.method}; this computer looked at: {f.method}"
                   if f.method else attested.method)
