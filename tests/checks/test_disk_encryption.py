"""Parsers of the disk-encryption check, on the real outputs in tests/fixtures/real-outputs."""

from __future__ import annotations

import json

from checks.disk_encryption import bitlocker, fdesetup, layers
from readiness.model import Status
from tests.helpers import cmd, make_snapshot, real_output, run_check


def test_manage_bde_german_and_english_by_stable_tokens() -> None:
    cases = {
        "windows/manage-bde-status/01-de-decrypted.txt": (False, 0.0),
        "windows/manage-bde-status/02-de-in-progress.txt": (False, 3.5),
        "windows/manage-bde-status/03-de-100pct-protection-on.txt": (True, 100.0),
        "windows/manage-bde-status/04-used-space-encrypted-on.txt": (True, 100.0),
    }
    for rel, expected in cases.items():
        assert bitlocker.parse_manage_bde(real_output(rel), "C:") == expected, rel


def test_manage_bde_other_drive_or_unknown_language_is_not_guessed() -> None:
    text = real_output("windows/manage-bde-status/04-used-space-encrypted-on.txt")
    assert bitlocker.parse_manage_bde(text, "D:") == (None, None)
    french = text.replace("Protection On", "Protection activée")
    assert bitlocker.parse_manage_bde(french, "C:")[0] is None
    assert bitlocker.decide_bde(None, 100.0) is None


def test_get_bitlockervolume_format_list() -> None:
    fields = bitlocker.parse_format_list(
        real_output("windows/get-bitlockervolume-fl/01-fully-encrypted-on.txt"))
    assert fields["MountPoint"] == "C:"
    verdict = bitlocker.decide_bitlocker_volume(fields)
    assert verdict is not None and verdict.status is Status.PASS
    bogus = {"VolumeStatus": "Bogus", "ProtectionStatus": "On"}
    assert bitlocker.decide_bitlocker_volume(bogus) is None


def test_only_value_1_of_the_shell_property_passes() -> None:
    passing = [v for v, (status, _) in bitlocker.BITLOCKER_PROTECTION.items()
               if status is Status.PASS]
    assert passing == [1]


def _tree(*layers: str) -> str:
    node: dict[str, object] = {"name": "disk", "type": "disk"}
    for kind in reversed(layers):
        node = {"name": kind, "type": kind, "children": [node]}
    return json.dumps({"blockdevices": [node]})


def test_every_path_must_pass_through_crypt() -> None:
    assert layers.parse_lsblk_ancestry(_tree("lvm", "crypt", "part"))[0] is True
    assert layers.parse_lsblk_ancestry(_tree("lvm", "part"))[0] is False
    mixed = {"blockdevices": [{"name": "root", "type": "lvm", "children": [
        {"name": "c", "type": "crypt", "children": [{"name": "sda", "type": "disk"}]},
        {"name": "sdb1", "type": "part", "children": [{"name": "sdb", "type": "disk"}]}]}]}
    assert layers.parse_lsblk_ancestry(json.dumps(mixed))[0] is False
    assert layers.parse_lsblk_ancestry("not json")[0] is None


def test_proc_swaps_not_in_the_kernel_format_is_none() -> None:
    assert layers.parse_proc_swaps("garbage\n") is None
    assert layers.parse_proc_swaps("Filename Type Size Used Priority\n") == []


def test_crypt_elsewhere_is_not_a_pass() -> None:
    """A crypt device that exists, but not under /, must not make / encrypted."""
    snap = make_snapshot("linux", commands=[
        cmd(["findmnt", "-J", "-o", "SOURCE,FSTYPE", "/"],
            '{"filesystems": [{"source": "/dev/sda2", "fstype": "ext4"}]}'),
        cmd(["lsblk", "-s", "-J", "-o", "NAME,TYPE,FSTYPE,MOUNTPOINTS", "/dev/sda2"],
            _tree("part")),
        cmd(["lsblk", "-J"], _tree("crypt", "part")),
    ])
    assert run_check("disk_encryption", snap).status is Status.FAIL


def test_btrfs_subvolume_suffix_is_stripped() -> None:
    mount = layers.parse_findmnt('{"filesystems": [{"source": "/dev/mapper/luks-1[/@]", '
                             '"fstype": "btrfs"}]}')
    assert mount == layers.Mount("/dev/mapper/luks-1", "btrfs")


def test_fdesetup_lines() -> None:
    on = fdesetup.parse_fdesetup("FileVault is On.\n")
    assert on is not None and on.status is Status.PASS
    assert fdesetup.parse_fdesetup("") is None
    assert fdesetup.parse_fdesetup("FileVault is On.\nSomething new.\n") is None


# HANDMADE (no public manage-bde output with a letterless volume was found: searched the code,
# issue and page corpora for "Volume \\?\Volume{" next to manage-bde fields). The C: block is the
# real output 04 above; the headers and fields of the other blocks are made up in the same form:
# a volume without a drive letter is named by its volume GUID path, a mounted folder by its path.
_GUID = r"\\?\Volume{1b2c3d4e-0000-4000-8000-00000000aaaa}" + "\\"
_OTHER_ON = (
    "\n    Size:                 0,50 GB\n    Conversion Status:    Fully Encrypted\n"
    "    Percentage Encrypted: 100,0%\n    Protection Status:    Protection On\n\n"
)
_OTHER_OFF = (
    "\n    Size:                 0,50 GB\n    Conversion Status:    Fully Decrypted\n"
    "    Percentage Encrypted: 0,0%\n    Protection Status:    Protection Off\n\n"
)


def _c_block(on: bool) -> str:
    text = real_output("windows/manage-bde-status/04-used-space-encrypted-on.txt")
    body = text[text.index("Volume C:"):]
    return body if on else (body.replace("Protection On", "Protection Off")
                            .replace("100,0%", "0,0%"))


def test_manage_bde_letterless_volumes_are_their_own_blocks_handmade() -> None:
    """Blocks of volumes without a letter neither merge into C:'s block nor stand in for it."""
    off = _c_block(on=False)
    for header in (f"Volume {_GUID} []\n[Data Volume]\n",
                   "Volume C:\\Mount\\Backup\\ [Backup]\n[Data Volume]\n"):
        # after C: (was merged into C:'s block, so its "Protection On" and 100% were mixed in)
        assert bitlocker.parse_manage_bde(off + header + _OTHER_ON, "C:") == (False, 0.0)
        # before C: (must not be read as C:)
        assert bitlocker.parse_manage_bde(header + _OTHER_ON + off, "C:") == (False, 0.0)
        assert bitlocker.parse_manage_bde(_c_block(on=True) + header + _OTHER_OFF, "C:") \
            == (True, 100.0)
    # a letterless volume whose label names C: is still not C:
    labelled = f"Volume {_GUID} [C: old system]\n[Data Volume]\n" + _OTHER_ON
    assert bitlocker.parse_manage_bde(labelled + off, "C:") == (False, 0.0)
    assert bitlocker.parse_manage_bde(labelled, "C:") == (None, None)
    # the system drive's block twice: not guessed
    assert bitlocker.parse_manage_bde(off + _c_block(on=True), "C:") == (None, None)
