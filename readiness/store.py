"""The history of signed checklists: one SQLite database (WAL) under the data directory.

It records each signed checklist (never client data) and is the source of the hash chain: the
next report's sequence number and the SHA-256 of the previous statement come from here. It also
keeps a copy of each bundle, so a queued trusted timestamp can be added later even if the
practitioner moved the files.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from readiness.paths import data_dir

SCHEMA_VERSION = 1

_SCHEMA = """
CREATE TABLE IF NOT EXISTS reports (
    report_id TEXT PRIMARY KEY,
    sequence INTEGER NOT NULL UNIQUE,
    generated_at TEXT NOT NULL,
    signed_at TEXT NOT NULL,
    verdict TEXT NOT NULL,
    statement_sha256 TEXT NOT NULL,
    fingerprint TEXT NOT NULL,
    timestamped INTEGER NOT NULL DEFAULT 0,
    timestamp_queued INTEGER NOT NULL DEFAULT 0,
    pdf_path TEXT NOT NULL,
    bundle_path TEXT NOT NULL,
    bundle_json TEXT NOT NULL
);
"""


class HistoryError(Exception):
    """The history database cannot be opened or is damaged."""


@dataclass(frozen=True)
class HistoryEntry:
    report_id: str
    sequence: int
    generated_at: str
    verdict: str
    timestamped: bool
    pdf_path: str
    bundle_path: str
    signed_at: str = ""
    statement_sha256: str = ""
    fingerprint: str = ""
    timestamp_queued: bool = False


def history_path() -> Path:
    return data_dir() / "history.sqlite3"


_COLUMNS = (
    "report_id, sequence, generated_at, verdict, timestamped, pdf_path, bundle_path, "
    "signed_at, statement_sha256, fingerprint, timestamp_queued"
)


def _entry(row: tuple[object, ...]) -> HistoryEntry:
    return HistoryEntry(
        report_id=str(row[0]),
        sequence=int(str(row[1])),
        generated_at=str(row[2]),
        verdict=str(row[3]),
        timestamped=bool(row[4]),
        pdf_path=str(row[5]),
        bundle_path=str(row[6]),
        signed_at=str(row[7]),
        statement_sha256=str(row[8]),
        fingerprint=str(row[9]),
        timestamp_queued=bool(row[10]),
    )


class History:
    """Open per use; cheap. Each method is its own transaction unless inside ``writing()``."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = path or history_path()
        self.path.parent.mkdir(parents=True, exist_ok=True)
        try:
            self._db = sqlite3.connect(self.path, timeout=30, isolation_level=None)
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("PRAGMA synchronous=FULL")
            self._db.executescript(_SCHEMA)
            self._db.execute(f"PRAGMA user_version={SCHEMA_VERSION}")
        except sqlite3.DatabaseError as exc:
            raise HistoryError(
                f"the history database at {self.path} cannot be opened ({exc}); "
                "it has been left as it is"
            ) from None

    def close(self) -> None:
        self._db.close()

    def __enter__(self) -> History:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def writing(self) -> Iterator[History]:
        """One exclusive write transaction: reserve a sequence number, sign, record."""
        self._db.execute("BEGIN IMMEDIATE")
        try:
            yield self
        except BaseException:
            self._db.execute("ROLLBACK")
            raise
        else:
            self._db.execute("COMMIT")

    def entries(self) -> list[HistoryEntry]:
        rows = self._db.execute(
            f"SELECT {_COLUMNS} FROM reports ORDER BY sequence"  # noqa: S608 - constant columns
        ).fetchall()
        return [_entry(r) for r in rows]

    def last(self) -> HistoryEntry | None:
        row = self._db.execute(
            f"SELECT {_COLUMNS} FROM reports ORDER BY sequence DESC LIMIT 1"  # noqa: S608
        ).fetchone()
        return _entry(row) if row else None

    def next_link(self) -> tuple[int, str | None]:
        """(sequence for the next report, SHA-256 of the previous statement or None)."""
        last = self.last()
        if last is None:
            return 1, None
        return last.sequence + 1, last.statement_sha256

    def add(self, entry: HistoryEntry, bundle_json: str) -> None:
        self._db.execute(
            "INSERT INTO reports (report_id, sequence, generated_at, signed_at, verdict, "
            "statement_sha256, fingerprint, timestamped, timestamp_queued, pdf_path, "
            "bundle_path, bundle_json) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
            (entry.report_id, entry.sequence, entry.generated_at, entry.signed_at,
             entry.verdict, entry.statement_sha256, entry.fingerprint, int(entry.timestamped),
             int(entry.timestamp_queued), entry.pdf_path, entry.bundle_path, bundle_json),
        )

    def bundle_json(self, report_id: str) -> str | None:
        row = self._db.execute(
            "SELECT bundle_json FROM reports WHERE report_id = ?", (report_id,)
        ).fetchone()
        return str(row[0]) if row else None

    def queued(self) -> list[HistoryEntry]:
        rows = self._db.execute(
            f"SELECT {_COLUMNS} FROM reports WHERE timestamp_queued = 1 "  # noqa: S608
            "ORDER BY sequence"
        ).fetchall()
        return [_entry(r) for r in rows]

    def mark_timestamped(self, report_id: str, bundle_json: str) -> None:
        self._db.execute(
            "UPDATE reports SET timestamped = 1, timestamp_queued = 0, bundle_json = ? "
            "WHERE report_id = ?",
            (bundle_json, report_id),
        )
