"""Loads the packaging scripts by path: ``packaging/`` is not an importable package (it would
shadow the ``packaging`` library)."""

from __future__ import annotations

import importlib.util
from functools import cache
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parents[2]
PACKAGING = ROOT / "packaging"


@cache
def load(relative: str) -> ModuleType:
    path = PACKAGING / relative
    name = "readiness_packaging_" + path.stem
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def metadata() -> ModuleType:
    return load("app_metadata.py")


def rules() -> ModuleType:
    return load("pyinstaller/bundle_rules.py")
