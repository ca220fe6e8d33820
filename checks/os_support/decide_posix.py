"""Whether this macOS or Linux release is supported, from its release facts."""

from __future__ import annotations

from datetime import date
from typing import Any

from checks.os_support import decide as rules
from checks.os_support.model import LinuxFacts, MacFacts
from readiness import lifecycle
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
# Their point releases come about every six months: older data cannot show which is newest.
POINT_RELEASE_DATA_DAYS = 183


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
    return _point_release(table, product, cycle, version_id, today, out)


def _point_release(table: lifecycle.Table, product: str, cycle: dict[str, Any],
                   version_id: str, today: date, out: Outcome) -> Outcome:
    """RHEL and its rebuilds fix only the newest point release of a major version, so the
    major's dates pass only a release the table shows is that newest one, from recent data."""
    if out.status is not Status.PASS or product not in MAJOR_CYCLES:
        return out
    latest = str(cycle.get("latest") or "")
    have, newest = rules.version_key(version_id), rules.version_key(latest)
    as_of = rules.as_date(table.as_of(product))
    name = f"{PRODUCT_NAMES[product]} {version_id}"
    if have is None or newest is None or len(have) < 2:
        why = f"Could not tell which point release {name} is"
    elif have < newest:
        why = f"{name} is an older point release: only the newest ({latest} or later) is fixed"
    elif as_of is None or (today - as_of).days > POINT_RELEASE_DATA_DAYS:
        why = (f"The end-of-life table's {PRODUCT_NAMES[product]} data (as of "
               f"{table.as_of(product)}) is too old to show that {version_id} is still the "
               "newest point release, the only one that gets fixes")
    else:
        return out
    observed = {**out.observed, "latest_point_release": latest}
    return Outcome(Status.WARN, f"{why}; update it (dnf upgrade) and refresh the table. "
                   f"{out.summary}", observed, expected=out.expected, method=out.method)
