"""Linux update facts: the release, then its package manager's answer: apt's counts and the
package lists' age (Debian family); dnf's cached lists, or in deep runs ``dnf check-update``
(Fedora and RHEL family); zypper's cached patches (SUSE); ``checkupdates`` in deep runs (Arch).
Deep runs add Flatpak apps' waiting updates."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from typing import Any

from checks.os_release import read_os_release
from checks.updates import pending
from checks.updates.linux_tools import (
    checkupdates_search,
    dnf_cached,
    dnf_count,
    dnf_state,
    flatpak_search,
    zypper_cached,
)
from checks.updates.model import AptFacts, LinuxFacts, Pending, package_tool
from readiness.check import CheckContext

APT_CHECK = "/usr/lib/update-notifier/apt-check"
LIST_STAMPS = ("/var/lib/apt/periodic/update-success-stamp", "/var/lib/apt/lists")
FLATPAK_CACHE = "pending-flatpak"

_APT_LINE = re.compile(r"^([a-z0-9][a-z0-9+.\-]*(?::[a-z0-9]+)?)/(\S+)\s+\S+\s+\S+")


def parse_apt_list(text: str) -> tuple[int, int] | str:
    """``apt list --upgradable`` → (total, security), or why it cannot be read."""
    total = security = 0
    seen_header = False
    for raw in text.splitlines():
        line = raw.strip()
        if not line:
            continue
        if line.startswith("Listing"):
            seen_header = True
            continue
        m = _APT_LINE.match(line)
        if not m:
            return "apt list printed a line it does not normally print"
        total += 1
        if any(s.endswith("-security") for s in m.group(2).split(",")):
            security += 1
    if not seen_header:
        return "apt list's output was not recognised"
    return total, security


def apt_counts(ctx: CheckContext) -> tuple[int, int, str] | str:
    """(total, security, how) pending, from apt-check or else ``apt list --upgradable``."""
    res = ctx.run([APT_CHECK], timeout=30)
    # apt-check prints "total;security" on stderr; only the numbers are read (it is translated).
    if res.ok and not res.stdout.strip():
        m = re.fullmatch(r"\s*(\d+);(\d+)\s*", res.stderr)
        if m:
            return int(m.group(1)), int(m.group(2)), "apt-check"
    lst = ctx.run(["apt", "list", "--upgradable"], timeout=30)
    if not lst.ok:
        return f"apt-check and apt list could not be used ({lst.problem() or res.problem()})"
    counted = parse_apt_list(lst.stdout)
    if isinstance(counted, str):
        return counted
    return counted[0], counted[1], "apt list --upgradable"


def lists_refreshed(ctx: CheckContext) -> date | None:
    """When the package lists were last refreshed (newest of the stamps), or None."""
    newest: int | None = None
    for path in LIST_STAMPS:
        res = ctx.run(["stat", "-c", "%Y", path], timeout=5)
        if res.ok and re.fullmatch(r"\d{9,11}", res.stdout.strip()):
            epoch = int(res.stdout.strip())
            newest = epoch if newest is None else max(newest, epoch)
    return None if newest is None else datetime.fromtimestamp(newest, UTC).date()


def dnf_search(ctx: CheckContext) -> dict[str, Any] | None:
    """The full search for waiting updates (lists refreshed), as the host caches it."""
    sec = ctx.run(["dnf", "check-update", "--security"], timeout=600)
    allu = ctx.run(["dnf", "check-update"], timeout=600)
    s_sec, s_all = dnf_state(sec), dnf_state(allu)
    if s_sec is None or s_all is None:
        return None
    security = max(1, dnf_count(sec.stdout)) if s_sec == 100 else 0
    total = max(1, dnf_count(allu.stdout), security) if s_all == 100 else security
    return {"total": total, "security": security, "titles": []}


def flatpak(ctx: CheckContext) -> Pending | None:
    """Deep runs: Flatpak apps' waiting updates; None in a quick run or without Flatpak."""
    found = pending.pending(ctx, "flatpak", lambda: flatpak_search(ctx), FLATPAK_CACHE)
    if found is not None and found.found is not None and found.found.get("installed") is False:
        return None
    return found


def gather(ctx: CheckContext) -> LinuxFacts:
    info, path = read_os_release(ctx)
    tool = package_tool(info)
    apt: AptFacts | None = None
    found: Pending | None = None
    if tool == "apt":
        apt = AptFacts(apt_counts(ctx), lists_refreshed(ctx))
    elif tool == "dnf":
        # Deep: refresh the lists and search; quick: what dnf's cached lists already say.
        found = pending.pending(ctx, "dnf", lambda: dnf_search(ctx))
        apt = dnf_cached(ctx) if found is None else None
    elif tool == "zypper":
        apt = zypper_cached(ctx)
    elif tool == "pacman":
        found = pending.pending(ctx, "pacman", lambda: checkupdates_search(ctx))
    if tool is None:
        return LinuxFacts(info, path, None, None, ctx.date)
    return LinuxFacts(info, path, apt, found, ctx.date, flatpak(ctx))
