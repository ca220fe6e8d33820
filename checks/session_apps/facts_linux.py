"""Linux: the apps' packages (dpkg-query on Debian and Ubuntu, rpm elsewhere), Flatpak apps and
snaps. A package tool that is not installed is a source that does not apply; one that fails is
a source not read. Ubuntu's "firefox" deb that only installs the snap is skipped (the snap is
read instead)."""

from __future__ import annotations

import re

from checks.session_apps.model import Found
from readiness.check import CheckContext
from readiness.probe.types import NOT_INSTALLED, CommandResult

PACKAGES = {"google-chrome-stable": "chrome", "microsoft-edge-stable": "edge",
            "firefox": "firefox", "firefox-esr": "firefox", "zoom": "zoom",
            "teams": "teams_classic", "skypeforlinux": "skype"}
FLATPAKS = {"com.google.Chrome": "chrome", "com.microsoft.Edge": "edge",
            "org.mozilla.firefox": "firefox", "us.zoom.Zoom": "zoom",
            "com.skype.Client": "skype"}
SNAPS = {"firefox": "firefox", "skype": "skype", "zoom-client": "zoom"}
DPKG = ["dpkg-query", "-W", "-f", "${Package}\\t${Version}\\n", *PACKAGES]
RPM = ["rpm", "-q", "--qf", "%{NAME}\\t%{VERSION}\\n", *[p for p in PACKAGES if p != "firefox-esr"]]
FLATPAK = ["flatpak", "list", "--app", "--columns=application,version"]
SNAP = ["snap", "list", *SNAPS]  # only these names: the other snaps stay off the evidence
_DPKG_MISSING = re.compile(r"^dpkg-query: no packages found matching \S+$")
_RPM_MISSING = re.compile(r"^package \S+ is not installed$")


def _upstream(version: str) -> str:
    """A package version's upstream part: no epoch, no Debian or RPM revision."""
    version = version.split(":", 1)[-1]
    return version.rsplit("-", 1)[0] if "-" in version else version


def _problem(res: CommandResult, what: str) -> str | None:
    if res.error == NOT_INSTALLED:
        return None
    # problem() names the program already: "dpkg-query did not answer in time".
    return res.problem() or f"{what} (failed)"


def _dpkg(ctx: CheckContext) -> tuple[list[Found], list[str]]:
    res = ctx.run(DPKG, timeout=15)
    if res.error == NOT_INSTALLED:
        return [], []
    missing = [ln for ln in res.stderr.splitlines() if ln.strip()]
    stray = [ln for ln in missing if not _DPKG_MISSING.match(ln)]
    # Exit 1 means some names were not found, and each of those is named on stderr.
    if res.timed_out or res.error or stray or res.returncode != (1 if missing else 0):
        return [], [_problem(res, "dpkg-query") or "dpkg-query"]
    found = []
    for line in res.stdout.splitlines():
        name, sep, version = line.partition("\t")
        product = PACKAGES.get(name.strip())
        if not sep or product is None:
            return [], ["dpkg-query (its answer was not recognised)"]
        if not version.strip() or "snap" in version:  # not installed; Ubuntu's placeholder
            continue
        found.append(Found(product, _upstream(version.strip()), f"package {name.strip()}"))
    return found, []


def _rpm(ctx: CheckContext) -> tuple[list[Found], list[str]]:
    res = ctx.run(RPM, timeout=15)
    if res.error == NOT_INSTALLED:
        return [], []
    lines = [ln for ln in res.stdout.splitlines() if ln.strip()]
    if res.timed_out or res.error or res.stderr.strip() or not lines:
        return [], [_problem(res, "rpm") or "rpm"]
    found = []
    for line in lines:
        if _RPM_MISSING.match(line.strip()):
            continue
        name, sep, version = line.partition("\t")
        if not sep or name not in PACKAGES:
            return [], ["rpm (its answer was not recognised)"]
        found.append(Found(PACKAGES[name], version.strip(), f"package {name}"))
    return found, []


def _columns(ctx: CheckContext, argv: list[str], known: dict[str, str], what: str,
             header: bool) -> tuple[list[Found], list[str]]:
    """flatpak's tab-separated columns, or snap's table under its "Name Version" header."""
    res = ctx.run(argv, timeout=15)
    if res.error == NOT_INSTALLED:
        return [], []
    if header and res.returncode == 1 and not res.stdout.strip() \
            and res.stderr.strip() == "error: no matching snaps installed":
        return [], []
    if not res.ok:
        return [], [_problem(res, what) or what]
    lines = [ln for ln in res.stdout.splitlines() if ln.strip()]
    if header and len(lines) == 1 and lines[0].startswith("No snaps are installed"):
        return [], []
    if header:
        if not lines or lines[0].split()[:2] != ["Name", "Version"]:
            return [], [f"{what} (its answer was not recognised)"]
        lines = lines[1:]
    found = []
    for line in lines:
        parts = line.split() if header else line.split("\t")
        if len(parts) < 2:
            return [], [f"{what} (its answer was not recognised)"]
        product = known.get(parts[0].strip())
        if product is not None and parts[1].strip():
            found.append(Found(product, _upstream(parts[1].strip()), f"{what} {parts[0]}"))
    return found, []


def gather(ctx: CheckContext) -> tuple[list[Found], list[str]]:
    found: list[Found] = []
    problems: list[str] = []
    for got, bad in (_dpkg(ctx), _rpm(ctx),
                     _columns(ctx, FLATPAK, FLATPAKS, "flatpak", header=False),
                     _columns(ctx, SNAP, SNAPS, "snap", header=True)):
        found.extend(got)
        problems.extend(bad)
    return found, problems
