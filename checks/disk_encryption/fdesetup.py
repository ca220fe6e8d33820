"""Reading ``fdesetup status`` on macOS (pure)."""

from __future__ import annotations

import re

from checks.disk_encryption.model import Verdict
from readiness.model import Status

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

