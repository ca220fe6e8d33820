"""The key card's layouts (issue 12, item 4): the card leads with name, registration and the
short fingerprint; cards of the first layout are still accepted; the short fingerprint is one
definition, derived from the full one."""

from __future__ import annotations

import base64
import hashlib
import io
from pathlib import Path

import pypdf
import pytest
from cryptography.hazmat.primitives.asymmetric import ec

from readiness.signing import intake, jcs, keys, signers
from readiness.signing.keycard import CARD_ATTACHMENT, CARD_DRAWING, card_problems
from readiness.signing.keycard_check import card_allowed_line, card_layout, is_older_layout
from readiness.signing.keycard_render import CARD_FORMAT, CARD_FORMAT_V1, RENDERERS
from readiness.signing.pdf_attach import read_attachments
from readiness.signing.pubkey import PublicKey, same_short_fingerprint, short_fingerprint
from tests.keychain import MemoryKeyring


def _key() -> PublicKey:
    return PublicKey.from_private(ec.generate_private_key(ec.SECP256R1()))


def test_short_fingerprint_is_base32_of_the_same_sha256() -> None:
    key = _key()
    short = key.short_fingerprint
    groups = short.split(" ")
    assert len(groups) == 6 and all(len(g) == 4 for g in groups)
    digest = hashlib.sha256(key.blob).digest()
    assert short.replace(" ", "") == base64.b32encode(digest).decode()[:24]
    assert short_fingerprint(key.fingerprint) == short  # from the long form alone
    assert same_short_fingerprint(short.lower().replace(" ", "-"), key.fingerprint)
    assert not same_short_fingerprint(short[:-1], key.fingerprint)
    assert not same_short_fingerprint("", key.fingerprint)
    for junk in ("", "MD5:ab:cd", "SHA256:!!!", "SHA256:" + "A" * 10):
        assert short_fingerprint(junk) == ""


def _values(key: PublicKey, name: str = "Jane Doe", registration: str = "BACP 1") -> dict[str, str]:
    created = "2026-12-01T10:00:00Z"
    return {"name": name, "registration": registration, "created_at": created,
            "fingerprint": key.fingerprint, "cert_fingerprint": "", "public_key": key.openssh,
            "allowed_signers": card_allowed_line(key, name, created)}


def _card(key: PublicKey, layout: str, drawn_as: str | None = None) -> bytes:
    """A card described as ``layout`` and drawn with ``drawn_as`` (default: the same)."""
    from pyhanko.pdf_utils import embed
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

    values = _values(key)
    writer = IncrementalPdfFileWriter(io.BytesIO(RENDERERS[drawn_as or layout](**values)))
    for name, data in ((CARD_ATTACHMENT, f"{key.openssh} x@readiness\n".encode()),
                       (CARD_DRAWING, jcs.canonical({"format": layout, **values}))):
        embed.embed_file(writer, embed.FileSpec(
            file_spec_string=name, file_name=name,
            embedded_data=embed.EmbeddedFileObject.from_file_data(writer, data=data)))
    buf = io.BytesIO()
    writer.write(buf)  # type: ignore[no-untyped-call]
    return buf.getvalue()


def test_new_card_leads_with_name_registration_and_short_fingerprint(
        memory_keyring: MemoryKeyring, tmp_path: Path) -> None:
    info = keys.init_key("Siân Llwyd", "BACP 012345")
    card = keys.export_card(tmp_path)[0]
    data = card.read_bytes()
    files = read_attachments(data)
    assert card_layout(files[CARD_DRAWING]) == CARD_FORMAT
    assert card_problems(data, PublicKey.parse(info.public_key), files[CARD_DRAWING]) == []
    lines = [line.strip() for line in
             pypdf.PdfReader(io.BytesIO(data)).pages[0].extract_text().splitlines()]
    short = short_fingerprint(info.fingerprint_ssh)
    first = lines.index("Siân Llwyd")
    assert lines[first + 1] == "BACP 012345"
    assert lines[first + 3] == short  # after "Fingerprint to compare"
    assert lines.index(info.fingerprint_ssh) > first + 3  # the long forms after
    assert not any("readiness signers" in line for line in lines)


@pytest.mark.parametrize("layout", [CARD_FORMAT_V1, CARD_FORMAT])
def test_cards_of_every_layout_are_accepted(layout: str) -> None:
    key = _key()
    card = _card(key, layout)
    assert card_problems(card, key, read_attachments(card)[CARD_DRAWING]) == []
    assert is_older_layout(layout) == (layout == CARD_FORMAT_V1)


@pytest.mark.parametrize(("described", "drawn"), [(CARD_FORMAT_V1, CARD_FORMAT),
                                                  (CARD_FORMAT, CARD_FORMAT_V1)])
def test_a_card_drawn_in_another_layout_than_it_names_is_refused(described: str,
                                                                 drawn: str) -> None:
    key = _key()
    card = _card(key, described, drawn)
    problems = card_problems(card, key, read_attachments(card)[CARD_DRAWING])
    assert problems and "not drawn as Readiness draws it" in problems[0]


def test_an_unknown_layout_is_refused() -> None:
    key = _key()
    card = _card(key, "readiness-key-card/99", CARD_FORMAT)
    assert card_problems(card, key, read_attachments(card)[CARD_DRAWING]) == [
        "its description of its page is not one Readiness writes"]


def test_an_older_card_can_still_be_added(tmp_path: Path) -> None:
    key = _key()
    path = tmp_path / "old-card.pdf"
    path.write_bytes(_card(key, CARD_FORMAT_V1))
    assert intake.add_signer(path, "Jane Doe").fingerprint == key.fingerprint
    assert [s.name for s in signers.list_signers()] == ["Jane Doe"]
