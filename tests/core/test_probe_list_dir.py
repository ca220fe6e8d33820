"""Listing a folder: the real host, the recorder, the replayer, the snapshot format and the
check context all agree, and every failure is a typed error, never an empty folder."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest

from readiness.check import CheckContext
from readiness.probe import real, snapshot
from readiness.probe.real import RealHost
from readiness.probe.recording import RecordingHost
from readiness.probe.replay import ReplayHost
from readiness.probe.types import MAX_DIR_ENTRIES, DirListing
from tests.helpers import make_snapshot


def replay(dirs: dict[str, Any], os_key: str = "linux") -> ReplayHost:
    return ReplayHost(snapshot.parse(make_snapshot(os_key, dirs=dirs)))


# --- the real host ---------------------------------------------------------------------------


def test_real_host_lists_names_sorted(tmp_path: Path) -> None:
    for name in ("b.conf", "a.conf", ".hidden"):
        (tmp_path / name).write_text("x")
    (tmp_path / "sub").mkdir()
    got = RealHost().list_dir(str(tmp_path))
    assert got.ok and got.error is None
    assert got.names == (".hidden", "a.conf", "b.conf", "sub")


def test_real_host_empty_folder_is_ok_and_empty(tmp_path: Path) -> None:
    got = RealHost().list_dir(str(tmp_path))
    assert got.ok and got.names == ()


def test_real_host_missing_and_not_a_folder(tmp_path: Path) -> None:
    assert RealHost().list_dir(str(tmp_path / "nope")) == DirListing(
        str(tmp_path / "nope"), None, "missing")
    f = tmp_path / "file"
    f.write_text("x")
    got = RealHost().list_dir(str(f))
    assert not got.ok and got.error == "not a directory"


@pytest.mark.parametrize("exc, reason", [
    (PermissionError(13, "Permission denied"), "permission denied"),
    (OSError(5, "Input/output error"), "unreadable (Input/output error)"),
])
def test_real_host_errors_are_typed(monkeypatch: pytest.MonkeyPatch, exc: OSError,
                                    reason: str) -> None:
    def refuse(path: Any) -> Any:
        raise exc

    monkeypatch.setattr(os, "scandir", refuse)
    got = RealHost().list_dir("/etc/lightdm/lightdm.conf.d")
    assert got == DirListing("/etc/lightdm/lightdm.conf.d", None, reason)


def test_real_host_refuses_a_huge_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(real, "MAX_DIR_ENTRIES", 3)
    for i in range(3):
        (tmp_path / f"{i}.conf").write_text("x")
    assert RealHost().list_dir(str(tmp_path)).names == ("0.conf", "1.conf", "2.conf")
    (tmp_path / "3.conf").write_text("x")
    got = RealHost().list_dir(str(tmp_path))
    assert not got.ok and got.error == "too many entries"


@pytest.mark.skipif(os.name == "nt", reason="POSIX file names are bytes")
def test_real_host_keeps_names_that_are_not_utf8(tmp_path: Path) -> None:
    os.close(os.open(os.path.join(os.fsencode(tmp_path), b"bad-\xff.conf"),
                     os.O_CREAT | os.O_WRONLY))
    got = RealHost().list_dir(str(tmp_path))
    assert got.names == ("bad-\ufffd.conf",)
    json.dumps(list(got.names), ensure_ascii=False).encode("utf-8")  # storable in a snapshot


# --- recording and replaying -----------------------------------------------------------------


def test_recording_keeps_listings_and_failures_but_not_absence(tmp_path: Path) -> None:
    (tmp_path / "d").mkdir()
    (tmp_path / "d" / "x.conf").write_text("x")
    (tmp_path / "f").write_text("x")
    rec = RecordingHost(RealHost())
    assert rec.list_dir(str(tmp_path / "d")).names == ("x.conf",)
    assert rec.list_dir(str(tmp_path / "gone")).error == "missing"
    assert rec.list_dir(str(tmp_path / "f")).error == "not a directory"
    snap = rec.snapshot()
    assert snap.dirs == {str(tmp_path / "d"): ["x.conf"],
                         str(tmp_path / "f"): {"error": "not a directory"}}
    again = ReplayHost(snapshot.parse(json.loads(json.dumps(snap.to_json()))))
    assert again.list_dir(str(tmp_path / "d")).names == ("x.conf",)
    assert again.list_dir(str(tmp_path / "gone")).error == "missing"
    assert again.list_dir(str(tmp_path / "f")).error == "not a directory"


def test_replay_answers_only_from_the_snapshot() -> None:
    h = replay({"/etc/sddm.conf.d": ["z.conf", "a.conf"],
                "/etc/lightdm/lightdm.conf.d": [],
                "/etc/gdm3": {"error": "permission denied"}})
    assert h.list_dir("/etc/sddm.conf.d").names == ("a.conf", "z.conf")  # sorted, as promised
    assert h.list_dir("/etc/lightdm/lightdm.conf.d") == DirListing(
        "/etc/lightdm/lightdm.conf.d", ())
    assert h.list_dir("/etc/gdm3") == DirListing("/etc/gdm3", None, "permission denied")
    assert h.list_dir("/etc/greetd") == DirListing("/etc/greetd", None, "missing")
    assert h.list_dir("/ETC/SDDM.CONF.D").error == "missing"  # POSIX paths are exact


def test_replay_on_windows_matches_paths_case_insensitively() -> None:
    h = replay({"C:\\ProgramData\\X": ["a.txt"]}, "windows")
    assert h.list_dir("c:\\programdata\\x").names == ("a.txt",)


# --- the snapshot format ---------------------------------------------------------------------


def test_a_snapshot_without_dirs_stays_valid() -> None:
    snap = snapshot.parse({"format": snapshot.FORMAT})
    assert snap.dirs == {}
    assert "dirs" not in snap.to_json()  # nothing new is written when nothing was listed


@pytest.mark.parametrize("dirs, where", [
    ([], "'dirs'"),
    ({"/etc/x": "a.conf"}, "dirs["),
    ({"/etc/x": [1]}, "dirs["),
    ({"/etc/x": {"error": 5}}, "dirs["),
    ({"/etc/x": {"error": "denied", "names": []}}, "dirs["),
    ({"/etc/x": ["n"] * (MAX_DIR_ENTRIES + 1)}, "too many"),
])
def test_malformed_dirs_are_refused_in_one_line(dirs: Any, where: str) -> None:
    with pytest.raises(snapshot.SnapshotError) as info:
        snapshot.parse({"format": snapshot.FORMAT, "dirs": dirs})
    assert where in str(info.value) and "\n" not in str(info.value)


def test_schema_and_loader_agree_on_dirs() -> None:
    import jsonschema

    from readiness.paths import assets_dir

    schema = json.loads((assets_dir() / "schemas" / "snapshot.schema.json").read_text())
    good = snapshot.parse(make_snapshot(dirs={"/etc/a": ["x"], "/etc/b": {"error": "no"}}))
    jsonschema.validate(good.to_json(), schema)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({"format": snapshot.FORMAT, "dirs": {"/etc/a": [1]}}, schema)


def test_redaction_covers_listings() -> None:
    snap = snapshot.parse(make_snapshot(dirs={"/home/alice/.config": ["alice.conf"]}))
    text = json.dumps(snapshot.redact(snap, {"alice"}).to_json())
    assert "alice" not in text and "<redacted>" in text


# --- the check context -----------------------------------------------------------------------


def test_context_records_a_listing_as_evidence() -> None:
    ctx = CheckContext(replay({"/etc/sddm.conf.d": ["b.conf", "a.conf"]}))
    assert ctx.list_dir("/etc/sddm.conf.d").names == ("a.conf", "b.conf")
    assert ctx.list_dir("/etc/greetd/").error == "missing"
    first, second = ctx.evidence
    assert (first.kind, first.source, first.excerpt, first.error) == (
        "file", "/etc/sddm.conf.d/", "a.conf\nb.conf", None)
    assert (second.kind, second.source, second.error) == ("file", "/etc/greetd/", "missing")


def test_fault_injection_breaks_a_consulted_listing() -> None:
    from tests.test_faults import _variants

    snap = make_snapshot(dirs={"/etc/sddm.conf.d": ["kde_settings.conf"]})
    variants = dict(_variants(snap, "dir", "/etc/sddm.conf.d"))
    assert set(variants) == {"folder /etc/sddm.conf.d missing",
                             "folder /etc/sddm.conf.d permission denied",
                             "folder /etc/sddm.conf.d garbage names"}
    assert "dirs" in variants["folder /etc/sddm.conf.d missing"]
    assert "/etc/sddm.conf.d" not in variants["folder /etc/sddm.conf.d missing"]["dirs"]
    for broken in variants.values():
        snapshot.parse(broken)  # each stays a valid snapshot
    assert list(_variants(snap, "dir", "/etc/greetd")) == []  # nothing to break
