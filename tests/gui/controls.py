"""The interactive controls of a window, for the accessibility and keyboard tests."""

from __future__ import annotations

from collections.abc import Iterator

from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QComboBox,
    QLineEdit,
    QPlainTextEdit,
    QTextEdit,
    QWidget,
)

INTERACTIVE = (QAbstractButton, QLineEdit, QComboBox, QAbstractItemView, QPlainTextEdit,
               QTextEdit, QAbstractSpinBox)


def own_controls(top: QWidget) -> Iterator[QWidget]:
    """Our interactive controls inside ``top``. Qt's own inner parts (a spin box's line edit,
    a combo box's pop-up list, a view's header, the tab bar, corner and extension buttons,
    calendar parts) are left out: they are announced and reached through their owner."""
    seen: set[int] = set()
    for kind in INTERACTIVE:
        for w in top.findChildren(kind):
            if id(w) in seen or _inside(w, (QAbstractSpinBox, QComboBox)):
                continue
            if w.objectName().startswith("qt_"):
                continue
            name = type(w).__name__
            if name in ("QTabBar", "QHeaderView") or name.startswith("QCalendar"):
                continue
            seen.add(id(w))
            yield w


def _inside(w: QWidget, owners: tuple[type, ...]) -> bool:
    parent = w.parentWidget()
    while parent is not None:
        if isinstance(parent, owners):
            return True
        parent = parent.parentWidget()
    return False
