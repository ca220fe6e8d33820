"""Reading BitLocker's answers on Windows (pure parsers and their partial verdicts)."""

from __future__ import annotations

import re
from collections.abc import Mapping

from checks.disk_encryption.model import Verdict
from readiness.model import Status

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


DRIVE = re.compile(r"^[A-Za-z]:$")
_PERCENT = re.compile(r"(?<![\w.,])(\d{1,3}(?:[.,]\d+)?)\s*%")
# Protection phrases seen in real manage-bde outputs (English, German). Others -> unknown.
_BDE_ON = ("protection on", "der schutz ist aktiviert")
_BDE_OFF = ("protection off", "der schutz ist deaktiviert")
_VOLUME_HEADER = re.compile(r'(?<![\w])"?([A-Za-z]):"?(?:\s|$)')
# Other volumes' block headers: a volume without a letter is named by its volume GUID path
# (``Volume \\?\Volume{...}\ [Label]``), a mounted folder by its path (``Volume C:\Mnt\ []``).
_OTHER_VOLUME_HEADER = re.compile(r'\\\\\?\\Volume\{|(?<![\w])"?[A-Za-z]:\\', re.IGNORECASE)


def _block_header(line: str) -> str | None:
    """The upper-case drive letter a block header names, "" for another volume's header, None
    for a line that is no header. The earliest name on the line decides, so a label such as
    ``[C: old]`` after a volume GUID path is not taken for drive C:."""
    if not line or line[:1].isspace() or line.startswith("["):
        return None
    letter = _VOLUME_HEADER.search(line)
    other = _OTHER_VOLUME_HEADER.search(line)
    if other is not None and (letter is None or other.start() < letter.start()):
        return ""
    return None if letter is None else letter.group(1).upper()


def manage_bde_block(text: str, drive: str) -> list[str] | None:
    """The lines of ``drive``'s block in ``manage-bde -status`` output, or None if absent.

    A block starts at an unindented line naming its volume: a drive letter (``Volume C: [OS]``
    or the German ``Volume "C:" []``), a volume GUID path or a mounted-folder path; the labels
    around it are localised, the names are not. None too if the drive has two blocks.
    """
    letter = drive[0].upper()
    block: list[str] = []
    found = 0
    inside = False
    for line in text.splitlines():
        header = _block_header(line)
        if header is not None:
            inside = header == letter
            found += inside
            continue
        if inside:
            block.append(line)
    return block if found == 1 else None


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

