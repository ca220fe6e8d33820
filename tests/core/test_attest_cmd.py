"""``readiness attest``: listing, answering, validation and atomic saving."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from readiness import profile
from readiness.cli.main import main


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["attest", *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_list_shows_every_question_and_answer(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "list")
    assert code == 0
    assert "backup_channel" in out and "private_space" in out
    assert "how will your clients reach you" in out
    assert out.count("Your answer: not answered yet") >= 2
    assert "malware_protection" not in out  # machine checks are not attested


def test_answer_a_practice_item(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "private_space", "--answer", "yes")
    assert code == 0 and "Saved" in out
    saved = profile.attestations()["private_space"]
    assert saved["answer"] == "yes" and saved["answered_at"]
    code, out, _ = run(capsys, "list")
    assert "Your answer: yes" in out


def test_not_applicable_needs_a_reason(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "headphones", "--answer", "not_applicable")
    assert code == 2 and "--reason" in err
    assert "headphones" not in profile.attestations()
    code, _, _ = run(capsys, "headphones", "--answer", "not_applicable", "--reason",
                     "I work alone in a soundproofed room")
    assert code == 0
    assert profile.attestations()["headphones"]["reason"] == "I work alone in a soundproofed room"


def test_backup_channel_round_trip(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "backup_channel", "--channel", "phone", "--description",
                       "work mobile", "--clients-told", "yes", "--last-tried", "2026-11-01",
                       "--same-connection", "no")
    assert code == 0, err
    saved = profile.attestations()["backup_channel"]
    assert saved == {"channel": "phone", "description": "work mobile", "clients_told": True,
                     "last_tried": "2026-11-01", "same_connection": False,
                     "answered_at": saved["answered_at"]}
    code = main(["check", "--only", "backup_channel", "--json"])
    report = json.loads(capsys.readouterr().out)
    (result,) = report["results"]
    assert result["kind"] == "attestation"
    assert result["status"] in ("pass", "warn")  # warn once 'today' is 90 days past the date


@pytest.mark.parametrize(("args", "message"), [
    (["--channel", "phone", "--description", "call 07700 900123", "--clients-told", "yes",
      "--last-tried", "2026-11-01"], "phone number"),
    (["--channel", "email", "--description", "me@example.org", "--clients-told", "yes",
      "--last-tried", "2026-11-01"], "email address"),
    (["--channel", "phone", "--description", "work mobile", "--clients-told", "yes",
      "--last-tried", "01/11/2026"], "not a date"),
    (["--channel", "phone", "--description", "work mobile", "--clients-told", "yes",
      "--last-tried", "2999-01-01"], "in the future"),
    (["--channel", "phone", "--description", "work mobile"], "--clients-told, --last-tried"),
    (["--channel", "phone", "--description", "   ", "--clients-told", "yes",
      "--last-tried", "2026-11-01"], "empty"),
    (["--answer", "yes"], "do not apply"),
])
def test_backup_channel_bad_input(capsys: pytest.CaptureFixture[str], args: list[str],
                                  message: str) -> None:
    code, _, err = run(capsys, "backup_channel", *args)
    assert code == 2
    assert message in err
    assert "backup_channel" not in profile.attestations()


@pytest.mark.parametrize(("args", "message"), [
    (["firewall_on", "--answer", "yes"], "checked by the computer"),
    (["no_such_thing", "--answer", "yes"], "unknown question id"),
    (["private_space"], "--answer"),
    (["private_space", "--answer", "yes", "--channel", "phone"], "only apply to backup_channel"),
    (["list", "--answer", "yes"], "no other options"),
])
def test_other_bad_input(capsys: pytest.CaptureFixture[str], args: list[str],
                         message: str) -> None:
    code, _, err = run(capsys, *args)
    assert code == 2 and message in err


def test_bad_choice_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        main(["attest", "backup_channel", "--channel", "pigeon"])
    assert exc.value.code == 2


def test_damaged_profile_is_left_alone(capsys: pytest.CaptureFixture[str]) -> None:
    path = profile.profile_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("{not json", encoding="utf-8")
    code, _, err = run(capsys, "private_space", "--answer", "yes")
    assert code == 2 and "damaged" in err
    assert path.read_text(encoding="utf-8") == "{not json"


def test_save_is_atomic(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
                        ) -> None:
    run(capsys, "private_space", "--answer", "yes")
    before = profile.profile_path().read_text(encoding="utf-8")

    def boom(path: Path, text: str) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(profile, "atomic_write_text", boom)
    code, _, err = run(capsys, "headphones", "--answer", "yes")
    assert code == 2 and "disk full" in err
    assert profile.profile_path().read_text(encoding="utf-8") == before
