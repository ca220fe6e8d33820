"""Redaction (review of 2026-12-02 c): lists a check only counts or searches keep only what
it reads (files queued for the next start, running programs, Flatpak apps, macOS install
history, PipeWire's clients), and the decision stays the same."""

from __future__ import annotations

import json
from typing import Any

from readiness.model import Status
from readiness.probe import snapshot as snapshot_mod
from readiness.probe.types import PlatformInfo
from tests.helpers import SNAPSHOTS, run_check

R = "<redacted>"
WINDOWS = PlatformInfo("Windows", "10", "10.0.19045", "AMD64")
CLIENT = "Priya Raman"
RENAMES = ("HKLM\\SYSTEM\\CurrentControlSet\\Control\\Session Manager\\"
           "PendingFileRenameOperations")


def _text(value: str, argv: tuple[str, ...] = ()) -> str:
    return snapshot_mod.text_redactor(set())(value, argv)


def _fixture(path: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((SNAPSHOTS / path / "snapshot.json").read_text("utf-8"))
    return data


# --- files queued for the next start ---------------------------------------------------------

def test_queued_files_keep_their_count_and_empty_targets() -> None:
    snap = snapshot_mod.Snapshot(WINDOWS, registry={RENAMES: {"type": "REG_MULTI_SZ", "value": [
        f"\\??\\D:\\Clients\\{CLIENT}\\notes.docx", "", "\\??\\C:\\a.tmp", "\\??\\C:\\b.tmp"]}})
    out = snapshot_mod.redact(snap, set()).registry[RENAMES]["value"]
    assert out == [R, "", R, R]


def test_queued_files_in_native_data_powershell_json_and_reg_query() -> None:
    snap = snapshot_mod.Snapshot(WINDOWS, native={"restart": {
        "PendingFileRenameOperations": [f"\\??\\D:\\{CLIENT}\\a.docx", ""]}})
    assert snapshot_mod.redact(snap, set()).native == {
        "restart": {"PendingFileRenameOperations": [R, ""]}}
    ps = json.dumps({"PendingFileRenameOperations": [f"\\??\\D:\\{CLIENT}\\a.docx", "",
                                                     "\\??\\C:\\b.tmp"], "Other": "kept"})
    out = _text(ps, ("powershell", "-Command", "Get-ItemProperty"))
    assert json.loads(out) == {"PendingFileRenameOperations": [R, "", R], "Other": "kept"}
    one = _text('{"PendingFileRenameOperations2": "\\\\??\\\\D:\\\\Priya Raman\\\\a.docx"}')
    assert json.loads(one) == {"PendingFileRenameOperations2": R}
    reg = ("HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Control\\Session Manager\n"
           "    PendingFileRenameOperations    REG_MULTI_SZ    "
           f"\\??\\D:\\{CLIENT}\\a.docx\\0\\0\\??\\C:\\b.tmp\n")
    out = _text(reg, ("reg", "query", "HKLM\\SYSTEM\\CurrentControlSet\\Control\\Session "
                      "Manager", "/v", "PendingFileRenameOperations"))
    assert CLIENT not in out and out.endswith(f"REG_MULTI_SZ    {R}\\0\\0{R}\n")


def test_queued_files_still_warn_once_redacted() -> None:
    snap = snapshot_mod.parse(_fixture(
        "restart_pending/windows_pending_file_renames_three_deletions"))
    red = snapshot_mod.redact(snap, set())
    assert run_check("restart_pending", red.to_json()).status is Status.WARN


# --- running programs ------------------------------------------------------------------------

def test_processes_no_check_looks_for_are_replaced_and_the_rest_kept() -> None:
    procs = [
        {"name": "TherapyNotes", "exe": "/Volumes/Calm Minds/TherapyNotes.app/x", "username": ""},
        {"name": "AnyDesk", "exe": "/Applications/AnyDesk.app/Contents/MacOS/AnyDesk",
         "username": "root"},
        {"name": "helper", "exe": "C:\\Program Files\\TeamViewer\\TeamViewer.exe",
         "username": "SYSTEM"},
        {"name": "gnome-shell", "exe": "", "username": "gdm"},
        {"name": "", "exe": "", "username": "root"}]
    snap = snapshot_mod.Snapshot(WINDOWS, processes=procs)
    out = snapshot_mod.redact(snap, set()).processes
    assert out is not None and len(out) == len(procs)
    assert out[0] == {"name": R, "exe": R, "username": ""}
    assert out[1:] == procs[1:]  # by name, by program file, a desktop, an empty row


def test_the_watched_processes_come_from_the_checks_lists() -> None:
    from checks.malware.linux_scanner import CLAMAV_PROCESSES, KNOWN_LINUX_PRODUCTS
    from checks.screen_lock.facts_linux import GNOME_PROCS, KDE_PROCS, OTHER_DESKTOPS
    from readiness.probe import snapshot_lists

    watched = snapshot_lists.watched_processes()
    for name in (*CLAMAV_PROCESSES, *KNOWN_LINUX_PRODUCTS, *GNOME_PROCS, *KDE_PROCS,
                 *OTHER_DESKTOPS, "gnome-software", "anydesk", "teamviewer.exe"):
        assert name.lower() in watched, name


# --- installed apps --------------------------------------------------------------------------

def test_flatpak_lines_of_other_apps_keep_their_columns() -> None:
    printed = ("org.mozilla.firefox\t128.0\ncom.example.TherapyNotes\t2.4.1\n"
               "org.signal.Signal\t\nbroken line\n")
    out = _text(printed, ("flatpak", "list", "--app", "--columns=application,version"))
    assert out == f"org.mozilla.firefox\t128.0\n{R}\t{R}\n{R}\t\n{R}\n"


def test_install_history_keeps_apples_items() -> None:
    items = [
        {"_name": "XProtectPlistConfigData", "install_date": "2026-11-01T00:00:00Z",
         "install_version": "5300", "package_source": "package_source_apple"},
        {"_name": "macOS 15.2", "install_date": "2026-10-01T00:00:00Z",
         "package_source": "package_source_apple"},
        {"_name": "TherapyNotes", "install_date": "2026-10-01T00:00:00Z",
         "install_version": "2.4.1", "package_source": "package_source_other"},
        {"_name": "Calm Minds Client Portal", "package_source": "package_source_apple"}]
    out = _text(json.dumps({"SPInstallHistoryDataType": items}),
                ("system_profiler", "SPInstallHistoryDataType", "-json"))
    assert json.loads(out)["SPInstallHistoryDataType"] == [*items[:2], {"_name": R},
                                                          {"_name": R}]
    assert _text("not json", ("system_profiler", "SPInstallHistoryDataType", "-json")) == R


# --- PipeWire's clients and streams ----------------------------------------------------------

WPCTL = """\
PipeWire 'pipewire-0' [1.6.7, valdur@vlap, cookie:2147790589]
 \u2514\u2500 Clients:
        41. TherapyNotes                        [1.6.7, valdur@vlap, pid:5120]
        35. wpctl                               [1.6.7, valdur@vlap, pid:4760]

Audio
 \u251c\u2500 Sources:
 \u2502  *   52. Built-in Audio Analog Stereo        [vol: 1.00]
 \u2502
 \u2514\u2500 Streams:
        68. Signal
             69. input_FL        < Built-in Audio:capture_FL\t[active]
"""


def test_wpctl_clients_and_streams_are_replaced_and_sources_kept() -> None:
    out = _text(WPCTL, ("wpctl", "status"))
    assert "TherapyNotes" not in out and "Signal" not in out and "input_FL" not in out
    assert f"        41. {R}                        [1.6.7, valdur@vlap, pid:5120]" in out
    assert "*   52. Built-in Audio Analog Stereo        [vol: 1.00]" in out
    from checks.devices.facts_linux import parse_wpctl_sources
    assert parse_wpctl_sources(out) == parse_wpctl_sources(WPCTL)
