"""Review attacks on ``readiness verify DIR --summary`` (readiness.signing.summary): can a
forged, stale or replaced file produce or alter a row (name, verdict, date, chain complete),
or hide a newer failing checklist?"""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
import shutil
import threading
from pathlib import Path

import pytest

from readiness import policy
from readiness.cli.main import main
from readiness.signing import checklist, keys
from readiness.signing.summary import summarise
from tests.keychain import MemoryKeyring
from tests.signing.helpers import HANDMADE_CATALOGUE, handmade_report

TODAY = dt.date(2026, 11, 25)


@pytest.fixture(autouse=True)
def _no_policy() -> object:
    policy.use(policy.NO_POLICY)
    yield
    policy.use(None)


def _sign(out: Path, *, failing: bool = False, generated_at: str | None = None
          ) -> checklist.SignedChecklist:
    report = handmade_report(failing=failing)
    if generated_at is not None:
        report = dataclasses.replace(report, generated_at=generated_at)
    return checklist.sign_report(report, out, catalogue=HANDMADE_CATALOGUE)


def _trust(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, who: str, name: str) -> None:
    """Export ``who``'s card and trust it (as ``name``) on the supervisor's computer."""
    monkeypatch.setenv("READINESS_HOME", str(tmp_path / who))
    card = keys.export_card(tmp_path / f"{who}-card")[0]
    monkeypatch.setenv("READINESS_HOME", str(tmp_path / "supervisor"))
    assert main(["signers", "add", str(card), "--name", name]) == 0


def _as(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, who: str, name: str) -> None:
    monkeypatch.setenv("READINESS_HOME", str(tmp_path / who))
    keys.init_key(name, "BACP 1")


def _summary(root: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
             today: dt.date = TODAY) -> object:
    monkeypatch.setenv("READINESS_HOME", str(tmp_path / "supervisor"))
    return summarise(root, interval_days=30, today=today)


def test_stale_bundle_renamed_beside_a_newer_failing_pdf(
        memory_keyring: MemoryKeyring, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = tmp_path / "tree"
    _as(tmp_path, monkeypatch, "jane", "Jane Doe")
    first = _sign(root / "jane")
    second = _sign(root / "jane", failing=True)
    _trust(tmp_path, monkeypatch, "jane", "Jane Doe")
    shutil.copyfile(first.bundle_path, second.bundle_path)  # stale bundle, newer name
    s = _summary(root, tmp_path, monkeypatch)
    rows = s.rows  # type: ignore[attr-defined]
    assert (rows and rows[0].verdict == "not_ready") or s.not_verified  # type: ignore


def test_tampered_pdf_beside_its_bundle_is_reported(
        memory_keyring: MemoryKeyring, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = tmp_path / "tree"
    _as(tmp_path, monkeypatch, "jane", "Jane Doe")
    one = _sign(root / "jane")
    _trust(tmp_path, monkeypatch, "jane", "Jane Doe")
    data = bytearray(one.pdf_path.read_bytes())
    data[len(data) // 2] ^= 1
    one.pdf_path.write_bytes(bytes(data))
    s = _summary(root, tmp_path, monkeypatch)
    assert [v.path for v in s.not_verified] == [one.pdf_path]  # type: ignore[attr-defined]
    assert not s.rows[0].chain_complete  # type: ignore[attr-defined]
    monkeypatch.setenv("READINESS_HOME", str(tmp_path / "supervisor"))
    assert main(["verify", str(root), "--summary"]) != 0


def test_future_dated_checklist_cannot_hide_a_newer_failing_one(
        memory_keyring: MemoryKeyring, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = tmp_path / "tree"
    _as(tmp_path, monkeypatch, "jane", "Jane Doe")
    _sign(root / "jane", generated_at="2036-01-01T00:00:00Z")
    _sign(root / "jane", failing=True, generated_at="2026-11-21T15:00:00Z")
    _trust(tmp_path, monkeypatch, "jane", "Jane Doe")
    s = _summary(root, tmp_path, monkeypatch)
    row = s.rows[0]  # type: ignore[attr-defined]
    assert row.verdict == "not_ready"
    assert row.days_since is None or row.days_since >= 0


def test_row_names_come_from_the_supervisors_list(
        memory_keyring: MemoryKeyring, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = tmp_path / "tree"
    _as(tmp_path, monkeypatch, "bob", "Jane Doe")  # Bob's own app calls him Jane Doe
    _sign(root / "bob")
    _trust(tmp_path, monkeypatch, "bob", "Bob Smith")
    s = _summary(root, tmp_path, monkeypatch)
    assert [r.name for r in s.rows] == ["Bob Smith"]  # type: ignore[attr-defined]


def test_strangers_files_make_no_row_and_do_not_alter_the_trusted_row(
        memory_keyring: MemoryKeyring, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = tmp_path / "tree"
    _as(tmp_path, monkeypatch, "jane", "Jane Doe")
    _sign(root / "jane", failing=True)
    _trust(tmp_path, monkeypatch, "jane", "Jane Doe")
    _as(tmp_path, monkeypatch, "mallory", "Jane Doe")
    for _ in range(3):
        _sign(root / "jane", generated_at="2026-11-24T00:00:00Z")  # newer, 'ready'
    s = _summary(root, tmp_path, monkeypatch)
    rows = s.rows  # type: ignore[attr-defined]
    assert len(rows) == 1 and rows[0].verdict == "not_ready" and rows[0].checklists == 1
    # Each of the three forgeries is listed twice: its bundle and its PDF.
    assert len(s.not_verified) == 6  # type: ignore[attr-defined]


def test_a_missing_middle_checklist_breaks_the_chain(
        memory_keyring: MemoryKeyring, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = tmp_path / "tree"
    _as(tmp_path, monkeypatch, "jane", "Jane Doe")
    _sign(root / "jane")
    middle = _sign(root / "jane", failing=True)
    _sign(root / "jane")
    _trust(tmp_path, monkeypatch, "jane", "Jane Doe")
    middle.pdf_path.unlink()
    middle.bundle_path.unlink()
    s = _summary(root, tmp_path, monkeypatch)
    assert not s.rows[0].chain_complete  # type: ignore[attr-defined]


def test_duplicate_copies_are_not_counted_twice_as_a_complete_chain(
        memory_keyring: MemoryKeyring, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = tmp_path / "tree"
    _as(tmp_path, monkeypatch, "jane", "Jane Doe")
    one = _sign(root / "jane")
    _trust(tmp_path, monkeypatch, "jane", "Jane Doe")
    (root / "copy").mkdir()
    shutil.copy(one.bundle_path, root / "copy" / one.bundle_path.name)
    s = _summary(root, tmp_path, monkeypatch)
    assert s.rows[0].checklists in (1, 2)  # type: ignore[attr-defined]


def test_fifo_and_links_do_not_hang_or_escape(
        memory_keyring: MemoryKeyring, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = tmp_path / "tree"
    _as(tmp_path, monkeypatch, "jane", "Jane Doe")
    _sign(root / "jane")
    _trust(tmp_path, monkeypatch, "jane", "Jane Doe")
    os.mkfifo(root / "pipe.readiness.json")
    (root / "zero.readiness.json").symlink_to("/dev/zero")
    (root / "loop").symlink_to(root, target_is_directory=True)
    (root / "self.pdf").symlink_to(root / "self.pdf")  # a link to itself
    box: list[object] = []
    t = threading.Thread(target=lambda: box.append(_summary(root, tmp_path, monkeypatch)),
                         daemon=True)
    t.start()
    t.join(120)
    assert box, "the summary hung on a FIFO, a device or a link loop"
    s = box[0]
    assert len(s.rows) == 1 and s.rows[0].checklists == 1  # type: ignore[attr-defined]


def test_csv_cells_cannot_start_formulas(
        memory_keyring: MemoryKeyring, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from readiness.signing.summary_export import to_csv

    root = tmp_path / "tree"
    _as(tmp_path, monkeypatch, "jane", "=HYPERLINK(\"http://x\")")
    _sign(root / "jane", failing=True)
    _trust(tmp_path, monkeypatch, "jane", "@SUM(1+1)")
    s = _summary(root, tmp_path, monkeypatch)
    import csv
    import io

    for row in csv.reader(io.StringIO(to_csv(s))):  # type: ignore[arg-type]
        for cell in row:
            assert cell[:1] not in ("=", "+", "-", "@", "\t", "\r"), row


def test_summary_csv_carriage_return_cannot_start_a_row() -> None:
    import csv
    import io

    from readiness.signing.summary import Row, Summary
    from readiness.signing.summary_export import to_csv

    row = Row(identity="SHA256:x", name="Jane\r=HYPERLINK(\"http://x\")",
              registration="BACP\r=1+1", checklists=1, latest_at="2026-11-21T15:00:00Z",
              verdict="ready", days_since=1, chain_complete=True, failing=("a\r=2+2",),
              overdue=False)
    rows = list(csv.reader(io.StringIO(to_csv(Summary([row], 30)), newline="")))
    assert len(rows) == 2, rows
