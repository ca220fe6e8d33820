"""The facts the sharing verdicts are made from, the value tables they are read with, and
what they expect.

Screen sharing, Remote Management, Remote Login and Remote Desktop are the remote-access
check's (``checks/remote_access``: Windows' fDenyTSConnections; ports 22, 3283, 3389 and 5900+
on macOS and Linux), so they are not repeated here.
"""

from __future__ import annotations

from dataclasses import dataclass

from readiness.probe.types import JSONValue

EXPECTED = ("no file, printer or media sharing, AirPlay receiver or Internet Sharing switched "
            "on; AirDrop and Nearby sharing not open to everyone; network discovery off for "
            "public networks")

# Listening TCP ports (non-loopback) and the sharing service each stands for.
# macOS: the Sharing settings' services (Apple, "Guide to TCP and UDP ports used by Apple
# software products", support.apple.com/103229): 445 SMB File Sharing, 548 AFP, 631 Printer
# Sharing (cupsd listens beyond the loopback only when a printer is shared), 2049 NFS exports,
# 3689 Media Sharing (DAAP), 5000 and 7000 the AirPlay Receiver (ControlCenter listens on both
# while it is on).
MACOS_PORTS = {
    445: "File Sharing (SMB)",
    548: "File Sharing (AFP)",
    631: "Printer Sharing",
    2049: "NFS file sharing",
    3689: "Media Sharing",
    5000: "AirPlay Receiver (or another program on port 5000)",
    7000: "AirPlay Receiver",
}
# Linux: Samba (smbd 139 and 445), the kernel NFS server (2049), CUPS sharing printers (cupsd
# listens beyond the loopback only with "Share printers" / Port 631), netatalk (AFP 548),
# MiniDLNA (8200), DAAP servers such as OwnTone (3689) and shairport-sync's AirPlay 2 receiver
# (7000). 5000 is left out: too many unrelated programs use it.
LINUX_PORTS = {
    139: "Samba file sharing (NetBIOS)",
    445: "Samba file sharing (SMB)",
    548: "AFP file sharing (netatalk)",
    631: "printer sharing (CUPS)",
    2049: "NFS file sharing",
    3689: "media sharing (DAAP)",
    7000: "an AirPlay receiver",
    8200: "media sharing (MiniDLNA)",
}

# Windows Firewall rule groups, by the indirect string in each rule's Group property (the same
# on every display language): File and Printer Sharing, and Network Discovery.
FPS_GROUP = "@FirewallAPI.dll,-28502"
NETDIS_GROUP = "@FirewallAPI.dll,-32752"
# Ping answers (FPS-ICMP4-ERQ-In, FPS-ICMP6-ERQ-In) are in the File and Printer Sharing group
# but share no files or printers.
FPS_NOT_SHARING_PREFIX = "FPS-ICMP"
# HKCU ...\CDP\NearShareChannelUserAuthzPolicy: 0 Off, 1 My devices only, 2 Everyone nearby
# (Settings > System > Nearby sharing). Absent until the setting is first changed; Windows
# ships with Nearby sharing off.
NEARBY_VALUES = {0: "off", 1: "my devices only", 2: "everyone nearby"}
NEARBY_EVERYONE = 2
# com.apple.sharingd DiscoverableMode (Finder > AirDrop, "Allow me to be discovered by"): the
# value is absent until changed, and macOS ships with "Contacts Only".
AIRDROP_MODES = frozenset({"Off", "Contacts Only", "Everyone"})
AIRDROP_EVERYONE = "Everyone"


@dataclass(frozen=True)
class Listening:
    """Listening TCP sockets (host, port), or None with the reason they could not be listed."""

    sockets: tuple[tuple[str, int], ...] | None
    problem: str = ""


@dataclass(frozen=True)
class FirewallRule:
    name: str
    group: str
    enabled: bool
    inbound_allow: bool
    profiles: frozenset[str]  # of Domain, Private, Public ("Any" expanded)


@dataclass(frozen=True)
class WindowsFacts:
    rules: tuple[FirewallRule, ...] | None  # the two groups' rules; None: unreadable
    rules_problem: str = ""
    nearby: JSONValue = None  # NearShareChannelUserAuthzPolicy as read
    nearby_error: str | None = None  # "missing" (never changed) or why it could not be read


@dataclass(frozen=True)
class MacFacts:
    listening: Listening
    internet_sharing: bool | None  # com.apple.nat NAT.Enabled; False when never set up
    internet_sharing_problem: str = ""
    airdrop: str | None = None  # DiscoverableMode; "" when never changed
    airdrop_problem: str = ""


@dataclass(frozen=True)
class LinuxFacts:
    listening: Listening
