"""Updates installed (GPiA 047 §4: regularly updating security systems; Cyber Essentials:
security update management).

The quick check reads what the system already knows (update history, the last scan's result,
the package lists on disk: apt's, dnf's with ``--cacheonly``, zypper's with ``--no-refresh``,
with their age). A full search for pending updates can take minutes (Windows Update,
``softwareupdate --list``, ``dnf check-update``, ``checkupdates``, ``flatpak remote-ls
--updates``), so it runs only in a deep run (``ctx.deep``); its result is kept by the host with
its time and reused by later deep runs for a few hours while nothing it depends on has changed
(``pending``). Which package manager a Linux system uses comes from os-release's ID/ID_LIKE
(``model.package_tool``); a tool that is missing is an unknown, never a pass.

Each OS's gatherer (``facts_windows``, ``facts_macos``, ``facts_linux``) returns frozen facts;
its ``decide_<os>`` is pure and combines the findings (``decide``: worst first, every reason
that is not a pass shown).
"""

from __future__ import annotations

from checks.updates import (
    decide_linux,
    decide_macos,
    decide_windows,
    facts_linux,
    facts_macos,
    facts_windows,
)
from readiness.check import CheckContext, PlatformCheck
from readiness.model import Outcome

__all__ = ["UPDATES_INSTALLED"]


def windows(ctx: CheckContext) -> Outcome:
    return decide_windows.decide(facts_windows.gather(ctx))


def macos(ctx: CheckContext) -> Outcome:
    return decide_macos.decide(facts_macos.gather(ctx))


def linux(ctx: CheckContext) -> Outcome:
    return decide_linux.decide(facts_linux.gather(ctx))


UPDATES_INSTALLED = PlatformCheck("updates_installed", windows=windows, macos=macos, linux=linux,
                                  budget_s=45.0)
