"""Times as a practitioner reads them: local time with its time zone, never raw RFC 3339."""

from __future__ import annotations

from datetime import UTC, datetime, tzinfo


def local_time(stamp: str, tz: tzinfo | None = None) -> str:
    """``2026-12-02T11:09:45Z`` as ``2 December 2026, 11:09 GMT`` in the local (or given) zone;
    text that is not a time is returned as it is rather than guessed at."""
    try:
        when = datetime.fromisoformat(stamp.replace("Z", "+00:00"))
    except ValueError:
        return stamp
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)  # the core writes UTC; a bare time is read as UTC
    local = when.astimezone(tz)
    zone = local.tzname() or local.strftime("UTC%z")
    return f"{local.day} {local:%B %Y, %H:%M} {zone}"


def clock_time(stamp: str, tz: tzinfo | None = None) -> str:
    """Just the local ``HH:MM`` of ``stamp`` ("" when it is not a time): it tells apart
    several checklists signed on one day."""
    try:
        when = datetime.fromisoformat(stamp.replace("Z", "+00:00"))
    except ValueError:
        return ""
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return f"{when.astimezone(tz):%H:%M}"
