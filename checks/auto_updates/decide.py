"""The Windows and macOS automatic-updates verdicts: pure, from facts to an ``Outcome``."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from checks.auto_updates.model import EXPECTED, MacFacts, WindowsFacts
from readiness.check import unknown
from readiness.model import Outcome, Scalar, Status

# AUOptions: 2 notify before download, 3 download and notify to install, 4 download and schedule
# the install, 5 local admin chooses, 7 download, notify to install, restart on schedule.
_AU_OPTIONS_OK = {4, 5, 7}
# The switches under "Automatic updates" in System Settings. Absent keys take the system
# default, which is on for these (Apple's device-management reference for the SoftwareUpdate
# payload; a user switching one off writes false).
KEYS = ("AutomaticCheckEnabled", "AutomaticDownload", "CriticalUpdateInstall",
        "ConfigDataInstall")
# "Install macOS updates": the switch that lets macOS install its own updates (which carry most
# security fixes) without anyone clicking. Unlike the four above, an absent key is no evidence
# that it is on: System Settings and Setup Assistant write it when it is switched on, so only
# an explicit true counts.
INSTALL_KEY = "AutomaticallyInstallMacOSUpdates"


def decide_windows(f: WindowsFacts) -> Outcome:
    observed: dict[str, Scalar] = {}
    method = "service start types (wuauserv, UsoSvc) and Windows Update group policy"

    def out(status: Status, summary: str) -> Outcome:
        return Outcome(status, summary, observed, expected=EXPECTED, method=method)

    wu = f.wuauserv
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
    uso = f.usosvc
    observed["usosvc_start"] = uso if not isinstance(uso, str) else None
    if isinstance(uso, str):
        return unknown(f"Could not read the Update Orchestrator service setting ({uso}).",
                       **observed)
    if uso == 4:
        return out(Status.FAIL, "The Update Orchestrator service is disabled, so Windows "
                   "cannot install updates on its own.")
    no_auto, options = f.no_auto_update, f.au_options
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


def is_software_update_record(data: Mapping[str, Any]) -> bool:
    """An empty or unrelated file is not the Software Update record."""
    last = data.get("LastFullSuccessfulDate") or data.get("LastSuccessfulDate")
    return isinstance(last, datetime) or any(k in data for k in (*KEYS, INSTALL_KEY))


def _bool(value: Any) -> bool | None:
    if isinstance(value, bool):
        return value
    if isinstance(value, int) and value in (0, 1):
        return bool(value)
    return None


def _effective(f: MacFacts, settings: Mapping[str, Any],
               observed: dict[str, Scalar]) -> dict[str, bool] | str:
    """Each switch as it applies (managed over local over the default, on), or the odd key."""
    managed = f.managed or {}
    effective: dict[str, bool] = {}
    for key in KEYS:
        raw = managed.get(key, settings.get(key))
        value = True if raw is None else _bool(raw)
        if value is None:
            return key
        effective[key] = value
        observed[key] = value
        if raw is None:
            observed[f"{key}_default"] = True
    raw = managed.get(INSTALL_KEY, settings.get(INSTALL_KEY))
    install = None if raw is None else _bool(raw)
    if raw is not None and install is None:
        return INSTALL_KEY
    observed[INSTALL_KEY] = install
    if install is not None:
        effective[INSTALL_KEY] = install
    return effective


def decide_macos(f: MacFacts) -> Outcome:
    observed: dict[str, Scalar] = {}
    method = "com.apple.SoftwareUpdate preferences, with managed preferences taking precedence"
    data = f.settings
    if isinstance(data, str):
        return unknown(f"Could not read the Software Update settings ({data}).", **observed)
    if not is_software_update_record(data):
        return unknown("The Software Update settings file does not look like one.", **observed)
    if f.managed_unreadable is not None:
        return unknown(f"Could not read the managed Software Update settings "
                       f"({f.managed_unreadable}).", **observed)
    if f.managed_unknown is not None:
        return unknown(f"Could not tell whether Software Update is managed "
                       f"({f.managed_unknown}).", **observed)
    if f.managed is not None:
        observed["managed"] = True
    effective = _effective(f, data, observed)
    if isinstance(effective, str):
        return unknown(f"The Software Update setting {effective} has an unexpected value.",
                       **observed)

    def out(status: Status, summary: str) -> Outcome:
        return Outcome(status, summary, observed, expected=EXPECTED, method=method)

    if not effective["AutomaticCheckEnabled"]:
        return out(Status.FAIL, "The Mac does not check for updates automatically.")
    if not (effective["CriticalUpdateInstall"] and effective["ConfigDataInstall"]):
        return out(Status.FAIL, "'Install Security Responses and system files' is off, so "
                   "urgent security fixes are not installed automatically.")
    install = effective.get(INSTALL_KEY)
    if not effective["AutomaticDownload"]:
        return out(Status.WARN, "Security Responses and system files install automatically, "
                   "but the Mac does not download updates on its own, so macOS updates (which "
                   "carry most security fixes) wait until someone installs them.")
    if install is not True:
        why = ("switched off" if install is False
               else f"not switched on ({INSTALL_KEY} is not set)")
        return out(Status.WARN, "The Mac checks for and downloads updates and installs "
                   "Security Responses and system files automatically, but 'Install macOS "
                   f"updates' is {why}, so macOS updates (which carry most security fixes) wait "
                   "until someone installs them.")
    defaults = [k for k in KEYS if observed.get(f"{k}_default")]
    note = f" ({', '.join(defaults)} not set, so macOS's default, on, applies)" if defaults \
        else ""
    managed = " (set by a configuration profile)" if INSTALL_KEY in (f.managed or {}) else ""
    return out(Status.PASS, "The Mac checks for, downloads and installs macOS updates"
               f"{managed}, Security Responses and system files automatically{note}.")
