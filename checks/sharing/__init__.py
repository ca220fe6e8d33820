"""Sharing services off (GPiA 047 §4: electronic intrusion; the practitioner protects their
end of the communication).

Anything that lets other devices on the same network into this computer, or onto it, during
a session: file sharing (SMB, AFP, NFS), printer sharing, media sharing, an AirPlay receiver,
Internet Sharing, AirDrop open to everyone, Windows' Nearby sharing with everyone, and Windows
network discovery or file and printer sharing let through the firewall. Each one found is named
in a warning; a pass needs every source read. Screen sharing and remote login are the
remote-access check's.

Windows: the File and Printer Sharing and Network Discovery firewall rule groups (enforced
policy) and NearShareChannelUserAuthzPolicy. macOS: listening sockets, com.apple.nat and the
AirDrop mode. Linux: listening sockets. ``model`` holds the value tables and their sources;
each OS's gatherer (``facts_windows``, ``facts_macos``, ``facts_linux``) returns frozen facts;
``decide`` holds the pure verdicts.
"""

from __future__ import annotations

from checks.sharing import decide as rules
from checks.sharing import facts_linux, facts_macos, facts_windows
from readiness.check import CheckContext, PlatformCheck
from readiness.model import Outcome

__all__ = ["SHARING"]


def windows(ctx: CheckContext) -> Outcome:
    return rules.decide_windows(facts_windows.gather(ctx))


def macos(ctx: CheckContext) -> Outcome:
    return rules.decide_macos(facts_macos.gather(ctx))


def linux(ctx: CheckContext) -> Outcome:
    return rules.decide_linux(facts_linux.gather(ctx))


SHARING = PlatformCheck("sharing_off", windows=windows, macos=macos, linux=linux,
                        budget_s=35.0)
