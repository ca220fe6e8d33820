"""A practice question the computer confirmed (headphones in use) is shown as checked by the
computer, the same as it is signed; otherwise it stays "(you state this)"."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from readiness import catalogue as catalogue_mod
from readiness.gui.detail_panel import DetailPanel
from readiness.gui.results_model import COL_TITLE, ResultsModel
from tests.helpers import SNAPSHOTS, fixture_cases, run_check


def test_a_confirmed_headphones_result_is_labelled_as_the_machines(qtbot: QtBot) -> None:
    case = next(c for c in fixture_cases() if c.check == "headphones" and c.expect == "pass")
    assert case.path.parent == SNAPSHOTS / "headphones"
    result = run_check("headphones", case.snapshot(), attestations=case.meta.get("attestations"))
    assert not result.attested, "the computer saw headphones: a machine result"
    cat = catalogue_mod.load()
    model = ResultsModel(cat)
    title = model.index_for("headphones", COL_TITLE)
    assert title.data().endswith("(you state this)")
    model.set_result(result)
    assert not model.index_for("headphones", COL_TITLE).data().endswith("(you state this)")
    model.reset_pending(["headphones"])
    assert model.index_for("headphones", COL_TITLE).data().endswith("(you state this)")

    panel = DetailPanel(cat)
    qtbot.addWidget(panel)
    panel.show_item(cat.entry("headphones"), result, None, "linux")
    assert "confirmed this just now" in panel.attested_note.text()
