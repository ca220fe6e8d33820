"""The disk-encryption check end to end, one case per row: cases that once were handmade
replay fixtures. Each decision is also a row of the decide table
(test_disk_encryption_decide.py); these rows keep the gathering behind it covered (findmnt,
lsblk -s through every layer, zfs, /proc/swaps; on Windows the fallbacks behind the shell
property). Real outputs and the other passing cases
(fault injection replays them) stay fixtures under tests/fixtures/snapshots/disk_encryption."""

from __future__ import annotations

import json
from typing import Any

import pytest

from checks import powershell
from checks.disk_encryption import facts_windows as win
from readiness.model import Status
from tests.helpers import cmd, make_snapshot, run_check

COLUMNS = "NAME,TYPE,FSTYPE,MOUNTPOINTS"
SWAPS_HEADER = "Filename\t\t\t\tType\t\tSize\t\tUsed\t\tPriority\n"


def findmnt(source: str, fstype: str, target: str = "/") -> dict[str, Any]:
    argv = ["findmnt", "-J", "-o", "SOURCE,FSTYPE", *(["-T"] if target != "/" else []), target]
    return cmd(argv, json.dumps({"filesystems": [{"source": source, "fstype": fstype}]},
                                indent=3) + "\n")


def node(name: str, kind: str, fstype: str | None, *children: dict[str, Any],
         mounts: tuple[str | None, ...] = (None,)) -> dict[str, Any]:
    """One device of lsblk -s -J (inverse tree: children are what it is built on)."""
    out: dict[str, Any] = {"name": name, "type": kind, "fstype": fstype,
                           "mountpoints": list(mounts)}
    if children:
        out["children"] = list(children)
    return out


def lsblk(device: str, tree: dict[str, Any]) -> dict[str, Any]:
    return cmd(["lsblk", "-s", "-J", "-o", COLUMNS, device],
               json.dumps({"blockdevices": [tree]}, indent=3) + "\n")


# Ubuntu's "LVM and encryption" layout: / on an LVM volume inside LUKS.
ROOT = "/dev/mapper/vgubuntu-root"
LUKS_LVM = node("vgubuntu-root", "lvm", "ext4",
                node("dm_crypt-0", "crypt", "LVM2_member",
                     node("nvme0n1p3", "part", "crypto_LUKS",
                          node("nvme0n1", "disk", None))), mounts=("/",))
ENCRYPTED_ROOT = [findmnt(ROOT, "ext4"), lsblk(ROOT, LUKS_LVM)]

CASES: list[tuple[str, list[dict[str, Any]], dict[str, str], Status, str]] = [
    # / is encrypted but /home is a separate plain partition: the user's files are in the clear.
    ("home_unencrypted",
     [*ENCRYPTED_ROOT, findmnt("/dev/sda2", "ext4", "/home"),
      lsblk("/dev/sda2", node("sda2", "part", "ext4", node("sda", "disk", None),
                              mounts=("/home",)))],
     {"/proc/swaps": SWAPS_HEADER}, Status.FAIL, "/home"),
    # The volume group behind / spans an encrypted PV and a plain one (fleet#47256): a crypt
    # layer exists but not on every path down to a disk.
    ("lvm_one_plain_pv",
     [findmnt("/dev/mapper/vg-root", "ext4"),
      lsblk("/dev/mapper/vg-root", node(
          "vg-root", "lvm", "ext4",
          node("cryptpv", "crypt", "LVM2_member",
               node("sda2", "part", "crypto_LUKS", node("sda", "disk", None))),
          node("sdb1", "part", "LVM2_member", node("sdb", "disk", None)), mounts=("/",)))],
     {}, Status.FAIL, "not encrypted"),
    # A live session or container: / is an overlay, which hides the disk underneath.
    ("overlay_root", [findmnt("overlay", "overlay")], {}, Status.UNKNOWN, "overlay"),
    # / is encrypted but swap is a plain partition.
    ("swap_unencrypted",
     [*ENCRYPTED_ROOT, findmnt(ROOT, "ext4", "/home"),
      lsblk("/dev/nvme0n1p2", node("nvme0n1p2", "part", "swap", node("nvme0n1", "disk", None),
                                   mounts=("[SWAP]",)))],
     {"/proc/swaps": SWAPS_HEADER + "/dev/nvme0n1p2                          partition"
                                    "\t8388604\t\t0\t\t-2\n"},
     Status.WARN, "swap space is not"),
    # Ubuntu's "LVM and encryption" layout: every layer under / passes through LUKS; /home
    # is on /; no swap.
    ("luks_lvm", [*ENCRYPTED_ROOT, findmnt(ROOT, "ext4", "/home")],
     {"/proc/swaps": SWAPS_HEADER}, Status.PASS, "The system disk (/) is encrypted"),
    # ZFS root without native encryption.
    ("zfs_unencrypted",
     [findmnt("rpool/ROOT/ubuntu_x1y2z3", "zfs"),
      cmd(["zfs", "get", "-H", "-o", "value", "encryption", "rpool/ROOT/ubuntu_x1y2z3"],
          "off\n")], {}, Status.FAIL, "not encrypted"),
]


@pytest.mark.parametrize(("commands", "files", "status", "words"),
                         [row[1:] for row in CASES], ids=[row[0] for row in CASES])
def test_linux(commands: list[dict[str, Any]], files: dict[str, str], status: Status,
               words: str) -> None:
    result = run_check("disk_encryption", make_snapshot("linux", commands=commands,
                                                        files=files))
    assert result.status is status, result.summary
    assert words in result.summary


def test_windows_undocumented_property_value_stays_unknown_when_the_fallbacks_are_denied() -> None:
    """An undocumented property value (42) is kept raw and never guessed; the fallbacks answer
    as for a non-administrator (manage-bde access denied, exit 0x80070005 as a signed int;
    Get-BitLockerVolume access denied)."""
    denied = ("BitLocker Drive Encryption: Configuration Tool version 10.0.22621\r\nCopyright "
              "(C) 2013 Microsoft Corporation. All rights reserved.\r\n\r\nERROR: An attempt "
              "to access a required resource was denied.\r\nCheck that you have administrative "
              "rights on the computer.\r\n")
    snap = make_snapshot("windows", commands=[
        cmd(powershell.command(win.BITLOCKER_PROPERTY_PS), "drive=C:\r\nvalue=42\r\n"),
        cmd(["manage-bde", "-status", "C:"], denied, -2147024891),
        cmd(powershell.command(win.BITLOCKER_VOLUME_PS), "", 1, "Get-CimInstance : Access "
            "denied \r\n")])
    result = run_check("disk_encryption", snap)
    assert result.status is Status.UNKNOWN, result.summary
    assert "cannot interpret (42)" in result.summary
    assert "administrator rights" in result.summary
    assert result.observed["bitlocker_protection_value"] == "42"
