"""The Linux automatic-updates verdict: pure, from ``LinuxFacts``.

Each tool's step gives (on, reason), on being None when it cannot be told. The ``apt_*`` and
``gnome_values`` steps also tell the gatherer when it may stop asking.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import partial

from checks.answer import Answer
from checks.auto_updates.model import EXPECTED, AptFacts, DnfFacts, GnomeFacts, LinuxFacts
from readiness.model import Outcome, Scalar, Status
from readiness.probe.types import FileRead

Found = tuple[bool | None, str]
_APT_LINE = re.compile(r'^APT::Periodic::([A-Za-z-]+)\s+"([^"]*)";\s*$')
METHOD = ("apt-config dump (APT::Periodic::Unattended-Upgrade) with the upgrade timer, "
          "dnf-automatic timers and settings, GNOME Software settings")


def apt_config(dump: Answer, observed: dict[str, Scalar]) -> Found | None:
    """What apt-config alone settles; None when it says unattended-upgrades is switched on."""
    if dump.error == "not installed":
        return False, "apt is not used here"
    if not dump.ok:
        return None, f"apt-config could not be read ({dump.problem})"
    periodic: dict[str, str] = {}
    saw_apt = False
    for line in dump.stdout.splitlines():
        if line.startswith("APT::"):
            saw_apt = True
        m = _APT_LINE.match(line.strip())
        if m:
            periodic[m.group(1)] = m.group(2)
    if not saw_apt:
        return None, "apt-config's output was not recognised"
    value = periodic.get("Unattended-Upgrade")
    observed["apt_unattended_upgrade"] = value
    observed["apt_update_package_lists"] = periodic.get("Update-Package-Lists")
    if periodic.get("Enable") == "0":
        observed["apt_periodic_enable"] = "0"
        return False, "APT's periodic jobs are switched off (APT::Periodic::Enable \"0\")"
    if value is None or value in ("0", ""):
        return False, "unattended-upgrades is not switched on"
    if not (value.isdigit() or re.fullmatch(r"\d+[smhd]?|always", value)):
        return None, f"APT::Periodic::Unattended-Upgrade has an unexpected value ({value})"
    return None  # switched on in the configuration: the tool and its timer decide


def apt_tool(tool: FileRead) -> Found | None:
    """What the unattended-upgrade program settles; None when it is the expected script."""
    if not tool.ok:
        if tool.error == "missing":
            return False, ("unattended-upgrades is switched on in the settings but the "
                           "unattended-upgrades package is not installed")
        return None, f"could not check for unattended-upgrade ({tool.reason})"
    if not (tool.text or "").startswith("#!"):
        # It is a Python script; anything else is a broken or replaced install.
        return None, "the unattended-upgrade program is not the expected script"
    return None


def apt(f: AptFacts, observed: dict[str, Scalar]) -> Found:
    """Whether unattended-upgrades is configured and able to run."""
    settled = apt_config(f.dump, observed)
    if settled is not None:
        return settled
    if f.tool is None:
        return None, "could not check for unattended-upgrade (not asked)"
    settled = apt_tool(f.tool)
    if settled is not None:
        return settled
    observed["apt_daily_upgrade_timer"] = f.timer
    if f.timer is None:
        return None, "could not tell whether the daily upgrade timer is active"
    if f.timer != "active":
        return False, "the daily upgrade timer (apt-daily-upgrade.timer) is not active"
    return True, "unattended-upgrades installs updates automatically"


def dnf_reads_conf(f: DnfFacts) -> bool:
    """Only the plain timer running leaves the apply_updates setting to decide."""
    return f.install_timer != "active" and f.timer == "active"


def dnf(f: DnfFacts, observed: dict[str, Scalar]) -> Found:
    observed["dnf_automatic_install_timer"] = f.install_timer
    observed["dnf_automatic_timer"] = f.timer
    if f.install_timer == "active":
        return True, "dnf-automatic installs updates automatically"
    if dnf_reads_conf(f):
        if f.conf is None:
            return None, "dnf-automatic runs but its settings could not be read"
        m = re.search(r"^\s*apply_updates\s*=\s*(\S+)", f.conf, re.MULTILINE)
        setting = m.group(1).lower() if m else "no"  # dnf-automatic's default
        observed["dnf_apply_updates"] = setting
        if setting in ("yes", "true", "1", "on"):
            return True, "dnf-automatic installs updates automatically"
        if setting in ("no", "false", "0", "off"):
            return False, "dnf-automatic runs but only downloads updates (apply_updates = no)"
        return None, f"dnf-automatic's apply_updates has an unexpected value ({setting})"
    if f.install_timer is None and f.timer is None:
        return None, "could not tell whether dnf-automatic is active"
    return False, "dnf-automatic is not active"


def gnome_values(allow: Answer, download: Answer) -> list[bool | None]:
    """allow-updates and download-updates as booleans, None where not a plain true/false."""
    return [{"true": True, "false": False}.get(res.stdout.strip() if res.ok else "")
            for res in (allow, download)]


def gnome(f: GnomeFacts, observed: dict[str, Scalar]) -> Found:
    if f.allow.error == "not installed":
        return False, "GNOME Software's settings are not available"
    if f.download is None:
        return None, "GNOME Software's update settings could not be read"
    values = gnome_values(f.allow, f.download)
    observed["gnome_software_allow_updates"], observed["gnome_software_download_updates"] = \
        values
    if None in values:
        if any("No such schema" in r.stderr for r in (f.allow, f.download)):
            return False, "GNOME Software is not installed"
        return None, "GNOME Software's update settings could not be read"
    if not all(values):
        return False, "GNOME Software's automatic updates are switched off"
    # The setting does nothing unless GNOME Software's background service is running.
    if f.running is None:
        return None, "could not tell whether GNOME Software is running"
    observed["gnome_software_running"] = f.running
    if not f.running:
        return False, ("GNOME Software's automatic updates are on but it is not running in "
                       "this session")
    return True, "GNOME Software downloads updates automatically and installs them on restart"


def decide_linux(f: LinuxFacts) -> Outcome:
    observed: dict[str, Scalar] = {}
    reasons_off: list[str] = []
    undetermined: list[str] = []
    steps: list[Callable[[dict[str, Scalar]], Found]] = []
    if f.apt is not None:
        steps.append(partial(apt, f.apt))
    if f.dnf is not None:
        steps.append(partial(dnf, f.dnf))
    if f.gnome is not None:
        steps.append(partial(gnome, f.gnome))
    if not steps:  # not from a gatherer, which always asks at least two tools
        return Outcome(Status.UNKNOWN, "Could not tell whether updates install automatically: "
                       "no update tool was asked.", observed, expected=EXPECTED, method=METHOD)
    for step in steps:
        state, reason = step(observed)
        if state is True:
            return Outcome(Status.PASS, reason[0].upper() + reason[1:] + ".", observed,
                           expected=EXPECTED, method=METHOD)
        (undetermined if state is None else reasons_off).append(reason)
    if undetermined:
        return Outcome(Status.UNKNOWN, "Could not tell whether updates install automatically: "
                       + "; ".join(undetermined) + ".", observed, expected=EXPECTED,
                       method=METHOD)
    return Outcome(Status.FAIL, "Updates are not installed automatically: "
                   + "; ".join(reasons_off) + ".", observed, expected=EXPECTED, method=METHOD)
