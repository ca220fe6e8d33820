"""Linux Wi-Fi facts: nmcli, then wpa_cli, then the routing table; the default route for a VPN."""

from __future__ import annotations

import re

from checks.wifi.gather import VPN_NAME, finish, uevent_devtype
from checks.wifi.model import Link, Reading, Security, VpnRoute, WifiFacts
from readiness.check import CheckContext
from readiness.probe import snapshot_networks


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
    devtype = uevent_devtype(uevent.text) if uevent.text is not None else None
    return VpnRoute(dev, bool(VPN_NAME.match(dev)) or devtype == "wireguard")


# Linux

_ESCAPE = re.compile(r"\\(.?)")  # nmcli's '\\:' and '\\\\'; a lone trailing '\\' is dropped


def split_terse(line: str) -> list[str]:
    """Split one line of ``nmcli -t`` output on ':' not escaped as '\\:', unescaped."""
    return [_ESCAPE.sub(r"\1", field) for field in snapshot_networks.split_terse(line)]


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


# Asked by name, in the order `nmcli device wifi list` prints by default, so the layout does
# not move with a release's defaults and matches what users and bug reports show.
NMCLI_FIELDS = ("IN-USE", "BSSID", "SSID", "MODE", "CHAN", "RATE", "SIGNAL", "BARS", "SECURITY")
NMCLI = ("nmcli", "-t", "-f", ",".join(NMCLI_FIELDS), "device", "wifi", "list", "--rescan", "no")
_IN_USE, _SSID, _SECURITY = (NMCLI_FIELDS.index(f) for f in ("IN-USE", "SSID", "SECURITY"))


def read_nmcli(stdout: str) -> Reading:
    src = "nmcli -t -f " + ",".join(NMCLI_FIELDS) + " device wifi list --rescan no"
    links: list[Link] = []
    for line in stdout.splitlines():
        if not line.strip():
            continue  # nmcli separates the devices' lists with a blank line
        fields = split_terse(line)
        if len(fields) != len(NMCLI_FIELDS) or fields[_IN_USE] not in ("*", " ", ""):
            return Reading(problem="nmcli's output was not in the expected form", source=src)
        if fields[_IN_USE] == "*":
            security = fields[_SECURITY]
            links.append(Link(classify_nmcli(security), security or "(empty: open)",
                              fields[_SSID] or None))
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
        wireless = wireless or uevent_devtype(uevent.text) == "wlan"
    return wireless


def _confirmed(ctx: CheckContext, reading: Reading, tool: str) -> Reading:
    """'No Wi-Fi in use' only when the routing table agrees: a tool sees part of the picture
    (wpa_cli reports one interface; NetworkManager may not manage every card), and 'not in
    use' is what lets a device manager call the computer fine."""
    if not reading.answered or reading.in_use:
        return reading
    route = _default_route_wifi(ctx)
    if route is False:
        return reading
    why = ("the routing table sends internet traffic over Wi-Fi" if route else
           "the routing table could not confirm that Wi-Fi is unused")
    return Reading(problem=f"{tool} lists no Wi-Fi network in use, but {why}",
                   source=reading.source)


def gather(ctx: CheckContext) -> WifiFacts:
    problems: list[str] = []
    res = ctx.run(list(NMCLI), timeout=8)
    if res.ok:
        reading = _confirmed(ctx, read_nmcli(res.stdout), "NetworkManager")
        if reading.answered:
            return finish(ctx, reading, _vpn_linux)
        problems.append(reading.problem or "nmcli gave no answer")
    else:
        problems.append(res.problem() or "nmcli failed")

    res = ctx.run(["wpa_cli", "status"], timeout=5)
    if res.ok:
        reading = _confirmed(ctx, read_wpa_cli(res.stdout), "wpa_cli")
        if reading.answered:
            return finish(ctx, reading, _vpn_linux)
        problems.append(reading.problem or "wpa_cli gave no answer")
    else:
        problems.append(res.problem() or "wpa_cli failed")

    # No tool could say. Without Wi-Fi on the default route, Wi-Fi carries nothing we send.
    on_wifi = _default_route_wifi(ctx)
    if on_wifi is False:
        return WifiFacts(Reading(in_use=False, source="routing table (/proc/net/route) and "
                                 "interface types (/sys/class/net/*/uevent)"))
    reason = "; ".join(p for p in problems if p)
    if on_wifi:
        reason = "internet traffic goes over Wi-Fi, but no tool could read its security (" + \
            reason + ")"
    return WifiFacts(Reading(problem=reason, source="nmcli, wpa_cli, routing table"))

