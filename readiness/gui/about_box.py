"""The About box: what Readiness is, its version, and the privacy statement as flowing
paragraphs (the shipped Markdown file's hard line breaks joined)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QWidget

from readiness import __version__
from readiness.paths import assets_dir


def privacy_statement() -> str:
    """The shipped privacy statement as plain text (its Markdown emphasis removed)."""
    try:
        text = (assets_dir() / "privacy.md").read_text(encoding="utf-8")
    except OSError:
        return ""
    lines = [ln for ln in text.splitlines() if not ln.startswith("# ")]
    return _unwrap("\n".join(lines).replace("**", "")).strip()


def _unwrap(text: str) -> str:
    """Markdown's hard-wrapped lines joined into flowing paragraphs (a dialog wraps them to
    its own width); list items stay one per line, paragraphs a blank line apart."""
    out: list[str] = []
    for line in text.splitlines():
        stripped = line.strip()
        if not stripped:
            out.append("")
        elif out and out[-1] and not stripped.startswith("- "):
            out[-1] += " " + stripped
        else:
            out.append(stripped.replace("- ", "• ", 1) if stripped.startswith("- ") else stripped)
    return "\n".join(out)


def show_about(parent: QWidget) -> QMessageBox:
    box = QMessageBox(QMessageBox.Icon.Information, parent.tr("About Readiness"),
                      parent.tr("Readiness %1\n\nChecks this computer against BACP GPiA 047 "
                                "(Working Online) and keeps a signed checklist. Nothing leaves "
                                "this computer unless you turn that on.")
                      .replace("%1", __version__), QMessageBox.StandardButton.Ok, parent)
    # The full privacy statement ships as assets/privacy.md (also in the installers).
    privacy = privacy_statement()
    if privacy:
        box.setInformativeText(privacy)
    box.setObjectName("about_box")
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.open()
    return box
