"""Managed settings over the practitioner's own: effective values, saving, the session's
practice answers and the organisation's key cards."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from readiness import policy
from readiness import settings as settings_mod
from readiness.engine import Session
from readiness.probe import snapshot
from readiness.probe.replay import ReplayHost
from readiness.settings import Settings, apply_policy

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "policy"


def test_policy_values_win_and_are_marked_managed() -> None:
    mine = Settings(output_folder="/home/me/Mine", reminder_days=7, trusted_timestamps=False)
    pol = policy.Policy(reminder_days=30, trusted_timestamps=True,
                        timestamp_authorities=("https://tsa.example",), video_platform="Zoom")
    eff = apply_policy(mine, pol)
    assert (eff.reminder_days, eff.trusted_timestamps) == (30, True)
    assert eff.timestamp_authorities == ("https://tsa.example",) and eff.video_platform == "Zoom"
    assert eff.output_folder == "/home/me/Mine" and not eff.is_managed("output_folder")
    assert eff.is_managed("reminder_days") and eff.is_managed("trusted_timestamps")


def test_the_saved_file_keeps_the_practitioners_own_values(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    mine = Settings(output_folder="/o", reminder_days=7)
    eff = apply_policy(mine, policy.Policy(reminder_days=90, video_platform="Teams"))
    # The user changes what they may change, and tries a managed one (the history page's
    # reminder control, say): the organisation's value stays in force, the file keeps theirs.
    changed = eff.with_changes(output_folder="/p", reminder_days=14)
    assert changed.reminder_days == 90 and changed.output_folder == "/p"
    settings_mod.save(changed, path)
    saved = json.loads(path.read_text())
    assert saved["reminder_days"] == 14 and saved["output_folder"] == "/p"
    assert set(saved) == set(Settings().to_json())  # no policy-only field is ever written
    assert settings_mod.load(path) == Settings(output_folder="/p", reminder_days=14)


def test_a_setting_no_longer_managed_returns_to_the_practitioners_choice() -> None:
    eff = apply_policy(Settings(reminder_days=7), policy.Policy(reminder_days=90))
    again = apply_policy(eff, policy.Policy())
    assert again.reminder_days == 7 and not again.managed


def test_managed_folder_is_expanded_per_practitioner(monkeypatch: pytest.MonkeyPatch,
                                                      tmp_path: Path) -> None:
    monkeypatch.setenv("HOME", str(tmp_path))
    eff = apply_policy(Settings(), policy.Policy(checklist_folder="~/Documents/Readiness"))
    assert eff.output_folder == str(tmp_path / "Documents" / "Readiness")
    assert eff.is_managed("output_folder")
    assert eff.to_json()["output_folder"] == ""


@pytest.mark.parametrize("system", ["linux", "windows", "macos"])
def test_a_replayed_session_answers_managed_practice_questions(system: str) -> None:
    snap = snapshot.load(FIXTURES / f"{system}_handmade_full" / "snapshot.json")
    from readiness import catalogue as catalogue_mod
    from readiness import reference as reference_mod

    session = Session(ReplayHost(snap, origin=system), catalogue_mod.load(),
                      reference_mod.load())
    mine = {"ico_registration": {"answer": "no"}, "private_space": {"answer": "yes"}}
    report = session.run(only=["ico_registration", "insurance_online", "private_space"],
                         attestations=mine)
    by_id = {r.check_id: r for r in report.results}
    for qid in ("ico_registration", "insurance_online"):
        assert by_id[qid].status.value == "not_applicable"
        assert "organisation" in by_id[qid].summary
    assert by_id["private_space"].status.value == "pass"
    assert mine["ico_registration"] == {"answer": "no"}  # the caller's answers untouched


def test_a_session_without_a_policy_runs_as_before() -> None:
    snap = snapshot.load(FIXTURES / "linux_handmade_no_policy" / "snapshot.json")
    from readiness import catalogue as catalogue_mod
    from readiness import reference as reference_mod

    session = Session(ReplayHost(snap), catalogue_mod.load(), reference_mod.load())
    (result,) = session.run(only=["ico_registration"]).results
    assert result.status.value == "unknown"  # not answered yet: never a pass
    assert session.policy is policy.NO_POLICY


def test_the_organisations_timestamp_authorities_are_asked_first() -> None:
    from readiness.signing import tsa

    assert tsa.default_urls() == tsa.DEFAULT_TSA_URLS or policy.current().policy
    policy.use(policy.PolicyReport(policy.Policy(
        timestamp_authorities=("https://tsa.example.org/rfc3161",)), "a test"))
    try:
        assert tsa.default_urls() == ("https://tsa.example.org/rfc3161",)
    finally:
        policy.use(None)


def test_the_cli_signs_into_the_managed_folder(tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    from readiness.cli import sign_cmd

    monkeypatch.setenv("READINESS_HOME", str(tmp_path))
    settings_mod.save(Settings(output_folder=str(tmp_path / "mine")))
    policy.use(policy.PolicyReport(policy.Policy(checklist_folder=str(tmp_path / "org")), "t"))
    try:
        assert sign_cmd.default_out_dir() == tmp_path / "org"
    finally:
        policy.use(None)
    assert sign_cmd.default_out_dir() == tmp_path / "mine"
