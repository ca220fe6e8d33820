"""Wrong types at every level of each local file, fuzzed values, a hostile end-of-life table
or download, and saving on a full or read-only disk: the module's own one-line error, or values
of the types the app relies on."""

from __future__ import annotations

import copy
import errno
import json
import os
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from readiness import lifecycle, profile
from readiness import settings as settings_mod
from readiness.probe import snapshot
from tests.core.test_hostile_files import (
    IDS,
    READERS,
    VALID_SETTINGS,
    VALID_SNAPSHOT,
    VALID_TABLE,
    assert_one_line,
    assert_refused,
    placed,
    read_profile_file,
    read_settings_file,
    read_snapshot_file,
    replaced,
)


def _paths(value: Any, at: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    """Every position in a JSON document, the document itself included."""
    yield at
    if isinstance(value, dict):
        for k, v in value.items():
            yield from _paths(v, (*at, k))
    elif isinstance(value, list):
        for i, v in enumerate(value[:3]):  # a few items of each list are enough
            yield from _paths(v, (*at, i))


WRONG_TYPES: list[Any] = [None, True, False, 0, -1, 10**25, 1.5, "", "x", [], ["x"], {},
                          {"x": {}}, [[[]]], "\x00\n"]


@pytest.mark.parametrize(("name", "filename", "load", "error", "valid"),
                         [r for r in READERS if r[0] != "lifecycle"], ids=IDS[:3])
def test_wrong_types_at_every_level_load_cleanly_or_are_refused(
        tmp_path: Path, name: str, filename: str, load: Callable[[Path], object],
        error: type[Exception], valid: Any) -> None:
    load(placed(tmp_path, filename, json.dumps(valid).encode()))  # the valid one loads
    tried = 0
    for at in _paths(valid):
        for new in WRONG_TYPES:
            path = placed(tmp_path, filename, json.dumps(replaced(valid, at, new)).encode())
            try:
                load(path)
            except error as exc:
                assert_one_line(exc, error)
            tried += 1
    assert tried >= 15 * 6


def test_wrong_types_in_the_table_are_refused(tmp_path: Path) -> None:
    table = copy.deepcopy(VALID_TABLE)
    table["products"] = {p: VALID_TABLE["products"][p][:1] for p in lifecycle.PRODUCTS}
    for at in _paths(table):
        for new in WRONG_TYPES:
            path = placed(tmp_path, "lifecycle.json",
                          json.dumps(replaced(table, at, new)).encode())
            try:
                loaded = lifecycle._read(path)
            except lifecycle.LifecycleError as exc:
                assert_one_line(exc, lifecycle.LifecycleError)
                continue
            date.fromisoformat(loaded["fetched_at"])  # what the app then relies on


@pytest.mark.parametrize("bad", ["2026-13-45", "2026-01-01\n", "9999"])
def test_a_table_date_that_is_no_date_is_refused(tmp_path: Path, bad: str) -> None:
    table = {**VALID_TABLE, "fetched_at": bad}
    path = placed(tmp_path, "lifecycle.json", json.dumps(table).encode())
    message = assert_refused(lifecycle.LifecycleError, lambda: lifecycle._read(path))
    assert "at fetched_at" in message


def test_a_hostile_refreshed_table_falls_back_to_the_bundled_one() -> None:
    lifecycle.user_path().parent.mkdir(parents=True)
    lifecycle.user_path().write_bytes(b"[" * 100_000)
    table = lifecycle.load()
    assert table.origin == "bundled" and table.problem and "\n" not in table.problem
    assert "nested" in table.problem


def test_a_download_that_is_hostile_json_is_a_lifecycle_error(
        monkeypatch: pytest.MonkeyPatch) -> None:
    import requests

    class Raw:
        def read(self, n: int, decode_content: bool) -> bytes:
            return b"[" * 50_000

    class Response:
        status_code = 200
        raw = Raw()

        def __enter__(self) -> Response:
            return self

        def __exit__(self, *exc: object) -> None:
            pass

    monkeypatch.setattr(requests, "get", lambda *a, **k: Response())
    msg = assert_refused(lifecycle.LifecycleError,
                         lambda: lifecycle._http_fetch("https://example.invalid/x.json"))
    assert "did not send usable JSON" in msg


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4),
    max_leaves=12,
)
FUZZ = settings(max_examples=150, deadline=None,
                suppress_health_check=[HealthCheck.function_scoped_fixture])


@FUZZ
@given(key=st.sampled_from([*settings_mod.Settings().to_json(), "other"]), value=JSON_VALUES)
def test_fuzzed_settings(tmp_path: Path, key: str, value: Any) -> None:
    doc = {**VALID_SETTINGS, key: value} if key != "format" else {"format": value}
    path = placed(tmp_path, "settings.json", json.dumps(doc).encode())
    try:
        read_settings_file(path)
    except settings_mod.SettingsError as exc:
        assert_one_line(exc, settings_mod.SettingsError)


@FUZZ
@given(value=JSON_VALUES, nested=st.booleans())
def test_fuzzed_profile(tmp_path: Path, value: Any, nested: bool) -> None:
    answers = {"headphones": value} if nested else value
    doc = {"format": profile.FORMAT, "attestations": answers}
    path = placed(tmp_path, "profile.json", json.dumps(doc).encode())
    try:
        read_profile_file(path)
    except profile.ProfileError as exc:
        assert_one_line(exc, profile.ProfileError)


SNAPSHOT_SPOTS = [(k,) for k in VALID_SNAPSHOT if k != "format"] + [
    ("commands", 0), ("commands", 0, "argv"), ("commands", 0, "stdout"),
    ("commands", 0, "returncode"), ("registry", r"HKLM\A\B"), ("registry", r"HKLM\A\B", "type"),
    ("registry", r"HKLM\A\B", "value"), ("processes", 0), ("processes", 0, "name"),
    ("platform", "system"), ("files", "/etc/ufw/ufw.conf"), ("native", "probe"),
    ("dirs", "/etc/sddm.conf.d"), ("dirs", "/etc/sddm.conf.d", 0), ("dirs", "/etc/gdm3", "error")]


@FUZZ
@given(at=st.sampled_from(SNAPSHOT_SPOTS), value=JSON_VALUES)
def test_fuzzed_snapshot(tmp_path: Path, at: tuple[Any, ...], value: Any) -> None:
    path = placed(tmp_path, "snapshot.json",
                  json.dumps(replaced(VALID_SNAPSHOT, at, value)).encode())
    try:
        read_snapshot_file(path)
    except snapshot.SnapshotError as exc:
        assert_one_line(exc, snapshot.SnapshotError)


@pytest.mark.parametrize("module, error, filename", [
    (settings_mod, settings_mod.SettingsError, "settings.json"),
    (profile, profile.ProfileError, "profile.json")])
@pytest.mark.parametrize("errno_name, reason", [("ENOSPC", "the disk is full"),
                                                ("EROFS", "the disk is read-only")])
def test_saving_on_a_full_or_read_only_disk_names_the_folder(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, module: Any, error: type[Exception],
        filename: str, errno_name: str, reason: str) -> None:
    path = tmp_path / "folder" / filename
    code = getattr(errno, errno_name)

    def refuse(*args: Any, **kwargs: Any) -> Any:
        raise OSError(code, os.strerror(code))

    monkeypatch.setattr(os, "replace", refuse)
    with pytest.raises(error) as info:
        if module is profile:
            profile.save_attestation("headphones", {"answer": "yes"}, path)
        else:
            settings_mod.save(settings_mod.Settings(), path)
    message = str(info.value)
    assert isinstance(info.value, OSError)  # callers catching OSError keep working
    assert "\n" not in message and str(path.parent) in message and reason in message
    assert not path.exists()


def test_a_snapshot_folder_with_a_hostile_name_gives_one_line(tmp_path: Path) -> None:
    odd = tmp_path / "line\nbreak"
    odd.mkdir()
    assert "\\n" in assert_refused(snapshot.SnapshotError, lambda: snapshot.load(odd))
