"""The history of signed checklists: one SQLite database (WAL) under the data directory.

It records each signed checklist (never client data) and is the source of the hash chain: the
next report's sequence number and the SHA-256 of the previous statement come from here. It also
keeps a copy of each bundle, so a queued trusted timestamp can be added later even if the
practitioner moved the files.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path

from readiness.files import describe_os_error, one_line
from readiness.paths import data_dir

SCHEMA_VERSION = 1

# (name, declared type) of each column, in order: anything else is not our database.
_COLUMN_TYPES = (
    ("report_id", "TEXT"), ("sequence", "INTEGER"), ("generated_at", "TEXT"),
    ("signed_at", "TEXT"), ("verdict", "TEXT"), ("statement_sha256", "TEXT"),
    ("fingerprint", "TEXT"), ("timestamped", "INTEGER"), ("timestamp_queued", "INTEGER"),
    ("pdf_path", "TEXT"), ("bundle_path", "TEXT"), ("bundle_json", "TEXT"),
)

_SCHEMA = """
CREATE TABLE reports (
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
    """The history database cannot be opened, read or written; the message is one line."""


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
_TEXT_AT = (0, 2, 3, 5, 6, 7, 8, 9)
_INT_AT = (1, 4, 10)


def _entry(row: Sequence[object], path: Path) -> HistoryEntry:
    # SQLite keeps whatever type was stored, whatever the column says: check before use.
    if len(row) != 11 or any(not isinstance(row[i], str) for i in _TEXT_AT) or any(
        type(row[i]) is not int for i in _INT_AT
    ):
        raise HistoryError(one_line(
            f"a record in the history database at {path} is damaged (a field has the wrong "
            "type); it has been left as it is"
        ))
    return HistoryEntry(
        report_id=str(row[0]), sequence=int(str(row[1])), generated_at=str(row[2]),
        verdict=str(row[3]), timestamped=bool(row[4]), pdf_path=str(row[5]),
        bundle_path=str(row[6]), signed_at=str(row[7]), statement_sha256=str(row[8]),
        fingerprint=str(row[9]), timestamp_queued=bool(row[10]),
    )


class History:
    """Open per use; cheap. Each method is its own transaction unless inside ``writing()``.

    Opening checks the database is ours (one ``reports`` table with our columns, a schema
    version this app knows) before writing anything to it, so another app's database, a
    damaged file or one from a newer version is reported and left exactly as it is."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = path or history_path()
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise HistoryError(one_line(
                f"cannot create the folder for the history database {self.path.parent} "
                f"({describe_os_error(exc)})"
            )) from None
        try:
            self._db = sqlite3.connect(self.path, timeout=30, isolation_level=None)
        except sqlite3.Error as exc:
            raise self._error("cannot be opened", exc) from None
        try:
            self._prepare()
        except sqlite3.Error as exc:
            self._db.close()
            raise self._error("cannot be opened", exc) from None
        except HistoryError:
            self._db.close()
            raise

    def _error(self, what: str, exc: BaseException) -> HistoryError:
        return HistoryError(one_line(
            f"the history database at {self.path} {what} ({exc}); it has been left as it is"
        ))

    def _prepare(self) -> None:
        version = self._db.execute("PRAGMA user_version").fetchone()[0]
        objects = self._db.execute("SELECT type, name FROM sqlite_master").fetchall()
        if not isinstance(version, int) or version > SCHEMA_VERSION:
            raise HistoryError(one_line(
                f"the history database at {self.path} was made by a newer version of Readiness "
                f"(schema {version}); update Readiness to use it. It has been left as it is"
            ))
        if objects or version:
            self._check_schema(objects)
        self._db.execute("PRAGMA synchronous=FULL")  # for this connection only
        if not objects:
            # WAL is a setting of the file: made once, here, never on a file we did not create.
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("BEGIN IMMEDIATE")
            try:
                if not self._db.execute("SELECT 1 FROM sqlite_master").fetchone():
                    self._db.execute(_SCHEMA.strip())
                self._db.execute(f"PRAGMA user_version={SCHEMA_VERSION}")
            except BaseException:
                with suppress(sqlite3.Error):
                    self._db.execute("ROLLBACK")
                raise
            self._db.execute("COMMIT")

    def _check_schema(self, objects: list[tuple[object, ...]]) -> None:
        ours = {("table", "reports"), ("index", "sqlite_autoindex_reports_1"),
                ("index", "sqlite_autoindex_reports_2")}
        columns = tuple(
            (str(r[1]), str(r[2]).upper())
            for r in self._db.execute("PRAGMA table_info(reports)").fetchall()
        )
        if not set(objects) <= ours or columns != _COLUMN_TYPES:
            raise HistoryError(one_line(
                f"{self.path} is not a Readiness history database (its tables are not the "
                "ones Readiness makes); it has been left as it is"
            ))

    def close(self) -> None:
        self._db.close()

    def __enter__(self) -> History:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _run(self, sql: str, params: Sequence[object] = (), *,
             what: str = "cannot be read") -> sqlite3.Cursor:
        try:
            return self._db.execute(sql, params)
        except sqlite3.Error as exc:
            raise self._error(what, exc) from None

    @contextmanager
    def writing(self) -> Iterator[History]:
        """One exclusive write transaction: reserve a sequence number, sign, record. On any
        error (including a failed commit) nothing of it is kept."""
        self._run("BEGIN IMMEDIATE", what="cannot be written")
        try:
            yield self
            self._run("COMMIT", what="cannot be written")
        except BaseException:
            with suppress(sqlite3.Error):
                self._db.execute("ROLLBACK")
            raise

    def entries(self) -> list[HistoryEntry]:
        rows = self._run(
            f"SELECT {_COLUMNS} FROM reports ORDER BY sequence"  # noqa: S608 - constant columns
        ).fetchall()
        return [_entry(r, self.path) for r in rows]

    def last(self) -> HistoryEntry | None:
        row = self._run(
            f"SELECT {_COLUMNS} FROM reports ORDER BY sequence DESC LIMIT 1"  # noqa: S608
        ).fetchone()
        return _entry(row, self.path) if row else None

    def next_link(self) -> tuple[int, str | None]:
        """(sequence for the next report, SHA-256 of the previous statement or None)."""
        last = self.last()
        if last is None:
            return 1, None
        return last.sequence + 1, last.statement_sha256

    def has_report(self, report_id: str) -> bool:
        row = self._run("SELECT 1 FROM reports WHERE report_id = ?", (report_id,)).fetchone()
        return row is not None

    def add(self, entry: HistoryEntry, bundle_json: str) -> None:
        self._run(
            "INSERT INTO reports (report_id, sequence, generated_at, signed_at, verdict, "
            "statement_sha256, fingerprint, timestamped, timestamp_queued, pdf_path, "
            "bundle_path, bundle_json) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
            (entry.report_id, entry.sequence, entry.generated_at, entry.signed_at,
             entry.verdict, entry.statement_sha256, entry.fingerprint, int(entry.timestamped),
             int(entry.timestamp_queued), entry.pdf_path, entry.bundle_path, bundle_json),
            what="cannot be written",
        )

    def bundle_json(self, report_id: str) -> str | None:
        row = self._run(
            "SELECT bundle_json FROM reports WHERE report_id = ?", (report_id,)
        ).fetchone()
        if row is None:
            return None
        if not isinstance(row[0], str):
            raise self._error("holds a damaged record", TypeError("bundle is not text"))
        return row[0]

    def queued(self) -> list[HistoryEntry]:
        rows = self._run(
            f"SELECT {_COLUMNS} FROM reports WHERE timestamp_queued = 1 "  # noqa: S608
            "ORDER BY sequence"
        ).fetchall()
        return [_entry(r, self.path) for r in rows]

    def mark_timestamped(self, report_id: str, bundle_json: str) -> None:
        self._run(
            "UPDATE reports SET timestamped = 1, timestamp_queued = 0, bundle_json = ? "
            "WHERE report_id = ?",
            (bundle_json, report_id),
            what="cannot be written",
        )
