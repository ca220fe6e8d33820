"""How this computer reaches the internet: over a cable, over Wi-Fi (and how strong its signal
is), or over something else (a VPN tunnel, a phone). Read per OS in link_linux, link_macos and
link_windows; judged in decide.

The link is context for the measurement, never a verdict by itself: a cable does not make a
poor connection pass, and a link that could not be read keeps a good measurement from passing
only because a pass vouches for every fact it was drawn from (see decide).

Weak signal (one threshold, in dBm):
- MetaGeek, "Understanding WiFi Signal Strength" (metageek.com/training/resources/
  wifi-signal-strength-basics/): -70 dBm is the minimum for reliable packet delivery, -80 dBm
  only basic connectivity. Weaker than -70 dBm -> weak. (Their minimum for voice and video is
  -67 dBm; between the two, the measurement itself has the say.)
- Windows gives a percentage. Microsoft documents it as linear from -100 dBm (0%) to -50 dBm
  (100%) (WLAN_ASSOCIATION_ATTRIBUTES, wlanSignalQuality: learn.microsoft.com/windows/win32/
  api/wlanapi/ns-wlanapi-wlan_association_attributes), so -70 dBm is 60%: under 60% -> weak.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

WEAK_DBM = -70
WEAK_PERCENT = 60  # -70 dBm on Microsoft's scale: -100 + 60 / 2
# Plausible received signal levels; anything outside is a driver's own scale or a misreading.
MIN_DBM, MAX_DBM = -110, -1


class Kind(enum.StrEnum):
    WIFI = "wifi"
    WIRED = "wired"
    OTHER = "other"  # a VPN tunnel, a virtual bridge, a phone or Bluetooth link


@dataclass(frozen=True)
class Link:
    """The default route's link. ``kind`` None: it could not be read (``problem`` says why).
    On Wi-Fi, no signal and a ``problem``: the signal could not be read."""

    kind: Kind | None = None
    interface: str = ""
    detail: str = ""  # what the system calls it ("Ethernet Adapter (en4)", "802.3", ...)
    signal_dbm: int | None = None
    signal_percent: int | None = None
    problem: str = ""

    @property
    def complete(self) -> bool:
        """Every fact read: the kind, and on Wi-Fi its signal."""
        if self.kind is None:
            return False
        return self.kind is not Kind.WIFI or self.signal_dbm is not None or \
            self.signal_percent is not None

    @property
    def weak(self) -> bool:
        if self.kind is not Kind.WIFI:
            return False
        if self.signal_dbm is not None:
            return self.signal_dbm < WEAK_DBM
        return self.signal_percent is not None and self.signal_percent < WEAK_PERCENT

    @property
    def signal_text(self) -> str:
        if self.signal_dbm is not None:
            return f"{self.signal_dbm} dBm"
        return f"{self.signal_percent}%" if self.signal_percent is not None else ""

    def describe(self) -> str:
        """A plain phrase for the summary: "over a cable", "over Wi-Fi, signal 45% (weak)"."""
        if self.kind is Kind.WIRED:
            return "over a cable"
        if self.kind is Kind.WIFI:
            if not self.signal_text:
                return "over Wi-Fi (its signal strength could not be read)"
            return f"over Wi-Fi, signal {self.signal_text} ({'weak' if self.weak else 'good'})"
        if self.kind is Kind.OTHER:
            return f"over {self.detail or 'a link that is neither Wi-Fi nor a cable'}"
        return "over a link whose type could not be read"

    def observed(self) -> dict[str, str | int | None]:
        out: dict[str, str | int | None] = {
            "link": self.kind.value if self.kind else "unknown"}
        if self.interface:
            out["link_interface"] = self.interface
        if self.detail:
            out["link_detail"] = self.detail
        if self.signal_dbm is not None:
            out["wifi_signal_dbm"] = self.signal_dbm
        if self.signal_percent is not None:
            out["wifi_signal_percent"] = self.signal_percent
        if self.problem:
            out["link_problem"] = self.problem
        return out


def unreadable(problem: str, interface: str = "") -> Link:
    return Link(None, interface, problem=problem)


def wifi(interface: str, *, dbm: int | None = None, percent: int | None = None,
         problem: str = "", detail: str = "") -> Link:
    if dbm is not None and not MIN_DBM <= dbm <= MAX_DBM:
        dbm, problem = None, f"the signal level ({dbm}) was not a plausible dBm value"
    if percent is not None and not 0 <= percent <= 100:
        percent, problem = None, f"the signal ({percent}%) was not a percentage"
    return Link(Kind.WIFI, interface, detail, dbm, percent, problem)
