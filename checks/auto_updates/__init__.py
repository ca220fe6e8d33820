"""Automatic updates on (GPiA 047 §4: keeping security systems updated; Cyber Essentials:
security update management).

Reads the live effective setting, never the mere presence of a package: an installed
unattended-upgrades or dnf-automatic does nothing until it is switched on.

Each OS's gatherer (``facts_windows``, ``facts_macos``, ``facts_linux``) returns frozen facts,
asking only while what it has read leaves the answer open; ``decide`` (Windows, macOS) and
``decide_linux`` hold the pure verdicts.
"""

from __future__ import annotations

from checks.auto_updates import decide as rules
from checks.auto_updates import decide_linux, facts_linux, facts_macos, facts_windows
from readiness.check import CheckContext, PlatformCheck
from readiness.model import Outcome

__all__ = ["AUTO_UPDATES_ON"]


def windows(ctx: CheckContext) -> Outcome:
    return rules.decide_windows(facts_windows.gather(ctx))


def macos(ctx: CheckContext) -> Outcome:
    return rules.decide_macos(facts_macos.gather(ctx))


def linux(ctx: CheckContext) -> Outcome:
    return decide_linux.decide_linux(facts_linux.gather(ctx))


AUTO_UPDATES_ON = PlatformCheck("auto_updates_on", windows=windows, macos=macos, linux=linux,
                                budget_s=15.0)
