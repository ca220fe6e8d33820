"""One reader for the app's JSON files: each failure becomes the caller's error and wording."""

from __future__ import annotations

from pathlib import Path

import pytest

from readiness import profile
from readiness import settings as settings_mod
from readiness.jsonfile import ABSENT, read_json


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
    with pytest.raises(Oops, match="unreadable"):
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
