"""The Windows disk-encryption verdict: pure, from ``WindowsFacts``.

Each ``from_*`` step reads one source into ``observed`` and either settles the outcome or adds
why it could not; the gatherer uses the same steps to know when to stop asking.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from checks.answer import Answer
from checks.disk_encryption.bitlocker import (
    BITLOCKER_PROTECTION,
    DRIVE,
    decide_bde,
    decide_bitlocker_volume,
    parse_format_list,
    parse_manage_bde,
    parse_property_output,
)
from checks.disk_encryption.model import EXPECTED, Verdict
from readiness.model import Outcome, Scalar, Status

if TYPE_CHECKING:
    from checks.disk_encryption.facts_windows import WindowsFacts


def from_property(res: Answer, observed: dict[str, Scalar], reasons: list[str]) -> \
        Outcome | None:
    if not res.ok:
        reasons.append(res.problem or "the BitLocker state could not be read")
        return None
    drive_reported, raw = parse_property_output(res.stdout)
    observed["system_drive"] = drive_reported
    observed["bitlocker_protection_value"] = raw
    if raw is None or not raw.strip().isdigit():
        reasons.append(f"Windows reported an unrecognised BitLocker state ({raw!r})" if raw
                       else "Windows did not report a BitLocker state for the system drive")
        return None
    value = int(raw)
    known = BITLOCKER_PROTECTION.get(value)
    if known is None:
        reasons.append(f"Windows reported a BitLocker state Readiness cannot interpret ({raw})")
        return None
    if not (drive_reported and DRIVE.match(drive_reported)):
        reasons.append("Windows did not say which drive is the system drive")
        return None
    status, text = known
    return Outcome(status, f"{text} (system drive {drive_reported}; Windows reports protection "
                   f"state {value}).", observed, expected=EXPECTED,
                   method="Explorer property System.Volume.BitLockerProtection")


def _settled(verdict: Verdict, drive: str, observed: dict[str, Scalar], method: str) -> Outcome:
    return Outcome(verdict.status,
                   f"{verdict.summary[0].upper()}{verdict.summary[1:]} (system drive {drive}).",
                   observed, expected=EXPECTED, method=method)


def from_manage_bde(res: Answer, drive: str, observed: dict[str, Scalar],
                    reasons: list[str]) -> Outcome | None:
    if not res.ok:
        reasons.append(_elevation_hint(res.problem, "manage-bde"))
        return None
    protection, percent = parse_manage_bde(res.stdout, drive)
    observed["manage_bde_protection_on"] = protection
    observed["manage_bde_percent_encrypted"] = None if percent is None else f"{percent:g}"
    verdict = decide_bde(protection, percent)
    if verdict is None:
        reasons.append("manage-bde's answer was not recognised")
        return None
    return _settled(verdict, drive, observed,
                    "manage-bde -status (percentage and protection status)")


def from_volume(res: Answer, drive: str, observed: dict[str, Scalar],
                reasons: list[str]) -> Outcome | None:
    if not res.ok:
        reasons.append(_elevation_hint(res.problem, "Get-BitLockerVolume"))
        return None
    fields = parse_format_list(res.stdout)
    observed["volume_status"] = fields.get("VolumeStatus")
    observed["protection_status"] = fields.get("ProtectionStatus")
    verdict = decide_bitlocker_volume(fields)
    if verdict is None or fields.get("MountPoint", "").upper() != drive:
        reasons.append("Get-BitLockerVolume's answer was not recognised")
        return None
    return _settled(verdict, drive, observed,
                    "Get-BitLockerVolume (VolumeStatus and ProtectionStatus)")


def decide(facts: WindowsFacts) -> Outcome:
    observed: dict[str, Scalar] = {}
    reasons: list[str] = []
    settled = from_property(facts.shell_property, observed, reasons)
    if settled is not None:
        return settled
    if facts.drive is None:
        return _unknown(observed, [*reasons, "the system drive letter could not be read"])
    for answer, step in ((facts.manage_bde, from_manage_bde),
                         (facts.bitlocker_volume, from_volume)):
        if answer is None:
            break
        settled = step(answer, facts.drive, observed, reasons)
        if settled is not None:
            return settled
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
