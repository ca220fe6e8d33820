"""What the rpm and Arch families' tools (and Flatpak) say about waiting updates.

Exit codes decide, as each tool documents them, and every answer is also checked for the
tool's own shape: an empty or garbled answer is never read as "nothing to install".
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from datetime import UTC, date, datetime, timedelta
from typing import Any

from checks.updates.model import AptFacts
from readiness.check import CheckContext
from readiness.probe.types import NOT_INSTALLED, CommandResult

DNF_CACHED = ["dnf", "check-update", "--cacheonly"]
DNF_CACHED_SECURITY = ["dnf", "check-update", "--cacheonly", "--security"]
# The form peers run and publish (osconfig, agents): patches zypper knows are needed.
ZYPPER_PATCHES = ["zypper", "--no-refresh", "--quiet", "--xmlout", "list-patches", "--category",
                  "security"]
# libzypp swaps a repository's freshly downloaded metadata folder in here when it refreshes.
# A refresh that finds nothing new may leave the folder untouched: that reads as older, never
# as fresher, than the truth (a stale warning, not a false pass).
ZYPPER_RAW = "/var/cache/zypp/raw"
CHECKUPDATES = ["checkupdates"]
FLATPAK_UPDATES = ["flatpak", "remote-ls", "--updates", "--columns=application"]

# dnf 4 (C locale): "Last metadata expiration check: 2 days, 0:41:07 ago on <date>." The
# elapsed time is Python's timedelta text, so it reads the same in every locale we set.
_DNF_AGE = re.compile(
    r"^Last metadata expiration check: (?:(\d+) days?, )?\d+:\d\d:\d\d ago", re.MULTILINE)
_DNF_SKIPPED = re.compile(r"Ignoring repositories|no cache for|[Ff]ailed to (?:download|load)")
_DNF_PKG = re.compile(r"^\S+\.\S+\s+\S+\s+\S+\s*$")
_PACMAN_LINE = re.compile(r"^(\S+) \S+ -> \S+$")
_FLATPAK_ID = re.compile(r"^[A-Za-z_][\w-]*(?:\.[\w-]+)+$")


def dnf_problem(res: CommandResult) -> str | None:
    """Why dnf's answer cannot be used, or None. 100 = updates available, 0 = none, anything
    else = error; a "none" must also carry dnf's metadata line (dnf 4) or repository line
    (dnf 5), and no repository may have been skipped (unreachable, or no cached copy)."""
    if not res.ran or res.returncode not in (0, 100):
        return res.problem()
    text = res.stdout + res.stderr
    anchors = ("Last metadata expiration check", "Repositories loaded")
    if res.returncode == 0 and not any(a in text for a in anchors):
        return "its answer was not recognised"
    if res.returncode == 0 and _DNF_SKIPPED.search(text):
        return "it skipped a repository, whose updates are then not in its answer"
    return None


def dnf_state(res: CommandResult) -> int | None:
    return None if dnf_problem(res) else int(res.returncode or 0)


def dnf_count(text: str) -> int:
    """Package lines before dnf's "Obsoleting Packages" section (which repeats them)."""
    head = re.split(r"^Obsoleting Packages\s*$", text, maxsplit=1, flags=re.MULTILINE)[0]
    return sum(1 for ln in head.splitlines() if _DNF_PKG.match(ln))


def dnf_lists_age(text: str, today: date) -> date | None:
    """The day dnf last refreshed its lists, from its own "ago" line (dnf 5 prints none)."""
    m = _DNF_AGE.search(text)
    return today - timedelta(days=int(m.group(1) or 0)) if m else None


def dnf_cached(ctx: CheckContext) -> AptFacts:
    """What dnf's cached lists say, with no download (a quick run)."""
    res = ctx.run(DNF_CACHED, timeout=20)
    refreshed = dnf_lists_age(res.stdout + "\n" + res.stderr, ctx.date)
    why = dnf_problem(res)
    if why is not None:
        return AptFacts(f"dnf could not answer from its cached lists ({why})", refreshed)
    state = dnf_state(res)
    if state == 0:
        return AptFacts((0, 0, "dnf check-update --cacheonly"), refreshed)
    total = max(1, dnf_count(res.stdout))
    # Which are security fixes needs the advisories; asked only when something is waiting.
    sec = ctx.run(DNF_CACHED_SECURITY, timeout=20)
    s_state = dnf_state(sec)
    if s_state is None:
        return AptFacts((total, 0, "dnf check-update --cacheonly"), refreshed,
                        security_known=False)
    security = max(1, dnf_count(sec.stdout)) if s_state == 100 else 0
    return AptFacts((total, security, "dnf check-update --cacheonly (with --security)"),
                    refreshed)


def parse_zypper_patches(text: str) -> int | str:
    """``zypper --xmlout list-patches`` → how many needed security patches, or why not.

    While a patch for zypper itself is pending, zypper moves every other needed patch to
    <blocked-update-list>: those are still waiting, so both lists count."""
    if "<!" in text:  # zypper prints no DTD or entities: refusing them leaves nothing to expand
        return "zypper's answer held markup it does not print"
    try:
        root = ET.fromstring(text.strip())  # noqa: S314 -- local tool's output, no DTD (above)
    except ET.ParseError:
        return "zypper's answer was not the XML it prints"
    status = root.find("update-status") if root.tag == "stream" else None
    lists = [] if status is None else [
        lst for lst in (status.find("update-list"), status.find("blocked-update-list"))
        if lst is not None]
    if not lists:
        return "zypper's answer held no patch list"
    needed = 0
    for item in (u for lst in lists for u in lst.findall("update")):
        if item.get("kind") != "patch":
            return "zypper listed something other than a patch"
        if item.get("category", "security") == "security" and \
                item.get("status", "needed") == "needed":
            needed += 1
    # Warnings (a repository skipped for missing or unreadable metadata) leave "none" untold.
    warned = [m.text or "" for m in root.iter("message") if m.get("type") in ("warning", "error")]
    if not needed and warned:
        return f"zypper warned: {warned[0].strip()[:120]}"
    return needed


def zypper_cached(ctx: CheckContext) -> AptFacts:
    """Needed security patches from zypper's cached metadata (no refresh: that needs root)."""
    res = ctx.run(ZYPPER_PATCHES, timeout=30)
    stamp = ctx.run(["stat", "-c", "%Y", ZYPPER_RAW], timeout=5)
    refreshed = None
    if stamp.ok and re.fullmatch(r"\d{9,11}", stamp.stdout.strip()):
        refreshed = datetime.fromtimestamp(int(stamp.stdout.strip()), UTC).date()
    # 0, or 100/101 (patches / security patches needed) as zypper documents its exit codes.
    if not res.ran or res.returncode not in (0, 100, 101):
        return AptFacts(f"zypper could not list patches ({res.problem()})", refreshed,
                        "security patches")
    counted = parse_zypper_patches(res.stdout)
    if isinstance(counted, str):
        return AptFacts(counted, refreshed, "security patches")
    return AptFacts((counted, counted, "zypper list-patches --category security"), refreshed,
                    "security patches")


def checkupdates_search(ctx: CheckContext) -> dict[str, Any] | None:
    """pacman-contrib's checkupdates (syncs a temporary copy of the databases): 0 = updates
    listed, 2 = none, anything else = error."""
    res = ctx.run(CHECKUPDATES, timeout=300)
    if not res.ran:
        return None
    lines = [ln.strip() for ln in res.stdout.splitlines() if ln.strip()]
    if res.returncode == 2 and not lines:
        return {"total": 0, "security": 0, "titles": []}
    matched = [_PACMAN_LINE.match(ln) for ln in lines]
    if res.returncode != 0 or not lines or not all(matched):
        return None
    names = [m.group(1) for m in matched if m]
    return {"total": len(names), "security": 0, "titles": names[:10]}


def flatpak_search(ctx: CheckContext) -> dict[str, Any] | None:
    """Flatpak apps with updates on their remotes; {"installed": False} without Flatpak."""
    res = ctx.run(FLATPAK_UPDATES, timeout=180)
    if res.error == NOT_INSTALLED:
        return {"installed": False}
    if not res.ok:
        return None
    apps = [ln.strip() for ln in res.stdout.splitlines() if ln.strip()]
    if not all(_FLATPAK_ID.match(a) for a in apps):
        return None
    return {"total": len(apps), "security": 0, "titles": apps[:10]}
