"""The signing key at rest: keychain and passphrase protection, recovery, rotation."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import pytest
from cryptography.hazmat.primitives import serialization

from readiness.signing import keys, signers
from readiness.signing.errors import (
    KeychainEntryLostError,
    KeyExistsError,
    NoKeyError,
    PassphraseRequiredError,
    WeakPassphraseError,
    WrongPassphraseError,
)
from tests.keychain import PASSPHRASE, MemoryKeyring


def _all_bytes(root: Path) -> bytes:
    return b"".join(p.read_bytes() for p in root.rglob("*") if p.is_file())


def test_no_keychain_needs_a_passphrase() -> None:
    assert keys.needs_passphrase()
    with pytest.raises(PassphraseRequiredError):
        keys.init_key("Jane Doe")
    assert not keys.has_key()


def test_short_passphrase_refused() -> None:
    with pytest.raises(WeakPassphraseError):
        keys.init_key("Jane Doe", passphrase="short")
    assert not keys.has_key()


def test_passphrase_key_round_trip_and_file_mode(readiness_home: Path) -> None:
    info = keys.init_key("Jane  Doe", "BACP 012345", passphrase=PASSPHRASE)
    assert info.name == "Jane Doe"
    assert info.protection == "passphrase" and info.weaker_protection
    assert info.fingerprint_ssh.startswith("SHA256:")
    assert len(info.recovery_code.replace("-", "")) == 28  # 140 bits of base32
    loaded = keys.load_key(PASSPHRASE)
    assert loaded.public.fingerprint == info.fingerprint_ssh
    doc = json.loads(keys.key_path().read_text())
    assert doc["kdf"]["name"] == "scrypt" and doc["kdf"]["n"] >= 2**17
    if os.name == "posix":
        for path in (keys.key_path(), keys.backup_path()):
            assert stat.S_IMODE(path.stat().st_mode) == 0o600
    # No plaintext private key anywhere under the data folder.
    raw = loaded.private.private_bytes(
        serialization.Encoding.DER, serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption())
    scalar = loaded.private.private_numbers().private_value.to_bytes(32, "big")
    everything = _all_bytes(readiness_home)
    assert raw not in everything and scalar not in everything
    assert b"PRIVATE KEY" not in everything
    # The own key is trusted by this installation's verifier.
    assert [s.fingerprint for s in signers.list_signers()] == [info.fingerprint_ssh]


def test_wrong_passphrase_and_missing_passphrase() -> None:
    keys.init_key("Jane Doe", passphrase=PASSPHRASE)
    with pytest.raises(WrongPassphraseError, match="does not unlock"):
        keys.load_key("not the passphrase at all")
    with pytest.raises(PassphraseRequiredError):
        keys.load_key()


def test_second_key_refused() -> None:
    keys.init_key("Jane Doe", passphrase=PASSPHRASE)
    with pytest.raises(KeyExistsError):
        keys.init_key("Jane Doe", passphrase=PASSPHRASE)


def test_no_key_is_a_clear_error() -> None:
    assert keys.key_info() is None
    with pytest.raises(NoKeyError, match="keys init"):
        keys.load_key(PASSPHRASE)


def test_keychain_key_needs_no_passphrase(memory_keyring: MemoryKeyring) -> None:
    assert not keys.needs_passphrase()
    info = keys.init_key("Jane Doe")
    assert info.protection == "keychain" and not info.weaker_protection
    assert len(memory_keyring.store) == 1
    (secret,) = memory_keyring.store.values()
    assert len(secret) < 100  # only the 32-byte wrapping key goes in the keychain
    assert keys.load_key().public.fingerprint == info.fingerprint_ssh


def test_lost_keychain_entry_then_restore(memory_keyring: MemoryKeyring) -> None:
    info = keys.init_key("Jane Doe")
    memory_keyring.store.clear()
    with pytest.raises(KeychainEntryLostError, match="recovery code"):
        keys.load_key()
    restored = keys.restore_key(keys.backup_path(), info.recovery_code.lower().replace("-", " "))
    assert restored.fingerprint_ssh == info.fingerprint_ssh
    assert keys.load_key().public.fingerprint == info.fingerprint_ssh


def test_restore_with_wrong_code_loses_nothing() -> None:
    info = keys.init_key("Jane Doe", passphrase=PASSPHRASE)
    before = keys.key_path().read_bytes()
    wrong = keys.new_recovery_code()
    with pytest.raises(WrongPassphraseError, match="recovery code"):
        keys.restore_key(keys.backup_path(), wrong, PASSPHRASE)
    with pytest.raises(WrongPassphraseError, match="groups of four"):
        keys.restore_key(keys.backup_path(), "ABCD", PASSPHRASE)
    assert keys.key_path().read_bytes() == before
    assert keys.load_key(PASSPHRASE).public.fingerprint == info.fingerprint_ssh


def test_restore_on_a_new_machine(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    info = keys.init_key("Jane Doe", "BACP 1", passphrase=PASSPHRASE)
    backup = tmp_path / "backup.json"
    backup.write_bytes(keys.backup_path().read_bytes())
    monkeypatch.setenv("READINESS_HOME", str(tmp_path / "new-machine"))
    assert not keys.has_key()
    restored = keys.restore_key(backup, info.recovery_code, "another long passphrase")
    assert restored.fingerprint_ssh == info.fingerprint_ssh
    assert restored.registration == "BACP 1"
    assert keys.load_key("another long passphrase").public.fingerprint == info.fingerprint_ssh


def test_restore_refuses_to_replace_a_different_key(tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    info = keys.init_key("Jane Doe", passphrase=PASSPHRASE)
    backup = tmp_path / "backup.json"
    backup.write_bytes(keys.backup_path().read_bytes())
    monkeypatch.setenv("READINESS_HOME", str(tmp_path / "other"))
    other = keys.init_key("Someone Else", passphrase=PASSPHRASE)
    with pytest.raises(KeyExistsError):
        keys.restore_key(backup, info.recovery_code, PASSPHRASE)
    assert keys.key_info() is not None and keys.key_info().fingerprint_ssh == other.fingerprint_ssh  # type: ignore[union-attr]


def test_corrupt_key_file_is_reported() -> None:
    keys.init_key("Jane Doe", passphrase=PASSPHRASE)
    keys.key_path().write_text("{ not json")
    from readiness.signing.errors import CorruptKeyFileError

    with pytest.raises(CorruptKeyFileError, match="left as it is"):
        keys.load_key(PASSPHRASE)


def test_tampered_key_header_is_refused() -> None:
    keys.init_key("Jane Doe", passphrase=PASSPHRASE)
    doc = json.loads(keys.key_path().read_text())
    doc["name"] = "Mallory"
    keys.key_path().write_text(json.dumps(doc))
    with pytest.raises(WrongPassphraseError):
        keys.load_key(PASSPHRASE)  # the header is authenticated data of the AES-GCM seal


def test_lowered_kdf_cost_is_refused() -> None:
    keys.init_key("Jane Doe", passphrase=PASSPHRASE)
    doc = json.loads(keys.key_path().read_text())
    doc["kdf"]["n"] = 2
    keys.key_path().write_text(json.dumps(doc))
    from readiness.signing.errors import CorruptKeyFileError

    with pytest.raises(CorruptKeyFileError, match="unsafe"):
        keys.load_key(PASSPHRASE)


def test_recovery_code_normalisation() -> None:
    code = keys.new_recovery_code()
    assert keys.normalise_recovery_code(code.lower().replace("-", "  ")) == code
    assert len(code.split("-")) == 7
