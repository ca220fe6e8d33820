"""Windows Wi-Fi facts: the Native Wi-Fi API first, then netsh; the default route for a VPN."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from checks import powershell
from checks.wifi.gather import finish
from checks.wifi.model import (
    LOCATION_STEPS_WINDOWS,
    NATIVE_WINDOWS,
    Link,
    Reading,
    Security,
    VpnRoute,
    WifiFacts,
)
from checks.wifi.netsh import read_netsh
from readiness.check import CheckContext

VPN_WINDOWS_WORDS = ("wireguard", "wintun", "tap-windows", "openvpn", "tailscale", "anyconnect",
                     "globalprotect", "pangp", "fortinet", "juniper", "pulse secure",
                     "nordlynx", "protonvpn", "mullvad", "wan miniport", "vpn")


WINDOWS_ROUTE_SCRIPT = (
    "$ErrorActionPreference = 'Stop'; "
    "[Console]::OutputEncoding = [System.Text.Encoding]::UTF8; "
    "$r = Find-NetRoute -RemoteIPAddress 1.1.1.1 | Where-Object { $_.InterfaceAlias } | "
    "Select-Object -First 1; "
    "$a = Get-NetAdapter -InterfaceIndex $r.InterfaceIndex -IncludeHidden "
    "-ErrorAction SilentlyContinue; "
    "[pscustomobject]@{ InterfaceAlias = [string]$r.InterfaceAlias; "
    "InterfaceDescription = [string]$a.InterfaceDescription; "
    "PhysicalMediaType = [string]$a.PhysicalMediaType } | ConvertTo-Json -Compress"
)


def _vpn_windows(ctx: CheckContext) -> VpnRoute | None:
    res = ctx.run(powershell.command(WINDOWS_ROUTE_SCRIPT), timeout=15, encoding="utf-8")
    if not res.ok:
        return None
    try:
        data = json.loads(res.stdout)
    except ValueError:
        return None
    if not isinstance(data, dict) or not isinstance(data.get("InterfaceAlias"), str):
        return None
    alias = data["InterfaceAlias"]
    desc = str(data.get("InterfaceDescription") or "")
    media = str(data.get("PhysicalMediaType") or "")
    words = f"{alias} {desc}".lower()
    vpn = media != "Native 802.11" and any(w in words for w in VPN_WINDOWS_WORDS)
    return VpnRoute(alias, vpn)


# Windows

# DOT11_AUTH_ALGORITHM and DOT11_CIPHER_ALGORITHM (windot11.h)
AUTH_NAMES = {1: "80211_OPEN", 2: "80211_SHARED_KEY", 3: "WPA", 4: "WPA_PSK", 5: "WPA_NONE",
              6: "RSNA", 7: "RSNA_PSK", 8: "WPA3_ENT_192", 9: "WPA3_SAE", 10: "OWE",
              11: "WPA3_ENT"}
CIPHER_NAMES = {0: "NONE", 1: "WEP40", 2: "TKIP", 4: "CCMP", 5: "WEP104", 8: "GCMP",
                9: "GCMP_256", 10: "CCMP_256", 0x100: "USE_GROUP", 0x101: "WEP"}
WEP_CIPHERS = {1, 5, 0x101}
STRONG_CIPHERS = {4, 8, 9, 10}


def classify_windows(auth: int, cipher: int, security_enabled: bool) -> Security:
    if auth == 1:
        if cipher == 0 and not security_enabled:
            return Security.OPEN
        return Security.WEP if cipher in WEP_CIPHERS else Security.UNKNOWN
    if not security_enabled:
        return Security.UNKNOWN  # a secured algorithm reported without security: contradictory
    if auth == 2:
        return Security.WEP
    if auth in (3, 4, 5):
        return Security.WPA1
    if auth == 10:
        return Security.OWE
    if auth in (6, 7, 8, 9, 11):
        if cipher == 2:
            return Security.WPA1  # WPA2/3 held back to TKIP
        if cipher in STRONG_CIPHERS:
            return Security.WPA2 if auth in (6, 7) else Security.WPA3
        return Security.UNKNOWN
    return Security.UNKNOWN


def read_windows_native(value: Any) -> Reading:
    src = "Native Wi-Fi API (WlanQueryInterface current connection)"
    if not isinstance(value, Mapping) or value.get("api") != "wlanapi":
        return Reading(problem="the Native Wi-Fi answer was not in the expected form", source=src)
    if value.get("open_error") == 1062:
        return Reading(in_use=False, source=src + "; the WLAN AutoConfig service is not running")
    if "open_error" in value or "enum_error" in value:
        code = value.get("open_error", value.get("enum_error"))
        return Reading(problem=f"the Native Wi-Fi API returned error {code}", source=src)
    ifaces = value.get("interfaces")
    if not isinstance(ifaces, list):
        return Reading(problem="the Native Wi-Fi answer lists no interfaces", source=src)
    links: list[Link] = []
    denied = False
    for iface in ifaces:
        if not isinstance(iface, Mapping) or not isinstance(iface.get("state_code"), int):
            return Reading(problem="an interface entry was not in the expected form", source=src)
        if iface["state_code"] != 1:
            continue
        conn = iface.get("connection")
        err = iface.get("query_error")
        if err == 5:
            denied = True
            continue
        if not isinstance(conn, Mapping):
            return Reading(problem=f"the connected interface could not be queried (error {err})",
                           source=src)
        auth, cipher = conn.get("auth_algorithm"), conn.get("cipher_algorithm")
        enabled = conn.get("security_enabled")
        if not isinstance(auth, int) or not isinstance(cipher, int) or not isinstance(enabled,
                                                                                     bool):
            return Reading(problem="the connection's security fields were missing", source=src)
        raw = (f"auth {AUTH_NAMES.get(auth, auth)}, cipher {CIPHER_NAMES.get(cipher, cipher)}, "
               f"security {'on' if enabled else 'off'}")
        ssid = conn.get("ssid") if isinstance(conn.get("ssid"), str) else None
        links.append(Link(classify_windows(auth, cipher, enabled), raw, ssid or None,
                          str(iface.get("description") or "")))
    if denied:
        return Reading(problem="Windows denied access to the Wi-Fi details (Location is off for "
                       "desktop apps). " + LOCATION_STEPS_WINDOWS, location_denied=True,
                       source=src)
    return Reading(tuple(links), in_use=bool(links), source=src)


def gather(ctx: CheckContext) -> WifiFacts:
    native = ctx.native(NATIVE_WINDOWS)
    reading = read_windows_native(native.value) if native.ok else Reading(
        problem=f"the Native Wi-Fi API gave no answer ({native.reason})",
        source="Native Wi-Fi API")
    if reading.answered:
        return finish(ctx, reading, _vpn_windows)
    res = ctx.run(["netsh", "wlan", "show", "interfaces"], timeout=10)
    if res.error is None and not res.timed_out:
        fallback = read_netsh(res.stdout, res.stderr)
        # A failing netsh may still explain itself ("wlansvc is not running"); but links read
        # from a run that reported failure are not trusted.
        if fallback.answered and fallback.in_use and res.returncode != 0:
            fallback = Reading(problem=res.problem(),
                               source=fallback.source)
    else:
        fallback = Reading(problem=res.problem(), source="netsh wlan show interfaces")
    if fallback.answered:
        return finish(ctx, fallback, _vpn_windows)
    # Neither could say. A Location denial comes first: it is the one the user can fix.
    for denied in (reading, fallback):
        if denied.location_denied:
            return WifiFacts(denied)
    return WifiFacts(Reading(problem=f"{reading.problem}; and {fallback.problem}",
                             source="Native Wi-Fi API, then netsh"))

