"""Layout checks shared by the screen tests: Alt-shortcuts, overlapping and clipped widgets."""

from __future__ import annotations

import re
from collections import Counter

from PySide6.QtCore import QRect
from PySide6.QtGui import Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractScrollArea,
    QGroupBox,
    QLabel,
    QMenuBar,
    QTabBar,
    QWidget,
)

_MNEMONIC = re.compile(r"&([^&\s])")


def mnemonic(text: str) -> str | None:
    m = _MNEMONIC.search(text.replace("&&", ""))
    return m.group(1).lower() if m else None


def _texts(root: QWidget) -> list[tuple[str, str]]:
    """(text, where) of every visible widget text that can carry an Alt-shortcut."""
    out: list[tuple[str, str]] = []
    for w in [root, *root.findChildren(QWidget)]:
        if not w.isVisible():
            continue
        if isinstance(w, (QAbstractButton, QGroupBox)):
            text = w.text() if isinstance(w, QAbstractButton) else w.title()
            out.append((text, type(w).__name__))
        elif isinstance(w, QLabel) and w.buddy() is not None:
            out.append((w.text(), "label"))
        elif isinstance(w, QTabBar):
            out.extend((w.tabText(i), "tab") for i in range(w.count()))
        elif isinstance(w, QMenuBar):
            out.extend((a.text(), "menu") for a in w.actions())
    return out


def clashing_shortcuts(root: QWidget) -> list[str]:
    keys = Counter(k for text, _ in _texts(root) if (k := mnemonic(text)))
    return sorted(f"Alt+{k.upper()}: " + ", ".join(
        t.replace("&", "") for t, _ in _texts(root) if mnemonic(t) == k)
        for k, n in keys.items() if n > 1)


def literal_ampersands(root: QWidget) -> list[str]:
    """Texts that would show a bare "&" (a mnemonic marker in a widget that shows it raw)."""
    out = []
    for w in [root, *root.findChildren(QWidget)]:
        if isinstance(w, QLabel) and w.isVisible() and w.buddy() is None \
                and not Qt.mightBeRichText(w.text()) and "&" in w.text():
            out.append(w.text())
    return out


def _global(w: QWidget) -> QRect:
    return QRect(w.mapTo(w.window(), w.rect().topLeft()), w.size())


def _leaves(root: QWidget) -> list[QWidget]:
    """Visible widgets a user reads or presses (not containers)."""
    return [w for w in root.findChildren(QWidget)
            if w.isVisible() and isinstance(w, (QAbstractButton, QLabel))
            and w.width() > 0 and w.height() > 0 and w.window() is root.window()]


def _clipped_by_scroll(w: QWidget) -> bool:
    p = w.parentWidget()
    while p is not None:
        if isinstance(p, QAbstractScrollArea):
            return True
        p = p.parentWidget()
    return False


def overlaps(root: QWidget) -> list[str]:
    """Pairs of visible buttons/labels whose rectangles intersect while neither contains the
    other (scrolled content is left out: its position is the scroll area's business)."""
    leaves = [w for w in _leaves(root) if not _clipped_by_scroll(w)]
    found = []
    for i, a in enumerate(leaves):
        ra = _global(a)
        for b in leaves[i + 1:]:
            if a.isAncestorOf(b) or b.isAncestorOf(a):
                continue
            rb = _global(b)
            inter = ra.intersected(rb)
            if inter.width() > 1 and inter.height() > 1 and not ra.contains(rb) \
                    and not rb.contains(ra):
                found.append(f"{_name(a)} overlaps {_name(b)}")
    return found


def clipped_texts(root: QWidget) -> list[str]:
    """Buttons and one-line labels whose text is wider than the widget (words cut off)."""
    out = []
    for w in _leaves(root):
        if isinstance(w, QAbstractButton):
            text = w.text().replace("&&", "\0").replace("&", "").replace("\0", "&")
        elif isinstance(w, QLabel) and not w.wordWrap() and w.pixmap().isNull():
            text = re.sub(r"<[^>]+>", "", w.text())
            if w.buddy() is not None:
                text = text.replace("&&", "\0").replace("&", "").replace("\0", "&")
        else:
            continue
        if not text or "\n" in text:
            continue
        need = w.fontMetrics().horizontalAdvance(text)
        if need > w.width():
            out.append(f"{_name(w)} needs {need}px, has {w.width()}px")
    return out


def _name(w: QWidget) -> str:
    text = w.text() if isinstance(w, (QAbstractButton, QLabel)) else ""
    return f"{type(w).__name__}({(w.accessibleName() or text)[:40]!r})"
