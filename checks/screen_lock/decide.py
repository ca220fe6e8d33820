"""The screen-lock verdict: pure, from a ``Finding``."""

from __future__ import annotations

from checks.screen_lock.model import (
    EXPECTED,
    GRACE_LIMIT_S,
    PASS_LIMIT_S,
    WARN_LIMIT_S,
    Finding,
)
from checks.screen_lock.model import minutes as _minutes
from readiness.model import Outcome, Status


def decide(f: Finding) -> Outcome:
    def out(status: Status, summary: str) -> Outcome:
        return Outcome(status, summary, f.observed, expected=EXPECTED, method=f.method)

    if f.unsupported:
        return out(Status.UNKNOWN, f"Could not check the screen lock: {f.unsupported}.")

    if f.autologin:
        return out(Status.FAIL, f"The computer signs in automatically ({f.autologin}), so anyone "
                                "who switches it on gets in without a password.")
    if f.no_password and f.lock_after_s is None and not f.undetermined:
        return out(Status.FAIL, f"No password is needed to get back in: {f.no_password}.")
    t = f.lock_after_s
    if t is not None and t <= PASS_LIMIT_S and f.grace_s <= GRACE_LIMIT_S:
        if f.autologin_unknown:
            return out(Status.UNKNOWN, f"The screen locks after {_minutes(t)}, but "
                                       f"{f.autologin_unknown}.")
        return out(Status.PASS, f"The screen locks after {_minutes(t)} of inactivity and asks "
                                "for the password straight away.")
    if t is not None and t <= PASS_LIMIT_S and not f.autologin_unknown:
        return out(Status.WARN, f"The screen locks after {_minutes(t)}, but for "
                                f"{_minutes(f.grace_s)} after that it opens again without the "
                                "password.")
    if f.undetermined:
        lead = (f"The known settings lock only after {_minutes(t)}, but"
                if t is not None else "Could not tell when the screen locks:")
        return out(Status.UNKNOWN, f"{lead} " + "; ".join(f.undetermined) + " could not be read.")
    if t is None:
        return out(Status.FAIL, "The screen never locks by itself when the computer is left idle.")
    if t > WARN_LIMIT_S:
        return out(Status.FAIL, f"The screen locks only after {_minutes(t)} of inactivity; "
                                "anyone nearby has a long time to use it.")
    if f.autologin_unknown:
        return out(Status.UNKNOWN, f"The screen locks after {_minutes(t)}, but "
                                   f"{f.autologin_unknown}.")
    parts = []
    if t > PASS_LIMIT_S:
        parts.append(f"locks only after {_minutes(t)} (10 minutes or less is safer)")
    if f.grace_s > GRACE_LIMIT_S:
        parts.append(f"for {_minutes(f.grace_s)} after it locks, it opens again without the "
                     "password")
    return out(Status.WARN, "The screen " + " and ".join(parts) + ".")

