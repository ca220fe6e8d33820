"""The Linux update verdict: pure, from ``LinuxFacts`` to an ``Outcome``."""

from __future__ import annotations

from datetime import date

from checks.updates.decide import combine, pending_parts
from checks.updates.model import (
    LISTS_MAX_DAYS,
    AptFacts,
    LinuxFacts,
    Part,
    Pending,
    package_tool,
)
from readiness.check import unknown
from readiness.model import Outcome, Scalar, Status
from readiness.words import are, plural

APT_METHOD = "apt-check (fallback: apt list --upgradable) and the package lists' age"
QUICK_METHODS = {
    "apt": APT_METHOD,
    "dnf": "dnf check-update --cacheonly exit codes and the cached lists' age",
    "zypper": "zypper --no-refresh list-patches --category security and the cached lists' age",
}
DEEP_METHODS = {
    "dnf": "dnf check-update exit codes (with --security)",
    "pacman": "checkupdates exit codes",
}
FLATPAK_METHOD = ", flatpak remote-ls --updates"


def apt_parts(apt: AptFacts, today: date, observed: dict[str, Scalar]) -> list[Part]:
    counts = apt.counts
    if not isinstance(counts, str):
        observed["method"] = counts[2]
    age: int | None = None
    if apt.lists_refreshed is not None:
        observed["lists_refreshed"] = apt.lists_refreshed.isoformat()
        age = max(0, (today - apt.lists_refreshed).days)
    observed["lists_age_days"] = age
    parts: list[Part] = []
    what = apt.waiting
    if isinstance(counts, str):
        parts.append((Status.UNKNOWN, f"Could not count waiting {what}: {counts}."))
    else:
        total, security, _ = counts
        observed["pending_total"] = total
        observed["pending_security"] = security if apt.security_known else None
        if security:
            parts.append((Status.FAIL, f"{plural(security, 'security update')} "
                          f"{are(security)} waiting to be installed "
                          f"({plural(total, 'update')} in all)."))
        elif total:
            which = ("none marked as security" if apt.security_known
                     else "could not tell which are security fixes")
            parts.append((Status.WARN, f"{plural(total, 'update')} {are(total)} waiting to be "
                          f"installed ({which})."))
        else:
            parts.append((Status.PASS, f"No {what} are waiting."))
    if age is None:
        parts.append((Status.UNKNOWN, "Could not tell when the package lists were last "
                      "refreshed, so waiting updates may be missing from the count."))
    elif age > LISTS_MAX_DAYS:
        parts.append((Status.WARN, f"The package lists were last refreshed {age} days ago, "
                      "so newer updates may be missing from the count."))
    return parts


def flatpak_parts(flatpak: Pending | None, observed: dict[str, Scalar]) -> list[Part]:
    """Flatpak apps update apart from the system: waiting ones are a warning of their own;
    none waiting adds nothing (it is not evidence about the system's packages)."""
    if flatpak is None:
        return []
    found = flatpak.found
    if found is None:
        return [(Status.UNKNOWN, "The search for waiting Flatpak app updates did not give a "
                 "usable answer.")]
    apps = [str(a) for a in found.get("titles", [])]
    observed["flatpak_pending"] = len(apps)
    if apps:
        return [(Status.WARN, f"{plural(len(apps), 'Flatpak app update')} {are(len(apps))} waiting "
                 f"({'; '.join(apps[:5])}).")]
    return []


def decide(facts: LinuxFacts) -> Outcome:
    info = facts.info
    if info is None:
        return unknown(f"Could not read the Linux release from {facts.path}.")
    observed: dict[str, Scalar] = {"id": info.get("ID")}
    name = info.get("PRETTY_NAME") or info.get("ID")
    tool = package_tool(info)
    if tool is None:
        return unknown(f"Readiness does not know how to look for updates on {name}.",
                       **observed)
    observed["package_manager"] = tool
    if facts.pending is not None:
        parts = pending_parts(facts.pending, observed, f"waiting {tool} updates")
        method = DEEP_METHODS.get(tool, tool)
    elif facts.apt is not None:
        parts = apt_parts(facts.apt, facts.today, observed)
        method = QUICK_METHODS.get(tool, tool)
    else:
        observed["pending_searched"] = False
        return unknown(
            f"On {name}, checking for waiting updates downloads the package lists and takes "
            "a while, so it only runs in the deep check.",
            **observed,
        )
    parts.extend(flatpak_parts(facts.flatpak, observed))
    if facts.flatpak is not None:
        method += FLATPAK_METHOD
    return combine(parts, observed, method)
