"""Folder verification under attack (issue 9, items 2, 7, 9, 10 and parts of 12).

A supervisor runs `readiness verify FOLDER` over many practitioners' files. Each test plants
something hostile in the folder and asserts that every file is listed, that nothing false is
reported as verified, that the exit code is 1, and that nothing reaches the terminal raw."""

from __future__ import annotations

import datetime as dt
import io
import json
import os
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric import ec

from readiness.cli.main import main
from readiness.signing import checklist, dsse, jcs, keys, pdf_render, pdf_sign, signers
from readiness.signing.bundle import Bundle, parse_bundle
from readiness.signing.keycard import CARD_ATTACHMENT
from readiness.signing.pubkey import PublicKey, is_strict_der, sign_bytes
from readiness.signing.verify import verify_paths, verify_run
from tests.keychain import MemoryKeyring
from tests.signing.helpers import HANDMADE_CATALOGUE, handmade_report


@dataclass
class Folder:
    path: Path
    first: checklist.SignedChecklist
    second: checklist.SignedChecklist
    card: Path


def _sign(out: Path, **kw: object) -> checklist.SignedChecklist:
    return checklist.sign_report(handmade_report(), out, catalogue=HANDMADE_CATALOGUE,
                                 **kw)  # type: ignore[arg-type]


@pytest.fixture
def folder(memory_keyring: MemoryKeyring, tmp_path: Path) -> Folder:
    keys.init_key("Jane Doe", "BACP 012345")
    out = tmp_path / "supervisees"
    first, second = _sign(out), _sign(out)
    card = keys.export_card(tmp_path / "card")[0]
    return Folder(out, first, second, card)


def _cli(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    code = main(args)
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err
    return code, captured.out + captured.err


def _names(folder: Path) -> set[str]:
    return {v.path.name for v in verify_paths([folder])}


# --- item 2: nothing is skipped silently ----------------------------------------------------


def _unsigned_ready_pdf(extra: dict[str, bytes]) -> bytes:
    """A checklist-looking PDF that says Ready, signed by nobody, with attachments."""
    from pyhanko.pdf_utils import embed
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

    statement = {"predicate": {"verdict": "ready", "checks": [], "attestations": [],
                               "practitioner": {"name": "Jane Doe"}, "reportId": "x",
                               "sequence": 9, "generatedAt": "2026-12-01T09:00:00Z",
                               "signedAt": "2026-12-01T09:00:00Z"}}
    pdf = pdf_render.render_checklist(statement, statement_sha256="0" * 64,
                                      timestamp_note="the computer's own clock")
    writer = IncrementalPdfFileWriter(io.BytesIO(pdf))
    for name, data in extra.items():
        embed.embed_file(writer, embed.FileSpec(
            file_spec_string=name, file_name=name,
            embedded_data=embed.EmbeddedFileObject.from_file_data(writer, data=data)))
    buf = io.BytesIO()
    writer.write(buf)  # type: ignore[no-untyped-call]
    return buf.getvalue()


def test_forged_unsigned_pdf_with_a_card_key_is_listed_and_fails(
    folder: Folder, capsys: pytest.CaptureFixture[str]
) -> None:
    pub = folder.card.parent.glob("*.pub").__next__().read_bytes()
    forged = folder.path / "2026-12-01T0900Z_0009_checklist.pdf"
    forged.write_bytes(_unsigned_ready_pdf({CARD_ATTACHMENT: pub}))
    code, out = _cli(["verify", str(folder.path)], capsys)
    assert code == 1
    assert forged.name in out and "4 of 5 files verified" in out
    (row,) = [v for v in verify_paths([folder.path]) if v.path == forged]
    # Not passed off as a harmless key card either: its page is not a card's.
    assert not row.ok and row.kind == "pdf" and "not a key card Readiness drew" in \
        row.problems[0]


def test_forged_pdf_with_card_key_and_bundle_is_checked_as_a_checklist(folder: Folder) -> None:
    pub = next(folder.card.parent.glob("*.pub")).read_bytes()
    forged = folder.path / "forged.pdf"
    forged.write_bytes(_unsigned_ready_pdf({
        CARD_ATTACHMENT: pub, checklist.BUNDLE_NAME: folder.first.bundle_path.read_bytes()}))
    (row,) = [v for v in verify_paths([folder.path]) if v.path == forged]
    assert not row.ok and row.kind == "pdf" and row.problems == ["the PDF is not signed"]


def test_signed_checklist_carrying_a_card_key_verifies_as_a_checklist(folder: Folder) -> None:
    key = keys.load_key()
    genuine = folder.first.pdf_path.read_bytes()
    files = pdf_sign.read_attachments(genuine)
    statement = json.loads(files[checklist.STATEMENT_NAME])
    pdf = pdf_render.render_checklist(statement, statement_sha256="x", timestamp_note="x")
    atts = [pdf_sign.Attachment(n, d, "application/octet-stream", n) for n, d in files.items()]
    atts.append(pdf_sign.Attachment(CARD_ATTACHMENT, key.public.openssh.encode(), "text/plain",
                                    "key"))
    both = folder.path / "both.pdf"
    both.write_bytes(pdf_sign.sign_pdf(pdf, key, atts))
    (row,) = [v for v in verify_paths([folder.path]) if v.path == both]
    assert row.kind == "pdf" and row.sequence == 1


def test_key_cards_handovers_and_other_files_are_named(
    folder: Folder, capsys: pytest.CaptureFixture[str]
) -> None:
    shutil.copy(folder.card, folder.path)
    rotation = folder.path / "handover-x.readiness-rotation.json"
    rotation.write_bytes(_handover_bytes())
    # A tampered checklist under a hand-over's name is judged by what it holds.
    renamed = folder.path / "renamed.readiness-rotation.json"
    renamed.write_bytes(folder.first.bundle_path.read_bytes().replace(b'"payload": "',
                                                                       b'"payload": "x'))
    (folder.path / "notes.docx").write_bytes(b"notes")
    (folder.path / "sub").mkdir()
    run = verify_run([folder.path])
    kinds = {v.path.name: v.kind for v in run.results}
    assert kinds[folder.card.name] == "keycard" and kinds[rotation.name] == "handover"
    assert kinds[renamed.name] == "bundle"
    assert {p.name for p in run.ignored} == {"notes.docx", "sub"}
    code, out = _cli(["verify", str(folder.path)], capsys)
    assert code == 1
    assert f"FAIL {folder.card.name}  key card (not a checklist)" in out
    assert f"FAIL {rotation.name}  key hand-over (not a checklist)" in out
    assert "Not looked at (not .pdf or .readiness.json): notes.docx, sub." in out


def _handover_bytes() -> bytes:
    from types import SimpleNamespace

    from readiness.signing.statement import rotation_statement

    old, new = (PublicKey.from_private(ec.generate_private_key(ec.SECP256R1()))
                for _ in range(2))
    payload = jcs.canonical(rotation_statement(SimpleNamespace(name="J", registration=""),
                                               old, new, "2026-12-01T10:00:00Z"))
    env = dsse.sign(dsse.INTOTO_PAYLOAD_TYPE, payload, [("k", lambda m: b"0")])
    return json.dumps(env.to_json()).encode()


# --- item 7: chains by identity, gaps and back-dating ---------------------------------------


def test_backdated_report_is_an_error(folder: Folder, tmp_path: Path,
                                      monkeypatch: pytest.MonkeyPatch) -> None:
    earlier = dt.datetime(2020, 1, 1, tzinfo=dt.UTC)
    monkeypatch.setattr(checklist, "_now", lambda: earlier)
    third = _sign(folder.path)
    rows = {v.sequence: v for v in verify_paths([folder.path])}
    assert rows[3].path.name == third.bundle_path.name or rows[3].path == third.pdf_path
    assert not rows[3].ok and "back-dated" in rows[3].problems[0]
    assert rows[1].ok and rows[2].ok


def _restatement(source: Path, key: ec.EllipticCurvePrivateKey, **changes: object) -> bytes:
    """The statement in ``source`` with ``changes``, signed by ``key`` (a trusted key that
    is not the practitioner's)."""
    statement = json.loads(parse_bundle(source.read_bytes()).envelope.payload)
    pub = PublicKey.from_private(key)
    statement["predicate"]["practitioner"]["keyFingerprint"] = pub.fingerprint
    statement["predicate"].update(changes)
    payload = jcs.canonical(statement)
    env = dsse.sign(dsse.INTOTO_PAYLOAD_TYPE, payload,
                    [(pub.fingerprint, lambda m: sign_bytes(key, m))])
    return Bundle(env, pub.fingerprint).dumps().encode()


def test_another_signer_cannot_continue_janes_chain(folder: Folder) -> None:
    bob = ec.generate_private_key(ec.SECP256R1())
    signers.trust_key(PublicKey.from_private(bob), "Bob Smith")
    # Bob's report names itself "Jane Doe", number 2, following Jane's report 1; Jane's
    # real report 2 is withheld.
    for f in folder.path.glob("*_0002_*"):
        f.unlink()
    first = parse_bundle(folder.first.bundle_path.read_bytes()).envelope.payload
    import hashlib

    (folder.path / "injected.readiness.json").write_bytes(_restatement(
        folder.first.bundle_path, bob, sequence=2,
        previous={"sha256": hashlib.sha256(first).hexdigest()}, reportId="injected"))
    (row,) = [v for v in verify_paths([folder.path]) if v.path.name == "injected.readiness.json"]
    assert not row.ok and "signed by a different signer" in row.problems[0]


def test_same_name_different_keys_are_separate_chains(folder: Folder) -> None:
    other = ec.generate_private_key(ec.SECP256R1())
    signers.trust_key(PublicKey.from_private(other), "Jane Doe")  # another Jane Doe
    (folder.path / "other-jane.readiness.json").write_bytes(
        _restatement(folder.first.bundle_path, other, reportId="other"))
    rows = verify_paths([folder.path])
    assert all(v.ok for v in rows), [v.problems for v in rows]


# --- item 9: untrusted text never reaches the terminal raw -----------------------------------


def test_escape_sequences_in_names_are_shown_escaped(
    memory_keyring: MemoryKeyring, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    keys.init_key("Jane\x1b[2K\rVERIFIED \u202eDoe", "BACP\x07")
    out_dir = tmp_path / "out"
    signed = _sign(out_dir)
    hostile = out_dir / "\x1b]0;pwned\x07\x1b[1A.readiness.json"
    shutil.copy(signed.bundle_path, hostile)
    for args in (["verify", str(signed.bundle_path)], ["verify", str(out_dir)],
                 ["verify", str(hostile)], ["signers", "list"]):
        _, out = _cli(args, capsys)
        assert "\x1b" not in out and "\x07" not in out and "\u202e" not in out, args
        assert "\\u001b" in out, args


# --- item 10: hostile files cannot stall a run -----------------------------------------------


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this system")
def test_fifo_device_link_and_sparse_file_are_per_file_failures(
    folder: Folder, capsys: pytest.CaptureFixture[str]
) -> None:
    os.mkfifo(folder.path / "pipe.pdf")
    os.symlink("/dev/zero", folder.path / "zero.readiness.json")
    with (folder.path / "huge.pdf").open("wb") as fh:
        fh.truncate(8 * 1024**3)  # sparse: 8 GB on paper, nothing on disk
    (folder.path / "dir.pdf").mkdir()
    rows = {v.path.name: v for v in verify_paths([folder.path])}
    assert "it is a pipe, not a regular file" in rows["pipe.pdf"].problems[0]
    assert "it is a device, not a regular file" in rows["zero.readiness.json"].problems[0]
    assert "more than the 10 MB expected" in rows["huge.pdf"].problems[0]
    assert "folder" in rows["dir.pdf"].problems[0]
    code, out = _cli(["verify", str(folder.path)], capsys)
    assert code == 1 and "4 of 8 files verified" in out


def test_bundle_with_many_signatures_is_refused_before_verifying(folder: Folder) -> None:
    doc = json.loads(folder.first.bundle_path.read_bytes())
    sigs = doc["dsseEnvelope"]["signatures"]
    doc["dsseEnvelope"]["signatures"] = sigs * 1000
    many = folder.path / "many.readiness.json"
    many.write_text(json.dumps(doc))
    (row,) = [v for v in verify_paths([many])]
    assert not row.ok and "1000 signatures" in row.problems[0]


# --- item 12: strict DER, replayed in the folder table ---------------------------------------


def test_only_strict_der_signatures_count(folder: Folder) -> None:
    env = parse_bundle(folder.first.bundle_path.read_bytes()).envelope
    sig = env.signatures[0].sig
    assert is_strict_der(sig)
    ber = bytes([0x30, 0x81, sig[1]]) + sig[2:]
    for bad in (sig + b"\x00", ber, b"\x30\x00", sig[:-1]):
        assert not is_strict_der(bad)
        forged = dsse.Envelope(env.payload_type, env.payload, (dsse.Signature(bad, ""),))
        path = folder.path / "ber.readiness.json"
        path.write_text(Bundle(forged, "").dumps())
        assert not verify_paths([path])[0].ok


def test_folder_table_says_replayed(memory_keyring: MemoryKeyring, tmp_path: Path,
                                   capsys: pytest.CaptureFixture[str]) -> None:
    keys.init_key("Jane Doe")
    out_dir = tmp_path / "out"
    checklist.sign_report(handmade_report(replayed="snap"), out_dir,
                          catalogue=HANDMADE_CATALOGUE)
    _, out = _cli(["verify", str(out_dir)], capsys)
    rows = [line for line in out.splitlines() if line.startswith("OK")]
    assert len(rows) == 2 and all("REPLAYED from a snapshot" in r for r in rows)


def test_library_tracebacks_stay_out_of_the_terminal(tmp_path: Path) -> None:
    import subprocess
    import sys

    bad = tmp_path / "bad.pdf"
    bad.write_bytes(b"%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <</Root 1 0 R>>\n%%EOF\n")
    env = {**os.environ, "READINESS_HOME": str(tmp_path / "home")}
    proc = subprocess.run([sys.executable, "-m", "readiness", "verify", str(bad)],
                          capture_output=True, text=True, env=env, timeout=120, check=False)
    assert proc.returncode == 1
    assert proc.stderr == "", proc.stderr
    assert "cannot be read as a signed checklist" in proc.stdout
    log = (tmp_path / "home").rglob("readiness.log")
    assert any("Traceback" in p.read_text() for p in log)
