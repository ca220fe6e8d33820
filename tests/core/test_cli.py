"""The command line: output forms, exit codes, and clear errors on bad input."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import jsonschema
import pytest

from readiness import __version__, profile
from readiness.cli.main import main
from readiness.paths import assets_dir
from tests.helpers import cmd, make_snapshot

RESULTS_SCHEMA = json.loads((assets_dir() / "schemas" / "results.schema.json").read_text())


def write_snapshot(directory: Path, data: dict) -> Path:  # type: ignore[type-arg]
    directory.mkdir(parents=True, exist_ok=True)
    (directory / "snapshot.json").write_text(json.dumps(data))
    return directory


UFW_ON = make_snapshot(
    # ufw protects only when it also refuses incoming connections by default.
    files={"/etc/ufw/ufw.conf": "ENABLED=yes\nLOGLEVEL=low\n",
           "/etc/default/ufw": 'DEFAULT_INPUT_POLICY="DROP"\n'},
    commands=[cmd(["systemctl", "is-active", "ufw.service"], "active\n")],
)
NOTHING_ON = make_snapshot(
    files={"/etc/ufw/ufw.conf": "ENABLED=no\n"},
    commands=[
        cmd(["systemctl", "is-active", "ufw.service"], "inactive\n", 3),
        cmd(["systemctl", "is-active", "firewalld.service"], "inactive\n", 3),
        cmd(["systemctl", "is-active", "nftables.service"], "inactive\n", 3),
    ],
)


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        main(["--version"])
    assert exc.value.code == 0
    assert __version__ in capsys.readouterr().out


def test_check_json_validates_against_published_schema(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    snap = write_snapshot(tmp_path / "s", UFW_ON)
    # An unrecorded backup channel fails (GPiA 047 §3); record one so nothing fails here.
    profile.save_attestation("backup_channel", {
        "channel": "phone", "description": "work mobile", "clients_told": True,
        "last_tried": date.today().isoformat()})
    assert main(["check", "--json", "--replay", str(snap)]) == 0
    doc = json.loads(capsys.readouterr().out)
    jsonschema.validate(doc, RESULTS_SCHEMA)
    assert doc["replayed_from"] == str(snap)
    fw = next(r for r in doc["results"] if r["check_id"] == "firewall_on")
    assert fw["status"] == "pass"
    assert any(e["source"] == "/etc/ufw/ufw.conf" for e in fw["evidence"])


def test_failure_exits_1_and_table_says_why(tmp_path: Path,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    snap = write_snapshot(tmp_path / "s", NOTHING_ON)
    assert main(["check", "--replay", str(snap), "--only", "firewall_on"]) == 1
    out = capsys.readouterr().out
    assert "Not ready" in out and "Fail " in out and "firewall" in out.lower()
    assert "replayed from snapshot" in out


def test_attested_items_are_labelled_in_the_table(tmp_path: Path,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    snap = write_snapshot(tmp_path / "s", UFW_ON)
    main(["check", "--replay", str(snap), "--only", "private_space"])
    assert "(attested)" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (None, "no snapshot"),
        ("{broken", "not valid JSON"),
        ('{"format": "nope"}', "unsupported snapshot format"),
    ],
)
def test_unreadable_snapshot_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                     content: str | None, message: str) -> None:
    d = tmp_path / "snap"
    d.mkdir()
    if content is not None:
        (d / "snapshot.json").write_text(content)
    assert main(["check", "--replay", str(d)]) == 2
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err


def test_unknown_check_id_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    snap = write_snapshot(tmp_path / "s", UFW_ON)
    assert main(["check", "--replay", str(snap), "--only", "nope"]) == 2
    assert "unknown check id" in capsys.readouterr().err


def test_bad_usage_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        main(["check", "--no-such-flag"])
    assert exc.value.code == 2


def test_corrupt_profile_is_a_clear_error_and_left_alone(
    tmp_path: Path, readiness_home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    profile = readiness_home / "data" / "profile.json"
    profile.parent.mkdir(parents=True)
    profile.write_text("{half a file")
    snap = write_snapshot(tmp_path / "s", UFW_ON)
    assert main(["check", "--replay", str(snap)]) == 2
    assert "damaged" in capsys.readouterr().err
    assert profile.read_text() == "{half a file"  # nothing lost


def test_catalogue_lists_sections(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["catalogue"]) == 0
    out = capsys.readouterr().out
    assert "firewall_on" in out and "§4" in out and "attested" in out
