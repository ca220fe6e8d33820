"""The connection check's link readers under faults: a tool missing, timing out, failing or
printing something odd (a real old prose output included) leaves the link unknown, with the
reason, and then the check never passes: it warns, and never fails for that alone."""

from __future__ import annotations

import copy
import json
from typing import Any

import pytest

from checks.connection import link_linux, link_macos, link_windows
from readiness.check import CheckContext
from readiness.model import Status
from readiness.probe import snapshot as snapshot_mod
from readiness.probe.replay import ReplayHost
from tests.helpers import SNAPSHOTS, cmd, make_snapshot, run_check


def _snap(path: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((SNAPSHOTS / path / "snapshot.json").read_text("utf-8"))
    return data


OHAI_ROUTE = next(c["stdout"] for c in _snap(
    "connection_quality/macos_handmade_teams_quick_and_steady")["commands"]
    if c["argv"][0] == "route")  # chef/ohai, darwin network_spec.rb


# glpi-project/glpi-agent@77f7cdda24:resources/macos/system_profiler/10.6-intel (AirPort section,
# lines 670-690): system_profiler's text form, as Mac OS X 10.6 printed it. Not the JSON asked
# for: the link must stay unknown rather than be guessed from prose.
SP_TEXT_10_6 = """AirPort:

      Software Versions:
          Menu Extra: 6.2.1 (621.1)
          configd plug-in: 6.2.3 (623.1)
          System Profiler: 6.0 (600.9)
          Network Preference: 6.2.1 (621.1)
          AirPort Utility: 5.5.1 (551.19)
          IO80211 Family: 3.1.1 (311.1)
      Interfaces:
        en1:
          Card Type: AirPort Extreme  (0x14E4, 0x88)
          Firmware Version: Broadcom BCM43xx 1.0 (5.10.91.27)
          Locale: ETSI
          Country Code: X3
          Supported PHY Modes: 802.11 a/b/g/n
          Supported Channels: 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, """ \
    """36, 40, 44, 48, 52, 56, 60, 64, 100, 104, 108, 112, 116, 120, 124, 128, 132, 136, 140
          Wake On Wireless: Supported
          Status: Off

"""


def test_macos_system_profiler_prose_is_not_read() -> None:
    snap = make_snapshot("macos", commands=[cmd(list(link_macos.ROUTE), OHAI_ROUTE),
                                            cmd(list(link_macos.PROFILER), SP_TEXT_10_6)])
    found = link_macos.gather(CheckContext(ReplayHost(snapshot_mod.parse(copy.deepcopy(snap)))))
    assert found.kind is None and "system_profiler" in found.problem


# --- faults: every tool missing, timing out, failing or printing nonsense -------------------

GARBAGE = "\x00\x1b[31m?? <html>Error 0x80070005</html> ÿþ lorem ipsum 12:34\n"
FAULTS: dict[str, dict[str, Any] | None] = {
    "missing": None,
    "timed out": {"timed_out": True, "returncode": None, "stdout": ""},
    "fails": {"returncode": 1, "stdout": "", "stderr": "error"},
    "empty": {"stdout": ""},
    "odd": {"stdout": GARBAGE},
    "json of another shape": {"stdout": '{"SPAirPortDataType": 3, "InterfaceIndex": "x"}'},
}
PASSING = {
    "linux": "linux_handmade_zoom_quick_and_steady",
    "macos": "macos_handmade_teams_quick_and_steady",
    "windows": "windows_handmade_doxy_quick_and_steady",
    "windows-wifi": "windows_handmade_zoom_half_lost",
}


def _broken(case: str, argv0: str, fault: dict[str, Any] | None) -> dict[str, Any]:
    snap = _snap(f"connection_quality/{case}")
    at = next(i for i, c in enumerate(snap["commands"]) if c["argv"][0] == argv0)
    if fault is None:
        del snap["commands"][at]
    else:
        snap["commands"][at].update(fault)
    return snap


@pytest.mark.parametrize("fault", FAULTS)
@pytest.mark.parametrize(("case", "argv0"), [
    (PASSING["macos"], "route"), (PASSING["macos"], "system_profiler"),
    (PASSING["windows"], "powershell")])
def test_a_broken_tool_leaves_the_link_unknown_and_never_passes(case: str, argv0: str,
                                                                fault: str) -> None:
    options = {"connection_target": case.split("_")[2]}
    result = run_check("connection_quality", _broken(case, argv0, FAULTS[fault]),
                       options=options)
    assert result.status is Status.WARN, result.summary
    assert result.observed["link"] == "unknown" and result.observed["link_problem"]


@pytest.mark.parametrize("fault", FAULTS)
def test_a_broken_netsh_leaves_the_signal_unknown(fault: str) -> None:
    snap = _broken(PASSING["windows-wifi"], "netsh", FAULTS[fault])
    snap["native"]["connection:zoom.us"] = _snap(
        "connection_quality/windows_handmade_doxy_quick_and_steady")["native"]["connection:doxy.me"]
    snap["native"]["connection:zoom.us"]["host"] = "zoom.us"
    result = run_check("connection_quality", snap, options={"connection_target": "zoom"})
    assert result.status is Status.WARN, result.summary
    assert result.observed["link"] == "wifi" and "wifi_signal_percent" not in result.observed


@pytest.mark.parametrize("path", ["/proc/net/route", "/sys/class/net/eth0"])
@pytest.mark.parametrize("fault", ["missing", "odd"])
def test_linux_broken_files_never_pass(path: str, fault: str) -> None:
    snap = _snap(f"connection_quality/{PASSING['linux']}")
    section = "files" if path.startswith("/proc") else "dirs"
    if fault == "missing":
        del snap[section][path]
    else:
        snap[section][path] = GARBAGE if section == "files" else [GARBAGE]
    result = run_check("connection_quality", snap, options={"connection_target": "zoom"})
    assert result.status is Status.WARN and result.observed["link"] == "unknown"


def test_the_link_is_not_read_when_the_check_is_off_or_unmeasured() -> None:
    snap = _snap(f"connection_quality/{PASSING['linux']}")
    off = run_check("connection_quality", snap)
    assert off.status is Status.NOT_APPLICABLE
    assert not any(e.kind == "file" for e in off.evidence)
    del snap["native"]["connection:zoom.us"]
    unmeasured = run_check("connection_quality", snap, options={"connection_target": "zoom"})
    assert unmeasured.status is Status.UNKNOWN
    assert not any(e.kind == "file" for e in unmeasured.evidence)


def test_the_slowest_run_fits_the_budget() -> None:
    """Every connect and the handshake timing out, then the slowest link reading."""
    from checks.connection import BUDGET_S, CONNECTION
    from readiness.probe import connection as probe

    measuring = probe.DNS_TIMEOUT_S + probe.SAMPLES * (probe.CONNECT_TIMEOUT_S + probe.GAP_S) \
        + 2 * probe.CONNECT_TIMEOUT_S
    slowest = max(link_linux.WORST_CASE_S, link_macos.WORST_CASE_S, link_windows.WORST_CASE_S)
    assert CONNECTION.budget_s == BUDGET_S >= measuring + slowest + 5  # and a margin
