"""Reading Linux's storage layers (findmnt, lsblk -s, /proc/swaps): pure parsers."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

# Filesystems that live in memory or are views of others: they say nothing about the disk.
VIRTUAL_FS = {"overlay", "tmpfs", "ramfs", "squashfs", "aufs", "fuse.sshfs", "9p", "virtiofs",
               "nfs", "nfs4", "cifs", "fuse"}


@dataclass(frozen=True)
class Mount:
    source: str
    fstype: str


def parse_findmnt(text: str) -> Mount | None:
    try:
        data = json.loads(text)
    except ValueError:
        return None
    if not isinstance(data, dict):
        return None
    fss = data.get("filesystems")
    if not isinstance(fss, list) or len(fss) != 1 or not isinstance(fss[0], dict):
        return None
    source, fstype = fss[0].get("source"), fss[0].get("fstype")
    if not isinstance(source, str) or not isinstance(fstype, str) or not source:
        return None
    # btrfs subvolumes are shown as /dev/mapper/x[/@]; the device is the part before "[".
    if source.startswith("/dev/") and "[" in source:
        source = source.split("[", 1)[0]
    return Mount(source, fstype)


def _covered(node: Mapping[str, Any]) -> bool | None:
    """True when this node is, or every path below it passes through, a crypt layer.

    In ``lsblk -s`` (inverse) output a node's children are the devices it is built ON, so
    the leaves are disks. None when the tree is not the shape we expect.
    """
    kind = node.get("type")
    if not isinstance(kind, str):
        return None
    if kind == "crypt":
        return True
    children = node.get("children")
    if children is None:
        return False
    if not isinstance(children, list) or not children:
        return None
    results = [_covered(c) if isinstance(c, dict) else None for c in children]
    if any(r is None for r in results):
        return None
    return all(results)


def parse_lsblk_ancestry(text: str) -> tuple[bool | None, str]:
    """(every path from the device down to a disk passes through crypt?, layers seen)."""
    try:
        data = json.loads(text)
    except ValueError:
        return None, ""
    devs = data.get("blockdevices") if isinstance(data, dict) else None
    if not isinstance(devs, list) or len(devs) != 1 or not isinstance(devs[0], dict):
        return None, ""
    layers: list[str] = []

    def walk(n: Mapping[str, Any]) -> None:
        layers.append(f"{n.get('name')}:{n.get('type')}")
        for c in n.get("children") or []:
            if isinstance(c, dict):
                walk(c)

    walk(devs[0])
    return _covered(devs[0]), " > ".join(layers)




def parse_proc_swaps(text: str) -> list[tuple[str, str]] | None:
    """(path, type) per active swap area; None if the header is not the kernel's."""
    lines = text.splitlines()
    if not lines or lines[0].split()[:2] != ["Filename", "Type"]:
        return None
    out: list[tuple[str, str]] = []
    for line in lines[1:]:
        parts = line.split()
        if not parts:
            continue
        if len(parts) < 2 or parts[1] not in ("partition", "file"):
            return None
        out.append((parts[0].replace("\\040", " "), parts[1]))
    return out

