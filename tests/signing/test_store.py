"""The history store: SQLite in WAL mode under the data folder, driving the hash chain."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from readiness.store import History, HistoryEntry, HistoryError, history_path


def _entry(seq: int, sha: str) -> HistoryEntry:
    return HistoryEntry(report_id=f"r{seq}", sequence=seq, generated_at="2026-11-21T15:00:00Z",
                        verdict="ready", timestamped=False, pdf_path=f"/x/{seq}.pdf",
                        bundle_path=f"/x/{seq}.json", signed_at="2026-11-21T15:00:01Z",
                        statement_sha256=sha, fingerprint="SHA256:x", timestamp_queued=seq == 2)


def test_chain_links_and_wal(readiness_home: Path) -> None:
    with History() as h:
        assert h.next_link() == (1, None)
        with h.writing():
            h.add(_entry(1, "a" * 64), "{}")
        with h.writing():
            h.add(_entry(2, "b" * 64), '{"x":1}')
        assert h.next_link() == (3, "b" * 64)
        assert [e.sequence for e in h.entries()] == [1, 2]
        assert [e.report_id for e in h.queued()] == ["r2"]
        h.mark_timestamped("r2", '{"x":2}')
        assert h.queued() == [] and h.bundle_json("r2") == '{"x":2}'
    assert history_path().is_relative_to(readiness_home)
    with sqlite3.connect(history_path()) as db:
        assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_failed_write_rolls_back(readiness_home: Path) -> None:
    with History() as h:
        with pytest.raises(RuntimeError), h.writing():
            h.add(_entry(1, "a" * 64), "{}")
            raise RuntimeError("signing failed half way")
        assert h.entries() == []
        with h.writing():
            h.add(_entry(1, "a" * 64), "{}")
        with pytest.raises(HistoryError, match="UNIQUE"), h.writing():
            h.add(_entry(1, "c" * 64), "{}")  # a sequence number is never reused
        assert len(h.entries()) == 1


def test_damaged_database_is_a_clear_error(readiness_home: Path) -> None:
    path = history_path()
    path.parent.mkdir(parents=True)
    path.write_bytes(b"this is not a database" * 100)
    with pytest.raises(HistoryError, match="left as it is"):
        History()
    assert path.read_bytes().startswith(b"this is not a database")
