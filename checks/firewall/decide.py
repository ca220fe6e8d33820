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
    firewalld_protecting,
    ufw_protecting,
    ufw_running,
)
from readiness.model import Outcome, Scalar, Status


def _join(names: list[str]) -> str:
    return " and ".join(names)


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
    # The Domain profile applies only on a domain-joined computer: membership is asked only
    # when that profile is off, and an unreadable answer is said, never assumed either way.
    domain_off = not states["Domain"]
    asked = f.domain_joined is not None or bool(f.domain_problem)
    domain_unsure = domain_off and f.domain_joined is None and asked
    note = ""
    if domain_off and asked:
        method += "; Win32_ComputerSystem.PartOfDomain"
        observed["domain_joined"] = f.domain_joined
        if f.domain_joined is False:
            note = (" The Domain profile is off, which does not matter: it applies only on a "
                    "domain-joined computer and this one is not joined to a domain.")
        elif domain_unsure:
            note = (" The Domain profile is off, and whether this computer is joined to a domain "
                    f"(where that profile applies) could not be read ({f.domain_problem}).")
    # Not asked (the verdict did not hang on it): the Domain profile counts, as it always did.
    relevant = [p for p in PROFILES if p != "Domain" or f.domain_joined is True or not asked]
    off = [p for p in relevant if not states[p]]
    if not off and not domain_unsure:
        if not domain_off:
            summary = ("Windows Firewall is on for all three network profiles (Domain, Private, "
                       "Public).")
        else:
            summary = "Windows Firewall is on for the Private and Public profiles." + note
        return Outcome(Status.PASS, summary, observed, WINDOWS_EXPECTED, method)

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
    if not off:
        return Outcome(Status.UNKNOWN,
                       "Windows Firewall is on for the Private and Public profiles." + note,
                       observed, WINDOWS_EXPECTED, method)
    if len(off) < len(relevant):
        on = [p for p in relevant if states[p]]
        return Outcome(Status.WARN,
                       f"Windows Firewall is off for the {_join(off)} profile"
                       f"{'s' if len(off) > 1 else ''} (on for {_join(on)}).{note}",
                       observed, WINDOWS_EXPECTED, method)
    every = "every network profile" if len(relevant) == len(PROFILES) else \
        f"every network profile that applies ({_join(relevant)})"
    if f.products is None:
        return Outcome(Status.UNKNOWN,
                       f"Windows Firewall is off for {every}, and Security Center could not "
                       f"be asked about other firewalls ({f.products_problem}).{note}",
                       observed, WINDOWS_EXPECTED, method)
    return Outcome(Status.FAIL,
                   f"Windows Firewall is off for {every} and no other firewall is switched "
                   f"on.{note}", observed, WINDOWS_EXPECTED, method)


def decide_macos(f: MacFacts) -> Outcome:
    method = "socketfilterfw --getglobalstate"
    if f.from_profiler:
        method = "system_profiler SPFirewallDataType -json (socketfilterfw gave no answer)"
    if f.state is None:
        return Outcome(Status.UNKNOWN,
                       f"Could not tell whether the macOS firewall is on "
                       f"({f.socketfilterfw_problem}, and then {f.profiler_problem}).",
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
    permissive: list[str] = []  # running, but letting every incoming connection in
    if ufw_running(f):
        observed["ufw_default_incoming"] = f.ufw_incoming
        if ufw_protecting(f):
            return _linux(Status.PASS, "The ufw firewall is enabled and running, blocking "
                          f"incoming connections by default ({LINUX_NOTE}).", observed,
                          "ufw.conf ENABLED=yes, systemctl is-active ufw, and ufw's default "
                          "incoming policy (/etc/default/ufw, else ufw status verbose)")
        if f.ufw_incoming is None:
            undetermined.append("ufw (running, but its default incoming policy could not be "
                                "read)")
        else:
            permissive.append(f"ufw is running but its default incoming policy is "
                              f"{f.ufw_incoming}, which lets every incoming connection in")
    elif f.ufw_enabled is None or (f.ufw_enabled and f.ufw_unit is None):
        undetermined.append("ufw")

    observed["firewalld_unit"] = f.firewalld
    if f.firewalld == "active":
        observed["firewalld_default_zone"] = f.firewalld_zone
        if firewalld_protecting(f):
            return _linux(Status.PASS, "The firewalld firewall is running (default zone "
                          f"'{f.firewalld_zone}') ({LINUX_NOTE}).", observed,
                          "systemctl is-active firewalld (or firewall-cmd --state) and "
                          "firewall-cmd --get-default-zone (else firewalld.conf)")
        if f.firewalld_zone is None:
            undetermined.append("firewalld (running, but its default zone could not be read)")
        else:
            permissive.append(f"firewalld is running but its default zone is "
                              f"'{f.firewalld_zone}', which accepts every incoming connection")
    elif f.firewalld is None:
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

    method = "ufw, firewalld and nftables service state and default policy"
    also = f" ({'; '.join(permissive)})" if permissive else ""
    if undetermined:
        return _linux(Status.UNKNOWN, "Could not tell whether a firewall is running: "
                      + ", ".join(undetermined) + f" could not be checked{also}.", observed,
                      method)
    if permissive:
        return _linux(Status.FAIL, "No firewall is protecting this computer: "
                      + "; ".join(permissive) + ". Nothing else is switched on.", observed,
                      method)
    return _linux(Status.FAIL, "No firewall is switched on: ufw, firewalld and nftables are all "
                  "off or absent.", observed, method)
