"""macOS: the default route's interface, whether it is Wi-Fi, and its signal.

- `route -n get default`: the interface of the default route ("interface: en0"). The route
  to "default" (not to a public address) is asked on purpose: a VPN that adds half routes
  leaves it on the physical link, which is the one whose signal matters.
- `system_profiler SPAirPortDataType -json`: the Wi-Fi interfaces by device name, and for the
  connected one its current network's "spairport_signal_noise" ("-58 dBm / -97 dBm"). JSON
  keys and device names are not translated, so this is what says "Wi-Fi".
- `networksetup -listallhardwareports`: asked only when the interface is not Wi-Fi, to tell
  a hardware port (a cable: "Ethernet", "USB 10/100/1000 LAN", "Thunderbolt Bridge", an
  adapter named after its chip) from a phone or Bluetooth link, or from an interface that is
  no hardware port at all (utun, ppp, bridge100: a VPN or virtual link). Port names are
  display names and may be translated, so only product names are matched.
"""

from __future__ import annotations

import json
import re
from typing import Any

from checks.connection.link import Kind, Link, unreadable, wifi
from readiness.check import CheckContext

ROUTE = ("route", "-n", "get", "default")
PROFILER = ("system_profiler", "SPAirPortDataType", "-json")
PORTS = ("networksetup", "-listallhardwareports")
IFACE = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,15}")
_SIGNAL = re.compile(r"^\s*(-\d{1,3})\s*dBm\b")
# Timeouts: system_profiler takes a few seconds on a busy Mac; route and networksetup answer
# at once. Their sum, with the measurement, fits the check's budget (see __init__).
ROUTE_TIMEOUT_S, PROFILER_TIMEOUT_S, PORTS_TIMEOUT_S = 3.0, 15.0, 5.0
WORST_CASE_S = ROUTE_TIMEOUT_S + PROFILER_TIMEOUT_S + PORTS_TIMEOUT_S
_NOT_A_CABLE = ("iphone", "ipad", "bluetooth", "modem")  # product names, never translated
_WIRELESS = ("wi-fi", "wifi", "wlan", "airport", "wireless", "802.11")
_CABLE = ("ethernet", "thunderbolt", "10/100", "gigabit", "ax88179")  # a USB Ethernet chip


def route_interface(stdout: str) -> str | None:
    m = re.search(r"^\s*interface:\s*(\S+)\s*$", stdout, re.MULTILINE)
    if not m or not re.search(r"^\s*destination:\s*default\s*$", stdout, re.MULTILINE):
        return None
    return m.group(1) if IFACE.fullmatch(m.group(1)) else None


def airport_interfaces(stdout: str) -> dict[str, dict[str, Any]] | None:
    """Wi-Fi interfaces by device name, or None when the output is not system_profiler's."""
    try:
        data = json.loads(stdout)
    except ValueError:
        return None
    if not isinstance(data, dict) or not isinstance(data.get("SPAirPortDataType"), list):
        return None
    found: dict[str, dict[str, Any]] = {}
    for item in data["SPAirPortDataType"]:
        ifaces = item.get("spairport_airport_interfaces") if isinstance(item, dict) else None
        for iface in ifaces if isinstance(ifaces, list) else []:
            if isinstance(iface, dict) and isinstance(iface.get("_name"), str):
                found[iface["_name"]] = iface
    return found


def airport_signal(iface: dict[str, Any]) -> tuple[int | None, str]:
    status = iface.get("spairport_status_information")
    if status != "spairport_status_connected":
        return None, f"system_profiler says this Wi-Fi interface is not connected ({status})"
    net = iface.get("spairport_current_network_information")
    text = net.get("spairport_signal_noise") if isinstance(net, dict) else None
    m = _SIGNAL.match(text) if isinstance(text, str) else None
    if not m:
        return None, "system_profiler did not give the current network's signal"
    return int(m.group(1)), ""


def hardware_ports(stdout: str) -> dict[str, str]:
    """Device -> hardware port name ("en0" -> "Wi-Fi"), from networksetup's pairs of lines."""
    ports: dict[str, str] = {}
    port = None
    for line in stdout.splitlines():
        key, sep, value = line.partition(":")
        if not sep:
            continue
        if key.strip() == "Hardware Port":
            port = value.strip()
        elif key.strip() == "Device" and port:
            ports[value.strip()] = port
            port = None
    return ports


def _not_wifi(ctx: CheckContext, iface: str) -> Link:
    res = ctx.run(list(PORTS), timeout=PORTS_TIMEOUT_S)
    ports = hardware_ports(res.stdout) if res.ok else {}
    if not ports:
        why = res.problem() or "networksetup listed no hardware ports"
        return unreadable(f"the kind of {iface} could not be read ({why})", iface)
    port = ports.get(iface)
    if port is None:
        return Link(Kind.OTHER, iface, f"a VPN or virtual link ({iface})")
    if any(word in port.lower() for word in _NOT_A_CABLE):
        return Link(Kind.OTHER, iface, f"a phone or Bluetooth link ({port})")
    name = port.lower()
    if any(word in name for word in _WIRELESS):
        return unreadable(f"networksetup calls {iface} '{port}', a Wi-Fi name, but "
                          "system_profiler does not list it", iface)
    # Port names are translated ("WLAN" on a German Mac): a cable only on a name that says so.
    if not (any(word in name for word in _CABLE) or re.search(r"\blan\b", name)):
        return unreadable(f"networksetup calls {iface} '{port}', which does not say whether "
                          "it is a cable or Wi-Fi", iface)
    return Link(Kind.WIRED, iface, port)


def gather(ctx: CheckContext) -> Link:
    res = ctx.run(list(ROUTE), timeout=ROUTE_TIMEOUT_S)
    if not res.ok:
        return unreadable(f"the default route could not be read ({res.problem()})")
    iface = route_interface(res.stdout)
    if iface is None:
        return unreadable("route did not name the default route's interface")
    res = ctx.run(list(PROFILER), timeout=PROFILER_TIMEOUT_S)
    airport = airport_interfaces(res.stdout) if res.ok else None
    if airport is None:
        why = res.problem() or "system_profiler's answer was not in the expected form"
        return unreadable(f"whether {iface} is Wi-Fi could not be read ({why})", iface)
    if iface in airport:
        dbm, problem = airport_signal(airport[iface])
        return wifi(iface, dbm=dbm, problem=problem)
    return _not_wifi(ctx, iface)
