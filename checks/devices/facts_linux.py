"""Linux camera and microphone facts.

Cameras: the ``/dev/videoN`` nodes (Video4Linux), and whether this account may open each one
(``find <nodes> -maxdepth 0 -readable -writable``, which prints the nodes the kernel's
access check lets this account open, and never opens a device, so the camera is not switched
on). A desktop session usually grants access through an ACL
(logind's "uaccess"), otherwise membership of the ``video`` group does. One camera often has
two nodes (video and metadata), so nodes are counted, not cameras.
Microphones: the sound server's sources (``pactl -f json list sources``, which PipeWire's
pulse layer answers too), leaving out the monitors of outputs and sources whose active port is
"not available" (an unplugged headset jack); ``wpctl status`` when pactl cannot answer.
"""

from __future__ import annotations

import json
import re
from typing import Any

from checks.devices.model import Block, DeviceFacts, Kind
from readiness.check import CheckContext

VIDEO_NODE = re.compile(r"^video\d+$")
MAX_NODES = 8
NOT_AN_INDEX = 4294967295  # PA_INVALID_INDEX
PACTL_SOURCES = ["pactl", "-f", "json", "list", "sources"]
WPCTL_STATUS = ["wpctl", "status"]
METHOD = ("/dev/video* and this account's access to them (find -readable -writable), and the sound "
          "server's sources (pactl -f json list sources, else wpctl status)")
# One entry of a wpctl status list: tree drawing, "*" for the default, "<id>. <name> [...]".
_WP_ENTRY = re.compile(r"^[\s\u2502\u251c\u2514\u2500]*?(\*)?\s*(\d+)\.\s+(.+?)"
                       r"(?:\s+\[[^\]]*\])?\s*$")


def _node_key(name: str) -> int:
    return int(name[len("video"):])


def parse_access(text: str, asked: list[str]) -> tuple[str, ...] | None:
    """The nodes ``find ... -readable -writable`` printed (those this account may open);
    None when it printed anything else."""
    lines = [ln.strip() for ln in text.splitlines() if ln.strip()]
    if any(ln not in asked for ln in lines) or len(set(lines)) != len(lines):
        return None
    return tuple(p for p in asked if p in lines)


def _cameras(ctx: CheckContext) -> Kind:
    listing = ctx.list_dir("/dev")
    if listing.names is None:
        return Kind(None, f"/dev could not be listed ({listing.reason})")
    nodes = sorted((n for n in listing.names if VIDEO_NODE.match(n)), key=_node_key)
    paths = [f"/dev/{n}" for n in nodes[:MAX_NODES]]
    if not paths:
        return Kind(())
    res = ctx.run(["find", *paths, "-maxdepth", "0", "-readable", "-writable"], timeout=5)
    usable = parse_access(res.stdout, paths) if res.ok else None
    if usable is None:
        return Kind(None, f"access to {', '.join(paths)} could not be checked ("
                    f"{res.problem() or 'find printed something else'})")
    refused = [p for p in paths if p not in usable]
    unusable = tuple(f"{p} (this account may not open it)" for p in refused)
    blocks: tuple[Block, ...] = ()
    if not usable:
        blocks = (Block(f"this account may not open {', '.join(refused)} (it is neither "
                        "granted by the desktop session nor a member of the 'video' group)"),)
    return Kind(usable, "", blocks, "", unusable)


def _is_microphone(source: dict[str, Any]) -> bool:
    props = source.get("properties")
    props = props if isinstance(props, dict) else {}
    # pactl prints the monitored sink's name, or "n/a"; some versions its index, where
    # PA_INVALID_INDEX (4294967295) means "not a monitor".
    monitor = source.get("monitor_of_sink")
    if isinstance(monitor, int) and not isinstance(monitor, bool):
        monitor = None if monitor == NOT_AN_INDEX else monitor
    if (monitor not in (None, "", "n/a") or props.get("device.class") == "monitor"
            or str(source.get("name", "")).endswith(".monitor")):
        return False
    active = source.get("active_port")
    for port in source.get("ports") or []:
        if isinstance(port, dict) and port.get("name") == active:
            return port.get("availability") != "not available"
    return True


def parse_pactl_sources(text: str) -> tuple[str, ...] | None:
    """Microphone descriptions from ``pactl -f json list sources``; None if not that list."""
    try:
        data = json.loads(text)
    except ValueError:
        return None
    if not isinstance(data, list) or not all(isinstance(s, dict) for s in data):
        return None
    names: list[str] = []
    for source in data:
        label = source.get("description") or source.get("name")
        if not isinstance(label, str) or not label.strip():
            return None
        if _is_microphone(source):
            names.append(label.strip())
    return tuple(names)


def parse_wpctl_sources(text: str) -> tuple[str, ...] | None:
    """Source names in the Audio section of ``wpctl status``; None if there is no such
    section (an empty tuple when it lists none)."""
    section = sub = ""
    found: list[str] | None = None
    for line in text.splitlines():
        if line[:1].isalpha():
            section, sub = line.strip(), ""
            continue
        if section != "Audio":
            continue
        entry = _WP_ENTRY.match(line)
        stripped = line.strip(" \u2502\u251c\u2514\u2500\t")
        if entry is None and stripped.endswith(":"):
            sub = stripped
            if sub == "Sources:" and found is None:
                found = []
        elif entry is not None and sub == "Sources:" and found is not None:
            found.append(entry.group(3).strip())
    return None if found is None else tuple(found)


def _microphones(ctx: CheckContext) -> Kind:
    res = ctx.run(PACTL_SOURCES, timeout=5)
    mics = parse_pactl_sources(res.stdout) if res.ok else None
    if mics is not None:
        return Kind(mics, checked=False)
    first = res.problem() or "pactl's list was not recognised"
    res = ctx.run(WPCTL_STATUS, timeout=5)
    mics = parse_wpctl_sources(res.stdout) if res.ok else None
    if mics is not None:
        return Kind(mics, checked=False)
    second = res.problem() or "wpctl's status has no list of audio sources"
    # In words, not "tool: reason; tool: reason": it reaches the summary and the signed PDF.
    # Each reason names its program already.
    return Kind(None, f"the sound system did not list them: {first}, and then {second}",
                checked=False)


def gather(ctx: CheckContext) -> DeviceFacts:
    return DeviceFacts(_cameras(ctx), _microphones(ctx), METHOD,
                       cleared="This account may open the camera.")
