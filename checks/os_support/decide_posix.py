"""Whether this macOS or Linux release is supported, from its release facts."""

from __future__ import annotations

from typing import Any

from checks.os_support import decide as rules
from checks.os_support.model import LinuxFacts, MacFacts
from readiness.check import unknown
from readiness.model import Outcome, Scalar

LINUX_PRODUCTS = {"ubuntu": "ubuntu", "debian": "debian", "fedora": "fedora",
                  "linuxmint": "linuxmint"}
PRODUCT_NAMES = {"ubuntu": "Ubuntu", "debian": "Debian", "fedora": "Fedora Linux",
                 "linuxmint": "Linux Mint"}


def decide_macos(facts: MacFacts) -> Outcome:
    version = facts.version
    observed: dict[str, Scalar] = {"product_version": version, "build_version": facts.build}
    if version is None:
        return unknown(f"Could not read the macOS version ({facts.how}).", **observed)
    parts = version.split(".")
    major = int(parts[0])
    if major == 10 and parts[1:2] == ["16"]:
        # What macOS 11+ reports to programs built for old SDKs: not the real version.
        return unknown("macOS reported the compatibility version 10.16, not its real version.",
                       **observed)
    cycle_id = f"10.{parts[1]}" if major == 10 and len(parts) > 1 else str(major)
    table = rules.table(facts.eol, observed)
    if isinstance(table, Outcome):
        return table
    method = f"{facts.how} ProductVersion against the end-of-life table"
    today = facts.eol.today
    cycle = table.find("macos", cycle_id)
    if cycle is None:
        key = rules.version_key(cycle_id)
        newest = rules.newest_known(table, "macos", key, today) if key else None
        if newest is not None:
            return rules.newer_outcome(table, "macos", newest, _mac_name(newest),
                                       f"macOS {version}", today, observed, method)
        return unknown(rules.aged(f"macOS {version} is not in the end-of-life table.", table,
                                  "macos", today, observed), **observed)
    name = _mac_name(cycle, version)
    return rules.cycle_outcome(table, "macos", cycle, name, today, observed, method)


def _mac_name(cycle: dict[str, Any], version: str | None = None) -> str:
    codename = cycle.get("codename")
    return f"macOS {version or cycle.get('cycle')}" + (f" ({codename})" if codename else "")


def decide_linux(facts: LinuxFacts) -> Outcome:
    info = facts.info
    if info is None:
        return unknown(f"Could not read the Linux release from {facts.path}.")
    os_id = info.get("ID", "").lower()
    version_id = info.get("VERSION_ID")
    pretty = info.get("PRETTY_NAME") or info.get("NAME") or os_id
    observed: dict[str, Scalar] = {"id": os_id, "version_id": version_id, "pretty_name": pretty}
    product = LINUX_PRODUCTS.get(os_id)
    if product is None:
        return unknown(
            f"{pretty} is not in the end-of-life table, so Readiness cannot tell whether it "
            "still gets security updates.",
            **observed,
        )
    if not version_id:
        return unknown(f"{pretty} does not state a version number (a testing or rolling "
                       "release?), so its support cannot be looked up.", **observed)
    table = rules.table(facts.eol, observed)
    if isinstance(table, Outcome):
        return table
    cycle = table.find(product, version_id)
    if cycle is None and product == "ubuntu" and version_id.count(".") > 1:
        cycle = table.find(product, ".".join(version_id.split(".")[:2]))
    method = f"{facts.path} ID and VERSION_ID against the end-of-life table"
    today = facts.eol.today
    if cycle is None:
        key = rules.version_key(version_id)
        newest = rules.newest_known(table, product, key, today) if key else None
        if newest is not None:
            label = f"{PRODUCT_NAMES[product]} {newest.get('cycle')}"
            return rules.newer_outcome(table, product, newest, label, pretty, today, observed,
                                       method)
        return unknown(rules.aged(f"{pretty} is not in the end-of-life table.", table, product,
                                  today, observed), **observed)
    return rules.cycle_outcome(table, product, cycle, pretty, today, observed, method)
