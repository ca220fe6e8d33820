"""macOS automatic-updates facts: com.apple.SoftwareUpdate, and its managed preferences."""

from __future__ import annotations

from checks.auto_updates.decide import is_software_update_record
from checks.auto_updates.model import MacFacts
from checks.plist import read_plist
from readiness.check import CheckContext

SU_PLIST = "/Library/Preferences/com.apple.SoftwareUpdate.plist"
MANAGED_PLIST = "/Library/Managed Preferences/com.apple.SoftwareUpdate.plist"


def gather(ctx: CheckContext) -> MacFacts:
    data = read_plist(ctx, SU_PLIST)
    if isinstance(data, str) or not is_software_update_record(data):
        return MacFacts(data)
    present = ctx.read_file(MANAGED_PLIST)
    if present.ok:
        managed = read_plist(ctx, MANAGED_PLIST)
        if isinstance(managed, str):
            return MacFacts(data, managed_unreadable=managed)
        return MacFacts(data, managed)
    if present.error not in ("missing",):
        return MacFacts(data, managed_unknown=present.reason or "it could not be read")
    return MacFacts(data)
