"""Copies of the encrypted key backup saved away from this computer: written whole, checked by
reading back, never overwriting another file, remembered with their time; and restoring from a
copy in another folder."""

from __future__ import annotations

import errno
import json
from pathlib import Path

import pytest

from readiness import files as rfiles
from readiness.signing import key_backup, keys
from readiness.signing.errors import NoKeyError, SigningError, WrongPassphraseError
from tests.keychain import PASSPHRASE


def test_copy_is_identical_parses_and_is_remembered(tmp_path: Path) -> None:
    info = keys.init_key("Jane Doe", passphrase=PASSPHRASE)
    usb = tmp_path / "usb"
    usb.mkdir()
    copy = key_backup.save_backup_copy(usb)
    dest = Path(copy.path)
    assert dest.parent == usb.resolve() and dest.name.startswith("readiness-key-backup-")
    assert dest.read_bytes() == keys.backup_path().read_bytes()
    assert key_backup.backup_summary(dest).fingerprint == info.fingerprint_ssh
    assert copy.present and copy.fingerprint == info.fingerprint_ssh
    assert key_backup.backup_copies() == [copy]
    # Saving again to the same place reuses the file: one copy, one note.
    again = key_backup.save_backup_copy(usb)
    assert again.path == copy.path and len(list(usb.iterdir())) == 1
    assert [c.path for c in key_backup.backup_copies()] == [copy.path]
    dest.unlink()
    assert not key_backup.backup_copies()[0].present  # e.g. the USB stick is unplugged


def test_never_overwrites_another_file(tmp_path: Path) -> None:
    keys.init_key("Jane Doe", passphrase=PASSPHRASE)
    usb = tmp_path / "usb"
    usb.mkdir()
    day = keys.key_info().created_at[:10]  # type: ignore[union-attr]
    other = usb / f"readiness-key-backup-{day}.json"
    other.write_text("an older backup of another key")
    copy = key_backup.save_backup_copy(usb)
    assert Path(copy.path).name == f"readiness-key-backup-{day}-2.json"
    assert other.read_text() == "an older backup of another key"


def test_unwritable_or_missing_folder_is_a_sentence(tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    keys.init_key("Jane Doe", passphrase=PASSPHRASE)
    usb = tmp_path / "usb"
    usb.mkdir()

    def read_only(*_a: object, **_k: object) -> None:
        raise OSError(errno.EROFS, "Read-only file system")

    with monkeypatch.context() as m:  # as a write-protected USB stick answers (even to root)
        m.setattr(rfiles, "atomic_write_bytes", read_only)
        with pytest.raises(SigningError, match=r"could not be saved .*the disk is read-only"):
            key_backup.save_backup_copy(usb)
    with pytest.raises(SigningError, match="is not a folder"):
        key_backup.save_backup_copy(tmp_path / "missing")
    with pytest.raises(SigningError, match="own data folder"):
        key_backup.save_backup_copy(keys.keys_dir())
    assert key_backup.backup_copies() == [] and list(usb.iterdir()) == []


def test_a_copy_that_reads_back_differently_is_removed(tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    keys.init_key("Jane Doe", passphrase=PASSPHRASE)
    real = rfiles.atomic_write_bytes

    def flaky(path: Path, data: bytes, **kw: object) -> None:
        real(path, data[:-5] + b"xxxx\n")  # a failing stick: the bytes are not what was sent

    monkeypatch.setattr(rfiles, "atomic_write_bytes", flaky)
    with pytest.raises(SigningError, match="did not read back the same"):
        key_backup.save_backup_copy(tmp_path)
    assert list(tmp_path.glob("readiness-key-backup*")) == []
    assert key_backup.backup_copies() == []


def test_no_key_no_copy(tmp_path: Path) -> None:
    with pytest.raises(NoKeyError, match="no signing key"):
        key_backup.save_backup_copy(tmp_path)


def test_damaged_note_is_ignored_and_replaced(tmp_path: Path) -> None:
    keys.init_key("Jane Doe", passphrase=PASSPHRASE)
    key_backup.record_path().write_text("{not json")
    assert key_backup.backup_copies() == []
    key_backup.record_path().write_text(json.dumps(
        {"format": key_backup.RECORD_FORMAT, "copies": [{"path": 3}, "x", {}]}))
    assert key_backup.backup_copies() == []
    copy = key_backup.save_backup_copy(tmp_path)
    assert key_backup.backup_copies() == [copy]


def test_summary_of_something_else_is_a_sentence(tmp_path: Path) -> None:
    keys.init_key("Jane Doe", passphrase=PASSPHRASE)
    with pytest.raises(SigningError, match="not a Readiness backup file"):
        key_backup.backup_summary(keys.key_path())
    junk = tmp_path / "photo.json"
    junk.write_bytes(b"\x89PNG")
    with pytest.raises(SigningError, match="damaged"):
        key_backup.backup_summary(junk)
    with pytest.raises(SigningError, match="no backup file"):
        key_backup.backup_summary(tmp_path / "nothing.json")


def test_restore_from_a_copy_elsewhere(tmp_path: Path) -> None:
    info = keys.init_key("Jane Doe", "BACP 1", passphrase=PASSPHRASE)
    copy = Path(key_backup.save_backup_copy(tmp_path).path)
    # A new computer: nothing of the app's data is left.
    for p in sorted(keys.keys_dir().rglob("*"), reverse=True):
        p.rmdir() if p.is_dir() else p.unlink()
    assert key_backup.other_key_here(info.fingerprint_ssh) == ""
    with pytest.raises(WrongPassphraseError):
        keys.restore_key(copy, keys.new_recovery_code(), PASSPHRASE)
    assert not keys.has_key()
    restored = keys.restore_key(copy, info.recovery_code, PASSPHRASE)
    assert restored.fingerprint_ssh == info.fingerprint_ssh
    assert keys.backup_path().read_bytes() == copy.read_bytes()


def test_other_key_here_is_named(tmp_path: Path) -> None:
    first = keys.init_key("Jane Doe", passphrase=PASSPHRASE)
    assert key_backup.other_key_here(first.fingerprint_ssh) == ""
    assert key_backup.other_key_here("SHA256:another") == first.fingerprint_ssh


def test_rotation_shown_later_keeps_the_old_backup_until_shown() -> None:
    keys.init_key("Jane Doe", passphrase=PASSPHRASE)
    rotation = keys.rotate_key(PASSPHRASE, shown_later=True)
    assert keys.interrupted_notice()  # until the new code is on screen
    assert list(keys.keys_dir().glob("recovery-backup.previous-*.json"))
    keys.recovery_code_shown()
    assert not keys.interrupted_notice()
    assert not list(keys.keys_dir().glob("recovery-backup.previous-*.json"))
    assert keys.key_info().fingerprint_ssh == rotation.new.fingerprint_ssh  # type: ignore[union-attr]


def test_missing_backup_says_what_to_do(tmp_path: Path) -> None:
    keys.init_key("Jane Doe", passphrase=PASSPHRASE)
    keys.backup_path().unlink()
    with pytest.raises(NoKeyError, match="replace your key"):
        key_backup.save_backup_copy(tmp_path)
