"""Windows: the default route's adapter and its medium, from PowerShell as JSON; the Wi-Fi
signal from `netsh wlan show interfaces`, read by its untranslated parts only.

- The default route (0.0.0.0/0) with the lowest route metric plus interface metric (how
  Windows chooses: learn.microsoft.com Get-NetRoute), then Get-NetAdapter for that interface.
  NdisPhysicalMedium is a number (NDIS_PHYSICAL_MEDIUM, ntddndis.h), so it is not translated;
  the media type text is kept as evidence only.
- netsh labels are translated ("Signal", "Señal", "Segnale"), but the adapter's description
  and the signal's "NN%" are not: the block holding the adapter's description is found, and
  its one value that is a percentage is the signal. Anything else leaves the signal unknown.
"""

from __future__ import annotations

import re
from typing import Any

from checks import powershell, powershell_json
from checks.connection.link import Kind, Link, unreadable, wifi
from readiness.check import CheckContext

SCRIPT = (
    "$ErrorActionPreference = 'Stop'; "
    "[Console]::OutputEncoding = [System.Text.Encoding]::UTF8; "
    "$r = Get-NetRoute -AddressFamily IPv4 -DestinationPrefix '0.0.0.0/0' | Sort-Object { "
    "$_.RouteMetric + (Get-NetIPInterface -InterfaceIndex $_.InterfaceIndex "
    "-AddressFamily IPv4).InterfaceMetric } | Select-Object -First 1; "
    "$a = Get-NetAdapter -InterfaceIndex $r.InterfaceIndex -IncludeHidden; "
    "[pscustomobject]@{ InterfaceIndex = [int]$r.InterfaceIndex; Name = [string]$a.Name; "
    "InterfaceDescription = [string]$a.InterfaceDescription; "
    "NdisPhysicalMedium = [int]$a.NdisPhysicalMedium; "
    "PhysicalMediaType = [string]$a.PhysicalMediaType } | ConvertTo-Json -Compress"
)
NETSH = ("netsh", "wlan", "show", "interfaces")

# NDIS_PHYSICAL_MEDIUM: 1 WirelessLan, 9 Native802_11; 14 802_3 (Ethernet); 8 WirelessWan,
# 10 Bluetooth, 12 WiMax, 13 UWB; 0 Unspecified (VPN adapters, virtual switches).
WIFI_MEDIA = {1, 9}
WIRED_MEDIA = {14}
OTHER_MEDIA = {0: "a VPN or virtual adapter", 8: "mobile broadband", 10: "Bluetooth",
               12: "WiMAX", 13: "ultra-wideband"}
# PowerShell's start-up alone can take seconds; netsh answers at once.
SCRIPT_TIMEOUT_S, NETSH_TIMEOUT_S = 15.0, 5.0
WORST_CASE_S = SCRIPT_TIMEOUT_S + NETSH_TIMEOUT_S
# "85%", "80 %" (French spacing), or "%85" where the locale puts the sign first (Turkish).
_PERCENT = re.compile(r"(\d{1,3})\s?%|%\s?(\d{1,3})")


def read_adapter(stdout: str) -> dict[str, Any] | None:
    data = powershell_json.parse(stdout)
    if not isinstance(data, dict):
        return None
    medium, desc = data.get("NdisPhysicalMedium"), data.get("InterfaceDescription")
    if not isinstance(medium, int) or isinstance(medium, bool) or not isinstance(desc, str):
        return None
    return data


def _blocks(text: str) -> list[list[tuple[str, str]]]:
    blocks: list[list[tuple[str, str]]] = [[]]
    for line in text.splitlines():
        if not line.strip():
            blocks.append([])
            continue
        key, sep, value = line.partition(":")
        if sep:
            blocks[-1].append((key.strip(), value.strip()))
    return [b for b in blocks if b]


def netsh_signal(stdout: str, description: str) -> tuple[int | None, str]:
    """The adapter's signal percentage from netsh's output, or (None, why not)."""
    mine = [b for b in _blocks(stdout) if description and (description in (v for _, v in b))]
    if len(mine) != 1:
        return None, "netsh did not list this Wi-Fi adapter (Windows may hide Wi-Fi details " \
                     "while Location is off)"
    percents = [m.group(1) or m.group(2) for _, v in mine[0] if (m := _PERCENT.fullmatch(v))]
    if len(percents) != 1:
        return None, "netsh's signal line was not recognised"
    return int(percents[0]), ""


def _signal(ctx: CheckContext, alias: str, description: str) -> Link:
    res = ctx.run(list(NETSH), timeout=NETSH_TIMEOUT_S)
    if not res.ok:
        # A refusal is translated prose; Location being off is the usual cause on Windows 11.
        hint = "; Windows hides Wi-Fi details from apps while Location is off" if res.ran else ""
        return wifi(alias, detail=description, problem=f"{res.problem()}{hint}")
    percent, problem = netsh_signal(res.stdout, description)
    return wifi(alias, percent=percent, problem=problem, detail=description)


def gather(ctx: CheckContext) -> Link:
    res = ctx.run(powershell.command(SCRIPT), timeout=SCRIPT_TIMEOUT_S,
                 encoding="utf-8")
    if not res.ok:
        return unreadable(f"the default route's adapter could not be read ({res.problem()})")
    data = read_adapter(res.stdout)
    if data is None:
        return unreadable("the default route's adapter was not described in the expected form")
    alias, desc = str(data.get("Name") or ""), str(data["InterfaceDescription"])
    medium: int = data["NdisPhysicalMedium"]
    if medium in WIFI_MEDIA:
        return _signal(ctx, alias, desc)
    if medium in WIRED_MEDIA:
        return Link(Kind.WIRED, alias, desc)
    if medium in OTHER_MEDIA:
        return Link(Kind.OTHER, alias, f"{OTHER_MEDIA[medium]} ({desc or alias})")
    return unreadable(f"the adapter's medium ({medium}, {data.get('PhysicalMediaType')}) "
                      "was not recognised", alias)
