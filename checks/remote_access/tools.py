"""The curated list of remote-access and screen-recording tools, and matching running
programs against it (pure: the list's JSON is handed to the run as reference data)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import PurePosixPath, PureWindowsPath
from typing import Any

ASSET_FORMAT = "readiness-remote-access/1"


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


def _tool(item: Any) -> Tool:
    if not isinstance(item, dict):
        raise ToolListError("the remote-access tool list has a malformed entry")
    procs = item.get("processes")
    if not isinstance(procs, dict):
        raise ToolListError(f"the remote-access tool list entry {item.get('id')!r} has no "
                            "process names")
    ok = (
        isinstance(item.get("id"), str) and isinstance(item.get("name"), str)
        and item.get("kind") in ("remote_access", "screen_recording")
        and all(k in ("windows", "macos", "linux") and isinstance(v, list)
                and all(isinstance(n, str) and n for n in v) for k, v in procs.items())
    )
    if not ok:
        raise ToolListError(f"the remote-access tool list entry {item.get('id')!r} is "
                            "malformed")
    return Tool(item["id"], item["name"], item["kind"], {k: tuple(v) for k, v in procs.items()})


def parse_tools(data: Any) -> ToolList:
    """The tool list from its JSON (handed to the run as reference data); ToolListError when
    it is malformed."""
    if not isinstance(data, dict) or data.get("format") != ASSET_FORMAT:
        raise ToolListError("the remote-access tool list is not in the expected format")
    updated = data.get("updated")
    raw_tools = data.get("tools")
    if not isinstance(updated, str) or not isinstance(raw_tools, list) or not raw_tools:
        raise ToolListError("the remote-access tool list has no date or no tools")
    return ToolList(updated, tuple(_tool(item) for item in raw_tools))


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
