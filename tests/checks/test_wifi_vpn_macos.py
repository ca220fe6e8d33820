"""macOS: is an open Wi-Fi's traffic carried by a VPN? (issue 11, decision 5)

A full-tunnel VPN may leave the default route on the Wi-Fi interface and add the two half
routes 0/1 and 128.0/1 through its utun interface. Asking for the route to "default" then
names the Wi-Fi; asking for the route to a public address names the tunnel.
"""

from __future__ import annotations

import pytest

from checks.wifi import route_macos
from checks.wifi.model import VpnRoute
from readiness.model import Status
from tests.helpers import cmd, make_snapshot, run_check

# Real `route get` outputs from one Mac with a VPN up, quoted in
# https://github.com/dylanaraps/neofetch/pull/2361 (CarterLi, 2023-08-14).
# `route get 1` (0.0.0.1, in the half route 0/1): the tunnel.
ROUTE_GET_HALF = (
    "   route to: 0.0.0.1\n"
    "destination: default\n"
    "       mask: 128.0.0.0\n"
    "    gateway: 192.168.12.1\n"
    "  interface: utun3\n"
    "      flags: <UP,GATEWAY,DONE,STATIC,PRCLONING,GLOBAL>\n"
    " recvpipe  sendpipe  ssthresh  rtt,msec    rttvar  hopcount      mtu     expire\n"
    "       0         0         0         0         0         0      1500         0\n"
)
# `route get 0` (the default route): still the Wi-Fi.
ROUTE_GET_DEFAULT = (
    "   route to: default\n"
    "destination: default\n"
    "       mask: default\n"
    "    gateway: 10.62.96.1\n"
    "  interface: en0\n"
    "      flags: <UP,GATEWAY,DONE,STATIC,PRCLONING,GLOBAL>\n"
    " recvpipe  sendpipe  ssthresh  rtt,msec    rttvar  hopcount      mtu     expire\n"
    "       0         0         0         0         0         0      1500         0\n"
)

HEADER = ("Routing tables\n\nInternet:\n"
          "Destination        Gateway            Flags        Netif Expire\n")
# The first rows of a real table under the WireGuard app (sshuttle/sshuttle#864): an unscoped
# default through the tunnel, the Wi-Fi's default scoped (flag I).
WG_APP_ROWS = ("default            link#18            UCSg            utun3\n"
               "default            172.20.10.1        UGScIg            en0\n")
# A real table quoted whole in WireGuard/wireguard-tools#8: one half route, a scoped default.
ONE_HALF_ROWS = ("0/1                utun0              UScg         utun0\n"
                 "default            link#25            UCSIg        utun0\n")
HALVES_ROWS = ("0/1                10.8.0.1           UGSc          utun6\n"
               "default            192.168.1.254      UGScg           en0\n"
               "128.0/1            10.8.0.1           UGSc          utun6\n")
WIFI_ONLY_ROWS = "default            192.168.1.1        UGScg                 en0\n"


@pytest.mark.parametrize(
    ("route_get", "netstat", "expect"),
    [
        # the route to a public address is read, whatever the default route says
        (ROUTE_GET_HALF, None, VpnRoute("utun3", True)),
        (ROUTE_GET_DEFAULT, HEADER + WIFI_ONLY_ROWS, VpnRoute("en0", False)),
        # the half routes count as the VPN even when the route lookup could not be read
        (None, HEADER + HALVES_ROWS, VpnRoute("utun6", True)),
        (ROUTE_GET_DEFAULT, HEADER + HALVES_ROWS, VpnRoute("utun6", True)),
        ("garbage", HEADER + HALVES_ROWS, VpnRoute("utun6", True)),
        # an unscoped default through a tunnel also carries everything
        (None, HEADER + WG_APP_ROWS, VpnRoute("utun3", True)),
        # one half alone, or a scoped default, is not a full tunnel
        (None, HEADER + ONE_HALF_ROWS, None),
        (ROUTE_GET_DEFAULT, HEADER + ONE_HALF_ROWS, VpnRoute("en0", False)),
        # halves through the Wi-Fi itself are not a VPN
        (None, HEADER + HALVES_ROWS.replace("utun6", "en0"), None),
        # no header: the columns cannot be trusted
        (None, HALVES_ROWS, None),
        (None, None, None),
        ("", "", None),
    ],
)
def test_vpn_route_macos(route_get: str | None, netstat: str | None,
                         expect: VpnRoute | None) -> None:
    assert route_macos.vpn_route(route_get, netstat) == expect


def test_older_netstat_columns_are_found_by_the_header() -> None:
    table = ("Destination        Gateway            Flags        Refs      Use   Netif Expire\n"
             "0/1                10.33.0.1          UGSc           63        0   utun0\n"
             "128.0/1            10.33.0.1          UGSc            1        0   utun0\n")
    assert route_macos.vpn_route(None, table) == VpnRoute("utun0", True)


SP_OPEN = (
    '{"SPAirPortDataType": [{"spairport_airport_interfaces": [{"_name": "en0", '
    '"spairport_current_network_information": {"_name": "Cafe", '
    '"spairport_security_mode": "spairport_security_mode_none"}, '
    '"spairport_status_information": "spairport_status_connected"}]}]}'
)


def _open_wifi(*commands: dict[str, object]) -> Status:
    snap = make_snapshot("macos", commands=[
        cmd(["system_profiler", "SPAirPortDataType", "-json"], SP_OPEN), *commands])
    return run_check("wifi_security", snap).status


def test_open_wifi_with_half_routes_through_a_tunnel_is_a_warning() -> None:
    # The default route still names the Wi-Fi; the route to a public address names the VPN.
    status = _open_wifi(cmd(["route", "-n", "get", "default"], ROUTE_GET_DEFAULT),
                        cmd(["route", "-n", "get", "1.1.1.1"], ROUTE_GET_HALF))
    assert status is Status.WARN


def test_open_wifi_with_traffic_on_the_wifi_fails() -> None:
    status = _open_wifi(cmd(["route", "-n", "get", "1.1.1.1"], ROUTE_GET_DEFAULT),
                        cmd(["netstat", "-rn", "-f", "inet"], HEADER + WIFI_ONLY_ROWS))
    assert status is Status.FAIL
