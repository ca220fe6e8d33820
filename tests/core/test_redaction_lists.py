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
