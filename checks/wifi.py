"""Wi-Fi security of the current connection (GPiA 047 §4: unprotected Wi-Fi).

fail: open or WEP; warn: WPA (first generation) or TKIP only, OWE (encrypted but anyone may
join), or open with all traffic going through an active VPN; pass: WPA2 or WPA3, personal or
enterprise; not applicable: no Wi-Fi in use. Anything we cannot read or do not recognise is
unknown, never a pass.

Each OS reduces what it saw to a list of ``Link``s (one per connected Wi-Fi interface) with a
``Security`` class; the verdict is shared.
"""

from __future__ import annotations

import enum
import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from readiness.check import CheckContext, PlatformCheck
from readiness.model import Outcome, Scalar, Status

EXPECTED = "the current Wi-Fi connection uses WPA2 or WPA3 (or Wi-Fi is not in use)"
NATIVE_WINDOWS = "windows.wlan_current_connection"
NATIVE_MACOS = "macos.corewlan_current"

LOCATION_STEPS_WINDOWS = (
    "Windows only tells apps about Wi-Fi when Location is allowed: open Settings > Privacy & "
    "security > Location, turn on 'Location services' and 'Let desktop apps access your "
    "location', then run the check again."
)
LOCATION_NOTE_MACOS = (
    "the network name is hidden because Readiness has no Location permission (System Settings "
    "> Privacy & Security > Location Services)"
)


class Security(enum.StrEnum):
    OPEN = "open"
    WEP = "wep"
    WPA1 = "wpa1"  # first-generation WPA, or any mode held back to TKIP
    OWE = "owe"  # Enhanced Open: encrypted, but no password keeps anyone off the network
    WPA2 = "wpa2"
    WPA3 = "wpa3"
    UNKNOWN = "unknown"


PLAIN = {
    Security.OPEN: "open (no password, no encryption)",
    Security.WEP: "WEP (broken encryption)",
    Security.WPA1: "WPA or TKIP (old, weak encryption)",
    Security.OWE: "Enhanced Open (encrypted, but anyone can join)",
    Security.WPA2: "WPA2",
    Security.WPA3: "WPA3",
    Security.UNKNOWN: "not recognised",
}


@dataclass(frozen=True)
class Link:
    """One connected Wi-Fi interface as a source described it."""

    security: Security
    raw: str  # the source's own words or numbers, kept for the evidence
    ssid: str | None = None
    interface: str = ""


@dataclass(frozen=True)
class Reading:
    """What one source said: links in use, or why it could not say."""

    links: tuple[Link, ...] = ()
    in_use: bool | None = None  # False: positively no Wi-Fi connection; None: cannot tell
    problem: str | None = None  # why this source gave no answer
    location_denied: bool = False
    source: str = ""

    @property
    def answered(self) -> bool:
        return self.problem is None and self.in_use is not None


# ---------------------------------------------------------------------------------------------
# The shared verdict


def _verdict(ctx: CheckContext, reading: Reading, vpn: VpnRoute | None = None) -> Outcome:
    observed: dict[str, Scalar] = {"source": reading.source}
    if not reading.answered:
        return Outcome(Status.UNKNOWN, f"Could not tell how the Wi-Fi is secured: "
                       f"{reading.problem or 'no answer'}.", observed, EXPECTED, reading.source)
    if not reading.in_use:
        observed["wifi_in_use"] = False
        return Outcome(Status.NOT_APPLICABLE,
                       "This computer is not connected to Wi-Fi, so its security does not apply.",
                       observed, EXPECTED, reading.source)
    observed["wifi_in_use"] = True
    for i, link in enumerate(reading.links):
        suffix = "" if len(reading.links) == 1 else f"_{i + 1}"
        observed[f"security{suffix}"] = link.security.value
        observed[f"security_raw{suffix}"] = link.raw
        if link.ssid:
            ctx.sensitive(link.ssid)
            observed[f"network_name{suffix}"] = link.ssid
        if link.interface:
            observed[f"interface{suffix}"] = link.interface
    worst = _worst([link.security for link in reading.links])
    name = _name(reading.links)
    method = reading.source
    if worst is Security.UNKNOWN:
        raw = ", ".join(link.raw for link in reading.links)
        return Outcome(Status.UNKNOWN,
                       f"Connected to Wi-Fi{name}, but its security ({raw}) was not recognised.",
                       observed, EXPECTED, method)
    if worst in (Security.WPA2, Security.WPA3):
        return Outcome(Status.PASS,
                       f"The Wi-Fi connection{name} is protected with {PLAIN[worst]}.",
                       observed, EXPECTED, method)
    if worst is Security.WPA1:
        return Outcome(Status.WARN,
                       f"The Wi-Fi connection{name} uses {PLAIN[worst]}; change the router to "
                       "WPA2 or WPA3.", observed, EXPECTED, method)
    if worst is Security.OWE:
        return Outcome(Status.WARN,
                       f"The Wi-Fi connection{name} is {PLAIN[worst]}; a password-protected "
                       "(WPA2 or WPA3) network is safer for sessions.", observed, EXPECTED,
                       method)
    if worst is Security.OPEN and vpn is not None and vpn.through_vpn:
        observed["default_route_interface"] = vpn.interface
        observed["traffic_through_vpn"] = True
        return Outcome(Status.WARN,
                       f"The Wi-Fi{name} is open, but all traffic goes through a VPN "
                       f"({vpn.interface}); a password-protected network is still safer.",
                       observed, EXPECTED, method + "; default route checked for a VPN")
    if vpn is not None:
        observed["default_route_interface"] = vpn.interface
        observed["traffic_through_vpn"] = vpn.through_vpn
    return Outcome(Status.FAIL,
                   f"The Wi-Fi connection{name} is {PLAIN[worst]}: others nearby can read or "
                   "tamper with what is sent.", observed, EXPECTED, method)


_ORDER = (Security.UNKNOWN, Security.OPEN, Security.WEP, Security.WPA1, Security.OWE,
          Security.WPA2, Security.WPA3)


def _worst(found: Sequence[Security]) -> Security:
    # Unknown ranks worst: one unrecognised link must stop a pass.
    return min(found, key=_ORDER.index)


def _name(links: Sequence[Link]) -> str:
    names = [link.ssid for link in links if link.ssid]
    return f" ('{names[0]}')" if len(names) == 1 else ""


# ---------------------------------------------------------------------------------------------
# VPN: only consulted when the Wi-Fi is open, to tell "open" (fail) from "open under a VPN" (warn)

VPN_NAME = re.compile(
    r"^(tun|tap|wg|ppp|utun|ipsec|tailscale|nordlynx|proton|mullvad|cscotun|gpd|vpn)",
    re.IGNORECASE,
)
VPN_WINDOWS_WORDS = ("wireguard", "wintun", "tap-windows", "openvpn", "tailscale", "anyconnect",
                     "globalprotect", "pangp", "fortinet", "juniper", "pulse secure",
                     "nordlynx", "protonvpn", "mullvad", "wan miniport", "vpn")


@dataclass(frozen=True)
class VpnRoute:
    interface: str
    through_vpn: bool


def _vpn_linux(ctx: CheckContext) -> VpnRoute | None:
    # `ip route get` honours policy routing (wg-quick, Tailscale exit nodes use their own table).
    res = ctx.run(["ip", "route", "get", "1.1.1.1"], timeout=3)
    if not res.ok:
        return None
    m = re.search(r"\bdev\s+(\S+)", res.stdout)
    if not m:
        return None
    dev = m.group(1)
    uevent = ctx.read_file(f"/sys/class/net/{dev}/uevent")
    devtype = _uevent_devtype(uevent.text) if uevent.text is not None else None
    return VpnRoute(dev, bool(VPN_NAME.match(dev)) or devtype == "wireguard")


def _vpn_macos(ctx: CheckContext) -> VpnRoute | None:
    res = ctx.run(["route", "-n", "get", "default"], timeout=3)
    if not res.ok:
        return None
    m = re.search(r"^\s*interface:\s*(\S+)\s*$", res.stdout, re.MULTILINE)
    if not m:
        return None
    return VpnRoute(m.group(1), bool(VPN_NAME.match(m.group(1))))


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
    res = ctx.run(["powershell.exe", "-NoProfile", "-NonInteractive", "-Command",
                   WINDOWS_ROUTE_SCRIPT], timeout=15, encoding="utf-8")
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


def _uevent_devtype(text: str) -> str | None:
    for line in text.splitlines():
        if line.startswith("DEVTYPE="):
            return line.split("=", 1)[1].strip()
    return None


# ---------------------------------------------------------------------------------------------
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


# netsh: English labels where we have them; otherwise only values that are never translated.
NETSH_AUTH = {
    "open": Security.OPEN,
    "shared": Security.WEP,
    "wpa-personal": Security.WPA1,
    "wpa-enterprise": Security.WPA1,
    "wpa2-personal": Security.WPA2,
    "wpa2-enterprise": Security.WPA2,
    "wpa3-personal": Security.WPA3,
    "wpa3-enterprise": Security.WPA3,
    "owe": Security.OWE,
}
NETSH_CIPHERS = {"none", "ccmp", "gcmp", "gcmp-256", "ccmp-256", "tkip", "wep"}
NETSH_LINE = re.compile(r"^\s*(\S.*?)\s+:\s?(.*?)\s*$")
NETSH_STATES_EN = {"connected", "disconnected", "disconnecting", "associating",
                   "authenticating", "discovering", "not ready", "ad hoc network formed"}
# Tokens that mark a non-wireless answer in any language (service or location denial).
LOCATION_TOKENS = ("ms-settings:privacy-location", "WlanQueryInterface")


def _netsh_blocks(text: str) -> list[list[tuple[str, str]]]:
    blocks: list[list[tuple[str, str]]] = []
    current: list[tuple[str, str]] = []
    for line in text.splitlines():
        if not line.strip():
            if current:
                blocks.append(current)
                current = []
            continue
        m = NETSH_LINE.match(line)
        if m:
            current.append((m.group(1).strip(), m.group(2).strip()))
    if current:
        blocks.append(current)
    # An interface block always carries the adapter GUID (the label is not translated).
    return [b for b in blocks if any(k.upper() == "GUID" for k, _ in b)]


def _netsh_block_link(block: list[tuple[str, str]]) -> Link | str | None:
    """A Link when connected, None when positively not connected, or a reason string."""
    labels = {k.lower(): v for k, v in block}
    ssid = labels.get("ssid") or None
    if "state" in labels:  # English output: read by label
        state = labels["state"].lower()
        if state not in NETSH_STATES_EN:
            return f"the interface state '{labels['state']}' was not recognised"
        if state != "connected":
            return None
        auth = labels.get("authentication", "")
        cipher = labels.get("cipher", "")
        return Link(_netsh_security(auth, cipher), f"{auth} / {cipher}", ssid,
                    labels.get("name", ""))
    # Localised output: find the values that are not translated, away from name-like lines.
    names = {v for k, v in block if k.lower() in ("ssid", "bssid", "ap bssid")}
    auths = [v for k, v in block if v.lower() in NETSH_AUTH and v.lower() not in ("open", "owe")
             and v not in names and k.lower() not in ("ssid", "bssid")]
    ciphers = [v for k, v in block if v.lower() in NETSH_CIPHERS - {"none"}
               and v not in names and k.lower() not in ("ssid", "bssid")]
    if len(auths) == 1 and len(ciphers) <= 1:
        cipher = ciphers[0] if ciphers else ""
        if not cipher:
            return "the cipher line was not found in the translated output"
        return Link(_netsh_security(auths[0], cipher), f"{auths[0]} / {cipher}", ssid)
    if len(auths) > 1:
        return "more than one line looked like an authentication method"
    return "the output is in a language Readiness reads only partly, and no WPA method was found"


def _netsh_security(auth: str, cipher: str) -> Security:
    sec = NETSH_AUTH.get(auth.strip().lower(), Security.UNKNOWN)
    c = cipher.strip().lower()
    if c not in NETSH_CIPHERS:
        return Security.UNKNOWN
    if sec is Security.OPEN:
        return Security.OPEN if c == "none" else Security.WEP if c == "wep" else Security.UNKNOWN
    if sec in (Security.WPA2, Security.WPA3):
        if c == "tkip":
            return Security.WPA1
        if c in ("none", "wep"):
            return Security.UNKNOWN
    return sec


def read_netsh(stdout: str, stderr: str = "") -> Reading:
    src = "netsh wlan show interfaces"
    both = stdout + "\n" + stderr
    if any(token in both for token in LOCATION_TOKENS):
        return Reading(problem="Windows denied access to the Wi-Fi details (Location is off for "
                       "desktop apps). " + LOCATION_STEPS_WINDOWS, location_denied=True,
                       source=src)
    blocks = _netsh_blocks(stdout)
    if not blocks:
        if "wlansvc" in both:  # service short name, not translated
            return Reading(in_use=False, source=src + "; the WLAN AutoConfig service is not "
                           "running")
        if "There is no wireless interface on the system" in stdout:
            return Reading(in_use=False, source=src + "; no wireless interface")
        return Reading(problem="netsh output was not recognised", source=src)
    links: list[Link] = []
    for block in blocks:
        got = _netsh_block_link(block)
        if isinstance(got, str):
            return Reading(problem=got, source=src)
        if got is not None:
            links.append(got)
    return Reading(tuple(links), in_use=bool(links), source=src)


def windows(ctx: CheckContext) -> Outcome:
    native = ctx.native(NATIVE_WINDOWS)
    reading = read_windows_native(native.value) if native.ok else Reading(
        problem=f"the Native Wi-Fi API was not available ({native.error})",
        source="Native Wi-Fi API")
    if reading.answered:
        return _decide(ctx, reading, _vpn_windows)
    res = ctx.run(["netsh", "wlan", "show", "interfaces"], timeout=10)
    if res.error is None and not res.timed_out:
        fallback = read_netsh(res.stdout, res.stderr)
        # A failing netsh may still explain itself ("wlansvc is not running"); but links read
        # from a run that reported failure are not trusted.
        if fallback.answered and fallback.in_use and res.returncode != 0:
            fallback = Reading(problem=f"netsh exited with code {res.returncode}",
                               source=fallback.source)
    else:
        fallback = Reading(problem=res.problem(), source="netsh wlan show interfaces")
    if fallback.answered:
        return _decide(ctx, fallback, _vpn_windows)
    # Neither could say. A Location denial comes first: it is the one the user can fix.
    for denied in (reading, fallback):
        if denied.location_denied:
            return _verdict(ctx, denied)
    return _verdict(ctx, Reading(problem=f"{reading.problem}; and {fallback.problem}",
                                 source="Native Wi-Fi API, then netsh"))


def _decide(ctx: CheckContext, reading: Reading, vpn_probe: Any) -> Outcome:
    vpn = None
    if reading.answered and reading.in_use and _worst(
            [link.security for link in reading.links]) is Security.OPEN:
        vpn = vpn_probe(ctx)
    return _verdict(ctx, reading, vpn)


# ---------------------------------------------------------------------------------------------
# macOS

# CWSecurity (CoreWLAN/CoreWLANTypes.h)
CW_SECURITY = {
    0: ("None", Security.OPEN),
    1: ("WEP", Security.WEP),
    2: ("WPAPersonal", Security.WPA1),
    3: ("WPAPersonalMixed", Security.WPA2),
    4: ("WPA2Personal", Security.WPA2),
    5: ("Personal", Security.WPA2),
    6: ("DynamicWEP", Security.WEP),
    7: ("WPAEnterprise", Security.WPA1),
    8: ("WPAEnterpriseMixed", Security.WPA2),
    9: ("WPA2Enterprise", Security.WPA2),
    10: ("Enterprise", Security.WPA2),
    11: ("WPA3Personal", Security.WPA3),
    12: ("WPA3Enterprise", Security.WPA3),
    13: ("WPA3Transition", Security.WPA3),
    14: ("OWE", Security.OWE),
    15: ("OWETransition", Security.OWE),
}


def read_corewlan(value: Any) -> Reading:
    src = "CoreWLAN (CWInterface security)"
    if not isinstance(value, Mapping) or value.get("api") != "CoreWLAN":
        return Reading(problem="the CoreWLAN answer was not in the expected form", source=src)
    ifaces = value.get("interfaces")
    if not isinstance(ifaces, list):
        return Reading(problem="the CoreWLAN answer lists no interfaces", source=src)
    links: list[Link] = []
    hidden = False
    for iface in ifaces:
        if not isinstance(iface, Mapping):
            return Reading(problem="an interface entry was not in the expected form", source=src)
        power, mode, sec = iface.get("power_on"), iface.get("interface_mode"), iface.get(
            "security")
        if not isinstance(power, bool) or not isinstance(mode, int) or not isinstance(sec, int):
            return Reading(problem="an interface entry lacked its state", source=src)
        channel, rssi = iface.get("channel"), iface.get("rssi")
        if not power:
            continue
        if mode == 0:
            if channel is None and rssi in (0, None):
                continue  # powered on but not associated with any network
            return Reading(problem="CoreWLAN gave contradictory association details", source=src)
        if mode != 1:
            return Reading(problem=f"the Wi-Fi interface is in an unusual mode ({mode})",
                           source=src)
        name, security = CW_SECURITY.get(sec, (f"unknown ({sec})", Security.UNKNOWN))
        ssid = iface.get("ssid") if isinstance(iface.get("ssid"), str) else None
        hidden = hidden or ssid is None
        links.append(Link(security, f"CWSecurity {name}", ssid, str(iface.get("name") or "")))
    source = src + ("; " + LOCATION_NOTE_MACOS if hidden and links else "")
    return Reading(tuple(links), in_use=bool(links), source=source)


SP_SECURITY = {
    "none": Security.OPEN,
    "open": Security.OPEN,
    "wep": Security.WEP,
    "dynamic_wep": Security.WEP,
    "wpa_personal": Security.WPA1,
    "wpa_enterprise": Security.WPA1,
    "wpa_personal_mixed": Security.WPA2,
    "wpa_enterprise_mixed": Security.WPA2,
    "wpa2_personal": Security.WPA2,
    "wpa2_enterprise": Security.WPA2,
    "wpa3_personal": Security.WPA3,
    "wpa3_enterprise": Security.WPA3,
    "wpa3_transition": Security.WPA3,
    "wpa3_personal_transition": Security.WPA3,
    "owe": Security.OWE,
    "owe_transition": Security.OWE,
}
SP_NOT_CONNECTED = {"spairport_status_off", "spairport_status_inactive",
                    "spairport_status_disconnected"}


def read_system_profiler(stdout: str) -> Reading:
    src = "system_profiler SPAirPortDataType -json"
    try:
        data = json.loads(stdout)
    except ValueError:
        return Reading(problem="system_profiler did not return JSON", source=src)
    if not isinstance(data, dict) or not isinstance(data.get("SPAirPortDataType"), list):
        return Reading(problem="system_profiler's answer had no Wi-Fi section", source=src)
    ifaces: list[Any] = []
    for item in data["SPAirPortDataType"]:
        if isinstance(item, dict) and isinstance(item.get("spairport_airport_interfaces"), list):
            ifaces.extend(item["spairport_airport_interfaces"])
    if not ifaces:
        return Reading(problem="system_profiler listed no Wi-Fi interfaces", source=src)
    links: list[Link] = []
    hidden = False
    for iface in ifaces:
        if not isinstance(iface, dict):
            continue
        status = iface.get("spairport_status_information")
        if status is None:
            continue  # helper interfaces (awdl0, llw0) carry no status
        if status in SP_NOT_CONNECTED:
            continue
        if status != "spairport_status_connected":
            return Reading(problem=f"the Wi-Fi status '{status}' was not recognised", source=src)
        net = iface.get("spairport_current_network_information")
        mode = net.get("spairport_security_mode") if isinstance(net, dict) else None
        if not isinstance(mode, str):
            return Reading(problem="the connected network's security was not listed", source=src)
        # Apple spells one prefix without its "s" (pairport_security_mode_wpa3_transition).
        key = re.sub(r"^s?pairport_security_mode_", "", mode)
        security = SP_SECURITY.get(key, Security.UNKNOWN) if key != mode else Security.UNKNOWN
        name = net.get("_name") if isinstance(net, dict) else None
        ssid = name if isinstance(name, str) and name and name != "<redacted>" else None
        hidden = hidden or ssid is None
        links.append(Link(security, mode, ssid, str(iface.get("_name") or "")))
    source = src + ("; " + LOCATION_NOTE_MACOS if hidden and links else "")
    return Reading(tuple(links), in_use=bool(links), source=source)


def macos(ctx: CheckContext) -> Outcome:
    native = ctx.native(NATIVE_MACOS)
    reading = read_corewlan(native.value) if native.ok else Reading(
        problem=f"CoreWLAN was not available ({native.error})", source="CoreWLAN")
    if not reading.answered:
        res = ctx.run(["system_profiler", "SPAirPortDataType", "-json"], timeout=20)
        if res.ok:
            reading = read_system_profiler(res.stdout)
        else:
            reading = Reading(problem=f"{reading.problem}; and {res.problem()}",
                              source="CoreWLAN, then system_profiler")
    return _decide(ctx, reading, _vpn_macos)


# ---------------------------------------------------------------------------------------------
# Linux


def split_terse(line: str) -> list[str]:
    """Split one line of ``nmcli -t`` output on ':' not escaped as '\\:'."""
    fields: list[str] = []
    cur: list[str] = []
    it = iter(line)
    for ch in it:
        if ch == "\\":
            nxt = next(it, "")
            cur.append(nxt)
        elif ch == ":":
            fields.append("".join(cur))
            cur = []
        else:
            cur.append(ch)
    fields.append("".join(cur))
    return fields


NMCLI_TOKENS = {"WEP", "WPA1", "WPA2", "WPA3", "OWE", "802.1X"}


def classify_nmcli(security: str) -> Security:
    """nmcli's SECURITY column lists what the access point offers; empty means open."""
    tokens = security.split()
    if not tokens:
        return Security.OPEN
    if any(t not in NMCLI_TOKENS for t in tokens):
        return Security.UNKNOWN
    if "WPA3" in tokens:
        return Security.WPA3
    if "WPA2" in tokens:
        return Security.WPA2
    if "WPA1" in tokens:
        return Security.WPA1
    if "OWE" in tokens:
        return Security.OWE
    if "WEP" in tokens:
        return Security.WEP
    return Security.UNKNOWN  # "802.1X" alone: not a combination nmcli prints


def read_nmcli(stdout: str) -> Reading:
    src = "nmcli -t -f IN-USE,SSID,SECURITY device wifi list --rescan no"
    links: list[Link] = []
    for line in stdout.splitlines():
        if not line.strip():
            continue
        fields = split_terse(line)
        if len(fields) != 3 or fields[0] not in ("*", " ", ""):
            return Reading(problem="nmcli's output was not in the expected form", source=src)
        if fields[0] == "*":
            raw = fields[2] or "(empty: open)"
            links.append(Link(classify_nmcli(fields[2]), raw, fields[1] or None))
    return Reading(tuple(links), in_use=bool(links), source=src)


WPA_KEY_MGMT = {
    "NONE": Security.OPEN,
    "WPA-PSK": Security.WPA1,
    "WPA/IEEE 802.1X/EAP": Security.WPA1,
    "WPA2-PSK": Security.WPA2,
    "WPA2/IEEE 802.1X/EAP": Security.WPA2,
    "FT-PSK": Security.WPA2,
    "FT/EAP": Security.WPA2,
    "WPA2-PSK-SHA256": Security.WPA2,
    "WPA2-EAP-SHA256": Security.WPA2,
    "SAE": Security.WPA3,
    "FT-SAE": Security.WPA3,
    "WPA2-EAP-SUITE-B": Security.WPA3,
    "WPA2-EAP-SUITE-B-192": Security.WPA3,
    "OWE": Security.OWE,
    "IEEE 802.1X (no WPA)": Security.WEP,
}


def read_wpa_cli(stdout: str) -> Reading:
    src = "wpa_cli status"
    kv = dict(line.split("=", 1) for line in stdout.splitlines() if "=" in line)
    state = kv.get("wpa_state")
    if state is None:
        return Reading(problem="wpa_cli did not report a state", source=src)
    if state in ("DISCONNECTED", "INACTIVE", "SCANNING", "INTERFACE_DISABLED"):
        return Reading(in_use=False, source=src)
    if state != "COMPLETED":
        return Reading(problem=f"wpa_supplicant is in state {state}", source=src)
    mgmt = kv.get("key_mgmt", "")
    pairwise = kv.get("pairwise_cipher", "")
    security = WPA_KEY_MGMT.get(mgmt, Security.UNKNOWN)
    if security is Security.OPEN and pairwise.startswith("WEP"):
        security = Security.WEP
    elif security in (Security.WPA2, Security.WPA3) and pairwise == "TKIP":
        security = Security.WPA1
    elif security in (Security.WPA2, Security.WPA3) and pairwise not in (
            "CCMP", "GCMP", "CCMP-256", "GCMP-256"):
        security = Security.UNKNOWN
    ssid = kv.get("ssid") or None
    return Reading((Link(security, f"key_mgmt={mgmt} pairwise_cipher={pairwise}", ssid,
                         kv.get("interface", "")),), in_use=True, source=src)


def _default_route_wifi(ctx: CheckContext) -> bool | None:
    """Does the main routing table send internet traffic over a wireless interface?"""
    routes = ctx.read_file("/proc/net/route")
    if routes.text is None:
        return None
    devs = []
    for line in routes.text.splitlines()[1:]:
        cols = line.split()
        if len(cols) >= 8 and cols[1] == "00000000" and cols[7] == "00000000":
            devs.append(cols[0])
    if not devs and not routes.text.startswith("Iface"):
        return None
    wireless = False
    for dev in dict.fromkeys(devs):
        uevent = ctx.read_file(f"/sys/class/net/{dev}/uevent")
        if uevent.text is None:
            return None
        wireless = wireless or _uevent_devtype(uevent.text) == "wlan"
    return wireless


def linux(ctx: CheckContext) -> Outcome:
    problems: list[str] = []
    res = ctx.run(["nmcli", "-t", "-f", "IN-USE,SSID,SECURITY", "device", "wifi", "list",
                   "--rescan", "no"], timeout=8)
    if res.ok:
        reading = read_nmcli(res.stdout)
        if reading.answered and not reading.in_use and _default_route_wifi(ctx) is not False:
            reading = Reading(problem="NetworkManager lists no Wi-Fi network in use, but the "
                              "routing table could not confirm that Wi-Fi is unused",
                              source=reading.source)
        if reading.answered:
            return _decide(ctx, reading, _vpn_linux)
        problems.append(reading.problem or "nmcli gave no answer")
    else:
        problems.append(res.problem() or "nmcli failed")

    res = ctx.run(["wpa_cli", "status"], timeout=5)
    if res.ok:
        reading = read_wpa_cli(res.stdout)
        if reading.answered:
            return _decide(ctx, reading, _vpn_linux)
        problems.append(reading.problem or "wpa_cli gave no answer")
    else:
        problems.append(res.problem() or "wpa_cli failed")

    # No tool could say. Without Wi-Fi on the default route, Wi-Fi carries nothing we send.
    on_wifi = _default_route_wifi(ctx)
    if on_wifi is False:
        return _verdict(ctx, Reading(in_use=False, source="routing table (/proc/net/route) and "
                                     "interface types (/sys/class/net/*/uevent)"))
    reason = "; ".join(p for p in problems if p)
    if on_wifi:
        reason = "internet traffic goes over Wi-Fi, but no tool could read its security (" + \
            reason + ")"
    return _verdict(ctx, Reading(problem=reason, source="nmcli, wpa_cli, routing table"))


WIFI = PlatformCheck("wifi_security", windows=windows, macos=macos, linux=linux, budget_s=25.0)
