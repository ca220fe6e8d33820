"""One tile per group of items (This computer · Network · Practice arrangements), in the spirit
of a security centre's overview: the group's worst state by icon and word, how many items need
a look, and a click that goes to the first of them. Words and icons, never colour alone."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import QHBoxLayout, QSizePolicy, QToolButton, QWidget

from readiness.catalogue import Catalogue
from readiness.gui.results_model import GROUP_ORDER, ResultsModel, group_label
from readiness.gui.status import PENDING, result_key, status_icon, status_word
from readiness.gui.typescale import ROW_GAP
from readiness.model import Status


class GroupTiles(QWidget):
    def __init__(self, catalogue: Catalogue, model: ResultsModel,
                 go_to: Callable[[str], None], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.catalogue, self.model, self.go_to = catalogue, model, go_to
        lay = QHBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(ROW_GAP)
        present = {e.group for e in catalogue.entries}
        self.tiles: dict[str, QToolButton] = {}
        self._first: dict[str, str] = {}
        for group in (g for g in GROUP_ORDER if g in present):
            tile = QToolButton()
            tile.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
            tile.setIconSize(QSize(28, 28))
            tile.setAutoRaise(False)
            # Two lines with room around them: a tile, not a cramped button (from the font,
            # so it grows with the user's text size).
            tile.setMinimumHeight(tile.fontMetrics().lineSpacing() * 2 + 2 * ROW_GAP)
            tile.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
            tile.clicked.connect(lambda _=False, g=group: self._open(g))
            lay.addWidget(tile)
            self.tiles[group] = tile
        model.itemChanged.connect(lambda _item: self.refresh())
        self.refresh()

    def _open(self, group: str) -> None:
        if group in self._first:
            self.go_to(self._first[group])

    def refresh(self) -> None:
        for group, tile in self.tiles.items():
            ids = [e.id for e in self.catalogue.entries if e.group == group]
            results = [r for r in (self.model.result(i) for i in ids) if r is not None]
            needing = [r for r in results if r.status.rank > Status.PASS.rank]
            worst = max(needing, key=lambda r: r.status.rank, default=None)
            if not results:
                key, line = PENDING, status_word(PENDING)
            elif worst is None:
                key, line = Status.PASS.value, self.tr("All fine")
            else:
                key = result_key(worst)
                line = (self.tr("1 item needs a look") if len(needing) == 1 else
                        self.tr("%1 items need a look").replace("%1", str(len(needing))))
            if needing:
                self._first[group] = needing[0].check_id
            else:
                self._first.pop(group, None)
            name = group_label(group)
            tile.setIcon(status_icon(key))
            tile.setText(f"{name}\n{line}")
            tile.setAccessibleName(f"{name}: {line}")
            tile.setToolTip(self.tr("Show the first item that needs a look") if needing
                            else "")
            tile.setEnabled(bool(needing))
