"""Redaction (issue 13): every network nearby, not only the one in use, wherever a tool lists
it; the account's full name and macOS computer name among the identifiers; result.json
redacted; and every recorded fixture still deciding the same once redacted."""

from __future__ import annotations

import dataclasses
import io
import json
import zipfile
from pathlib import Path
from types import SimpleNamespace

import pytest

from readiness import problem_report
from readiness.model import Status
from readiness.probe import recording, snapshot_identity
from readiness.probe import snapshot as snapshot_mod
from readiness.probe.types import PlatformInfo
from tests.helpers import SNAPSHOTS, Case, fixture_cases, run_check

R = "<redacted>"
NMCLI_ARGV = ("nmcli", "-t", "-f", "IN-USE,BSSID,SSID,MODE,CHAN,RATE,SIGNAL,BARS,SECURITY",
              "device", "wifi", "list", "--rescan", "no")


def _text(value: str, argv: tuple[str, ...] = ()) -> str:
    return snapshot_mod.text_redactor(set())(value, argv)


@pytest.mark.parametrize(("argv", "printed", "hidden", "kept"), [
    (NMCLI_ARGV, " :3C\\:A6\\:2F\\:11\\:22\\:33:Smith Family:Infra:6:54 Mbit/s:40:▂▄__:WPA2\n",
     "Smith", "Infra:6:54 Mbit/s:40:▂▄__:WPA2"),
    (("nmcli", "-t", "-f", "SSID,SECURITY", "dev", "wifi"), "Acacia\\:Ave:WPA2\n", "Acacia",
     ":WPA2"),
    (("nmcli", "-g", "SSID", "device", "wifi", "list"), "Acacia Ave\n", "Acacia", ""),
    (("nmcli", "-t", "device", "wifi"), "*:00\\:11\\:22\\:33\\:44\\:55:Acacia:Infra:1:1:1:_:\n",
     "Acacia", "Infra"),
    (("nmcli", "-t", "device", "status"), "wlp2s0:wifi:connected:Acacia Ave\n", "Acacia",
     "wlp2s0:wifi:connected:"),
    (("nmcli", "-t", "connection", "show"), "Acacia Ave:1234-ab:802-11-wireless:wlp2s0\n",
     "Acacia", ":802-11-wireless:wlp2s0"),
    (("nmcli", "-t", "device", "show", "wlp2s0"), "GENERAL.CONNECTION:Acacia Ave\n", "Acacia",
     "GENERAL.CONNECTION:"),
    (("netsh", "wlan", "show", "networks"), "SSID 1 : Acacia Ave\n    Authentication : Open\n",
     "Acacia", "Authentication : Open"),
    (("netsh", "wlan", "show", "interfaces"), "    Profile                : Acacia Ave\n",
     "Acacia", "Profile"),
    (("netsh", "wlan", "show", "interfaces"), "    Profil                 : Acacia Ave\n",
     "Acacia", "Profil"),
    (("wpa_cli", "status"), "bssid=00:11:22:33:44:55\nssid=Acacia Ave\nwpa_state=COMPLETED\n",
     "Acacia", "wpa_state=COMPLETED"),
    (("wpa_cli", "scan_results"), "bssid / frequency / signal level / flags / ssid\n"
     "00:11:22:33:44:55\t2437\t-40\t[WPA2-PSK-CCMP][ESS]\tAcacia Ave\n", "Acacia", "[ESS]"),
    (("iwlist", "wlan0", "scan"), '          ESSID:"Acacia Ave"\n', "Acacia", 'ESSID:"'),
    (("iw", "dev", "wlan0", "scan"), "\tSSID: Acacia Ave\n", "Acacia", "SSID: "),
    (("networksetup", "-getairportnetwork", "en0"), "Current Wi-Fi Network: Acacia Ave\n",
     "Acacia", "Current Wi-Fi Network: "),
    (("system_profiler", "SPAirPortDataType"),
     "      Current Network Information:\n        Acacia Ave:\n          PHY Mode: 802.11ac\n"
     "      Other Local Wi-Fi Networks:\n        Smith Family:\n          PHY Mode: 802.11n\n"
     "    awdl0:\n", "Acacia", "PHY Mode: 802.11n"),
    (("powershell",), '{"Ssid": "Acacia Ave", "State": 1}', "Acacia", '"State": 1'),
])
def test_network_names_are_redacted_wherever_listed(argv: tuple[str, ...], printed: str,
                                                    hidden: str, kept: str) -> None:
    out = _text(printed, argv)
    assert hidden not in out and "Smith" not in out and R in out, out
    assert kept in out, out


def test_a_hidden_network_stays_empty_and_bssid_lines_keep_their_key() -> None:
    line = " :00\\:11\\:22\\:33\\:44\\:55::Infra:1:1 Mbit/s:1:_:WPA2\n"
    assert _text(line, NMCLI_ARGV) == line.replace("11", "00").replace("22", "00").replace(
        "33", "00").replace("44", "00").replace("55", "00")
    assert _text("    BSSID : 40:0d:10:b5:9b:9f\n") == "    BSSID : 00:00:00:00:00:00\n"


def test_system_profiler_json_names_no_network_and_still_parses() -> None:
    case = SNAPSHOTS / "wifi_security" / "macos_system_profiler_15_5_wpa2_personal"
    snap = snapshot_mod.load(case)
    out = snapshot_mod.redact(snap, set())
    stdout = out.commands[0]["stdout"]
    assert "SSID-1" in snap.commands[0]["stdout"] and "SSID-" not in stdout
    data = json.loads(stdout)["SPAirPortDataType"][0]["spairport_airport_interfaces"][0]
    assert data["_name"] == "en0"  # the interface keeps its name
    assert {n["_name"] for n in data["spairport_airport_other_local_wireless_networks"]} == {R}


def test_native_and_registry_network_names() -> None:
    snap = snapshot_mod.Snapshot(
        PlatformInfo("Windows", "11", "10", "AMD64"),
        native={"wifi": {"api": "wlanapi", "interfaces": [{"ssid": "Acacia Ave"}]}},
        registry={r"HKLM\SOFTWARE\Microsoft\Windows NT\CurrentVersion\NetworkList\Profiles"
                  r"\{1}\ProfileName": {"type": "REG_SZ", "value": "Acacia Ave"}})
    assert "Acacia" not in json.dumps(snapshot_mod.redact(snap, set()).to_json())


def test_default_identifiers_hold_the_macos_computer_name(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(snapshot_identity, "computer_names",
                        lambda: frozenset({"Jane Doe\u2019s MacBook Pro"}))
    monkeypatch.setattr(snapshot_identity, "full_names", lambda: frozenset({"Jane Doe"}))
    assert "Jane Doe\u2019s MacBook Pro" in recording.default_identifiers()
    assert recording.owner_names() == {"Jane Doe"}


def test_computer_names_come_from_scutil_on_macos(monkeypatch: pytest.MonkeyPatch) -> None:
    asked: list[list[str]] = []

    def fake(argv: list[str]) -> str | None:
        asked.append(argv)
        return {"ComputerName": "Jane Doe\u2019s MacBook Pro", "LocalHostName": "MacBook-Pro"
                }[argv[-1]]
    monkeypatch.setattr(snapshot_identity, "_system", lambda: "darwin")
    monkeypatch.setattr(snapshot_identity, "_run_text", fake)
    snapshot_identity.computer_names.cache_clear()
    try:
        # A generic name ("MacBook-Pro") would wipe out the hardware's own name: left out.
        assert snapshot_identity.computer_names() == {"Jane Doe\u2019s MacBook Pro"}
    finally:
        snapshot_identity.computer_names.cache_clear()
    assert asked and all(a[:2] == ["/usr/sbin/scutil", "--get"] for a in asked)


@pytest.mark.parametrize(("name", "generic"), [
    ("MacBook Pro", True), ("MacBook-Pro (2)", True), ("iMac", True), ("Mac mini", True),
    ("Jane Doe\u2019s MacBook Pro", False), ("Practice Room", False),
])
def test_generic_computer_names(name: str, generic: bool) -> None:
    assert snapshot_identity.generic(name) is generic


@pytest.mark.parametrize(("gecos", "login", "full"), [
    ("Jane Doe,Room 1,,", "jane", "Jane Doe"),
    ("& Doe,,,", "jane", "Jane Doe"),  # BSD: '&' is the capitalised login name
    ("", "jane", None),
])
def test_full_name_from_gecos(monkeypatch: pytest.MonkeyPatch, gecos: str, login: str,
                              full: str | None) -> None:
    import pwd

    monkeypatch.setattr(pwd, "getpwuid",
                        lambda uid: SimpleNamespace(pw_gecos=gecos, pw_name=login))
    assert snapshot_identity._gecos_name() == full


def test_the_accounts_name_is_redacted_in_a_problem_report(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    case = next(c for c in fixture_cases() if c.check == "firewall_on" and c.expect == "pass"
                and c.path.name.startswith("linux_"))
    data = case.snapshot()
    data["files"]["/etc/motd"] = "Priya Raman's computer; priya raman\n"
    (tmp_path / "s").mkdir()
    (tmp_path / "s" / "snapshot.json").write_text(json.dumps(data), encoding="utf-8")
    monkeypatch.setattr(recording, "owner_names", lambda: {"Priya Raman"})
    report = problem_report.build("firewall_on", "wrong", replay=tmp_path / "s")
    with zipfile.ZipFile(io.BytesIO(report.to_zip())) as z:
        text = "\n".join(z.read(n).decode("utf-8") for n in z.namelist())
    assert "priya" not in text.lower() and report.result.status is Status.PASS
    assert "priya" not in report.snapshot_text().lower()  # the preview shows the same


def test_result_json_is_redacted(monkeypatch: pytest.MonkeyPatch) -> None:
    case = next(c for c in fixture_cases() if c.check == "wifi_security"
                and c.path.name == "linux_nmcli_wpa2_handmade")
    monkeypatch.setattr(recording, "default_identifiers", lambda: {"Acacia-Ave-5G"})
    report = problem_report.build("wifi_security", "wrong", replay=case.path)
    leaky = dataclasses.replace(report, result=dataclasses.replace(
        report.result, summary="Connected to Acacia-Ave-5G, Tom\u2019s iPhone nearby"))
    out = json.loads(leaky.result_text())
    assert "Acacia" not in out["summary"] and "Tom" not in out["summary"]


CASES = list(fixture_cases())


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_every_fixture_decides_the_same_once_redacted(case: Case) -> None:
    snap = snapshot_mod.parse(case.snapshot())
    red = snapshot_mod.redact(snap, {"JaneDoeHome", "/home/jane", "janes-laptop"},
                              {"Jane Doe"})
    result = run_check(case.check, red.to_json(), today=case.meta.get("today"),
                       attestations=case.meta.get("attestations"),
                       options=case.meta.get("options"))
    assert result.status is Status(case.expect), result.summary
