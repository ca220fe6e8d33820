"""``keys init`` and ``keys rotate`` complete, or change nothing: what they depend on is checked
before anything is written (the trusted-signer list, the folders, the keychain), and a write
that fails part-way (a full disk) leaves the old key, its backup and its code working."""

from __future__ import annotations

import errno
import os
import re
import tempfile
from collections.abc import Iterator
from pathlib import Path

import keyring.errors
import pytest

from readiness.cli.main import main
from readiness.signing import key_seal, keys, signers
from readiness.signing.errors import KeyExistsError, SigningError
from tests.keychain import PASSPHRASE, MemoryKeyring


@pytest.fixture(autouse=True)
def cheap_scrypt(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(key_seal, "SCRYPT_N", 2**14)


@pytest.fixture
def pp(tmp_path: Path) -> Path:
    f = tmp_path / "pp.txt"
    f.write_text(PASSPHRASE + "\n")
    return f


def _files(root: Path) -> dict[str, bytes]:
    """Every configuration and data file under ``root`` but the key folder's lock."""
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*"))
            if p.is_file() and p.name != ".lock" and p.relative_to(root).parts[0] != "logs"}


def _damage_signers() -> None:
    signers.signers_path().parent.mkdir(parents=True, exist_ok=True)
    signers.signers_path().write_text("{ damaged")


def _restores(code: str, fingerprint: str, tmp_path: Path, pp: Path) -> None:
    code_file = tmp_path / "code.txt"
    code_file.write_text(code + "\n")
    assert main(["keys", "restore", "--recovery-code-file", str(code_file),
                 "--passphrase-file", str(pp), "--replace"]) == 0
    assert keys.key_info().fingerprint_ssh == fingerprint  # type: ignore[union-attr]


@pytest.fixture
def enospc_on(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """The disk is full for files whose name contains any of the given words: their fsync
    fails (as it does when delayed allocation finds no space)."""
    words: list[str] = []
    real = os.fsync

    def fsync(fd: int) -> None:
        try:
            name = os.readlink(f"/proc/self/fd/{fd}")
        except OSError:
            name = ""
        if any(w in Path(name).name for w in words):
            raise OSError(errno.ENOSPC, "No space left on device")
        real(fd)

    if not Path("/proc/self/fd").is_dir():
        pytest.skip("needs /proc to tell files apart")
    monkeypatch.setattr(os, "fsync", fsync)
    yield words


@pytest.fixture
def read_only(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """Folders that refuse new files (as a read-only folder does, even for root)."""
    folders: list[Path] = []
    real = tempfile.mkstemp

    def mkstemp(*args: object, **kwargs: object) -> tuple[int, str]:
        where = kwargs.get("dir")
        if where is not None and Path(str(where)).resolve() in [f.resolve() for f in folders]:
            raise PermissionError(errno.EACCES, "Permission denied")
        return real(*args, **kwargs)  # type: ignore[call-overload,no-any-return]

    monkeypatch.setattr(tempfile, "mkstemp", mkstemp)
    return folders


# ---------------------------------------------------------------------------------------------
# init


def test_init_with_a_damaged_signer_list_writes_nothing(
    readiness_home: Path, pp: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _damage_signers()
    before = _files(readiness_home)
    assert main(["keys", "init", "--name", "Jane Doe", "--passphrase-file", str(pp)]) == 1
    err = capsys.readouterr().err
    assert "trusted-signer list" in err and err.count("\n") == 1
    assert _files(readiness_home) == before and not keys.has_key()


def test_init_into_a_folder_it_cannot_write_writes_nothing(
    readiness_home: Path, read_only: list[Path]
) -> None:
    read_only.append(keys.keys_dir())
    with pytest.raises(SigningError, match=r"cannot write to .*permission denied"):
        keys.init_key("Jane Doe", passphrase=PASSPHRASE)
    assert not keys.has_key() and not keys.backup_path().exists()
    assert signers.list_signers() == []


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0,
                    reason="root writes into read-only folders")
def test_init_into_a_read_only_folder(readiness_home: Path) -> None:
    keys.keys_dir().mkdir(parents=True)
    keys.keys_dir().chmod(0o500)
    try:
        with pytest.raises(SigningError, match="cannot write to"):
            keys.init_key("Jane Doe", passphrase=PASSPHRASE)
    finally:
        keys.keys_dir().chmod(0o700)
    assert not keys.has_key()


@pytest.mark.parametrize("full", ["signing-key", "recovery-backup", "trusted-signers"])
def test_init_on_a_full_disk_leaves_no_key(full: str, enospc_on: list[str]) -> None:
    enospc_on.append(full)
    with pytest.raises(OSError, match="No space"):
        keys.init_key("Jane Doe", passphrase=PASSPHRASE)
    enospc_on.clear()
    assert not keys.has_key() and not keys.backup_path().exists()
    assert keys.init_key("Jane Doe", passphrase=PASSPHRASE).recovery_code


class RefusingKeyring(MemoryKeyring):
    def set_password(self, service: str, username: str, password: str) -> None:
        raise keyring.errors.PasswordSetError("locked")


class UnreadableKeyring(MemoryKeyring):
    def get_password(self, service: str, username: str) -> str | None:
        raise keyring.errors.KeyringError("the keychain is locked")


@pytest.mark.parametrize("broken", [RefusingKeyring, UnreadableKeyring])
def test_init_with_a_keychain_that_fails_writes_nothing(
    readiness_home: Path, broken: type[MemoryKeyring]
) -> None:
    keyring.set_keyring(broken())
    with pytest.raises(SigningError, match="keychain"):
        keys.init_key("Jane Doe")
    assert not keys.has_key() and not keys.backup_path().exists()
    assert signers.list_signers() == []


# ---------------------------------------------------------------------------------------------
# rotate


@pytest.fixture
def first() -> keys.KeyInfo:
    return keys.init_key("Jane Doe", passphrase=PASSPHRASE)


def test_rotation_records_the_new_key_as_the_old_ones_successor(first: keys.KeyInfo) -> None:
    rotation = keys.rotate_key(PASSPHRASE)
    by_fp = {s.fingerprint: s for s in signers.list_signers()}
    assert by_fp[rotation.new.fingerprint_ssh].predecessor == first.fingerprint_ssh
    assert by_fp[rotation.new.fingerprint_ssh].own and by_fp[first.fingerprint_ssh].own


def test_rotate_with_a_damaged_signer_list_changes_nothing(
    first: keys.KeyInfo, readiness_home: Path, capsys: pytest.CaptureFixture[str], pp: Path
) -> None:
    _damage_signers()
    before = _files(readiness_home)
    assert main(["keys", "rotate", "--passphrase-file", str(pp)]) == 1
    assert "trusted-signer list" in capsys.readouterr().err
    assert _files(readiness_home) == before


@pytest.mark.parametrize("full", ["recovery-backup.next", "signing-key.next", "handover",
                                  "trusted-signers", "key-change"])
def test_rotate_on_a_full_disk_keeps_the_old_key_and_code(
    first: keys.KeyInfo, full: str, enospc_on: list[str], readiness_home: Path,
    tmp_path: Path, pp: Path
) -> None:
    before = {k: v for k, v in _files(readiness_home).items() if "trusted-signers" not in k}
    enospc_on.append(full)
    with pytest.raises(OSError, match="No space"):
        keys.rotate_key(PASSPHRASE)
    enospc_on.clear()
    after = {k: v for k, v in _files(readiness_home).items() if "trusted-signers" not in k}
    assert after == before  # key, backup, nothing retired
    assert keys.load_key(PASSPHRASE).public.fingerprint == first.fingerprint_ssh
    _restores(first.recovery_code, first.fingerprint_ssh, tmp_path, pp)


def test_rotate_into_a_folder_it_cannot_write(first: keys.KeyInfo, readiness_home: Path,
                                              read_only: list[Path]) -> None:
    before = _files(readiness_home)
    read_only.append(keys.retired_dir())
    with pytest.raises(SigningError, match=r"cannot write to .*retired"):
        keys.rotate_key(PASSPHRASE)
    assert _files(readiness_home) == before


def test_rotate_keeps_the_old_backup_until_the_new_code_is_shown(
    first: keys.KeyInfo, tmp_path: Path, pp: Path
) -> None:
    seen: list[keys.Rotation] = []

    def show(rotation: keys.Rotation) -> None:
        # While the new code is being shown, the old one still opens a kept backup.
        kept = list(keys.keys_dir().glob("recovery-backup.previous-*.json"))
        assert len(kept) == 1
        seen.append(rotation)

    keys.rotate_key(PASSPHRASE, show=show)
    assert seen and not list(keys.keys_dir().glob("recovery-backup.previous-*.json"))
    assert not keys.interrupted_notice()
    _restores(seen[0].new.recovery_code, seen[0].new.fingerprint_ssh, tmp_path, pp)


def test_a_rotation_whose_code_was_not_shown_is_noted(
    first: keys.KeyInfo, tmp_path: Path, pp: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    def show(rotation: keys.Rotation) -> None:
        raise BrokenPipeError  # the terminal went away before the code reached it

    with pytest.raises(BrokenPipeError):
        keys.rotate_key(PASSPHRASE, show=show)
    assert keys.interrupted_notice()
    assert main(["keys", "show"]) == 0
    assert "interrupted" in capsys.readouterr().err
    # The code seen before the rotation still opens the old key's backup (kept).
    _restores(first.recovery_code, first.fingerprint_ssh, tmp_path, pp)


def test_cli_init_and_rotate_print_the_code_that_restores(
    pp: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["keys", "init", "--name", "Jane Doe", "--passphrase-file", str(pp)]) == 0
    out = capsys.readouterr().out
    code = re.search(r"RECOVERY CODE.*\n\s+(\S+)", out)
    assert code and "Next:" in out
    assert main(["keys", "rotate", "--passphrase-file", str(pp)]) == 0
    out = capsys.readouterr().out
    new_code = re.search(r"RECOVERY CODE.*\n\s+(\S+)", out)
    assert new_code and "hand-over" in out.lower()
    fp = keys.key_info().fingerprint_ssh  # type: ignore[union-attr]
    _restores(new_code.group(1), fp, tmp_path, pp)


# ---------------------------------------------------------------------------------------------
# A backup whose code may be the only way back is never set aside without being asked


def test_init_keeps_the_backup_of_a_lost_key(first: keys.KeyInfo, tmp_path: Path,
                                             pp: Path) -> None:
    keys.key_path().unlink()  # the key file is lost; its backup and code are not
    backup = keys.backup_path().read_bytes()
    with pytest.raises(KeyExistsError, match="restore that key"):
        keys.init_key("Jane Doe", passphrase=PASSPHRASE)
    assert keys.backup_path().read_bytes() == backup
    _restores(first.recovery_code, first.fingerprint_ssh, tmp_path, pp)


def test_restore_asks_before_setting_aside_another_keys_backup(
    first: keys.KeyInfo, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    other_home = tmp_path / "other"
    with monkeypatch.context() as m:
        m.setenv("READINESS_HOME", str(other_home))
        other = keys.init_key("Someone Else", passphrase=PASSPHRASE)
        other_backup = tmp_path / "other-backup.json"
        other_backup.write_bytes(keys.backup_path().read_bytes())
    keys.key_path().unlink()
    kept = keys.backup_path().read_bytes()
    with pytest.raises(KeyExistsError, match="backup kept at"):
        keys.restore_key(other_backup, other.recovery_code, PASSPHRASE)
    assert keys.backup_path().read_bytes() == kept and not keys.has_key()
    restored = keys.restore_key(other_backup, other.recovery_code, PASSPHRASE,
                                replace_existing=True)
    assert restored.fingerprint_ssh == other.fingerprint_ssh
