"""The firewall verdicts: pure, from each OS's facts to an ``Outcome``."""

from __future__ import annotations

from checks.firewall.model import (
    LINUX_EXPECTED,
    LINUX_NOTE,
    MACOS_EXPECTED,
    PROFILES,
    WINDOWS_EXPECTED,
    LinuxFacts,
    MacFacts,
    WindowsFacts,
    ufw_running,
)
from readiness.model import Outcome, Scalar, Status


def decide_windows(f: WindowsFacts) -> Outcome:
    method = "Get-NetFirewallProfile -PolicyStore ActiveStore"
    if f.from_registry:
        method = "registry EnableFirewall values (configured state; PowerShell unavailable)"
    states = f.profiles
    if states is None:
        return Outcome(Status.UNKNOWN,
                       f"Could not tell whether Windows Firewall is on: {f.powershell_problem}; "
                       f"and {f.registry_problem}.", {"profiles_read": False}, WINDOWS_EXPECTED,
                       method)
    observed: dict[str, Scalar] = {f"{p.lower()}_profile_on": states[p] for p in PROFILES}
    off = [p for p in PROFILES if not states[p]]
    if not off:
        return Outcome(Status.PASS,
                       "Windows Firewall is on for all three network profiles (Domain, Private, "
                       "Public).", observed, WINDOWS_EXPECTED, method)

    # Built-in firewall at least partly off: a third-party one registered and on also counts.
    method += "; Security Center FirewallProduct"
    if f.products is not None:
        observed["third_party_firewalls"] = "; ".join(
            f"{n} ({'on' if on else 'off'})" for n, on in f.products) or "none"
        active = [n for n, on in f.products if on]
        if active:
            return Outcome(Status.PASS,
                           f"{', '.join(active)} is protecting this computer (Security Center "
                           "reports it as on).", observed, WINDOWS_EXPECTED, method)
    if len(off) < len(PROFILES):
        on = [p for p in PROFILES if states[p]]
        return Outcome(Status.WARN,
                       f"Windows Firewall is off for the {' and '.join(off)} profile"
                       f"{'s' if len(off) > 1 else ''} (on for {' and '.join(on)}).",
                       observed, WINDOWS_EXPECTED, method)
    if f.products is None:
        return Outcome(Status.UNKNOWN,
                       "Windows Firewall is off for every profile, and Security Center could not "
                       f"be asked about other firewalls ({f.products_problem}).",
                       observed, WINDOWS_EXPECTED, method)
    return Outcome(Status.FAIL,
                   "Windows Firewall is off for every network profile and no other firewall is "
                   "switched on.", observed, WINDOWS_EXPECTED, method)


def decide_macos(f: MacFacts) -> Outcome:
    method = "socketfilterfw --getglobalstate"
    if f.from_profiler:
        method = "system_profiler SPFirewallDataType -json (socketfilterfw gave no answer)"
    if f.state is None:
        return Outcome(Status.UNKNOWN,
                       f"Could not tell whether the macOS firewall is on (socketfilterfw: "
                       f"{f.socketfilterfw_problem}; system_profiler: {f.profiler_problem}).",
                       {}, MACOS_EXPECTED, method)
    observed: dict[str, Scalar] = {"global_state": f.state}
    if f.state == 0:
        return Outcome(Status.FAIL, "The macOS firewall is switched off.", observed,
                       MACOS_EXPECTED, method)
    extra = " and blocking all incoming connections" if f.state == 2 else ""
    return Outcome(Status.PASS, f"The macOS firewall is on{extra}.", observed, MACOS_EXPECTED,
                   method)


def _linux(status: Status, summary: str, observed: dict[str, Scalar], method: str) -> Outcome:
    return Outcome(status, summary, observed, expected=LINUX_EXPECTED, method=method)


def decide_linux(f: LinuxFacts) -> Outcome:
    observed: dict[str, Scalar] = {"ufw_enabled_in_config": f.ufw_enabled,
                                   "ufw_unit": f.ufw_unit}
    undetermined: list[str] = []
    if ufw_running(f):
        return _linux(Status.PASS, f"The ufw firewall is enabled and running ({LINUX_NOTE}).",
                      observed, "ufw.conf ENABLED=yes and systemctl is-active ufw")
    if f.ufw_enabled is None or (f.ufw_enabled and f.ufw_unit is None):
        undetermined.append("ufw")

    observed["firewalld_unit"] = f.firewalld
    if f.firewalld == "active":
        return _linux(Status.PASS, f"The firewalld firewall is running ({LINUX_NOTE}).",
                      observed, "systemctl is-active firewalld (or firewall-cmd --state)")
    if f.firewalld is None:
        undetermined.append("firewalld")

    nft_active = f.nftables_unit == "active"
    observed["nftables_unit"] = f.nftables_unit
    observed["nftables_conf_has_rules"] = f.nftables_rules if nft_active else None
    if nft_active and f.nftables_rules:
        return _linux(Status.PASS, "The nftables firewall service is running with a configured "
                      f"ruleset ({LINUX_NOTE}).", observed,
                      "systemctl is-active nftables and a boot ruleset that drops or rejects")
    if f.nftables_unit is None or (nft_active and f.nftables_rules is None):
        undetermined.append("nftables")

    method = "ufw, firewalld and nftables service state"
    if undetermined:
        return _linux(Status.UNKNOWN, "Could not tell whether a firewall is running: "
                      + ", ".join(undetermined) + " could not be checked.", observed, method)
    return _linux(Status.FAIL, "No firewall is switched on: ufw, firewalld and nftables are all "
                  "off or absent.", observed, method)
