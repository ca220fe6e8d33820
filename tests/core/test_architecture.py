"""Structural rules: the core and checks never import Qt; no shell; registry is explicit."""

from __future__ import annotations

import ast
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _py_files(*dirs: str) -> list[Path]:
    out: list[Path] = []
    for d in dirs:
        out.extend(p for p in (ROOT / d).rglob("*.py") if "gui" not in p.relative_to(ROOT).parts)
    return out


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def test_core_and_checks_never_import_qt() -> None:
    offenders = [
        str(p.relative_to(ROOT))
        for p in _py_files("readiness", "checks")
        if any(n.split(".")[0] in ("PySide6", "shiboken6", "PyQt5", "PyQt6") for n in _imports(p))
    ]
    assert offenders == []


def test_importing_the_core_loads_no_qt() -> None:
    code = (
        "import sys, readiness.engine, readiness.cli.main, checks.registry; "
        "print(any(m.startswith('PySide6') for m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True, cwd=ROOT)
    assert out.stdout.strip() == "False"


def test_ruff_rule_bans_qt_outside_gui(tmp_path: Path) -> None:
    """The lint rule itself fires (not just our AST test)."""
    probe = ROOT / "checks" / "_qt_probe_tmp.py"
    probe.write_text("from PySide6.QtCore import QObject\n\nprint(QObject)\n")
    try:
        res = subprocess.run(
            [sys.executable, "-m", "ruff", "check", "--select", "TID251", str(probe)],
            capture_output=True, text=True, cwd=ROOT,
        )
    finally:
        probe.unlink()
    assert res.returncode != 0 and "TID251" in res.stdout


def test_no_shell_true_anywhere() -> None:
    for p in _py_files("readiness", "checks"):
        tree = ast.parse(p.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.keyword) and node.arg == "shell":
                assert not (isinstance(node.value, ast.Constant) and node.value.value), p


def test_only_the_probe_layer_starts_processes() -> None:
    allowed = {ROOT / "readiness" / "probe" / "real.py"}
    for p in _py_files("readiness", "checks"):
        if p in allowed:
            continue
        names = _imports(p)
        assert "subprocess" not in names, f"{p}: use the probe layer (ctx.run)"


def test_every_subcommand_module_is_listed() -> None:
    from readiness.cli.main import COMMAND_MODULES, commands

    on_disk = {p.stem for p in (ROOT / "readiness" / "cli").glob("*_cmd.py")}
    assert set(COMMAND_MODULES) == on_disk
    assert len({m.NAME for m in commands()}) == len(COMMAND_MODULES)


def test_the_app_launch_path_does_not_load_the_subcommands() -> None:
    """`readiness` with no arguments opens the window: it must not first import the signing,
    PDF and check libraries that only the subcommands need, nor the pages of the window."""
    code = (
        "import sys, readiness.cli.main, readiness.gui.app, readiness.gui.main_window; "
        "heavy = ('readiness.signing', 'readiness.engine', 'checks', 'cryptography', "
        "'pyhanko', 'jsonschema', 'readiness.cli.check_cmd', 'readiness.gui.check_page'); "
        "print(sorted(m for m in sys.modules if m.startswith(heavy)))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True, cwd=ROOT, env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})
    assert out.stdout.strip() == "[]"


# --- checks see the machine only through their context ----------------------------------------

_BANNED_MODULES = ("readiness.paths", "subprocess", "socket", "os", "shutil", "urllib",
                   "http", "requests", "ctypes.util")
_BANNED_CALLS = {"open", "read_text", "read_bytes", "write_text", "write_bytes", "popen",
                 "system", "startfile", "urlopen"}
# Native probes (ctypes/COM/PyObjC) are the real host's own door to the machine: the
# host calls them by name, checks never do, and replay answers them from the snapshot.
_NATIVE = ROOT / "checks" / "native"


def reach_arounds(source: str) -> list[str]:
    """Ways a check module touches the machine other than through ``CheckContext``."""
    found: list[str] = []
    for node in ast.walk(ast.parse(source)):
        modules: list[str] = []
        if isinstance(node, ast.Import):
            modules = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            modules = [base, *(f"{base}.{a.name}" for a in node.names)]
        for m in modules:  # only an import statement (which has a line) names modules
            if any(m == b or m.startswith(b + ".") for b in _BANNED_MODULES):
                found.append(f"line {getattr(node, 'lineno', '?')}: imports {m}")
        if isinstance(node, ast.Call):
            func = node.func
            name = func.id if isinstance(func, ast.Name) else (
                func.attr if isinstance(func, ast.Attribute) else "")
            if name in _BANNED_CALLS:
                found.append(f"line {node.lineno}: calls {name}()")
    return found


def test_checks_reach_the_machine_only_through_their_context() -> None:
    offenders = {
        str(p.relative_to(ROOT)): hits
        for p in sorted((ROOT / "checks").rglob("*.py"))
        if _NATIVE not in p.parents
        and (hits := reach_arounds(p.read_text(encoding="utf-8")))
    }
    assert offenders == {}


def test_native_probes_start_no_processes_and_open_no_files() -> None:
    for p in sorted(_NATIVE.rglob("*.py")):
        hits = [h for h in reach_arounds(p.read_text(encoding="utf-8"))
                if "ctypes" not in h and "imports os" not in h]
        assert hits == [], p


@pytest.mark.parametrize("source", [
    "from readiness.paths import data_dir",
    "import readiness.paths",
    "from readiness import paths",
    "import subprocess",
    "from socket import create_connection",
    "open('/etc/passwd')",
    "from pathlib import Path\nPath('x').read_text()",
    "p.read_bytes()",
    "p.write_text('x')",
    "p.write_bytes(b'x')",
    "import os\nos.system('x')",
])
def test_the_reach_around_rule_fires(source: str) -> None:
    assert reach_arounds(source)


def test_the_reach_around_rule_allows_the_context() -> None:
    assert reach_arounds("def f(ctx):\n    return ctx.read_file('/etc/os-release').text\n") == []


def test_benchmarks_do_not_import_the_tests() -> None:
    """bench/ runs without the test suite (its helpers are not a benchmark's API)."""
    offenders = []
    for path in sorted((ROOT / "bench").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom):
                names = [node.module or ""]
            else:
                continue
            offenders += [f"{path.name}:{node.lineno}: {n}" for n in names
                          if n == "tests" or n.startswith("tests.")]
    assert offenders == []
