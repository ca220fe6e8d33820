"""Signing a report and verifying it: bundles, PDFs, the chain, tampering, attacker keys,
and cross-checks with ssh-keygen, openssl and poppler's pdfsig."""

from __future__ import annotations

import base64
import hashlib
import io
import json
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric import ec

from readiness.signing import checklist, dsse, intake, jcs, keys, signers
from readiness.signing.bundle import Bundle, parse_bundle
from readiness.signing.checklist import SignedChecklist
from readiness.signing.errors import VerifyError
from readiness.signing.pubkey import PublicKey, sign_bytes, sshsig_sign
from readiness.signing.verify import check_bundle, verify_paths
from readiness.store import History
from tests.keychain import MemoryKeyring
from tests.signing.helpers import HANDMADE_CATALOGUE, handmade_report


@dataclass
class Signed:
    out: Path
    first: SignedChecklist
    second: SignedChecklist
    info: keys.KeyInfo


def _sign(out: Path, **kw: object) -> SignedChecklist:
    return checklist.sign_report(handmade_report(), out, catalogue=HANDMADE_CATALOGUE, **kw)  # type: ignore[arg-type]


@pytest.fixture
def signed(memory_keyring: MemoryKeyring, tmp_path: Path) -> Signed:
    info = keys.init_key("Jane Doe", "BACP 012345")
    out = tmp_path / "out"
    first = _sign(out)
    second = _sign(out)
    return Signed(out, first, second, info)


def _verify_one(path: Path) -> object:
    (v,) = verify_paths([path])
    return v


# --- the happy path ---------------------------------------------------------------------------


def test_both_files_verify_with_plain_answers(signed: Signed) -> None:
    results = verify_paths([signed.out])
    assert len(results) == 4
    for v in results:
        assert v.ok, v.problems
        assert v.unaltered
        assert v.signer_name == "Jane Doe"
        assert v.fingerprint == signed.info.fingerprint_ssh
        assert v.time_source == "signer"
        assert v.verdict == "ready_with_cautions"  # unknown is never a pass
    by_seq = {v.sequence: v for v in results}
    assert by_seq[1].chain_position == "report 1: the first in the series"
    assert by_seq[2].chain_position == "report 2: follows report 1 (linked)"
    results_of = by_seq[1].results
    assert [r["id"] for r in results_of] == ["firewall_on", "disk_encryption", "private_space"]
    assert results_of[2]["attested"] is True and results_of[0]["attested"] is False
    assert results_of[0]["observed"] == {"ufw_active": True, "rules": 3}


def test_statement_content(signed: Signed) -> None:
    bundle = parse_bundle(signed.first.bundle_path.read_bytes())
    assert bundle.envelope.payload_type == "application/vnd.in-toto+json"
    st = json.loads(bundle.envelope.payload)
    assert jcs.canonical(st) == bundle.envelope.payload
    assert st["_type"] == "https://in-toto.io/Statement/v1"
    assert st["predicateType"].endswith("/device-check/v1")
    digest = st["subject"][0]["digest"]["sha256"]
    assert len(digest) == 64
    machine_id = Path("/etc/machine-id")
    if machine_id.exists():
        raw = machine_id.read_text().strip()
        assert raw not in bundle.envelope.payload.decode()  # never the raw id
        assert digest != hashlib.sha256(raw.encode()).hexdigest()  # salted
    pred = st["predicate"]
    assert pred["sequence"] == 1 and pred["previous"] is None
    assert pred["practitioner"] == {"name": "Jane Doe", "registration": "BACP 012345",
                                    "keyFingerprint": signed.info.fingerprint_ssh}
    assert pred["catalogue"]["digest"] == {"sha256": "0" * 64}
    assert pred["tool"]["version"]
    assert pred["attestations"][0]["attested"] is True
    assert pred["checks"][0]["method"] == "ufw status"
    second = json.loads(parse_bundle(signed.second.bundle_path.read_bytes()).envelope.payload)
    assert second["predicate"]["previous"] == {
        "sha256": hashlib.sha256(bundle.envelope.payload).hexdigest()}
    entries = History().entries()
    assert [e.sequence for e in entries] == [1, 2]
    assert entries[0].pdf_path == str(signed.first.pdf_path)


def test_signing_is_deterministic_for_the_same_bytes(signed: Signed) -> None:
    key = keys.load_key()
    assert sign_bytes(key.private, b"x") == sign_bytes(key.private, b"x")


def test_preview_matches_what_is_signed_next(signed: Signed) -> None:
    preview = checklist.preview_statement(handmade_report(), catalogue=HANDMADE_CATALOGUE)
    assert preview["predicate"]["sequence"] == 3
    assert preview["predicate"]["previous"] == {"sha256": signed.second.statement_sha256}


def test_replayed_runs_are_labelled(memory_keyring: MemoryKeyring, tmp_path: Path) -> None:
    keys.init_key("Jane Doe")
    s = checklist.sign_report(handmade_report(replayed="snap"), tmp_path,
                              catalogue=HANDMADE_CATALOGUE)
    v = _verify_one(s.bundle_path)
    assert v.replayed  # type: ignore[attr-defined]


# --- trust ------------------------------------------------------------------------------------


def test_untrusted_signer_is_rejected(signed: Signed, tmp_path: Path) -> None:
    empty = tmp_path / "signers.json"
    empty.write_text(json.dumps({"format": "readiness-signers/1", "signers": []}))
    for v in verify_paths([signed.out], empty):
        assert not v.ok


def test_supervisor_trusts_the_key_card(signed: Signed, tmp_path: Path,
                                        monkeypatch: pytest.MonkeyPatch) -> None:
    card_dir = tmp_path / "card"
    card, pub, pem, allowed = keys.export_card(card_dir)
    monkeypatch.setenv("READINESS_HOME", str(tmp_path / "supervisor"))
    assert all(not v.ok for v in verify_paths([signed.out]))
    s = intake.add_signer(card, "Jane (supervisee)")
    assert s.fingerprint == signed.info.fingerprint_ssh
    assert all(v.ok for v in verify_paths([signed.out]))
    assert {v.signer_name for v in verify_paths([signed.out])} == {"Jane (supervisee)"}
    for other in (pub, pem, allowed):
        assert intake.single_key(other.read_bytes(), other.name).fingerprint == s.fingerprint
    # An ssh allowed_signers file works as a --signers list too.
    assert all(v.ok for v in verify_paths([signed.out], allowed))


def _attacker_bundle(payload: bytes) -> tuple[bytes, ec.EllipticCurvePrivateKey]:
    attacker = ec.generate_private_key(ec.SECP256R1())
    fp = PublicKey.from_private(attacker).fingerprint
    env = dsse.sign(dsse.INTOTO_PAYLOAD_TYPE, payload, [(fp, lambda m: sign_bytes(attacker, m))])
    doc = Bundle(env, fp).to_json()
    # The attacker also puts their public key in the file; it must make no difference.
    doc["verificationMaterial"]["publicKey"]["rawPublicKey"] = PublicKey.from_private(attacker).pem
    return json.dumps(doc).encode(), attacker


def test_attacker_key_in_the_file_is_not_trusted(signed: Signed) -> None:
    payload = parse_bundle(signed.first.bundle_path.read_bytes()).envelope.payload
    st = json.loads(payload)
    st["predicate"]["verdict"] = "ready"
    forged, _attacker = _attacker_bundle(jcs.canonical(st))
    trusted = signers.list_signers()
    with pytest.raises(VerifyError, match="trusted key"):
        check_bundle(forged, trusted)
    # Even claiming the real practitioner's fingerprint as key id does not help.
    doc = json.loads(forged)
    doc["dsseEnvelope"]["signatures"][0]["keyid"] = signed.info.fingerprint_ssh
    doc["verificationMaterial"]["publicKey"]["hint"] = signed.info.fingerprint_ssh
    with pytest.raises(VerifyError, match="trusted key"):
        check_bundle(json.dumps(doc).encode(), trusted)


def test_attacker_signed_pdf_is_rejected(signed: Signed, tmp_path: Path,
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    trusted_list = tmp_path / "trusted.json"
    shutil.copy(signers.signers_path(), trusted_list)
    # The attacker has their own Readiness with a key under the victim's name.
    monkeypatch.setenv("READINESS_HOME", str(tmp_path / "attacker"))
    keys.init_key("Jane Doe", "BACP 012345")
    forged = _sign(tmp_path / "forged")
    for path in (forged.pdf_path, forged.bundle_path):
        (v,) = verify_paths([path], trusted_list)
        assert not v.ok
        assert any("trusted" in p for p in v.problems)


# --- canonical form and payload rules (signed by the trusted key itself) ---------------------


def _resign(payload: bytes, payload_type: str = dsse.INTOTO_PAYLOAD_TYPE) -> bytes:
    key = keys.load_key()
    env = dsse.sign(payload_type, payload, [(key.public.fingerprint, key.sign)])
    return Bundle(env, key.public.fingerprint).dumps().encode()


def test_noncanonical_and_duplicate_key_payloads_rejected(signed: Signed) -> None:
    payload = parse_bundle(signed.first.bundle_path.read_bytes()).envelope.payload
    trusted = signers.list_signers()
    check_bundle(_resign(payload), trusted)
    pretty = json.dumps(json.loads(payload), indent=1).encode()
    with pytest.raises(VerifyError, match="canonical"):
        check_bundle(_resign(pretty), trusted)
    dup = payload[:-1] + b',"predicateType":"x"}'
    with pytest.raises(VerifyError, match="repeats"):
        check_bundle(_resign(dup), trusted)
    with pytest.raises(VerifyError, match="payload type"):
        check_bundle(_resign(payload, "application/json"), trusted)
    wrong_fp = json.loads(payload)
    wrong_fp["predicate"]["practitioner"]["keyFingerprint"] = "SHA256:someone-else"
    with pytest.raises(VerifyError, match="different key"):
        check_bundle(_resign(jcs.canonical(wrong_fp)), trusted)


def test_payload_type_swap_is_rejected(signed: Signed) -> None:
    doc = json.loads(signed.first.bundle_path.read_bytes())
    doc["dsseEnvelope"]["payloadType"] = "application/vnd.example.other+json"
    with pytest.raises(VerifyError):
        check_bundle(json.dumps(doc).encode(), signers.list_signers())


# --- tamper sweep -----------------------------------------------------------------------------


@pytest.mark.slow
def test_tamper_sweep_every_bit_of_a_bundle(signed: Signed) -> None:
    """Flip every single bit: no altered payload, type or signature may be accepted."""
    data = signed.first.bundle_path.read_bytes()
    original = parse_bundle(data).envelope
    trusted = signers.list_signers()
    accepted = 0
    for i in range(len(data)):
        for bit in range(8):
            mutated = bytearray(data)
            mutated[i] ^= 1 << bit
            try:
                checked = check_bundle(bytes(mutated), trusted)
            except VerifyError:
                continue
            accepted += 1
            # Only changes outside the signed content may survive (e.g. the key hint, JSON
            # whitespace, a base64 alphabet swap that decodes to the same bytes).
            again = parse_bundle(bytes(mutated)).envelope
            assert checked.payload == original.payload
            assert again.payload_type == original.payload_type
    assert accepted < len(data)  # the vast majority of flips are caught outright


def test_splices_and_truncations_are_rejected(signed: Signed) -> None:
    data = signed.first.bundle_path.read_bytes()
    trusted = signers.list_signers()
    payload = parse_bundle(data).envelope.payload
    for cut in (1, len(data) // 3, len(data) // 2, len(data) - 3):
        with pytest.raises(VerifyError):
            check_bundle(data[:cut], trusted)
    doc = json.loads(data)
    raw = base64.b64decode(doc["dsseEnvelope"]["payload"])
    doc["dsseEnvelope"]["payload"] = base64.b64encode(raw.replace(b'"fail"', b'"pass"')
                                                      .replace(b'"unknown"', b'"pass"')).decode()
    with pytest.raises(VerifyError):
        check_bundle(json.dumps(doc).encode(), trusted)
    assert raw == payload


# --- PDF tampering ----------------------------------------------------------------------------


def test_pdf_byte_flip_is_detected(signed: Signed, tmp_path: Path) -> None:
    data = bytearray(signed.first.pdf_path.read_bytes())
    i = data.index(b"Pre-session") if b"Pre-session" in data else len(data) // 3
    # Flip a byte inside the signed range (page content or the document title).
    data[i + 2] ^= 0x01
    bad = tmp_path / "flipped.pdf"
    bad.write_bytes(bytes(data))
    (v,) = verify_paths([bad])
    assert not v.ok


def test_pdf_incremental_update_is_detected(signed: Signed, tmp_path: Path) -> None:
    from pyhanko.pdf_utils import generic
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

    w = IncrementalPdfFileWriter(io.BytesIO(signed.first.pdf_path.read_bytes()))
    page = w.root["/Pages"]["/Kids"][0].get_object()
    page["/Rotate"] = generic.NumberObject(90)  # type: ignore[no-untyped-call]
    w.update_container(page)
    buf = io.BytesIO()
    w.write(buf)  # type: ignore[no-untyped-call]
    bad = tmp_path / "updated.pdf"
    bad.write_bytes(buf.getvalue())
    (v,) = verify_paths([bad])
    assert not v.ok
    assert any("changed after it was signed" in p or "altered" in p for p in v.problems)


def test_pdf_trailing_junk_is_detected(signed: Signed, tmp_path: Path) -> None:
    bad = tmp_path / "junk.pdf"
    bad.write_bytes(signed.first.pdf_path.read_bytes() + b"\n% appended by someone\n")
    (v,) = verify_paths([bad])
    assert not v.ok


def test_pdf_attachments_match_the_bundle(signed: Signed) -> None:
    from readiness.signing.pdf_sign import read_attachments

    files = read_attachments(signed.first.pdf_path.read_bytes())
    bundle = parse_bundle(signed.first.bundle_path.read_bytes())
    assert files["statement.json"] == bundle.envelope.payload
    assert files["statement.dsse.sig"] == bundle.envelope.signatures[0].sig
    assert json.loads(files["checklist.readiness.json"]) == json.loads(
        signed.first.bundle_path.read_bytes())


# --- the chain across a folder ----------------------------------------------------------------


def test_chain_gap_and_replacement(signed: Signed, tmp_path: Path) -> None:
    third = _sign(signed.out)
    folder = tmp_path / "only-bundles"
    folder.mkdir()
    shutil.copy(signed.first.bundle_path, folder)
    shutil.copy(third.bundle_path, folder)
    results = {v.sequence: v for v in verify_paths([folder])}
    # Report 2 withheld from the folder: a gap in the middle of the series is an error.
    assert not results[3].ok and results[1].ok
    assert results[3].chain_position == "report 3: report 2 missing before it"
    assert "report 2 of this signer's series is missing" in results[3].problems[0]
    # A second, different report 2 (e.g. re-signed after deleting the first) shows.
    with History() as h, h.writing():
        h._db.execute("DELETE FROM reports WHERE sequence >= 2")
    replacement = _sign(tmp_path / "redo")
    assert replacement.sequence == 2
    shutil.copy(signed.second.bundle_path, folder)
    shutil.copy(replacement.bundle_path, folder / "replacement.readiness.json")
    results_list = verify_paths([folder])
    twos = [v for v in results_list if v.sequence == 2]
    assert len(twos) == 2 and all(not v.ok for v in twos)
    three = next(v for v in results_list if v.sequence == 3)
    assert three.ok and three.chain_position.endswith("(linked)")  # it names the original 2
    # Without the original, report 3 shows that the report 2 present is not its predecessor.
    (folder / signed.second.bundle_path.name).unlink()
    three = next(v for v in verify_paths([folder]) if v.sequence == 3)
    assert not three.ok and "chain broken" in three.chain_position


# --- rotation -----------------------------------------------------------------------------------


def test_rotation_keeps_old_reports_valid(signed: Signed, tmp_path: Path) -> None:
    old_fp = signed.info.fingerprint_ssh
    rotation = keys.rotate_key()
    assert rotation.new.fingerprint_ssh != old_fp
    assert rotation.new.recovery_code
    later = _sign(signed.out)
    assert later.fingerprint == rotation.new.fingerprint_ssh
    results = verify_paths([signed.out])
    assert all(v.ok for v in results), [v.problems for v in results]
    assert {v.fingerprint for v in results} == {old_fp, rotation.new.fingerprint_ssh}
    assert next(v for v in results if v.sequence == 3).chain_position.endswith("(linked)")
    # The hand-over statement is signed by both keys.
    env = dsse.Envelope.from_json(json.loads(rotation.handover_path.read_text()))

    class V:
        def __init__(self, k: PublicKey) -> None:
            self.name = k.fingerprint
            self._k = k

        def verify(self, m: bytes, s: bytes) -> bool:
            return self._k.verify(m, s)

    both = dsse.verify(env, [V(PublicKey.parse(rotation.old.public_key)),
                             V(PublicKey.parse(rotation.new.public_key))], threshold=2)
    assert set(both) == {old_fp, rotation.new.fingerprint_ssh}
    stmt = json.loads(env.payload)
    assert stmt["predicate"]["newKey"]["fingerprint"] == rotation.new.fingerprint_ssh
    # The old private key is gone; the new backup restores the new key.
    assert keys.restore_key(keys.backup_path(), rotation.new.recovery_code).fingerprint_ssh == \
        rotation.new.fingerprint_ssh


# --- without Readiness: ssh-keygen, openssl, pdfsig ------------------------------------------


def _tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        pytest.skip(f"{name} is not installed (scripts/system-deps.sh installs it)")
    return path


def test_ssh_keygen_verifies_the_attached_signature(signed: Signed, tmp_path: Path) -> None:
    ssh_keygen = _tool("ssh-keygen")
    from readiness.signing.pdf_sign import read_attachments

    files = read_attachments(signed.first.pdf_path.read_bytes())
    (tmp_path / "statement.json").write_bytes(files["statement.json"])
    (tmp_path / "statement.json.sig").write_bytes(files["statement.json.sig"])
    card = keys.export_card(tmp_path / "card")
    allowed = card[3]
    principal = allowed.read_text().split()[0]
    cmd = [ssh_keygen, "-Y", "verify", "-f", str(allowed), "-I", principal,
           "-n", "readiness-checklist-v1@readiness", "-s", str(tmp_path / "statement.json.sig")]
    ok = subprocess.run(cmd, input=files["statement.json"], capture_output=True, timeout=30)
    assert ok.returncode == 0, ok.stderr
    assert b"Good" in ok.stdout and signed.info.fingerprint_ssh.encode() in ok.stdout
    bad = subprocess.run(cmd, input=files["statement.json"].replace(b'"fail"', b'"pass"')
                         .replace(b'"unknown"', b'"pass"'), capture_output=True, timeout=30)
    assert bad.returncode != 0
    wrong_ns = [*cmd]
    wrong_ns[wrong_ns.index("readiness-checklist-v1@readiness")] = "file"
    assert subprocess.run(wrong_ns, input=files["statement.json"], capture_output=True,
                          timeout=30).returncode != 0


def test_openssl_verifies_the_dsse_pae(signed: Signed, tmp_path: Path) -> None:
    openssl = _tool("openssl")
    bundle = parse_bundle(signed.first.bundle_path.read_bytes())
    payload = bundle.envelope.payload
    # Exactly the shell recipe documented in the README.
    pae = b"DSSEv1 28 application/vnd.in-toto+json %d " % len(payload) + payload
    assert pae == dsse.pae(bundle.envelope.payload_type, payload)
    (tmp_path / "pae.bin").write_bytes(pae)
    (tmp_path / "sig.der").write_bytes(bundle.envelope.signatures[0].sig)
    card = keys.export_card(tmp_path / "card")
    pem = card[2]
    cmd = [openssl, "dgst", "-sha256", "-verify", str(pem), "-signature",
           str(tmp_path / "sig.der"), str(tmp_path / "pae.bin")]
    ok = subprocess.run(cmd, capture_output=True, timeout=30)
    assert ok.returncode == 0 and b"Verified OK" in ok.stdout
    (tmp_path / "pae.bin").write_bytes(pae.replace(b"Jane", b"Jake"))
    assert subprocess.run(cmd, capture_output=True, timeout=30).returncode != 0


def test_pdfsig_accepts_the_pdf_signature(signed: Signed, tmp_path: Path) -> None:
    pdfsig = _tool("pdfsig")
    out = subprocess.run([pdfsig, str(signed.first.pdf_path)], capture_output=True, timeout=60,
                         text=True)
    assert "Signature is Valid" in out.stdout, out.stdout + out.stderr
    assert "Total document signed" in out.stdout
    junk = tmp_path / "junk.pdf"
    data = bytearray(signed.first.pdf_path.read_bytes())
    i = data.index(b"/Contents <") if b"/Contents <" in data else len(data) // 2
    data[i - 40] ^= 0x01
    junk.write_bytes(bytes(data))
    bad = subprocess.run([pdfsig, str(junk)], capture_output=True, timeout=60, text=True)
    assert "Signature is Valid" not in bad.stdout


def test_sshsig_armor_shape() -> None:
    key = ec.generate_private_key(ec.SECP256R1())
    armored = sshsig_sign(key, b"hello")
    lines = armored.strip().splitlines()
    assert lines[0] == "-----BEGIN SSH SIGNATURE-----"
    assert lines[-1] == "-----END SSH SIGNATURE-----"
    assert all(len(line) <= 70 for line in lines[1:-1])
    assert base64.b64decode("".join(lines[1:-1])).startswith(b"SSHSIG")


def test_references_and_stated_answers(memory_keyring: MemoryKeyring, tmp_path: Path) -> None:
    keys.init_key("Jane Doe")
    answers = {"private_space": {"answer": "yes"},
               "insurance_online": {"answer": "no", "answered_at": "2026-11-01"}}
    s = checklist.sign_report(handmade_report(), tmp_path, attestations=answers,
                              catalogue=HANDMADE_CATALOGUE)
    pred = json.loads(parse_bundle(s.bundle_path.read_bytes()).envelope.payload)["predicate"]
    assert pred["checks"][0]["references"] == ["GPiA 047 §9 (Security)"]
    # Only the answer the report does not already carry is added, labelled attested.
    assert pred["statedAnswers"] == [{"id": "insurance_online", "attested": True,
                                      "answer": "no", "answered_at": "2026-11-01"}]


def test_supervisor_follows_a_rotation_with_the_handover(
    signed: Signed, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    card = keys.export_card(tmp_path / "card")[0]
    rotation = keys.rotate_key()
    later = _sign(signed.out)
    handover = tmp_path / "handover.json"
    handover.write_bytes(rotation.handover_path.read_bytes())
    monkeypatch.setenv("READINESS_HOME", str(tmp_path / "supervisor"))
    # Without trusting the old key first, the hand-over proves nothing.
    with pytest.raises(signers.SignersError, match="not one you trust"):
        intake.add_signer(handover, "Jane Doe")
    intake.add_signer(card, "Jane Doe")
    assert not _verify_one(later.bundle_path).ok  # type: ignore[attr-defined]
    added = intake.add_signer(handover, "Jane Doe (new key)")
    assert added.fingerprint == rotation.new.fingerprint_ssh
    assert all(v.ok for v in verify_paths([signed.out]))
