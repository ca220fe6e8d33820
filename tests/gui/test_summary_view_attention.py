"""The Summary view never says all is well while something needs attention: results replayed
from a snapshot are said in the row and counted in the banner, files that did not verify are
in the banner's title, a button is offered only when it can show something, and a key's
fingerprint tells two people of one name apart."""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot

from readiness.gui.summary_model import SummaryWords, needs_attention
from readiness.settings import Settings
from readiness.signing import summary
from readiness.signing.pubkey import short_fingerprint
from readiness.signing.summary import Row
from readiness.signing.verify_result import failed
from tests.gui.test_summary_view import _page, _summarise, tree

__all__ = ["tree"]  # the fixture, shared with the view's own tests

FP = "SHA256:" + "A" * 43


def _row(name: str = "Sam Lee", **changes: object) -> Row:
    base = dict(identity=name, name=name, registration="", checklists=1,
                latest_at="2026-11-02T10:00:00Z", verdict="ready", days_since=3,
                chain_complete=True, failing=(), overdue=False,
                short_fingerprint=short_fingerprint(FP))
    return Row(**{**base, **changes})  # type: ignore[arg-type]


def test_one_definition_of_attention() -> None:
    assert needs_attention is summary.needs_attention


def test_a_replayed_checklist_is_said_and_counted() -> None:
    words = SummaryWords()
    row = _row(replayed=True, replayed_checklists=1)
    cells = {h: c for h, c in zip(words.headers(), words.cells(row), strict=True)}
    assert "replayed" in cells["Verdict"][1].lower()
    assert cells["Practitioner"][0] == "warn"
    column = words.headers().index("Verdict")
    assert "snapshot" in words.tooltip(column, row, cells["Verdict"][1])
    assert words.attention([row]) == "1 with results replayed from a snapshot"
    account = words.account([row], [])
    assert account.title == "Sam Lee needs attention"
    earlier = _row(replayed_checklists=2)
    cells = {h: c for h, c in zip(words.headers(), words.cells(earlier), strict=True)}
    assert "replayed" in cells["Verdict"][1].lower() and cells["Practitioner"][0] == "warn"
    assert words.attention([earlier]) == "1 with results replayed from a snapshot"


def test_the_title_never_says_all_is_well_while_files_failed() -> None:
    words = SummaryWords()
    bad = failed(Path("/share/x/stray.readiness.json"), "bundle", "it did not verify")
    folder = failed(Path("/share/locked"), summary.FOLDER, "the folder could not be read")
    assert words.account([_row()], [bad]).title == \
        "Sam Lee is up to date; 1 file did not verify"
    assert words.account([_row(), _row("Bo")], [bad, bad]).title == \
        "All 2 practitioners are up to date; 2 files did not verify"
    assert words.account([_row()], [folder]).title == \
        "Sam Lee is up to date; 1 folder could not be read"
    assert words.account([_row()], []).title == "Sam Lee is up to date"


def test_the_practitioner_tip_names_the_key() -> None:
    words = SummaryWords()
    row = _row()
    assert short_fingerprint(FP) in words.tooltip(0, row, "Sam Lee")


def test_only_a_link_failed_no_dead_button_and_a_sentence(
        qtbot: QtBot, tree: Path, tmp_path: Path) -> None:
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (outside / "good.pdf").write_bytes(sorted(tree.rglob("*.pdf"))[0].read_bytes())
    (tree / "looks-fine.pdf").symlink_to(outside / "good.pdf")
    page, view = _page(qtbot, Settings())
    page.views.show_summary()
    _summarise(qtbot, view, tree)
    assert not view.banner.action.isVisible(), "nothing the Files view could show"
    notes = view.notes.text()
    assert "looks-fine.pdf" in notes and "link" in notes and "CSV" in notes
    assert "did not verify" in view.banner.title.text() \
        or "needs attention" in view.banner.title.text()
