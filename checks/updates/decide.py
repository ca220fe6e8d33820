"""What every OS's update verdict shares: the waiting-updates finding and combining findings.
Pure."""

from __future__ import annotations

from checks.updates.model import EXPECTED, Part, Pending
from readiness.check import unknown
from readiness.model import Outcome, Scalar, Status
from readiness.words import are, plural

_ORDER = [Status.FAIL, Status.UNKNOWN, Status.WARN, Status.PASS]


def combine(parts: list[Part], observed: dict[str, Scalar], method: str) -> Outcome:
    """Worst status wins (fail, then unknown, then warn); the summary gives every reason that
    is not a pass, worst first, so nothing found is hidden behind another finding."""
    ranked = sorted(parts, key=lambda p: _ORDER.index(p[0]))
    if not ranked:
        return unknown("Nothing could be checked.", **observed)
    worst = ranked[0][0]
    shown = [r for s, r in ranked if s is not Status.PASS] or [r for _, r in ranked]
    return Outcome(worst, " ".join(shown), observed, expected=EXPECTED, method=method)


def pending_parts(pending: Pending, observed: dict[str, Scalar], what: str) -> list[Part]:
    found = pending.found
    if found is None:
        return [(Status.UNKNOWN, f"The search for {what} did not give a usable answer.")]
    total, security = int(found.get("total", 0)), int(found.get("security", 0))
    observed["pending_total"] = total
    observed["pending_security"] = security
    if pending.cached_at:
        observed["pending_searched_at"] = pending.cached_at
    names = "; ".join(found.get("titles", [])[:5])
    if security:
        return [(Status.FAIL, f"{plural(security, 'security update')} {are(security)} "
                 "waiting to be installed" + (f" ({names})." if names else "."))]
    if total:
        return [(Status.WARN, f"{plural(total, 'update')} {are(total)} waiting to be installed"
                 + (f" ({names})." if names else "."))]
    return [(Status.PASS, "The search found no updates waiting.")]


def deep_parts(pending: Pending | None, parts: list[Part], observed: dict[str, Scalar],
               what: str) -> None:
    """Deep runs add what the search found; quick runs record that no search was made."""
    if pending is not None:
        parts.extend(pending_parts(pending, observed, what))
    else:
        observed["pending_searched"] = False
