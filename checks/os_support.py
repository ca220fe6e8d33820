"""Operating system still supported (GPiA 047 §4: a system is only as good as its last update;
Cyber Essentials: security update management).

The release is compared with a dated end-of-life table (see ``readiness.lifecycle``), handed to
the run as reference data (``ctx.reference``): the check never opens it itself.
Windows is identified by its build number and edition from the registry, never by its product
name: Windows 11 still calls itself "Windows 10" there. A release that is not in the table is
unknown, never assumed supported.
"""

from __future__ import annotations

import plistlib
import re
from datetime import date, timedelta
from typing import Any

from readiness import lifecycle
from readiness.check import CheckContext, PlatformCheck, unknown
from readiness.model import Outcome, Scalar, Status
from readiness.reference import EOL

WARN_DAYS = 60
EXPECTED = "an operating system release that still gets security updates"
NT = "HKLM\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion\\"

# EditionID → the servicing track endoflife.date uses: w = Home/Pro, e = Enterprise/Education,
# LTSC editions have their own cycles. Anything else (Server, unknown) is not guessed.
_WINDOWS_EDITIONS: dict[str, str] = {
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


def _today(ctx: CheckContext) -> date:
    return ctx.date


def _as_date(value: Any) -> date | None:
    if isinstance(value, str):
        try:
            return date.fromisoformat(value)
        except ValueError:
            return None
    return None


def _load_table(ctx: CheckContext, observed: dict[str, Scalar]) -> lifecycle.Table | Outcome:
    """The end-of-life table handed to this run (the composition root loads it)."""
    ref = ctx.reference(EOL)
    table = ref.data
    if not isinstance(table, lifecycle.Table):
        return unknown(f"The end-of-life table could not be read ({ref.problem or 'none'}).")
    observed["table_fetched_at"] = table.fetched_at
    observed["table_origin"] = table.origin
    if table.problem:
        observed["table_problem"] = table.problem
    return table


def decide(
    ctx: CheckContext,
    table: lifecycle.Table,
    product: str,
    cycle: dict[str, Any],
    name: str,
    observed: dict[str, Scalar],
    method: str,
) -> Outcome:
    """Compare one cycle's dates with today."""
    today = _today(ctx)
    eol_raw = cycle.get("eol")
    observed["cycle"] = str(cycle.get("cycle"))
    observed["eol"] = eol_raw if isinstance(eol_raw, str | bool) else None
    observed["table_as_of"] = table.as_of(product)
    ext = _as_date(cycle.get("extendedSupport"))

    def out(status: Status, summary: str) -> Outcome:
        return Outcome(status, summary, observed, expected=EXPECTED, method=method)

    if eol_raw is True:
        return out(Status.FAIL, f"{name} no longer gets security updates.")
    if eol_raw is False:
        # No end date published (Apple never announces one). The table only speaks for its
        # own date; Apple has kept a macOS release for about three years, so once that has
        # passed, "no end date" in an old table is no longer good evidence.
        released = _as_date(cycle.get("releaseDate"))
        as_of = _as_date(table.as_of(product)) or today
        if (
            product == "macos"
            and released is not None
            and today >= released + timedelta(days=35 * 30)
            and today > as_of
        ):
            observed["released"] = released.isoformat()
            return out(
                Status.WARN,
                f"{name} was released on {released.isoformat()}; Apple usually stops security "
                f"updates after about three years, and the end-of-life table (as of "
                f"{as_of.isoformat()}) is too old to confirm it is still supported.",
            )
        return out(
            Status.PASS,
            f"{name} is still supported (no end of support announced as of "
            f"{table.as_of(product)}).",
        )
    eol = _as_date(eol_raw)
    if eol is None:
        return unknown(f"The end-of-life table has an unreadable date for {name}.", **observed)
    days = (eol - today).days
    observed["days_left"] = days
    if days < 0:
        if product == "debian" and ext is not None and ext >= today:
            observed["extended_support_until"] = ext.isoformat()
            return out(
                Status.WARN,
                f"{name} left regular security support on {eol.isoformat()}; Debian LTS "
                f"volunteers cover only some packages until {ext.isoformat()}.",
            )
        extra = ""
        if product == "windows" and ext is not None and ext >= today:
            extra = (" Only computers enrolled in Microsoft's paid Extended Security Updates "
                     f"get fixes until {ext.isoformat()}.")
        if product == "ubuntu" and ext is not None and ext >= today:
            extra = (" Only computers attached to Ubuntu Pro get security fixes until "
                     f"{ext.isoformat()}.")
        return out(
            Status.FAIL,
            f"{name} stopped getting security updates on {eol.isoformat()}.{extra}",
        )
    if days <= WARN_DAYS:
        return out(
            Status.WARN,
            f"{name} stops getting security updates on {eol.isoformat()} ({days} days from "
            "now); plan the upgrade.",
        )
    return out(Status.PASS, f"{name} is supported until {eol.isoformat()}.")


# --- Windows ---------------------------------------------------------------------------------


def _reg_str(ctx: CheckContext, name: str) -> str | None:
    res = ctx.registry(NT + name)
    if not res.ok or res.type not in ("REG_SZ", "REG_EXPAND_SZ") or not isinstance(res.value, str):
        return None
    return res.value.strip() or None


def _windows_cycle(
    table: lifecycle.Table, build: str, track: str
) -> tuple[dict[str, Any] | None, str]:
    """The cycle for this build and servicing track, and why none when there is none."""
    matches = [
        c for c in table.cycles("windows")
        if str(c.get("latest") or "").split(".")[2:3] == [build]
    ]
    if not matches:
        return None, f"build {build} is not in the end-of-life table"
    lts = track in ("e-lts", "iot-lts")
    for c in matches:
        cyc = str(c.get("cycle"))
        if cyc.endswith("-" + track):
            return c, ""
    if not lts:
        # Older releases have one cycle for every edition ("10-22h2", "10-21h1").
        shared = [c for c in matches if not re.search(r"-(w|e|e-lts|iot-lts|iot)$",
                                                      str(c.get("cycle")))]
        if len(shared) == 1:
            return shared[0], ""
    return None, f"no end-of-life entry for build {build} in this edition's servicing track"


def windows(ctx: CheckContext) -> Outcome:
    observed: dict[str, Scalar] = {}
    build = _reg_str(ctx, "CurrentBuild")
    edition = _reg_str(ctx, "EditionID")
    display = _reg_str(ctx, "DisplayVersion")
    observed.update(build=build, edition=edition, display_version=display)
    if build is None or not build.isdigit():
        return unknown("Could not read the Windows build number from the registry.", **observed)
    if edition is None:
        return unknown("Could not read the Windows edition from the registry.", **observed)
    track = _WINDOWS_EDITIONS.get(edition.lower())
    if track is None:
        return unknown(
            f"The Windows edition '{edition}' is not one Readiness knows the support dates of.",
            **observed,
        )
    table = _load_table(ctx, observed)
    if isinstance(table, Outcome):
        return table
    cycle, why = _windows_cycle(table, build, track)
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
    return decide(ctx, table, "windows", cycle, name, observed,
                  "registry CurrentBuild, DisplayVersion and EditionID against the "
                  "end-of-life table")


# --- macOS -----------------------------------------------------------------------------------

_MAC_VERSION = re.compile(r"^(\d+)\.(\d+)(?:\.(\d+))?$")


def _sw_vers(ctx: CheckContext) -> tuple[str | None, str | None, str]:
    res = ctx.run(["sw_vers"], timeout=5)
    if res.ok:
        fields: dict[str, str] = {}
        for line in res.stdout.splitlines():
            key, sep, value = line.partition(":")
            if sep:
                fields[key.strip()] = value.strip()
        version = fields.get("ProductVersion")
        if version and (_MAC_VERSION.match(version) or version.isdigit()):
            return version, fields.get("BuildVersion"), "sw_vers"
        return None, None, "sw_vers gave no recognisable ProductVersion"
    # Fall back to the file sw_vers itself reads.
    plist = ctx.read_file("/System/Library/CoreServices/SystemVersion.plist")
    if plist.text is not None:
        try:
            data = plistlib.loads(plist.text.encode("utf-8"))
        except Exception:
            return None, None, "SystemVersion.plist could not be parsed"
        if isinstance(data, dict) and isinstance(data.get("ProductVersion"), str):
            return data["ProductVersion"], data.get("ProductBuildVersion"), "SystemVersion.plist"
    return None, None, res.problem() or "sw_vers gave no output"


def macos(ctx: CheckContext) -> Outcome:
    observed: dict[str, Scalar] = {}
    version, build, how = _sw_vers(ctx)
    observed.update(product_version=version, build_version=build)
    if version is None:
        return unknown(f"Could not read the macOS version ({how}).", **observed)
    parts = version.split(".")
    major = int(parts[0])
    if major == 10 and parts[1:2] == ["16"]:
        # What macOS 11+ reports to programs built for old SDKs: not the real version.
        return unknown("macOS reported the compatibility version 10.16, not its real version.",
                       **observed)
    cycle_id = f"10.{parts[1]}" if major == 10 and len(parts) > 1 else str(major)
    table = _load_table(ctx, observed)
    if isinstance(table, Outcome):
        return table
    cycle = table.find("macos", cycle_id)
    if cycle is None:
        return unknown(f"macOS {version} is not in the end-of-life table (as of "
                       f"{table.as_of('macos')}).", **observed)
    codename = cycle.get("codename")
    name = f"macOS {version}" + (f" ({codename})" if codename else "")
    return decide(ctx, table, "macos", cycle, name, observed,
                  f"{how} ProductVersion against the end-of-life table")


# --- Linux -----------------------------------------------------------------------------------

_LINUX_PRODUCTS = {"ubuntu": "ubuntu", "debian": "debian", "fedora": "fedora",
                   "linuxmint": "linuxmint"}


def parse_os_release(text: str) -> dict[str, str] | None:
    """Parse os-release's shell-style KEY=value lines; None when nothing parses."""
    out: dict[str, str] = {}
    for raw in text.splitlines():
        line = raw.strip()
        if not line or line.startswith("#") or "=" not in line:
            continue
        key, value = line.split("=", 1)
        if not re.fullmatch(r"[A-Z][A-Z0-9_]*", key):
            continue
        value = value.strip()
        if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
            value = value[1:-1]
        out[key] = value.replace('\\"', '"').replace("\\$", "$").replace("\\\\", "\\")
    return out if "ID" in out else None


def read_os_release(ctx: CheckContext) -> tuple[dict[str, str] | None, str]:
    """/etc/os-release, or /usr/lib/os-release when the first is absent (as os-release(5) says)."""
    for path in ("/etc/os-release", "/usr/lib/os-release"):
        res = ctx.read_file(path)
        if res.text is not None:
            return parse_os_release(res.text), path
        if res.error != "missing":
            return None, path
    return None, "/etc/os-release"


def linux(ctx: CheckContext) -> Outcome:
    observed: dict[str, Scalar] = {}
    info, path = read_os_release(ctx)
    if info is None:
        return unknown(f"Could not read the Linux release from {path}.", **observed)
    os_id = info.get("ID", "").lower()
    version_id = info.get("VERSION_ID")
    pretty = info.get("PRETTY_NAME") or info.get("NAME") or os_id
    observed.update(id=os_id, version_id=version_id, pretty_name=pretty)
    product = _LINUX_PRODUCTS.get(os_id)
    if product is None:
        return unknown(
            f"{pretty} is not in the end-of-life table, so Readiness cannot tell whether it "
            "still gets security updates.",
            **observed,
        )
    if not version_id:
        return unknown(f"{pretty} does not state a version number (a testing or rolling "
                       "release?), so its support cannot be looked up.", **observed)
    table = _load_table(ctx, observed)
    if isinstance(table, Outcome):
        return table
    cycle = table.find(product, version_id)
    if cycle is None and product == "ubuntu" and version_id.count(".") > 1:
        cycle = table.find(product, ".".join(version_id.split(".")[:2]))
    if cycle is None:
        return unknown(f"{pretty} is not in the end-of-life table (as of "
                       f"{table.as_of(product)}).", **observed)
    return decide(ctx, table, product, cycle, pretty, observed,
                  f"{path} ID and VERSION_ID against the end-of-life table")


OS_SUPPORTED = PlatformCheck("os_supported", windows=windows, macos=macos, linux=linux,
                             budget_s=10.0)
