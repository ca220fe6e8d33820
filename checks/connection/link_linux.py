"""Linux: the default route's interface and whether it is Wi-Fi, from kernel files only.

- /proc/net/route: the main table; the default (destination and mask 0) that is up (RTF_UP)
  with the lowest metric. Columns are found by the header, not by position.
- /sys/class/net/<if>/: a "wireless" or "phy80211" entry marks a Wi-Fi interface (cfg80211
  adds both); a "device" link marks hardware (virtual links: tunnels, bridges, veth, have
  none). Interfaces named ww* are mobile broadband modems (systemd's naming, and the kernel's
  wwan<n>): hardware, but not a cable.
- /proc/net/wireless: the signal, read only for an interface its folder shows is Wi-Fi. The
  level column is in dBm only when the driver says so: the kernel then prints it as a
  negative number (net/wireless/wext-proc.c); a positive level is the driver's own scale and
  is not used.
"""

from __future__ import annotations

import re

from checks.connection.link import Kind, Link, unreadable, wifi
from readiness.check import CheckContext

ROUTE = "/proc/net/route"
WIRELESS = "/proc/net/wireless"
SYS_NET = "/sys/class/net/"
RTF_UP = 0x1
# An interface name as the kernel allows it (IFNAMSIZ 16), and never a path.
IFACE = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.:@-]{0,14}")
WORST_CASE_S = 0.0  # kernel files only: no command to wait for
_NET_DEVICE_ENTRIES = {"operstate", "address", "type"}  # in every /sys/class/net/<if>/


def default_interface(text: str) -> tuple[str | None, str]:
    """(interface, "") or (None, why not)."""
    lines = text.splitlines()
    header = lines[0].split() if lines else []
    cols = ("Iface", "Destination", "Flags", "Metric", "Mask")
    if not all(c in header for c in cols):
        return None, "the routing table was not in the expected form"
    at = {c: header.index(c) for c in cols}
    best: tuple[int, str] | None = None
    for line in lines[1:]:
        fields = line.split()
        if len(fields) <= max(at.values()):
            continue
        try:
            flags, metric = int(fields[at["Flags"]], 16), int(fields[at["Metric"]])
        except ValueError:
            return None, "the routing table was not in the expected form"
        if fields[at["Destination"]] == fields[at["Mask"]] == "00000000" and flags & RTF_UP:
            if best is None or metric < best[0]:
                best = (metric, fields[at["Iface"]])
    if best is None:
        return None, "the routing table has no default route"
    if not IFACE.fullmatch(best[1]):
        return None, "the default route's interface name was not recognised"
    return best[1], ""


def wireless_level(text: str, iface: str) -> tuple[int | None, str]:
    """(signal in dBm, "") for ``iface`` from /proc/net/wireless, or (None, why not)."""
    for line in text.splitlines()[2:]:
        name, sep, rest = line.partition(":")
        if not sep or name.strip() != iface:
            continue
        fields = rest.split()
        if len(fields) < 3:
            break
        try:
            level = int(fields[2].rstrip("."))
        except ValueError:
            break
        if level >= 0:
            return None, "the Wi-Fi driver reports its signal on its own scale, not in dBm"
        return level, ""
    return None, f"{WIRELESS} gave no signal for {iface}"


def _from_listing(names: tuple[str, ...], iface: str) -> Kind | None:
    if "wireless" in names or "phy80211" in names:
        return Kind.WIFI
    if not _NET_DEVICE_ENTRIES <= set(names):
        return None  # not what a network interface's folder holds
    return Kind.WIRED if "device" in names and not iface.startswith("ww") else Kind.OTHER


def _signal(ctx: CheckContext, iface: str) -> Link:
    res = ctx.read_file(WIRELESS)
    if res.text is None:
        return wifi(iface, problem=f"{WIRELESS} could not be read ({res.reason})")
    dbm, problem = wireless_level(res.text, iface)
    return wifi(iface, dbm=dbm, problem=problem)


def gather(ctx: CheckContext) -> Link:
    routes = ctx.read_file(ROUTE)
    if routes.text is None:
        return unreadable(f"{ROUTE} could not be read ({routes.reason})")
    iface, problem = default_interface(routes.text)
    if iface is None:
        return unreadable(problem)
    listing = ctx.list_dir(SYS_NET + iface)
    if listing.names is None:
        # /proc/net/wireless could still say "Wi-Fi", but only the folder tells every kind
        # apart; a pass must not rest on the one fact that happened to survive.
        return unreadable(f"{SYS_NET}{iface} could not be listed ({listing.reason})", iface)
    kind = _from_listing(listing.names, iface)
    if kind is None:
        return unreadable(f"{SYS_NET}{iface} did not look like a network interface", iface)
    if kind is Kind.WIFI:
        return _signal(ctx, iface)
    if kind is Kind.WIRED:
        return Link(Kind.WIRED, iface, "a wired network adapter")
    what = "a mobile broadband modem" if iface.startswith("ww") else \
        "a virtual link (a VPN tunnel, bridge or container network)"
    return Link(Kind.OTHER, iface, f"{what}, {iface}")
