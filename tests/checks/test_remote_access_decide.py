"""Remote-access verdicts from facts alone: no host, no probes."""

from __future__ import annotations

import pytest

from checks.remote_access import decide as rules
from checks.remote_access.facts import RDP_KEY, RDP_POLICY
from checks.remote_access.model import Listening, RdpSetting, RemoteFacts
from checks.remote_access.tools import Tool, ToolList
from readiness.model import Status

TOOLS = ToolList("2026-10-01", (
    Tool("teamviewer", "TeamViewer", "remote_access",
         {"windows": ("TeamViewer.exe",), "linux": ("teamviewerd",)}),
    Tool("obs", "OBS Studio", "screen_recording", {"windows": ("obs64.exe",), "linux": ("obs",)}),
))
BUSY = (("explorer.exe", r"C:\Windows\explorer.exe"), ("svchost.exe", ""))
RDP_OFF = RdpSetting(RDP_KEY, 1)
QUIET = Listening((("127.0.0.1", 22), ("0.0.0.0", 8080)))  # noqa: S104 - reading, not binding


def win(processes: tuple[tuple[str, str], ...] | None = BUSY, rdp: RdpSetting = RDP_OFF,
        tools: ToolList | None = TOOLS, error: str | None = None) -> RemoteFacts:
    return RemoteFacts("windows", tools, None if tools else "the list is malformed", processes,
                       error, rdp=rdp)


def posix(os_key: str, listening: Listening | None,
          processes: tuple[tuple[str, str], ...] = (("bash", "/usr/bin/bash"),)) -> RemoteFacts:
    return RemoteFacts(os_key, TOOLS, None, processes, None, listening=listening)


@pytest.mark.parametrize(
    ("facts", "status", "words"),
    [
        (win(), Status.PASS, "No known remote-access"),
        (win((*BUSY, ("teamviewer.exe", "")),), Status.WARN, "remote access: TeamViewer"),
        (win((("x", r"C:\Program Files\obs-studio\bin\64bit\obs64.exe"),)), Status.WARN,
         "screen recording: OBS Studio"),
        (win(rdp=RdpSetting(RDP_POLICY, 0)), Status.WARN, "Windows Remote Desktop"),
        (win((*BUSY, ("TeamViewer.exe", "")), rdp=RdpSetting(RDP_KEY, 0)), Status.WARN,
         "remote access: TeamViewer, Windows Remote Desktop (switched on)"),
        (win(rdp=RdpSetting(RDP_KEY, "0")), Status.UNKNOWN, "unexpected value"),
        (win(rdp=RdpSetting(RDP_KEY, True)), Status.UNKNOWN, "unexpected value"),
        (win(rdp=RdpSetting(RDP_KEY, problem="the Remote Desktop setting could not be read "
                            "(the setting does not exist)")), Status.UNKNOWN,
         "could not be read (the setting does not exist)"),
        # Something found still says what could not be checked.
        (win((("TeamViewer.exe", ""),), rdp=RdpSetting(RDP_KEY, 7)), Status.WARN,
         "Some things could not be checked"),
        (win(()), Status.UNKNOWN, "came back empty"),
        (win(None, error="could not list processes (access denied)"), Status.UNKNOWN,
         "could not be listed (the system reported: access denied)"),
        (win(tools=None), Status.UNKNOWN, "the list is malformed"),
        (posix("linux", QUIET), Status.PASS, "switched off"),
        # An outbound-only tool listens on no port: found by its process alone.
        (posix("linux", QUIET, (("bash", "/usr/bin/bash"),
                                ("teamviewerd", "/opt/teamviewer/tv_bin/teamviewerd"))),
         Status.WARN, "remote access: TeamViewer"),
        (posix("linux", Listening((("0.0.0.0", 22),))), Status.WARN,  # noqa: S104
         "an SSH server"),
        (posix("linux", Listening((("[::]", 5901),))), Status.WARN, "VNC"),
        (posix("macos", Listening((("*", 5900), ("*", 22)))), Status.WARN,
         "Screen Sharing or another VNC server, Remote Login (SSH)"),
        (posix("macos", Listening((("127.0.0.1", 5900),))), Status.PASS, "switched off"),
        (posix("linux", Listening(None, "ss is not installed")), Status.UNKNOWN,
         "listening network services could not be listed (ss is not installed)"),
        (posix("linux", None), Status.UNKNOWN, "could not be listed"),
    ],
)
def test_decide(facts: RemoteFacts, status: Status, words: str) -> None:
    out = rules.decide(facts)
    assert out.status is status, out.summary
    assert words in out.summary


def test_observed_names_what_was_checked_and_found() -> None:
    out = rules.decide(win((*BUSY, ("obs64.exe", "")), rdp=RdpSetting(RDP_POLICY, 0)))
    assert out.observed == {
        "tool_list_updated": "2026-10-01",
        "processes_checked": 3,
        "remote_access_found": "Windows Remote Desktop (switched on)",
        "screen_recording_found": "OBS Studio",
    }
