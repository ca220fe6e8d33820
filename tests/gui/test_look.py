"""The calm, professional look (issue 12): the app's icon and name in the header, one type
scale for headings on every page, and tables whose columns fit what they hold."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import pytest
from PySide6.QtWidgets import QApplication, QLabel, QWidget
from pytestqt.qtbot import QtBot

from readiness.gui import signing_adapter, typescale
from readiness.gui.history_page import HistoryPage, short_date
from readiness.gui.main_window import TAB_HISTORY, TAB_VERIFY
from tests.gui.conftest import MakeWindow


def _headings(root: QWidget) -> dict[str, float]:
    return {label.text(): label.font().pointSizeF() for label in root.findChildren(QLabel)
            if label.font().bold() and label.text()}


def test_header_has_the_app_icon_and_name(qtbot: QtBot, make_window: MakeWindow,
                                          handmade_replay: Path) -> None:
    window = make_window(handmade_replay)
    window.show()
    qtbot.waitExposed(window)
    header = window.header
    pixmap = header.icon.pixmap()
    assert not pixmap.isNull()
    # Drawn for the screen's pixel ratio (crisp at 2x as at 1x), shown at the same size.
    ratio = header.devicePixelRatioF()
    assert pixmap.width() == round(header.icon.width() * ratio)
    body = QApplication.font().pointSizeF()
    assert header.name.text() == "Readiness" and header.name.font().pointSizeF() > body
    assert header.caption.text()


def test_every_page_heads_in_the_type_scale(qtbot: QtBot, make_window: MakeWindow,
                                            handmade_replay: Path) -> None:
    window = make_window(handmade_replay)
    window.show()
    qtbot.waitExposed(window)
    heading = typescale.font(typescale.HEADING).pointSizeF()
    for tab, text in ((TAB_HISTORY, "Your signed checklists"),
                      (TAB_VERIFY, "Check signed checklists")):
        window.tabs.setCurrentIndex(tab)
        page = window.tabs.widget(tab)
        assert page is not None
        assert _headings(page)[text] == pytest.approx(heading)
    word = window.check_page.banner.word.font().pointSizeF()
    assert word == pytest.approx(typescale.font(typescale.DISPLAY).pointSizeF())


def test_history_columns_fit_rows_added_while_showing(
        qtbot: QtBot, monkeypatch: pytest.MonkeyPatch) -> None:
    entry = SimpleNamespace(generated_at="2026-12-02T14:14:00Z", verdict="ready_with_cautions",
                            timestamped=False, pdf_path="/x/2026-12-02T1414Z_checklist.pdf")
    monkeypatch.setattr(signing_adapter, "history_entries", lambda: [])
    page = HistoryPage()
    qtbot.addWidget(page)
    page.resize(1000, 600)
    page.show()
    qtbot.waitExposed(page)
    monkeypatch.setattr(signing_adapter, "history_entries", lambda: [entry])
    page.refresh()
    QApplication.processEvents()
    for column in range(page.model.columnCount() - 1):
        text = page.model.item(0, column).text()
        needed = page.table.fontMetrics().horizontalAdvance(text)
        assert page.table.columnWidth(column) >= needed, text


def test_chart_dates_are_written_as_people_write_them() -> None:
    assert short_date("2026-12-02T12:00:00Z").split()[0] in {"1", "2", "3"}
    assert not short_date("2026-12-02T12:00:00Z").startswith("2026")
