"""The camera-and-microphone verdict: pure, from one OS's facts to an ``Outcome``.

fail: a privacy switch certainly stops desktop apps using the camera or the microphone (the
video app cannot use it); warn: none present (audio-only work is still possible without a
camera; nobody hears you without a microphone), or a switch that may stop desktop apps on some
versions of the system; unknown: a list or a switch could not be read; pass otherwise.
"""

from __future__ import annotations

from checks.devices.model import EXPECTED, DeviceFacts, Kind
from readiness.model import Outcome, Scalar, Status

MAX_NAMES = 4


def _names(names: tuple[str, ...]) -> str:
    shown = list(names[:MAX_NAMES])
    more = len(names) - len(shown)
    return ", ".join(shown) + (f" and {more} more" if more > 0 else "")


def _missing(label: str) -> str:
    if label == "camera":
        return ("No camera was found: video will not work, though audio-only sessions are "
                "still possible.")
    return "No microphone was found: the client will not be able to hear you."


def _observe(label: str, k: Kind, observed: dict[str, Scalar]) -> None:
    observed[f"{label}s"] = None if k.present is None else (_names(k.present) or "none")
    if k.checked:
        observed[f"{label}_blocked"] = "; ".join(b.reason for b in k.blocks) or (
            None if k.switch_problem else "no")
    if k.unusable:
        observed[f"{label}s_unusable"] = "; ".join(k.unusable)


def _sentences(label: str, k: Kind) -> tuple[list[str], list[str], list[str]]:
    """(fail, warn, unknown) sentences about one kind of device."""
    fail = [f"The {label} is blocked for desktop apps: {b.reason}. Your video app cannot use "
            "it." for b in k.blocks if b.certain]
    warn = [f"The {label} may be blocked for desktop apps: {b.reason}." for b in k.blocks
            if not b.certain]
    unknown: list[str] = []
    if k.present is None:
        unknown.append(f"Could not tell whether a {label} is present ({k.problem}).")
    elif not k.present:
        warn.append(_missing(label))
        if k.unusable:
            warn.append(f"Found but not usable: {'; '.join(k.unusable)}.")
    if k.switch_problem and not fail:
        unknown.append(f"Could not tell whether the {label} is blocked for desktop apps "
                       f"({k.switch_problem}).")
    return fail, warn, unknown


def decide(f: DeviceFacts) -> Outcome:
    observed: dict[str, Scalar] = {}
    fails: list[str] = []
    warns: list[str] = []
    unknowns: list[str] = []
    for label, kind in (("camera", f.camera), ("microphone", f.microphone)):
        _observe(label, kind, observed)
        fail, warn, unknown = _sentences(label, kind)
        fails += fail
        warns += warn
        unknowns += unknown
    observed.update(f.extra)
    note = f" {f.note}" if f.note else ""
    if fails:
        status = Status.FAIL
        summary = " ".join(fails + warns + unknowns)
    elif warns:
        status = Status.WARN
        summary = " ".join(warns + unknowns)
    elif unknowns:
        status = Status.UNKNOWN
        summary = " ".join(unknowns)
    else:
        cams = f.camera.present or ()
        mics = f.microphone.present or ()
        status = Status.PASS
        summary = f"Camera ({_names(cams)}) and microphone ({_names(mics)}) found."
        summary += f" {f.cleared}" if f.cleared else ""
    return Outcome(status, summary + note, observed, EXPECTED, f.method)
