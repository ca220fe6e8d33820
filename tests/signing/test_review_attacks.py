"""Attacks found by an attack review of the verifier (issue 9), each a regression test.

A hostile practitioner holds their own, trusted key and re-signs statements and PDFs as they
like (through the project's own signing functions); a hostile third party only plants files."""

from __future__ import annotations

import copy
import hashlib
import io
import json
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric import ec

from readiness.cli.main import main
from readiness.signing import checklist, dsse, intake, jcs, keys, pdf_render, signers
from readiness.signing.bundle import Bundle, parse_bundle
from readiness.signing.pubkey import PublicKey, sign_bytes
from readiness.signing.verify import verify_paths
from tests.keychain import MemoryKeyring
from tests.signing.helpers import HANDMADE_CATALOGUE, handmade_report

NOTE = "the computer's own clock (no trusted timestamp)"


@pytest.fixture
def alice(memory_keyring: MemoryKeyring, tmp_path: Path) -> Iterator[keys.LoadedKey]:
    keys.init_key("Alice Smith")
    yield keys.load_key()


def _statement(out: Path) -> dict[str, Any]:
    signed = checklist.sign_report(handmade_report(), out, catalogue=HANDMADE_CATALOGUE)
    return dict(json.loads(parse_bundle(signed.bundle_path.read_bytes()).envelope.payload))


def _forge(statement: dict[str, Any], key: keys.LoadedKey, out: Path, *,
           shown: dict[str, Any] | None = None, pdf: bool = True) -> str:
    """Sign ``statement`` with ``key``; the PDF's pages are drawn from ``shown`` (default:
    the statement itself). Returns the statement's SHA-256."""
    payload = jcs.canonical(statement)
    env = dsse.sign(dsse.INTOTO_PAYLOAD_TYPE, payload, [(key.public.fingerprint, key.sign)])
    text = Bundle(env, key.public.fingerprint).dumps()
    digest = hashlib.sha256(payload).hexdigest()
    out.parent.mkdir(parents=True, exist_ok=True)
    if not pdf:
        out.write_text(text)
        return digest
    raw = pdf_render.render_checklist(shown or statement, statement_sha256=digest,
                                      timestamp_note=NOTE)
    out.write_bytes(_certify(raw, key, payload, text, env.signatures[0].sig))
    return digest


def _certify(raw: bytes, key: keys.LoadedKey, payload: bytes, text: str, sig: bytes) -> bytes:
    return checklist._sign_pdf(raw, key, checklist._attachments(payload, text, sig, key),
                               None, [])


def _only(path: Path) -> Any:
    (v,) = [v for v in verify_paths([path.parent]) if v.path == path]
    return v


# --- H1: annotations drawn from their own coordinates, whatever their /Rect ------------------


def test_zero_rect_line_and_ink_annotations_fail(alice: keys.LoadedKey, tmp_path: Path) -> None:
    from pypdf import PdfReader, PdfWriter
    from pypdf.generic import ArrayObject, DictionaryObject, FloatObject, NameObject, NumberObject

    st = _statement(tmp_path / "real")
    payload = jcs.canonical(st)
    env = dsse.sign(dsse.INTOTO_PAYLOAD_TYPE, payload, [(alice.public.fingerprint, alice.sign)])
    raw = pdf_render.render_checklist(st, statement_sha256=hashlib.sha256(payload).hexdigest(),
                                      timestamp_note=NOTE)
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(raw)))

    def arr(*v: float) -> ArrayObject:
        return ArrayObject([FloatObject(x) for x in v])

    line = DictionaryObject({
        NameObject("/Type"): NameObject("/Annot"), NameObject("/Subtype"): NameObject("/Line"),
        NameObject("/Rect"): arr(0, 0, 0, 0), NameObject("/L"): arr(155, 694, 192, 694),
        NameObject("/C"): arr(1, 1, 1), NameObject("/F"): NumberObject(4)})
    writer.pages[0][NameObject("/Annots")] = ArrayObject([writer._add_object(line)])
    buf = io.BytesIO()
    writer.write(buf)
    path = tmp_path / "folder" / "annots.pdf"
    path.parent.mkdir()
    path.write_bytes(_certify(buf.getvalue(), alice, payload,
                              Bundle(env, alice.public.fingerprint).dumps(),
                              env.signatures[0].sig))
    v = _only(path)
    assert not v.ok and any("Line annotation" in p for p in v.problems), v.problems


# --- M1: a back-dated signing time cannot bring an expired key back ------------------------


def test_expired_key_with_backdated_clock_fails(alice: keys.LoadedKey, tmp_path: Path,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    st = _statement(tmp_path / "real")
    st["predicate"].update(reportId="late", signedAt="2026-11-30T23:59:00Z",
                           generatedAt="2026-11-30T23:58:00Z")
    path = tmp_path / "f" / "late.readiness.json"
    _forge(st, alice, path, pdf=False)
    allowed = tmp_path / "allowed_signers"
    allowed.write_text(f'alice@readiness valid-after="20260101Z",valid-before="20261201Z" '
                       f"{alice.public.openssh}\n")
    assert main(["verify", str(path), "--signers", str(allowed)]) == 1
    assert "must also be valid now" in capsys.readouterr().out


# --- M2/M5: a practitioner's own file cannot stall the verifier ----------------------------


def test_repeated_words_and_oversized_statements_fail_quickly(alice: keys.LoadedKey,
                                                               tmp_path: Path) -> None:
    st = _statement(tmp_path / "real")
    c0 = st["predicate"]["checks"][0]
    st["predicate"]["checks"] = [dict(c0, id=f"c{i}", title="word " * 150,
                                      summary="word " * 150) for i in range(30)]
    st["predicate"]["verdict"] = "ready"
    shown = copy.deepcopy(st)
    shown["predicate"]["checks"][15]["title"] = "word " * 149 + "ward"
    path = tmp_path / "f" / "words.pdf"
    _forge(st, alice, path, shown=shown)
    v = _only(path)
    assert not v.ok and any("ward" in p for p in v.problems)
    # A statement far longer than its pages could show is refused before any redraw.
    big = copy.deepcopy(st)
    big["predicate"]["checks"] = [dict(c0, id=f"c{i}", summary="x" * 20_000)
                                  for i in range(300)]
    one_page = copy.deepcopy(big)
    one_page["predicate"]["checks"] = one_page["predicate"]["checks"][:1]
    path = tmp_path / "f" / "big.pdf"
    _forge(big, alice, path, shown=one_page)
    v = _only(path)
    assert not v.ok and any("far longer than" in p for p in v.problems), v.problems


# --- M3/M6: numbers and times in a signed statement are bounded and strict -----------------


@pytest.mark.parametrize(("changes", "says"), [
    ({"sequence": 2**53 - 1}, "sequence number is invalid"),
    ({"signedAt": "2026-11-30T09:00:00Z TSA"}, "signedAt is not a time"),
    ({"signedAt": "2020-01-01T09:00:00+00:00"}, "signedAt is not a time"),
    ({"verdict": "ready"}, "verdict does not follow from its results"),
    ({"verdict": "Ready ✓"}, "verdict is not one Readiness gives"),
])
def test_malformed_statements_fail(alice: keys.LoadedKey, tmp_path: Path,
                                   changes: dict[str, Any], says: str) -> None:
    st = _statement(tmp_path / "real")
    st["predicate"].update(changes)
    path = tmp_path / "f" / "bad.readiness.json"
    _forge(st, alice, path, pdf=False)
    v = _only(path)
    assert not v.ok and says in v.problems[0], v.problems


def test_huge_gap_in_numbers_does_not_exhaust_memory(alice: keys.LoadedKey,
                                                     tmp_path: Path) -> None:
    st = _statement(tmp_path / "real")
    folder = tmp_path / "f"
    _forge(st, alice, folder / "a.readiness.json", pdf=False)
    st2 = copy.deepcopy(st)
    st2["predicate"].update(sequence=10**9, previous={"sha256": "00" * 32}, reportId="x")
    _forge(st2, alice, folder / "b.readiness.json", pdf=False)
    rows = {v.path.name: v for v in verify_paths([folder])}
    assert "and 999999988 more missing" in rows["b.readiness.json"].chain_position


# --- M4: a planted file cannot cost gigabytes ---------------------------------------------


def test_attachment_bomb_is_not_decoded(alice: keys.LoadedKey, tmp_path: Path) -> None:
    from pyhanko.pdf_utils import generic
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

    raw = pdf_render.render_checklist(_statement(tmp_path / "real"), statement_sha256="0" * 64,
                                      timestamp_note=NOTE)
    writer = IncrementalPdfFileWriter(io.BytesIO(raw))
    bomb = zlib.compress(b"\0" * (64 * 1024 * 1024), 9)  # 64 MiB in ~64 KB
    stream = generic.StreamObject({generic.NameObject("/Type"): generic.NameObject(
        "/EmbeddedFile"), generic.NameObject("/Filter"): generic.NameObject("/FlateDecode")},
        encoded_data=bomb)
    spec = generic.DictionaryObject({  # type: ignore[no-untyped-call]
        generic.NameObject("/Type"): generic.NameObject("/Filespec"),
        generic.NameObject("/EF"): generic.DictionaryObject(  # type: ignore[no-untyped-call]
            {generic.NameObject("/F"): writer.add_object(stream)})})
    names = generic.ArrayObject([generic.TextStringObject(checklist.BUNDLE_NAME),
                                 writer.add_object(spec)])
    root = writer.root
    root[generic.NameObject("/Names")] = generic.DictionaryObject({  # type: ignore[no-untyped-call]
        generic.NameObject("/EmbeddedFiles"): generic.DictionaryObject(  # type: ignore[no-untyped-call]
            {generic.NameObject("/Names"): names})})
    writer.update_root()  # type: ignore[no-untyped-call]
    buf = io.BytesIO()
    writer.write(buf)  # type: ignore[no-untyped-call]
    path = tmp_path / "f" / "bomb.pdf"
    path.parent.mkdir()
    path.write_bytes(buf.getvalue())
    assert not _only(path).ok


# --- L2: a handed file never quietly renames a known practitioner --------------------------


def test_known_key_is_not_renamed_without_asking(alice: keys.LoadedKey, tmp_path: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    card_dir = tmp_path / "card"
    keys.export_card(card_dir)
    pub = next(card_dir.glob("*.pub"))
    assert main(["signers", "add", str(pub), "--name", "Mallory Jones"]) == 1
    assert "already trusted as Alice Smith" in capsys.readouterr().err
    assert {s.name for s in signers.list_signers()} == {"Alice Smith"}
    assert main(["signers", "add", str(pub), "--name", "Alice S.", "--rename"]) == 0
    assert {s.name for s in signers.list_signers()} == {"Alice S."}
    assert intake.add_signer(pub, "Alice S.").name == "Alice S."


# --- L3: a colleague's extra signature cannot sabotage or steal a checklist -----------------


def test_checklist_with_two_signatures_fails(alice: keys.LoadedKey, tmp_path: Path) -> None:
    mallory = ec.generate_private_key(ec.SECP256R1())
    signers.trust_key(PublicKey.from_private(mallory), "Mallory Jones")
    st = _statement(tmp_path / "real")
    payload = jcs.canonical(st)
    env = dsse.sign(dsse.INTOTO_PAYLOAD_TYPE, payload, [
        ("m", lambda m: sign_bytes(mallory, m)), (alice.public.fingerprint, alice.sign)])
    path = tmp_path / "f" / "two.readiness.json"
    path.parent.mkdir()
    path.write_text(Bundle(env, "").dumps())
    v = _only(path)
    assert not v.ok and "exactly one" in v.problems[0]


def test_a_very_long_result_signs_and_verifies(alice: keys.LoadedKey, tmp_path: Path) -> None:
    """Found while writing the tests above: one check with a long summary (a long list of
    programs, say) made a table row taller than a page, and signing crashed."""
    from dataclasses import replace

    report = handmade_report()
    first = replace(report.results[0], summary="program.exe " * 5_000,
                    observed={"programs": "x " * 5_000})
    report = replace(report, results=(first, *report.results[1:]))
    signed = checklist.sign_report(report, tmp_path / "out", catalogue=HANDMADE_CATALOGUE)
    assert all(v.ok for v in verify_paths([signed.pdf_path, signed.bundle_path]))


def test_time_line_cannot_claim_a_timestamp_the_file_lacks(alice: keys.LoadedKey,
                                                            tmp_path: Path) -> None:
    st = _statement(tmp_path / "real")
    payload = jcs.canonical(st)
    env = dsse.sign(dsse.INTOTO_PAYLOAD_TYPE, payload, [(alice.public.fingerprint, alice.sign)])
    fake = ("trusted timestamp from DigiCert SHA256 RSA4096 Timestamp Responder 2025 1: "
            "2026-11-30T09:00:00Z")
    raw = pdf_render.render_checklist(st, statement_sha256=hashlib.sha256(payload).hexdigest(),
                                      timestamp_note=fake)
    path = tmp_path / "f" / "fake-time.pdf"
    path.parent.mkdir()
    path.write_bytes(_certify(raw, alice, payload, Bundle(env, alice.public.fingerprint).dumps(),
                              env.signatures[0].sig))
    v = _only(path)
    assert not v.ok and v.time_source == "signer"
    assert any("claim a trusted timestamp" in p for p in v.problems), v.problems


def _pdf_with_time_line(st: dict[str, Any], key: keys.LoadedKey, note: str,
                        tokens: tuple[bytes, ...], path: Path) -> None:
    payload = jcs.canonical(st)
    env = dsse.sign(dsse.INTOTO_PAYLOAD_TYPE, payload, [(key.public.fingerprint, key.sign)])
    raw = pdf_render.render_checklist(st, statement_sha256=hashlib.sha256(payload).hexdigest(),
                                      timestamp_note=note)
    bundle = Bundle(env, key.public.fingerprint, tokens)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(_certify(raw, key, payload, bundle.dumps(), env.signatures[0].sig))


def test_junk_token_does_not_unlock_a_trusted_time_line(alice: keys.LoadedKey,
                                                       tmp_path: Path) -> None:
    """Second review F1: any bytes in the bundle's timestamp list let the page claim a time."""
    st = _statement(tmp_path / "real")
    path = tmp_path / "f" / "junk.pdf"
    _pdf_with_time_line(st, alice, "trusted timestamp from DigiCert SHA256 RSA4096 Timestamp "
                        "Responder 2025 1: 2025-01-01T09:00:00Z", (b"\x30\x03\x02\x01\x00",), path)
    v = _only(path)
    assert not v.ok and any("claim a trusted timestamp" in p for p in v.problems), v.problems


def test_time_line_must_name_the_tokens_own_authority(alice: keys.LoadedKey, tmp_path: Path,
                                                      local_tsa: Any) -> None:
    """Second review F2: a real token, but its authority's name smuggles an earlier time."""
    from readiness.signing import tsa
    from readiness.signing.verify import verify_file

    st = _statement(tmp_path / "real")
    payload = jcs.canonical(st)
    env = dsse.sign(dsse.INTOTO_PAYLOAD_TYPE, payload, [(alice.public.fingerprint, alice.sign)])
    token = tsa.request_token(env.signatures[0].sig, local_tsa.url, roots=[local_tsa.root])
    honest = tsa.time_note(token)
    smuggled = honest.replace("trusted timestamp from ", "trusted timestamp from X: "
                              "2025-01-01T09:00:00Z; re-confirmed by ")
    for note, ok in ((honest, True), (smuggled, False)):
        path = tmp_path / "f" / f"{ok}.pdf"
        raw = pdf_render.render_checklist(st, timestamp_note=note,
                                          statement_sha256=hashlib.sha256(payload).hexdigest())
        bundle = Bundle(env, alice.public.fingerprint, (token.der,))
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(_certify(raw, alice, payload, bundle.dumps(), env.signatures[0].sig))
        v = verify_file(path, signers.list_signers(), [local_tsa.root])
        assert v.ok is ok, v.problems


@pytest.mark.parametrize("body", [
    b"1 0 obj [" + b"<</FT/Sig/T(a)>>" * 30_000 + b"] endobj\n",
    b"2 0 obj <</Type/ObjStm/N 1/First 4>> stream\nendstream endobj\n",
    b"2 0 obj <</Type/#4FbjStm/N 1/First 4>> stream\nendstream endobj\n",
])
def test_pdf_structure_far_from_a_checklist_is_refused_before_parsing(
        tmp_path: Path, body: bytes) -> None:
    """Second review F6: 600,000 direct field dictionaries cost pyHanko 40 s."""
    from readiness.signing.verify import verify_file

    path = tmp_path / "fields.pdf"
    path.write_bytes(b"%PDF-1.7\n" + body + b"trailer <</Root 1 0 R>>\n%%EOF\n")
    v = verify_file(path, [])
    assert not v.ok and ("objects" in v.problems[0] or "object streams" in v.problems[0])


def test_valid_after_also_holds_at_the_claimed_time_under_a_late_timestamp() -> None:
    """Second review F7: a timestamp added later proves only 'no later than'."""
    import dataclasses

    from readiness.signing import allowed_signers
    from readiness.signing.signers import _from_allowed_signers
    from readiness.signing.verify import _apply_trust_window
    from readiness.signing.verify_result import Verification

    key = PublicKey.from_private(ec.generate_private_key(ec.SECP256R1()))
    line = f'j@readiness valid-after="20261201Z" {key.openssh}\n'.encode()
    assert allowed_signers.read_allowed_signers(line, "x").entries
    trusted = _from_allowed_signers(line, "x")
    late = Verification(path=Path("x"), ok=True, fingerprint=key.fingerprint,
                        signed_at="2026-12-02T09:00:00Z", time_source="tsa",
                        claimed_at="2026-11-20T09:00:00Z")
    assert not _apply_trust_window(late, trusted).ok
    bound = dataclasses.replace(late, claimed_at="2026-12-02T08:59:00Z")
    assert _apply_trust_window(bound, trusted).ok
