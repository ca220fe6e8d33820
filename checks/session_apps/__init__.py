"""Session apps and browsers up to date (GPiA 047 §4: a system is only as good as its last
update; §3: a reliable service, on a video app that still works).

Zoom, Microsoft Teams (new and classic), Skype, Google Chrome, Microsoft Edge, Firefox and
Safari are looked for where each system records them: Windows' Uninstall keys and Store
packages, the app bundles' Info.plist on macOS, packages, Flatpaks and snaps on Linux. Each
version found is compared with a dated table of current versions (``readiness.versions``),
handed to the run as reference data (``ctx.reference``): the check never opens it itself.

Out of date is a warning; a release line the table marks as no longer getting security fixes
(Skype, retired in May 2025) fails; an app the table has no data for, or a match in a table
too old to vouch for it, is unknown, never a pass. Nothing found is not applicable.

``facts_windows``, ``facts_macos`` and ``facts_linux`` gather; ``schemes`` reads each
vendor's version numbers; ``decide`` is pure.
"""

from __future__ import annotations

from collections.abc import Callable

from checks.session_apps import decide as rules
from checks.session_apps import facts_linux, facts_macos, facts_windows
from checks.session_apps.model import AppFacts, Found
from readiness.check import CheckContext, PlatformCheck
from readiness.lifecycle import Table
from readiness.model import Outcome
from readiness.reference import VERSIONS

__all__ = ["SESSION_APPS"]

Gather = Callable[[CheckContext], tuple[list[Found], list[str]]]


def _facts(ctx: CheckContext, os_key: str, gather: Gather) -> AppFacts:
    found, problems = gather(ctx)
    unique = tuple(dict.fromkeys(found))  # the same app read twice counts once
    ref = ctx.reference(VERSIONS)
    table = ref.data if isinstance(ref.data, Table) else None
    return AppFacts(os_key, unique, tuple(problems), table, ref.problem, ctx.date)


def windows(ctx: CheckContext) -> Outcome:
    return rules.decide(_facts(ctx, "windows", facts_windows.gather))


def macos(ctx: CheckContext) -> Outcome:
    return rules.decide(_facts(ctx, "macos", facts_macos.gather))


def linux(ctx: CheckContext) -> Outcome:
    return rules.decide(_facts(ctx, "linux", facts_linux.gather))


SESSION_APPS = PlatformCheck("session_apps_current", windows=windows, macos=macos, linux=linux,
                             budget_s=40.0)
