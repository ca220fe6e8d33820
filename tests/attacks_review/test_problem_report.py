"""Review attacks on ``readiness report-problem`` (readiness.problem_report): does the zip
leak identifying data (host, user, home, Wi-Fi names, hardware addresses), and can it
overwrite files?"""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import pytest

from readiness import problem_report
from readiness.probe import recording
from readiness.probe import snapshot as snapshot_mod
from readiness.probe.types import PlatformInfo
from tests.attacks_review.report_helpers import zip_text as _zip_text

ROOT = Path(__file__).resolve().parents[2]
NMCLI = ROOT / "tests" / "fixtures" / "snapshots" / "wifi_security" / "linux_nmcli_wpa2_handmade"


def _nmcli_snapshot(tmp_path: Path, stdout: str) -> Path:
    data = json.loads((NMCLI / "snapshot.json").read_text(encoding="utf-8"))
    data["commands"][0]["stdout"] = stdout
    out = tmp_path / "snap"
    out.mkdir()
    (out / "snapshot.json").write_text(json.dumps(data), encoding="utf-8")
    return out


LINE = "{use}:3C\\:A6\\:2F\\:11\\:22\\:33:{ssid}:Infra:36:540 Mbit/s:84:▂▄▆█:WPA2\n"


def test_the_network_in_use_is_redacted(tmp_path: Path) -> None:
    snap = _nmcli_snapshot(tmp_path, LINE.format(use="*", ssid="JaneDoeHome"))
    report = problem_report.build("wifi_security", "wrong", replay=snap)
    text = _zip_text(report)
    assert "JaneDoeHome" not in text
    assert "3C:A6" not in text and "3C\\\\:A6" not in text


def test_neighbouring_networks_are_redacted(tmp_path: Path) -> None:
    snap = _nmcli_snapshot(tmp_path, LINE.format(use="*", ssid="JaneDoeHome")
                           + LINE.format(use=" ", ssid="Smith Family 42 Acacia Ave"))
    text = _zip_text(problem_report.build("wifi_security", "wrong", replay=snap))
    assert "Acacia" not in text


def test_an_ssid_with_a_colon_is_redacted(tmp_path: Path) -> None:
    snap = _nmcli_snapshot(tmp_path, LINE.format(use="*", ssid="Jane\\:Home"))
    text = _zip_text(problem_report.build("wifi_security", "wrong", replay=snap))
    assert "Jane" not in text


def _redacted(text: str, monkeypatch: pytest.MonkeyPatch, node: str) -> str:
    monkeypatch.setattr("readiness.probe.recording._platform.node", lambda: node)
    snap = snapshot_mod.Snapshot(PlatformInfo("Linux", "6", "#1", "x86_64"),
                                 files={"/etc/x": text})
    out = snapshot_mod.redact(snap, recording.default_identifiers())
    return out.files["/etc/x"]


def test_host_name_exactly_is_redacted(monkeypatch: pytest.MonkeyPatch) -> None:
    assert "janes-laptop" not in _redacted("host janes-laptop here", monkeypatch,
                                           "janes-laptop")


@pytest.mark.parametrize("shown", ["Janes-MacBook-Pro", "janes-macbook-pro.local",
                                   "JANES-MACBOOK-PRO"])
def test_host_name_variants_are_redacted(monkeypatch: pytest.MonkeyPatch, shown: str) -> None:
    out = _redacted(f"ComputerName: {shown}\n", monkeypatch, "Janes-MacBook-Pro.local")
    assert shown.lower() not in out.lower()


@pytest.mark.parametrize("mac", ["<a1b2c3d4e5f6>", "a1b2.c3d4.e5f6", "0:1c:42:a:b:c",
                                 "fe80::a3b2:c3ff:fed4:e5f6"])
def test_other_mac_address_forms_are_redacted(monkeypatch: pytest.MonkeyPatch,
                                              mac: str) -> None:
    out = _redacted(f"addr {mac}\n", monkeypatch, "host")
    assert "c3" not in out.lower() and "1c:42" not in out


def test_colon_and_dash_macs_are_redacted(monkeypatch: pytest.MonkeyPatch) -> None:
    out = _redacted("a1:b2:c3:d4:e5:f6 A1-B2-C3-D4-E5-F6", monkeypatch, "host")
    assert "c3" not in out.lower()


def test_save_never_replaces_a_file_or_follows_a_link(tmp_path: Path) -> None:
    snap = _nmcli_snapshot(tmp_path, LINE.format(use="*", ssid="x-net"))
    report = problem_report.build("wifi_security", "wrong", replay=snap)
    existing = tmp_path / "old.zip"
    existing.write_bytes(b"earlier report")
    with pytest.raises(problem_report.ProblemReportError):
        problem_report.save(report, existing)
    assert existing.read_bytes() == b"earlier report"
    victim = tmp_path / "victim.txt"
    victim.write_text("keep", encoding="utf-8")
    link = tmp_path / "link.zip"
    link.symlink_to(victim)
    with pytest.raises(problem_report.ProblemReportError):
        problem_report.save(report, link)
    dangling = tmp_path / "dangling.zip"
    dangling.symlink_to(tmp_path / "nowhere" / "x")
    with pytest.raises(problem_report.ProblemReportError):
        problem_report.save(report, dangling)
    assert victim.read_text(encoding="utf-8") == "keep"
    with pytest.raises(problem_report.ProblemReportError):
        problem_report.save(report, tmp_path / "notes.txt")
    problem_report.save(report, tmp_path / "new.zip")
    assert (tmp_path / "new.zip").stat().st_mode & 0o077 == 0


def test_description_is_one_bounded_line(tmp_path: Path) -> None:
    snap = _nmcli_snapshot(tmp_path, LINE.format(use="*", ssid="x-net"))
    for bad in ("x" * 5000, "a\x1b[2Jb", "a\x00b", "a\x7fb"):
        try:
            r = problem_report.build("wifi_security", bad, replay=snap)
        except problem_report.ProblemReportError:
            continue
        assert len(r.description) <= problem_report.DESCRIPTION_MAX
        assert "\x1b" not in r.description and "\x00" not in r.description


def test_zip_members_are_fixed_names(tmp_path: Path) -> None:
    snap = _nmcli_snapshot(tmp_path, LINE.format(use="*", ssid="x-net"))
    report = problem_report.build("wifi_security", "../../etc/passwd", replay=snap)
    with zipfile.ZipFile(io.BytesIO(report.to_zip())) as z:
        assert sorted(z.namelist()) == ["README.txt", "description.txt", "result.json",
                                        "snapshot.json"]


DEVICES = ROOT / "tests" / "fixtures" / "snapshots" / "devices_ready" / \
    "macos_handmade_camera_report_real_audio"


def test_the_owners_full_name_in_a_device_name_is_redacted(tmp_path: Path) -> None:
    data = json.loads((DEVICES / "snapshot.json").read_text(encoding="utf-8"))
    cam = data["commands"][0]
    cam["stdout"] = cam["stdout"].replace('"MacBook Pro Camera"', '"Jane Doe\u2019s iPhone Camera"')
    out = tmp_path / "snap"
    out.mkdir()
    (out / "snapshot.json").write_text(json.dumps(data), encoding="utf-8")
    text = _zip_text(problem_report.build("devices_ready", "wrong", replay=out))
    assert "Jane Doe" not in text
