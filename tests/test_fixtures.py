"""Every recorded fixture case replays to the status it states."""

from __future__ import annotations

import pytest

from readiness.model import Status
from tests.helpers import Case, fixture_cases, run_check

CASES = list(fixture_cases())


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_fixture_case(case: Case) -> None:
    result = run_check(case.check, case.snapshot(), today=case.meta.get("today"),
                       attestations=case.meta.get("attestations"))
    assert result.status is Status(case.expect), result.summary
    assert result.summary
    if result.kind.value == "machine":
        assert result.evidence, "a machine check result must carry its evidence"


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_fixture_metadata(case: Case) -> None:
    meta = case.meta
    assert meta.get("source"), "every fixture names where its data came from"
    assert isinstance(meta.get("made_up"), bool)
    if meta["made_up"]:
        assert "handmade" in case.path.name, "a made-up fixture says so in its name"
        assert meta.get("note"), "a made-up fixture says what it stands for"
    os_key = case.path.name.split("_", 1)[0]
    assert os_key in ("linux", "windows", "macos", "any"), case.path.name
