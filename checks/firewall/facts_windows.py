"""Windows firewall facts: the effective profile states (PowerShell, else the registry) and,
when a profile is off, the firewalls Security Center knows of."""

from __future__ import annotations

from checks import powershell, powershell_json
from checks.firewall.model import PROFILES, WindowsFacts
from readiness.check import CheckContext

# The enforced policy (ActiveStore): without it the cmdlet reads the local store, which a
# Group Policy may override. Format-Table's headers are property names and its values enum
# names, neither ever localised, so the output does not depend on the UI language.
PROFILES_SCRIPT = (
    "$ErrorActionPreference = 'Stop'; "
    "Get-NetFirewallProfile -PolicyStore ActiveStore | Format-Table Name, Enabled"
)
PRODUCTS_SCRIPT = (
    "$ErrorActionPreference = 'Stop'; "
    "[Console]::OutputEncoding = [System.Text.Encoding]::UTF8; "
    "$p = @(Get-CimInstance -Namespace root/SecurityCenter2 -ClassName FirewallProduct | "
    "ForEach-Object { [pscustomobject]@{ displayName = [string]$_.displayName; "
    "productState = [int64]$_.productState } }); "
    "ConvertTo-Json -InputObject $p -Compress"
)
# Domain membership (Win32_ComputerSystem.PartOfDomain, documented as a boolean: True when the
# computer is part of a domain). PowerShell prints a boolean as True or False; a null (the
# class documents NULL as "not in a domain or the status is unknown") prints nothing.
DOMAIN_SCRIPT = (
    "$ErrorActionPreference = 'Stop'; "
    "(Get-CimInstance -ClassName Win32_ComputerSystem).PartOfDomain"
)
# Registry: the local settings, overridden by Group Policy where a policy sets them.
REG_LOCAL = "HKLM\\SYSTEM\\CurrentControlSet\\Services\\SharedAccess\\Parameters\\FirewallPolicy"
REG_POLICY = "HKLM\\SOFTWARE\\Policies\\Microsoft\\WindowsFirewall"
REG_KEYS = {"Domain": ("DomainProfile", "DomainProfile"),
            "Private": ("StandardProfile", "PrivateProfile"),
            "Public": ("PublicProfile", "PublicProfile")}
REG_SERVICE = "HKLM\\SYSTEM\\CurrentControlSet\\Services\\mpssvc\\Start"


def parse_profiles_table(text: str) -> dict[str, bool] | None:
    """{profile: on} from the ``Name  Enabled`` table, for exactly Domain, Private and Public;
    None if any line is off-script."""
    lines = [ln.split() for ln in text.splitlines() if ln.strip()]
    if len(lines) < 2 or lines[0] != ["Name", "Enabled"] or lines[1] != ["----", "-------"]:
        return None
    states: dict[str, bool] = {}
    for row in lines[2:]:
        if len(row) != 2 or row[0] not in PROFILES or row[0] in states:
            return None
        if row[1] not in ("True", "False"):
            return None  # "NotConfigured" has no meaning in the ActiveStore: do not guess
        states[row[0]] = row[1] == "True"
    return states if set(states) == set(PROFILES) else None


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


def parse_part_of_domain(text: str) -> bool | None:
    """True/False from PowerShell's bare boolean; None for anything else (empty: null)."""
    return {"True": True, "False": False}.get(text.strip())


def _domain_joined(ctx: CheckContext) -> tuple[bool | None, str]:
    res = ctx.run(powershell.command(DOMAIN_SCRIPT), timeout=20, encoding="utf-8")
    if not res.ok:
        return None, res.problem() or "PowerShell failed"
    joined = parse_part_of_domain(res.stdout)
    return joined, "" if joined is not None else "PartOfDomain not recognised"


def _profiles_from_powershell(ctx: CheckContext) -> tuple[dict[str, bool] | None, str]:
    res = ctx.run(powershell.command(PROFILES_SCRIPT), timeout=20, encoding="utf-8")
    if not res.ok:
        return None, res.problem() or "PowerShell failed"
    states = parse_profiles_table(res.stdout)
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


def gather(ctx: CheckContext) -> WindowsFacts:
    states, why = _profiles_from_powershell(ctx)
    from_registry, why_reg = False, ""
    if states is None:
        from_registry = True
        states, why_reg = _profiles_from_registry(ctx)
    if states is None or all(states.values()):
        return WindowsFacts(states, from_registry, why, why_reg)
    # The Domain profile applies only on a domain-joined computer: membership is asked only
    # when it alone is off, the one case where it turns a warning into a pass.
    only_domain_off = not states["Domain"] and states["Private"] and states["Public"]
    joined, why_domain = _domain_joined(ctx) if only_domain_off else (None, "")
    if joined is False:
        return WindowsFacts(states, from_registry, why, why_reg, domain_joined=False)
    # Built-in firewall at least partly off: a third-party one registered and on also counts.
    res = ctx.run(powershell.command(PRODUCTS_SCRIPT), timeout=20, encoding="utf-8")
    products = parse_products_json(res.stdout) if res.ok else None
    problem = "" if products is not None else res.problem() or "unrecognised answer"
    return WindowsFacts(states, from_registry, why, why_reg,
                        None if products is None else tuple(products), problem, joined,
                        why_domain)
