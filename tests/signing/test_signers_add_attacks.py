"""`signers add` under attack (issue 9, items 1, 3 and the key-card part of 12).

Each test performs an attack a hostile practitioner (or a clumsy one) could try against a
supervisor's trusted-signer list, through the library and through the CLI, and asserts it is
refused with a reason and that the list is unchanged."""

from __future__ import annotations

import io
import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from types import SimpleNamespace

import pytest
from cryptography.hazmat.primitives.asymmetric import ec

from readiness.cli.main import main
from readiness.signing import dsse, intake, jcs, keys, signers
from readiness.signing.pubkey import PublicKey, sign_bytes
from readiness.signing.statement import rotation_statement
from tests.keychain import MemoryKeyring

Key = ec.EllipticCurvePrivateKey


@dataclass
class World:
    jane_card: Path
    jane: keys.LoadedKey
    supervisor: Path
    tmp: Path


@pytest.fixture
def world(memory_keyring: MemoryKeyring, tmp_path: Path,
          monkeypatch: pytest.MonkeyPatch) -> World:
    keys.init_key("Jane Doe", "BACP 012345")
    jane = keys.load_key()
    card = keys.export_card(tmp_path / "card")[0]
    supervisor = tmp_path / "supervisor"
    monkeypatch.setenv("READINESS_HOME", str(supervisor))
    intake.add_signer(card, "Jane Doe")
    return World(card, jane, supervisor, tmp_path)


def _new_key() -> Key:
    return ec.generate_private_key(ec.SECP256R1())


def _pub(key: Key) -> PublicKey:
    return PublicKey.from_private(key)


def _handover(old: PublicKey, new: PublicKey,
              signed_by: list[tuple[str, Callable[[bytes], bytes]]]) -> bytes:
    info = SimpleNamespace(name="Jane Doe", registration="BACP 012345")
    payload = jcs.canonical(rotation_statement(info, old, new, "2026-12-01T10:00:00Z"))
    env = dsse.sign(dsse.INTOTO_PAYLOAD_TYPE, payload, signed_by)
    return (json.dumps(env.to_json(), indent=2) + "\n").encode()


def _signer(key: Key) -> tuple[str, Callable[[bytes], bytes]]:
    return (_pub(key).fingerprint, lambda m: sign_bytes(key, m))


def _trusted() -> set[str]:
    return {s.fingerprint for s in signers.list_signers()}


def _refused(path: Path, capsys: pytest.CaptureFixture[str], match: str) -> None:
    before = _trusted()
    with pytest.raises(signers.SignersError, match=match):
        intake.add_signer(path, "Jane Doe (new key)")
    assert main(["signers", "add", str(path), "--name", "Jane Doe (new key)"]) == 1
    err = capsys.readouterr().err
    assert "Traceback" not in err and err.count("\n") == 1, err
    assert _trusted() == before


# --- item 1: a file that looks like a hand-over is never read as a key file ------------------


def test_broken_handover_with_a_key_line_is_refused(world: World,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    mallory = _new_key()
    good = _handover(world.jane.public, _pub(mallory), [_signer(mallory)])
    # Not valid JSON any more: today's code falls back to scanning lines for a key.
    forged = world.tmp / "handover-2026.readiness-rotation.json"
    forged.write_bytes(good + f"{_pub(mallory).openssh}\n".encode())
    _refused(forged, capsys, "hand-over")
    assert _pub(mallory).fingerprint not in _trusted()


def test_handover_of_another_type_with_a_key_line_is_refused(
    world: World, capsys: pytest.CaptureFixture[str]
) -> None:
    mallory = _new_key()
    env = dsse.sign("text/plain", b"x", [_signer(mallory)])
    doc = env.to_json()
    doc["note"] = _pub(mallory).openssh
    forged = world.tmp / "handover.readiness-rotation.json"
    forged.write_text(json.dumps(doc, indent=2).replace(", ", ",\n") + "\n"
                      + _pub(mallory).openssh + "\n")
    _refused(forged, capsys, "hand-over")


def test_handover_signed_only_by_the_new_key_is_refused(
    world: World, capsys: pytest.CaptureFixture[str]
) -> None:
    mallory = _new_key()
    forged = world.tmp / "handover.readiness-rotation.json"
    forged.write_bytes(_handover(world.jane.public, _pub(mallory), [_signer(mallory)]))
    _refused(forged, capsys, "not signed by the old key")


@pytest.mark.parametrize("text", [
    "# Jane's key\n{pub}\n",
    "{pub}\n{other}\n",
    "{pub}\nsomething else\n",
    "-----BEGIN PUBLIC KEY-----\nnot base64!\n-----END PUBLIC KEY-----\n{pub}\n",
    '{{"key": "{pub}"}}\n',
])
def test_key_file_must_hold_exactly_one_key(world: World, text: str,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    path = world.tmp / "key.pub"
    path.write_text(text.format(pub=_pub(_new_key()).openssh, other=_pub(_new_key()).openssh))
    _refused(path, capsys, "exactly one|not a key|hand-over")


def test_signed_checklist_is_refused(world: World, capsys: pytest.CaptureFixture[str],
                                     monkeypatch: pytest.MonkeyPatch) -> None:
    from readiness.signing import checklist
    from tests.signing.helpers import HANDMADE_CATALOGUE, handmade_report

    monkeypatch.setenv("READINESS_HOME", str(world.tmp / "readiness-home"))
    signed = checklist.sign_report(handmade_report(), world.tmp / "out",
                                   catalogue=HANDMADE_CATALOGUE)
    monkeypatch.setenv("READINESS_HOME", str(world.supervisor))
    for path in (signed.pdf_path, signed.bundle_path):
        _refused(path, capsys, "signed checklist")
    bare = world.tmp / "statement.json"
    bare.write_bytes(json.dumps(json.loads(signed.bundle_path.read_bytes())["dsseEnvelope"])
                     .encode())
    _refused(bare, capsys, "signed checklist")


def _card(page: dict[str, str], attached: PublicKey, described: dict[str, str],
          extra_drawing: bytes = b"") -> bytes:
    """A key card drawn from ``page`` (plus ``extra_drawing`` appended to its page), with
    ``attached`` as its key and ``described`` as the values it claims it was drawn from."""
    from pyhanko.pdf_utils import embed, generic
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

    from readiness.signing.keycard import CARD_ATTACHMENT, CARD_DRAWING, CARD_FORMAT
    from readiness.signing.pdf_render import render_key_card

    writer = IncrementalPdfFileWriter(io.BytesIO(render_key_card(**page)))
    if extra_drawing:
        page_obj = writer.root["/Pages"]["/Kids"][0]
        stream = generic.StreamObject(stream_data=extra_drawing)
        contents = page_obj.raw_get("/Contents")
        page_obj["/Contents"] = generic.ArrayObject([contents, writer.add_object(stream)])
        writer.update_container(page_obj)
    for name, data in ((CARD_ATTACHMENT, f"{attached.openssh} x@readiness\n".encode()),
                       (CARD_DRAWING, jcs.canonical({"format": CARD_FORMAT, **described}))):
        embed.embed_file(writer, embed.FileSpec(
            file_spec_string=name, file_name=name,
            embedded_data=embed.EmbeddedFileObject.from_file_data(writer, data=data)))
    buf = io.BytesIO()
    writer.write(buf)  # type: ignore[no-untyped-call]
    return buf.getvalue()


def _values(key: PublicKey, name: str = "Jane Doe") -> dict[str, str]:
    from readiness.signing.keycard_check import card_allowed_line

    return {"name": name, "registration": "", "created_at": "2026-12-01T10:00:00Z",
            "fingerprint": key.fingerprint, "cert_fingerprint": "", "public_key": key.openssh,
            "allowed_signers": card_allowed_line(key, name, "2026-12-01T10:00:00Z")}


@pytest.mark.parametrize("field", ["extra-ssh-key", "borrowed-principal", "words-around-key",
                                   "long-name", "loose-time"])
def test_card_values_must_be_the_ones_readiness_writes(world: World, field: str,
                                                       capsys: pytest.CaptureFixture[str]
                                                       ) -> None:
    """Second review F3-F5: a card drawn exactly from values that are not Readiness's own
    (a second key or another principal in its allowed_signers line, words around the key, a
    name too long to lay out) is refused, not trusted and not a crash."""
    mallory = _pub(_new_key())
    v = _values(mallory, "Mallory Roe")
    jane_principal = world.jane_card.parent.joinpath(
        next(p.name for p in world.jane_card.parent.iterdir() if "allowed" in p.name)
    ).read_text().split()[0]
    if field == "extra-ssh-key":
        v["allowed_signers"] += ("\n*@readiness ssh-ed25519 "
                                 "AAAAC3NzaC1lZDI1NTE5AAAAIGx1Y2t5IGxvb2tpbmcgZm9yIGEga2V5IGhlcmU=")
    elif field == "borrowed-principal":
        v["allowed_signers"] = v["allowed_signers"].replace(v["allowed_signers"].split()[0],
                                                            jane_principal)
    elif field == "words-around-key":
        v["public_key"] = f"Fingerprint {world.jane.public.fingerprint} {mallory.openssh}"
    elif field == "long-name":
        v["name"] = "M" * 45_000
    else:
        v["created_at"] = "2026-12-01 10:00 (Jane's key)"
    page = {k: v[k] for k in v}
    data = (_card(page, mallory, v) if field != "long-name" else
            _card(_values(mallory, "Mallory Roe"), mallory, v))
    card = world.tmp / "card.pdf"
    card.write_bytes(data)
    _refused(card, capsys, "not a key card Readiness would draw")


@pytest.mark.parametrize("forgery", ["printed-jane-attached-mallory", "described-mallory",
                                     "invisible-text", "extra-text"])
def test_forged_key_cards_are_refused(world: World, forgery: str,
                                      capsys: pytest.CaptureFixture[str]) -> None:
    mallory = _pub(_new_key())
    jane = world.jane.public
    if forgery == "printed-jane-attached-mallory":
        # What the supervisor compares aloud is Jane's fingerprint; the key is Mallory's.
        data = _card(_values(jane), mallory, _values(jane))
    elif forgery == "described-mallory":
        data = _card(_values(jane), mallory, _values(mallory))
    elif forgery == "invisible-text":
        # Mallory's own honest card, plus Jane's fingerprint in invisible ink (render mode 3)
        # for a text extractor, and Jane's name drawn in white.
        data = _card(_values(mallory), mallory, _values(mallory), extra_drawing=(
            b"BT 3 Tr /F1 1 Tf 1 0 0 1 5 5 Tm (" + jane.fingerprint.encode() + b") Tj ET"))
    else:
        data = _card(_values(mallory), mallory, _values(mallory), extra_drawing=(
            b"BT /F1 30 Tf 1 0 0 1 60 60 Tm (Jane Doe) Tj ET"))
    card = world.tmp / "jane-doe-readiness-key-card.pdf"
    card.write_bytes(data)
    _refused(card, capsys, "not a key card Readiness would draw")


def test_genuine_key_card_and_key_files_are_accepted(world: World) -> None:
    card_dir = world.jane_card.parent
    for f in card_dir.iterdir():
        assert intake.add_signer(f, "Jane Doe").fingerprint == world.jane.public.fingerprint


@pytest.mark.parametrize("special", ["fifo", "folder", "huge"])
def test_special_files_are_refused_at_once(world: World, special: str,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    import os

    path = world.tmp / f"card-{special}.pdf"
    if special == "fifo":
        if not hasattr(os, "mkfifo"):
            pytest.skip("no FIFOs on this system")
        os.mkfifo(path)
    elif special == "folder":
        path.mkdir()
    else:
        with path.open("wb") as fh:  # sparse: 4 GB on paper, nothing on disk (NTFS would
            fh.truncate(4 * 1024**3 if os.name != "nt" else 64 * 1024**2)  # allocate it)
    _refused(path, capsys, "not a regular file|folder|more than the")


# --- item 3: a hand-over binds the old key it names ------------------------------------------


def test_another_trusted_key_cannot_vouch_for_janes_handover(
    world: World, capsys: pytest.CaptureFixture[str]
) -> None:
    bob = _new_key()
    signers.trust_key(_pub(bob), "Bob Smith")
    bobs_new = _new_key()
    # Names Jane's key as the old key, but Bob (trusted) and the new key sign it.
    forged = world.tmp / "handover.readiness-rotation.json"
    forged.write_bytes(_handover(world.jane.public, _pub(bobs_new),
                                 [_signer(bob), _signer(bobs_new)]))
    _refused(forged, capsys, "not signed by the old key")


def test_handover_from_an_untrusted_old_key_is_refused(
    world: World, capsys: pytest.CaptureFixture[str]
) -> None:
    old, new = _new_key(), _new_key()
    forged = world.tmp / "handover.readiness-rotation.json"
    forged.write_bytes(_handover(_pub(old), _pub(new), [_signer(old), _signer(new)]))
    _refused(forged, capsys, "not one you trust")


def test_handover_must_be_signed_by_the_new_key(world: World,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    new = _new_key()
    path = world.tmp / "handover.readiness-rotation.json"
    path.write_bytes(_handover(world.jane.public, _pub(new), [_signer(world.jane.private)]))
    _refused(path, capsys, "not signed by the new key")


def test_a_key_hands_over_once(world: World, capsys: pytest.CaptureFixture[str]) -> None:
    first, second = _new_key(), _new_key()
    ok = world.tmp / "first.readiness-rotation.json"
    ok.write_bytes(_handover(world.jane.public, _pub(first),
                             [_signer(world.jane.private), _signer(first)]))
    intake.add_signer(ok, "")
    # A stolen old key cannot later hand Jane's identity over to someone else's key.
    again = world.tmp / "second.readiness-rotation.json"
    again.write_bytes(_handover(world.jane.public, _pub(second),
                                [_signer(world.jane.private), _signer(second)]))
    _refused(again, capsys, "already handed over")


def test_new_key_inherits_identity_and_list_shows_lineage(
    world: World, capsys: pytest.CaptureFixture[str]
) -> None:
    new = _new_key()
    path = world.tmp / "handover.readiness-rotation.json"
    path.write_bytes(_handover(world.jane.public, _pub(new),
                               [_signer(world.jane.private), _signer(new)]))
    assert main(["signers", "add", str(path), "--name", "Someone Else"]) == 0
    out = capsys.readouterr().out
    assert "Jane Doe" in out and "was not used" in out
    added = {s.fingerprint: s for s in signers.list_signers()}[_pub(new).fingerprint]
    assert added.name == "Jane Doe" and added.predecessor == world.jane.public.fingerprint
    ident = signers.identities(signers.list_signers())
    assert ident[_pub(new).fingerprint] == ident[world.jane.public.fingerprint]
    assert main(["signers", "list"]) == 0
    listing = capsys.readouterr().out
    assert listing.splitlines()[0] == "Jane Doe"
    assert f"{world.jane.public.fingerprint}  earlier key" in listing
    assert f"{_pub(new).fingerprint}  current key" in listing and "(by hand-over)" in listing


# --- item 11: a damaged trusted-signer list is a clear error and is left as it is ----------


@pytest.mark.parametrize("content", [
    b"[" * 100_000 + b"]" * 100_000,
    b'{"format": "readiness-signers/1", "signers": [' + b"9" * 10_000 + b"]}",
    b'{"format": "readiness-signers/1", "signers": [{"public_key": 5}]}',
    b'{"format": "readiness-signers/1", "signers": [{"name": ["x"], "public_key": "k"}]}',
    b'{"format": "readiness-signers/1", "signers": {}}',
    b"null",
    b"\xff\xfe garbage",
    b'{"format": "readiness-signers/1", "signers": [NaN]}',
])
def test_damaged_signer_list_is_a_one_line_error(content: bytes, tmp_path: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    path = signers.signers_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content)
    with pytest.raises(signers.SignersError):
        signers.list_signers()
    for args in (["signers", "list"], ["verify", str(tmp_path)]):
        assert main(args) in (1, 2)
        err = capsys.readouterr().err
        assert "Traceback" not in err and err.count("\n") == 1, err
    assert path.read_bytes() == content
