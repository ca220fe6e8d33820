"""Start-up imports only what it uses: ``readiness --version`` and ``readiness check`` never load
the signing stack, PDF libraries, the keychain, HTTP or jsonschema (each costs tens of
milliseconds at every start). Timings live in bench/; this test counts modules, which a busy
machine cannot make flaky."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
HEAVY = ("readiness.signing", "readiness.store", "pyhanko", "pyhanko_certvalidator", "reportlab",
         "pypdf", "asn1crypto", "cryptography", "keyring", "requests", "urllib3",
         "rfc3161_client", "rfc8785", "jsonschema", "referencing", "PySide6")

# Runs main() in a fresh interpreter and prints, after its own output, the heavy modules loaded.
CODE = """
import contextlib, io, json, sys
from readiness.cli.main import main
with contextlib.redirect_stdout(io.StringIO()):
    code = main(json.loads(sys.argv[1]))
heavy = tuple(json.loads(sys.argv[2]))
print(json.dumps([code, sorted(m for m in sys.modules if m.split(".")[0] in heavy
                               or m.startswith(heavy))]))
"""


def _loaded(tmp_path: Path, argv: list[str]) -> tuple[int, list[str]]:
    env = {**os.environ, "READINESS_HOME": str(tmp_path / "home")}
    out = subprocess.run([sys.executable, "-c", CODE, json.dumps(argv), json.dumps(HEAVY)],
                         capture_output=True, text=True, check=True, cwd=ROOT, env=env,
                         timeout=300)
    code, modules = json.loads(out.stdout.strip().splitlines()[-1])
    return int(code), list(modules)


def test_version_imports_nothing_but_the_version(tmp_path: Path) -> None:
    code = ("import sys; from readiness.cli.main import main\n"
            "try: main(['--version'])\n"
            "except SystemExit as exc: assert exc.code == 0\n"
            "print(sorted(m for m in sys.modules if m.startswith('readiness')))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True, cwd=ROOT)
    assert out.stdout.splitlines() == [
        f"readiness {__import__('readiness').__version__}",
        "['readiness', 'readiness.cli', 'readiness.cli.main']"]


@pytest.mark.parametrize("argv", [
    ["check", "--json"],
    ["check"],
    ["check", "--json", "--replay", "{snap}"],
])
def test_a_check_run_loads_no_signing_pdf_network_or_jsonschema(
        tmp_path: Path, argv: list[str]) -> None:
    snap = tmp_path / "snap"
    snap.mkdir()
    (snap / "snapshot.json").write_text(json.dumps(
        {"format": "readiness-snapshot/1", "platform": {"system": "Windows", "release": "11",
                                                        "version": "10.0.26100"}}))
    code, modules = _loaded(tmp_path, [a.format(snap=snap) for a in argv])
    assert code in (0, 1)  # ran to a verdict
    assert modules == []


def test_the_usage_error_of_a_mistyped_command_still_lists_them_all(
        capsys: pytest.CaptureFixture[str]) -> None:
    from readiness.cli.main import main

    with pytest.raises(SystemExit) as exc:
        main(["chek"])
    assert exc.value.code == 2
    assert "invalid choice: 'chek'" in capsys.readouterr().err
