"""Review attacks on the Verify banners (verify_standing, key_offer, verify_text): can a
tampered or forged file reach green, or amber "unchanged"? Can a stranger's file claim a
trusted person's name without the warning? A file swapped between showing and adding?"""

from __future__ import annotations

import base64
import json
from pathlib import Path

import pytest

from readiness import policy
from readiness.signing import checklist, keys, signers
from readiness.signing.verify import verify_paths
from readiness.signing.verify_standing import (
    CHANGED,
    NOT_SIGNED,
    UNKNOWN_SIGNER,
    VALID,
    standing,
)
from tests.keychain import MemoryKeyring
from tests.signing.helpers import HANDMADE_CATALOGUE, handmade_report


@pytest.fixture(autouse=True)
def _no_policy() -> object:
    policy.use(policy.NO_POLICY)
    yield
    policy.use(None)


def _sign(home: Path, name: str, out: Path, monkeypatch: pytest.MonkeyPatch,
          *, init: bool = True) -> checklist.SignedChecklist:
    monkeypatch.setenv("READINESS_HOME", str(home))
    if init:
        keys.init_key(name, "BACP 1")
    return checklist.sign_report(handmade_report(), out, catalogue=HANDMADE_CATALOGUE)


def _card(home: Path, out: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("READINESS_HOME", str(home))
    return keys.export_card(out)[0]


@pytest.fixture
def people(memory_keyring: MemoryKeyring, tmp_path: Path,
           monkeypatch: pytest.MonkeyPatch) -> dict[str, object]:
    """Jane (trusted by the supervisor) and Mallory (not), each with one checklist."""
    jane = _sign(tmp_path / "jane", "Jane Doe", tmp_path / "jane-out", monkeypatch)
    jane_card = _card(tmp_path / "jane", tmp_path / "jane-card", monkeypatch)
    mallory = _sign(tmp_path / "mallory", "Jane Doe", tmp_path / "mallory-out", monkeypatch)
    monkeypatch.setenv("READINESS_HOME", str(tmp_path / "supervisor"))
    from readiness.cli.main import main

    assert main(["signers", "add", str(jane_card), "--name", "Jane Doe"]) == 0
    return {"jane": jane, "mallory": mallory, "jane_card": jane_card}


def _judge(path: Path) -> tuple[object, object]:
    trusted = signers.load_trust()
    v = verify_paths([path])[0]
    return v, standing(v, trusted)


def _words() -> object:
    from readiness.gui.verify_text import VerifyWords

    return VerifyWords()


def test_genuine_is_green(people: dict[str, object]) -> None:
    v, s = _judge(people["jane"].pdf_path)  # type: ignore[attr-defined]
    assert v.ok and s.state == VALID  # type: ignore[attr-defined]


@pytest.mark.parametrize("where", [0.3, 0.5, 0.9, -40])
def test_tampered_pdf_is_changed_never_green_or_unchanged(people: dict[str, object],
                                                          tmp_path: Path, where: float) -> None:
    src = people["jane"].pdf_path  # type: ignore[attr-defined]
    data = bytearray(src.read_bytes())
    i = int(len(data) * where) if where > 0 else len(data) + int(where)
    data[i] ^= 0x01
    bad = tmp_path / "tampered.pdf"
    bad.write_bytes(bytes(data))
    v, s = _judge(bad)
    assert not v.ok  # type: ignore[attr-defined]
    assert s.state in (CHANGED, NOT_SIGNED)  # type: ignore[attr-defined]


def test_appended_revision_is_not_green(people: dict[str, object], tmp_path: Path) -> None:
    src = people["jane"].pdf_path  # type: ignore[attr-defined]
    bad = tmp_path / "appended.pdf"
    bad.write_bytes(src.read_bytes() + b"\n1 0 obj\n<< /Type /Catalog >>\nendobj\n%%EOF\n")
    v, s = _judge(bad)
    assert not v.ok and s.state != VALID  # type: ignore[attr-defined]


def test_tampered_bundle_is_changed(people: dict[str, object], tmp_path: Path) -> None:
    src = people["jane"].bundle_path  # type: ignore[attr-defined]
    doc = json.loads(src.read_text(encoding="utf-8"))
    payload = json.loads(base64.b64decode(doc["dsseEnvelope"]["payload"]))
    payload["predicate"]["verdict"] = "ready"
    doc["dsseEnvelope"]["payload"] = base64.b64encode(
        json.dumps(payload).encode()).decode()
    bad = tmp_path / "x.readiness.json"
    bad.write_text(json.dumps(doc), encoding="utf-8")
    v, s = _judge(bad)
    assert not v.ok and s.state == CHANGED  # type: ignore[attr-defined]


def test_strangers_pdf_claiming_a_trusted_name_gets_the_warning(
        people: dict[str, object]) -> None:
    v, s = _judge(people["mallory"].pdf_path)  # type: ignore[attr-defined]
    assert s.state == UNKNOWN_SIGNER and s.checked  # type: ignore[attr-defined]
    account = _words().account(v, s, ["Jane Doe"])  # type: ignore[attr-defined]
    assert account.state == UNKNOWN_SIGNER
    assert "whom you trust" in account.detail and "Do not add this key" in account.detail
    assert "Signed by Jane" not in account.title


@pytest.mark.parametrize("claimed", ["JANE   doe", " Jane\u00a0Doe "])
def test_spacing_and_case_variants_still_warn(people: dict[str, object], claimed: str) -> None:
    from readiness.signing.verify_standing import Standing

    s = Standing(UNKNOWN_SIGNER, "SHA256:" + "A" * 43, claimed, checked=True)
    account = _words().account(verify_paths([people["mallory"].pdf_path])[0], s,  # type: ignore
                               ["Jane Doe"])
    assert "whom you trust" in account.detail


@pytest.mark.parametrize("claimed", ["J\u0430ne Doe", "\uff2aane Doe", "Ja\u200dne Doe",
                                     "Jane Doe\u200b"])
def test_look_alike_names_still_warn(people: dict[str, object], claimed: str) -> None:
    from readiness.signing.verify_standing import Standing

    s = Standing(UNKNOWN_SIGNER, "SHA256:" + "A" * 43, claimed, checked=True)
    account = _words().account(verify_paths([people["mallory"].pdf_path])[0], s,  # type: ignore
                               ["Jane Doe"])
    assert "whom you trust" in account.detail


def test_strangers_bare_bundle_is_never_unchanged(people: dict[str, object]) -> None:
    v, s = _judge(people["mallory"].bundle_path)  # type: ignore[attr-defined]
    assert s.state == UNKNOWN_SIGNER and not s.checked  # type: ignore[attr-defined]
    account = _words().account(v, s, ["Jane Doe"])  # type: ignore[attr-defined]
    assert "has not changed" not in account.detail and "whom you trust" in account.detail


def test_strangers_bundle_naming_a_trusted_key_is_changed(
        people: dict[str, object], tmp_path: Path) -> None:
    """Mallory's signature over a statement that names Jane's key: the statement's named key
    did not sign it."""
    jane_fp = signers.load_trust()[0].fingerprint
    src = people["mallory"].bundle_path  # type: ignore[attr-defined]
    doc = json.loads(src.read_text(encoding="utf-8"))
    payload = json.loads(base64.b64decode(doc["dsseEnvelope"]["payload"]))
    payload["predicate"]["practitioner"]["keyFingerprint"] = jane_fp
    doc["dsseEnvelope"]["payload"] = base64.b64encode(
        json.dumps(payload, separators=(",", ":"), sort_keys=True).encode()).decode()
    bad = tmp_path / "named.readiness.json"
    bad.write_text(json.dumps(doc), encoding="utf-8")
    v, s = _judge(bad)
    assert not v.ok and s.state == CHANGED  # type: ignore[attr-defined]


@pytest.mark.parametrize("mutate", ["no_sigs", "no_fp", "fp_junk", "not_json", "empty"])
def test_broken_bundles_are_not_unknown_signer_unchanged(
        people: dict[str, object], tmp_path: Path, mutate: str) -> None:
    src = people["mallory"].bundle_path  # type: ignore[attr-defined]
    doc = json.loads(src.read_text(encoding="utf-8"))
    payload = json.loads(base64.b64decode(doc["dsseEnvelope"]["payload"]))
    if mutate == "no_sigs":
        doc["dsseEnvelope"]["signatures"] = []
    elif mutate == "no_fp":
        del payload["predicate"]["practitioner"]["keyFingerprint"]
    elif mutate == "fp_junk":
        payload["predicate"]["practitioner"]["keyFingerprint"] = ["SHA256:x"]
    doc["dsseEnvelope"]["payload"] = base64.b64encode(json.dumps(payload).encode()).decode()
    bad = tmp_path / "b.readiness.json"
    text = {"not_json": "{nope", "empty": ""}.get(mutate, json.dumps(doc))
    bad.write_text(text, encoding="utf-8")
    v, s = _judge(bad)
    assert not v.ok and not s.checked  # type: ignore[attr-defined]
    assert s.state in (CHANGED, NOT_SIGNED)  # type: ignore[attr-defined]


@pytest.mark.parametrize("pdf_signer", ["mallory", "jane"])
def test_pdf_whose_signature_key_differs_from_its_bundles(
        memory_keyring: MemoryKeyring, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        pdf_signer: str) -> None:
    """The PDF's own signature by one key, the bundle inside it by another."""
    from readiness.signing import key_access

    monkeypatch.setenv("READINESS_HOME", str(tmp_path / "mallory"))
    keys.init_key("Mallory", "")
    mallory_key = key_access.load_key()
    monkeypatch.setenv("READINESS_HOME", str(tmp_path / "jane"))
    keys.init_key("Jane Doe", "BACP 1")
    jane_key = key_access.load_key()
    card = keys.export_card(tmp_path / "jane-card")[0]
    orig = checklist._sign_pdf
    other = mallory_key if pdf_signer == "mallory" else jane_key
    bundle_key = jane_key if pdf_signer == "mallory" else mallory_key
    if pdf_signer == "jane":
        # The bundle by Mallory: sign with Mallory's key as the practitioner's key.
        monkeypatch.setattr("readiness.signing.checklist.keys.load_key",
                            lambda *_a, **_k: bundle_key)
    monkeypatch.setattr(checklist, "_sign_pdf",
                        lambda pdf, _key, att, token, w: orig(pdf, other, att, token, w))
    signed = checklist.sign_report(handmade_report(), tmp_path / "mixed",
                                   catalogue=HANDMADE_CATALOGUE)
    monkeypatch.undo()
    monkeypatch.setenv("READINESS_HOME", str(tmp_path / "supervisor"))
    policy.use(policy.NO_POLICY)
    from readiness.cli.main import main

    assert main(["signers", "add", str(card), "--name", "Jane Doe"]) == 0
    v, s = _judge(signed.pdf_path)
    assert not v.ok  # type: ignore[attr-defined]
    assert s.state in (CHANGED, NOT_SIGNED), s  # type: ignore[attr-defined]


def test_card_swapped_between_showing_and_adding(people: dict[str, object], tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    from readiness.signing import key_offer

    shown_card = _card(tmp_path / "mallory", tmp_path / "m-card", monkeypatch)
    monkeypatch.setenv("READINESS_HOME", str(tmp_path / "supervisor2"))
    offered = tmp_path / "offered.pdf"
    offered.write_bytes(people["jane_card"].read_bytes())  # type: ignore[attr-defined]
    offer = key_offer.read_offer(offered)
    offered.write_bytes(shown_card.read_bytes())  # swapped after the fingerprint was shown
    trusted = key_offer.trust_offer(offer, "Jane Doe")
    assert trusted.fingerprint == offer.fingerprint
    assert [s.fingerprint for s in signers.list_signers()] == [offer.fingerprint]


def test_adding_a_key_named_like_an_organisation_person_warns(
        people: dict[str, object], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from readiness.signing import key_offer

    mallory_card = _card(tmp_path / "mallory", tmp_path / "m-card", monkeypatch)
    monkeypatch.setenv("READINESS_HOME", str(tmp_path / "supervisor3"))
    policy.use(policy.PolicyReport(policy.Policy(
        trusted_key_cards=(str(people["jane_card"]),)), "test"))
    offer = key_offer.read_offer(mallory_card)
    assert offer.named_like_another("Jane Doe")


def test_a_forged_handover_is_not_announced_as_from_someone_you_trust(
        people: dict[str, object], tmp_path: Path) -> None:
    from readiness.signing.statement import ROTATION_PREDICATE_TYPE

    payload = json.dumps({"predicateType": ROTATION_PREDICATE_TYPE,
                          "predicate": {"practitioner": {"name": "Jane Doe"}}}).encode()
    env = {"payloadType": "application/vnd.in-toto+json",
           "payload": base64.b64encode(payload).decode(),
           "signatures": [{"keyid": "x", "sig": base64.b64encode(b"\x30\x00").decode()}]}
    forged = tmp_path / "jane.readiness-rotation"
    forged.write_text(json.dumps(env), encoding="utf-8")
    v, s = _judge(forged)
    account = _words().account(v, s, ["Jane Doe"])  # type: ignore[attr-defined]
    assert "you trust has moved" not in account.detail
    assert "cannot be checked" in account.title and not account.action
    assert account.state == "handover_refused"  # red: it names no key, it is not one


def _rotate(home: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    monkeypatch.setenv("READINESS_HOME", str(home))
    out = tmp_path / "jane.readiness-rotation.json"
    out.write_bytes(keys.rotate_key().handover_path.read_bytes())
    monkeypatch.setenv("READINESS_HOME", str(tmp_path / "supervisor"))
    return out


def test_a_genuine_handover_from_someone_you_trust_is_announced(
        people: dict[str, object], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    handover = _rotate(tmp_path / "jane", monkeypatch, tmp_path)
    v, s = _judge(handover)
    account = _words().account(v, s, ["Jane Doe"])  # type: ignore[attr-defined]
    assert account.state == "handover" and "you trust has moved" in account.detail
    assert account.action


def test_a_strangers_genuine_handover_is_amber_and_offers_nothing(
        people: dict[str, object], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    handover = _rotate(tmp_path / "mallory", monkeypatch, tmp_path)
    v, s = _judge(handover)
    account = _words().account(v, s, ["Jane Doe"])  # type: ignore[attr-defined]
    assert account.state == "handover_untrusted" and not account.action
    assert "you trust has moved" not in account.detail


@pytest.mark.parametrize("where", [0.3, 0.5, 0.9])
def test_strangers_tampered_pdf_is_never_amber_unchanged(people: dict[str, object],
                                                         tmp_path: Path, where: float) -> None:
    src = people["mallory"].pdf_path  # type: ignore[attr-defined]
    data = bytearray(src.read_bytes())
    data[int(len(data) * where)] ^= 0x01
    bad = tmp_path / "tampered-stranger.pdf"
    bad.write_bytes(bytes(data))
    v, s = _judge(bad)
    assert not v.ok and not s.checked  # type: ignore[attr-defined]
    assert s.state in (CHANGED, NOT_SIGNED)  # type: ignore[attr-defined]
    if s.state == UNKNOWN_SIGNER:  # type: ignore[attr-defined]
        account = _words().account(v, s, ["Jane Doe"])  # type: ignore[attr-defined]
        assert "has not changed" not in account.detail
