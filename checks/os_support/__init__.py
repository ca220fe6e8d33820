"""Operating system still supported (GPiA 047 §4: a system is only as good as its last update;
Cyber Essentials: security update management).

The release is compared with a dated end-of-life table (see ``readiness.lifecycle``), handed to
the run as reference data (``ctx.reference``): the check never opens it itself.
Windows is identified by its build number and edition from the registry, never by its product
name: Windows 11 still calls itself "Windows 10" there. A release that is not in the table is
unknown, never assumed supported.

``facts`` reads each OS's release into frozen facts (with the table and the run's date);
``decide_windows`` and ``decide_posix`` name the release and ``decide`` compares its cycle's
dates, all pure.
"""

from __future__ import annotations

from checks.os_support import decide_posix, decide_windows, facts
from readiness.check import CheckContext, PlatformCheck
from readiness.model import Outcome

__all__ = ["OS_SUPPORTED"]


def windows(ctx: CheckContext) -> Outcome:
    return decide_windows.decide(facts.windows(ctx))


def macos(ctx: CheckContext) -> Outcome:
    return decide_posix.decide_macos(facts.macos(ctx))


def linux(ctx: CheckContext) -> Outcome:
    return decide_posix.decide_linux(facts.linux(ctx))


OS_SUPPORTED = PlatformCheck("os_supported", windows=windows, macos=macos, linux=linux,
                             budget_s=10.0)
