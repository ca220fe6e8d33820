"""What will be signed, in words: the readable summary the sign dialog leads with, and the list
of practice questions not answered yet (each can be answered now, before signing).

The summary is built from the run and the statement preview, so it says what the signature will
cover: verdict, who signs, which computer, what needs fixing, what was answered. The exact
statement (JSON) stays one disclosure further down in the dialog.
"""

from __future__ import annotations

import html
from collections.abc import Mapping, Sequence
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from readiness.gui.status import UNANSWERED, status_icon, status_word, verdict_word
from readiness.model import CheckResult, RunReport, Status

ID_ROLE = Qt.ItemDataRole.UserRole + 20
NEEDS_FIX = (Status.FAIL, Status.WARN, Status.UNKNOWN)


def _tr(text: str) -> str:
    return QCoreApplication.translate("SignDialog", text)


def _count(n: int, one: str, many: str) -> str:
    return (one if n == 1 else many).replace("%n", str(n))


def computer_name(report: RunReport) -> str:
    """The system in words: the os-release/Windows name the run found, else the platform."""
    for r in report.results:
        pretty = r.observed.get("pretty_name") if r.check_id == "os_supported" else None
        if isinstance(pretty, str) and pretty.strip():
            return pretty.strip()
    p = report.platform
    text = " ".join(v for v in (p.get("system", ""), p.get("release", "")) if v)
    return text or _tr("this computer")


def signer(preview: Mapping[str, Any]) -> str:
    who = preview.get("predicate", {}).get("practitioner", {})
    name = str(who.get("name", "")).strip() if isinstance(who, Mapping) else ""
    reg = str(who.get("registration", "")).strip() if isinstance(who, Mapping) else ""
    if name and reg:
        return _tr("%1 (registration %2)").replace("%1", name).replace("%2", reg)
    return name or _tr("you")


def _rows(label: str, value: str) -> str:
    return (f"<tr><td style='padding:2px 12px 2px 0'><b>{html.escape(label)}</b></td>"
            f"<td style='padding:2px 0'>{html.escape(value)}</td></tr>")


def _machine_line(machine: Sequence[CheckResult]) -> str:
    passed = sum(1 for r in machine if r.status is Status.PASS)
    return _tr("%1 checked: %2 passed, %3 need attention.").replace(
        "%1", _count(len(machine), _tr("%n item"), _tr("%n items"))).replace(
        "%2", str(passed)).replace("%3", str(sum(1 for r in machine if r.status in NEEDS_FIX)))


def _answers_line(questions: Sequence[CheckResult]) -> str:
    open_ = sum(1 for r in questions if r.unanswered)
    return _tr("%1 answered, %2 not answered yet.").replace(
        "%1", str(len(questions) - open_)).replace("%2", str(open_))


def summary_html(report: RunReport, preview: Mapping[str, Any]) -> str:
    """The summary as simple rich text (a table of facts, then what needs fixing)."""
    machine = [r for r in report.results if not r.attested]
    questions = [r for r in report.results if r.attested]
    rows = [
        _rows(_tr("Verdict"), verdict_word(report.verdict)),
        _rows(_tr("Signed by"), signer(preview)),
        _rows(_tr("Computer"), computer_name(report)),
        _rows(_tr("Checks"), _machine_line(machine)),
        _rows(_tr("Practice questions"), _answers_line(questions)),
    ]
    out = ["<table>", *rows, "</table>"]
    fixes = [r for r in report.results if r.status in NEEDS_FIX and not r.unanswered]
    if fixes:
        out.append("<p style='margin-top:8px'><b>" + html.escape(_tr("Needs attention:"))
                   + "</b></p><ul style='margin-top:0'>")
        out += [f"<li>{html.escape(r.title)}: {html.escape(status_word(r.status))}</li>"
                for r in fixes]
        out.append("</ul>")
    out.append("<p>" + html.escape(_tr(
        "The checklist never contains client information: no names, phone numbers or notes."))
        + "</p>")
    return "".join(out)


class UnansweredList(QWidget):
    """The practice questions not answered yet; "Answer now" asks for one of them."""

    answer_requested = Signal(str)  # check id

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.heading = QLabel()
        self.heading.setWordWrap(True)
        self.heading.setAccessibleName(_tr("Questions not answered yet"))
        layout.addWidget(self.heading)
        self.list = QListWidget()
        self.list.setAccessibleName(_tr("Practice questions not answered yet"))
        # Long titles wrap rather than scroll sideways under the last row.
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.setWordWrap(True)
        self.list.itemActivated.connect(lambda item: self._answer(item))
        layout.addWidget(self.list)
        row = QHBoxLayout()
        self.answer_button = QPushButton(_tr("&Answer now"))
        self.answer_button.setAccessibleName(_tr("Answer the selected question now"))
        self.answer_button.clicked.connect(lambda: self._answer(self.list.currentItem()))
        row.addWidget(self.answer_button)
        row.addStretch(1)
        layout.addLayout(row)

    def set_results(self, results: Sequence[CheckResult]) -> int:
        """Show the unanswered ones among ``results``; returns how many (hidden when none)."""
        open_ = [r for r in results if r.unanswered]
        self.list.clear()
        for r in open_:
            item = QListWidgetItem(status_icon(UNANSWERED), r.title)
            item.setToolTip(r.title)
            item.setData(ID_ROLE, r.check_id)
            self.list.addItem(item)
        if open_:
            self.list.setCurrentRow(0)
            self.heading.setText(_count(
                len(open_), _tr("%n practice question is not answered yet. You can answer it "
                                "now, or sign anyway: it will show as “Not answered yet”."),
                _tr("%n practice questions are not answered yet. You can answer them now, or "
                    "sign anyway: they will show as “Not answered yet”.")))
            row, frame = self.list.sizeHintForRow(0), 2 * self.list.frameWidth() + 4
            self.list.setMinimumHeight(row * min(len(open_), 2) + frame)
            self.list.setMaximumHeight(row * min(len(open_), 4) + frame)
        self.setVisible(bool(open_))
        return len(open_)

    def _answer(self, item: QListWidgetItem | None) -> None:
        if item is not None:
            self.answer_requested.emit(str(item.data(ID_ROLE)))
