"""The restart-pending verdicts: pure, from each OS's facts to an ``Outcome``.

A restart that something asks for, or more than ``UPTIME_LIMIT_DAYS`` days without one, warns
("restart before your session, not during it"); never a failure, since nothing is unsafe yet.
Anything that could not be read makes a clean result unknown.
"""

from __future__ import annotations

from checks.restart_pending.kernels import newer_kernels
from checks.restart_pending.model import (
    EXPECTED,
    UPTIME_LIMIT_DAYS,
    LinuxFacts,
    MacFacts,
    Uptime,
    WindowsFacts,
)
from readiness.model import Outcome, Scalar, Status
from readiness.words import are, plural

ADVICE = "Restart before your session, not during it."
WINDOWS_METHOD = ("Windows Update's RebootRequired and Component-Based Servicing's "
                  "RebootPending registry keys, PendingFileRenameOperations, and "
                  "Win32_OperatingSystem.LastBootUpTime")
MACOS_METHOD = ("the start time (kern.boottime) and the updates the Software Update record "
                "lists as waiting")
LINUX_METHOD = ("/var/run/reboot-required, needs-restarting -r where installed, the running "
                "kernel against those in /lib/modules, and /proc/uptime")


def _list(items: tuple[str, ...] | list[str], limit: int = 5) -> str:
    shown = ", ".join(items[:limit])
    return shown + (f" and {len(items) - limit} more" if len(items) > limit else "")


def verdict(reasons: list[str], problems: list[str], uptime: Uptime,
            observed: dict[str, Scalar], method: str) -> Outcome:
    """The one rule every OS shares, from what asks for a restart and what could not be read."""
    if uptime.days is None:
        problems = [*problems, uptime.problem or "how long ago the computer started is unknown"]
    else:
        observed["days_since_restart"] = uptime.days
        if uptime.days > UPTIME_LIMIT_DAYS:
            reasons = [*reasons, f"the computer last restarted {uptime.days} days ago (more "
                       f"than {UPTIME_LIMIT_DAYS})"]
    if reasons:
        observed["restart_reasons"] = "; ".join(reasons)
    if problems:
        observed["could_not_check"] = "; ".join(problems)
    if reasons:
        tail = (" Some things could not be checked: " + "; ".join(problems) + "."
                if problems else "")
        return Outcome(Status.WARN, "A restart is due: " + "; ".join(reasons) + ". " + ADVICE
                       + tail, observed, EXPECTED, method)
    if problems:
        return Outcome(Status.UNKNOWN, "Could not tell whether a restart is waiting: "
                       + "; ".join(problems) + ".", observed, EXPECTED, method)
    since = (f"{plural(uptime.days, 'day')} ago" if uptime.days is not None
             else "recently")
    return Outcome(Status.PASS, f"No restart is waiting, and the computer last restarted "
                   f"{since}.", observed, EXPECTED, method)


def decide_windows(f: WindowsFacts) -> Outcome:
    reasons: list[str] = []
    problems: list[str] = []
    observed: dict[str, Scalar] = {}
    if f.reboot_required is None or f.reboot_pending is None:
        problems.append(f"the restart flags could not be read ({f.script_problem or 'no answer'})")
    if f.reboot_required:
        reasons.append("Windows Update has installed updates that need a restart")
    if f.reboot_pending:
        reasons.append("Windows has finished installing components that need a restart")
    if f.renames is None:
        problems.append(f.renames_problem or "the files waiting for a restart are unknown")
    else:
        observed["files_waiting_for_restart"] = f.renames
        if f.renames:
            reasons.append(f"{plural(f.renames, 'file')} {are(f.renames)} waiting to be "
                           "replaced or removed at the next restart")
    return verdict(reasons, problems, f.uptime, observed, WINDOWS_METHOD)


def decide_macos(f: MacFacts) -> Outcome:
    reasons: list[str] = []
    problems: list[str] = []
    observed: dict[str, Scalar] = {}
    if f.waiting is None:
        problems.append(f.waiting_problem or "waiting updates are unknown")
    else:
        observed["updates_waiting"] = f.waiting
        if f.waiting:
            names = f" ({_list(f.waiting_names)})" if f.waiting_names else ""
            reasons.append(f"{plural(f.waiting, 'macOS update')} {are(f.waiting)} "
                           f"waiting{names}; macOS installs them when it restarts")
    return verdict(reasons, problems, f.uptime, observed, MACOS_METHOD)


def _kernel(f: LinuxFacts, reasons: list[str], problems: list[str],
            observed: dict[str, Scalar]) -> None:
    if f.running_kernel is None or f.installed_kernels is None:
        problems.append(f.kernel_problem or "the kernels could not be compared")
        return
    observed["running_kernel"] = f.running_kernel
    newer = newer_kernels(f.running_kernel, f.installed_kernels)
    if newer:
        observed["newer_kernel"] = newer[-1]
        reasons.append(f"a newer kernel ({newer[-1]}) is installed but the computer is still "
                       f"running {f.running_kernel}")
    elif f.running_kernel not in f.installed_kernels:
        if f.installed_kernels:
            reasons.append(f"the running kernel ({f.running_kernel}) is no longer installed: "
                           "an update replaced it")
        else:
            problems.append("no installed kernel was found in /lib/modules")


def decide_linux(f: LinuxFacts) -> Outcome:
    reasons: list[str] = []
    problems: list[str] = []
    observed: dict[str, Scalar] = {}
    if f.flag is None:
        problems.append(f.flag_problem or "the restart flag could not be read")
    elif f.flag:
        asked = f" (asked for by {_list(f.flag_packages)})" if f.flag_packages else ""
        reasons.append(f"the system says a restart is required{asked}")
    if f.needs_restarting_problem:
        problems.append(f.needs_restarting_problem)
    elif f.needs_restarting:
        reasons.append("needs-restarting says core libraries or services were updated since "
                       "the computer started")
    _kernel(f, reasons, problems, observed)
    return verdict(reasons, problems, f.uptime, observed, LINUX_METHOD)
