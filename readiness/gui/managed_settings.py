"""Settings an organisation manages (readiness.policy), as the Settings dialog shows them:
each managed control locked with "Set by your organisation" beside it, and the settings that
only an organisation sets (timestamp authorities, video platform, practice questions that do
not apply, key cards it trusts) listed read-only. A policy that could not all be used says so
in one sentence."""

from __future__ import annotations

import json
from pathlib import PurePosixPath, PureWindowsPath

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QFormLayout, QGroupBox, QHBoxLayout, QLabel, QWidget

from readiness.policy import PolicyReport


def set_by_organisation() -> str:
    return QCoreApplication.translate("managed", "Set by your organisation")


def _note() -> QLabel:
    note = QLabel(set_by_organisation())
    note.setAccessibleName(set_by_organisation())
    note.setObjectName("managedNote")
    note.setStyleSheet("font-style: italic;")
    return note


def _locked(*widgets: QWidget) -> None:
    for w in widgets:
        w.setEnabled(False)
        w.setToolTip(set_by_organisation())
        w.setAccessibleDescription(set_by_organisation())


def lock(form: QFormLayout, *widgets: QWidget) -> QLabel:
    """Lock ``widgets`` (a managed setting's controls) and add the note as the next row."""
    _locked(*widgets)
    note = _note()
    form.addRow("", note)
    return note


def lock_inline(row: QHBoxLayout, widget: QWidget, *hidden: QWidget) -> QLabel:
    """Lock ``widget`` and put the note beside it in its ``row``, in place of ``hidden``
    (a Choose… button that could not be used anyway)."""
    _locked(widget, *hidden)
    for w in hidden:
        w.setVisible(False)
    note = _note()
    row.addWidget(note)
    return note


def _title(check_id: str) -> str:
    """A practice question's title from the catalogue (its id if that cannot be read)."""
    from readiness.paths import assets_dir

    try:
        entry = json.loads((assets_dir() / "catalogue" / "checks" / f"{check_id}.json")
                           .read_text(encoding="utf-8"))
        title = entry.get("title") if isinstance(entry, dict) else None
    except (OSError, ValueError):
        title = None
    return title if isinstance(title, str) and title else check_id.replace("_", " ")


def _file_name(path: str) -> str:
    name = PureWindowsPath(path).name if "\\" in path else PurePosixPath(path).name
    return name or path


class ManagedSection(QGroupBox):
    """What the organisation sets that has no control of its own here, and any problem."""

    def __init__(self, report: PolicyReport, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Set by your organisation"), parent)
        self.setAccessibleName(self.tr("Settings set by your organisation"))
        form = QFormLayout(self)
        pol = report.policy
        self.rows: dict[str, QLabel] = {}
        if pol.timestamp_authorities is not None:
            self._row(form, "timestamp_authorities", self.tr("Timestamp authorities:"),
                      "\n".join(pol.timestamp_authorities))
        if pol.video_platform is not None:
            self._row(form, "video_platform", self.tr("Video platform:"), pol.video_platform)
        if pol.practice_not_applicable is not None:
            titles = [_title(q) for q in pol.practice_not_applicable]
            self._row(form, "practice_not_applicable", self.tr("Questions that do not apply:"),
                      "\n".join(titles) if titles else self.tr("(none: every question "
                                                                 "applies)"))
        if pol.trusted_key_cards is not None:
            self._row(form, "trusted_key_cards", self.tr("Trusted key cards:"),
                      "\n".join(self._card(p) for p in pol.trusted_key_cards))
        if pol:
            where = QLabel(self.tr("From %1. Only your organisation can change these.")
                           .replace("%1", report.source))
            where.setWordWrap(True)
            where.setAccessibleName(self.tr("Where these settings come from"))
            form.addRow(where)
        self.problem = QLabel(report.summary)
        self.problem.setWordWrap(True)
        self.problem.setAccessibleName(self.tr("Problem with your organisation's settings"))
        self.problem.setVisible(bool(report.problems))
        form.addRow(self.problem)

    def _card(self, path: str) -> str:
        """One key card: added, or not trusted and why (missing, unreadable, or changeable by
        other users; a card that is not genuine is refused when checklists are verified)."""
        from readiness.signing.policy_signers import quick_problem

        problem = quick_problem(path)
        if problem is None:
            return self.tr("%1 (added by your organisation)").replace("%1", _file_name(path))
        return self.tr("%1: not trusted, %2").replace("%1", path).replace("%2", problem)

    def _row(self, form: QFormLayout, key: str, label: str, text: str) -> None:
        value = QLabel(text)
        value.setWordWrap(True)
        value.setAccessibleName(label.rstrip(":"))
        value.setAccessibleDescription(set_by_organisation())
        form.addRow(label, value)
        self.rows[key] = value
