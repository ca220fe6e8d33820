"""Which Windows release this is, from the registry's facts, and whether it is supported.

Windows is identified by its build number and edition, never by its product name: Windows 11
still calls itself "Windows 10" there.
"""

from __future__ import annotations

import re
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
    cycle, why = find_cycle(table, build, track)
    if cycle is None:
        return unknown(f"Could not tell whether this Windows is supported: {why}.", **observed)
    label = str(cycle.get("releaseLabel") or cycle.get("cycle"))
    # Builds from 20H2 on also record their version name; it must agree with the table's, so a
    # mismatched or edited registry never yields a confident answer.
    if int(build) >= 19042:
        version = label.split(" ")[1] if " " in label else ""
        if display is None or display.upper() != version.upper():
            return unknown(
                f"The Windows version name ({display or 'missing'}) does not match build "
                f"{build} ({version}); cannot tell which release this is.",
                **observed,
            )
    family = "Windows 11" if int(build) >= 22000 else "Windows " + label.split(" ")[0]
    name = f"{family} version {display}" if display else f"Windows {label}"
    return rules.cycle_outcome(table, "windows", cycle, name, facts.eol.today, observed, METHOD)
