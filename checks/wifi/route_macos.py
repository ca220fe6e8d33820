"""macOS: does a VPN carry all internet traffic? Pure readings of `route` and `netstat`.

A full-tunnel VPN may leave the default route on the Wi-Fi and add the half routes 0/1 and
128.0/1 through its tunnel, which outrank the default for every address. So the route to a
public address is asked (as on Linux and Windows), never the route to "default"; the routing
table's half routes, or an unscoped default through a tunnel, also count as the VPN.
"""

from __future__ import annotations

import re

from checks.wifi.gather import VPN_NAME
from checks.wifi.model import VpnRoute

# Any public address will do: `route get` looks the route up without sending a packet.
PUBLIC_ADDRESS = "1.1.1.1"
ROUTE_GET = ("route", "-n", "get", PUBLIC_ADDRESS)
NETSTAT = ("netstat", "-rn", "-f", "inet")

_HALVES = {"0/1": "low", "128/1": "high", "128.0/1": "high"}


def route_get_interface(stdout: str) -> str | None:
    m = re.search(r"^\s*interface:\s*(\S+)\s*$", stdout, re.MULTILINE)
    return m.group(1) if m else None


def _rows(stdout: str) -> list[tuple[str, str, str]]:
    """(destination, flags, interface) of each IPv4 route; empty without a header to place
    the columns (older releases print Refs and Use before Netif)."""
    rows: list[tuple[str, str, str]] = []
    cols: tuple[int, int] | None = None
    for line in stdout.splitlines():
        fields = line.split()
        if fields[:1] == ["Destination"]:
            if "Flags" not in fields or "Netif" not in fields:
                return []
            cols = (fields.index("Flags"), fields.index("Netif"))
        elif fields[:1] == ["Internet6:"]:
            break
        elif cols is not None and len(fields) > max(cols):
            rows.append((fields[0], fields[cols[0]], fields[cols[1]]))
    return rows


def full_tunnel_interface(stdout: str) -> str | None:
    """The tunnel that carries every IPv4 address: both half routes through VPN interfaces,
    or a default route through one that is not scoped to it (flag I)."""
    halves: dict[str, str] = {}
    for dest, flags, iface in _rows(stdout):
        if not VPN_NAME.match(iface):
            continue
        if dest in _HALVES:
            halves.setdefault(_HALVES[dest], iface)
        elif dest == "default" and "I" not in flags:
            return iface
    if "low" in halves and "high" in halves:
        return halves["low"]
    return None


def vpn_route(route_get: str | None, netstat: str | None) -> VpnRoute | None:
    """Where internet traffic goes, from the outputs that could be read (None: not run or
    failed); None when neither says."""
    iface = route_get_interface(route_get) if route_get else None
    if iface and VPN_NAME.match(iface):
        return VpnRoute(iface, True)
    tunnel = full_tunnel_interface(netstat) if netstat else None
    if tunnel:
        return VpnRoute(tunnel, True)
    return VpnRoute(iface, False) if iface else None
