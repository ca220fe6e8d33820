"""Every registered check, run for real on this machine: a definite status with evidence."""

from __future__ import annotations

import json

import jsonschema
import pytest

from checks.registry import ALL_CHECKS, NATIVE_PROBES
from readiness import catalogue
from readiness.model import CheckKind, Status
from readiness.paths import assets_dir
from readiness.probe.real import RealHost
from readiness.runner import Runner


@pytest.mark.realhost
def test_every_check_returns_a_definite_status_with_evidence() -> None:
    cat = catalogue.load()
    report = Runner(list(ALL_CHECKS), cat, RealHost(NATIVE_PROBES)).run()
    assert {r.check_id for r in report.results} == {c.id for c in ALL_CHECKS}
    for r in report.results:
        assert r.status in Status, r.check_id
        assert r.summary, r.check_id
        assert "internal error" not in r.summary, (r.check_id, r.summary)
        assert "time limit" not in r.summary, (r.check_id, r.summary)
        if r.kind is CheckKind.MACHINE:
            assert r.evidence, f"{r.check_id} gave no evidence"
    # The real output, not just replayed output, follows the published schema.
    schema = json.loads((assets_dir() / "schemas" / "results.schema.json").read_text())
    jsonschema.validate(report.to_json(), schema)
