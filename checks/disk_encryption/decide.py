"""The macOS and Linux disk-encryption verdicts: pure, from facts."""

from __future__ import annotations

from checks.answer import Answer
from checks.disk_encryption.facts_linux import LinuxFacts
from checks.disk_encryption.fdesetup import parse_fdesetup
from checks.disk_encryption.model import EXPECTED
from readiness.model import Outcome, Scalar, Status

LINUX_METHOD = "findmnt and lsblk -s (layers under / and /home), zfs get encryption, /proc/swaps"


def decide_macos(fdesetup: Answer) -> Outcome:
    observed: dict[str, Scalar] = {"fdesetup_status": fdesetup.stdout.strip()[:200] or None}
    method = "fdesetup status"
    if not fdesetup.ok:
        return Outcome(Status.UNKNOWN, f"Could not read the FileVault state: {fdesetup.problem}.",
                       observed, expected=EXPECTED, method=method)
    verdict = parse_fdesetup(fdesetup.stdout)
    if verdict is None:
        return Outcome(Status.UNKNOWN, "fdesetup gave an answer Readiness does not recognise, so "
                       "the FileVault state is unknown.", observed, expected=EXPECTED,
                       method=method)
    return Outcome(verdict.status, verdict.summary, observed, expected=EXPECTED, method=method)


def decide_linux(f: LinuxFacts) -> Outcome:
    def out(status: Status, summary: str) -> Outcome:
        return Outcome(status, summary, f.observed, expected=EXPECTED, method=LINUX_METHOD)

    if f.root is None:
        return out(Status.UNKNOWN,
                   f"Could not tell whether the system disk is encrypted: {f.root_why}.")
    if f.root is False:
        return out(Status.FAIL, "The system disk (/) is not encrypted: no encryption layer "
                                "(LUKS/dm-crypt or ZFS encryption) sits under it.")
    if f.home_separate and f.home is None:
        return out(Status.UNKNOWN, f"/ is encrypted, but {f.home_why}.")
    if f.home_separate and f.home is False:
        return out(Status.FAIL, "/ is encrypted but /home, where your files live, is a separate "
                                "disk area that is not encrypted.")
    if f.swap is None:
        return out(Status.UNKNOWN, f"The system disk is encrypted, but {f.swap_why}.")
    if f.swap is False:
        return out(Status.WARN, "The system disk is encrypted, but swap space is not: pieces of "
                                "open files can be written there in the clear.")
    where = "/ and /home are" if f.home_separate else "The system disk (/) is"
    return out(Status.PASS, f"{where} encrypted (every layer down to the disk passes through "
                            "encryption), and swap is encrypted or absent.")
