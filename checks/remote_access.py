"""No remote-access or screen-recording software running (GPiA 047 §4: spyware and physical
intrusion, someone seeing the session without the client's knowledge).

Two sources: running processes matched by exact name against a dated, curated list in
``assets/remote_access/tools.json`` (handed to the run as reference data, never opened here),
and the operating system's own remote-login services (Windows Remote Desktop switched on; on
macOS and Linux, something listening for SSH, VNC/Screen Sharing, Apple Remote Management or
RDP on a non-loopback address). Outbound-only tools such as
TeamViewer do not listen on a port, which is why processes are read as well.

Finding something is a warning, never a failure: the practitioner may use it on purpose. An
empty or unreadable process list is not evidence that nothing runs, so it makes the result
unknown.
"""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass
from pathlib import PurePosixPath, PureWindowsPath
from typing import Any

from readiness.check import CheckContext, PlatformCheck
from readiness.model import Outcome, Scalar, Status
from readiness.reference import REMOTE_TOOLS

ASSET_FORMAT = "readiness-remote-access/1"
EXPECTED = "no remote-access or screen-recording software running, and remote login switched off"

RDP_KEY = r"HKLM\SYSTEM\CurrentControlSet\Control\Terminal Server\fDenyTSConnections"
RDP_POLICY = r"HKLM\SOFTWARE\Policies\Microsoft\Windows NT\Terminal Services\fDenyTSConnections"

MACOS_PORTS = {
    22: "Remote Login (SSH)",
    5900: "Screen Sharing or another VNC server",
    3283: "Remote Management (Apple Remote Desktop)",
    3389: "a Remote Desktop (RDP) server",
}
LINUX_PORTS = {
    22: "an SSH server (remote login)",
    3389: "a Remote Desktop (RDP) server, such as xrdp or GNOME Remote Desktop",
    **{p: "a VNC (screen-sharing) server" for p in range(5900, 5910)},
}


class ToolListError(Exception):
    """The list is missing or malformed."""


@dataclass(frozen=True)
class Tool:
    id: str
    name: str
    kind: str  # remote_access | screen_recording
    processes: dict[str, tuple[str, ...]]


@dataclass(frozen=True)
class ToolList:
    updated: str
    tools: tuple[Tool, ...]


def parse_tools(data: Any) -> ToolList:
    """The tool list from its JSON (handed to the run as reference data); ToolListError when
    it is malformed."""
    if not isinstance(data, dict) or data.get("format") != ASSET_FORMAT:
        raise ToolListError("the remote-access tool list is not in the expected format")
    updated = data.get("updated")
    raw_tools = data.get("tools")
    if not isinstance(updated, str) or not isinstance(raw_tools, list) or not raw_tools:
        raise ToolListError("the remote-access tool list has no date or no tools")
    tools: list[Tool] = []
    for item in raw_tools:
        if not isinstance(item, dict):
            raise ToolListError("the remote-access tool list has a malformed entry")
        procs = item.get("processes")
        if not isinstance(procs, dict):
            raise ToolListError(f"the remote-access tool list entry {item.get('id')!r} has no "
                                "process names")
        ok = (
            isinstance(item.get("id"), str) and isinstance(item.get("name"), str)
            and item.get("kind") in ("remote_access", "screen_recording")
            and isinstance(procs, dict)
            and all(k in ("windows", "macos", "linux") and isinstance(v, list)
                    and all(isinstance(n, str) and n for n in v) for k, v in procs.items())
        )
        if not ok:
            raise ToolListError(f"the remote-access tool list entry {item.get('id')!r} is "
                                "malformed")
        tools.append(Tool(item["id"], item["name"], item["kind"],
                          {k: tuple(v) for k, v in procs.items()}))
    return ToolList(updated, tuple(tools))


def _exe_base(exe: str) -> str:
    if not exe:
        return ""
    return (PureWindowsPath(exe).name if "\\" in exe else PurePosixPath(exe).name).lower()


def match_processes(os_key: str, names_and_exes: list[tuple[str, str]],
                    tools: ToolList) -> list[Tool]:
    """Tools with a running process whose name (or program file name) matches exactly."""
    running: set[str] = set()
    for name, exe in names_and_exes:
        if name:
            running.add(name.lower())
        base = _exe_base(exe)
        if base:
            running.add(base)
    return [t for t in tools.tools
            if any(p.lower() in running for p in t.processes.get(os_key, ()))]


def _host_is_loopback(host: str) -> bool:
    host = host.strip("[]").split("%", 1)[0]
    if host in ("*", "", "0.0.0.0", "::"):  # noqa: S104 - reading, not binding
        return False
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False  # a name we cannot place: count it, better a warning than a miss


def parse_ss_listen(text: str) -> list[tuple[str, int]] | None:
    """``ss -ltn`` → (local host, port) pairs; None when the output is not recognisable."""
    lines = [ln for ln in text.splitlines() if ln.strip()]
    if not lines or not lines[0].split()[0:1] == ["State"]:
        return None
    out: list[tuple[str, int]] = []
    for ln in lines[1:]:
        parts = ln.split()
        if len(parts) < 5 or parts[0] != "LISTEN":
            return None
        host, _, port = parts[3].rpartition(":")
        if not port.isdigit() or not host:
            return None
        out.append((host, int(port)))
    return out


def parse_netstat_listen(text: str) -> list[tuple[str, int]] | None:
    """macOS ``netstat -an -p tcp`` → listening (host, port); None when unrecognisable."""
    lines = [ln for ln in text.splitlines() if ln.strip()]
    header = [i for i, ln in enumerate(lines) if ln.split()[:3] == ["Proto", "Recv-Q", "Send-Q"]]
    if not header:
        return None
    out: list[tuple[str, int]] = []
    for ln in lines[header[0] + 1:]:
        parts = ln.split()
        if not parts[0].startswith("tcp") or len(parts) < 5:
            return None
        if parts[-1] != "LISTEN":
            continue
        host, _, port = parts[3].rpartition(".")
        if not port.isdigit() or not host:
            return None
        out.append((host, int(port)))
    return out


def _services_from_ports(listening: list[tuple[str, int]], table: dict[int, str]) -> list[str]:
    found: list[str] = []
    for host, port in listening:
        label = table.get(port)
        if label and not _host_is_loopback(host) and label not in found:
            found.append(label)
    return found


def _windows_services(ctx: CheckContext) -> tuple[list[str], list[str]]:
    """(services found, reasons Readiness could not tell)."""
    policy = ctx.registry(RDP_POLICY)
    key = RDP_KEY
    if policy.ok:
        value = policy.value  # a group policy overrides the local switch
        key = RDP_POLICY
    elif policy.error == "missing":
        local = ctx.registry(RDP_KEY)
        if not local.ok:
            return [], [f"the Remote Desktop setting could not be read ({local.error})"]
        value = local.value
    else:
        return [], [f"the Remote Desktop policy could not be read ({policy.error})"]
    if isinstance(value, bool) or not isinstance(value, int) or value not in (0, 1):
        return [], [f"the Remote Desktop setting has an unexpected value ({value!r} at {key})"]
    return (["Windows Remote Desktop (switched on)"] if value == 0 else []), []


def _posix_services(ctx: CheckContext, os_key: str) -> tuple[list[str], list[str]]:
    if os_key == "macos":
        res = ctx.run(["netstat", "-a", "-n", "-p", "tcp"], timeout=10)
        parsed = parse_netstat_listen(res.stdout) if res.ok else None
        table = MACOS_PORTS
    else:
        res = ctx.run(["ss", "-l", "-t", "-n"], timeout=10)
        parsed = parse_ss_listen(res.stdout) if res.ok else None
        table = LINUX_PORTS
    if parsed is None:
        why = res.problem() or "its output was not recognised"
        return [], [f"listening network services could not be listed ({why})"]
    return _services_from_ports(parsed, table), []


def evaluate(ctx: CheckContext) -> Outcome:
    os_key = ctx.platform.os_key
    method = ("running processes matched against a dated list of remote-access and "
              "screen-recording tools; remote-login services")
    observed: dict[str, Scalar] = {}
    problems: list[str] = []
    remote: list[str] = []
    recording: list[str] = []

    tools: ToolList | None = None
    ref = ctx.reference(REMOTE_TOOLS)
    try:
        if not ref.ok:
            raise ToolListError(ref.problem or "the remote-access tool list was not given")
        tools = parse_tools(ref.data)
        observed["tool_list_updated"] = tools.updated
    except ToolListError as exc:
        problems.append(str(exc))

    procs = ctx.processes()
    if not procs.ok:
        problems.append(f"the running programs could not be listed ({procs.error})")
    elif not procs.processes:
        # A real system always runs something: an empty list means we were not shown it.
        problems.append("the list of running programs came back empty")
    elif tools is not None:
        observed["processes_checked"] = len(procs.processes)
        for tool in match_processes(os_key, [(p.name, p.exe) for p in procs.processes], tools):
            (remote if tool.kind == "remote_access" else recording).append(tool.name)

    if os_key == "windows":
        services, why = _windows_services(ctx)
    else:
        services, why = _posix_services(ctx, os_key)
    remote.extend(s for s in services if s not in remote)
    problems.extend(why)

    if remote:
        observed["remote_access_found"] = "; ".join(remote)
    if recording:
        observed["screen_recording_found"] = "; ".join(recording)
    if problems:
        observed["could_not_check"] = "; ".join(problems)

    if remote or recording:
        parts = []
        if remote:
            parts.append("remote access: " + ", ".join(remote))
        if recording:
            parts.append("screen recording: " + ", ".join(recording))
        tail = (" Some things could not be checked: " + "; ".join(problems) + "."
                if problems else "")
        return Outcome(Status.WARN,
                       "Found " + "; ".join(parts) + ". If you did not set this up yourself, or "
                       "do not need it during sessions, close or switch it off." + tail,
                       observed, EXPECTED, method)
    if problems:
        return Outcome(Status.UNKNOWN,
                       "Could not tell whether remote-access software is running: "
                       + "; ".join(problems) + ".", observed, EXPECTED, method)
    return Outcome(Status.PASS,
                   "No known remote-access or screen-recording software is running, and remote "
                   "login is switched off.", observed, EXPECTED, method)


REMOTE_ACCESS = PlatformCheck("remote_access_absent", windows=evaluate, macos=evaluate,
                              linux=evaluate, budget_s=15.0)
