"""A tree view's text column sized to its content, within a share of the view."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QTreeView


class ColumnFitter(QObject):
    """Keeps ``column`` as wide as its longest text but at most ``share`` of the view, so the
    next column keeps room to be read; once the user drags the column, their width is kept."""

    def __init__(self, view: QTreeView, column: int, share: float = 0.45,
                 minimum: int = 160) -> None:
        super().__init__(view)
        self.view, self.column, self.share, self.minimum = view, column, share, minimum
        self.user_sized = False
        self._fitting = False
        view.header().sectionResized.connect(self._resized)
        view.viewport().installEventFilter(self)

    def _resized(self, column: int, _old: int, _new: int) -> None:
        if column == self.column and not self._fitting:
            self.user_sized = True

    def fit(self) -> None:
        if self.user_sized:
            return
        want = self.view.sizeHintForColumn(self.column) + 12
        cap = int(self.view.viewport().width() * self.share)
        self._fitting = True
        try:
            self.view.setColumnWidth(self.column, max(self.minimum, min(want, cap)))
        finally:
            self._fitting = False

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() is QEvent.Type.Resize:
            self.fit()
        return False
