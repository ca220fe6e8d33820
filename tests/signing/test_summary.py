"""A clinical lead's summary over a folder tree (issue 14): one row per trusted practitioner,
only from files that verify; CSV and a one-page PDF; no row from a stranger or a forgery."""

from __future__ import annotations

import datetime as dt
import json
import shutil
import subprocess
from pathlib import Path

import pytest

from readiness.cli.main import main
from readiness.signing import checklist, keys
from readiness.signing.summary import collect, summarise
from readiness.signing.summary_export import to_csv, to_pdf
from tests.keychain import MemoryKeyring
from tests.signing.helpers import HANDMADE_CATALOGUE, handmade_report


def _sign(out: Path, failing: bool = False) -> checklist.SignedChecklist:
    return checklist.sign_report(handmade_report(failing=failing), out,
                                 catalogue=HANDMADE_CATALOGUE)


@pytest.fixture
def tree(memory_keyring: MemoryKeyring, tmp_path: Path) -> Path:
    root = tmp_path / "supervision"
    keys.init_key("Jane Doe", "BACP 012345")
    _sign(root / "jane" / "2026")
    _sign(root / "jane" / "2026", failing=True)
    card = keys.export_card(tmp_path / "card")[0]
    assert main(["signers", "add", str(card), "--name", "Jane Doe"]) == 0
    return root


def test_one_row_per_trusted_practitioner(tree: Path) -> None:
    # The handmade report's own date, so the test does not age with the calendar.
    s = summarise(tree, interval_days=30, today=dt.date(2026, 11, 25))
    assert [r.name for r in s.rows] == ["Jane Doe"]
    row = s.rows[0]
    assert row.checklists == 2 and row.chain_complete and not row.overdue
    assert row.verdict == "not_ready" and row.failing
    assert not s.not_verified and s.same_checklist_copies == 2, "each PDF checked, counted once"
    late = summarise(tree, interval_days=30, today=dt.date(2030, 1, 1))
    assert late.rows[0].overdue and late.rows[0].days_since and late.rows[0].days_since > 30


def test_a_changed_file_makes_no_row_and_is_counted(tree: Path) -> None:
    bundle = next((tree / "jane" / "2026").glob("*.readiness.json"))
    doc = json.loads(bundle.read_text(encoding="utf-8"))
    payload = doc["dsseEnvelope"]["payload"]
    doc["dsseEnvelope"]["payload"] = payload[:40] + ("A" if payload[40] != "A" else "B") \
        + payload[41:]
    changed = tree / "elsewhere" / "changed.readiness.json"
    changed.parent.mkdir()
    changed.write_text(json.dumps(doc), encoding="utf-8")
    s = summarise(tree, interval_days=30)
    assert [r.name for r in s.rows] == ["Jane Doe"] and s.rows[0].checklists == 2
    assert [v.path for v in s.not_verified] == [changed]
    assert s.rows[0].chain_complete, "a changed file elsewhere says nothing about Jane's series"
    # The same changed file among Jane's own: her series is not called complete.
    (tree / "jane" / "2026" / "changed.readiness.json").write_text(json.dumps(doc),
                                                                  encoding="utf-8")
    s = summarise(tree, interval_days=30)
    assert not s.rows[0].chain_complete and s.rows[0].failed_nearby == 1


def test_a_stranger_makes_no_row(memory_keyring: MemoryKeyring, tmp_path: Path,
                                 monkeypatch: pytest.MonkeyPatch) -> None:
    keys.init_key("Mallory", "")
    _sign(tmp_path / "t")
    # The supervisor's own computer: Mallory's key is not among the people it trusts.
    monkeypatch.setenv("READINESS_HOME", str(tmp_path / "supervisor-home"))
    s = summarise(tmp_path / "t")
    assert s.rows == [] and len(s.not_verified) == 2  # the bundle and the PDF


def test_cli_writes_csv_and_a_one_page_pdf(tree: Path, tmp_path: Path,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    out_csv, out_pdf = tmp_path / "s.csv", tmp_path / "s.pdf"
    code = main(["verify", str(tree), "--summary", "--csv", str(out_csv), "--pdf", str(out_pdf)])
    printed = capsys.readouterr().out
    assert code == 1, "a practitioner not ready needs attention: " + printed
    assert "Jane Doe (BACP 012345): Not ready" in printed
    assert out_csv.read_text(encoding="utf-8-sig").splitlines()[0].startswith('"Practitioner",')
    assert out_pdf.read_bytes().startswith(b"%PDF")
    if shutil.which("pdfinfo"):
        info = subprocess.run(["pdfinfo", str(out_pdf)], capture_output=True, text=True,
                              timeout=60, check=True).stdout
        assert "Pages:           1" in info
    assert main(["verify", str(tree), "--csv", str(out_csv)]) == 2


def test_exports_escape_and_fit(tree: Path) -> None:
    s = summarise(tree)
    assert "Jane Doe" in to_csv(s)
    assert to_pdf(s).startswith(b"%PDF")


def test_collect_does_not_follow_links(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "x.readiness.json").write_text("{}", encoding="utf-8")
    (tmp_path / "loop").symlink_to(tmp_path, target_is_directory=True)
    found = collect(tmp_path)
    assert [f.name for f in found.files] == ["x.readiness.json"] and not found.refused
