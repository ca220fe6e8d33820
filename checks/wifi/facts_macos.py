"""macOS Wi-Fi facts: CoreWLAN first, then system_profiler; the default route for a VPN."""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from typing import Any

from checks.wifi import route_macos
from checks.wifi.gather import finish
from checks.wifi.model import (
    LOCATION_NOTE_MACOS,
    NATIVE_MACOS,
    Link,
    Reading,
    Security,
    VpnRoute,
    WifiFacts,
)
from readiness.check import CheckContext


def _vpn_macos(ctx: CheckContext) -> VpnRoute | None:
    res = ctx.run(list(route_macos.ROUTE_GET), timeout=3)
    route_get = res.stdout if res.ok else None
    found = route_macos.vpn_route(route_get, None)
    if found is not None and found.through_vpn:
        return found
    # The route lookup named no tunnel (or failed): the table may still hold half routes.
    res = ctx.run(list(route_macos.NETSTAT), timeout=5)
    return route_macos.vpn_route(route_get, res.stdout if res.ok else None)


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
                    "spairport_status_disconnected", "spairport_status_disassociated"}


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
            # Helper interfaces (awdl0, llw0) carry no status, and at most a network type
            # (a real awdl0 does); one that names a network or its security without a status
            # cannot be read as "not on Wi-Fi".
            net = iface.get("spairport_current_network_information")
            if isinstance(net, dict) and ("_name" in net or "spairport_security_mode" in net):
                return Reading(problem="an interface lists a current network but no status",
                               source=src)
            continue
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


def gather(ctx: CheckContext) -> WifiFacts:
    native = ctx.native(NATIVE_MACOS)
    reading = read_corewlan(native.value) if native.ok else Reading(
        problem=f"CoreWLAN gave no answer ({native.reason})", source="CoreWLAN")
    if not reading.answered:
        res = ctx.run(["system_profiler", "SPAirPortDataType", "-json"], timeout=20)
        if res.ok:
            reading = read_system_profiler(res.stdout)
        else:
            reading = Reading(problem=f"{reading.problem}; and {res.problem()}",
                              source="CoreWLAN, then system_profiler")
    return finish(ctx, reading, _vpn_macos)

