"""Restart pending (GPiA 047 §3 reliable service; §4 "only as good as its last update").

An update that waits for a restart is not protecting the computer yet, and the restart it asks
for may come in the middle of a session. Warn when something asks for a restart, and when the
computer has run for more than 14 days without one: restart before the session, not during it.

Windows: the RebootRequired (Windows Update) and RebootPending (Component-Based Servicing) keys,
PendingFileRenameOperations, and the time since Win32_OperatingSystem.LastBootUpTime. macOS:
the start time (kern.boottime) and the updates the Software Update record lists as waiting
(macOS installs them during the restart). Linux: /var/run/reboot-required (Debian, Ubuntu),
needs-restarting -r (RHEL, Fedora), a newer kernel in /lib/modules than the one running, and
/proc/uptime. All readable as an ordinary user.

Each OS's gatherer (``facts_windows``, ``facts_macos``, ``facts_linux``) returns frozen facts;
``decide`` holds the pure verdicts.
"""

from __future__ import annotations

from checks.restart_pending import decide as rules
from checks.restart_pending import facts_linux, facts_macos, facts_windows
from readiness.check import CheckContext, PlatformCheck
from readiness.model import Outcome

__all__ = ["RESTART_PENDING"]


def windows(ctx: CheckContext) -> Outcome:
    return rules.decide_windows(facts_windows.gather(ctx))


def macos(ctx: CheckContext) -> Outcome:
    return rules.decide_macos(facts_macos.gather(ctx))


def linux(ctx: CheckContext) -> Outcome:
    return rules.decide_linux(facts_linux.gather(ctx))


RESTART_PENDING = PlatformCheck("restart_pending", windows=windows, macos=macos, linux=linux,
                                budget_s=40.0)
