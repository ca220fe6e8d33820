"""The Linux update verdict: pure, from ``LinuxFacts`` to an ``Outcome``."""

from __future__ import annotations

from datetime import date

from checks.os_release import family
from checks.updates.decide import combine, pending_parts
from checks.updates.model import (
    APT_FAMILY,
    DNF_FAMILY,
    LISTS_MAX_DAYS,
    AptFacts,
    LinuxFacts,
    Part,
)
from readiness.check import unknown
from readiness.model import Outcome, Scalar, Status

APT_METHOD = "apt-check (fallback: apt list --upgradable) and the package lists' age"
DNF_METHOD = "dnf check-update exit codes (with --security)"


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
    if isinstance(counts, str):
        parts.append((Status.UNKNOWN, f"Could not count waiting updates: {counts}."))
    else:
        total, security, _ = counts
        observed["pending_total"] = total
        observed["pending_security"] = security
        if security:
            parts.append((Status.FAIL, f"{security} security update(s) are waiting to be "
                          f"installed ({total} updates in all)."))
        elif total:
            parts.append((Status.WARN, f"{total} update(s) are waiting to be installed "
                          "(none marked as security)."))
        else:
            parts.append((Status.PASS, "No updates are waiting."))
    if age is None:
        parts.append((Status.UNKNOWN, "Could not tell when the package lists were last "
                      "refreshed, so waiting updates may be missing from the count."))
    elif age > LISTS_MAX_DAYS:
        parts.append((Status.WARN, f"The package lists were last refreshed {age} days ago, "
                      "so newer updates may be missing from the count."))
    return parts


def decide(facts: LinuxFacts) -> Outcome:
    info = facts.info
    if info is None:
        return unknown(f"Could not read the Linux release from {facts.path}.")
    kin = family(dict(info))
    observed: dict[str, Scalar] = {"id": info.get("ID")}
    if kin & APT_FAMILY and facts.apt is not None:
        return combine(apt_parts(facts.apt, facts.today, observed), observed, APT_METHOD)
    if kin & DNF_FAMILY:
        if facts.pending is None:
            observed["pending_searched"] = False
            return unknown(
                "On Fedora, checking for waiting updates downloads the update lists and takes "
                "a while, so it only runs in the deep check.",
                **observed,
            )
        parts = pending_parts(facts.pending, observed, "waiting dnf updates")
        return combine(parts, observed, DNF_METHOD)
    name = info.get("PRETTY_NAME") or info.get("ID")
    return unknown(f"Readiness does not know how to look for updates on {name}.", **observed)
