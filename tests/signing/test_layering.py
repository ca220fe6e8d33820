"""The layering of readiness.signing (see its package docstring): every import, at the top or
inside a function, points to the same layer or one below, and the verifier never imports the
signer. Read from the source (AST), so a lazy import cannot hide an upward edge."""

from __future__ import annotations

import ast
from pathlib import Path

import readiness.signing as signing_pkg

PACKAGE = Path(signing_pkg.__file__).parent
LAYERS: dict[str, int] = {name: rank for rank, names in enumerate(signing_pkg.LAYERS)
                          for name in names}
SIGNER = set(signing_pkg.LAYERS[4]) | set(signing_pkg.LAYERS[5])
VERIFIER = {"verify", "verify_result", "verify_chain", "verify_pdf", "pdf_text", "pdf_pages",
            "intake", "handover", "allowed_signers"}


def _signing_imports(path: Path) -> set[str]:
    out: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module:
            names = [node.module] + [f"{node.module}.{a.name}" for a in node.names]
        else:
            continue
        for name in names:
            parts = name.split(".")
            if parts[:2] == ["readiness", "signing"] and len(parts) >= 3 \
                    and (PACKAGE / f"{parts[2]}.py").exists():
                out.add(parts[2])
    return out


def _graph() -> dict[str, set[str]]:
    return {p.stem: _signing_imports(p) - {p.stem} for p in PACKAGE.glob("*.py")
            if p.stem != "__init__"}


def test_every_module_has_a_layer() -> None:
    assert set(_graph()) == set(LAYERS)


def test_imports_point_down_only() -> None:
    upward = [f"{mod} (layer {LAYERS[mod]}) imports {dep} (layer {LAYERS[dep]})"
              for mod, deps in _graph().items() for dep in deps if LAYERS[dep] > LAYERS[mod]]
    assert upward == []


def test_the_verifier_does_not_import_the_signer() -> None:
    graph = _graph()
    for mod in VERIFIER:
        assert not graph[mod] & SIGNER, mod


def test_no_import_cycles() -> None:
    graph = _graph()
    done: set[str] = set()

    def visit(mod: str, path: tuple[str, ...]) -> None:
        assert mod not in path, " -> ".join((*path, mod))
        if mod in done:
            return
        for dep in sorted(graph[mod]):
            visit(dep, (*path, mod))
        done.add(mod)

    for mod in sorted(graph):
        visit(mod, ())
