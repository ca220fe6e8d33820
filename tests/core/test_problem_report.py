"""'This result is wrong' (issue 13, item 7): a zip with the redacted snapshot of one check,
its result replayed from that snapshot and the practitioner's note; nothing is sent."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest

from readiness.cli.main import main
from readiness.problem_report import ProblemReportError, build, save
from tests.helpers import fixture_cases

CASE = next(c for c in fixture_cases() if c.check == "firewall_on" and c.expect == "pass"
            and c.path.name.startswith("linux_"))


def test_zip_holds_the_redacted_snapshot_result_and_note(tmp_path: Path) -> None:
    report = build("firewall_on", "It says off but my firewall is on", replay=CASE.path)
    out = tmp_path / "problem.zip"
    save(report, out)
    with zipfile.ZipFile(out) as z:
        assert sorted(z.namelist()) == ["README.txt", "description.txt", "result.json",
                                        "snapshot.json"]
        result = json.loads(z.read("result.json"))
        assert result["check_id"] == "firewall_on" and result["status"] == "pass"
        snap = json.loads(z.read("snapshot.json"))
        assert snap["format"].startswith("readiness-snapshot/")
        assert "It says off" in z.read("description.txt").decode()
    with pytest.raises(ProblemReportError, match="already exists"):
        save(report, out)  # an earlier report is never overwritten


def test_identifiers_are_redacted(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from readiness.probe import recording

    data = json.loads((CASE.path / "snapshot.json").read_text(encoding="utf-8"))
    marker = "practice-laptop-of-alex"
    data["commands"][0]["stdout"] += f"\n# {marker}\n"
    (tmp_path / "snap").mkdir()
    (tmp_path / "snap" / "snapshot.json").write_text(json.dumps(data), encoding="utf-8")
    monkeypatch.setattr(recording, "default_identifiers", lambda: {marker})
    report = build("firewall_on", "wrong result", replay=tmp_path / "snap")
    assert marker not in report.snapshot_text()
    assert marker not in json.dumps(report.result.to_json())


@pytest.mark.parametrize(("check", "text", "why"), [
    ("headphones", "x", "question you answer"),
    ("no_such_check", "x", "no check called"),
    ("firewall_on", "call the client on 07700 900123", "phone number"),
])
def test_refusals(check: str, text: str, why: str) -> None:
    with pytest.raises(ProblemReportError, match=why):
        build(check, text, replay=CASE.path)


def test_cli(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "r.zip"
    assert main(["report-problem", "--check", "firewall_on", "--out", str(out),
                 "--description", "wrong", "--replay", str(CASE.path)]) == 0
    assert out.is_file() and "Nothing was sent" in capsys.readouterr().out
    assert main(["report-problem", "--check", "firewall_on", "--out", str(tmp_path / "r.txt"),
                 "--description", "wrong", "--replay", str(CASE.path)]) == 2
    assert ".zip" in capsys.readouterr().err


def test_zip_members_are_stamped_in_utc(monkeypatch: pytest.MonkeyPatch) -> None:
    import io
    import time
    from datetime import UTC, datetime

    if not hasattr(time, "tzset"):
        pytest.skip("no tzset here")
    monkeypatch.setenv("TZ", "Pacific/Auckland")  # far from UTC: local time would show
    time.tzset()
    try:
        before = datetime.now(UTC).replace(microsecond=0, tzinfo=None)
        data = build("firewall_on", "wrong", replay=CASE.path).to_zip()
        after = datetime.now(UTC).replace(tzinfo=None)
    finally:
        monkeypatch.delenv("TZ")
        time.tzset()
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        for info in z.infolist():
            stamp = datetime(*info.date_time)
            assert before.replace(second=before.second // 2 * 2) <= stamp <= after, info


def test_save_never_replaces_a_file_that_appears_meanwhile(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from readiness import problem_report

    out = tmp_path / "r.zip"
    out.write_bytes(b"an earlier report")
    # The file appears after the early check: the write itself must refuse.
    with pytest.raises(FileExistsError):
        problem_report.write_new(out, b"new")
    assert out.read_bytes() == b"an earlier report"
    assert [p.name for p in tmp_path.iterdir()] == ["r.zip"]  # no temporary left behind


def test_save_without_hard_links_still_refuses_to_replace(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import os

    from readiness import problem_report

    def no_links(src: str, dst: str) -> None:
        raise PermissionError(1, "Operation not permitted")  # FAT, exFAT, some shares

    monkeypatch.setattr(os, "link", no_links)
    out = tmp_path / "r.zip"
    problem_report.write_new(out, b"first")
    assert out.read_bytes() == b"first"
    with pytest.raises(FileExistsError):
        problem_report.write_new(out, b"second")
    assert out.read_bytes() == b"first" and len(list(tmp_path.iterdir())) == 1
    report = build("firewall_on", "wrong", replay=CASE.path)
    with pytest.raises(ProblemReportError, match="already exists"):
        save(report, out)
