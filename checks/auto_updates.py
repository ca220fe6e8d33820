"""Automatic updates on (GPiA 047 §4: keeping security systems updated; Cyber Essentials:
security update management).

Reads the live effective setting, never the mere presence of a package: an installed
unattended-upgrades or dnf-automatic does nothing until it is switched on.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import datetime
from typing import Any

from checks.os_release import family as os_family
from checks.os_release import read_os_release
from checks.plist import read_plist
from checks.systemd import unit_state
from readiness.check import CheckContext, PlatformCheck, unknown
from readiness.model import Outcome, Scalar, Status

EXPECTED = "updates (at least security updates) installed automatically"

# --- Windows ---------------------------------------------------------------------------------

SERVICES = "HKLM\\SYSTEM\\CurrentControlSet\\Services\\"
AU_POLICY = "HKLM\\SOFTWARE\\Policies\\Microsoft\\Windows\\WindowsUpdate\\AU\\"
_START = {0: "boot", 1: "system", 2: "automatic", 3: "manual (started when needed)",
          4: "disabled"}
# AUOptions: 2 notify before download, 3 download and notify to install, 4 download and schedule
# the install, 5 local admin chooses, 7 download, notify to install, restart on schedule.
_AU_OPTIONS_OK = {4, 5, 7}


def _dword(ctx: CheckContext, path: str) -> int | str | None:
    """The DWORD value, None when absent, or a reason string when it could not be read."""
    res = ctx.registry(path)
    if not res.ok:
        return None if res.error == "missing" else f"{path}: {res.error}"
    if res.type != "REG_DWORD" or not isinstance(res.value, int) or isinstance(res.value, bool):
        return f"{path} is not a number ({res.type})"
    return res.value


def windows(ctx: CheckContext) -> Outcome:
    observed: dict[str, Scalar] = {}
    method = "service start types (wuauserv, UsoSvc) and Windows Update group policy"

    def out(status: Status, summary: str) -> Outcome:
        return Outcome(status, summary, observed, expected=EXPECTED, method=method)

    wu = _dword(ctx, SERVICES + "wuauserv\\Start")
    observed["wuauserv_start"] = wu if not isinstance(wu, str) else None
    if isinstance(wu, str) or wu is None:
        return unknown("Could not read how the Windows Update service starts"
                       + (f" ({wu})." if wu else " (its setting is missing)."), **observed)
    if wu == 4:
        return out(Status.FAIL, "The Windows Update service is disabled, so no updates are "
                   "installed.")
    if wu not in (2, 3):
        return unknown(f"The Windows Update service has an unusual start type ({wu}).",
                       **observed)
    uso = _dword(ctx, SERVICES + "UsoSvc\\Start")
    observed["usosvc_start"] = uso if not isinstance(uso, str) else None
    if isinstance(uso, str):
        return unknown(f"Could not read the Update Orchestrator service setting ({uso}).",
                       **observed)
    if uso == 4:
        return out(Status.FAIL, "The Update Orchestrator service is disabled, so Windows "
                   "cannot install updates on its own.")
    no_auto = _dword(ctx, AU_POLICY + "NoAutoUpdate")
    options = _dword(ctx, AU_POLICY + "AUOptions")
    for label, v in (("NoAutoUpdate", no_auto), ("AUOptions", options)):
        if isinstance(v, str):
            return unknown(f"Could not read the Windows Update policy ({v}).", **observed)
        observed[f"policy_{label}"] = v
    if no_auto == 1:
        return out(Status.FAIL, "A policy on this computer turns automatic updates off.")
    if isinstance(options, int) and options not in _AU_OPTIONS_OK:
        if options in (2, 3):
            return out(Status.WARN, "A policy on this computer makes Windows ask before it "
                       + ("downloads" if options == 2 else "installs") + " updates, so they "
                       "wait until someone says yes.")
        return unknown(f"The Windows Update policy has an unrecognised setting ({options}).",
                       **observed)
    managed = " (set by a policy)" if options is not None else ""
    return out(Status.PASS, f"Windows Update is enabled and installs updates automatically"
               f"{managed}.")


# --- macOS -----------------------------------------------------------------------------------

SU_PLIST = "/Library/Preferences/com.apple.SoftwareUpdate.plist"
MANAGED_PLIST = "/Library/Managed Preferences/com.apple.SoftwareUpdate.plist"
# The switches under "Automatic updates" in System Settings. Absent keys take the system
# default, which is on for these (Apple's device-management reference for the SoftwareUpdate
# payload; a user switching one off writes false).
_KEYS = ("AutomaticCheckEnabled", "AutomaticDownload", "CriticalUpdateInstall",
         "ConfigDataInstall")


def _bool(value: Any) -> bool | None:
    if isinstance(value, bool):
        return value
    if isinstance(value, int) and value in (0, 1):
        return bool(value)
    return None


def macos(ctx: CheckContext) -> Outcome:
    observed: dict[str, Scalar] = {}
    method = "com.apple.SoftwareUpdate preferences, with managed preferences taking precedence"
    data = read_plist(ctx, SU_PLIST)
    if isinstance(data, str):
        return unknown(f"Could not read the Software Update settings ({data}).", **observed)
    if not isinstance(data.get("LastFullSuccessfulDate") or data.get("LastSuccessfulDate"),
                      datetime) and not any(k in data for k in _KEYS):
        # An empty or unrelated file is not the Software Update record.
        return unknown("The Software Update settings file does not look like one.", **observed)
    managed: dict[str, Any] = {}
    present = ctx.read_file(MANAGED_PLIST)
    if present.ok:
        m = read_plist(ctx, MANAGED_PLIST)
        if isinstance(m, str):
            return unknown(f"Could not read the managed Software Update settings ({m}).",
                           **observed)
        managed = m
        observed["managed"] = True
    elif present.error not in ("missing",):
        return unknown(f"Could not tell whether Software Update is managed ({present.error}).",
                       **observed)
    effective: dict[str, bool] = {}
    for key in _KEYS:
        raw = managed.get(key, data.get(key))
        value = True if raw is None else _bool(raw)
        if value is None:
            return unknown(f"The Software Update setting {key} has an unexpected value.",
                           **observed)
        effective[key] = value
        observed[key] = value
        if raw is None:
            observed[f"{key}_default"] = True

    def out(status: Status, summary: str) -> Outcome:
        return Outcome(status, summary, observed, expected=EXPECTED, method=method)

    if not effective["AutomaticCheckEnabled"]:
        return out(Status.FAIL, "The Mac does not check for updates automatically.")
    if not (effective["CriticalUpdateInstall"] and effective["ConfigDataInstall"]):
        return out(Status.FAIL, "'Install Security Responses and system files' is off, so "
                   "urgent security fixes are not installed automatically.")
    if not effective["AutomaticDownload"]:
        return out(Status.WARN, "The Mac installs urgent security fixes automatically but "
                   "does not download other updates on its own.")
    defaults = [k for k in _KEYS if observed.get(f"{k}_default")]
    note = f" ({', '.join(defaults)} not set, so macOS's default, on, applies)" if defaults \
        else ""
    return out(Status.PASS, "The Mac checks for, downloads and installs security updates "
               f"automatically{note}.")


# --- Linux -----------------------------------------------------------------------------------

_APT_LINE = re.compile(r'^APT::Periodic::([A-Za-z-]+)\s+"([^"]*)";\s*$')


def _apt(ctx: CheckContext, observed: dict[str, Scalar]) -> tuple[bool | None, str]:
    """Whether unattended-upgrades is configured and able to run; (state, reason)."""
    res = ctx.run(["apt-config", "dump"], timeout=10)
    if res.error == "not installed":
        return False, "apt is not used here"
    if not res.ok:
        return None, f"apt-config could not be read ({res.problem()})"
    periodic: dict[str, str] = {}
    saw_apt = False
    for line in res.stdout.splitlines():
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
    # Switched on in the configuration: the tool must also exist and its timer be active.
    tool = ctx.read_file("/usr/bin/unattended-upgrade")
    if not tool.ok:
        if tool.error == "missing":
            return False, ("unattended-upgrades is switched on in the settings but the "
                           "unattended-upgrades package is not installed")
        return None, f"could not check for unattended-upgrade ({tool.error})"
    if not (tool.text or "").startswith("#!"):
        # It is a Python script; anything else is a broken or replaced install.
        return None, "the unattended-upgrade program is not the expected script"
    timer = unit_state(ctx, "apt-daily-upgrade.timer")
    observed["apt_daily_upgrade_timer"] = timer
    if timer is None:
        return None, "could not tell whether the daily upgrade timer is active"
    if timer != "active":
        return False, "the daily upgrade timer (apt-daily-upgrade.timer) is not active"
    return True, "unattended-upgrades installs updates automatically"


def _dnf_automatic(ctx: CheckContext, observed: dict[str, Scalar]) -> tuple[bool | None, str]:
    install = unit_state(ctx, "dnf-automatic-install.timer")
    plain = unit_state(ctx, "dnf-automatic.timer")
    observed["dnf_automatic_install_timer"] = install
    observed["dnf_automatic_timer"] = plain
    if install == "active":
        return True, "dnf-automatic installs updates automatically"
    if plain == "active":
        for path in ("/etc/dnf/automatic.conf", "/etc/dnf/dnf5-plugins/automatic.conf"):
            conf = ctx.read_file(path)
            if conf.text is None:
                continue
            m = re.search(r"^\s*apply_updates\s*=\s*(\S+)", conf.text, re.MULTILINE)
            setting = m.group(1).lower() if m else "no"  # dnf-automatic's default
            observed["dnf_apply_updates"] = setting
            if setting in ("yes", "true", "1", "on"):
                return True, "dnf-automatic installs updates automatically"
            if setting in ("no", "false", "0", "off"):
                return False, ("dnf-automatic runs but only downloads updates "
                               "(apply_updates = no)")
            return None, f"dnf-automatic's apply_updates has an unexpected value ({setting})"
        return None, "dnf-automatic runs but its settings could not be read"
    if install is None and plain is None:
        return None, "could not tell whether dnf-automatic is active"
    return False, "dnf-automatic is not active"


def _gnome_software(ctx: CheckContext, observed: dict[str, Scalar]) -> \
        tuple[bool | None, str]:
    allow = ctx.run(["gsettings", "get", "org.gnome.software", "allow-updates"], timeout=5)
    if allow.error == "not installed":
        return False, "GNOME Software's settings are not available"
    dl = ctx.run(["gsettings", "get", "org.gnome.software", "download-updates"], timeout=5)
    values = []
    for res in (allow, dl):
        token = res.stdout.strip() if res.ok else ""
        values.append({"true": True, "false": False}.get(token))
    observed["gnome_software_allow_updates"], observed["gnome_software_download_updates"] = \
        values
    if None in values:
        if any("No such schema" in r.stderr for r in (allow, dl)):
            return False, "GNOME Software is not installed"
        return None, "GNOME Software's update settings could not be read"
    if not all(values):
        return False, "GNOME Software's automatic updates are switched off"
    # The setting does nothing unless GNOME Software's background service is running.
    procs = ctx.processes()
    if not procs.ok:
        return None, "could not tell whether GNOME Software is running"
    running = any(p.name == "gnome-software" for p in procs.processes)
    observed["gnome_software_running"] = running
    if not running:
        return False, ("GNOME Software's automatic updates are on but it is not running in "
                       "this session")
    return True, "GNOME Software downloads updates automatically and installs them on restart"


def linux(ctx: CheckContext) -> Outcome:
    observed: dict[str, Scalar] = {}
    method = ("apt-config dump (APT::Periodic::Unattended-Upgrade) with the upgrade timer, "
              "dnf-automatic timers and settings, GNOME Software settings")
    reasons_off: list[str] = []
    undetermined: list[str] = []
    # Ask only about the update tools of this distribution's family (all of them when the
    # release cannot be read), so a Debian machine is not "unknown" for lack of dnf.
    info, _ = read_os_release(ctx)
    family = os_family(info)
    probes: list[Callable[[CheckContext, dict[str, Scalar]], tuple[bool | None, str]]]
    if family & {"debian", "ubuntu"}:
        probes = [_apt, _gnome_software]
    elif family & {"fedora", "rhel", "centos"}:
        probes = [_dnf_automatic, _gnome_software]
    else:
        probes = [_apt, _dnf_automatic, _gnome_software]
    for probe in probes:
        state, reason = probe(ctx, observed)
        if state is True:
            return Outcome(Status.PASS, reason[0].upper() + reason[1:] + ".", observed,
                           expected=EXPECTED, method=method)
        (undetermined if state is None else reasons_off).append(reason)
    if undetermined:
        return Outcome(Status.UNKNOWN, "Could not tell whether updates install automatically: "
                       + "; ".join(undetermined) + ".", observed, expected=EXPECTED,
                       method=method)
    return Outcome(Status.FAIL, "Updates are not installed automatically: "
                   + "; ".join(reasons_off) + ".", observed, expected=EXPECTED, method=method)


AUTO_UPDATES_ON = PlatformCheck("auto_updates_on", windows=windows, macos=macos, linux=linux,
                                budget_s=15.0)
