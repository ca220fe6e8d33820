"""The Wi-Fi check end to end, one case per row: cases that once were handmade replay fixtures.

Each decision is also a row of the decide table (test_wifi_decide.py); these rows keep the
gathering behind it covered (which tool is asked, how its answer and the routing table are
read). Real outputs stay fixtures under tests/fixtures/snapshots/wifi_security.
"""

from __future__ import annotations

from typing import Any

import pytest

from checks import powershell
from checks.wifi.facts_linux import NMCLI
from checks.wifi.facts_windows import WINDOWS_ROUTE_SCRIPT
from checks.wifi.model import NATIVE_WINDOWS
from readiness.model import Status
from tests.helpers import cmd, make_snapshot, run_check

BSSID = "3C\\:A6\\:2F\\:11\\:22\\:33"
BARS = "▂▄▆█"


def nmcli(*rows: str) -> dict[str, Any]:
    return cmd(list(NMCLI), "".join(f"{r}\n" for r in rows))


def route_table(dev: str) -> dict[str, str]:
    """/proc/net/route with a default route over ``dev`` (the kernel's padded layout)."""
    head = "Iface\tDestination\tGateway \tFlags\tRefCnt\tUse\tMetric\tMask\t\tMTU\tWindow\tIRTT"
    rows = [f"{dev}\t00000000\t010200C0\t0003\t0\t0\t0\t00000000\t0\t0\t0",
            f"{dev}\t000200C0\t00000000\t0001\t0\t0\t0\t00FFFFFF\t0\t0\t0"]
    return {"/proc/net/route": "".join(f"{line:<127}\n" for line in (head, *rows))}


def uevent(dev: str, devtype: str | None) -> dict[str, str]:
    kind = f"DEVTYPE={devtype}\n" if devtype else ""
    return {f"/sys/class/net/{dev}/uevent": f"{kind}INTERFACE={dev}\nIFINDEX=3\n"}


LINUX: list[tuple[str, list[dict[str, Any]], dict[str, str], Status, str]] = [
    # Open network, but wg-quick's policy routing sends everything through wg0.
    ("nmcli_open_wireguard",
     [nmcli(f"*:{BSSID}:Free WiFi:Infra:36:540 Mbit/s:84:{BARS}:"),
      cmd(["ip", "route", "get", "1.1.1.1"],
          "1.1.1.1 dev wg0 table 51820 src 10.2.0.2 uid 1000 \n    cache \n")],
     uevent("wg0", "wireguard"), Status.WARN, "wg0"),
    # NetworkManager lists nothing in use, yet the default route goes over a wireless link.
    ("nmcli_none_in_use_but_wifi_route",
     [nmcli(f" :{BSSID}:wlan0-ap-1:Infra:36:540 Mbit/s:84:{BARS}:WPA2")],
     {**route_table("wlp2s0"), **uevent("wlp2s0", "wlan")}, Status.UNKNOWN,
     "routing table sends internet traffic over Wi-Fi"),
    # wpa_cli reports one interface (here an idle one): the route over another Wi-Fi card
    # keeps "not in use" from standing.
    ("wpa_cli_disconnected_but_wifi_route",
     [cmd(["wpa_cli", "status"], "Selected interface 'wlan0'\nwpa_state=DISCONNECTED\n")],
     {**route_table("wlan1"), **uevent("wlan1", "wlan")}, Status.UNKNOWN,
     "wpa_cli lists no Wi-Fi network in use, but the routing table sends"),
    # Nothing in use and the default route is wired: Wi-Fi carries nothing.
    ("nmcli_none_in_use_wired",
     [nmcli(f" :{BSSID}:Guest:Infra:6:130 Mbit/s:100:{BARS}:WPA2")],
     {**route_table("eth0"), **uevent("eth0", None)}, Status.NOT_APPLICABLE, ""),
    # NetworkManager down, wpa_cli refused, but traffic goes over wlan0.
    ("nmcli_not_running_wifi_route",
     [cmd(list(NMCLI), "", 8, "Error: NetworkManager is not running.\n"),
      cmd(["wpa_cli", "status"], "", 255,
          "Failed to connect to non-global ctrl_ifname: (nil)  error: Permission denied\n")],
     {**route_table("wlan0"), **uevent("wlan0", "wlan")}, Status.UNKNOWN,
     "internet traffic goes over Wi-Fi"),
]


@pytest.mark.parametrize(("commands", "files", "status", "words"),
                         [row[1:] for row in LINUX], ids=[row[0] for row in LINUX])
def test_linux(commands: list[dict[str, Any]], files: dict[str, str], status: Status,
               words: str) -> None:
    result = run_check("wifi_security", make_snapshot("linux", commands=commands, files=files))
    assert result.status is status, result.summary
    assert words in result.summary


OPEN_NATIVE = {"api": "wlanapi", "interfaces": [{
    "description": "Intel(R) Wi-Fi 6 AX201 160MHz", "state_code": 1, "state": "connected",
    "connection": {"state_code": 1, "ssid": "CafeFree", "bss_type": 1, "phy_type": 7,
                   "security_enabled": False, "onex_enabled": False, "auth_algorithm": 1,
                   "cipher_algorithm": 0},
    "query_error": None}]}


def test_windows_open_network_through_a_wireguard_tunnel_is_a_warning() -> None:
    route = cmd(powershell.command(WINDOWS_ROUTE_SCRIPT),
                '{"InterfaceAlias":"WireGuard Tunnel","InterfaceDescription":"WireGuard Tunnel",'
                '"PhysicalMediaType":"Unspecified"}\r\n')
    snap = make_snapshot("windows", commands=[route], native={NATIVE_WINDOWS: OPEN_NATIVE})
    result = run_check("wifi_security", snap)
    assert result.status is Status.WARN, result.summary
    assert "WireGuard Tunnel" in result.summary


def test_windows_netsh_wlan_service_stopped_is_not_applicable() -> None:
    snap = make_snapshot("windows", commands=[
        cmd(["netsh", "wlan", "show", "interfaces"],
            "The Wireless AutoConfig Service (wlansvc) is not running.\r\n", 1)])
    assert run_check("wifi_security", snap).status is Status.NOT_APPLICABLE
