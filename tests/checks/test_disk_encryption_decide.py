"""Disk-encryption verdicts from facts alone: no host, no probes."""

from __future__ import annotations

import pytest

from checks.answer import Answer
from checks.disk_encryption import decide_windows
from checks.disk_encryption.decide import decide_linux, decide_macos
from checks.disk_encryption.facts_linux import LinuxFacts
from checks.disk_encryption.facts_windows import WindowsFacts
from readiness.model import Status


def ok(stdout: str) -> Answer:
    return Answer(True, True, 0, stdout, "", None, None)


DENIED = Answer(False, True, 1, "", "Access is denied.", None,
                "manage-bde stopped with an error (code 1)")
MISSING = Answer.failed("powershell is not installed", "not installed")
TIMED_OUT = Answer.failed("timed out after 20 s")
PROP_1 = ok("drive=C:\nvalue=1\n")
PROP_EMPTY = ok("drive=C:\nvalue=\n")
BDE_ON = ok("Volume C: [OS]\n    Percentage Encrypted: 100.0%\n    Protection Status: "
            "Protection On\n")
VOL_OFF = ok("MountPoint       : C:\nVolumeStatus     : FullyDecrypted\n"
             "ProtectionStatus : Off\n")
VOL_OTHER_DRIVE = ok("MountPoint       : D:\nVolumeStatus     : FullyEncrypted\n"
                     "ProtectionStatus : On\n")


@pytest.mark.parametrize(
    ("facts", "status"),
    [
        (WindowsFacts(PROP_1), Status.PASS),
        (WindowsFacts(ok("drive=C:\nvalue=2\n")), Status.FAIL),
        (WindowsFacts(ok("drive=C:\nvalue=3\n")), Status.WARN),  # encrypting
        (WindowsFacts(ok("drive=C:\nvalue=4\n")), Status.FAIL),  # decrypting
        (WindowsFacts(ok("drive=C:\nvalue=5\n")), Status.WARN),
        (WindowsFacts(ok("drive=C:\nvalue=8\n")), Status.WARN),  # key in the clear
        # 6 (locked) cannot describe the running system drive: the fallbacks must decide.
        (WindowsFacts(ok("drive=C:\nvalue=6\n"), "C:", MISSING, MISSING), Status.UNKNOWN),
        (WindowsFacts(ok("drive=C:\nvalue=7\n")), Status.UNKNOWN),  # outside the map
        (WindowsFacts(ok("drive=\nvalue=1\n")), Status.UNKNOWN),  # no drive to read further
        (WindowsFacts(MISSING), Status.UNKNOWN),
        (WindowsFacts(PROP_EMPTY, "C:", MISSING, MISSING), Status.UNKNOWN),  # no BitLocker
        (WindowsFacts(TIMED_OUT, "C:", DENIED, TIMED_OUT), Status.UNKNOWN),
        (WindowsFacts(PROP_EMPTY, "C:", BDE_ON), Status.PASS),
        (WindowsFacts(PROP_EMPTY, "C:", DENIED, VOL_OFF), Status.FAIL),
        (WindowsFacts(PROP_EMPTY, "C:", DENIED, VOL_OTHER_DRIVE), Status.UNKNOWN),
        (WindowsFacts(PROP_EMPTY, "C:", DENIED, DENIED), Status.UNKNOWN),
    ],
)
def test_decide_windows(facts: WindowsFacts, status: Status) -> None:
    outcome = decide_windows.decide(facts)
    assert outcome.status is status, outcome.summary


def test_windows_unknown_says_admin_rights_are_needed() -> None:
    outcome = decide_windows.decide(WindowsFacts(PROP_EMPTY, "C:", DENIED, MISSING))
    assert "administrator rights" in outcome.summary
    assert "Get-BitLockerVolume is not available" in outcome.summary


@pytest.mark.parametrize(
    ("answer", "status"),
    [
        (ok("FileVault is On.\n"), Status.PASS),
        (ok("FileVault is Off.\n"), Status.FAIL),
        (ok("FileVault is On.\nEncryption in progress: Percent completed = 40\n"), Status.WARN),
        (ok("FileVault is On.\nEncryption in progress: Pending\n"), Status.WARN),
        (ok("FileVault is Off.\nDecryption in progress: Percent completed = 12.50\n"),
         Status.FAIL),
        (ok("FileVault is Off.\nDeferred enablement appears to be active for user 'c'.\n"),
         Status.FAIL),
        (ok("FileVault is On.\nFileVault master keychain appears to be installed.\n"),
         Status.PASS),
        (ok("FileVault est activé.\n"), Status.UNKNOWN),  # another language: not guessed
        # The deferral line without a state line (as quoted in jamf/DEPNotify-Starter issue 58,
        # macOS 13.2.1): FileVault is not on yet, but the state itself was not said.
        (ok("Deferred enablement appears to be active.\n"), Status.UNKNOWN),
        (Answer.failed("timed out after 10 s"), Status.UNKNOWN),
        (ok("FileVault is On.\nSomething new.\n"), Status.UNKNOWN),
        (Answer.failed("fdesetup is not installed", "not installed"), Status.UNKNOWN),
    ],
)
def test_decide_macos(answer: Answer, status: Status) -> None:
    assert decide_macos(answer).status is status


@pytest.mark.parametrize(
    ("facts", "status"),
    [
        (LinuxFacts({}, None, "findmnt failed"), Status.UNKNOWN),
        (LinuxFacts({}, False), Status.FAIL),
        (LinuxFacts({}, True, "", True, None, "lsblk failed"), Status.UNKNOWN),
        (LinuxFacts({}, True, "", True, False), Status.FAIL),
        (LinuxFacts({}, True, "", False, None, "", None, "swaps unreadable"), Status.UNKNOWN),
        (LinuxFacts({}, True, "", False, None, "", False), Status.WARN),
        (LinuxFacts({}, True, "", False, None, "", True), Status.PASS),
        (LinuxFacts({}, True, "", True, True, "", True), Status.PASS),
    ],
)
def test_decide_linux(facts: LinuxFacts, status: Status) -> None:
    outcome = decide_linux(facts)
    assert outcome.status is status, outcome.summary
