"""Which Windows release this is, from the registry's facts, and whether it is supported.

Windows is identified by its build number and edition, never by its product name: Windows 11
still calls itself "Windows 10" there.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from checks.os_support import decide as rules
from checks.os_support.model import WindowsFacts
from readiness import lifecycle
from readiness.check import unknown
from readiness.model import Outcome, Scalar

METHOD = "registry CurrentBuild, DisplayVersion and EditionID against the end-of-life table"

# EditionID → the servicing track endoflife.date uses: w = Home/Pro, e = Enterprise/Education,
# LTSC editions have their own cycles. Anything else (Server, unknown) is not guessed.
EDITIONS: dict[str, str] = {
    **dict.fromkeys(
        ["core", "coren", "coresinglelanguage", "corecountryspecific", "professional",
         "professionaln", "professionaleducation", "professionaleducationn",
         "professionalworkstation", "professionalworkstationn", "cloudedition",
         "cloudeditionn"],
        "w",
    ),
    **dict.fromkeys(
        ["enterprise", "enterprisen", "education", "educationn", "iotenterprise",
         "iotenterprisek", "enterpriseg", "enterprisegn", "serverrdsh"],
        "e",
    ),
    **dict.fromkeys(["enterprises", "enterprisesn"], "e-lts"),
    **dict.fromkeys(["iotenterprises", "iotenterprisesk"], "iot-lts"),
}


def find_cycle(table: lifecycle.Table, build: str,
               track: str) -> tuple[dict[str, Any] | None, str]:
    """The cycle for this build and servicing track, and why none when there is none."""
    matches = [
        c for c in table.cycles("windows")
        if str(c.get("latest") or "").split(".")[2:3] == [build]
    ]
    if not matches:
        return None, f"build {build} is not in the end-of-life table"
    for c in matches:
        if str(c.get("cycle")).endswith("-" + track):
            return c, ""
    if track not in ("e-lts", "iot-lts"):
        # Older releases have one cycle for every edition ("10-22h2", "10-21h1").
        shared = [c for c in matches if not re.search(r"-(w|e|e-lts|iot-lts|iot)$",
                                                      str(c.get("cycle")))]
        if len(shared) == 1:
            return shared[0], ""
    return None, f"no end-of-life entry for build {build} in this edition's servicing track"


_VERSION_NAME = re.compile(r"^(\d{2})H([12])$", re.IGNORECASE)


def _version_name(text: str | None) -> tuple[int, ...] | None:
    """ "25H2" as (25, 2): the order of Windows version names; None for anything else."""
    found = _VERSION_NAME.match(text or "")
    return (int(found[1]), int(found[2])) if found else None


def _build_of(cycle: dict[str, Any]) -> int | None:
    parts = str(cycle.get("latest") or "").split(".")
    return int(parts[2]) if len(parts) > 2 and parts[2].isdigit() else None


def newer_than_known(table: lifecycle.Table, build: str, track: str, display: str | None,
                     today: date) -> dict[str, Any] | None:
    """The newest known release of this servicing track, when this build is newer than every
    build the table knows, its version name is newer than that release's, and that release is
    still supported; else None. A build newer than the table that still calls itself an older
    version (as Insider builds do) is not a newer release."""
    builds = [b for c in table.cycles("windows") if (b := _build_of(c)) is not None]
    name = _version_name(display)
    if not builds or int(build) <= max(builds) or name is None:
        return None
    in_track = [c for c in table.cycles("windows") if str(c.get("cycle")).endswith("-" + track)]

    def key(c: dict[str, Any]) -> tuple[int, ...] | None:
        label = str(c.get("releaseLabel") or "")
        return _version_name(label.split(" ")[1]) if " " in label else None

    return rules.newest_known(table, "windows", name, today, cycles=in_track, key=key)


def decide(facts: WindowsFacts) -> Outcome:
    build, edition, display = facts.build, facts.edition, facts.display
    observed: dict[str, Scalar] = {"build": build, "edition": edition,
                                   "display_version": display}
    if build is None or not build.isdigit():
        return unknown("Could not read the Windows build number from the registry.", **observed)
    if edition is None:
        return unknown("Could not read the Windows edition from the registry.", **observed)
    track = EDITIONS.get(edition.lower())
    if track is None:
        return unknown(
            f"The Windows edition '{edition}' is not one Readiness knows the support dates of.",
            **observed,
        )
    table = rules.table(facts.eol, observed)
    if isinstance(table, Outcome):
        return table
    today = facts.eol.today
    cycle, why = find_cycle(table, build, track)
    if cycle is None:
        newest = newer_than_known(table, build, track, display, today)
        if newest is not None:
            label = str(newest.get("releaseLabel") or newest.get("cycle"))
            return rules.newer_outcome(table, "windows", newest, f"Windows {label}",
                                       f"Windows 11 version {display} (build {build})", today,
                                       observed, METHOD)
        return unknown(rules.aged(f"Could not tell whether this Windows is supported: {why}.",
                                  table, "windows", today, observed), **observed)
    label = str(cycle.get("releaseLabel") or cycle.get("cycle"))
    # Builds from 20H2 on also record their version name; it must agree with the table's, so a
    # mismatched or edited registry never yields a confident answer.
    if int(build) >= 19042:
        version = label.split(" ")[1] if " " in label else ""
        if display is None or display.upper() != version.upper():
            clash = (f"The Windows version name ({display}) does not match build {build} "
                     f"({version})" if display else
                     f"The Windows version name is not recorded for build {build} ({version})")
            return unknown(
                f"{clash}; cannot tell which release this is.",
                **observed,
            )
    family = "Windows 11" if int(build) >= 22000 else "Windows " + label.split(" ")[0]
    name = f"{family} version {display}" if display else f"Windows {label}"
    return rules.cycle_outcome(table, "windows", cycle, name, today, observed, METHOD)
