"""The key file and the recovery backup as read from disk: damaged or hostile contents (wrong
JSON types, huge numbers, deep nesting) are a one-line error with the file left as it is, and
the certificate is bound to the key (authenticated, and checked against the key on load and
on restore), so a swapped certificate is refused."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec

from readiness.cli.main import main
from readiness.signing import key_seal, key_store, keys
from readiness.signing.errors import CorruptKeyFileError, SigningError, WrongPassphraseError
from tests.keychain import PASSPHRASE

KEY_FIELDS = ("format", "key_id", "name", "registration", "created_at", "public_key",
              "protection", "kdf", "certificate", "nonce", "ciphertext", "fingerprint")
NOT_TEXT: tuple[Any, ...] = (None, 7, True, [], {"a": 1}, 1.5)


@dataclass(frozen=True)
class Made:
    key: bytes
    backup: bytes
    signers: bytes
    code: str
    private: ec.EllipticCurvePrivateKey


@pytest.fixture(scope="module")
def made(tmp_path_factory: pytest.TempPathFactory) -> Made:
    """One passphrase-protected key (cheap scrypt), copied into each test's home."""
    home = tmp_path_factory.mktemp("key-files")
    mp = pytest.MonkeyPatch()
    mp.setenv("READINESS_HOME", str(home))
    mp.setattr(key_seal, "SCRYPT_N", 2**14)
    try:
        info = keys.init_key("Jane Doe", "BACP 1", passphrase=PASSPHRASE)
        private = keys.load_key(PASSPHRASE).private
        from readiness.signing import signers

        return Made(keys.key_path().read_bytes(), keys.backup_path().read_bytes(),
                    signers.signers_path().read_bytes(), info.recovery_code, private)
    finally:
        mp.undo()


@pytest.fixture
def home(made: Made) -> Iterator[Made]:
    from readiness.signing import signers

    keys.keys_dir().mkdir(parents=True)
    keys.key_path().write_bytes(made.key)
    keys.backup_path().write_bytes(made.backup)
    signers.signers_path().parent.mkdir(parents=True)
    signers.signers_path().write_bytes(made.signers)
    yield made


def _edit(path: Path, **fields: Any) -> bytes:
    doc = json.loads(path.read_text())
    doc.update(fields)
    path.write_text(json.dumps(doc))
    return path.read_bytes()


def _one_line_error(capsys: pytest.CaptureFixture[str], argv: list[str], code: int = 1) -> str:
    assert main(argv) == code
    err = capsys.readouterr().err
    assert err.startswith("readiness: error: ") and err.count("\n") == 1, err
    assert "Traceback" not in err
    return err


@pytest.fixture
def code_file(tmp_path: Path, made: Made) -> Path:
    f = tmp_path / "code.txt"
    f.write_text(made.code + "\n")
    return f


@pytest.fixture
def pp(tmp_path: Path) -> Path:
    f = tmp_path / "pp.txt"
    f.write_text(PASSPHRASE + "\n")
    return f


# ---------------------------------------------------------------------------------------------
# Damaged files


@pytest.mark.parametrize("bad", NOT_TEXT, ids=repr)
@pytest.mark.parametrize("field", KEY_FIELDS)
def test_a_key_file_field_of_the_wrong_type(home: Made, field: str, bad: Any,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    before = _edit(keys.key_path(), **{field: bad})
    with pytest.raises(CorruptKeyFileError):
        keys.load_key(PASSPHRASE)
    _one_line_error(capsys, ["keys", "show"])
    assert keys.key_path().read_bytes() == before


@pytest.mark.parametrize("bad", [None, 7, "x", [], {"name": "scrypt"},
                                 {"name": "scrypt", "n": True, "r": 8, "p": 1, "salt": ""},
                                 {"name": "scrypt", "n": 16384, "r": 8, "p": 1, "salt": 5}],
                         ids=repr)
def test_malformed_key_derivation_settings(home: Made, bad: Any) -> None:
    _edit(keys.key_path(), kdf=bad)
    with pytest.raises(CorruptKeyFileError):
        keys.load_key(PASSPHRASE)


HOSTILE: dict[str, Callable[[str], str]] = {
    "a huge integer": lambda text: text.replace('"n": 16384', '"n": 1' + "0" * 5000),
    "deep nesting": lambda text: text.replace('"name": "Jane Doe"',
                                              '"name": ' + "[" * 100_000 + "]" * 100_000),
    "a huge file": lambda text: text.replace('"name": "Jane Doe"',
                                             '"name": "' + "J" * 200_000 + '"'),
    "not an object": lambda text: "[1, 2, 3]",
    "not UTF-8": lambda text: text.replace("Jane", "\udcff"),
}


@pytest.mark.parametrize("case", list(HOSTILE))
def test_hostile_key_file(home: Made, case: str, capsys: pytest.CaptureFixture[str]) -> None:
    text = keys.key_path().read_text()
    keys.key_path().write_bytes(HOSTILE[case](text).encode("utf-8", "surrogateescape"))
    before = keys.key_path().read_bytes()
    with pytest.raises(CorruptKeyFileError):
        keys.load_key(PASSPHRASE)
    _one_line_error(capsys, ["keys", "show"])
    _one_line_error(capsys, ["keys", "export-card", "--out", str(keys.keys_dir() / "card")])
    assert keys.key_path().read_bytes() == before


@pytest.mark.parametrize("case", list(HOSTILE))
def test_hostile_backup_file(home: Made, case: str, code_file: Path, pp: Path,
                             capsys: pytest.CaptureFixture[str]) -> None:
    keys.key_path().unlink()
    text = keys.backup_path().read_text()
    keys.backup_path().write_bytes(HOSTILE[case](text).encode("utf-8", "surrogateescape"))
    before = keys.backup_path().read_bytes()
    _one_line_error(capsys, ["keys", "restore", "--recovery-code-file", str(code_file),
                             "--passphrase-file", str(pp)])
    assert keys.backup_path().read_bytes() == before and not keys.has_key()


@pytest.mark.parametrize("field", [f for f in KEY_FIELDS if f != "protection"])
def test_a_backup_field_of_the_wrong_type(home: Made, field: str, code_file: Path,
                                          pp: Path, capsys: pytest.CaptureFixture[str]) -> None:
    before = _edit(keys.backup_path(), **{field: [1, {"x": None}]})
    err = _one_line_error(capsys, ["keys", "restore", "--recovery-code-file", str(code_file),
                                   "--passphrase-file", str(pp)])
    assert "backup" in err
    assert keys.backup_path().read_bytes() == before


# ---------------------------------------------------------------------------------------------
# The certificate belongs to the key


def _cert(subject_key: ec.EllipticCurvePublicKey, signer: ec.EllipticCurvePrivateKey,
          name: str) -> str:
    subject = x509.Name([x509.NameAttribute(x509.NameOID.COMMON_NAME, name)])
    now = dt.datetime.now(dt.UTC)
    cert = (x509.CertificateBuilder().subject_name(subject).issuer_name(subject)
            .public_key(subject_key).serial_number(x509.random_serial_number())
            .not_valid_before(now).not_valid_after(now + dt.timedelta(days=30))
            .sign(signer, hashes.SHA256()))
    return key_seal.cert_pem(cert)


def _other_key() -> ec.EllipticCurvePrivateKey:
    return ec.generate_private_key(ec.SECP256R1())


def test_a_certificate_of_another_key_is_refused(home: Made, code_file: Path, pp: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    other = _other_key()
    before = _edit(keys.key_path(), certificate=_cert(other.public_key(), other, "Mallory"))
    with pytest.raises(CorruptKeyFileError, match="certificate belongs to a different key"):
        keys.load_key(PASSPHRASE)
    err = _one_line_error(capsys, ["keys", "show"])
    assert "certificate belongs to a different key" in err
    assert keys.key_path().read_bytes() == before
    # and in the backup, on restore
    keys.key_path().unlink()
    _edit(keys.backup_path(), certificate=_cert(other.public_key(), other, "Mallory"))
    err = _one_line_error(capsys, ["keys", "restore", "--recovery-code-file", str(code_file),
                                   "--passphrase-file", str(pp)])
    assert "certificate belongs to a different key" in err and not keys.has_key()


def test_a_certificate_for_the_key_made_by_someone_else_is_refused(home: Made) -> None:
    mallory = _other_key()
    _edit(keys.key_path(), certificate=_cert(home.private.public_key(), mallory, "Mallory"))
    with pytest.raises(CorruptKeyFileError, match="not made by its own key"):
        keys.load_key(PASSPHRASE)


def test_the_certificate_is_authenticated_with_the_key(home: Made) -> None:
    """Even the key's own certificate under another name (which takes the private key to
    make) breaks the seal: the certificate is part of the AES-GCM associated data."""
    doc = json.loads(keys.key_path().read_text())
    assert doc["format"] == key_store.KEY_FORMAT
    assert "certificate" in key_store.header(doc)
    _edit(keys.key_path(), certificate=_cert(home.private.public_key(), home.private, "Mallory"))
    with pytest.raises(WrongPassphraseError):
        keys.load_key(PASSPHRASE)


def test_format_1_key_files_still_load_with_their_certificate_checked(home: Made) -> None:
    # Sealed the way format 1 was: the certificate outside the associated data.
    doc = json.loads(keys.key_path().read_text())
    doc["format"] = key_store.KEY_FORMAT_V1
    header = key_store.header(doc)
    assert "certificate" not in header
    wrapping = key_seal.derive(PASSPHRASE, doc["kdf"], "key")
    doc.update(key_seal.seal(key_seal.pkcs8(home.private), wrapping, header))
    keys.key_path().write_text(json.dumps(doc))
    loaded = keys.load_key(PASSPHRASE)
    assert loaded.public.fingerprint == keys.key_info().fingerprint_ssh  # type: ignore[union-attr]
    # A swapped certificate is not covered by a format-1 seal, so the check must catch it.
    mallory = _other_key()
    for pem in (_cert(mallory.public_key(), mallory, "Mallory"),
                _cert(home.private.public_key(), mallory, "Mallory")):
        _edit(keys.key_path(), certificate=pem)
        with pytest.raises(CorruptKeyFileError, match="certificate"):
            keys.load_key(PASSPHRASE)


def test_a_format_2_file_cannot_pass_as_format_1(home: Made) -> None:
    _edit(keys.key_path(), format=key_store.KEY_FORMAT_V1)
    with pytest.raises(SigningError):
        keys.load_key(PASSPHRASE)  # the format is authenticated too
