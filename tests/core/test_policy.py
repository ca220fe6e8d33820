"""Managed settings (readiness.policy) on all three systems, through replayed snapshots."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from checks import practice
from readiness import policy
from readiness.probe import snapshot
from readiness.probe.replay import ReplayHost

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "fixtures" / "policy"
CASES = sorted(p.name for p in FIXTURES.iterdir() if p.is_dir())


def _read(case: str) -> tuple[policy.PolicyReport, dict[str, Any]]:
    host = ReplayHost(snapshot.load(FIXTURES / case / "snapshot.json"), origin=case)
    meta = json.loads((FIXTURES / case / "fixture.json").read_text(encoding="utf-8"))
    return policy.read(host), meta


@pytest.mark.parametrize("case", CASES)
def test_policy_fixture(case: str) -> None:
    report, meta = _read(case)
    got = {attr: getattr(report.policy, attr) for attr in report.policy.managed}
    expected = {k: tuple(v) if isinstance(v, list) else v for k, v in meta["expect"].items()}
    assert got == expected
    assert len(report.problems) == meta["problems"], report.problems
    assert meta["made_up"] is True and "handmade" in case and meta["note"]
    if report.problems:
        # One plain paragraph, naming where the policy is; never a traceback.
        assert report.summary.startswith("Some of your organisation's settings (")
        assert "\n" not in report.summary and "Traceback" not in report.summary


def test_every_system_has_a_full_case() -> None:
    for system in ("linux", "windows", "macos"):
        report, _ = _read(f"{system}_handmade_full")
        assert set(report.policy.managed) == set(policy.NAMES.values())


def test_problems_name_each_setting_plainly() -> None:
    report, _ = _read("linux_handmade_invalid_fields")
    text = " ".join(report.problems)
    for name in ("ReminderDays must be a whole number of days from 0 to 365",
                 "TrustedTimestamps", "ChecklistFolder is not an absolute path",
                 "TimestampAuthorities", "PracticeNotApplicable",
                 "'Colour' is not a Readiness setting"):
        assert name in text
    assert "[0, 1, 2" not in text  # the schema's list of days is never quoted


def test_schema_names_and_practice_ids_match_the_code() -> None:
    props = policy.schema()["properties"]
    assert list(props) == list(policy.NAMES)
    assert props["PracticeNotApplicable"]["items"]["enum"] == [c.id for c in practice.CHECKS]
    assert props["ReminderDays"]["enum"] == list(range(366))


def test_the_full_schema_validator_agrees(tmp_path: Path) -> None:
    jsonschema = pytest.importorskip("jsonschema")
    example = json.loads((ROOT / "packaging" / "policy" / "policy.example.json").read_text())
    jsonschema.Draft202012Validator.check_schema(policy.schema())
    jsonschema.validate(example, policy.schema())
    assert not policy.from_dict(example, "example").problems


@pytest.mark.parametrize("data", [
    None, [], "text", 3, {"ReminderDays": True}, {"ReminderDays": 3.5},
    {"TrustedKeyCards": []}, {"TrustedKeyCards": ["relative.pdf"]},
    {"TimestampAuthorities": ["https://a.example"] * 2}, {"VideoPlatform": "a\nb"},
    {1: 2}, {"PayloadUUID": "x", "ReminderDays": 7},
])
def test_hostile_values_are_reported_never_raised(data: Any) -> None:
    report = policy.from_dict(data, "a test")
    for problem in report.problems:
        assert "\n" not in problem
    if isinstance(data, dict) and "PayloadUUID" in data:
        assert report.policy.reminder_days == 7 and not report.problems


def test_windows_paths_checked_as_windows_paths() -> None:
    ok = policy.from_dict({"ChecklistFolder": "D:\\Checklists"}, "r", windows=True)
    assert ok.policy.checklist_folder == "D:\\Checklists" and not ok.problems
    posix = policy.from_dict({"ChecklistFolder": "D:\\Checklists"}, "f")
    assert posix.policy.checklist_folder is None and posix.problems


class _BrokenHost:
    @property
    def platform(self) -> Any:
        raise RuntimeError("no platform here")


def test_a_host_that_fails_is_a_reported_problem() -> None:
    report = policy.read(_BrokenHost())  # type: ignore[arg-type]
    assert not report.policy and report.problems


def test_other_systems_have_no_policy() -> None:
    snap = snapshot.parse({"format": "readiness-snapshot/1",
                           "platform": {"system": "FreeBSD", "release": "14", "version": "",
                                        "machine": "amd64"}})
    assert policy.read(ReplayHost(snap)) is policy.NO_POLICY


def test_managed_practice_answers() -> None:
    answers = policy.attestations(policy.Policy(practice_not_applicable=("ico_registration",)))
    assert answers["ico_registration"]["answer"] == "not_applicable"
    assert "organisation" in answers["ico_registration"]["reason"]
    assert policy.attestations(policy.Policy()) == {}


def test_current_can_be_replaced_and_read_again() -> None:
    mine = policy.PolicyReport(policy.Policy(reminder_days=14), "a test")
    policy.use(mine)
    try:
        assert policy.current() is mine
    finally:
        policy.use(None)
