"""Removing and renaming trusted signers (library and `readiness signers remove/rename`), and
adding a key in two steps for a screen (``key_offer``): what is trusted is the key that was
shown, even if the file changes in between (issue 12, item 4)."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric import ec

from readiness.cli.main import main
from readiness.signing import dsse, jcs, key_offer, signers
from readiness.signing.pubkey import PublicKey, sign_bytes
from readiness.signing.statement import rotation_statement

Key = ec.EllipticCurvePrivateKey


def _new() -> Key:
    return ec.generate_private_key(ec.SECP256R1())


def _pub(key: Key) -> PublicKey:
    return PublicKey.from_private(key)


def _pub_file(folder: Path, key: Key, name: str = "key.pub") -> Path:
    path = folder / name
    path.write_text(_pub(key).openssh + "\n", encoding="utf-8")
    return path


def _handover(old: Key, new: Key) -> bytes:
    from types import SimpleNamespace

    info = SimpleNamespace(name="Jane Doe", registration="")
    payload = jcs.canonical(rotation_statement(info, _pub(old), _pub(new),
                                               "2026-12-01T10:00:00Z"))
    signing: list[tuple[str, Callable[[bytes], bytes]]] = [
        (_pub(k).fingerprint, lambda m, k=k: sign_bytes(k, m)) for k in (old, new)]  # type: ignore[misc]
    env = dsse.sign(dsse.INTOTO_PAYLOAD_TYPE, payload, signing)
    return json.dumps(env.to_json()).encode()


@pytest.fixture
def jane_with_two_keys(tmp_path: Path) -> tuple[Key, Key, Key]:
    """Jane (an old key handed over to a new one) and Sam."""
    jane_old, jane_new, sam = _new(), _new(), _new()
    signers.trust_key(_pub(jane_old), "Jane Doe")
    hand = tmp_path / "jane.readiness-rotation.json"
    hand.write_bytes(_handover(jane_old, jane_new))
    offer = key_offer.read_offer(hand)
    assert offer.kind == key_offer.HANDOVER and offer.name == "Jane Doe"
    key_offer.trust_offer(offer, "ignored: a hand-over keeps the name")
    signers.trust_key(_pub(sam), "Sam Roe")
    return jane_old, jane_new, sam


def _names() -> dict[str, str]:
    return {s.fingerprint: s.name for s in signers.list_signers()}


def test_remove_takes_every_key_of_the_practitioner(jane_with_two_keys: tuple[Key, Key, Key]
                                                    ) -> None:
    jane_old, jane_new, sam = jane_with_two_keys
    gone = signers.remove_signer(_pub(jane_new).short_fingerprint.lower())
    assert {s.fingerprint for s in gone} == {_pub(jane_old).fingerprint,
                                             _pub(jane_new).fingerprint}
    assert _names() == {_pub(sam).fingerprint: "Sam Roe"}


def test_rename_relabels_every_key_and_keeps_trust(jane_with_two_keys: tuple[Key, Key, Key]
                                                   ) -> None:
    jane_old, jane_new, sam = jane_with_two_keys
    signers.rename_signer(_pub(jane_old).fingerprint, "  Jane   Smith ")
    assert _names() == {_pub(jane_old).fingerprint: "Jane Smith",
                        _pub(jane_new).fingerprint: "Jane Smith",
                        _pub(sam).fingerprint: "Sam Roe"}
    assert signers.identities(signers.list_signers())[_pub(jane_new).fingerprint] == \
        _pub(jane_old).fingerprint
    with pytest.raises(signers.SignersError, match="give the signer a name"):
        signers.rename_signer("Sam Roe", "   ")


def test_names_must_be_unambiguous_and_unknown_ones_are_refused() -> None:
    a, b = _new(), _new()
    signers.trust_key(_pub(a), "Alex")
    signers.trust_key(_pub(b), "alex")
    with pytest.raises(signers.SignersError, match="more than one trusted signer"):
        signers.remove_signer("ALEX")
    with pytest.raises(signers.SignersError, match="no trusted signer"):
        signers.remove_signer("AAAA BBBB CCCC DDDD EEEE FFFF")
    assert len(signers.list_signers()) == 2


def test_cli_remove_and_rename(jane_with_two_keys: tuple[Key, Key, Key],
                               capsys: pytest.CaptureFixture[str]) -> None:
    _, jane_new, sam = jane_with_two_keys
    assert main(["signers", "rename", "Sam Roe", "Samuel Roe"]) == 0
    assert capsys.readouterr().out.startswith("Now shown as Samuel Roe: ")
    assert main(["signers", "remove", _pub(jane_new).fingerprint]) == 0
    out = capsys.readouterr().out
    assert "No longer trusted: Jane Doe" in out and _pub(jane_new).short_fingerprint in out
    assert _names() == {_pub(sam).fingerprint: "Samuel Roe"}
    assert main(["signers", "remove", "Nobody"]) == 1
    err = capsys.readouterr().err
    assert "no trusted signer" in err and "Traceback" not in err
    assert main(["signers", "list"]) == 0
    assert "fingerprint to compare: " + _pub(sam).short_fingerprint in capsys.readouterr().out


def test_what_is_trusted_is_the_key_that_was_shown(tmp_path: Path) -> None:
    shown, swapped = _new(), _new()
    path = _pub_file(tmp_path, shown)
    offer = key_offer.read_offer(path)
    assert offer.kind == key_offer.KEY_FILE and offer.name == "" and offer.known_as == ""
    _pub_file(tmp_path, swapped)  # the file changes while the supervisor compares
    key_offer.trust_offer(offer, "Jane Doe")
    assert _names() == {_pub(shown).fingerprint: "Jane Doe"}


def test_a_known_key_is_renamed_only_when_asked(tmp_path: Path) -> None:
    key = _new()
    signers.trust_key(_pub(key), "Jane Doe")
    offer = key_offer.read_offer(_pub_file(tmp_path, key))
    assert offer.known_as == "Jane Doe"
    with pytest.raises(signers.SignersError, match="already trusted as Jane Doe"):
        key_offer.trust_offer(offer, "Mallory")
    key_offer.trust_offer(offer, "Jane Smith", rename=True)
    assert _names() == {_pub(key).fingerprint: "Jane Smith"}


def test_a_handover_whose_old_key_was_removed_meanwhile_is_refused(tmp_path: Path) -> None:
    old, new = _new(), _new()
    signers.trust_key(_pub(old), "Jane Doe")
    hand = tmp_path / "h.readiness-rotation.json"
    hand.write_bytes(_handover(old, new))
    offer = key_offer.read_offer(hand)
    signers.remove_signer("Jane Doe")
    with pytest.raises(signers.SignersError, match="no longer trusted"):
        key_offer.trust_offer(offer, "")
    assert signers.list_signers() == []


def test_an_offer_knows_the_names_of_the_others(tmp_path: Path) -> None:
    jane, other = _new(), _new()
    signers.trust_key(_pub(jane), "Jane Doe")
    offer = key_offer.read_offer(_pub_file(tmp_path, other))
    assert offer.named_like_another(" jane  DOE ") == "Jane Doe"
    assert offer.named_like_another("Jane Smith") == ""
    own = key_offer.read_offer(_pub_file(tmp_path, jane, "jane.pub"))
    assert own.named_like_another("Jane Doe") == ""  # her own key is not another person
