"""Review of 2026-12-02: problem reports and redacted snapshots, ``versions --refresh`` and the
connection check's link reading, used as an attacker and as a careless user would.

Each test names one defect; each was written as a strict xfail and passes now it is fixed.
Everything is replayed from snapshots or handed to the code directly: no test leaves the
machine.
"""

from __future__ import annotations

import copy
import json
import zipfile
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from checks.connection import link_macos
from checks.session_apps.decide import judge
from checks.session_apps.model import Found
from readiness import problem_report, versions
from readiness import versions_feeds as feeds
from readiness.model import Status
from readiness.probe import recording
from readiness.probe import snapshot as snapshot_mod
from readiness.probe.types import PlatformInfo
from tests.attacks_review.report_helpers import command as _command
from tests.attacks_review.report_helpers import fixture as _fixture
from tests.attacks_review.report_helpers import write_snapshot as _write
from tests.attacks_review.report_helpers import zip_text as _zip_text
from tests.core.test_versions_app_feeds import app_answers, fake
from tests.core.test_versions_feeds import chrome_releases
from tests.helpers import SNAPSHOTS, cmd, run_check

# --- helpers ------------------------------------------------------------------------------


# --- 1. problem reports: personal data that survives redaction ------------------------------

BT_MAC = "AC_80_0A_11_22_33"


def test_a_bluetooth_address_in_pipewire_node_names_is_redacted(tmp_path: Path) -> None:
    data = _fixture("devices_ready/linux_handmade_uvc_camera_and_internal_mic")
    pactl = _command(data, "pactl", "-f", "json", "list", "sources")
    sources = json.loads(pactl["stdout"])
    sources.insert(0, {  # what PipeWire adds for a connected pair of Bluetooth headphones
        "index": 80, "state": "RUNNING", "name": f"bluez_output.{BT_MAC}.1.monitor",
        "description": "Monitor of WH-1000XM4", "driver": "PipeWire",
        "monitor_of_sink": f"bluez_output.{BT_MAC}.1",
        "properties": {"device.class": "monitor", "api.bluez5.path":
                       f"/org/bluez/hci0/dev_{BT_MAC}"},
        "ports": [], "active_port": None})
    pactl["stdout"] = json.dumps(sources, indent=2) + "\n"
    report = problem_report.build("devices_ready", "wrong", replay=_write(tmp_path, data))
    assert report.result.status is Status.PASS  # the monitor is not a microphone
    text = _zip_text(report)
    assert "AC_80_0A" not in text and "11_22_33" not in text


# A global IPv6 address of this Mac (its /64 is the household's line) and two servers it talks
# to; macOS 'netstat -a -n -p tcp' lists every connection, not only listening sockets.
OWN_V6 = "2a02:c7f:8a1e:5600:9c1d:2f3e:4b5a:6c7d"
ESTABLISHED = (f"tcp6       0      0  {OWN_V6}.52144 2a00:1450:4009:81f::200e.443 "
               "ESTABLISHED\n"
               "tcp4       0      0  192.168.1.20.52190     81.2.69.160.993        "
               "ESTABLISHED\n")


def test_netstat_connections_do_not_reach_the_report(tmp_path: Path) -> None:
    data = _fixture("remote_access_absent/macos_handmade_nothing_running")
    netstat = _command(data, "netstat")
    netstat["stdout"] += ESTABLISHED
    report = problem_report.build("remote_access_absent", "wrong",
                                  replay=_write(tmp_path, data))
    text = _zip_text(report)
    assert "2a02:c7f:8a1e" not in text, "this Mac's global IPv6 address"
    assert "81.2.69.160" not in text and "17.57.146.20" not in text, "servers it talks to"


APT = "auto_updates_on/linux_unattended_upgrades_on_pass_handmade"


def _apt_report(tmp_path: Path, *lines: str) -> str:
    data = _fixture(APT)
    dump = _command(data, "apt-config", "dump")
    dump["stdout"] += "".join(line + "\n" for line in lines)
    return _zip_text(problem_report.build("auto_updates_on", "wrong",
                                          replay=_write(tmp_path, data)))


def test_an_email_address_in_the_apt_configuration_is_redacted(tmp_path: Path) -> None:
    text = _apt_report(tmp_path, 'Unattended-Upgrade::Mail "kwame.mensah@example.org";')
    assert "kwame.mensah" not in text


def test_proxy_credentials_in_the_apt_configuration_are_redacted(tmp_path: Path) -> None:
    text = _apt_report(tmp_path,
                       'Acquire::http::Proxy "http://kmensah:Winter2026!@proxy.example.org:3128/";')
    assert "Winter2026!" not in text and "kmensah" not in text


# What macOS prints for a connected pair of AirPods (system_profiler SPBluetoothDataType -json,
# the fields of the 'device_connected' entry; serial numbers as Apple lays them out).
SP_BLUETOOTH = {"SPBluetoothDataType": [{
    "controller_properties": {"controller_address": "F0:2F:4B:11:22:33",
                              "controller_state": "attrib_on"},
    "device_connected": [{"AirPods Pro": {
        "device_address": "AA:BB:CC:DD:EE:02", "device_firmwareVersion": "6A326",
        "device_minorType": "Headphones", "device_productID": "0x2014",
        "device_serialNumber": "GX7C2QWERTY1", "device_serialNumberLeft": "GX7C2QWERTY2",
        "device_serialNumberRight": "GX7C2QWERTY3", "device_vendorID": "0x004C"}}]}]}


def test_serial_numbers_in_a_redacted_snapshot_are_replaced() -> None:
    data = _fixture("headphones/macos_handmade_airpods_default_output")
    _command(data, "system_profiler", "SPBluetoothDataType")["stdout"] = \
        json.dumps(SP_BLUETOOTH, indent=2) + "\n"
    redacted = snapshot_mod.redact(snapshot_mod.parse(data), {"host-name-x"})
    text = json.dumps(redacted.to_json())
    assert "QWERTY" not in text


def test_another_accounts_login_name_in_the_process_list_is_redacted(tmp_path: Path) -> None:
    data = _fixture("remote_access_absent/linux_container_nothing_running")
    data["processes"] += [{"name": "gnome-shell", "exe": "", "username": "kmensah"},
                          {"name": "firefox", "exe": "", "username": "kmensah"}]
    report = problem_report.build("remote_access_absent", "wrong",
                                  replay=_write(tmp_path, data))
    assert report.result.status is Status.PASS
    assert "kmensah" not in _zip_text(report)


# --- 2. versions --refresh: a browser feed that goes backwards ------------------------------

REFRESH_DAY = date(2026, 12, 3)  # after the bundled table (2026-12-02), so the refresh wins


def test_an_older_browser_feed_never_makes_an_old_browser_pass() -> None:
    answers = app_answers()
    for platform in feeds.CHROME_PLATFORMS.values():
        base = f"{feeds.CHROME_BASE}/{platform}/channels"
        answers[f"{base}/stable/versions/all/releases?filter=endtime%3Dnone"] = \
            chrome_releases(("150.0.7800.10", 1))
        answers[f"{base}/extended/versions/all/releases?filter=endtime%3Dnone"] = {}
    before = versions.load()
    old = Found("chrome", "153.0.7900.1", "test")
    assert judge(old, "windows", before, REFRESH_DAY)[0] is Status.WARN  # 156 is current
    try:
        table = versions.refresh(fetch=fake(answers), today=REFRESH_DAY)
    except versions.VersionsError:
        table = versions.load()  # refusing the whole refresh is a fix too
    status, why = judge(old, "windows", table, REFRESH_DAY)
    assert status is not Status.PASS, why


# --- 3. the connection check's link on a Mac in another language ----------------------------

MAC_WIFI = "connection_quality/macos_handmade_teams_quick_and_steady"


def _mac_port_named(port: str) -> dict[str, Any]:
    """Wi-Fi on en1 by the route, but system_profiler lists its Wi-Fi elsewhere (en7), and
    networksetup names en1's hardware port ``port``: the case link_macos._not_wifi guards."""
    data = copy.deepcopy(_fixture(MAC_WIFI))
    profiler = _command(data, *link_macos.PROFILER)
    profiler["stdout"] = profiler["stdout"].replace('"_name" : "en1"', '"_name" : "en7"')
    data["commands"].append(cmd(list(link_macos.PORTS), f"Hardware Port: {port}\nDevice: en1\n"))
    return data


def test_a_german_wlan_port_is_not_taken_for_a_cable() -> None:
    options = {"connection_target": "teams"}
    english = run_check("connection_quality", _mac_port_named("Wi-Fi"), options=options)
    assert english.status is Status.WARN and english.observed["link"] == "unknown"
    german = run_check("connection_quality", _mac_port_named("WLAN"), options=options)
    assert german.observed["link"] != "wired", german.summary
    assert german.status is not Status.PASS, german.summary


# --- 1b. the note saved is not the note on screen -------------------------------------------


def test_the_note_saved_is_the_note_on_screen(qtbot: QtBot, tmp_path: Path) -> None:
    from readiness.gui.problem_dialog import ProblemDialog

    replay = SNAPSHOTS / "firewall_on" / "linux_ufw_status_verbose_deny_incoming"
    dialog = ProblemDialog("firewall_on", "Firewall", str(replay))
    qtbot.addWidget(dialog)
    dialog.description.setText("after my session with Mrs Okafor it said the firewall is off")
    dialog.prepare.click()
    qtbot.waitUntil(dialog.save_button.isEnabled, timeout=20_000)
    dialog.description.setText("it says the firewall is off but ufw is on")  # name removed
    out = tmp_path / "report.zip"
    saved = dialog.save_to(out) if dialog.save_button.isEnabled() else False
    if saved:
        with zipfile.ZipFile(out) as z:
            assert "Okafor" not in z.read("description.txt").decode("utf-8")
    dialog.close()


def test_under_sudo_the_practitioners_login_name_is_still_redacted(
        monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("LOGNAME", "USER", "LNAME", "USERNAME"):
        monkeypatch.setenv(name, "root")
    monkeypatch.setenv("HOME", "/root")
    monkeypatch.setenv("SUDO_USER", "kmensah")
    snap = snapshot_mod.Snapshot(PlatformInfo("Linux", "6.8.0", "#1", "x86_64"),
                                 files={"/etc/gdm3/custom.conf": "[daemon]\n"
                                        "AutomaticLoginEnable=true\nAutomaticLogin=kmensah\n"},
                                 dirs={"/home/kmensah/.config/autostart": ["x.desktop"]})
    redacted = snapshot_mod.redact(snap, recording.default_identifiers(),
                                   recording.owner_names())
    assert "kmensah" not in json.dumps(redacted.to_json())
