"""Key cards the organisation trusts (TrustedKeyCards): added read-only, labelled, never
written to the practitioner's own list; a card that cannot be used is reported and left out."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from readiness import policy
from readiness.signing import checklist, keys, signers
from readiness.signing.policy_signers import ADDED_BY_ORGANISATION, label, organisation_signers
from readiness.signing.verify import verify_paths
from tests.keychain import MemoryKeyring
from tests.signing.helpers import HANDMADE_CATALOGUE, handmade_report


@pytest.fixture
def organisation() -> Iterator[None]:
    yield
    policy.use(None)


def _card(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[list[Path], Path]:
    monkeypatch.setenv("READINESS_HOME", str(tmp_path / "jane"))
    keys.init_key("Jane Doe", "BACP 012345")
    signed = checklist.sign_report(handmade_report(), tmp_path / "out",
                                   catalogue=HANDMADE_CATALOGUE)
    cards = keys.export_card(tmp_path / "card")
    monkeypatch.setenv("READINESS_HOME", str(tmp_path / "lead"))
    return cards, signed.pdf_path


def test_cards_from_policy_are_trusted_read_only(
        memory_keyring: MemoryKeyring, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        organisation: None) -> None:
    (card, pub, _pem, _allowed), out = _card(tmp_path, monkeypatch)
    assert verify_paths([out])[0].ok is False  # nobody trusted yet
    missing = tmp_path / "nowhere" / "card.pdf"
    policy.use(policy.PolicyReport(policy.Policy(
        trusted_key_cards=(str(card), str(pub), str(missing))), "a test"))
    trusted = signers.load_trust()
    # Labelled in the name itself, so every screen and report that names the signer says so.
    assert [(s.name, s.organisation) for s in trusted] == [
        (f"Jane Doe ({ADDED_BY_ORGANISATION})", True)]
    assert label(trusted[0]) == trusted[0].name
    assert all(v.ok for v in verify_paths([out]))
    assert not signers.signers_path().exists()  # the practitioner's list is never written
    _, problems = organisation_signers([str(missing)])
    assert problems and "cannot be read" in problems[0]


def test_a_file_that_is_not_a_card_is_reported_not_trusted(
        tmp_path: Path, organisation: None) -> None:
    fake = tmp_path / "card.pdf"
    fake.write_bytes(b"%PDF-1.7\nnot really\n")
    found, problems = organisation_signers([str(fake)])
    assert found == [] and len(problems) == 1 and "was not trusted" in problems[0]


def test_an_explicit_signers_file_ignores_the_policy(
        memory_keyring: MemoryKeyring, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        organisation: None) -> None:
    (card, _pub, _pem, allowed), _ = _card(tmp_path, monkeypatch)
    policy.use(policy.PolicyReport(policy.Policy(trusted_key_cards=(str(card),)), "a test"))
    # --signers names the list to trust: exactly that list, as before.
    assert not any(s.organisation for s in signers.load_trust(allowed))
