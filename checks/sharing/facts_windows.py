"""Windows sharing facts: the File and Printer Sharing and Network Discovery firewall rules
(one PowerShell script, JSON out) and the Nearby sharing setting (a registry value).

The rules are read from the enforced policy (ActiveStore: local rules plus Group Policy) and
picked by their Group property, an indirect string that is the same on every display language
(see ``model``). Windows turns these rule groups on for a network profile when "Network
discovery" or "File and printer sharing" is switched on for it in Advanced sharing settings,
and when a folder is shared; with them off, nothing on the network can reach the computer's
shares. Shared folders themselves are not listed: the rules decide whether anyone can reach
them. ``Enabled``, ``Direction``, ``Action`` and ``Profile`` are enums, printed by name (never
translated); ``Profile`` is a flag set such as ``Private, Public`` or ``Any``.
"""

from __future__ import annotations

from checks import powershell, powershell_json
from checks.sharing.model import FPS_GROUP, NETDIS_GROUP, FirewallRule, WindowsFacts
from readiness.check import CheckContext

RULES_SCRIPT = (
    "$ErrorActionPreference = 'Stop'; "
    "[Console]::OutputEncoding = [System.Text.Encoding]::UTF8; "
    f"$g = @('{FPS_GROUP}', '{NETDIS_GROUP}'); "
    "$r = @(Get-NetFirewallRule -PolicyStore ActiveStore | Where-Object { $g -contains $_.Group } "
    "| ForEach-Object { [pscustomobject]@{ name = [string]$_.Name; group = [string]$_.Group; "
    "enabled = [string]$_.Enabled; direction = [string]$_.Direction; "
    "action = [string]$_.Action; profile = [string]$_.Profile } }); "
    "ConvertTo-Json -InputObject $r -Compress"
)
NEARBY = r"HKCU\Software\Microsoft\Windows\CurrentVersion\CDP\NearShareChannelUserAuthzPolicy"
PROFILE_NAMES = frozenset({"Domain", "Private", "Public"})


def parse_profiles(text: str) -> frozenset[str] | None:
    """``Private, Public`` -> {Private, Public}; ``Any`` -> all three; None if off-script."""
    parts = [p.strip() for p in text.split(",")]
    if parts == ["Any"]:
        return PROFILE_NAMES
    if not parts or not all(p in PROFILE_NAMES for p in parts):
        return None
    return frozenset(parts)


def _rule(item: dict[str, object]) -> FirewallRule | None:
    fields = [item.get(k) for k in ("name", "group", "enabled", "direction", "action",
                                    "profile")]
    if not all(isinstance(v, str) for v in fields):
        return None
    name, group, enabled, direction, action, profile = (str(v) for v in fields)
    profiles = parse_profiles(profile)
    if (not name or enabled not in ("True", "False") or profiles is None
            or direction not in ("Inbound", "Outbound") or action not in ("Allow", "Block")):
        return None
    return FirewallRule(name, group, enabled == "True",
                        direction == "Inbound" and action == "Allow", profiles)


def parse_rules(text: str) -> list[FirewallRule] | None:
    """The rules from the script's JSON; None when any entry is off-script."""
    records = powershell_json.records(text)
    if records is None:
        return None
    rules = [_rule(item) for item in records]
    return [r for r in rules if r is not None] if all(rules) else None


def gather(ctx: CheckContext) -> WindowsFacts:
    res = ctx.run(powershell.command(RULES_SCRIPT), timeout=30, encoding="utf-8")
    rules = parse_rules(res.stdout) if res.ok else None
    problem = "" if rules is not None else res.problem() or "its answer was not recognised"
    nearby = ctx.registry(NEARBY)
    return WindowsFacts(None if rules is None else tuple(rules), problem, nearby.value,
                        nearby.error)
