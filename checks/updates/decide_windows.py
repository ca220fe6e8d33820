"""The Windows update verdict: pure, from ``WindowsFacts`` to an ``Outcome``."""

from __future__ import annotations

from datetime import date

from checks.updates.decide import combine, deep_parts
from checks.updates.model import FAIL_DAYS, PASS_DAYS, Part, Pause, WindowsFacts
from readiness.model import Outcome, Scalar, Status
from readiness.probe.types import plain_reason


def last_install(facts: WindowsFacts, observed: dict[str, Scalar]) -> date | str:
    """The date of the newest successful Windows patch install, or why it is unknown."""
    hist = facts.history
    if hist.entries is not None:
        observed["history_entries"] = hist.entries
        observed["method"] = "windows update history"
        if hist.newest is not None:
            observed["last_install"] = hist.newest.date().isoformat()
            observed["last_install_title"] = hist.newest_title
            return hist.newest.date()
        # No dated OS patch in the history is no evidence either way: the hotfix list is.
    else:
        observed["history_problem"] = hist.problem
    hot = facts.hotfixes
    if hot is None or hot.count is None:
        return "the update history and the installed-hotfix list could not be read (" + (
            hot.problem if hot is not None else "not asked") + ")"
    observed["hotfixes"] = hot.count
    if hot.newest is None:
        return "neither the update history nor the hotfix list shows a dated install"
    observed["method"] = "installed hotfix list"
    observed["last_install"] = hot.newest.isoformat()
    return hot.newest


def _age_part(last: date | str, today: date, observed: dict[str, Scalar]) -> Part:
    if isinstance(last, str):
        return Status.UNKNOWN, f"Could not tell when Windows was last updated: {last}."
    age = (today - last).days
    observed["days_since_install"] = age
    if age > FAIL_DAYS:
        return (Status.FAIL, f"Windows last installed updates {age} days ago "
                f"({last.isoformat()}); at least two monthly security releases are missing.")
    if age > PASS_DAYS:
        return (Status.WARN, f"Windows last installed updates {age} days ago "
                f"({last.isoformat()}); this month's security release may be missing.")
    return Status.PASS, f"Windows installed updates {age} days ago ({last.isoformat()})."


def paused(pause: Pause, today: date, observed: dict[str, Scalar],
           what: str = "updates", key: str = "pause_until") -> Part | None:
    if pause.error is not None:
        if pause.error == "missing":
            return None  # never paused, or the pause ended: Windows removes the value
        why = plain_reason(pause.error, "the setting")
        return Status.UNKNOWN, f"Could not read whether {what} are paused ({why})."
    observed[key] = pause.raw
    if pause.until is None:
        setting = "" if what == "updates" else " quality update"
        return Status.UNKNOWN, f"The Windows Update{setting} pause setting has an unreadable date."
    if pause.until.date() >= today:
        return Status.WARN, f"Windows {what} are paused until {pause.until.date().isoformat()}."
    return None


def decide(facts: WindowsFacts) -> Outcome:
    observed: dict[str, Scalar] = {}
    parts = [_age_part(last_install(facts, observed), facts.today, observed)]
    pause_part = paused(facts.pause, facts.today, observed)
    if pause_part:
        parts.append(pause_part)
    quality_part = paused(facts.quality_pause, facts.today, observed,
                          "quality (security) updates", "quality_pause_until")
    if quality_part:
        parts.append(quality_part)
    deep_parts(facts.pending, parts, observed, "waiting Windows updates")
    method = "Windows Update history (fallback: installed hotfixes), pause settings" + (
        ", full search for pending updates" if facts.pending is not None else "")
    return combine(parts, observed, method)
