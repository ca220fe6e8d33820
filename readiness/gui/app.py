"""Application entry point (placeholder window until the desktop-app issue lands)."""

from __future__ import annotations

import sys
from collections.abc import Sequence

from PySide6.QtWidgets import QApplication, QLabel, QMainWindow

from readiness import __version__


def main(argv: Sequence[str] | None = None) -> int:
    app = QApplication.instance() or QApplication([sys.argv[0], *(argv or [])])
    window = QMainWindow()
    window.setWindowTitle(f"Readiness {__version__}")
    label = QLabel("Readiness: run 'readiness check' on the command line for now.")
    label.setMargin(24)
    window.setCentralWidget(label)
    window.show()
    return int(app.exec())
