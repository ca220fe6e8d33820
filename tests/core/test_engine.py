"""The composition root and the core's report rules: one session builds the host, catalogue
and reference data; a re-check is merged into its report by the core."""

from __future__ import annotations

import dataclasses
import json
from datetime import date
from pathlib import Path

import pytest

from readiness import engine, reference
from readiness.model import CheckResult, RunReport, merge_recheck
from readiness.probe.types import THIS_COMPUTER
from readiness.signing.statement import device_digest
from tests.helpers import make_snapshot


@pytest.fixture
def snap_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "snap"
    folder.mkdir()
    (folder / "snapshot.json").write_text(json.dumps(make_snapshot("linux")), "utf-8")
    return folder


def test_a_replayed_session_says_where_it_came_from(snap_dir: Path) -> None:
    session = engine.Session.open(replay=snap_dir, today=date(2026, 11, 21))
    assert session.source.replayed and session.source.snapshot == str(snap_dir)
    report = session.run(only=["os_supported"])
    assert report.replayed_from == str(snap_dir)
    assert report.today == "2026-11-21"
    assert report.catalogue_digest == session.catalogue.digest
    names = {r["name"]: r for r in report.reference_data}
    assert names[reference.EOL]["dated"] and names[reference.EOL]["origin"] == "bundled"
    assert names[reference.REMOTE_TOOLS]["dated"]
    doc = report.to_json()
    assert doc["today"] == "2026-11-21" and doc["reference_data"]
    assert RunReport.from_json(doc) == report


def test_this_computer_is_the_default_source() -> None:
    assert engine.make_host().source == THIS_COMPUTER
    assert not THIS_COMPUTER.replayed and THIS_COMPUTER.label == "this-computer"


def test_missing_reference_data_is_unknown_never_a_pass(snap_dir: Path) -> None:
    session = engine.Session.open(replay=snap_dir, reference=reference.ReferenceData())
    (result,) = session.run(only=["remote_access_absent"]).results
    assert result.status.value == "unknown"
    assert "not given to this run" in result.summary


def test_the_device_id_is_the_same_for_every_caller() -> None:
    first = engine.Session.open().device_id()
    assert first and first == engine.this_device_id()
    assert device_digest(first) == device_digest(engine.this_device_id())


def _result(check_id: str, status: str, at: str) -> CheckResult:
    return CheckResult.from_json({
        "check_id": check_id, "kind": "machine", "title": check_id, "status": status,
        "summary": "s", "evidence": [], "observed": {}, "remediation": [], "references": [],
        "duration_ms": 1, "checked_at": at})


def _report(at: str, *results: CheckResult, replayed: str | None = None) -> RunReport:
    return RunReport(at, "1", "c", {"system": "Linux"}, results, replayed_from=replayed,
                     catalogue_digest="0" * 64)


def test_a_recheck_replaces_one_result_and_keeps_the_others_times() -> None:
    a = _result("a", "fail", "2026-11-21T10:00:00Z")
    b = _result("b", "pass", "2026-11-21T10:00:00Z")
    fresh_a = _result("a", "pass", "2026-11-21T10:05:00Z")
    merged = merge_recheck(_report("2026-11-21T10:00:00Z", a, b),
                           _report("2026-11-21T10:05:00Z", fresh_a))
    assert merged.results == (fresh_a, b)
    assert merged.generated_at == "2026-11-21T10:05:00Z"
    assert merged.results[1].checked_at == "2026-11-21T10:00:00Z"
    assert merged.verdict.value == "ready"


@pytest.mark.parametrize("change", [
    {"replayed_from": "elsewhere"}, {"platform": {"system": "Windows"}},
    {"catalogue_digest": "1" * 64}])
def test_a_recheck_from_another_run_is_refused(change: dict[str, object]) -> None:
    a = _result("a", "fail", "2026-11-21T10:00:00Z")
    other = dataclasses.replace(_report("2026-11-21T10:05:00Z", a), **change)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="same source"):
        merge_recheck(_report("2026-11-21T10:00:00Z", a), other)


def test_a_recheck_of_an_item_not_in_the_report_is_refused() -> None:
    a = _result("a", "fail", "2026-11-21T10:00:00Z")
    with pytest.raises(ValueError, match="not in the report"):
        merge_recheck(_report("2026-11-21T10:00:00Z", a),
                      _report("2026-11-21T10:05:00Z", _result("z", "pass", "x")))
