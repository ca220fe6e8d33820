"""Key cards already handed out keep verifying: one card of each layout, written once and kept
as files, must still redraw exactly (issue 12, item 4). A change to the drawing kit
(``pdf_kit``: fonts, styles, page set-up) that changes how a card is drawn fails here, instead
of turning every supervisor's copy of a card into "not a card Readiness would draw".

To write the fixtures again (only for a new layout; never to make this test pass):
``python -m tests.signing.test_keycard_golden``."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric import ec

from readiness.signing import intake, jcs, signers
from readiness.signing.keycard import CARD_ATTACHMENT, CARD_DRAWING, card_problems
from readiness.signing.keycard_check import card_allowed_line
from readiness.signing.keycard_render import CARD_FORMAT_V1, CARD_FORMAT_V2, RENDERERS
from readiness.signing.pdf_attach import read_attachments
from readiness.signing.pubkey import PublicKey

FIXTURES = Path(__file__).parent / "fixtures" / "keycards"
LAYOUTS = {CARD_FORMAT_V1: "layout-1.pdf", CARD_FORMAT_V2: "layout-2.pdf"}


def _key() -> PublicKey:
    # A fixed key (public half only matters): the cards are test data, not anyone's key.
    return PublicKey.from_private(ec.derive_private_key(0x5EED_CA4D, ec.SECP256R1()))


def _write(layout: str) -> bytes:
    from pyhanko.pdf_utils import embed
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

    key = _key()
    created = "2026-12-01T10:00:00Z"
    values = {"name": "Siân Ní Bhriain", "registration": "BACP 012345", "created_at": created,
              "fingerprint": key.fingerprint, "cert_fingerprint": "", "public_key": key.openssh,
              "allowed_signers": card_allowed_line(key, "Siân Ní Bhriain", created)}
    writer = IncrementalPdfFileWriter(io.BytesIO(RENDERERS[layout](**values)))
    for name, data in ((CARD_ATTACHMENT, f"{key.openssh} golden@readiness\n".encode()),
                       (CARD_DRAWING, jcs.canonical({"format": layout, **values}))):
        embed.embed_file(writer, embed.FileSpec(
            file_spec_string=name, file_name=name,
            embedded_data=embed.EmbeddedFileObject.from_file_data(writer, data=data)))
    buf = io.BytesIO()
    writer.write(buf)  # type: ignore[no-untyped-call]
    return buf.getvalue()


@pytest.mark.parametrize("layout", sorted(LAYOUTS))
def test_a_card_already_handed_out_still_redraws(layout: str, tmp_path: Path) -> None:
    path = FIXTURES / LAYOUTS[layout]
    data = path.read_bytes()
    assert card_problems(data, _key(), read_attachments(data)[CARD_DRAWING]) == []
    assert intake.add_signer(path, "Siân").fingerprint == _key().fingerprint
    assert [s.name for s in signers.list_signers()] == ["Siân"]


def test_every_layout_has_a_kept_card() -> None:
    assert set(LAYOUTS) == set(RENDERERS)


if __name__ == "__main__":
    FIXTURES.mkdir(parents=True, exist_ok=True)
    for layout, file in LAYOUTS.items():
        target = FIXTURES / file
        if not target.exists():  # a kept card is never rewritten
            target.write_bytes(_write(layout))
            print("wrote", target)
