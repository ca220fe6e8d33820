"""macOS screen lock: branches with no real output of their own, as table rows (they
replaced handmade fixtures whose only purpose they were)."""

from __future__ import annotations

from typing import Any

import pytest

from readiness.model import Status
from tests.helpers import cmd, make_snapshot, run_check

AUTO = ["defaults", "read", "/Library/Preferences/com.apple.loginwindow", "autoLoginUser"]
SCREEN_LOCK = ["sysadminctl", "-screenLock", "status"]
IDLE = ["defaults", "-currentHost", "read", "com.apple.screensaver", "idleTime"]
PMSET = ["pmset", "-g", "custom"]
NO_AUTO = cmd(AUTO, returncode=1, stderr="The domain/default pair of "
              "(/Library/Preferences/com.apple.loginwindow, autoLoginUser) does not exist\n")
PM_10 = cmd(PMSET, "Battery Power:\n displaysleep         2\nAC Power:\n displaysleep         10\n")


@pytest.mark.parametrize(
    ("commands", "expected"),
    [
        # Nothing answers: unknown, never fail.
        ([], Status.UNKNOWN),
        # sysadminctl says something else (e.g. run outside the user's session): a lock time
        # alone proves nothing without the password setting.
        ([NO_AUTO, cmd(SCREEN_LOCK, stderr="Error: unable to read settings\n"), PM_10],
         Status.UNKNOWN),
        ([NO_AUTO, cmd(SCREEN_LOCK, "screenLock delay is immediate\n", returncode=1), PM_10],
         Status.UNKNOWN),
        # The automatic-login read fails: a lock in time is still not a pass.
        ([cmd(AUTO, returncode=1, stderr="Could not read domain\n"),
          cmd(SCREEN_LOCK, stderr="x sysadminctl[1:2] screenLock delay is immediate\n"), PM_10],
         Status.UNKNOWN),
        # Automatic login set for a user: fail, whatever the lock.
        ([cmd(AUTO, "counsellor\n"),
          cmd(SCREEN_LOCK, stderr="x sysadminctl[1:2] screenLock delay is immediate\n"), PM_10],
         Status.FAIL),
        # idleTime 0 (never) and display sleep never on one source: never locks.
        ([NO_AUTO, cmd(SCREEN_LOCK, stderr="x sysadminctl[1:2] screenLock delay is immediate\n"),
          cmd(IDLE, "0\n"), cmd(PMSET, "Battery Power:\n displaysleep 2\nAC Power:\n"
                                       " displaysleep 0\n")], Status.FAIL),
    ],
)
def test_macos_branches(commands: list[dict[str, Any]], expected: Status) -> None:
    result = run_check("screen_lock", make_snapshot("macos", commands=commands))
    assert result.status is expected, result.summary
