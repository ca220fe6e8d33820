"""What every OS's Wi-Fi gatherer does once it has settled on a reading."""

from __future__ import annotations

import re
from collections.abc import Callable

from checks.wifi.model import Reading, Security, VpnRoute, WifiFacts, worst
from readiness.check import CheckContext

VPN_NAME = re.compile(
    r"^(tun|tap|wg|ppp|utun|ipsec|tailscale|nordlynx|proton|mullvad|cscotun|gpd|vpn)",
    re.IGNORECASE,
)


def finish(ctx: CheckContext, reading: Reading,
           vpn_probe: Callable[[CheckContext], VpnRoute | None]) -> WifiFacts:
    """The facts for ``reading``; the default route is asked about only when the Wi-Fi is
    open (to tell "open" from "open under a VPN"), and network names are marked for
    redaction."""
    vpn = None
    if reading.answered and reading.in_use and worst(
            [link.security for link in reading.links]) is Security.OPEN:
        vpn = vpn_probe(ctx)
    for link in reading.links:
        if link.ssid:
            ctx.sensitive(link.ssid)
    return WifiFacts(reading, vpn)


def uevent_devtype(text: str) -> str | None:
    for line in text.splitlines():
        if line.startswith("DEVTYPE="):
            return line.split("=", 1)[1].strip()
    return None

