"""The remote-access tool list and the parsers the check relies on."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from checks.remote_access import listening as ls
from checks.remote_access import tools as ra
from readiness import reference
from tests.helpers import SNAPSHOTS


def bundled() -> ra.ToolList:
    ref = reference.load_remote_tools()
    assert ref.ok and ref.origin == "bundled"
    return ra.parse_tools(ref.data)


def test_bundled_list_is_valid_dated_and_unique() -> None:
    tools = bundled()
    assert reference.load_remote_tools().dated == tools.updated
    updated = dt.date.fromisoformat(tools.updated)
    assert updated <= dt.date.today()
    ids = [t.id for t in tools.tools]
    assert len(ids) == len(set(ids))
    names = {t.name for t in tools.tools}
    for wanted in ("TeamViewer", "AnyDesk", "RustDesk", "Quick Assist", "Parsec", "x11vnc",
                   "OBS Studio", "Loom", "ScreenFlow", "Camtasia"):
        assert any(wanted in n for n in names), wanted
    for tool in tools.tools:
        for os_key, procs in tool.processes.items():
            if os_key == "windows":
                assert all(p.lower().endswith(".exe") for p in procs), tool.id


@pytest.mark.parametrize("body", ["", "{}", '{"format": "readiness-remote-access/1"}',
                                  '{"format": "readiness-remote-access/1", "updated": "x", '
                                  '"tools": [{"id": "a", "name": "A", "kind": "spy", '
                                  '"processes": {}}]}'])
def test_malformed_list_is_refused(tmp_path: Path, body: str) -> None:
    path = tmp_path / "tools.json"
    path.write_text(body)
    ref = reference.load_remote_tools(path)
    if ref.ok:
        with pytest.raises(ra.ToolListError):
            ra.parse_tools(ref.data)
    else:
        assert ref.problem and ref.origin == "none"


def test_exact_case_insensitive_matching_only() -> None:
    tools = bundled()
    found = ra.match_processes("windows", [("teamviewer.EXE", ""), ("vnc-notes.exe", ""),
                                           ("myanydesk.exe", "")], tools)
    assert [t.id for t in found] == ["teamviewer"]
    # The program file name counts too (a renamed process of the same executable).
    found = ra.match_processes("linux", [("python3", "/usr/bin/x11vnc")], tools)
    assert [t.id for t in found] == ["x11vnc"]
    # Viewers and names that merely contain a tool's name are not the tool.
    assert ra.match_processes("linux", [(n, "") for n in (
        "vncviewer", "gvncviewer", "obsidian", "anydesk-helper-notes")], tools) == []
    # Another OS's names do not apply.
    assert ra.match_processes("linux", [("QuickAssist.exe", "")], tools) == []


def test_ss_and_netstat_parsers() -> None:
    real = json.loads((SNAPSHOTS / "remote_access_absent" / "linux_container_nothing_running"
                       / "snapshot.json").read_text())["commands"][0]["stdout"]
    parsed = ls.parse_ss_listen(real)
    assert parsed and all(isinstance(p, int) for _, p in parsed)
    assert ls.parse_ss_listen("garbage\n") is None
    assert ls.parse_ss_listen("") is None
    netstat = ("Active Internet connections (including servers)\n"
               "Proto Recv-Q Send-Q  Local Address          Foreign Address        (state)\n"
               "tcp46      0      0  *.5900                 *.*                    LISTEN\n"
               "tcp4       0      0  127.0.0.1.22           *.*                    LISTEN\n")
    listening = ls.parse_netstat_listen(netstat)
    assert listening == [("*", 5900), ("127.0.0.1", 22)]
    assert ls.services_from_ports(listening, ls.MACOS_PORTS) == [
        "Screen Sharing or another VNC server"]


@pytest.mark.parametrize(("host", "loopback"), [
    ("127.0.0.1", True), ("[::1]", True), ("127.0.0.53%lo", True), ("0.0.0.0", False),  # noqa: S104
    ("*", False), ("[::]", False), ("192.168.1.20", False), ("localhost", False)])
def test_loopback_detection(host: str, loopback: bool) -> None:
    assert ls.host_is_loopback(host) is loopback
