"""When to remind: the rules behind the self-audit reminder and the end-of-life table's
refresh, kept in the core (and table-tested) so no window carries its own copy."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime

# Lifecycle data changes a few times a year; weekly is plenty and keeps requests rare.
LIFECYCLE_MAX_AGE_DAYS = 7


def days_since(iso: str, now: datetime) -> int | None:
    """Whole days from an ISO 8601 time (UTC when it names no zone) to ``now``; None when
    the text is not a time."""
    try:
        when = datetime.fromisoformat(iso.replace("Z", "+00:00"))
    except ValueError:
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return (now - when).days


@dataclass(frozen=True)
class SelfAudit:
    """Whether the self-audit reminder is due, and how old the newest signed checklist is
    (None: none has been signed yet)."""

    due: bool
    days: int | None


def self_audit(signed_at: Iterable[str], every_days: int, now: datetime) -> SelfAudit | None:
    """The reminder for checklists generated at ``signed_at``; None when reminders are off
    (``every_days`` of 0 or less). Never signed is always due; otherwise it is due once the
    newest checklist is ``every_days`` old. Unreadable times are ignored."""
    if every_days <= 0:
        return None
    ages = [a for a in (days_since(s, now) for s in signed_at) if a is not None]
    if not ages:
        return SelfAudit(True, None)
    newest = min(ages)
    return SelfAudit(newest >= every_days, newest)


def table_is_stale(fetched_at: str | None, today: date,
                   max_age_days: int = LIFECYCLE_MAX_AGE_DAYS) -> bool:
    """Whether the end-of-life table fetched on ``fetched_at`` (None: no usable table) is old
    enough to refresh; a date that cannot be read counts as stale."""
    if not fetched_at:
        return True
    try:
        fetched = date.fromisoformat(fetched_at)
    except ValueError:
        return True
    return (today - fetched).days >= max_age_days
