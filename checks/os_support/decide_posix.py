"""Whether this macOS or Linux release is supported, from its release facts."""

from __future__ import annotations

from checks.os_support import decide as rules
from checks.os_support.model import LinuxFacts, MacFacts
from readiness.check import unknown
from readiness.model import Outcome, Scalar

LINUX_PRODUCTS = {"ubuntu": "ubuntu", "debian": "debian", "fedora": "fedora",
                  "linuxmint": "linuxmint"}


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
    cycle = table.find("macos", cycle_id)
    if cycle is None:
        return unknown(f"macOS {version} is not in the end-of-life table (as of "
                       f"{table.as_of('macos')}).", **observed)
    codename = cycle.get("codename")
    name = f"macOS {version}" + (f" ({codename})" if codename else "")
    return rules.cycle_outcome(table, "macos", cycle, name, facts.eol.today, observed,
                               f"{facts.how} ProductVersion against the end-of-life table")


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
    if cycle is None:
        return unknown(f"{pretty} is not in the end-of-life table (as of "
                       f"{table.as_of(product)}).", **observed)
    return rules.cycle_outcome(table, product, cycle, pretty, facts.eol.today, observed,
                               f"{facts.path} ID and VERSION_ID against the end-of-life table")
