"""The reminder rules, table-tested without a window."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from readiness.reminders import SelfAudit, days_since, self_audit, table_is_stale

NOW = datetime(2026, 11, 21, 12, 0, tzinfo=UTC)


@pytest.mark.parametrize(("iso", "days"), [
    ("2026-11-21T11:00:00Z", 0),
    ("2026-11-20T12:00:00Z", 1),
    ("2026-11-20T12:00:01Z", 0),  # not yet a whole day
    ("2026-10-22T12:00:00+00:00", 30),
    ("2026-11-14T12:00:00", 7),  # no zone: UTC
    ("2026-11-14T13:00:00+01:00", 7),
    ("yesterday", None),
    ("", None),
])
def test_days_since(iso: str, days: int | None) -> None:
    assert days_since(iso, NOW) == days


@pytest.mark.parametrize(("signed", "every", "expect"), [
    ([], 30, SelfAudit(True, None)),  # never signed: always due
    (["garbage"], 30, SelfAudit(True, None)),
    (["2026-11-01T12:00:00Z"], 30, SelfAudit(False, 20)),
    (["2026-10-22T12:00:00Z"], 30, SelfAudit(True, 30)),  # exactly N days: due
    (["2026-09-01T12:00:00Z", "2026-11-20T12:00:00Z"], 30, SelfAudit(False, 1)),  # newest counts
    (["2026-09-01T12:00:00Z", "garbage"], 7, SelfAudit(True, 81)),
    (["2026-09-01T12:00:00Z"], 0, None),  # reminders off
    ([], -1, None),
])
def test_self_audit(signed: list[str], every: int, expect: SelfAudit | None) -> None:
    assert self_audit(signed, every, NOW) == expect


@pytest.mark.parametrize(("fetched", "stale"), [
    ("2026-11-21", False),
    ("2026-11-15", False),
    ("2026-11-14", True),  # seven days old: refresh
    ("2025-01-01", True),
    (None, True),  # no usable table
    ("", True),
    ("2026-13-45", True),
    ("2026-12-01", False),  # from the future (a clock set back): not refreshed daily
])
def test_table_is_stale(fetched: str | None, stale: bool) -> None:
    assert table_is_stale(fetched, date(2026, 11, 21)) is stale
