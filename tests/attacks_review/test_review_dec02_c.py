"""Review of 2026-12-02 (c): a second privacy pass over problem reports and redacted snapshots.

Each test names one thing a real practitioner's computer can record that survives redaction
into the zip they e-mail to support. Each was written as a strict xfail and now passes: the
leak it names is fixed. Everything is replayed from the project's fixture snapshots, with a
realistic value put in: no test leaves the machine.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from readiness import problem_report
from readiness.model import Status
from readiness.probe import recording
from readiness.probe import snapshot as snapshot_mod
from tests.attacks_review.report_helpers import command as _command
from tests.attacks_review.report_helpers import fixture as _fixture
from tests.attacks_review.report_helpers import write_snapshot as _write
from tests.attacks_review.report_helpers import zip_text as _zip_text

# --- helpers ------------------------------------------------------------------------------


# A client's name and the practice's business name, as they appear in real folder names.
CLIENT = "Priya Raman"
BT_MAC = "AC_80_0A_11_22_33"
PRACTICE = "Calm Minds Counselling"


# --- 1. HIGH: file paths that carry client names --------------------------------------------

RENAMES = ("HKLM\\SYSTEM\\CurrentControlSet\\Control\\Session Manager\\"
           "PendingFileRenameOperations")


def test_pending_file_renames_do_not_carry_client_file_names(tmp_path: Path) -> None:
    data = _fixture("restart_pending/windows_pending_file_renames_three_deletions")
    value = data["registry"][RENAMES]["value"]
    value[:0] = [f"\\??\\C:\\Users\\jane\\OneDrive - {PRACTICE}\\Clients\\{CLIENT}\\"
                 "~WRL0003.tmp", "",
                 f"\\??\\D:\\Clients\\{CLIENT}\\session notes 2026-11-30.docx", ""]
    report = problem_report.build("restart_pending", "wrong", replay=_write(tmp_path, data))
    assert report.result.status is Status.WARN  # files queued: a restart is waiting
    text = _zip_text(report)
    assert CLIENT not in text
    assert PRACTICE not in text


# --- 2. MEDIUM: lists of everything installed or running --------------------------------------

def test_process_list_keeps_only_the_processes_the_check_reads(tmp_path: Path) -> None:
    data = _fixture("remote_access_absent/macos_handmade_nothing_running")
    data["processes"].append({
        "name": "TherapyNotes",
        "exe": f"/Volumes/{PRACTICE}/TherapyNotes.app/Contents/MacOS/TherapyNotes",
        "username": "jane"})
    report = problem_report.build("remote_access_absent", "wrong",
                                  replay=_write(tmp_path, data))
    assert report.result.status is Status.PASS
    text = _zip_text(report)
    assert "TherapyNotes" not in text
    assert PRACTICE not in text


def test_flatpak_list_keeps_only_the_session_apps(tmp_path: Path) -> None:
    data = _fixture("session_apps_current/linux_flatpak_edge_118_warn")
    flatpak = _command(data, "flatpak", "list", "--app")
    flatpak["stdout"] += "com.example.TherapyNotes\t2.4.1\norg.signal.Signal\t7.80.0\n"
    report = problem_report.build("session_apps_current", "wrong",
                                  replay=_write(tmp_path, data))
    assert report.result.status is Status.WARN
    text = _zip_text(report)
    assert "TherapyNotes" not in text
    assert "org.signal.Signal" not in text


def test_install_history_keeps_only_apples_items(tmp_path: Path) -> None:
    data = _fixture("malware_protection/macos_handmade_all_on")
    sp = _command(data, "system_profiler", "SPInstallHistoryDataType")
    history = json.loads(sp["stdout"])
    history["SPInstallHistoryDataType"] += [
        {"_name": "TherapyNotes", "install_date": "2026-10-01T09:12:00Z",
         "install_version": "2.4.1", "package_source": "package_source_other"},
        {"_name": f"{PRACTICE} Client Portal", "install_date": "2026-10-02T09:12:00Z",
         "install_version": "1.0", "package_source": "package_source_other"}]
    sp["stdout"] = json.dumps(history, indent=2) + "\n"
    report = problem_report.build("malware_protection", "wrong", replay=_write(tmp_path, data))
    assert report.result.status is Status.PASS
    text = _zip_text(report)
    assert "TherapyNotes" not in text
    assert PRACTICE not in text


# --- 3. MEDIUM: names the redaction misses in their tools' spelling ---------------------------

def test_lvm_names_made_from_a_hyphenated_host_name_are_redacted() -> None:
    text = snapshot_mod.text_redactor({"janes-laptop"})
    out = text('{"source": "/dev/mapper/janes--laptop--vg-root", "fstype": "ext4"}',
               ["findmnt", "-J", "-o", "SOURCE,FSTYPE", "-T", "/home"])
    assert "janes" not in out


def test_headset_owner_names_are_redacted_whatever_the_model(tmp_path: Path,
                                                            monkeypatch: pytest.MonkeyPatch
                                                            ) -> None:
    monkeypatch.setattr(recording, "owner_names", lambda: set())  # not this account's owner
    data = _fixture("devices_ready/linux_handmade_uvc_camera_and_internal_mic")
    pactl = _command(data, "pactl", "-f", "json", "list", "sources")
    sources = json.loads(pactl["stdout"])
    sources.append({  # the microphone of a connected pair of Bluetooth headphones
        "index": 81, "state": "SUSPENDED", "name": f"bluez_input.{BT_MAC}.0",
        "description": "Priya\u2019s Bose QC45", "driver": "PipeWire",
        "monitor_of_sink": None,
        "properties": {"device.bus": "bluetooth", "device.form_factor": "headset",
                       "bluez5.alias": "Priya\u2019s Bose QC45"},
        "ports": [], "active_port": None})
    pactl["stdout"] = json.dumps(sources, indent=2, ensure_ascii=False) + "\n"
    report = problem_report.build("devices_ready", "wrong", replay=_write(tmp_path, data))
    text = _zip_text(report)
    assert "Priya" not in text


def test_wpctl_client_list_does_not_name_running_apps(tmp_path: Path) -> None:
    data = _fixture("devices_ready/linux_wpctl_no_audio_sources_just_after_boot")
    wpctl = _command(data, "wpctl", "status")
    wpctl["stdout"] = wpctl["stdout"].replace(
        "        35. wpctl ",
        "        41. TherapyNotes                        [1.6.7, valdur@vlap, pid:5120]\n"
        "        35. wpctl ")
    report = problem_report.build("devices_ready", "wrong", replay=_write(tmp_path, data))
    assert report.result.status is Status.WARN
    assert "TherapyNotes" not in _zip_text(report)


def test_vpn_adapter_name_on_the_default_route_is_redacted() -> None:
    data = _fixture("connection_quality/windows_handmade_doxy_quick_and_steady")
    ps = _command(data, "powershell")
    ps["stdout"] = json.dumps({
        "InterfaceIndex": 23, "Name": f"{PRACTICE} VPN",
        "InterfaceDescription": "WAN Miniport (IKEv2)", "NdisPhysicalMedium": 0,
        "PhysicalMediaType": "Unspecified"}) + "\n"
    # The check runs only when turned on; `readiness snapshot --redact` records it anyway.
    redacted = snapshot_mod.redact(snapshot_mod.parse(data), set())
    assert PRACTICE not in json.dumps(redacted.to_json(), ensure_ascii=False)


# --- 4. LOW/MEDIUM: hardware serials where the serial key is not ------------------------------

USB_SERIAL = "5A1B2C3D"


def test_usb_serial_inside_pipewire_names_is_redacted(tmp_path: Path) -> None:
    data = _fixture("devices_ready/linux_handmade_uvc_camera_and_internal_mic")
    pactl = _command(data, "pactl", "-f", "json", "list", "sources")
    sources = json.loads(pactl["stdout"])
    udev = f"usb-046d_Logitech_BRIO_{USB_SERIAL}-02"
    sources.append({  # a USB webcam's microphone, as PipeWire lists it
        "index": 70, "state": "SUSPENDED", "name": f"alsa_input.{udev}.analog-stereo",
        "description": "Logitech BRIO Analog Stereo", "driver": "PipeWire",
        "monitor_of_sink": "n/a",
        "properties": {"device.class": "sound", "device.bus": "usb",
                       "device.serial": f"046d_Logitech_BRIO_{USB_SERIAL}",
                       "device.name": f"alsa_card.{udev}"},
        "ports": [], "active_port": None})
    pactl["stdout"] = json.dumps(sources, indent=2) + "\n"
    report = problem_report.build("devices_ready", "wrong", replay=_write(tmp_path, data))
    assert report.result.status is Status.PASS
    text = _zip_text(report)
    assert "device.serial\\\": \\\"<redacted>" in text  # its own key: redacted
    assert USB_SERIAL not in text


def test_apt_proxy_host_is_redacted() -> None:
    text = snapshot_mod.text_redactor(set())
    out = text('APT::Periodic::Unattended-Upgrade "1";\n'
               'Acquire::http::Proxy "http://jane:Secr3t@proxy.calmminds.co.uk:3128/";\n'
               'Unattended-Upgrade::Mail "jane@calmminds.co.uk";\n', ["apt-config", "dump"])
    assert "Secr3t" not in out and "jane@" not in out  # credentials and e-mail: redacted
    assert "calmminds" not in out
