"""Names print as written: the bundled DejaVu fonts draw Welsh, Irish, Polish, Romanian (and
the rest of Latin-1 and Latin Extended-A/B) on the checklist and the key card; characters the
fonts lack show as a visible U+FFFD with a note, and the page check still passes."""

from __future__ import annotations

import dataclasses
import io
from pathlib import Path

import pytest
from pypdf import PdfReader

from readiness.paths import assets_dir
from readiness.signing import checklist, keys, pdf_kit, pdf_render
from readiness.signing.keycard import CARD_ATTACHMENT, CARD_DRAWING, card_problems
from readiness.signing.pdf_sign import read_attachments
from readiness.signing.pubkey import PublicKey
from readiness.signing.verify import verify_paths
from tests.keychain import MemoryKeyring
from tests.packaging.support import PACKAGING, rules
from tests.signing.helpers import HANDMADE_CATALOGUE, handmade_report

NAMES = ["Siân Ŵyn ap Llŷr", "Siobhán Ní Bhriain", "Łukasz Wąsik", "Ștefan Ionescu"]
OWN_CLOCK = "the computer's own clock (no trusted timestamp)"


def _text(pdf: bytes) -> str:
    return "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(pdf)).pages)


def _statement(name: str, summary: str = "ufw reports the firewall active.") -> dict[str, object]:
    return {
        "_type": "https://in-toto.io/Statement/v1",
        "predicate": {
            "practitioner": {"name": name, "keyFingerprint": "SHA256:" + "A" * 43},
            "verdict": "ready",
            "checks": [{"id": "firewall_on", "title": "The firewall is on", "status": "pass",
                        "summary": summary}],
        },
    }


def test_fonts_ship_in_assets_with_their_licence_and_are_bundled() -> None:
    fonts = assets_dir() / "fonts"
    for file in pdf_kit.FONT_FILES.values():
        assert (fonts / file).stat().st_size > 100_000
        assert rules().keep(f"assets/fonts/{file}")
    licence = (fonts / "LICENSE").read_text(encoding="utf-8")
    assert "Bitstream Vera Fonts Copyright" in licence and "Arev Fonts Copyright" in licence
    assert "fonts-dejavu-core" in (fonts / "README.md").read_text(encoding="utf-8")
    # The spec collects assets/ whole, so assets/fonts goes into every bundle.
    spec = (PACKAGING / "pyinstaller" / "readiness.spec").read_text(encoding="utf-8")
    assert 'datas = [(str(ROOT / "assets"), "assets")]' in spec


@pytest.mark.parametrize("mono", [False, True])
def test_fonts_cover_latin_1_extended_a_and_b_and_the_welsh_letters(mono: bool) -> None:
    wanted = [*range(0xA0, 0x250), *map(ord, "ŵŴŷŶ")]
    unshown = [hex(c) for c in wanted if chr(c).isprintable()
               and pdf_kit.REPLACEMENT in pdf_kit.clean(chr(c), mono=mono)]
    # Sans covers all of it; Sans Mono lacks only a few rare digraphs (such as ǅ) in Extended-B.
    assert len(unshown) <= (30 if mono else 0), unshown
    for ch in "ŵŴŷŶąęłńśźżșțăâîşţáéíóúċġħżćčđšž":
        assert pdf_kit.clean(ch, mono=mono) == ch


@pytest.mark.parametrize("name", NAMES)
def test_names_print_as_written_on_checklist_and_key_card(
    name: str, memory_keyring: MemoryKeyring, tmp_path: Path
) -> None:
    info = keys.init_key(name, "BACP 012345 – Cymru")
    signed = checklist.sign_report(handmade_report(), tmp_path / "out",
                                   catalogue=HANDMADE_CATALOGUE)
    page_text = _text(signed.pdf_path.read_bytes())
    assert name in page_text and "\ufffd" not in page_text
    (v,) = verify_paths([signed.pdf_path])
    assert v.ok, v.problems
    assert v.practitioner == name

    card = keys.export_card(tmp_path / "card")[0].read_bytes()
    card_text = _text(card)
    assert name in card_text and "BACP 012345 – Cymru" in card_text
    files = read_attachments(card)
    assert files[CARD_ATTACHMENT].startswith(info.public_key.encode())
    assert card_problems(card, PublicKey.parse(info.public_key), files[CARD_DRAWING]) == []


def test_missing_characters_show_a_visible_mark_and_a_note(
    memory_keyring: MemoryKeyring, tmp_path: Path
) -> None:
    keys.init_key("Siân 李 Llŷr")
    report = handmade_report()
    first = dataclasses.replace(report.results[0], summary="Caffi ☕ 🙂 中文")
    signed = checklist.sign_report(dataclasses.replace(report, results=(first,
                                                                        *report.results[1:])),
                                   tmp_path, catalogue=HANDMADE_CATALOGUE)
    text = _text(signed.pdf_path.read_bytes())
    assert "Siân \ufffd Llŷr" in text and "Caffi ☕ \ufffd \ufffd\ufffd" in text
    assert "?" not in text.split("Caffi")[1].split("\n")[0]
    assert "printed as \ufffd" in " ".join(text.split())
    # The signed statement keeps the exact text; the verifier redraws with the same marks.
    (v,) = verify_paths([signed.pdf_path])
    assert v.ok, v.problems
    assert v.practitioner == "Siân 李 Llŷr"
    card_text = _text(keys.export_card(tmp_path / "card")[0].read_bytes())
    assert "Siân \ufffd Llŷr" in card_text and "printed as \ufffd" in card_text


def test_no_note_when_every_character_is_shown() -> None:
    pdf = pdf_render.render_checklist(_statement(NAMES[0]), statement_sha256="0" * 64,
                                      timestamp_note=OWN_CLOCK)
    assert "printed as" not in _text(pdf)


def test_the_same_statement_renders_the_same_bytes() -> None:
    st = _statement("Siân Ŵyn ap Llŷr", "Łukasz 🙂")
    first = pdf_render.render_checklist(st, statement_sha256="0" * 64, timestamp_note=OWN_CLOCK)
    pdf_render.render_key_card(name="Zoë", registration="", created_at="2026-01-01",
                               fingerprint="SHA256:x", cert_fingerprint="AB",
                               public_key="ecdsa", allowed_signers="x")
    again = pdf_render.render_checklist(st, statement_sha256="0" * 64, timestamp_note=OWN_CLOCK)
    assert first == again


def test_combining_accents_print_as_the_precomposed_letter() -> None:
    pdf = pdf_render.render_key_card(name="Sia\u0302n Llwy\u0302d", registration="",
                                     created_at="2026-01-01", fingerprint="SHA256:x",
                                     cert_fingerprint="AB", public_key="ecdsa",
                                     allowed_signers="x")
    assert "Siân Llwŷd" in _text(pdf)
