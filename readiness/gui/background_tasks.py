"""Opt-in network tasks started with the app: refresh the end-of-life table, and add trusted
timestamps to checklists signed while offline.

Each runs only when the practitioner turned its option on (both are off by default), off the
GUI thread, and failures are only logged: being offline must never interrupt a session check.
"""

from __future__ import annotations

import logging
from datetime import UTC, date, datetime

from PySide6.QtCore import QObject

from readiness.gui.worker import BackgroundCall
from readiness.settings import Settings
from readiness.words import plural

log = logging.getLogger(__name__)

def _lifecycle_is_stale(today: date) -> bool:
    from readiness import lifecycle, reminders

    try:
        fetched: str | None = lifecycle.load().fetched_at
    except (lifecycle.LifecycleError, KeyError):
        fetched = None
    return reminders.table_is_stale(fetched, today)  # the rule lives in the core


def _refresh_lifecycle() -> str:
    from readiness import lifecycle

    table = lifecycle.refresh()
    return f"end-of-life data refreshed ({table.fetched_at})"


def _timestamp_queued() -> str:
    from readiness.signing import checklist

    outcomes = checklist.timestamp_pending()
    done = sum(1 for o in outcomes if o.done)
    return f"{done} of {plural(len(outcomes), 'queued checklist')} timestamped"


def start(settings: Settings, parent: QObject, *, today: date | None = None
          ) -> list[BackgroundCall]:
    """Start whatever the settings allow; returns the calls so the caller can join them."""
    day = today or datetime.now(UTC).date()
    jobs = []
    if settings.lifecycle_refresh and _lifecycle_is_stale(day):
        jobs.append(("lifecycle refresh", _refresh_lifecycle))
    if settings.trusted_timestamps:
        jobs.append(("queued timestamps", _timestamp_queued))
    calls: list[BackgroundCall] = []
    for name, fn in jobs:
        call = BackgroundCall(fn, parent)
        call.done.connect(lambda msg, name=name: log.info("%s: %s", name, msg))
        call.error.connect(lambda exc, name=name: log.warning("%s failed: %s", name, exc))
        call.start()
        calls.append(call)
    return calls
