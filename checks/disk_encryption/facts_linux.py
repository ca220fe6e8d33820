"""Linux disk-encryption facts: the layers under /, a separate /home, and swap."""

from __future__ import annotations

import re
from dataclasses import dataclass

from checks.disk_encryption.layers import (
    VIRTUAL_FS,
    Mount,
    parse_findmnt,
    parse_lsblk_ancestry,
    parse_proc_swaps,
)
from readiness.check import CheckContext
from readiness.model import Scalar

LSBLK_COLUMNS = "NAME,TYPE,FSTYPE,MOUNTPOINTS"


def _trace(ctx: CheckContext, device: str, label: str,
           observed: dict[str, Scalar]) -> bool | None:
    res = ctx.run(["lsblk", "-s", "-J", "-o", LSBLK_COLUMNS, device], timeout=10)
    if res.ran and not res.stdout.strip() and "unknown column" in res.stderr.lower():
        # util-linux before 2.37 has no MOUNTPOINTS column; the layers are all we need.
        res = ctx.run(["lsblk", "-s", "-J", "-o", "NAME,TYPE,FSTYPE", device], timeout=10)
    if not res.ok:
        return None
    covered, layers = parse_lsblk_ancestry(res.stdout)
    observed[f"{label}_layers"] = layers or None
    return covered


def _zfs_encrypted(ctx: CheckContext, dataset: str,
                   observed: dict[str, Scalar], label: str) -> bool | None:
    res = ctx.run(["zfs", "get", "-H", "-o", "value", "encryption", dataset], timeout=10)
    if not res.ok:
        return None
    value = res.stdout.strip()
    observed[f"{label}_zfs_encryption"] = value or None
    if value == "off":
        return False
    if re.fullmatch(r"aes-(128|192|256)-(ccm|gcm)|on", value):
        return True
    return None


def _mount_state(ctx: CheckContext, target: str, label: str,
                 observed: dict[str, Scalar]) -> tuple[bool | None, str]:
    """(encrypted?, why-unknown) for the filesystem mounted at ``target``."""
    res = ctx.run(["findmnt", "-J", "-o", "SOURCE,FSTYPE", target], timeout=10)
    if not res.ok:
        return None, f"the device under {target} could not be found ({res.problem()})"
    mount = parse_findmnt(res.stdout)
    if mount is None:
        return None, f"findmnt's answer for {target} was not recognised"
    observed[f"{label}_source"] = mount.source
    observed[f"{label}_fstype"] = mount.fstype
    return _device_state(ctx, mount, label, observed, target)


def _device_state(ctx: CheckContext, mount: Mount, label: str,
                  observed: dict[str, Scalar], target: str) -> tuple[bool | None, str]:
    if mount.fstype == "zfs":
        enc = _zfs_encrypted(ctx, mount.source, observed, label)
        return enc, "" if enc is not None else f"ZFS encryption of {target} could not be read"
    if mount.fstype in VIRTUAL_FS or not mount.source.startswith("/dev/"):
        return None, (f"{target} is on {mount.fstype} ({mount.source}), which does not show the "
                      "disk underneath (a live system, container or network drive?)")
    enc = _trace(ctx, mount.source, label, observed)
    return enc, "" if enc is not None else f"the layers under {mount.source} could not be read"


def _home_state(ctx: CheckContext, observed: dict[str, Scalar],
                root_source: str) -> tuple[bool | None, str, bool]:
    """(encrypted?, why-unknown, separate?) for /home; not separate -> (None, "", False)."""
    # --target names the filesystem that holds /home: / itself unless /home is mounted apart.
    res = ctx.run(["findmnt", "-J", "-o", "SOURCE,FSTYPE", "-T", "/home"], timeout=10)
    if not res.ok:
        return None, f"whether /home is separate could not be read ({res.problem()})", True
    mount = parse_findmnt(res.stdout)
    if mount is None:
        return None, "findmnt's answer for /home was not recognised", True
    observed["home_separate"] = mount.source != root_source
    if mount.source == root_source:
        return None, "", False
    observed["home_source"] = mount.source
    observed["home_fstype"] = mount.fstype
    enc, why = _device_state(ctx, mount, "home", observed, "/home")
    return enc, why, True


def _swap_state(ctx: CheckContext, observed: dict[str, Scalar]) -> tuple[bool | None, str]:
    """(all swap encrypted or in RAM?, why-unknown)."""
    swaps_file = ctx.read_file("/proc/swaps")
    if swaps_file.text is None:
        return None, f"the swap list could not be read ({swaps_file.reason})"
    swaps = parse_proc_swaps(swaps_file.text)
    if swaps is None:
        return None, "the swap list was not recognised"
    observed["swap_areas"] = len(swaps)
    plain: list[str] = []
    for i, (path, kind) in enumerate(swaps):
        if kind == "partition" and path.startswith("/dev/zram"):
            continue  # compressed RAM, never written to disk
        if kind == "partition":
            enc = _trace(ctx, path, f"swap{i}", observed)
        else:
            res = ctx.run(["findmnt", "-J", "-o", "SOURCE,FSTYPE", "-T", path], timeout=10)
            mount = parse_findmnt(res.stdout) if res.ok else None
            enc = (None if mount is None
                   else _device_state(ctx, mount, f"swap{i}", observed, path)[0])
        if enc is None:
            return None, f"whether the swap area {path} is encrypted could not be read"
        if not enc:
            plain.append(path)
    observed["unencrypted_swap"] = ", ".join(plain) or None
    return (not plain), ""


@dataclass(frozen=True)
class LinuxFacts:
    """Each area's state: True encrypted, False not, None could not tell (with why)."""

    observed: dict[str, Scalar]
    root: bool | None
    root_why: str = ""
    home_separate: bool = False
    home: bool | None = None
    home_why: str = ""
    swap: bool | None = None
    swap_why: str = ""


def gather(ctx: CheckContext) -> LinuxFacts:
    observed: dict[str, Scalar] = {}
    root, why = _mount_state(ctx, "/", "root", observed)
    if root is not True:
        return LinuxFacts(observed, root, why)
    root_source = str(observed.get("root_source") or "")
    home, home_why, separate = _home_state(ctx, observed, root_source)
    if separate and home is not True:
        return LinuxFacts(observed, True, "", separate, home, home_why)
    swap, swap_why = _swap_state(ctx, observed)
    return LinuxFacts(observed, True, "", separate, home, home_why, swap, swap_why)
