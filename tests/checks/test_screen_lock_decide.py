"""The screen-lock verdict from a Finding alone: no host, no probes."""

from __future__ import annotations

import pytest

from checks.screen_lock.decide import decide
from checks.screen_lock.model import Finding, soonest
from readiness.model import Status


@pytest.mark.parametrize(
    ("finding", "status"),
    [
        (Finding(unsupported="the Xfce desktop is not one Readiness can check yet"),
         Status.UNKNOWN),
        (Finding(lock_after_s=600), Status.PASS),
        (Finding(lock_after_s=601), Status.WARN),
        (Finding(lock_after_s=1800), Status.WARN),
        (Finding(lock_after_s=1801), Status.FAIL),
        (Finding(lock_after_s=300, grace_s=5), Status.PASS),
        (Finding(lock_after_s=300, grace_s=6), Status.WARN),
        (Finding(), Status.FAIL),  # nothing locks
        (Finding(undetermined=["the screen saver settings"]), Status.UNKNOWN),
        (Finding(lock_after_s=1900, undetermined=["x"]), Status.UNKNOWN),
        (Finding(no_password="the lock screen does not ask"), Status.FAIL),
        (Finding(no_password="x", undetermined=["y"]), Status.UNKNOWN),
        (Finding(lock_after_s=60, autologin="AutoAdminLogon is on"), Status.FAIL),
        (Finding(lock_after_s=60, autologin_unknown="unreadable"), Status.UNKNOWN),
        (Finding(lock_after_s=60, grace_s=60, autologin_unknown="unreadable"), Status.UNKNOWN),
        (Finding(lock_after_s=900, autologin_unknown="unreadable"), Status.UNKNOWN),
    ],
)
def test_decide(finding: Finding, status: Status) -> None:
    outcome = decide(finding)
    assert outcome.status is status, outcome.summary


@pytest.mark.parametrize(
    ("locks", "best"),
    [
        ([], None),
        ([(900, 0)], (900, 0)),
        ([(300, 0), (600, 0)], (300, 0)),
        # One that locks in time with the password at once beats a sooner one with a grace.
        ([(300, 900), (600, 0)], (600, 0)),
        ([(300, 5), (120, 6)], (300, 5)),
        # Nothing locks in time with the password at once: the soonest, then the least grace.
        ([(300, 900), (1200, 0)], (300, 900)),
        ([(1200, 60), (1200, 0)], (1200, 0)),
    ],
)
def test_soonest_lock_decides(locks: list[tuple[int, int]], best: tuple[int, int] | None) -> None:
    assert soonest(locks) == best
