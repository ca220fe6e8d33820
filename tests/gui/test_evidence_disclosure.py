"""'Show the evidence' reads as words (issue 12, item 9): each fact with a readable label and
value, how it was checked, and what was run or read with the computer's own output under it;
the same words the signed PDF's evidence appendix prints."""

from __future__ import annotations

import re

from pytestqt.qtbot import QtBot

from readiness import catalogue
from readiness.gui.detail_panel import DetailPanel, format_evidence
from readiness.model import CheckKind, CheckResult, Evidence, Status

RESULT = CheckResult(
    "os_supported", CheckKind.MACHINE, "The operating system still gets security updates",
    Status.WARN, "Debian 12 left regular security support on 11 July 2026.",
    evidence=(Evidence("file", "/etc/os-release", excerpt='PRETTY_NAME="Debian GNU/Linux 12"'),
              Evidence("command", "/usr/lib/update-notifier/apt-check",
                       error="not installed")),
    observed={"id": "debian", "version_id": "12", "days_left": -175, "pending_total": 1,
              "pretty_name": "Debian GNU/Linux 12 (bookworm)", "eol": "2026-07-11",
              "newer_than_table": False},
    method="/etc/os-release against the end-of-life table",
)


def test_the_evidence_is_labelled_in_words() -> None:
    text = format_evidence(RESULT)
    assert "Operating system: Debian GNU/Linux 12 (bookworm)" in text
    assert "Security support left: none: it ended 175 days ago" in text
    assert "Security support ends: 11 July 2026" in text
    assert "Updates waiting: 1 update" in text
    assert "Newer than the support table knows: No" in text
    assert "Read the file: /etc/os-release" in text
    assert "It could not be used: not installed." in text
    assert '| PRETTY_NAME="Debian GNU/Linux 12"' in text  # the raw output, as it came
    words = "\n".join(line for line in text.splitlines() if not line.lstrip().startswith("|"))
    assert not re.search(r"\b\w+_\w+\b|\bTrue\b|\bFalse\b|\w+: [^;\n]+; \w+:", words), words


def test_an_unanswered_question_does_not_show_its_code() -> None:
    result = CheckResult("headphones", CheckKind.ATTESTATION, "You use headphones",
                         Status.UNKNOWN, "Not answered yet.",
                         evidence=(Evidence("attestation", "practitioner's statement: headphones",
                                            error="not answered"),))
    text = format_evidence(result)
    assert "The practitioner's answer" in text and "Not answered yet." in text
    assert "statement: headphones" not in text


def test_the_disclosure_shows_the_words(qtbot: QtBot) -> None:
    cat = catalogue.load()
    panel = DetailPanel(cat)
    qtbot.addWidget(panel)
    entry = next(e for e in cat.entries if e.id == "os_supported")
    panel.show_item(entry, RESULT, None)
    assert not panel.evidence.isVisible()
    panel.show()
    panel.evidence_toggle.click()
    assert panel.evidence.isVisible()
    assert panel.evidence.toPlainText() == format_evidence(RESULT)
    assert "version_id" not in panel.evidence.toPlainText()
