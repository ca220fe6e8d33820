"""The summary looks at every file that is a checklist (issue 14): a PDF changed after signing
is reported even with its intact bundle beside it, copies of one checklist count once, links
never lead out of the folder or round in a loop, and a file or folder that cannot be read is
listed, never skipped in silence. Each is shown by the CLI (and its exit code), the CSV and the
one-page PDF."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import os
import shutil
import subprocess
import threading
from pathlib import Path

import pytest

from readiness.cli.main import main
from readiness.signing import checklist, keys
from readiness.signing.summary import Summary, summarise
from readiness.signing.summary_export import notes, to_csv, to_pdf
from tests.keychain import MemoryKeyring
from tests.signing.helpers import HANDMADE_CATALOGUE, handmade_report

TODAY = dt.date(2026, 11, 25)


def _sign(out: Path, failing: bool = False) -> checklist.SignedChecklist:
    return checklist.sign_report(handmade_report(failing=failing), out,
                                 catalogue=HANDMADE_CATALOGUE)


@pytest.fixture
def jane(memory_keyring: MemoryKeyring, tmp_path: Path) -> list[checklist.SignedChecklist]:
    """Two checklists by Jane (the second failing) in tree/jane, her key trusted here."""
    keys.init_key("Jane Doe", "BACP 012345")
    signed = [_sign(tmp_path / "tree" / "jane"), _sign(tmp_path / "tree" / "jane", True)]
    card = keys.export_card(tmp_path / "card")[0]
    assert main(["signers", "add", str(card), "--name", "Jane Doe"]) == 0
    return signed


def _run(root: Path) -> Summary:
    return summarise(root, interval_days=30, today=TODAY)


def _names(s: Summary) -> list[str]:
    return sorted(v.path.name for v in s.not_verified)


def _flip(path: Path) -> None:
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 1
    path.write_bytes(bytes(data))


def test_a_tampered_pdf_beside_its_intact_bundle_is_reported_everywhere(
        jane: list[checklist.SignedChecklist], tmp_path: Path,
        capsys: pytest.CaptureFixture[str]) -> None:
    root = tmp_path / "tree"
    _flip(jane[0].pdf_path)
    s = _run(root)
    assert _names(s) == [jane[0].pdf_path.name]
    assert s.rows[0].checklists == 2 and not s.rows[0].chain_complete
    # The CLI names it and fails; the CSV and the PDF list it.
    out_csv, out_pdf = tmp_path / "s.csv", tmp_path / "s.pdf"
    code = main(["verify", str(root), "--summary", "--csv", str(out_csv), "--pdf", str(out_pdf)])
    printed = capsys.readouterr().out
    assert code != 0 and jane[0].pdf_path.name in printed
    rows = list(csv.reader(io.StringIO(out_csv.read_text(encoding="utf-8-sig"))))
    assert any(jane[0].pdf_path.name in " ".join(r) for r in rows), rows
    if shutil.which("pdftotext"):
        text = subprocess.run(["pdftotext", str(out_pdf), "-"], capture_output=True,
                              text=True, timeout=60, check=True).stdout
        assert jane[0].pdf_path.name[:20] in text.replace("\n", " ")
    # --json names it with its reason too.
    assert main(["verify", str(root), "--summary", "--json"]) != 0
    listed = json.loads(capsys.readouterr().out)["not_verified"]
    assert [Path(f["path"]).name for f in listed] == [jane[0].pdf_path.name]
    assert isinstance(listed[0]["reason"], str) and listed[0]["reason"].strip()


def test_every_pdf_is_checked_and_a_pair_counts_once(
        jane: list[checklist.SignedChecklist], tmp_path: Path) -> None:
    s = _run(tmp_path / "tree")
    assert not s.not_verified and s.rows[0].checklists == 2 and s.rows[0].chain_complete
    assert s.same_checklist_copies == 2  # each PDF is the same checklist as its bundle


def test_a_pdf_carrying_another_checklist_than_its_bundle_hides_nothing(
        jane: list[checklist.SignedChecklist], tmp_path: Path) -> None:
    # The first (ready) checklist's PDF put where the second (failing) one's PDF was.
    shutil.copyfile(jane[0].pdf_path, jane[1].pdf_path)
    s = _run(tmp_path / "tree")
    row = s.rows[0]
    assert row.verdict == "not_ready" and row.checklists == 2 and row.starts_at == 1


def test_a_tampered_pdf_without_its_bundle_is_reported(
        jane: list[checklist.SignedChecklist], tmp_path: Path) -> None:
    jane[1].bundle_path.unlink()
    _flip(jane[1].pdf_path)
    s = _run(tmp_path / "tree")
    assert _names(s) == [jane[1].pdf_path.name] and not s.rows[0].chain_complete


def test_copies_in_two_folders_count_once(jane: list[checklist.SignedChecklist],
                                          tmp_path: Path) -> None:
    root = tmp_path / "tree"
    shutil.copytree(root / "jane", root / "backup")
    s = _run(root)
    assert not s.not_verified and s.rows[0].checklists == 2
    assert s.same_checklist_copies == 6


def test_a_failing_copy_is_still_listed(jane: list[checklist.SignedChecklist],
                                        tmp_path: Path) -> None:
    root = tmp_path / "tree"
    (root / "backup").mkdir()
    copy = root / "backup" / jane[0].pdf_path.name
    shutil.copyfile(jane[0].pdf_path, copy)
    _flip(copy)
    assert _names(_run(root)) == [copy.name]


def test_links_out_of_the_folder_or_round_a_loop_are_listed_not_followed(
        jane: list[checklist.SignedChecklist], tmp_path: Path) -> None:
    root = tmp_path / "tree"
    outside = tmp_path / "outside"
    _sign(outside)  # a genuine checklist of Jane's, outside the folder summarised
    target = next(outside.glob("*.readiness.json"))
    (root / "out.readiness.json").symlink_to(target)
    (root / "outdir").symlink_to(outside, target_is_directory=True)
    (root / "a.pdf").symlink_to(root / "b.pdf")
    (root / "b.pdf").symlink_to(root / "a.pdf")
    (root / "inside.readiness.json").symlink_to(jane[0].bundle_path)
    (root / "up").symlink_to(root, target_is_directory=True)
    box: list[Summary] = []
    t = threading.Thread(target=lambda: box.append(_run(root)), daemon=True)
    t.start()
    t.join(120)
    assert box, "the summary hung on a link loop"
    s = box[0]
    assert _names(s) == ["a.pdf", "b.pdf", "out.readiness.json", "outdir"]
    assert all("link" in v.problems[0] for v in s.not_verified)
    assert s.rows[0].checklists == 2, "nothing from outside; the link inside counts once"


def test_a_huge_file_is_refused_at_once(jane: list[checklist.SignedChecklist],
                                        tmp_path: Path) -> None:
    huge = tmp_path / "tree" / "huge.pdf"
    with huge.open("wb") as fh:
        fh.truncate(8 * 1024**3)  # sparse: 8 GB named as a checklist
    s = _run(tmp_path / "tree")
    assert _names(s) == ["huge.pdf"] and "MB" in s.not_verified[0].problems[0]


def test_unreadable_files_and_folders_are_listed(
        jane: list[checklist.SignedChecklist], tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    import readiness.files

    root = tmp_path / "tree"
    locked_file = jane[1].pdf_path
    locked_dir = root / "jane" / "locked"
    locked_dir.mkdir()
    (locked_dir / "x.readiness.json").write_text("{}", encoding="utf-8")
    real_read, real_scandir = readiness.files._read_regular, os.scandir

    def read(path: Path, limit: int) -> bytes:
        if Path(path) == locked_file:
            raise PermissionError(13, "Permission denied", str(path))
        return real_read(path, limit)

    def scandir(path: str = ".") -> object:
        if Path(path) == locked_dir:
            raise PermissionError(13, "Permission denied", path)
        return real_scandir(path)

    monkeypatch.setattr(readiness.files, "_read_regular", read)
    monkeypatch.setattr(os, "scandir", scandir)
    s = _run(root)
    assert _names(s) == sorted(["locked", locked_file.name])
    assert all("ermission" in v.problems[0] for v in s.not_verified)
    assert not s.rows[0].chain_complete
    assert any("locked" in line for line in notes(s))


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads files whatever their mode")
def test_a_file_without_read_permission_is_listed(
        jane: list[checklist.SignedChecklist], tmp_path: Path) -> None:
    jane[0].bundle_path.chmod(0)
    try:
        assert _names(_run(tmp_path / "tree")) == [jane[0].bundle_path.name]
    finally:
        jane[0].bundle_path.chmod(0o644)


def test_the_csv_and_pdf_list_what_did_not_verify(
        jane: list[checklist.SignedChecklist], tmp_path: Path) -> None:
    root = tmp_path / "tree"
    for i in range(30):
        (root / f"=bad{i}.readiness.json").write_text("{}", encoding="utf-8")
    s = _run(root)
    rows = list(csv.reader(io.StringIO(to_csv(s))))
    listed = [r for r in rows if any("bad" in c for c in r)]
    assert len(listed) == 30 and all(not c.startswith("=") for r in rows for c in r)
    pdf = tmp_path / "s.pdf"
    pdf.write_bytes(to_pdf(s))
    if shutil.which("pdfinfo"):
        info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True,
                              timeout=60, check=True).stdout
        assert "Pages:           1" in info


def test_the_pdf_stays_one_page_when_cells_wrap() -> None:
    from readiness.signing.summary import Row
    from readiness.signing.verify_result import failed

    rows = [Row(identity=f"x{i}", name=f"Practitioner Number {i} With A Long Name",
                registration="BACP 0123456789", checklists=12, latest_at="2026-11-21T15:00:00Z",
                verdict="not_ready", days_since=3, chain_complete=False,
                failing=("Disk encryption is on", "Screen lock after 5 minutes"), overdue=True,
                failed_nearby=2) for i in range(40)]
    root = Path("/share")
    bad = [failed(root / f"p{i:03d}" / "2026" / "2026-11-21T1500Z_0001_checklist.pdf", "pdf",
                  "the PDF has been altered since it was signed") for i in range(20)]
    for listed in (bad, []):
        pdf = to_pdf(Summary(rows, 30, listed, root=root), folder=str(root))
        if shutil.which("pdftotext"):
            text = subprocess.run(["pdftotext", "-", "-"], input=pdf, capture_output=True,
                                  timeout=60, check=True).stdout.decode()
            assert "\f" not in text.rstrip("\f"), "more than one page"
            said = " ".join(text.split())
            assert "more practitioners, all of whom need attention, are listed in the CSV " \
                "export." in said
