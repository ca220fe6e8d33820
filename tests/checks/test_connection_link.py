"""Reading the link per OS (checks/connection/link_*.py) from real outputs; what a broken
tool does to the link and the verdict is in test_connection_link_faults.py."""

from __future__ import annotations

import copy
import json
from collections.abc import Callable, Mapping
from typing import Any

import pytest

from checks import powershell
from checks.connection import link_linux, link_macos, link_windows
from checks.connection.link import Kind, Link
from readiness.check import CheckContext
from readiness.probe import snapshot as snapshot_mod
from readiness.probe.replay import ReplayHost
from tests.helpers import SNAPSHOTS, cmd, make_snapshot

CASES = SNAPSHOTS / "connection_quality"
WIFI_CASES = SNAPSHOTS / "wifi_security"


def _snap(path: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((SNAPSHOTS / path / "snapshot.json").read_text("utf-8"))
    return data


def _stdout(path: str, argv0: str) -> str:
    return str(next(c["stdout"] for c in _snap(path)["commands"] if c["argv"][0] == argv0))


def _gather(gather: Callable[[CheckContext], Link], snap: Mapping[str, Any]) -> Link:
    host = ReplayHost(snapshot_mod.parse(copy.deepcopy(dict(snap))))
    return gather(CheckContext(host))


# --- Linux ----------------------------------------------------------------------------------

LINUX_WIFI = "connection_quality/linux_handmade_meet_wifi_good_signal"
LINUX_CABLE = "connection_quality/linux_zoom_name_lookup_fails"  # recorded on this container
# kellyjonbrazil/jc@b877cc9509b9828a13e4513c8241164e2fc9b37c:tests/fixtures/linux-proc/net_route
JC_ROUTE = (
    "Iface\tDestination\tGateway \tFlags\tRefCnt\tUse\tMetric\tMask\t\tMTU\tWindow\tIRTT"
    "                                                       \n"
    "ens33\t00000000\t0247A8C0\t0003\t0\t0\t100\t00000000\t0\t0\t0"
    "                                                                            \n"
    "ens33\t0047A8C0\t00000000\t0001\t0\t0\t0\t00FFFFFF\t0\t0\t0"
    "                                                                              \n"
    "ens33\t0247A8C0\t00000000\t0005\t0\t0\t100\tFFFFFFFF\t0\t0\t0"
    "                                                                            \n")
HEADER = "Iface\tDestination\tGateway \tFlags\tRefCnt\tUse\tMetric\tMask\t\tMTU\tWindow\tIRTT\n"


@pytest.mark.parametrize(("text", "iface"), [
    (JC_ROUTE, "ens33"),
    (_snap(LINUX_CABLE)["files"]["/proc/net/route"], "eth0"),
    # Two defaults: the lower metric wins; a default that is down (flags 0002) never does.
    (HEADER + "wlan0\t00000000\t0101A8C0\t0003\t0\t0\t600\t00000000\t0\t0\t0\n"
              "eth0\t00000000\t0101A8C0\t0003\t0\t0\t100\t00000000\t0\t0\t0\n"
              "usb0\t00000000\t0101A8C0\t0002\t0\t0\t1\t00000000\t0\t0\t0\n", "eth0"),
    (HEADER, None),  # no default route
    (HEADER + "eth0\t000200C0\t00000000\t0001\t0\t0\t0\t00FFFFFF\t0\t0\t0\n", None),
    (HEADER + "../x\t00000000\t0101A8C0\t0003\t0\t0\t0\t00000000\t0\t0\t0\n", None),
    (HEADER + "eth0\t00000000\t0101A8C0\tzz\t0\t0\t0\t00000000\t0\t0\t0\n", None),
    ("Kernel IP routing table\n0.0.0.0 192.168.1.1 0.0.0.0 UG 0 0 0 eth0\n", None),
    ("", None),
])
def test_linux_default_interface(text: str, iface: str | None) -> None:
    found, problem = link_linux.default_interface(text)
    assert found == iface and bool(problem) is (iface is None)


# influxdata/telegraf@54e3454ccf77aa72482f02a2287efbfad924a1e8:
# plugins/inputs/wireless/wireless_test.go (testInput)
TELEGRAF = _snap(LINUX_WIFI)["files"]["/proc/net/wireless"]


@pytest.mark.parametrize(("text", "iface", "dbm"), [
    (TELEGRAF, "wlan0", -50),
    (TELEGRAF, "wlan1", -39),
    (TELEGRAF, "wlan2", None),  # not listed
    (TELEGRAF.replace("-50.", "200."), "wlan0", None),  # the driver's own scale, not dBm
    (TELEGRAF.replace("-50.", "n/a"), "wlan0", None),
    (TELEGRAF.splitlines()[0] + "\n", "wlan0", None),
    ("", "wlan0", None),
])
def test_linux_wireless_level(text: str, iface: str, dbm: int | None) -> None:
    level, problem = link_linux.wireless_level(text, iface)
    assert level == dbm and bool(problem) is (dbm is None)


def test_linux_real_outputs() -> None:
    cable = _gather(link_linux.gather, _snap(LINUX_CABLE))
    assert (cable.kind, cable.interface) == (Kind.WIRED, "eth0")
    air = _gather(link_linux.gather, _snap(LINUX_WIFI))
    assert (air.kind, air.signal_dbm, air.weak) == (Kind.WIFI, -50, False)


@pytest.mark.parametrize(("listing", "kind"), [
    (["address", "operstate", "type", "uevent"], Kind.OTHER),  # veth, tun, bridge: no device
    (["address", "device", "operstate", "type"], Kind.WIRED),
    (["address", "device", "operstate", "phy80211", "type"], Kind.WIFI),
    (["lorem", "ipsum"], None),  # not a network interface's folder
    ({"error": "permission denied"}, None),
])
def test_linux_interface_kinds(listing: Any, kind: Kind | None) -> None:
    snap = make_snapshot("linux", files={
        "/proc/net/route": HEADER + "eth9\t00000000\t0101A8C0\t0003\t0\t0\t0\t00000000\t0\t0\t0\n",
        "/proc/net/wireless": TELEGRAF.replace("wlan0", "eth9")},
        dirs={"/sys/class/net/eth9": listing})
    assert _gather(link_linux.gather, snap).kind is kind


def test_a_mobile_modem_is_not_a_cable() -> None:
    snap = make_snapshot("linux", files={
        "/proc/net/route": HEADER + "wwan0\t00000000\t0\t0003\t0\t0\t0\t00000000\t0\t0\t0\n"},
        dirs={"/sys/class/net/wwan0": ["address", "device", "operstate", "type"]})
    found = _gather(link_linux.gather, snap)
    assert found.kind is Kind.OTHER and "mobile broadband" in found.detail


# --- macOS ----------------------------------------------------------------------------------

MAC_WIFI = "connection_quality/macos_handmade_teams_quick_and_steady"
MAC_CABLE = "connection_quality/macos_handmade_meet_slow_and_jittery"
ROUTE = list(link_macos.ROUTE)
PROFILER = list(link_macos.PROFILER)
PORTS = list(link_macos.PORTS)
OHAI_ROUTE = _stdout(MAC_WIFI, "route")  # chef/ohai, darwin network_spec.rb
PLAITWAY = _stdout(MAC_CABLE, "networksetup")  # KoukeNeko/Plaitway, linkkind_test.go
SP_15_5 = _stdout(MAC_CABLE, "system_profiler")  # hnykda/wifi-heatmapper, Wi-Fi on en0 only


def test_macos_real_outputs() -> None:
    assert link_macos.route_interface(OHAI_ROUTE) == "en1"
    assert link_macos.route_interface("route: writing to routing socket: not in table\n") is None
    ports = link_macos.hardware_ports(PLAITWAY)
    assert ports["en0"] == "Wi-Fi" and ports["en6"] == "AX88179A" and len(ports) == 9
    air = _gather(link_macos.gather, _snap(MAC_WIFI))
    assert (air.kind, air.interface, air.signal_dbm) == (Kind.WIFI, "en1", -55)
    cable = _gather(link_macos.gather, _snap(MAC_CABLE))
    assert (cable.kind, cable.detail) == (Kind.WIRED, "AX88179A")


@pytest.mark.parametrize(("iface", "ports", "kind", "words"), [
    ("utun4", PLAITWAY, Kind.OTHER, "VPN"),  # no hardware port: a tunnel
    ("en8", "Hardware Port: iPhone USB\nDevice: en8\n", Kind.OTHER, "iPhone USB"),
    ("en9", "Hardware Port: Bluetooth PAN\nDevice: en9\n", Kind.OTHER, "Bluetooth"),
    ("bridge0", PLAITWAY, Kind.WIRED, "Thunderbolt Bridge"),
    ("en5", "Hardware Port: USB 10/100/1000 LAN\nDevice: en5\n", Kind.WIRED, "LAN"),
    # networksetup says Wi-Fi but system_profiler does not list it: contradictory.
    ("en0", "Hardware Port: Wi-Fi\nDevice: en0\n", None, "does not list it"),
    # Port names are translated: a Wi-Fi name in any form is never taken for a cable...
    ("en1", "Hardware Port: WLAN\nDevice: en1\n", None, "a Wi-Fi name"),
    ("en1", "Hardware Port: Wireless Network\nDevice: en1\n", None, "a Wi-Fi name"),
    # ...and a name that does not say "cable" is not one either.
    ("en1", "Hardware Port: R\u00e9seau sans fil\nDevice: en1\n", None, "does not say"),
    ("en2", "Hardware Port: Thunderbolt Ethernet Slot 1\nDevice: en2\n", Kind.WIRED,
     "Ethernet"),
])
def test_macos_links_that_are_not_wifi(iface: str, ports: str, kind: Kind | None,
                                       words: str) -> None:
    sp = SP_15_5.replace('"_name" : "en0"', '"_name" : "en7"')  # Wi-Fi elsewhere
    snap = make_snapshot("macos", commands=[
        cmd(ROUTE, OHAI_ROUTE.replace("en1", iface)), cmd(PROFILER, sp), cmd(PORTS, ports)])
    found = _gather(link_macos.gather, snap)
    assert found.kind is kind and words in (found.detail or found.problem)


def test_macos_wifi_not_connected_says_why() -> None:
    sp = _stdout("wifi_security/macos_system_profiler_12_7_disassociated", "system_profiler")
    snap = make_snapshot("macos", commands=[cmd(ROUTE, OHAI_ROUTE.replace("en1", "en0")),
                                            cmd(PROFILER, sp)])
    found = _gather(link_macos.gather, snap)
    assert found.kind is Kind.WIFI and not found.complete and "not connected" in found.problem


# --- Windows --------------------------------------------------------------------------------

PS = powershell.command(link_windows.SCRIPT)
NETSH = list(link_windows.NETSH)


def _adapter(desc: str, medium: int, name: str = "Wi-Fi") -> str:
    return json.dumps({"InterfaceIndex": 7, "Name": name, "InterfaceDescription": desc,
                       "NdisPhysicalMedium": medium, "PhysicalMediaType": "x"})


@pytest.mark.parametrize(("case", "desc", "percent"), [
    ("windows_netsh_en_wpa2_personal",
     "Broadcom BCM943228HM4L 802.11a/b/g/n 2x2 WiFi Adapter", 85),
    ("windows_netsh_de_wpa2_enterprise", "Intel(R) Dual Band Wireless-AC 8265", 43),
    ("windows_netsh_es_open", "Intel(R) Wi-Fi 6 AX201 160MHz", 81),
    ("windows_netsh_fr_open", "Intel(R) Wi-Fi 6 AX201 160MHz", 80),
    ("windows_netsh_it_wpa2", "Intel(R) Wi-Fi 6 AX201 160MHz", 85),
    ("windows_netsh_en_location_denied", "Intel(R) Wi-Fi 6 AX201 160MHz", None),
    ("windows_netsh_fr_open", "Some Other Adapter", None),  # not this adapter's block
])
def test_windows_netsh_signal_in_every_language(case: str, desc: str,
                                                percent: int | None) -> None:
    """Real outputs (see the wifi_security fixtures' sources): labels are translated, the
    description and the percentage are not."""
    found, problem = link_windows.netsh_signal(_stdout(f"wifi_security/{case}", "netsh"), desc)
    assert found == percent and bool(problem) is (percent is None)


def test_windows_two_percentages_in_a_block_are_not_guessed() -> None:
    text = "    Description : X\n    Signal : 80%\n    Other : 20%\n"
    assert link_windows.netsh_signal(text, "X")[0] is None


@pytest.mark.parametrize(("value", "percent"), [("80%", 80), ("80 %", 80), ("80\u00a0%", 80),
                                                ("%80", 80), ("% 80", 80), ("80", None),
                                                ("1080%", None), ("80%%", None)])
def test_windows_percent_forms(value: str, percent: int | None) -> None:
    """Handmade lines: where a locale spaces the sign or puts it first, the number is kept."""
    text = f"    Description : X\n    Signal : {value}\n"
    assert link_windows.netsh_signal(text, "X")[0] == percent


@pytest.mark.parametrize(("medium", "kind"), [
    (14, Kind.WIRED), (9, Kind.WIFI), (1, Kind.WIFI), (0, Kind.OTHER), (8, Kind.OTHER),
    (10, Kind.OTHER), (99, None)])
def test_windows_media(medium: int, kind: Kind | None) -> None:
    snap = make_snapshot("windows", commands=[
        cmd(PS, _adapter("Intel(R) Wi-Fi 6 AX201 160MHz", medium)),
        cmd(NETSH, _stdout("wifi_security/windows_netsh_fr_open", "netsh"))])
    found = _gather(link_windows.gather, snap)
    assert found.kind is kind
    assert (found.signal_percent == 80) is (kind is Kind.WIFI)
