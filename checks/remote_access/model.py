"""What the remote-access check works with: the tool list, the running programs and the
operating system's remote-login switch or listening sockets, as frozen facts."""

from __future__ import annotations

from dataclasses import dataclass

from checks.remote_access.tools import ToolList
from readiness.probe.types import JSONValue

EXPECTED = "no remote-access or screen-recording software running, and remote login switched off"


@dataclass(frozen=True)
class RdpSetting:
    """Windows Remote Desktop's fDenyTSConnections: the value that applies (a group policy
    overrides the local switch) and where it was read, or why it could not be."""

    key: str
    value: JSONValue = None
    problem: str | None = None


@dataclass(frozen=True)
class Listening:
    """Listening TCP sockets (host, port), or None with the reason they could not be listed."""

    sockets: tuple[tuple[str, int], ...] | None
    problem: str = ""


@dataclass(frozen=True)
class RemoteFacts:
    os_key: str
    tools: ToolList | None
    tools_problem: str | None  # why there is no tool list
    processes: tuple[tuple[str, str], ...] | None  # (name, program file); None: not listed
    processes_error: str | None
    rdp: RdpSetting | None = None  # Windows
    listening: Listening | None = None  # macOS and Linux
