"""A damaged or foreign history database is a one-line error and is left exactly as it is.

Each case builds the database file by hand (handmade, not recorded), opens it the way the app
does, and checks the error, that the file's bytes did not change, and that ``readiness sign``
says so on one line with no traceback."""

from __future__ import annotations

import hashlib
import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest

from readiness.cli.main import main
from readiness.signing import keys
from readiness.store import History, HistoryEntry, HistoryError, history_path
from tests.keychain import PASSPHRASE

SNAPSHOT = Path(__file__).parent.parent / "fixtures" / "snapshots" / "firewall_on"

_OURS = """CREATE TABLE reports (report_id TEXT PRIMARY KEY, sequence INTEGER NOT NULL UNIQUE,
    generated_at TEXT NOT NULL, signed_at TEXT NOT NULL, verdict TEXT NOT NULL,
    statement_sha256 TEXT NOT NULL, fingerprint TEXT NOT NULL,
    timestamped INTEGER NOT NULL DEFAULT 0, timestamp_queued INTEGER NOT NULL DEFAULT 0,
    pdf_path TEXT NOT NULL, bundle_path TEXT NOT NULL, bundle_json TEXT NOT NULL)"""


def _entry(seq: int) -> HistoryEntry:
    return HistoryEntry(report_id=f"r{seq}", sequence=seq, generated_at="2026-11-21T15:00:00Z",
                        verdict="ready", timestamped=False, pdf_path=f"/x/{seq}.pdf",
                        bundle_path=f"/x/{seq}.json", signed_at="2026-11-21T15:00:01Z",
                        statement_sha256="a" * 64, fingerprint="SHA256:x")


def _make(*sql: str, version: int = 0) -> Path:
    path = history_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    db = sqlite3.connect(path)
    for statement in sql:
        db.execute(statement)
    db.execute(f"PRAGMA user_version={version}")
    db.commit()
    db.close()
    return path


def _corrupt_page() -> Path:
    """Our own database with many records, one page in the middle overwritten."""
    with History() as history:
        for seq in range(1, 200):
            with history.writing():
                history.add(_entry(seq), "{" + '"pad":"' + "x" * 400 + '"}')
    sqlite3.connect(history_path()).execute("PRAGMA wal_checkpoint(TRUNCATE)").close()
    path = history_path()
    data = bytearray(path.read_bytes())
    page = 4096
    assert len(data) > 8 * page
    data[3 * page : 5 * page] = b"\xa5" * (2 * page)
    path.write_bytes(bytes(data))
    return path


CASES: dict[str, tuple[Callable[[], Path], str]] = {
    "not a database": (lambda: _write(b"this is not a database" * 100), "cannot be opened"),
    "another app's database": (lambda: _make(
        "CREATE TABLE moz_places (id INTEGER PRIMARY KEY, url TEXT)",
        "INSERT INTO moz_places (url) VALUES ('https://example.org')"),
        "not a Readiness history database"),
    "a reports table with other columns": (lambda: _make(
        "CREATE TABLE reports (id INTEGER PRIMARY KEY, title TEXT, body BLOB)"),
        "not a Readiness history database"),
    "our table and another": (lambda: _make(_OURS, "CREATE TABLE extra (x)", version=1),
                              "not a Readiness history database"),
    "our columns with other types": (lambda: _make(
        _OURS.replace("sequence INTEGER", "sequence BLOB"), version=1),
        "not a Readiness history database"),
    "a newer schema version": (lambda: _make(_OURS, version=7), "newer version of Readiness"),
    "values of the wrong type": (lambda: _make(
        _OURS,
        "INSERT INTO reports VALUES ('r1', 'one', 'g', 's', 'v', 'h', 'f', 0, 0, 'p', 'b', '{}')",
        version=1), "damaged"),
    "a bundle that is not text": (lambda: _make(
        _OURS,
        "INSERT INTO reports VALUES ('r1', 1, 'g', 's', 'v', 'h', 'f', 0, 0, 'p', 'b', x'00ff')",
        version=1), "damaged"),
    "a corrupt page": (_corrupt_page, "malformed"),
}


def _write(data: bytes) -> Path:
    path = history_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _use(history: History) -> None:
    history.entries()
    history.next_link()
    history.bundle_json("r1")


@pytest.mark.parametrize("case", list(CASES))
def test_damaged_history_is_a_clear_error_and_left_as_it_is(case: str) -> None:
    make, words = CASES[case]
    path = make()
    before = _digest(path)
    with pytest.raises(HistoryError, match=words) as caught:
        with History() as history:
            _use(history)
    message = str(caught.value)
    assert "\n" not in message and str(path) in message
    assert _digest(path) == before


@pytest.mark.parametrize("case", ["another app's database", "a newer schema version",
                                  "values of the wrong type", "a corrupt page"])
def test_sign_with_a_damaged_history_says_so_on_one_line(
    case: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    cases = sorted(p for p in SNAPSHOT.iterdir() if (p / "snapshot.json").is_file())
    if not cases:
        pytest.skip("no firewall snapshot fixture")
    keys.init_key("Jane Doe", passphrase=PASSPHRASE)
    path = CASES[case][0]()
    before = _digest(path)
    pp = tmp_path / "pp.txt"
    pp.write_text(PASSPHRASE + "\n")
    out = tmp_path / "out"
    code = main(["sign", "--replay", str(cases[0]), "--out", str(out), "--passphrase-file",
                 str(pp)])
    err = capsys.readouterr().err
    assert code == 1
    assert err.startswith("readiness: error: ") and err.count("\n") == 1
    assert "Traceback" not in err and str(path) in err
    assert _digest(path) == before
    assert not out.exists() or list(out.iterdir()) == []


def test_a_new_history_is_created_with_our_schema() -> None:
    with History() as history:
        assert history.next_link() == (1, None)
    db = sqlite3.connect(history_path())
    assert db.execute("PRAGMA user_version").fetchone()[0] == 1
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    db.close()
    with History() as history:  # and opened again as ours
        assert history.entries() == []
