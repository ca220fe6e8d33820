"""The facts the restart-pending verdicts are made from, and what they expect."""

from __future__ import annotations

from dataclasses import dataclass

# Longer than this without a restart warns: updates that were installed may not be in use yet,
# and a long-running system is likelier to prompt for (or force) a restart at a bad moment.
UPTIME_LIMIT_DAYS = 14

EXPECTED = (f"no restart waiting (no update or system change asking for one) and the computer "
            f"restarted within the last {UPTIME_LIMIT_DAYS} days")


@dataclass(frozen=True)
class Uptime:
    """Whole days since the computer started, or None with the reason it is not known."""

    days: int | None
    problem: str = ""


@dataclass(frozen=True)
class WindowsFacts:
    """Windows Update's and Component-Based Servicing's restart flags (registry keys whose
    presence is the flag), the files queued to be replaced at the next start, and uptime."""

    reboot_required: bool | None  # ...\WindowsUpdate\Auto Update\RebootRequired exists
    reboot_pending: bool | None  # ...\Component Based Servicing\RebootPending exists
    uptime: Uptime
    script_problem: str = ""  # why the PowerShell answer could not be used
    renames: int | None = None  # PendingFileRenameOperations entries; 0 when the value is absent
    renames_problem: str = ""


@dataclass(frozen=True)
class MacFacts:
    """Uptime from the boot time, and the updates the Software Update record says are waiting
    (macOS installs system updates during a restart)."""

    uptime: Uptime
    waiting: int | None  # recommended updates waiting; None when the record could not say
    waiting_names: tuple[str, ...] = ()
    waiting_problem: str = ""


@dataclass(frozen=True)
class LinuxFacts:
    """The distribution's restart flags and whether a newer kernel is installed."""

    uptime: Uptime
    # /var/run/reboot-required (Debian, Ubuntu and derivatives): True present, False absent.
    flag: bool | None
    flag_packages: tuple[str, ...] = ()
    flag_problem: str = ""
    # `needs-restarting -r` (RHEL, Fedora and derivatives): True a restart is needed, False not,
    # None when not installed (no problem) or not understood (needs_restarting_problem says).
    needs_restarting: bool | None = None
    needs_restarting_problem: str = ""
    running_kernel: str | None = None
    installed_kernels: tuple[str, ...] | None = None  # the kernels' module folders
    kernel_problem: str = ""
