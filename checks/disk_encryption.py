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
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from readiness.check import CheckContext, PlatformCheck
from readiness.model import Outcome, Scalar, Status

EXPECTED = "the system drive encrypted, with protection on"

# --------------------------------------------------------------------------------------------
# Windows
# --------------------------------------------------------------------------------------------

# One PowerShell line; %SystemDrive% is resolved by PowerShell so the argv is the same on every
# machine (replay matches argv exactly). The drive is printed so the evidence names it.
BITLOCKER_PROPERTY_PS = (
    "$d = $env:SystemDrive; "
    "$v = (New-Object -ComObject Shell.Application).NameSpace($d).Self"
    ".ExtendedProperty('System.Volume.BitLockerProtection'); "
    "Write-Output ('drive=' + $d); Write-Output ('value=' + $v)"
)
BITLOCKER_VOLUME_PS = "Get-BitLockerVolume -MountPoint $env:SystemDrive | Format-List"


def powershell(script: str) -> list[str]:
    return ["powershell", "-NoProfile", "-NonInteractive", "-Command", script]


SYSTEM_ROOT_KEY = r"HKLM\SOFTWARE\Microsoft\Windows NT\CurrentVersion\SystemRoot"


@dataclass(frozen=True)
class Verdict:
    status: Status
    summary: str


# value -> (status, plain description). Only 1 passes.
BITLOCKER_PROTECTION: dict[int, tuple[Status, str]] = {
    1: (Status.PASS, "BitLocker protection is on"),
    2: (Status.FAIL, "BitLocker is off"),
    3: (Status.WARN, "BitLocker is still encrypting the drive, so it is not yet fully protected"),
    4: (Status.FAIL, "BitLocker is being turned off (the drive is decrypting)"),
    5: (Status.WARN, "BitLocker protection is suspended, so the key is readable on the disk"),
    8: (Status.WARN, "BitLocker is waiting for activation: the key is still stored in the clear"),
}


def parse_property_output(text: str) -> tuple[str | None, str | None]:
    """``drive=C:`` / ``value=1`` lines -> (drive, raw value); None where absent."""
    drive = value = None
    for line in text.splitlines():
        line = line.strip()
        if line.startswith("drive="):
            drive = line[len("drive="):].strip() or None
        elif line.startswith("value="):
            value = line[len("value="):].strip()
    return drive, value


_DRIVE = re.compile(r"^[A-Za-z]:$")
_PERCENT = re.compile(r"(?<![\w.,])(\d{1,3}(?:[.,]\d+)?)\s*%")
# Protection phrases seen in real manage-bde outputs (English, German). Others -> unknown.
_BDE_ON = ("protection on", "der schutz ist aktiviert")
_BDE_OFF = ("protection off", "der schutz ist deaktiviert")
_VOLUME_HEADER = re.compile(r'(?<![\w])"?([A-Za-z]):"?(?:\s|$)')


def manage_bde_block(text: str, drive: str) -> list[str] | None:
    """The lines of ``drive``'s block in ``manage-bde -status`` output, or None if absent.

    A block starts at an unindented line naming a drive letter (``Volume C: [OS]`` or the
    German ``Volume "C:" []``); the labels around it are localised, the letter is not.
    """
    letter = drive[0].upper()
    block: list[str] | None = None
    for line in text.splitlines():
        indented = line[:1].isspace()
        header = None if indented else _VOLUME_HEADER.search(line)
        if header is not None:
            if block is not None:
                break
            if header.group(1).upper() == letter:
                block = []
            continue
        if block is not None:
            block.append(line)
    return block


def parse_manage_bde(text: str, drive: str) -> tuple[bool | None, float | None]:
    """(protection on?, percent encrypted) for ``drive``; None for what is not recognised."""
    block = manage_bde_block(text, drive)
    if block is None:
        return None, None
    joined = "\n".join(block).lower()
    on = any(p in joined for p in _BDE_ON)
    off = any(p in joined for p in _BDE_OFF)
    protection = True if on and not off else False if off and not on else None
    percents = _PERCENT.findall("\n".join(block))
    percent = float(percents[0].replace(",", ".")) if len(percents) == 1 else None
    if percent is not None and not 0 <= percent <= 100:
        percent = None
    return protection, percent


def decide_bde(protection: bool | None, percent: float | None) -> Verdict | None:
    if protection is None or percent is None:
        return None
    if protection and percent >= 100:
        return Verdict(Status.PASS, "BitLocker protection is on and the drive is fully encrypted")
    if protection:
        return Verdict(
            Status.WARN,
            f"BitLocker is on but the drive is only {percent:g}% encrypted so far",
        )
    if percent <= 0:
        return Verdict(Status.FAIL, "BitLocker is off: the drive is not encrypted")
    if percent >= 100:
        return Verdict(
            Status.WARN,
            "the drive is encrypted but BitLocker protection is off (suspended, or waiting for "
            "activation with the key in the clear)",
        )
    return Verdict(
        Status.WARN,
        f"the drive is part-way through encryption or decryption ({percent:g}%) and "
        "protection is off",
    )


def parse_format_list(text: str) -> dict[str, str]:
    """``Name : Value`` lines of PowerShell ``Format-List`` output."""
    out: dict[str, str] = {}
    for line in text.splitlines():
        if " : " in line or line.rstrip().endswith(" :"):
            key, _, value = line.partition(":")
            key = key.strip()
            if key and " " not in key:
                out[key] = value.strip()
    return out


# Enum names of Get-BitLockerVolume; never localised.
_VOLUME_STATUSES = {
    "FullyEncrypted", "FullyDecrypted", "EncryptionInProgress", "DecryptionInProgress",
    "EncryptionPaused", "DecryptionPaused",
}


def decide_bitlocker_volume(fields: Mapping[str, str]) -> Verdict | None:
    volume = fields.get("VolumeStatus", "")
    protection = fields.get("ProtectionStatus", "")
    if volume not in _VOLUME_STATUSES or protection not in ("On", "Off"):
        return None
    if volume == "FullyEncrypted" and protection == "On":
        return Verdict(Status.PASS, "BitLocker protection is on and the drive is fully encrypted")
    if volume == "FullyEncrypted":
        return Verdict(
            Status.WARN,
            "the drive is encrypted but BitLocker protection is off (suspended, or waiting for "
            "activation with the key in the clear)",
        )
    if volume in ("EncryptionInProgress", "EncryptionPaused"):
        return Verdict(Status.WARN, "BitLocker is still encrypting the drive")
    if volume in ("DecryptionInProgress", "DecryptionPaused"):
        return Verdict(Status.FAIL, "BitLocker is being turned off (the drive is decrypting)")
    return Verdict(Status.FAIL, "BitLocker is off: the drive is not encrypted")


def _system_drive(ctx: CheckContext, reported: str | None) -> str | None:
    if reported and _DRIVE.match(reported):
        return reported.upper()
    root = ctx.registry(SYSTEM_ROOT_KEY)
    if root.ok and isinstance(root.value, str) and _DRIVE.match(root.value[:2]):
        return root.value[:2].upper()
    return None


def windows(ctx: CheckContext) -> Outcome:
    observed: dict[str, Scalar] = {}
    reasons: list[str] = []

    res = ctx.run(powershell(BITLOCKER_PROPERTY_PS), timeout=20)
    drive_reported: str | None = None
    if res.ok:
        drive_reported, raw = parse_property_output(res.stdout)
        observed["system_drive"] = drive_reported
        observed["bitlocker_protection_value"] = raw
        if raw is not None and raw.strip().isdigit():
            value = int(raw)
            known = BITLOCKER_PROTECTION.get(value)
            if known is not None and not (drive_reported and _DRIVE.match(drive_reported)):
                reasons.append("Windows did not say which drive is the system drive")
            elif known is not None:
                status, text = known
                return Outcome(
                    status,
                    f"{text} (system drive {drive_reported}; Windows reports protection "
                    f"state {value}).",
                    observed,
                    expected=EXPECTED,
                    method="Explorer property System.Volume.BitLockerProtection",
                )
            else:
                reasons.append(
                    f"Windows reported a BitLocker state Readiness cannot interpret ({raw})"
                )
        elif raw:
            reasons.append(f"Windows reported an unrecognised BitLocker state ({raw!r})")
        else:
            reasons.append("Windows did not report a BitLocker state for the system drive")
    else:
        reasons.append(res.problem() or "the BitLocker state could not be read")

    drive = _system_drive(ctx, drive_reported)
    if drive is None:
        return _unknown(observed, [*reasons, "the system drive letter could not be read"])

    bde = ctx.run(["manage-bde", "-status", drive], timeout=20)
    if bde.ok:
        protection, percent = parse_manage_bde(bde.stdout, drive)
        observed["manage_bde_protection_on"] = protection
        observed["manage_bde_percent_encrypted"] = (
            None if percent is None else f"{percent:g}"
        )
        verdict = decide_bde(protection, percent)
        if verdict is not None:
            return Outcome(
                verdict.status,
                f"{verdict.summary[0].upper()}{verdict.summary[1:]} (system drive {drive}).",
                observed,
                expected=EXPECTED,
                method="manage-bde -status (percentage and protection status)",
            )
        reasons.append("manage-bde's answer was not recognised")
    else:
        reasons.append(_elevation_hint(bde.problem(), "manage-bde"))

    vol = ctx.run(powershell(BITLOCKER_VOLUME_PS), timeout=20)
    if vol.ok:
        fields = parse_format_list(vol.stdout)
        observed["volume_status"] = fields.get("VolumeStatus")
        observed["protection_status"] = fields.get("ProtectionStatus")
        verdict = decide_bitlocker_volume(fields)
        if verdict is not None and fields.get("MountPoint", "").upper() == drive:
            return Outcome(
                verdict.status,
                f"{verdict.summary[0].upper()}{verdict.summary[1:]} (system drive {drive}).",
                observed,
                expected=EXPECTED,
                method="Get-BitLockerVolume (VolumeStatus and ProtectionStatus)",
            )
        reasons.append("Get-BitLockerVolume's answer was not recognised")
    else:
        reasons.append(_elevation_hint(vol.problem(), "Get-BitLockerVolume"))
    return _unknown(observed, reasons)


def _elevation_hint(problem: str | None, tool: str) -> str:
    if problem and "not installed" in problem:
        return f"{tool} is not available"
    return f"{tool} gave no answer (it needs administrator rights)"


def _unknown(observed: dict[str, Scalar], reasons: list[str]) -> Outcome:
    return Outcome(
        Status.UNKNOWN,
        "Could not tell whether the system drive is encrypted: " + "; ".join(reasons) + ".",
        observed,
        expected=EXPECTED,
        method="BitLocker shell property, manage-bde, Get-BitLockerVolume",
    )


# --------------------------------------------------------------------------------------------
# macOS
# --------------------------------------------------------------------------------------------

_FV_ON = "filevault is on."
_FV_OFF = "filevault is off."
_FV_BENIGN = ("filevault master keychain appears to be installed.",)
_FV_PROGRESS = re.compile(r"^(encryption|decryption) in progress:", re.IGNORECASE)
_FV_DEFERRED = re.compile(r"^deferred enablement appears to be active", re.IGNORECASE)


def parse_fdesetup(text: str) -> Verdict | None:
    """Decide from ``fdesetup status``; None when any line is not one we know."""
    state: bool | None = None
    progress: str | None = None
    deferred = False
    lines = [ln.strip() for ln in text.splitlines() if ln.strip()]
    if not lines:
        return None
    for line in lines:
        low = line.lower()
        if low == _FV_ON:
            state = True
        elif low == _FV_OFF:
            state = False
        elif (m := _FV_PROGRESS.match(line)) is not None:
            progress = m.group(1).lower()
        elif _FV_DEFERRED.match(line):
            deferred = True
        elif low in _FV_BENIGN:
            continue
        else:
            return None
    if progress == "decryption":
        return Verdict(Status.FAIL, "FileVault is being turned off (the disk is decrypting).")
    if progress == "encryption":
        return Verdict(
            Status.WARN, "FileVault is still encrypting the disk, so it is not yet fully protected."
        )
    if state is True:
        return Verdict(Status.PASS, "FileVault is on.")
    if state is False and deferred:
        return Verdict(
            Status.FAIL,
            "FileVault is off; it is set to turn on at the next log-out, which has not happened.",
        )
    if state is False:
        return Verdict(Status.FAIL, "FileVault is off: the disk is not encrypted.")
    return None


def macos(ctx: CheckContext) -> Outcome:
    res = ctx.run(["fdesetup", "status"], timeout=10)
    observed: dict[str, Scalar] = {"fdesetup_status": res.stdout.strip()[:200] or None}
    if not res.ok:
        return Outcome(
            Status.UNKNOWN,
            f"Could not read the FileVault state: {res.problem()}.",
            observed,
            expected=EXPECTED,
            method="fdesetup status",
        )
    verdict = parse_fdesetup(res.stdout)
    if verdict is None:
        return Outcome(
            Status.UNKNOWN,
            "fdesetup gave an answer Readiness does not recognise, so the FileVault state is "
            "unknown.",
            observed,
            expected=EXPECTED,
            method="fdesetup status",
        )
    return Outcome(verdict.status, verdict.summary, observed, expected=EXPECTED,
                   method="fdesetup status")


# --------------------------------------------------------------------------------------------
# Linux
# --------------------------------------------------------------------------------------------

# Filesystems that live in memory or are views of others: they say nothing about the disk.
_VIRTUAL_FS = {"overlay", "tmpfs", "ramfs", "squashfs", "aufs", "fuse.sshfs", "9p", "virtiofs",
               "nfs", "nfs4", "cifs", "fuse"}


@dataclass(frozen=True)
class Mount:
    source: str
    fstype: str


def parse_findmnt(text: str) -> Mount | None:
    try:
        data = json.loads(text)
    except ValueError:
        return None
    if not isinstance(data, dict):
        return None
    fss = data.get("filesystems")
    if not isinstance(fss, list) or len(fss) != 1 or not isinstance(fss[0], dict):
        return None
    source, fstype = fss[0].get("source"), fss[0].get("fstype")
    if not isinstance(source, str) or not isinstance(fstype, str) or not source:
        return None
    # btrfs subvolumes are shown as /dev/mapper/x[/@]; the device is the part before "[".
    if source.startswith("/dev/") and "[" in source:
        source = source.split("[", 1)[0]
    return Mount(source, fstype)


def _covered(node: Mapping[str, Any]) -> bool | None:
    """True when this node is, or every path below it passes through, a crypt layer.

    In ``lsblk -s`` (inverse) output a node's children are the devices it is built ON, so
    the leaves are disks. None when the tree is not the shape we expect.
    """
    kind = node.get("type")
    if not isinstance(kind, str):
        return None
    if kind == "crypt":
        return True
    children = node.get("children")
    if children is None:
        return False
    if not isinstance(children, list) or not children:
        return None
    results = [_covered(c) if isinstance(c, dict) else None for c in children]
    if any(r is None for r in results):
        return None
    return all(results)


def parse_lsblk_ancestry(text: str) -> tuple[bool | None, str]:
    """(every path from the device down to a disk passes through crypt?, layers seen)."""
    try:
        data = json.loads(text)
    except ValueError:
        return None, ""
    devs = data.get("blockdevices") if isinstance(data, dict) else None
    if not isinstance(devs, list) or len(devs) != 1 or not isinstance(devs[0], dict):
        return None, ""
    layers: list[str] = []

    def walk(n: Mapping[str, Any]) -> None:
        layers.append(f"{n.get('name')}:{n.get('type')}")
        for c in n.get("children") or []:
            if isinstance(c, dict):
                walk(c)

    walk(devs[0])
    return _covered(devs[0]), " > ".join(layers)


LSBLK_COLUMNS = "NAME,TYPE,FSTYPE,MOUNTPOINTS"


def _trace(ctx: CheckContext, device: str, label: str,
           observed: dict[str, Scalar]) -> bool | None:
    res = ctx.run(["lsblk", "-s", "-J", "-o", LSBLK_COLUMNS, device], timeout=10)
    if res.ran and not res.stdout.strip() and "unknown column" in res.stderr.lower():
        # util-linux before 2.37 has no MOUNTPOINTS column; the layers are all we need.
        res = ctx.run(["lsblk", "-s", "-J", "-o", "NAME,TYPE,FSTYPE", device], timeout=10)
    if not res.ok:
        return None
    covered, layers = parse_lsblk_ancestry(res.stdout)
    observed[f"{label}_layers"] = layers or None
    return covered


def _zfs_encrypted(ctx: CheckContext, dataset: str,
                   observed: dict[str, Scalar], label: str) -> bool | None:
    res = ctx.run(["zfs", "get", "-H", "-o", "value", "encryption", dataset], timeout=10)
    if not res.ok:
        return None
    value = res.stdout.strip()
    observed[f"{label}_zfs_encryption"] = value or None
    if value == "off":
        return False
    if re.fullmatch(r"aes-(128|192|256)-(ccm|gcm)|on", value):
        return True
    return None


def _mount_state(ctx: CheckContext, target: str, label: str,
                 observed: dict[str, Scalar]) -> tuple[bool | None, str]:
    """(encrypted?, why-unknown) for the filesystem mounted at ``target``."""
    res = ctx.run(["findmnt", "-J", "-o", "SOURCE,FSTYPE", target], timeout=10)
    if not res.ok:
        return None, f"the device under {target} could not be found ({res.problem()})"
    mount = parse_findmnt(res.stdout)
    if mount is None:
        return None, f"findmnt's answer for {target} was not recognised"
    observed[f"{label}_source"] = mount.source
    observed[f"{label}_fstype"] = mount.fstype
    return _device_state(ctx, mount, label, observed, target)


def _device_state(ctx: CheckContext, mount: Mount, label: str,
                  observed: dict[str, Scalar], target: str) -> tuple[bool | None, str]:
    if mount.fstype == "zfs":
        enc = _zfs_encrypted(ctx, mount.source, observed, label)
        return enc, "" if enc is not None else f"ZFS encryption of {target} could not be read"
    if mount.fstype in _VIRTUAL_FS or not mount.source.startswith("/dev/"):
        return None, (f"{target} is on {mount.fstype} ({mount.source}), which does not show the "
                      "disk underneath (a live system, container or network drive?)")
    enc = _trace(ctx, mount.source, label, observed)
    return enc, "" if enc is not None else f"the layers under {mount.source} could not be read"


def _home_state(ctx: CheckContext, observed: dict[str, Scalar],
                root_source: str) -> tuple[bool | None, str, bool]:
    """(encrypted?, why-unknown, separate?) for /home; not separate -> (None, "", False)."""
    # --target names the filesystem that holds /home: / itself unless /home is mounted apart.
    res = ctx.run(["findmnt", "-J", "-o", "SOURCE,FSTYPE", "-T", "/home"], timeout=10)
    if not res.ok:
        return None, f"whether /home is separate could not be read ({res.problem()})", True
    mount = parse_findmnt(res.stdout)
    if mount is None:
        return None, "findmnt's answer for /home was not recognised", True
    observed["home_separate"] = mount.source != root_source
    if mount.source == root_source:
        return None, "", False
    observed["home_source"] = mount.source
    observed["home_fstype"] = mount.fstype
    enc, why = _device_state(ctx, mount, "home", observed, "/home")
    return enc, why, True


def parse_proc_swaps(text: str) -> list[tuple[str, str]] | None:
    """(path, type) per active swap area; None if the header is not the kernel's."""
    lines = text.splitlines()
    if not lines or lines[0].split()[:2] != ["Filename", "Type"]:
        return None
    out: list[tuple[str, str]] = []
    for line in lines[1:]:
        parts = line.split()
        if not parts:
            continue
        if len(parts) < 2 or parts[1] not in ("partition", "file"):
            return None
        out.append((parts[0].replace("\\040", " "), parts[1]))
    return out


def _swap_state(ctx: CheckContext, observed: dict[str, Scalar]) -> tuple[bool | None, str]:
    """(all swap encrypted or in RAM?, why-unknown)."""
    swaps_file = ctx.read_file("/proc/swaps")
    if swaps_file.text is None:
        return None, f"the swap list could not be read ({swaps_file.error})"
    swaps = parse_proc_swaps(swaps_file.text)
    if swaps is None:
        return None, "the swap list was not recognised"
    observed["swap_areas"] = len(swaps)
    plain: list[str] = []
    for i, (path, kind) in enumerate(swaps):
        if kind == "partition" and path.startswith("/dev/zram"):
            continue  # compressed RAM, never written to disk
        if kind == "partition":
            enc = _trace(ctx, path, f"swap{i}", observed)
        else:
            res = ctx.run(["findmnt", "-J", "-o", "SOURCE,FSTYPE", "-T", path], timeout=10)
            mount = parse_findmnt(res.stdout) if res.ok else None
            enc = (None if mount is None
                   else _device_state(ctx, mount, f"swap{i}", observed, path)[0])
        if enc is None:
            return None, f"whether the swap area {path} is encrypted could not be read"
        if not enc:
            plain.append(path)
    observed["unencrypted_swap"] = ", ".join(plain) or None
    return (not plain), ""


def linux(ctx: CheckContext) -> Outcome:
    observed: dict[str, Scalar] = {}
    method = "findmnt and lsblk -s (layers under / and /home), zfs get encryption, /proc/swaps"

    def out(status: Status, summary: str) -> Outcome:
        return Outcome(status, summary, observed, expected=EXPECTED, method=method)

    root, why = _mount_state(ctx, "/", "root", observed)
    if root is None:
        return out(Status.UNKNOWN, f"Could not tell whether the system disk is encrypted: {why}.")
    if root is False:
        return out(Status.FAIL, "The system disk (/) is not encrypted: no encryption layer "
                                "(LUKS/dm-crypt or ZFS encryption) sits under it.")
    root_source = str(observed.get("root_source") or "")
    home, why, separate = _home_state(ctx, observed, root_source)
    if separate and home is None:
        return out(Status.UNKNOWN, f"/ is encrypted, but {why}.")
    if separate and home is False:
        return out(Status.FAIL, "/ is encrypted but /home, where your files live, is a separate "
                                "disk area that is not encrypted.")
    swap, why = _swap_state(ctx, observed)
    if swap is None:
        return out(Status.UNKNOWN, f"The system disk is encrypted, but {why}.")
    if swap is False:
        return out(Status.WARN, "The system disk is encrypted, but swap space is not: pieces of "
                                "open files can be written there in the clear.")
    where = "/ and /home are" if separate else "The system disk (/) is"
    return out(Status.PASS, f"{where} encrypted (every layer down to the disk passes through "
                            "encryption), and swap is encrypted or absent.")


DISK_ENCRYPTION = PlatformCheck(
    "disk_encryption", windows=windows, macos=macos, linux=linux, budget_s=45.0
)
