"""Every string on screen is translatable: none is passed to a widget without tr(), Qt's lupdate
finds them all, and a compiled translation is loaded and shown."""

from __future__ import annotations

import ast
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QLocale
from pytestqt.qtbot import QtBot

from readiness.gui.app import install_translations
from readiness.settings import Settings
from tests.gui.conftest import MakeWindow

GUI = Path(__file__).resolve().parents[2] / "readiness" / "gui"

# Calls that put text on screen (or read it to a screen reader).
SHOWS_TEXT = {
    "setText", "setWindowTitle", "setToolTip", "setAccessibleName", "setAccessibleDescription",
    "setPlaceholderText", "addTab", "setTabText", "setTitle", "setSubTitle", "setStatusTip",
    "setWhatsThis", "setFormat", "setSuffix", "setPrefix", "setSpecialValueText", "addMenu",
    "setHeaderLabels", "showMessage", "addRow", "setButtonText", "setInformativeText",
    "setPlainText", "setHtml", "setLabelText", "addItem", "addItems", "insertItem",
    "setNameFilter", "addButton", "QLabel", "QPushButton", "QCheckBox", "QAction",
    "QRadioButton", "QGroupBox", "QToolButton", "QMessageBox", "QListWidgetItem",
}


def tool(name: str) -> str:
    found = shutil.which(name, path=str(Path(sys.executable).parent))
    if found is None:
        pytest.skip(f"{name} is not installed beside this Python (it ships with PySide6)")
    return found


def test_no_on_screen_string_bypasses_tr() -> None:
    bare = []
    for source in sorted(GUI.glob("*.py")):
        for node in ast.walk(ast.parse(source.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", None)
            if name not in SHOWS_TEXT:
                continue
            for arg in node.args:
                if (isinstance(arg, ast.Constant) and isinstance(arg.value, str)
                        and re.search(r"[A-Za-z]{2}", arg.value)):
                    bare.append(f"{source.name}:{node.lineno}: {name}({arg.value!r})")
    assert bare == [], "wrap these in self.tr() or QCoreApplication.translate()"


def extract(tmp_path: Path) -> Path:
    ts = tmp_path / "readiness_fr.ts"
    subprocess.run([tool("pyside6-lupdate"), *map(str, sorted(GUI.glob("*.py"))), "-ts",
                    str(ts)], check=True, capture_output=True, timeout=120)
    return ts


def test_lupdate_finds_the_strings_of_every_screen(tmp_path: Path) -> None:
    root = ET.parse(extract(tmp_path)).getroot()  # noqa: S314 (lupdate output of our code)
    contexts = {c.findtext("name"): [m.findtext("source") for m in c.iter("message")]
                for c in root.iter("context")}
    for screen in ("MainWindow", "CheckPage", "DetailPanel", "HistoryPage", "VerifyPage",
                   "SignDialog", "SettingsDialog", "FirstRunWizard", "QuickWindow", "status",
                   "app"):
        assert contexts.get(screen), screen
    assert "Ready with cautions" in contexts["status"]
    assert sum(len(v) for v in contexts.values()) > 300


def test_a_compiled_translation_is_loaded_and_shown(qtbot: QtBot, tmp_path: Path,
                                                    make_window: MakeWindow,
                                                    handmade_replay: Path) -> None:
    ts = extract(tmp_path)
    tree = ET.parse(ts)  # noqa: S314 (lupdate output of our own code)
    for message in tree.getroot().iter("message"):
        if message.findtext("source") == "&Run checks":
            translation = message.find("translation")
            assert translation is not None
            translation.text = "&Lancer les vérifications"
            translation.attrib.pop("type", None)  # "unfinished" would not be compiled
    tree.write(ts, encoding="utf-8", xml_declaration=True)
    subprocess.run([tool("pyside6-lrelease"), str(ts)], check=True, capture_output=True,
                   timeout=120)
    assert (tmp_path / "readiness_fr.qm").is_file()
    app = QCoreApplication.instance()
    assert app is not None
    installed = install_translations(app, QLocale("fr_FR"), folder=tmp_path)
    try:
        assert installed
        window = make_window(handmade_replay, settings=Settings(first_run_done=True))
        assert window.check_page.run_button.text() == "&Lancer les vérifications"
        # Strings without a translation stay in UK English.
        assert window.tabs.tabText(1) == "Histor&y"
    finally:
        for translator in installed:
            QCoreApplication.removeTranslator(translator)
