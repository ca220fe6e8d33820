"""What the updates check works with: its limits and each OS's facts, read by the gatherers
so the decisions stay pure."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from readiness.model import Status

EXPECTED = "no security updates waiting, and updates installed within the last month"

PASS_DAYS = 35  # Windows: one monthly security release plus a few days' grace
FAIL_DAYS = 65  # Windows: two monthly security releases missed
SCAN_PASS_DAYS = 30  # macOS, mSCP's rule: the last full update check within 30 days
LISTS_MAX_DAYS = 7  # apt: package lists older than this may hide waiting updates

# os-release ID/ID_LIKE families: which package manager's answers the check reads. Rocky,
# Alma, Oracle and Amazon Linux name "rhel"/"fedora" in ID_LIKE; openEuler names none.
APT_FAMILY = frozenset({"debian", "ubuntu"})
DNF_FAMILY = frozenset({"fedora", "rhel", "centos", "openeuler"})
ZYPPER_FAMILY = frozenset({"suse", "opensuse", "sles", "sled"})
PACMAN_FAMILY = frozenset({"arch"})  # Manjaro, EndeavourOS: ID_LIKE=arch

Part = tuple[Status, str]  # one finding: its status and its sentence


@dataclass(frozen=True)
class Pending:
    """A deep run's search for waiting updates: its result (None: no usable answer) and when
    it was made, if it came from the host's cache."""

    found: Mapping[str, Any] | None
    cached_at: str | None = None


@dataclass(frozen=True)
class History:
    """Windows Update's history: how many entries (None: unreadable, with the problem) and
    the newest successful OS patch install."""

    entries: int | None
    newest: datetime | None = None
    newest_title: str | None = None
    problem: str = ""


@dataclass(frozen=True)
class Hotfixes:
    """The installed-hotfix list: how many (None: unreadable) and the newest install date."""

    count: int | None
    newest: date | None = None
    problem: str = ""


@dataclass(frozen=True)
class Pause:
    """Windows Update's pause setting: the read error ("missing": not paused), the raw value
    when it is text, and the date it parses to."""

    error: str | None
    raw: str | None = None
    until: datetime | None = None


@dataclass(frozen=True)
class WindowsFacts:
    history: History
    hotfixes: Hotfixes | None  # asked only when the history shows no dated OS patch
    pause: Pause
    pending: Pending | None  # None: a quick run, no search made
    today: date
    # PauseQualityUpdatesEndTime: quality (security) updates can be paused on their own.
    quality_pause: Pause = Pause("missing")


@dataclass(frozen=True)
class MacFacts:
    record: Mapping[str, Any] | str  # com.apple.SoftwareUpdate, or why it could not be read
    pending: Pending | None
    today: date


@dataclass(frozen=True)
class AptFacts:
    """What a package manager knows from its cached lists, without downloading: apt, dnf
    (--cacheonly) or zypper (--no-refresh)."""

    counts: tuple[int, int, str] | str  # (total, security, how counted), or why not
    lists_refreshed: date | None  # newest package-list refresh, None: unknown
    # zypper is asked for security patches only: its "nothing waiting" says no more.
    waiting: str = "updates"
    security_known: bool = True  # False: which waiting updates are security fixes is unknown


@dataclass(frozen=True)
class LinuxFacts:
    info: Mapping[str, str] | None  # os-release, None: unreadable
    path: str
    apt: AptFacts | None  # the cached lists' answer (apt, dnf, zypper), quick runs
    pending: Pending | None  # the full search (dnf, pacman), deep runs only
    today: date
    flatpak: Pending | None = None  # deep runs where Flatpak is installed


def package_tool(info: Mapping[str, str] | None) -> str | None:
    """The package manager os-release's ID/ID_LIKE point to, or None."""
    if not info:
        return None
    kin = {info.get("ID", "").lower(), *info.get("ID_LIKE", "").lower().split()}
    if "opensuse" in " ".join(kin):  # opensuse-leap, opensuse-tumbleweed
        kin.add("opensuse")
    for tool, fam in (("apt", APT_FAMILY), ("dnf", DNF_FAMILY), ("zypper", ZYPPER_FAMILY),
                      ("pacman", PACMAN_FAMILY)):
        if kin & fam:
            return tool
    return None


def last_full_check(record: Mapping[str, Any] | str) -> datetime | None:
    """When the Mac last completed a full check for updates (as UTC), if its record says."""
    last = record.get("LastFullSuccessfulDate") if not isinstance(record, str) else None
    if not isinstance(last, datetime):
        return None
    return last if last.tzinfo else last.replace(tzinfo=UTC)
