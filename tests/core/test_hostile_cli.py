"""Hostile local files through the command line: exit 2 with one line, no traceback, and the
damaged file left as it is."""

from __future__ import annotations

import errno
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from readiness import lifecycle, profile
from readiness import settings as settings_mod
from readiness.cli.main import main
from readiness.probe import snapshot
from tests.core.test_hostile_files import BIG_INT, HOSTILE_BYTES, VALID_SNAPSHOT
from tests.helpers import cmd, make_snapshot

ROOT = Path(__file__).resolve().parents[2]
POSIX = os.name == "posix"

WRONG_SNAPSHOTS: dict[str, Any] = {
    "commands-a-string": {"format": snapshot.FORMAT, "commands": "ls"},
    "argv-a-dict": {"format": snapshot.FORMAT, "commands": [{"argv": {"a": 1}}]},
    "returncode-a-bool": {"format": snapshot.FORMAT,
                          "commands": [{"argv": ["a"], "returncode": True}]},
    "stdout-a-list": {"format": snapshot.FORMAT, "commands": [{"argv": ["a"], "stdout": []}]},
    "platform-a-list": {"format": snapshot.FORMAT, "platform": ["Linux"]},
    "system-a-dict": {"format": snapshot.FORMAT, "platform": {"system": {"x": 1}}},
    "recorded_at-a-list": {"format": snapshot.FORMAT, "recorded_at": [1]},
    "registry-type-a-number": {"format": snapshot.FORMAT,
                               "registry": {"HKLM\\A\\B": {"type": 4, "value": 1}}},
    "registry-value-a-dict": {"format": snapshot.FORMAT,
                              "registry": {"HKLM\\A\\B": {"type": "REG_SZ", "value": {}}}},
    "process-name-a-list": {"format": snapshot.FORMAT, "processes": [{"name": ["x"]}]},
    "format-huge": {"format": "x" * 100_000},
}


def one_error_line(err: str) -> str:
    assert "Traceback" not in err
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("readiness: error: "), err
    return lines[0]


@pytest.mark.parametrize("kind", [*HOSTILE_BYTES, *WRONG_SNAPSHOTS])
def test_check_replay_of_a_hostile_snapshot_exits_2_with_one_line(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], kind: str) -> None:
    folder = tmp_path / "snap"
    folder.mkdir()
    content = (HOSTILE_BYTES[kind] if kind in HOSTILE_BYTES
               else json.dumps(WRONG_SNAPSHOTS[kind]).encode())
    (folder / "snapshot.json").write_bytes(content)
    assert main(["check", "--replay", str(folder)]) == 2
    line = one_error_line(capsys.readouterr().err)
    assert len(line) < 400
    assert (folder / "snapshot.json").read_bytes() == content


def test_check_replay_of_a_huge_snapshot_exits_2(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "snap"
    folder.mkdir()
    with (folder / "snapshot.json").open("wb") as fh:
        fh.truncate(60 * 1024 * 1024)
    assert main(["check", "--replay", str(folder)]) == 2
    assert "60 MB" in one_error_line(capsys.readouterr().err)


@pytest.mark.skipif(not POSIX, reason="FIFOs are POSIX")
@pytest.mark.parametrize("what", ["fifo", "symlink-to-fifo", "folder"])
def test_check_replay_of_a_snapshot_that_is_no_file_does_not_block(
        tmp_path: Path, what: str) -> None:
    folder = tmp_path / "snap"
    folder.mkdir()
    target = folder / "snapshot.json"
    if what == "fifo":
        os.mkfifo(target)
    elif what == "symlink-to-fifo":
        os.mkfifo(tmp_path / "pipe")
        target.symlink_to(tmp_path / "pipe")
    else:
        target.mkdir()
    env = {**os.environ, "READINESS_HOME": str(tmp_path / "home")}
    try:
        done = subprocess.run([sys.executable, "-m", "readiness", "check", "--replay",
                               str(folder)], capture_output=True, text=True, timeout=60,
                              cwd=ROOT, env=env)
    except subprocess.TimeoutExpired:
        pytest.fail("the run waited on the snapshot instead of refusing it")
    assert done.returncode == 2
    assert "not a regular file" in one_error_line(done.stderr) or "folder" in done.stderr


PROFILE_DAMAGE = {
    "deep": b'{"format": "readiness-profile/1", "attestations": ' + b"[" * 50_000,
    "big-int": b'{"format": "readiness-profile/1", "attestations": {"a": {"n": '
               + BIG_INT.encode() + b"}}}",
    "answer-a-string": b'{"format": "readiness-profile/1", "attestations": {"headphones": "y"}}',
    "answer-nested": b'{"format": "readiness-profile/1", "attestations": '
                     b'{"headphones": {"answer": ["yes"]}}}',
    "invalid-utf8": b'{"format": "readiness-profile/1", "attestations": {"\xff": {}}}',
}


@pytest.mark.parametrize("kind", list(PROFILE_DAMAGE))
def test_a_damaged_profile_is_reported_and_kept_by_check_and_attest(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], kind: str) -> None:
    path = profile.profile_path()
    path.parent.mkdir(parents=True)
    path.write_bytes(PROFILE_DAMAGE[kind])
    folder = tmp_path / "snap"
    snapshot.save(snapshot.parse(VALID_SNAPSHOT), folder)
    assert main(["check", "--replay", str(folder)]) == 2
    assert "profile" in one_error_line(capsys.readouterr().err)
    assert main(["attest", "headphones", "--answer", "yes"]) == 2
    assert "profile" in one_error_line(capsys.readouterr().err)
    assert path.read_bytes() == PROFILE_DAMAGE[kind]  # reported, never overwritten


def test_attest_on_a_read_only_disk_names_the_folder(
        capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    def read_only(*args: Any, **kwargs: Any) -> None:
        raise OSError(errno.EROFS, os.strerror(errno.EROFS))

    monkeypatch.setattr(os, "replace", read_only)
    assert main(["attest", "headphones", "--answer", "yes"]) == 2
    line = one_error_line(capsys.readouterr().err)
    assert str(profile.profile_path().parent) in line and "read-only" in line


SETTINGS_DAMAGE = [b"[" * 100_000, b'{"format": "readiness-settings/1", "reminder_days": '
                   + BIG_INT.encode() + b"}", b'{"format": "readiness-settings/1", '
                   b'"output_folder": "a\\u0000b"}', b"\xff\xfe", b"null"]


@pytest.mark.parametrize("content", SETTINGS_DAMAGE)
def test_a_damaged_settings_file_is_reported_not_overwritten(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], content: bytes) -> None:
    from readiness.gui.app import load_settings

    path = settings_mod.settings_path()
    path.parent.mkdir(parents=True)
    path.write_bytes(content)
    loaded, problem = load_settings()  # what the app starts with, and the error it shows
    assert loaded == settings_mod.Settings(first_run_done=True)
    assert problem and "\n" not in problem and str(path) in problem
    # Commands that do not use the settings leave them alone too.
    folder = tmp_path / "snap"
    snapshot.save(snapshot.parse(make_snapshot(commands=[cmd(["true"], "")])), folder)
    main(["check", "--replay", str(folder)])
    main(["attest", "headphones", "--answer", "yes"])
    capsys.readouterr()
    assert path.read_bytes() == content


def test_lifecycle_command_with_a_hostile_refreshed_table_notes_it_in_one_line(
        capsys: pytest.CaptureFixture[str]) -> None:
    lifecycle.user_path().parent.mkdir(parents=True)
    lifecycle.user_path().write_bytes(b'{"format": "readiness-lifecycle/1", "fetched_at": '
                                      + BIG_INT.encode() + b"}")
    assert main(["lifecycle"]) == 0
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err
    note = [line for line in captured.out.splitlines() if "note:" in line]
    assert len(note) == 1 and "more than 30 digits" in note[0]
