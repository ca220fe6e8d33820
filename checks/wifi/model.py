"""What the Wi-Fi check works with: security classes, links, readings and the facts."""

from __future__ import annotations

import enum
from collections.abc import Sequence
from dataclasses import dataclass

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


@dataclass(frozen=True)
class VpnRoute:
    """Where the default route goes; only asked for when the Wi-Fi is open."""

    interface: str
    through_vpn: bool


@dataclass(frozen=True)
class WifiFacts:
    """Everything the verdict needs: the reading it settled on, and the VPN route if asked."""

    reading: Reading
    vpn: VpnRoute | None = None


_ORDER = (Security.UNKNOWN, Security.OPEN, Security.WEP, Security.WPA1, Security.OWE,
          Security.WPA2, Security.WPA3)


def worst(found: Sequence[Security]) -> Security:
    # Unknown ranks worst: one unrecognised link must stop a pass.
    return min(found, key=_ORDER.index)
