"""Firewall on (GPiA 047 §4 electronic intrusion; Cyber Essentials: firewalls).

Windows: the effective (ActiveStore) state of the Domain, Private and Public profiles, falling
back to the registry; a third-party firewall that Security Center reports as on also counts.
Some profiles off -> warn, naming them.

macOS: the Application Firewall's global state. State 1 (on) and State 2 ("block all incoming")
are both on; peers that grep for "enabled" misread State 2 as off.

Linux, without root: the ruleset itself cannot be read, so we look for an *active* front-end
(ufw enabled in its config and its unit active, firewalld active, or nftables.service active
with a non-empty config). A loaded kernel module or someone else's chains (Docker, Tailscale)
are not a firewall protecting this computer.
"""

from __future__ import annotations

import json
import re

from checks import powershell_json
from readiness.check import CheckContext, PlatformCheck
from readiness.model import Outcome, Scalar, Status

LINUX_NOTE = "the rules themselves cannot be read without administrator rights"


def _unit_state(ctx: CheckContext, unit: str) -> str | None:
    """``active``/``inactive``/… from systemctl, or None when systemctl could not say."""
    res = ctx.run(["systemctl", "is-active", unit], timeout=5)
    if not res.ran:
        return None
    # is-active prints one token; exit 0 only for "active". Anything else we do not know.
    token = res.stdout.strip().splitlines()[0].strip() if res.stdout.strip() else ""
    known = {"active", "inactive", "failed", "activating", "deactivating", "unknown",
             "reloading", "maintenance"}
    if token not in known:
        return None
    if token == "active" and res.returncode != 0:
        return None
    return token


def _ufw_enabled(ctx: CheckContext) -> bool | None:
    conf = ctx.read_file("/etc/ufw/ufw.conf")
    if conf.text is None:
        return None if conf.error not in (None, "missing") else False
    for line in conf.text.splitlines():
        line = line.strip()
        if line.startswith("ENABLED="):
            value = line.split("=", 1)[1].strip().strip("'\"").lower()
            if value == "yes":
                return True
            if value == "no":
                return False
            return None
    return False  # ufw defaults to disabled when the key is absent


NFT_CONFS = ("/etc/nftables.conf", "/etc/sysconfig/nftables.conf")


def _nftables_conf_has_rules(ctx: CheckContext) -> bool | None:
    """True when the boot ruleset drops or rejects something.

    Debian ships /etc/nftables.conf as an accept-everything skeleton (chains with no rules),
    so "non-empty" is not enough. A config that only includes other files cannot be judged
    from here (None).
    """
    for path in NFT_CONFS:
        conf = ctx.read_file(path)
        if conf.text is None:
            if conf.error == "missing":
                continue
            return None
        lines = [ln.split("#", 1)[0].strip() for ln in conf.text.splitlines()]
        lines = [ln for ln in lines if ln]
        if any(re.search(r"\b(drop|reject)\b", ln) for ln in lines):
            return True
        if any(ln.startswith("include") for ln in lines):
            return None
        return False
    return False


def _firewall_cmd_state(ctx: CheckContext) -> str | None:
    res = ctx.run(["firewall-cmd", "--state"], timeout=5)
    if not res.ran:
        return None
    out = res.stdout.strip()
    if out == "running" and res.returncode == 0:
        return "active"
    if out == "not running" and res.returncode != 0:
        return "inactive"
    return None


def linux(ctx: CheckContext) -> Outcome:
    observed: dict[str, Scalar] = {}
    undetermined: list[str] = []

    ufw_conf = _ufw_enabled(ctx)
    ufw_unit = _unit_state(ctx, "ufw.service")
    observed["ufw_enabled_in_config"] = ufw_conf
    observed["ufw_unit"] = ufw_unit
    if ufw_conf and ufw_unit == "active":
        return Outcome(
            Status.PASS,
            f"The ufw firewall is enabled and running ({LINUX_NOTE}).",
            observed,
            expected="an active firewall front-end (ufw, firewalld or nftables)",
            method="ufw.conf ENABLED=yes and systemctl is-active ufw",
        )
    if ufw_conf is None or (ufw_conf and ufw_unit is None):
        undetermined.append("ufw")

    fwd = _unit_state(ctx, "firewalld.service")
    if fwd is None:
        fwd = _firewall_cmd_state(ctx)
    observed["firewalld_unit"] = fwd
    if fwd == "active":
        return Outcome(
            Status.PASS,
            f"The firewalld firewall is running ({LINUX_NOTE}).",
            observed,
            expected="an active firewall front-end (ufw, firewalld or nftables)",
            method="systemctl is-active firewalld (or firewall-cmd --state)",
        )
    if fwd is None:
        undetermined.append("firewalld")

    nft_unit = _unit_state(ctx, "nftables.service")
    nft_rules = _nftables_conf_has_rules(ctx) if nft_unit == "active" else None
    observed["nftables_unit"] = nft_unit
    observed["nftables_conf_has_rules"] = nft_rules
    if nft_unit == "active" and nft_rules:
        return Outcome(
            Status.PASS,
            f"The nftables firewall service is running with a configured ruleset ({LINUX_NOTE}).",
            observed,
            expected="an active firewall front-end (ufw, firewalld or nftables)",
            method="systemctl is-active nftables and a boot ruleset that drops or rejects",
        )
    if nft_unit is None or (nft_unit == "active" and nft_rules is None):
        undetermined.append("nftables")

    if undetermined:
        return Outcome(
            Status.UNKNOWN,
            "Could not tell whether a firewall is running: "
            + ", ".join(undetermined)
            + " could not be checked.",
            observed,
            expected="an active firewall front-end (ufw, firewalld or nftables)",
            method="ufw, firewalld and nftables service state",
        )
    return Outcome(
        Status.FAIL,
        "No firewall is switched on: ufw, firewalld and nftables are all off or absent.",
        observed,
        expected="an active firewall front-end (ufw, firewalld or nftables)",
        method="ufw, firewalld and nftables service state",
    )


# ---------------------------------------------------------------------------------------------
# Windows

WINDOWS_EXPECTED = "Windows Firewall on for the Domain, Private and Public profiles (or another " \
    "firewall that Security Center reports as on)"
PROFILES = ("Domain", "Private", "Public")
POWERSHELL = ("powershell.exe", "-NoProfile", "-NonInteractive", "-Command")
# The enforced policy (ActiveStore): without it the cmdlet reads the local store, which a
# Group Policy may override. Output forced to UTF-8 JSON so nothing depends on the UI language.
PROFILES_SCRIPT = (
    "$ErrorActionPreference = 'Stop'; "
    "[Console]::OutputEncoding = [System.Text.Encoding]::UTF8; "
    "$p = @(Get-NetFirewallProfile -PolicyStore ActiveStore | ForEach-Object { "
    "[pscustomobject]@{ Name = [string]$_.Name; Enabled = [string]$_.Enabled } }); "
    "ConvertTo-Json -InputObject $p -Compress"
)
PRODUCTS_SCRIPT = (
    "$ErrorActionPreference = 'Stop'; "
    "[Console]::OutputEncoding = [System.Text.Encoding]::UTF8; "
    "$p = @(Get-CimInstance -Namespace root/SecurityCenter2 -ClassName FirewallProduct | "
    "ForEach-Object { [pscustomobject]@{ displayName = [string]$_.displayName; "
    "productState = [int64]$_.productState } }); "
    "ConvertTo-Json -InputObject $p -Compress"
)
# Registry: the local settings, overridden by Group Policy where a policy sets them.
REG_LOCAL = "HKLM\\SYSTEM\\CurrentControlSet\\Services\\SharedAccess\\Parameters\\FirewallPolicy"
REG_POLICY = "HKLM\\SOFTWARE\\Policies\\Microsoft\\WindowsFirewall"
REG_KEYS = {"Domain": ("DomainProfile", "DomainProfile"),
            "Private": ("StandardProfile", "PrivateProfile"),
            "Public": ("PublicProfile", "PublicProfile")}
REG_SERVICE = "HKLM\\SYSTEM\\CurrentControlSet\\Services\\mpssvc\\Start"


def parse_profiles_json(text: str) -> dict[str, bool] | None:
    """{profile: on} for exactly Domain, Private and Public, or None if anything is off-script."""
    data = powershell_json.records(text)
    if data is None:
        return None
    states: dict[str, bool] = {}
    for item in data:
        name, enabled = item.get("Name"), item.get("Enabled")
        if name not in PROFILES or name in states or enabled not in ("True", "False"):
            return None  # "NotConfigured" has no meaning in the ActiveStore: do not guess
        states[name] = enabled == "True"
    return states if set(states) == set(PROFILES) else None


def _profiles_from_powershell(ctx: CheckContext) -> tuple[dict[str, bool] | None, str]:
    res = ctx.run([*POWERSHELL, PROFILES_SCRIPT], timeout=20, encoding="utf-8")
    if not res.ok:
        return None, res.problem() or "PowerShell failed"
    states = parse_profiles_json(res.stdout)
    return states, "" if states is not None else "Get-NetFirewallProfile output not recognised"


def _reg_bool(ctx: CheckContext, path: str) -> bool | str | None:
    """True/False for a DWORD 1/0, "missing" when absent, None when unreadable or odd."""
    read = ctx.registry(path)
    if read.error == "missing":
        return "missing"
    if not read.ok or isinstance(read.value, bool) or read.value not in (0, 1):
        return None
    return bool(read.value)


def _profiles_from_registry(ctx: CheckContext) -> tuple[dict[str, bool] | None, str]:
    start = ctx.registry(REG_SERVICE)
    if not start.ok or isinstance(start.value, bool) or not isinstance(start.value, int):
        return None, "the firewall service's start type could not be read"
    if start.value == 4:  # SERVICE_DISABLED: no profile can be on, whatever the settings say
        return dict.fromkeys(PROFILES, False), ""
    states: dict[str, bool] = {}
    for profile, (local_key, policy_key) in REG_KEYS.items():
        policy = _reg_bool(ctx, f"{REG_POLICY}\\{policy_key}\\EnableFirewall")
        if isinstance(policy, bool):
            states[profile] = policy
            continue
        if policy is None:
            return None, f"the {profile} policy value could not be read"
        local = _reg_bool(ctx, f"{REG_LOCAL}\\{local_key}\\EnableFirewall")
        if not isinstance(local, bool):
            return None, f"the {profile} profile's EnableFirewall value could not be read"
        states[profile] = local
    return states, ""


def parse_products_json(text: str) -> list[tuple[str, bool]] | None:
    """Security Center firewall products as (name, on); productState bit 0x1000 means on."""
    data = powershell_json.records(text)
    if data is None:
        return None
    found: list[tuple[str, bool]] = []
    for item in data:
        name, state = item.get("displayName"), item.get("productState")
        if not isinstance(name, str) or isinstance(state, bool) or not isinstance(state, int):
            return None
        found.append((name, bool(state & 0x1000)))
    return found


def windows(ctx: CheckContext) -> Outcome:
    states, why = _profiles_from_powershell(ctx)
    method = "Get-NetFirewallProfile -PolicyStore ActiveStore"
    if states is None:
        states, why_reg = _profiles_from_registry(ctx)
        method = "registry EnableFirewall values (configured state; PowerShell unavailable)"
        if states is None:
            return Outcome(Status.UNKNOWN,
                           f"Could not tell whether Windows Firewall is on: {why}; and {why_reg}.",
                           {"profiles_read": False}, WINDOWS_EXPECTED, method)
    observed: dict[str, Scalar] = {f"{p.lower()}_profile_on": states[p] for p in PROFILES}
    off = [p for p in PROFILES if not states[p]]
    if not off:
        return Outcome(Status.PASS,
                       "Windows Firewall is on for all three network profiles (Domain, Private, "
                       "Public).", observed, WINDOWS_EXPECTED, method)

    # Built-in firewall at least partly off: a third-party one registered and on also counts.
    res = ctx.run([*POWERSHELL, PRODUCTS_SCRIPT], timeout=20, encoding="utf-8")
    products = parse_products_json(res.stdout) if res.ok else None
    method += "; Security Center FirewallProduct"
    if products is not None:
        observed["third_party_firewalls"] = "; ".join(
            f"{n} ({'on' if on else 'off'})" for n, on in products) or "none"
        active = [n for n, on in products if on]
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
    if products is None:
        why = res.problem() or "unrecognised answer"
        return Outcome(Status.UNKNOWN,
                       "Windows Firewall is off for every profile, and Security Center could not "
                       f"be asked about other firewalls ({why}).",
                       observed, WINDOWS_EXPECTED, method)
    return Outcome(Status.FAIL,
                   "Windows Firewall is off for every network profile and no other firewall is "
                   "switched on.", observed, WINDOWS_EXPECTED, method)


# ---------------------------------------------------------------------------------------------
# macOS

MACOS_EXPECTED = "the macOS firewall on (State 1, or State 2: block all incoming connections)"
SOCKETFILTERFW = "/usr/libexec/ApplicationFirewall/socketfilterfw"
SP_FIREWALL = {
    "spfirewall_globalstate_allow_all": 0,
    "spfirewall_globalstate_limit_connections": 1,
    "spfirewall_globalstate_block_all": 2,
}


def parse_socketfilterfw(text: str) -> int | None:
    """0 off, 1 on, 2 on and blocking all incoming; None when not recognised."""
    m = re.search(r"\(State = (\d+)\)", text)
    if m:
        state = int(m.group(1))
        return state if state in (0, 1, 2) else None
    line = text.strip()
    if line == "Firewall is enabled.":
        return 1
    if line == "Firewall is disabled.":
        return 0
    if line.startswith("Firewall is blocking all non-essential incoming connections"):
        return 2
    return None


def parse_sp_firewall(text: str) -> int | None:
    try:
        data = json.loads(text)
    except ValueError:
        return None
    items = data.get("SPFirewallDataType") if isinstance(data, dict) else None
    if not isinstance(items, list):
        return None
    states = {SP_FIREWALL.get(i.get("spfirewall_globalstate", ""), -1)
              for i in items if isinstance(i, dict) and "spfirewall_globalstate" in i}
    if len(states) != 1 or -1 in states:
        return None
    return states.pop()


def macos(ctx: CheckContext) -> Outcome:
    res = ctx.run([SOCKETFILTERFW, "--getglobalstate"], timeout=5)
    state = parse_socketfilterfw(res.stdout) if res.ok else None
    method = "socketfilterfw --getglobalstate"
    first_problem = res.problem() or "its answer was not recognised"
    if state is None:
        res = ctx.run(["system_profiler", "SPFirewallDataType", "-json"], timeout=20)
        state = parse_sp_firewall(res.stdout) if res.ok else None
        method = "system_profiler SPFirewallDataType -json (socketfilterfw gave no answer)"
        if state is None:
            why = res.problem() or "its answer was not recognised"
            return Outcome(Status.UNKNOWN,
                           f"Could not tell whether the macOS firewall is on (socketfilterfw: "
                           f"{first_problem}; system_profiler: {why}).",
                           {}, MACOS_EXPECTED, method)
    observed: dict[str, Scalar] = {"global_state": state}
    if state == 0:
        return Outcome(Status.FAIL, "The macOS firewall is switched off.", observed,
                       MACOS_EXPECTED, method)
    extra = " and blocking all incoming connections" if state == 2 else ""
    return Outcome(Status.PASS, f"The macOS firewall is on{extra}.", observed, MACOS_EXPECTED,
                   method)


FIREWALL = PlatformCheck("firewall_on", windows=windows, macos=macos, linux=linux, budget_s=25.0)
