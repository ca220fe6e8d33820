"""Windows disk-encryption facts: the Explorer BitLocker property, then manage-bde, then
Get-BitLockerVolume, each asked only while the earlier ones left the answer open."""

from __future__ import annotations

from dataclasses import dataclass

from checks import powershell
from checks.answer import Answer
from checks.disk_encryption import decide_windows as step
from checks.disk_encryption.bitlocker import DRIVE, parse_property_output
from readiness.check import CheckContext

# One PowerShell line; %SystemDrive% is resolved by PowerShell so the argv is the same on every
# machine (replay matches argv exactly). The drive is printed so the evidence names it.
BITLOCKER_PROPERTY_PS = (
    "$d = $env:SystemDrive; "
    "$v = (New-Object -ComObject Shell.Application).NameSpace($d).Self"
    ".ExtendedProperty('System.Volume.BitLockerProtection'); "
    "Write-Output ('drive=' + $d); Write-Output ('value=' + $v)"
)
BITLOCKER_VOLUME_PS = "Get-BitLockerVolume -MountPoint $env:SystemDrive | Format-List"
SYSTEM_ROOT_KEY = r"HKLM\SOFTWARE\Microsoft\Windows NT\CurrentVersion\SystemRoot"


@dataclass(frozen=True)
class WindowsFacts:
    shell_property: Answer
    drive: str | None = None  # the system drive letter, when it came to be needed and was read
    manage_bde: Answer | None = None
    bitlocker_volume: Answer | None = None


def _system_drive(ctx: CheckContext, reported: str | None) -> str | None:
    if reported and DRIVE.match(reported):
        return reported.upper()
    root = ctx.registry(SYSTEM_ROOT_KEY)
    if root.ok and isinstance(root.value, str) and DRIVE.match(root.value[:2]):
        return root.value[:2].upper()
    return None


def gather(ctx: CheckContext) -> WindowsFacts:
    prop = Answer.of(ctx.run(powershell.command(BITLOCKER_PROPERTY_PS), timeout=20))
    if step.from_property(prop, {}, []) is not None:
        return WindowsFacts(prop)
    reported = parse_property_output(prop.stdout)[0] if prop.ok else None
    drive = _system_drive(ctx, reported)
    if drive is None:
        return WindowsFacts(prop)
    bde = Answer.of(ctx.run(["manage-bde", "-status", drive], timeout=20))
    if step.from_manage_bde(bde, drive, {}, []) is not None:
        return WindowsFacts(prop, drive, bde)
    vol = Answer.of(ctx.run(powershell.command(BITLOCKER_VOLUME_PS), timeout=20))
    return WindowsFacts(prop, drive, bde, vol)
