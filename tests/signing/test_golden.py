"""Checklists signed by earlier versions still verify (tests/signing/fixtures/golden).

Verification redraws a checklist's pages from its signed statement and requires the PDF to be
exactly that drawing, so a ReportLab, pyHanko or font upgrade that changes one byte of the
drawing would make every checklist already signed fail. Each ``layout-N`` folder holds one
checklist signed with layout N by a throwaway key (only its public key is kept)."""

from __future__ import annotations

import importlib.metadata
import json
from pathlib import Path

import pytest

from readiness.signing import checklist, pdf_render, pdf_text
from readiness.signing.pdf_sign import read_attachments
from readiness.signing.verify import verify_paths

GOLDEN = Path(__file__).parent / "fixtures" / "golden"
FOLDERS = sorted(p for p in GOLDEN.glob("layout-*") if p.is_dir())
NAME = "Siân Ŵyn ap Llŷr"

REDRAW_HINT = """
The golden checklist in {folder} (signed with checklist layout {layout}) is no longer drawn
the same by this version (ReportLab {reportlab}, fonts in assets/fonts). Every checklist that
practitioners signed with that layout would now fail 'readiness verify' in the same way.
If the drawing change is deliberate: raise LAYOUT in readiness/signing/pdf_render.py, keep the
old drawing (renderer code and font files) available for layout {layout} so that pdf_text can
still redraw old checklists, and add a golden for the new layout with
tests/signing/fixtures/golden/make_golden.py. Never regenerate or delete this one.
Otherwise pin or revert the dependency that changed the drawing."""


def _hint(folder: Path) -> str:
    return REDRAW_HINT.format(folder=folder.relative_to(GOLDEN.parents[2]),
                              layout=folder.name.removeprefix("layout-"),
                              reportlab=importlib.metadata.version("reportlab"))


def test_the_current_layout_has_a_golden_checklist() -> None:
    assert (GOLDEN / f"layout-{pdf_render.LAYOUT}").is_dir(), (
        f"no golden checklist for layout {pdf_render.LAYOUT}: run "
        "tests/signing/fixtures/golden/make_golden.py and commit its folder")


@pytest.mark.parametrize("folder", FOLDERS, ids=lambda p: p.name)
def test_golden_checklist_and_bundle_verify(folder: Path) -> None:
    files = [folder / "checklist.pdf", folder / "checklist.readiness.json"]
    results = verify_paths(files, folder / "allowed_signers")
    assert sorted(v.path.name for v in results) == sorted(f.name for f in files)
    for v in results:
        assert v.ok, f"{v.path.name}: {v.problems}{_hint(folder)}"
        assert v.unaltered
        assert v.practitioner == NAME
        assert v.verdict == "ready_with_cautions"
        assert v.time_source == "signer"


@pytest.mark.parametrize("folder", FOLDERS, ids=lambda p: p.name)
def test_golden_pages_are_redrawn_exactly(folder: Path) -> None:
    pdf = (folder / "checklist.pdf").read_bytes()
    statement = json.loads(read_attachments(pdf)[checklist.STATEMENT_NAME])
    assert statement["predicate"]["practitioner"]["name"] == NAME
    assert pdf_text.page_text_problems(pdf, statement) == [], _hint(folder)


def test_golden_folders_hold_no_private_key() -> None:
    for path in GOLDEN.rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            assert b"PRIVATE KEY" not in data and b"openssh-key-v1" not in data, path
