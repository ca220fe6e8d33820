"""The app's own files: one JSON reader (each failure becomes the caller's error and wording)
and one atomic writer."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from readiness import profile
from readiness import settings as settings_mod
from readiness.files import ABSENT, atomic_write_bytes, atomic_write_text, read_json

POSIX = os.name == "posix"


class Oops(Exception):
    pass


def read(path: Path, missing: str | None = "gone: {path}") -> object:
    return read_json(path, Oops, missing=missing, unreadable="unreadable {path}: {exc}",
                     invalid="bad {path}: {exc}")


def test_each_failure_is_the_callers_error(tmp_path: Path) -> None:
    with pytest.raises(Oops, match="gone: "):
        read(tmp_path / "none.json")
    assert read(tmp_path / "none.json", missing=None) is ABSENT
    (tmp_path / "bad.json").write_text("{", encoding="utf-8")
    with pytest.raises(Oops, match=r"bad .*bad\.json"):
        read(tmp_path / "bad.json")
    (tmp_path / "latin.json").write_bytes(b"\xff\xfe{")
    with pytest.raises(Oops, match=r"bad .*not UTF-8"):  # damaged content, not unreadable
        read(tmp_path / "latin.json")
    with pytest.raises(Oops, match="unreadable"):
        read(tmp_path)  # a folder, not a file
    (tmp_path / "ok.json").write_text('{"a": [1]}', encoding="utf-8")
    assert read(tmp_path / "ok.json") == {"a": [1]}


@pytest.mark.parametrize("module, error", [(settings_mod, settings_mod.SettingsError),
                                           (profile, profile.ProfileError)])
def test_a_file_holding_null_is_damaged_not_missing(tmp_path: Path, module: object,
                                                    error: type[Exception]) -> None:
    """`null` must not be read as "no file yet" (the defaults would then overwrite it)."""
    path = tmp_path / "file.json"
    path.write_text("null", encoding="utf-8")
    with pytest.raises(error):
        module.load(path)  # type: ignore[attr-defined]
    assert path.read_text(encoding="utf-8") == "null"


def test_atomic_write_replaces_whole_and_keeps_the_old_file_on_failure(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "sub" / "settings.json"
    atomic_write_text(target, "first\n")
    assert target.read_bytes() == b"first\n"
    if POSIX:
        assert (target.stat().st_mode & 0o777) == 0o600  # the app's own files are private

    def full_disk(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", full_disk)
    with pytest.raises(OSError, match="No space"):
        atomic_write_text(target, "second, never complete\n")
    monkeypatch.undo()
    assert target.read_bytes() == b"first\n"
    assert [p.name for p in target.parent.iterdir()] == ["settings.json"]  # no temp left


@pytest.mark.skipif(not POSIX, reason="file modes are POSIX permissions")
def test_atomic_write_modes(tmp_path: Path) -> None:
    shared = tmp_path / "out" / "checklist.pdf"
    atomic_write_bytes(shared, b"%PDF", mode=0o644)
    assert (shared.stat().st_mode & 0o777) == 0o644
    secret = tmp_path / "keys" / "key.json"
    atomic_write_bytes(secret, b"{}", private_folder=True)
    assert (secret.stat().st_mode & 0o777) == 0o600
    assert (secret.parent.stat().st_mode & 0o777) == 0o700
    atomic_write_text(tmp_path / "crlf.txt", "a\nb\n")
    assert (tmp_path / "crlf.txt").read_bytes() == b"a\nb\n"  # never \r\n, on any system


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="no /proc here")
def test_a_file_that_says_it_is_empty_is_still_read_whole() -> None:
    # /proc files report a size of 0: reading "its size and one byte more" must read on.
    from readiness.files import read_bytes

    data = read_bytes(Path("/proc/self/status"), ValueError, missing=None, unreadable="{exc}")
    assert isinstance(data, bytes) and b"Name:" in data and b"Pid:" in data


def test_read_bytes_reads_exactly_and_refuses_past_the_limit(tmp_path: Path) -> None:
    from readiness.files import read_bytes

    f = tmp_path / "f"
    f.write_bytes(b"x" * 100)
    assert read_bytes(f, ValueError, missing=None, unreadable="{exc}", max_bytes=100) == \
        b"x" * 100
    with pytest.raises(ValueError):
        read_bytes(f, ValueError, missing=None, unreadable="{exc}", max_bytes=99)
