"""What the screen-lock check decides with: one ``Finding`` per run, filled by a gatherer."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from readiness.model import Scalar

PASS_LIMIT_S = 600
WARN_LIMIT_S = 1800
GRACE_LIMIT_S = 5
EXPECTED = "locks within 10 minutes of inactivity and asks for the password at once"


@dataclass
class Finding:
    """What one platform's probes established, before the shared decision."""

    lock_after_s: int | None = None  # soonest known lock, None = no known mechanism locks
    grace_s: int = 0
    undetermined: list[str] = field(default_factory=list)  # mechanisms we could not read
    no_password: str | None = None  # why no password is needed, when that is the case
    autologin: str | None = None  # who/what signs in automatically
    autologin_unknown: str | None = None
    observed: dict[str, Scalar] = field(default_factory=dict)
    method: str = ""
    unsupported: str | None = None  # why this desktop cannot be checked at all


def minutes(seconds: int) -> str:
    if seconds % 60 == 0:
        m = seconds // 60
        return f"{m} minute{'s' if m != 1 else ''}"
    return f"{seconds} seconds"


def soonest(locks: list[tuple[int, int]]) -> tuple[int, int] | None:
    """The (lock after, grace) that decides, among the mechanisms that lock: one that locks in
    time with the password at once wins; otherwise the soonest, then the shortest grace."""
    if not locks:
        return None
    return min(locks, key=lambda x: (not (x[0] <= PASS_LIMIT_S and x[1] <= GRACE_LIMIT_S), x))


def int_or_none(text: str | None) -> int | None:
    if text is None or not re.fullmatch(r"-?\d{1,10}", text):
        return None
    return int(text)
