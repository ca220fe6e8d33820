"""Tamper sweeps and hypothesis fuzzing of trust management (issue 9): `signers add` on
mutated hand-overs, key cards and key files, and folder runs over mixed hostile folders.

The rule is the verifier's: only the project's own failures (SignersError; a failed
Verification), never a crash, never a false accept. A mutated hand-over may only ever add the
genuine new key as the successor of the genuine old key (a change that keeps the meaning, such
as whitespace outside the signed payload, is not an attack)."""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric import ec
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from readiness.signing import checklist, dsse, intake, jcs, keys, signers
from readiness.signing.pubkey import PublicKey, sign_bytes
from readiness.signing.statement import rotation_statement
from readiness.signing.verify import verify_run
from tests.keychain import PASSPHRASE
from tests.signing.helpers import HANDMADE_CATALOGUE, handmade_report

FUZZ = settings(max_examples=200, deadline=None,
                suppress_health_check=[HealthCheck.function_scoped_fixture,
                                       HealthCheck.too_slow])


@dataclass(frozen=True, repr=False)
class Material:
    home: Path
    baseline: bytes  # the supervisor's list trusting Jane's first key only
    old: PublicKey
    new: PublicKey
    handover: bytes
    card: bytes
    pub: bytes
    checklists: tuple[Path, ...]


@pytest.fixture(scope="module")
def material(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Material]:
    root = tmp_path_factory.mktemp("trust-fuzz")
    mp = pytest.MonkeyPatch()
    mp.setenv("READINESS_HOME", str(root / "jane"))
    try:
        keys.init_key("Jane Doe", passphrase=PASSPHRASE)
        jane = keys.load_key(PASSPHRASE)
        out = root / "signed"
        signed = [checklist.sign_report(handmade_report(), out, catalogue=HANDMADE_CATALOGUE,
                                        passphrase=PASSPHRASE) for _ in range(2)]
        card_dir = root / "card"
        paths = keys.export_card(card_dir)
        new = ec.generate_private_key(ec.SECP256R1())
        new_pub = PublicKey.from_private(new)
        payload = jcs.canonical(rotation_statement(jane.info, jane.public, new_pub,
                                                   "2026-12-01T10:00:00Z"))
        env = dsse.sign(dsse.INTOTO_PAYLOAD_TYPE, payload, [
            (jane.public.fingerprint, jane.sign),
            (new_pub.fingerprint, lambda m: sign_bytes(new, m))])
        mp.setenv("READINESS_HOME", str(root / "supervisor"))
        intake.add_signer(paths[0], "Jane Doe")
        baseline = signers.signers_path().read_bytes()
        yield Material(root / "supervisor", baseline, jane.public, new_pub,
                       (json.dumps(env.to_json(), indent=2) + "\n").encode(),
                       paths[0].read_bytes(), paths[1].read_bytes(),
                       tuple(p for s in signed for p in (s.pdf_path, s.bundle_path)))
    finally:
        mp.undo()


@pytest.fixture
def supervisor(material: Material, monkeypatch: pytest.MonkeyPatch) -> Material:
    monkeypatch.setenv("READINESS_HOME", str(material.home))
    return material


def _offer(m: Material, data: bytes, name: str, tmp: Path) -> None:
    """Offer ``data`` to `signers add` from a fresh baseline; only a refusal or the genuine
    hand-over's effect is allowed."""
    signers.signers_path().write_bytes(m.baseline)
    path = tmp / name
    path.write_bytes(data)
    try:
        added = intake.add_signer(path, "Mallory")
    except signers.SignersError:
        assert signers.signers_path().read_bytes() == m.baseline
        return
    if added.fingerprint == m.old.fingerprint:
        return  # the card or key file of the key already trusted: nothing new
    assert added.fingerprint == m.new.fingerprint and added.predecessor == m.old.fingerprint
    assert added.name == "Jane Doe"


def test_handover_tamper_sweep(supervisor: Material, tmp_path: Path) -> None:
    data = supervisor.handover
    for i in range(0, len(data), 3):
        for bit in (0x01, 0x20, 0x80):
            mutated = bytearray(data)
            mutated[i] ^= bit
            _offer(supervisor, bytes(mutated), "h.readiness-rotation.json", tmp_path)
    _offer(supervisor, data, "h.readiness-rotation.json", tmp_path)
    assert supervisor.new.fingerprint in {s.fingerprint for s in signers.list_signers()}


@FUZZ
@given(st.data())
def test_handover_splices(supervisor: Material, tmp_path: Path, data: st.DataObject) -> None:
    raw = supervisor.handover
    a = data.draw(st.integers(0, len(raw)))
    b = data.draw(st.integers(a, len(raw)))
    insert = data.draw(st.binary(max_size=64) | st.just(supervisor.pub)
                       | st.just(supervisor.new.openssh.encode()))
    name = data.draw(st.sampled_from(["h.readiness-rotation.json", "h.json", "key.pub", "x"]))
    _offer(supervisor, raw[:a] + insert + raw[b:], name, tmp_path)


@FUZZ
@given(st.binary(max_size=2048), st.sampled_from(["card.pdf", "key.pub", "h.json", "x"]))
def test_random_bytes_offered_as_a_key(supervisor: Material, tmp_path: Path, data: bytes,
                                       name: str) -> None:
    _offer(supervisor, data, name, tmp_path)


@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(st.integers(0, 10**9), st.binary(min_size=1, max_size=8))
def test_key_card_mutations(supervisor: Material, tmp_path: Path, where: int,
                            junk: bytes) -> None:
    card = bytearray(supervisor.card)
    i = where % len(card)
    card[i:i + len(junk)] = junk
    _offer(supervisor, bytes(card), "card.pdf", tmp_path)


@settings(max_examples=25, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(st.lists(st.sampled_from(["genuine", "card", "handover", "garbage-pdf", "garbage-json",
                                 "flipped", "folder", "fifo", "other"]),
                min_size=1, max_size=8))
def test_mixed_folders_list_everything_and_accept_only_genuine(
    supervisor: Material, tmp_path_factory: pytest.TempPathFactory, kinds: list[str]
) -> None:
    signers.signers_path().write_bytes(supervisor.baseline)
    folder = tmp_path_factory.mktemp("mixed")
    genuine: set[str] = set()
    expected_listed: set[str] = set()
    for n, kind in enumerate(kinds):
        name = _plant(folder, supervisor, kind, n)
        if name is None:
            continue
        if kind == "genuine":
            genuine.add(name)
        if kind != "other":
            expected_listed.add(name)
    run = verify_run([folder])
    listed = {v.path.name for v in run.results}
    assert listed == expected_listed
    assert {p.name for p in run.ignored} == {f"{n}-notes.txt" for n, k in enumerate(kinds)
                                             if k == "other"}
    for v in run.results:
        if v.ok:
            assert v.path.name in genuine
        else:
            assert v.problems


def _plant(folder: Path, m: Material, kind: str, n: int) -> str | None:
    if kind == "genuine":
        src = m.checklists[n % len(m.checklists)]
        name = f"{n}-{src.name}"
        shutil.copy(src, folder / name)
        return name
    payloads = {"card": ("card.pdf", m.card), "handover": ("h.readiness-rotation.json",
                                                            m.handover),
                "garbage-pdf": ("g.pdf", b"%PDF-1.7\n" + os.urandom(64)),
                "garbage-json": ("g.readiness.json", b'{"mediaType": 1}'),
                "other": ("notes.txt", b"notes")}
    if kind in payloads:
        suffix, data = payloads[kind]
        (folder / f"{n}-{suffix}").write_bytes(data)
        return f"{n}-{suffix}"
    if kind == "flipped":
        src = m.checklists[n % len(m.checklists)]
        flipped = bytearray(src.read_bytes())
        flipped[len(flipped) // 2] ^= 0x01
        (folder / f"{n}-{src.name}").write_bytes(bytes(flipped))
        return f"{n}-{src.name}"
    if kind == "folder":
        (folder / f"{n}-sub.pdf").mkdir()
        return f"{n}-sub.pdf"
    if not hasattr(os, "mkfifo"):
        return None
    os.mkfifo(folder / f"{n}-pipe.readiness.json")
    return f"{n}-pipe.readiness.json"
