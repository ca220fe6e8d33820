from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


@pytest.fixture(autouse=True)
def readiness_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """Every test gets its own config/data/log folders; nothing touches the real profile."""
    home = tmp_path / "readiness-home"
    monkeypatch.setenv("READINESS_HOME", str(home))
    yield home
