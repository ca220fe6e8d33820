"""macOS update facts: the Software Update record and, in deep runs, ``softwareupdate --list``."""

from __future__ import annotations

import re
from typing import Any

from checks.plist import read_plist
from checks.updates import pending
from checks.updates.model import MacFacts, last_full_check
from readiness.check import CheckContext

SU_PLIST = "/Library/Preferences/com.apple.SoftwareUpdate.plist"


def search(ctx: CheckContext) -> dict[str, Any] | None:
    """The full search for waiting updates, as the host caches it."""
    res = ctx.run(["softwareupdate", "--list"], timeout=600)
    if not res.ok:
        return None
    text = res.stdout + "\n" + res.stderr
    labels = re.findall(r"^\s*\* Label: (.+)$", text, re.MULTILINE)
    if labels:
        security = sum(1 for lb in labels if "security" in lb.lower())
        return {"total": len(labels), "security": security, "titles": labels[:10]}
    # "No new software available." alone is not enough: the tool's own header must be there.
    if "Finding available software" in res.stdout and re.search(
            r"^No new software available\.\s*$", text, re.MULTILINE):
        return {"total": 0, "security": 0, "titles": []}
    return None


def gather(ctx: CheckContext) -> MacFacts:
    record = read_plist(ctx, SU_PLIST)
    when = last_full_check(record)
    # The search's cache is keyed on the last full check the record shows.
    found = pending.pending(ctx, str(when.date().isoformat() if when else None),
                            lambda: search(ctx))
    return MacFacts(record, found, ctx.date)
