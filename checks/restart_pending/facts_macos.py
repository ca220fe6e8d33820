"""macOS restart facts: the boot time (``sysctl -n kern.boottime``) against the run's date,
and the updates the Software Update record says are waiting.

macOS installs system updates during a restart, so an update that is waiting is a restart
that is waiting; no setting readable without administrator rights tells a downloaded update
from one not yet fetched. The record is the one the updates check reads (same command).
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from typing import Any

from checks.plist import read_plist
from checks.restart_pending.model import MacFacts, Uptime
from readiness.check import CheckContext

SU_PLIST = "/Library/Preferences/com.apple.SoftwareUpdate.plist"
BOOTTIME = ["sysctl", "-n", "kern.boottime"]


def parse_boottime(text: str) -> date | None:
    """The UTC date of ``{ sec = 1477761334, usec = 664698 } Sat Oct 29 17:15:34 2016``."""
    m = re.fullmatch(r"\{ sec = (\d+), usec = \d+ \}(?: [^\n]*)?", text.strip())
    if not m:
        return None
    try:
        return datetime.fromtimestamp(int(m.group(1)), UTC).date()
    except (OverflowError, OSError, ValueError):
        return None


def uptime(ctx: CheckContext) -> Uptime:
    res = ctx.run(BOOTTIME, timeout=5)
    booted = parse_boottime(res.stdout) if res.ok else None
    if booted is None:
        return Uptime(None, f"the start time could not be read "
                      f"({res.problem() or 'its answer was not recognised'})")
    days = (ctx.date - booted).days
    if days < 0:
        return Uptime(None, f"the start time ({booted.isoformat()}) is after today's date")
    return Uptime(days)


def waiting_updates(record: dict[str, Any]) -> tuple[int | None, tuple[str, ...]]:
    """How many recommended updates the record lists as waiting, and their names."""
    count = record.get("LastRecommendedUpdatesAvailable")
    listed = record.get("RecommendedUpdates")
    names = tuple(str(r.get("Display Name") or r.get("Identifier") or "an update")
                  for r in listed if isinstance(r, dict)) if isinstance(listed, list) else ()
    counts = [n for n in (count, len(listed) if isinstance(listed, list) else None)
              if isinstance(n, int) and not isinstance(n, bool) and n >= 0]
    return (max(counts) if counts else None), names


def gather(ctx: CheckContext) -> MacFacts:
    up = uptime(ctx)
    record = read_plist(ctx, SU_PLIST)
    if isinstance(record, str):
        return MacFacts(up, None, waiting_problem=f"the Software Update record could not be "
                        f"read ({record})")
    count, names = waiting_updates(record)
    return MacFacts(up, count, names, "" if count is not None else
                    "the Software Update record does not say whether updates are waiting")
