"""What needs a clinical lead's attention in a folder summary, defined once
(readiness.signing.summary.needs_attention) and used by the order of rows, the command line's
exit code, the one-page PDF and the Summary view: overdue, not ready, a gap in the series, a
checklist dated ahead, and results replayed from a snapshot (said in every output)."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from pathlib import Path

import pytest

from readiness.cli.main import main
from readiness.signing import summary as summary_mod
from readiness.signing import summary_verify
from readiness.signing.pubkey import short_fingerprint
from readiness.signing.summary import Found, Row, Summary, needs_attention, summarise
from readiness.signing.summary_export import to_csv, to_pdf
from readiness.signing.verify_result import Verification

TODAY = dt.date(2026, 11, 25)
FINE = dict(identity="x", name="Sam Lee", registration="", checklists=1,
            latest_at="2026-11-20T10:00:00Z", verdict="ready", days_since=5,
            chain_complete=True, failing=(), overdue=False)


def _row(**changes: object) -> Row:
    return Row(**{**FINE, **changes})  # type: ignore[arg-type]


def _pdf_text(pdf: bytes) -> str:
    from pypdf import PdfReader

    return "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(pdf)).pages)


def test_needs_attention_is_every_case_and_only_them() -> None:
    assert not needs_attention(_row())
    assert not needs_attention(_row(verdict="ready_with_cautions"))
    for changed in (dict(overdue=True), dict(verdict="not_ready"), dict(verdict="odd"),
                    dict(chain_complete=False), dict(dated_ahead=True),
                    dict(replayed=True, replayed_checklists=1),
                    dict(replayed_checklists=1)):
        assert needs_attention(_row(**changed)), changed


def _checked(tmp_path: Path, name: str, sequence: int, *, replayed: bool = False,
             verdict: str = "ready", fp: str = "") -> Verification:
    fp = fp or "SHA256:" + name.replace(" ", "")
    return Verification(path=tmp_path / name / f"{sequence}.readiness.json", ok=True,
                        kind="bundle", signer_name=name, fingerprint=fp, identity=fp,
                        verdict=verdict, sequence=sequence,
                        statement_sha256=f"{fp}-{sequence}",
                        generated_at=f"2026-11-{10 + sequence}T10:00:00Z", replayed=replayed)


def _summarise(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
               files: list[Verification]) -> Summary:
    monkeypatch.setattr(summary_verify, "verify_all", lambda *_a, **_k: files)
    monkeypatch.setattr(summary_mod, "describe_chains", lambda got: got)
    return summarise(tmp_path, interval_days=30, today=TODAY, found=Found([]))


def test_replayed_latest_and_earlier_are_carried_and_sorted_first(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    files = [_checked(tmp_path, f"Aaron {i:02d}", 1) for i in range(40)]
    files += [_checked(tmp_path, "Yan Latest", 1), _checked(tmp_path, "Yan Latest", 2,
                                                            replayed=True),
              _checked(tmp_path, "Zed Earlier", 1, replayed=True),
              _checked(tmp_path, "Zed Earlier", 2)]
    s = _summarise(tmp_path, monkeypatch, files)
    first = {r.name: r for r in s.rows[:2]}
    assert set(first) == {"Yan Latest", "Zed Earlier"}, [r.name for r in s.rows[:3]]
    assert first["Yan Latest"].replayed and first["Yan Latest"].replayed_checklists == 1
    assert not first["Zed Earlier"].replayed and first["Zed Earlier"].replayed_checklists == 1
    assert not any(needs_attention(r) for r in s.rows[2:])
    text = _pdf_text(to_pdf(s))
    assert "Yan Latest" in text and "Zed Earlier" in text and "eplayed" in text
    rows = list(csv.reader(io.StringIO(to_csv(s))))
    assert "Replayed" in rows[0]
    said = {r[0]: r[rows[0].index("Replayed")] for r in rows[1:] if r}
    assert said["Yan Latest"].startswith("Latest checklist replayed")
    assert said["Zed Earlier"].startswith("1 earlier checklist replayed")
    assert said["Aaron 00"] == "no"


def test_the_pdf_says_how_many_left_off_need_attention(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    files = [_checked(tmp_path, f"Nat {i:02d}", 1, verdict="not_ready") for i in range(60)]
    s = _summarise(tmp_path, monkeypatch, files)
    text = " ".join(_pdf_text(to_pdf(s)).split())
    assert "all of whom need attention" in text or "of whom need attention" in text, text
    assert "run with --csv" not in text  # not the command line's words by default
    only_pdf = " ".join(_pdf_text(to_pdf(s, more_where="run with --csv FILE to list them "
                                         "all")).split())
    assert "run with --csv FILE to list them all" in only_pdf
    assert "CSV export" not in only_pdf, "no CSV was written"


def test_two_practitioners_with_one_name_are_told_apart(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    one, two = "SHA256:" + "A" * 43, "SHA256:" + "B" * 43
    files = [_checked(tmp_path, "Jo Smith", 1, fp=one), _checked(tmp_path, "Jo Smith", 1, fp=two),
             _checked(tmp_path, "Ann Bo", 1, fp="SHA256:" + "C" * 43)]
    s = _summarise(tmp_path, monkeypatch, files)
    assert {r.short_fingerprint for r in s.rows} == {
        short_fingerprint(one), short_fingerprint(two), short_fingerprint("SHA256:" + "C" * 43)}
    rows = list(csv.reader(io.StringIO(to_csv(s))))
    column = rows[0].index("Key fingerprint")
    assert {r[column] for r in rows[1:] if r} == {r.short_fingerprint for r in s.rows}
    text = " ".join(_pdf_text(to_pdf(s)).split())
    assert short_fingerprint(one)[:9] in text and short_fingerprint(two)[:9] in text
    assert short_fingerprint("SHA256:" + "C" * 43)[:9] not in text, "only where names repeat"


def test_cli_json_table_and_exit_code(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                      capsys: pytest.CaptureFixture[str]) -> None:
    one, two = "SHA256:" + "A" * 43, "SHA256:" + "B" * 43
    files = [_checked(tmp_path, "Jo Smith", 1, fp=one, replayed=True),
             _checked(tmp_path, "Jo Smith", 1, fp=two)]
    monkeypatch.setattr(summary_verify, "verify_all", lambda *_a, **_k: files)
    monkeypatch.setattr(summary_mod, "describe_chains", lambda got: got)
    root = tmp_path / "tree"
    root.mkdir()
    (root / "notes.txt").write_text("x", encoding="utf-8")
    assert main(["verify", str(root), "--summary", "--json"]) == 1
    got = json.loads(capsys.readouterr().out)
    assert got["not_looked_at"] == 1 and got["same_checklist_copies"] == 0
    by_fp = {r["short_fingerprint"]: r for r in got["rows"]}
    assert by_fp[short_fingerprint(one)]["replayed"] is True
    assert by_fp[short_fingerprint(one)]["needs_attention"] is True
    assert by_fp[short_fingerprint(two)]["replayed"] is False
    assert main(["verify", str(root), "--summary"]) == 1
    table = capsys.readouterr().out
    assert short_fingerprint(one) in table and short_fingerprint(two) in table
    assert "REPLAYED" in table
    out_pdf = tmp_path / "s.pdf"
    assert main(["verify", str(root), "--summary", "--pdf", str(out_pdf)]) == 1
    capsys.readouterr()
    # Only one practitioner each way: nothing is left off, so no pointer to a CSV at all.
    assert "CSV export" not in _pdf_text(out_pdf.read_bytes())


def test_cli_help_says_the_exit_codes(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["verify", "--help"])
    text = " ".join(capsys.readouterr().out.split())
    assert "exit code" in text.lower() and "needs attention" in text


def test_a_pdf_without_a_csv_does_not_point_to_one(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    files = [_checked(tmp_path, f"Nat {i:02d}", 1) for i in range(60)]
    monkeypatch.setattr(summary_verify, "verify_all", lambda *_a, **_k: files)
    monkeypatch.setattr(summary_mod, "describe_chains", lambda got: got)
    root = tmp_path / "tree"
    root.mkdir()
    out_pdf, out_csv = tmp_path / "s.pdf", tmp_path / "s.csv"
    # A long interval: none overdue, so the exit code does not age with the calendar.
    assert main(["verify", str(root), "--summary", "--interval", "3650", "--pdf",
                 str(out_pdf)]) == 0
    alone = " ".join(_pdf_text(out_pdf.read_bytes()).split())
    assert "run with --csv FILE to list them all" in alone and "CSV export" not in alone
    assert main(["verify", str(root), "--summary", "--interval", "3650", "--pdf",
                 str(out_pdf), "--csv", str(out_csv)]) == 0
    capsys.readouterr()
    assert "listed in the CSV export" in " ".join(_pdf_text(out_pdf.read_bytes()).split())
