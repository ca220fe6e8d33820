"""Lists a check only counts or searches, cut down to what it reads.

Some outputs list everything of a kind: the files Windows will rename or delete at the next
start (Word, OneDrive and installers queue a client's documents there), every running
program, every installed Flatpak app or package. A check asks only "is the list empty?" or
"is one of these in it?", so every other entry is replaced by a placeholder in place. Row
counts, empty entries and the shape of the output stay, so the check decides the same.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from typing import Any

from readiness.probe.snapshot_redact import REDACTED

# --- files queued for the next start ---------------------------------------------------------

# REG_MULTI_SZ pairs of source and target (an empty target deletes the source). restart_pending
# counts the non-empty sources, so each non-empty entry becomes REDACTED and empty ones stay.
RENAMES = re.compile(r"(?i)PendingFileRenameOperations2?$")
# The value as PowerShell's ConvertTo-Json writes it: a list of strings, or one string.
_RENAMES_JSON = re.compile(r'(?i)(?P<key>"PendingFileRenameOperations2?"\s*:\s*)'
                           r'(?P<value>\[[^\]]*\]|"(?:[^"\\]|\\.)*")')
_JSON_STRING = re.compile(r'"(?:[^"\\]|\\.)*"')
# `reg query`: "    PendingFileRenameOperations    REG_MULTI_SZ    a\0\0b", entries joined
# by a literal \0.
_RENAMES_REG = re.compile(r"(?im)^(?P<key>[ \t]*PendingFileRenameOperations2?[ \t]+"
                          r"REG_MULTI_SZ[ \t]+)(?P<value>[^\r\n]*)$")


def queued_files(value: Any) -> Any:
    """Each non-empty entry of the list (or the one string) replaced."""
    if isinstance(value, list):
        return [REDACTED if isinstance(v, str) and v else v for v in value]
    return REDACTED if isinstance(value, str) and value else value


def _renames_text(text: str) -> str:
    def json_value(m: re.Match[str]) -> str:
        # Every string matched, empty ones too, so an empty one is never read as the
        # quotes around the ", " between two others.
        inner = _JSON_STRING.sub(lambda s: s.group() if s.group() == '""' else f'"{REDACTED}"',
                                 m.group("value"))
        return m.group("key") + inner

    def reg_value(m: re.Match[str]) -> str:
        parts = m.group("value").rstrip().split("\\0")
        return m.group("key") + "\\0".join(REDACTED if p else p for p in parts)
    text = _RENAMES_JSON.sub(json_value, text)
    return _RENAMES_REG.sub(reg_value, text)


def in_registry(path: str, entry: dict[str, Any]) -> dict[str, Any]:
    name = re.split(r"[\\/]", path)[-1]
    if RENAMES.match(name):
        return {**entry, "value": queued_files(entry.get("value"))}
    return entry


def in_value(value: Any) -> Any:
    """Queued files in parsed data (native probes): by key."""
    if isinstance(value, dict):
        return {k: queued_files(v) if isinstance(k, str) and RENAMES.match(k)
                else in_value(v) for k, v in value.items()}
    if isinstance(value, list):
        return [in_value(v) for v in value]
    return value


def in_text(text: str, argv: Sequence[str] = ()) -> str:
    """Every list in one recorded text (a command's output when ``argv`` is given) cut
    down to the entries a check reads."""
    if not text:
        return text
    if "endingfilerename" in text.lower():
        text = _renames_text(text)
    tool = _tool(argv)
    if tool == "flatpak" and "list" in argv:
        text = _flatpak_list(text)
    elif tool == "system_profiler" and "SPInstallHistoryDataType" in argv:
        text = _install_history(text)
    elif tool == "wpctl" and "status" in argv:
        text = _wpctl_status(text)
    return text


def _tool(argv: Sequence[str]) -> str:
    return re.split(r"[\\/]", argv[0])[-1].lower() if argv else ""


# --- installed apps --------------------------------------------------------------------------

def _flatpak_list(text: str) -> str:
    """``flatpak list --app --columns=application,version``: session_apps reads only its
    apps' lines; any other line keeps its column count (a line it cannot split still cannot
    be split) with every value replaced."""
    from checks.session_apps.facts_linux import FLATPAKS

    out = []
    for line in text.split("\n"):
        cols = line.split("\t")
        if line.strip() and cols[0].strip() not in FLATPAKS:
            line = "\t".join(REDACTED if c.strip() else c for c in cols)
        out.append(line)
    return "\n".join(out)


# Apple's own items in the install history: the data updates malware_protection reads
# (XProtect's, and MRT's and Gatekeeper's beside it) and macOS itself. Anything else names
# an app or package the practitioner installed.
_APPLE_ITEMS = re.compile(r"(?:XProtect|MRT|Gatekeeper|macOS|Mac OS X|OS X|Security Update|"
                          r"Background Task Management|Rapid Security Response)\b|"
                          r"ConfigData$")
_APPLE_SOURCE = "package_source_apple"


def _apple_item(item: Any) -> bool:
    if not isinstance(item, dict):
        return True  # no name to hide; the check skips it as it did
    name = item.get("_name")
    return name == "XProtectPlistConfigData" or (
        item.get("package_source") == _APPLE_SOURCE and isinstance(name, str)
        and bool(_APPLE_ITEMS.search(name)))


def _install_history(text: str) -> str:
    """``system_profiler SPInstallHistoryDataType -json`` with every item but Apple's replaced
    by one holding no name, version or date (the check reads XProtect's items only)."""
    stripped = text.strip().lstrip("\ufeff")
    try:
        data = json.loads(stripped)
    except ValueError:
        return REDACTED if stripped else text  # unreadable to the check either way
    items = data.get("SPInstallHistoryDataType") if isinstance(data, dict) else None
    if not isinstance(items, list):
        return text
    data["SPInstallHistoryDataType"] = [
        item if _apple_item(item) else {"_name": REDACTED} for item in items]
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


# --- PipeWire's clients and streams ----------------------------------------------------------

# One entry of a wpctl status list: tree drawing, "*" for the default, "<id>. <name> [...]".
_WP_ENTRY = re.compile(r"^(?P<lead>[\s\u2502\u251c\u2514\u2500]*?(?:\*\s*)?\d+\.\s+)"
                       r"(?P<name>.+?)(?P<tail>\s+\[[^\]]*\])?(?P<end>\s*)$")
_WP_LISTS = frozenset({"Clients:", "Streams:"})


def _wpctl_status(text: str) -> str:
    """``wpctl status``: its Clients and Streams lists name every program connected to
    PipeWire (a notes app, a messenger); devices_ready reads only the Audio sources."""
    lines = text.split("\n")
    sub = ""
    for i, line in enumerate(lines):
        if line[:1].isalpha():
            sub = ""
            continue
        entry = _WP_ENTRY.match(line)
        stripped = line.strip(" \u2502\u251c\u2514\u2500\t")
        if entry is None and stripped.endswith(":"):
            sub = stripped
        elif entry is not None and sub in _WP_LISTS:
            lines[i] = (entry.group("lead") + REDACTED + (entry.group("tail") or "")
                        + entry.group("end"))
    return "\n".join(lines)


# --- running programs ------------------------------------------------------------------------

def watched_processes() -> frozenset[str]:
    """Every process name (lower case) a check looks for, taken from the checks' own lists so
    the two never drift apart: remote-access and screen-recording tools (the bundled list
    the run is handed), desktops (screen_lock), malware scanners and GNOME Software
    (auto_updates). Imported here, when a snapshot is redacted, not when this loads."""
    from checks.malware.linux_scanner import CLAMAV_PROCESSES, KNOWN_LINUX_PRODUCTS
    from checks.screen_lock.facts_linux import GNOME_PROCS, KDE_PROCS, OTHER_DESKTOPS
    from readiness.reference import load_remote_tools

    names = {*CLAMAV_PROCESSES, *KNOWN_LINUX_PRODUCTS, *GNOME_PROCS, *KDE_PROCS,
             *OTHER_DESKTOPS, AUTO_UPDATES_PROCESS}
    names |= _tool_processes(load_remote_tools().data)
    return frozenset(n.lower() for n in names)


def _tool_processes(data: Any) -> set[str]:
    """The process names in the remote-access tool list (its JSON, read leniently: a list the
    check cannot use makes it unknown whatever the processes)."""
    tools = data.get("tools") if isinstance(data, dict) else None
    found: set[str] = set()
    for tool in tools if isinstance(tools, list) else []:
        procs = tool.get("processes") if isinstance(tool, dict) else None
        for listed in procs.values() if isinstance(procs, dict) else []:
            if isinstance(listed, list):
                found.update(n for n in listed if isinstance(n, str))
    return found


# auto_updates (Linux) asks whether GNOME Software runs, by this name written in its code.
AUTO_UPDATES_PROCESS = "gnome-software"


def _exe_base(exe: str) -> str:
    return re.split(r"[\\/]", exe)[-1].lower()


def processes(procs: list[dict[str, str]] | None,
              watched: frozenset[str] | None = None) -> list[dict[str, str]] | None:
    """The process table with the name and program path of every process no check looks for
    replaced (by its name or its program file's name, as remote_access matches); rows stay,
    so an empty table stays empty and one with rows is still read."""
    if procs is None:
        return None
    keep = watched_processes() if watched is None else watched

    def row(proc: dict[str, str]) -> dict[str, str]:
        name, exe = proc.get("name"), proc.get("exe")
        if (isinstance(name, str) and name.lower() in keep) or \
                (isinstance(exe, str) and exe and _exe_base(exe) in keep):
            return proc
        return {**proc, **{k: REDACTED for k in ("name", "exe")
                           if isinstance(proc.get(k), str) and proc[k]}}
    return [row(p) for p in procs]
