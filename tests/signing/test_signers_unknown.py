"""What a failed verification means (``verify_standing``): a file signed by someone not on the
list is told apart from a changed one, and never passes (issue 12, item 3)."""

from __future__ import annotations

import base64
import json
from dataclasses import dataclass
from pathlib import Path

import pytest

from readiness.signing import checklist, intake, keys, signers
from readiness.signing.verify import verify_run
from readiness.signing.verify_standing import (
    CHANGED,
    NOT_SIGNED,
    UNKNOWN_SIGNER,
    VALID,
    Standing,
    standings,
)
from tests.keychain import MemoryKeyring
from tests.signing.helpers import HANDMADE_CATALOGUE, handmade_report


@dataclass
class Files:
    pdf: Path
    bundle: Path
    pdf_changed: Path
    bundle_changed: Path
    junk: Path
    card: Path
    fingerprint: str


def _changed_bundle(bundle: Path, out: Path) -> None:
    doc = json.loads(bundle.read_text(encoding="utf-8"))
    env = doc["dsseEnvelope"]
    payload = base64.b64decode(env["payload"])
    assert b"2026-11-21T15:00:00Z" in payload
    env["payload"] = base64.b64encode(
        payload.replace(b"2026-11-21T15:00:00Z", b"2026-11-21T16:00:00Z")).decode()
    out.write_text(json.dumps(doc), encoding="utf-8")


@pytest.fixture
def files(memory_keyring: MemoryKeyring, tmp_path: Path,
          monkeypatch: pytest.MonkeyPatch) -> Files:
    info = keys.init_key("Jane Doe", "BACP 012345")
    signed = checklist.sign_report(handmade_report(), tmp_path / "out",
                                   catalogue=HANDMADE_CATALOGUE)
    card = keys.export_card(tmp_path / "card")[0]
    pdf_changed = tmp_path / "changed.pdf"
    data = signed.pdf_path.read_bytes()
    assert data.count(b"/Creator") >= 1
    pdf_changed.write_bytes(data.replace(b"(Readiness)", b"(Readinesz)", 1))
    assert pdf_changed.read_bytes() != data
    bundle_changed = tmp_path / "changed.readiness.json"
    _changed_bundle(signed.bundle_path, bundle_changed)
    junk = tmp_path / "junk.pdf"
    junk.write_bytes(b"%PDF-1.7\nnot really\n")
    monkeypatch.setenv("READINESS_HOME", str(tmp_path / "supervisor"))
    return Files(signed.pdf_path, signed.bundle_path, pdf_changed, bundle_changed, junk, card,
                 info.fingerprint_ssh)


def _standings(*paths: Path) -> list[Standing]:
    run = verify_run(list(paths))
    assert not any(v.ok for v in run.results) or signers.list_signers()
    return standings(run.results, signers.list_signers())


def test_unknown_signer_is_not_called_changed(files: Files) -> None:
    pdf, bundle, pdf_changed, bundle_changed, junk = _standings(
        files.pdf, files.bundle, files.pdf_changed, files.bundle_changed, files.junk)
    # The PDF was checked with the key inside it standing in: unchanged, signer unknown.
    assert pdf == Standing(UNKNOWN_SIGNER, files.fingerprint, "Jane Doe", checked=True)
    # A bare bundle carries no key: unknown signer, but never said to be unchanged.
    assert bundle == Standing(UNKNOWN_SIGNER, files.fingerprint, "Jane Doe", checked=False)
    assert pdf_changed.state == CHANGED
    assert bundle_changed == Standing(UNKNOWN_SIGNER, files.fingerprint, "Jane Doe")
    assert junk.state == NOT_SIGNED


def test_once_the_card_is_added(files: Files) -> None:
    intake.add_signer(files.card, "Jane Doe")
    states = [s.state for s in _standings(files.pdf, files.bundle, files.pdf_changed,
                                          files.bundle_changed)]
    assert states == [VALID, VALID, CHANGED, CHANGED]


def test_a_stranger_signing_in_janes_name_is_not_valid(files: Files,
                                                       memory_keyring: MemoryKeyring,
                                                       tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    intake.add_signer(files.card, "Jane Doe")
    supervisor = tmp_path / "supervisor"
    monkeypatch.setenv("READINESS_HOME", str(tmp_path / "mallory"))
    keys.init_key("Jane Doe", "BACP 012345")
    forged = checklist.sign_report(handmade_report(), tmp_path / "forged",
                                   catalogue=HANDMADE_CATALOGUE)
    monkeypatch.setenv("READINESS_HOME", str(supervisor))
    run = verify_run([forged.pdf_path])
    (got,) = standings(run.results, signers.list_signers())
    assert not run.results[0].ok
    assert got.state == UNKNOWN_SIGNER and got.fingerprint != files.fingerprint


def test_a_signed_bundle_whose_payload_no_longer_reads_is_changed(files: Files,
                                                                 tmp_path: Path) -> None:
    doc = json.loads(files.bundle.read_text(encoding="utf-8"))
    doc["dsseEnvelope"]["payload"] = base64.b64encode(b"{not json").decode()
    broken = tmp_path / "broken.readiness.json"
    broken.write_text(json.dumps(doc), encoding="utf-8")
    unsigned = tmp_path / "unsigned.readiness.json"
    unsigned.write_text("{}", encoding="utf-8")
    assert [s.state for s in _standings(broken, unsigned)] == [CHANGED, NOT_SIGNED]
