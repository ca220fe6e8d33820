"""The replay host answers only from the snapshot, and the snapshot loader is strict."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from readiness.probe import snapshot
from readiness.probe.replay import ReplayHost
from readiness.probe.types import NOT_INSTALLED
from tests.helpers import cmd, make_snapshot


def host(**kw: object) -> ReplayHost:
    return ReplayHost(snapshot.parse(make_snapshot(**kw)))  # type: ignore[arg-type]


def test_command_matches_on_basename_case_insensitively_without_exe() -> None:
    h = host(os_key="windows", commands=[cmd(["C:\\Windows\\System32\\NETSH.EXE", "wlan",
                                              "show", "interfaces"], "ok")])
    assert h.run(["netsh", "wlan", "show", "interfaces"], timeout=1).stdout == "ok"
    assert h.run(["netsh.exe", "wlan", "show", "interfaces"], timeout=1).ok
    # Remaining arguments must match exactly.
    assert h.run(["netsh", "wlan", "show", "Interfaces"], timeout=1).error == NOT_INSTALLED
    assert h.run(["netsh", "wlan"], timeout=1).error == NOT_INSTALLED


def test_absolute_posix_path_matches_basename() -> None:
    h = host(os_key="macos", commands=[cmd(["socketfilterfw", "--getglobalstate"], "x")])
    res = h.run(["/usr/libexec/ApplicationFirewall/socketfilterfw", "--getglobalstate"],
                timeout=1)
    assert res.stdout == "x"


def test_timed_out_command_replays_as_timeout() -> None:
    h = host(commands=[cmd(["nmcli", "x"], timed_out=True)])
    res = h.run(["nmcli", "x"], timeout=1)
    assert res.timed_out and not res.ok and res.returncode is None


def test_missing_entries() -> None:
    h = host()
    assert h.read_file("/etc/os-release").error == "missing"
    assert h.processes().error is not None  # absent list is unreadable, not empty
    assert h.native("x").error == "not available"
    assert h.read_registry(r"HKLM\A\B").error == "not on this system"


def test_registry_and_native() -> None:
    h = host(os_key="windows",
             registry={r"HKCU\Control Panel\Desktop\ScreenSaveTimeOut":
                       {"type": "REG_SZ", "value": "600"}},
             native={"good": {"auth": "WPA2"}, "bad": {"error": "access denied"}})
    reg = h.read_registry(r"hkcu\control panel\desktop\screensavetimeout")
    assert reg.ok and reg.value == "600" and reg.type == "REG_SZ"
    assert h.native("good").value == {"auth": "WPA2"}
    assert h.native("bad").error == "access denied"


def test_empty_process_list_is_a_list() -> None:
    h = host(processes=[])
    assert h.processes().ok and h.processes().processes == ()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ([], "JSON object"),
        ({"format": "other/1"}, "unsupported snapshot format"),
        ({"format": snapshot.FORMAT, "commands": {}}, "'commands' must be a list"),
        ({"format": snapshot.FORMAT, "commands": [{"argv": []}]}, "argv"),
        ({"format": snapshot.FORMAT, "commands": [{"argv": ["a"], "returncode": "0"}]},
         "returncode"),
        ({"format": snapshot.FORMAT, "files": {"/x": 1}}, "'files'"),
        ({"format": snapshot.FORMAT, "processes": {}}, "'processes'"),
    ],
)
def test_malformed_snapshots_are_rejected_clearly(data: object, message: str) -> None:
    with pytest.raises(snapshot.SnapshotError, match=message):
        snapshot.parse(data)


def test_load_errors(tmp_path: Path) -> None:
    with pytest.raises(snapshot.SnapshotError, match="no snapshot"):
        snapshot.load(tmp_path)
    (tmp_path / "snapshot.json").write_text("{not json")
    with pytest.raises(snapshot.SnapshotError, match="not valid JSON"):
        snapshot.load(tmp_path)


def test_minimal_snapshot_is_valid() -> None:
    snap = snapshot.parse({"format": snapshot.FORMAT})
    assert snap.platform.system == ""


def test_save_is_atomic_and_round_trips(tmp_path: Path) -> None:
    snap = snapshot.parse(make_snapshot(commands=[cmd(["a"], "é")]))
    path = snapshot.save(snap, tmp_path)
    assert json.loads(path.read_text("utf-8"))["commands"][0]["stdout"] == "é"
    assert snapshot.load(tmp_path).commands == snap.commands
    assert [p.name for p in tmp_path.iterdir()] == ["snapshot.json"]  # no temp files left


def test_snapshot_schema_accepts_saved_snapshots(tmp_path: Path) -> None:
    import jsonschema

    from readiness.paths import assets_dir

    schema = json.loads((assets_dir() / "schemas" / "snapshot.schema.json").read_text())
    snap = snapshot.parse(make_snapshot(processes=[{"name": "x"}]))
    jsonschema.validate(snap.to_json(), schema)


def test_redaction_replaces_identifiers() -> None:
    snap = snapshot.parse(make_snapshot(
        commands=[cmd(["nmcli"], "*:HomeNet:WPA2 aa:bb:cc:dd:ee:ff\n")],
        files={"/home/alice/.config/x": "user=alice"},
        processes=[{"name": "x", "exe": "/home/alice/bin/x", "username": "alice"}]))
    red = snapshot.redact(snap, {"HomeNet", "alice"})
    text = json.dumps(red.to_json())
    assert "HomeNet" not in text and "alice" not in text and "aa:bb" not in text
    assert "<redacted>" in text
