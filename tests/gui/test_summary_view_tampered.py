"""The Summary view shows a checklist PDF changed after signing even with its intact bundle
beside it: counted as not verified, the practitioner's series broken, the banner a warning,
and the file handed to the Files view (issue 14)."""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot

from readiness.gui.verify_banner import VALID
from readiness.settings import Settings
from tests.gui.test_summary_view import WAIT, _cells, _page, _summarise, tree

__all__ = ["tree"]  # the fixture, shared with the view's own tests


def test_a_tampered_pdf_beside_its_bundle_is_shown(qtbot: QtBot, tree: Path) -> None:
    pdf = sorted(tree.rglob("*.pdf"))[0]
    data = bytearray(pdf.read_bytes())
    data[len(data) // 2] ^= 1
    pdf.write_bytes(bytes(data))
    page, view = _page(qtbot, Settings())
    page.views.show_summary()
    _summarise(qtbot, view, tree)
    assert "1 file did not verify and is not counted." in view.notes.text()
    assert _cells(view)["Series"].startswith("Gap: ")
    assert view.banner.state != VALID and view.banner.action.isVisible()
    with qtbot.waitSignal(page.verified, timeout=WAIT) as got:
        view.banner.action.click()
    assert [Path(str(v.path)).name for v in got.args[0]] == [pdf.name]
    assert not got.args[0][0].ok


def test_a_link_out_of_the_folder_is_listed_but_never_followed_in_files(
        qtbot: QtBot, tree: Path, tmp_path: Path) -> None:
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    pdf = sorted(tree.rglob("*.pdf"))[0]
    (outside / "good.pdf").write_bytes(pdf.read_bytes())  # a valid file, outside
    (tree / "looks-fine.pdf").symlink_to(outside / "good.pdf")
    page, view = _page(qtbot, Settings())
    page.views.show_summary()
    _summarise(qtbot, view, tree)
    assert view.outcome is not None
    assert [v.path.name for v in view.outcome.summary.not_verified] == ["looks-fine.pdf"]
    asked: list[list[str]] = []
    view.verify_requested.connect(asked.append)
    view.banner.action.click()
    assert asked == [], "the Files view would show the outside file's result under its name"
