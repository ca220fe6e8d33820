"""``systemctl is-active``, read strictly: one known token that agrees with the exit code."""

from __future__ import annotations

from readiness.check import CheckContext

UNIT_STATES = frozenset({"active", "inactive", "failed", "activating", "deactivating",
                         "unknown", "reloading", "maintenance"})


def parse_is_active(stdout: str, returncode: int | None) -> str | None:
    """The unit's state, or None when the answer is not one systemctl gives.

    ``is-active`` prints one token and exits 0 only for "active"; a token and exit code that
    disagree are not trusted either way.
    """
    token = stdout.strip().splitlines()[0].strip() if stdout.strip() else ""
    if token not in UNIT_STATES or (token == "active") != (returncode == 0):
        return None
    return token


def unit_state(ctx: CheckContext, unit: str) -> str | None:
    """``active``/``inactive``/… for ``unit``, or None when systemctl could not say."""
    res = ctx.run(["systemctl", "is-active", unit], timeout=5)
    if not res.ran:
        return None
    return parse_is_active(res.stdout, res.returncode)
