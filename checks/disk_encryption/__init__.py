"""The system drive is encrypted (GPiA 047 §4 encryption of equipment; §7 security of records).

Only *protection that is on now* passes. Encrypting, suspended or "keys in the clear" are a
warning with the reason; off is a fail; anything we cannot read or do not recognise is unknown.

Windows: the Explorer shell property ``System.Volume.BitLockerProtection`` of %SystemDrive%,
which answers without administrator rights. Microsoft does not document its values. The map
below is the one Explorer itself relies on: its own "Manage BitLocker" verb applies to 1, 3 and
5, "Turn on BitLocker" to 2 and "Unlock drive" to 6, and independent peers agree that 1 = on,
2 = off, 3 = encrypting, 4 = decrypting, 5 = suspended, 6 = locked, 8 = waiting for
activation (key in the clear). A value outside that map is unknown, with the raw value kept.
Fallbacks (they need elevation; "access denied" is unknown): ``manage-bde -status C:`` read by
stable tokens (the percentage and the protection phrase, English or German), and
``Get-BitLockerVolume``, whose property names and enum values are never translated.

macOS: ``fdesetup status``. Never the APFS "encrypted" flag: Apple-silicon and T2 Macs report
every volume encrypted with FileVault off (osquery#5223).

Linux: the device under ``/`` traced through its ancestors (``lsblk -s``) must pass through a
``crypt`` layer on *every* path down to a disk (an LVM group spanning one encrypted and one
plain disk is not encrypted); the same for ``/home`` when it is a separate mount; ZFS native
encryption for a ZFS root; swap that is not encrypted (or in RAM) is a warning. "Some crypt
device exists somewhere" is never a pass.

Each OS has a gatherer (``facts_windows``, ``facts_linux``; macOS is one command) and a pure
decision (``decide_windows``, ``decide``).
"""

from __future__ import annotations

from checks.answer import Answer
from checks.disk_encryption import decide_windows, facts_linux, facts_windows
from checks.disk_encryption.decide import decide_linux, decide_macos
from readiness.check import CheckContext, PlatformCheck
from readiness.model import Outcome

__all__ = ["DISK_ENCRYPTION"]


def windows(ctx: CheckContext) -> Outcome:
    return decide_windows.decide(facts_windows.gather(ctx))


def macos(ctx: CheckContext) -> Outcome:
    return decide_macos(Answer.of(ctx.run(["fdesetup", "status"], timeout=10)))


def linux(ctx: CheckContext) -> Outcome:
    return decide_linux(facts_linux.gather(ctx))


DISK_ENCRYPTION = PlatformCheck(
    "disk_encryption", windows=windows, macos=macos, linux=linux, budget_s=45.0
)
