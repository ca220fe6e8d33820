"""Whether this macOS or Linux release is supported, from its release facts."""

from __future__ import annotations

from typing import Any

from checks.os_support import decide as rules
from checks.os_support.model import LinuxFacts, MacFacts
from readiness.check import unknown
from readiness.model import Outcome, Scalar, Status

# os-release ID -> end-of-life product. By ID only, never ID_LIKE: a derivative (Pop!_OS,
# Oracle Linux) keeps its own lifecycle. "opensuse" alone is not Leap: old Tumbleweed snapshots
# used it with a date as VERSION_ID, which would look newer than every Leap.
LINUX_PRODUCTS = {"ubuntu": "ubuntu", "debian": "debian", "fedora": "fedora",
                  "linuxmint": "linuxmint", "rhel": "rhel", "rocky": "rocky-linux",
                  "almalinux": "almalinux", "opensuse-leap": "opensuse"}
PRODUCT_NAMES = {"ubuntu": "Ubuntu", "debian": "Debian", "fedora": "Fedora Linux",
                 "linuxmint": "Linux Mint", "rhel": "Red Hat Enterprise Linux",
                 "rocky-linux": "Rocky Linux", "almalinux": "AlmaLinux OS",
                 "opensuse": "openSUSE Leap"}
# Products whose cycles are major versions: VERSION_ID "9.4" belongs to cycle "9".
MAJOR_CYCLES = frozenset({"rhel", "rocky-linux", "almalinux"})


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


def release_of(product: str, version_id: str) -> str:
    """The table cycle a VERSION_ID names: "9.4" is RHEL 9, Ubuntu "24.04.1" is 24.04."""
    parts = version_id.split(".")
    if product in MAJOR_CYCLES:
        return parts[0]
    if product == "ubuntu" and len(parts) > 2:
        return ".".join(parts[:2])
    return version_id


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
    release = release_of(product, version_id)
    cycle = table.find(product, release)
    method = f"{facts.path} ID and VERSION_ID against the end-of-life table"
    today = facts.eol.today
    if cycle is None:
        key = rules.version_key(release)
        newest = rules.newest_known(table, product, key, today) if key else None
        if newest is not None:
            label = f"{PRODUCT_NAMES[product]} {newest.get('cycle')}"
            return rules.newer_outcome(table, product, newest, label, pretty, today, observed,
                                       method)
        return unknown(rules.aged(f"{pretty} is not in the end-of-life table.", table, product,
                                  today, observed), **observed)
    out = rules.cycle_outcome(table, product, cycle, pretty, today, observed, method)
    return _older_point_release(product, cycle, version_id, out)


def _older_point_release(product: str, cycle: dict[str, Any], version_id: str,
                         out: Outcome) -> Outcome:
    """RHEL and its rebuilds fix only the newest point release of a major version: an older
    one gets nothing until it is brought up to date, so its major's dates alone do not pass."""
    if out.status is not Status.PASS or product not in MAJOR_CYCLES:
        return out
    have = rules.version_key(version_id)
    latest = str(cycle.get("latest") or "")
    newest = rules.version_key(latest)
    if have is None or newest is None or len(have) < 2 or have >= newest:
        return out
    observed = {**out.observed, "latest_point_release": latest}
    summary = (f"{PRODUCT_NAMES[product]} {version_id} is an older point release: only the "
               f"newest one ({latest} or later) gets security fixes, so update it. {out.summary}")
    return Outcome(Status.WARN, summary, observed, expected=out.expected, method=out.method)
